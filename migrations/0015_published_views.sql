-- What a service publishes for the others to read, so that no service
-- queries another's tables (docs/architecture.md, "Who owns what"). Like
-- the publication rule's views (0012) they are `security_invoker`: the
-- reader is held by the row-level security of the tables beneath, so a
-- collectivity's transaction sees its own rows only.

-- identity: the name an account shows under what it wrote or did; a deleted
-- account has none (its rows keep their place, unsigned).
create view account_names with (security_invoker = true) as
    select tenant_id, id, display_name
      from accounts
     where deleted_at is null;

-- identity: whom mail may reach — a live account with a verified address.
create view mail_recipients with (security_invoker = true) as
    select tenant_id, id, email, lang, display_name
      from accounts
     where deleted_at is null and email_verified_at is not null;

-- plans: the programmes and projects other services name — what citizens
-- follow, what a consultation is about — with their titles, their
-- programme, and whether the public sees them (the rule of 0012).
create view plan_subjects with (security_invoker = true) as
    select p.tenant_id, 'project'::text as kind, p.id, p.programme_id, p.title_ar, p.title_fr, v.public
      from projects p
      join project_visibility v on v.tenant_id = p.tenant_id and v.id = p.id
    union all
    select g.tenant_id, 'programme'::text, g.id, g.id, g.title_ar, g.title_fr, v.public
      from programmes g
      join programme_visibility v on v.tenant_id = g.tenant_id and v.id = g.id;

-- consultation: the consultations the public sees, with their window (what
-- the notifications' scan announces).
create view public_consultations with (security_invoker = true) as
    select c.tenant_id, c.id, c.programme_id, c.project_id, c.title_ar, c.title_fr, c.opens_at, c.closes_at
      from consultations c
      join consultation_visibility v on v.tenant_id = c.tenant_id and v.id = c.id
     where v.public;

grant select on account_names, mail_recipients, plan_subjects, public_consultations
   to infitah_app, infitah_national, infitah_worker;
