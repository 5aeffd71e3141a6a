-- Citizens own what they wrote: the author of a comment or an idea may edit
-- it (a comment while its consultation is open and no official answer has
-- been given; an idea while it is still "submitted" and unanswered) and may
-- withdraw it at any time. The public then sees "edited" beside the text, or
-- "withdrawn by its author" in the text's place (a withdrawn comment keeps
-- its place in the thread, so that replies keep their context). What was
-- there before stays on record for the moderators only: each edit keeps the
-- replaced text in `contribution_versions`, a withdrawn text stays in its
-- row, and moderation records are untouched. Deleting an account withdraws
-- everything its owner wrote, in the same transaction (the trigger below),
-- whichever service deletes it.

alter table comments
    add column edited_at    timestamptz,
    add column withdrawn_at timestamptz;
alter table ideas
    add column edited_at    timestamptz,
    add column withdrawn_at timestamptz;

-- A comment's own half of the publication rule, kept on the row: neither
-- hidden nor withdrawn. Readers that already know the consultation may be
-- seen (its page, its counts, a workshop's papers) filter on it directly,
-- with no join per comment; `comment_visibility` below is built on it.
alter table comments
    add column shown boolean not null generated always as (hidden_at is null and withdrawn_at is null) stored;

-- The texts an edit replaced, oldest first per item: what a moderator reads
-- when a text changed after it was flagged, or after a reply quoted it.
create table contribution_versions (
    tenant_id   uuid not null,
    id          uuid not null,
    item_kind   text not null check (item_kind in ('comment', 'idea')),
    item_id     uuid not null,
    -- Ideas have a title; comments do not.
    title       text check (length(title) between 1 and 200),
    body        text not null check (length(body) between 1 and 4000),
    -- When this text was written (the item's creation, or the edit before).
    written_at  timestamptz not null,
    replaced_at timestamptz not null default now(),
    primary key (tenant_id, id),
    check ((item_kind = 'idea') = (title is not null))
);
create index contribution_versions_by_item on contribution_versions (tenant_id, item_kind, item_id, replaced_at);
select infitah_enable_tenant_rls('contribution_versions');

-- The publication rule (migration 0012) leaves withdrawn texts out, as it
-- does hidden ones.
create or replace view comment_visibility with (security_invoker = true) as
select m.tenant_id, m.id, m.consultation_id,
       m.shown,
       c.public and m.shown as public
  from comments m
  join consultation_visibility c on c.tenant_id = m.tenant_id and c.id = m.consultation_id;

create or replace view idea_visibility with (security_invoker = true) as
select i.tenant_id, i.id,
       i.hidden_at is null and i.withdrawn_at is null and t.disabled_at is null as public,
       coalesce(p.public, false) as project_public
  from ideas i
  join tenants t on t.id = i.tenant_id
  left join project_visibility p on p.tenant_id = i.tenant_id and p.id = i.project_id;

-- A reply goes under a comment that is shown: neither hidden nor withdrawn.
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
                                                             and r.parent_id is null and r.shown)
      from consultations c
      join consultation_visibility v on v.tenant_id = c.tenant_id and v.id = c.id
     where c.id = p_consultation
       and (p_drafts or v.public);
end
$$;

-- Deleting an account (accounts.deleted_at set) withdraws its comments and
-- ideas in the same statement's transaction. Runs as the deleting role,
-- under its tenant's row-level security, like the write that fired it.
create function accounts_withdraw_contributions() returns trigger
language plpgsql as $$
begin
    update comments set withdrawn_at = now()
     where tenant_id = new.tenant_id and author_id = new.id and withdrawn_at is null;
    update ideas set withdrawn_at = now()
     where tenant_id = new.tenant_id and author_id = new.id and withdrawn_at is null;
    return null;
end
$$;
create trigger accounts_withdraw_contributions
    after update of deleted_at on accounts
    for each row when (old.deleted_at is null and new.deleted_at is not null)
    execute function accounts_withdraw_contributions();
