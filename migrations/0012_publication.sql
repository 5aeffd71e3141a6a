-- One rule decides what the public may see.
--
-- Before this migration each reader wrote its own test: the project page and
-- the API asked only whether the project was published, the home, /print,
-- open data and the national summaries also asked about its programme, and
-- the participation page and following asked about the project alone. A
-- project published inside a draft programme was then readable on some
-- pages and absent from others. These views are the rule, written once:
-- every public reader (pages, print, JSON API, CSV, statistics and
-- participation pages, open data, notifications and digests) joins them and
-- keeps the rows whose `public` is true; staff readers that see drafts test
-- `public or <drafts>` against the same column, so a draft is still marked
-- as one for them. docs/security.md ("One publication rule") lists the
-- readers.
--
-- - a programme is public when it is published and its collectivity is not
--   disabled;
-- - a project, when it is published and its programme is public;
-- - a consultation, when its programme is public and, if it is a project's,
--   the project is public;
-- - a comment, when its consultation is public and it is not hidden (`shown`
--   is the comment's own part, for a reader that has checked the
--   consultation already: its page, its counts);
-- - an idea, when its collectivity is not disabled and it is not hidden.
--   Ideas are gathered while the programme is being prepared (step 1 of
--   co-preparation, before anything is published), so an idea does not wait
--   for its programme; the project it led to is shown only when that
--   project is public.
--
-- The views are `security_invoker`: whoever reads them is held by the row-
-- level security of the tables underneath (a collectivity's transaction sees
-- its own rows, the national role every collectivity's), exactly as if the
-- joins were written out in the query. They return keys and the verdict
-- only, so that a reader keeps the columns (and the non-null types) of the
-- table it reads. The national summaries of migration 0007 are built from
-- the same rule (the latest published programme, its published projects)
-- and are read only for enabled collectivities.

create view programme_visibility with (security_invoker = true) as
select g.tenant_id, g.id,
       g.published and t.disabled_at is null as public
  from programmes g
  join tenants t on t.id = g.tenant_id;

create view project_visibility with (security_invoker = true) as
select p.tenant_id, p.id, p.programme_id,
       p.published and g.public as public
  from projects p
  join programme_visibility g on g.tenant_id = p.tenant_id and g.id = p.programme_id;

create view consultation_visibility with (security_invoker = true) as
select c.tenant_id, c.id, c.project_id,
       g.public and (c.project_id is null or coalesce(p.public, false)) as public
  from consultations c
  join programme_visibility g on g.tenant_id = c.tenant_id and g.id = c.programme_id
  left join project_visibility p on p.tenant_id = c.tenant_id and p.id = c.project_id;

create view comment_visibility with (security_invoker = true) as
select m.tenant_id, m.id, m.consultation_id,
       -- The comment's own part of the rule, for readers that already know
       -- the consultation may be seen (its page, its counts).
       m.hidden_at is null as shown,
       c.public and m.hidden_at is null as public
  from comments m
  join consultation_visibility c on c.tenant_id = m.tenant_id and c.id = m.consultation_id;

create view idea_visibility with (security_invoker = true) as
select i.tenant_id, i.id,
       i.hidden_at is null and t.disabled_at is null as public,
       coalesce(p.public, false) as project_public
  from ideas i
  join tenants t on t.id = i.tenant_id
  left join project_visibility p on p.tenant_id = i.tenant_id and p.id = i.project_id;

-- The worker reads the rule for follows and digests; the national role for
-- its reports and open data; the application for everything else.
grant select on programme_visibility, project_visibility, consultation_visibility,
                comment_visibility, idea_visibility
   to infitah_app, infitah_national, infitah_worker;

-- The comment form's check, on the rule (it was the one other copy of it).
create or replace function comment_check(p_tenant uuid, p_consultation uuid, p_drafts boolean,
                              p_profile text, p_age_bracket text, p_parent uuid)
returns table (state text, profile_ok boolean, age_ok boolean, parent_ok boolean)
language plpgsql volatile
set search_path = public, pg_temp
as $$
#variable_conflict use_column
begin
    perform set_config('app.tenant_id', p_tenant::text, true);
    return query
    select case when now() < c.opens_at then 'upcoming' when now() < c.closes_at then 'open' else 'closed' end,
           exists (select 1 from catalog_entries e where e.catalog = 'profile' and e.code = p_profile and e.retired_at is null),
           exists (select 1 from catalog_entries e where e.catalog = 'age_bracket' and e.code = p_age_bracket and e.retired_at is null),
           p_parent is null or exists (select 1 from comments r where r.id = p_parent and r.consultation_id = c.id
                                                             and r.parent_id is null and r.hidden_at is null)
      from consultations c
      join consultation_visibility v on v.tenant_id = c.tenant_id and v.id = c.id
     where c.id = p_consultation
       and (p_drafts or v.public);
end
$$;
