-- The path of a comment in three round trips instead of twelve (#5, comments
-- accepted per second): the session behind the request, the checks of the
-- post, and its write, each one statement.
--
-- Each function takes the collectivity as its first argument and sets it
-- for its own statement only: called outside any transaction, the statement
-- is its own transaction, and `set_config(..., true)` lasts exactly as long.
-- The functions run as their caller (`infitah_app`), so every table they
-- touch holds them to that collectivity by row-level security, as a tenant
-- transaction would (`infitah_platform::db::TenantCall`).

-- The live session of a cookie's token (what identity's `live_session` and
-- `touch_session` did in a transaction of four round trips): not revoked,
-- within both time-outs, of an account that still exists, with its roles;
-- its last use recorded at most once a minute.
create function session_live(p_tenant uuid, p_token_hash bytea, p_idle_minutes integer)
returns table (id uuid, account_id uuid, display_name text, email text, verified boolean, roles text[])
language plpgsql volatile
set search_path = public, pg_temp
as $$
#variable_conflict use_column
begin
    perform set_config('app.tenant_id', p_tenant::text, true);
    return query
    with live as (
        select s.id, s.account_id, a.display_name, a.email,
               a.email_verified_at is not null as verified,
               coalesce(array(select r.role from account_roles r where r.account_id = a.id order by r.role), '{}') as roles,
               s.last_seen_at < now() - interval '1 minute' as stale
          from sessions s join accounts a on a.id = s.account_id
         where s.token_hash = p_token_hash and s.revoked_at is null and s.expires_at > now()
           and s.last_seen_at > now() - make_interval(mins => p_idle_minutes) and a.deleted_at is null
    ), touched as (
        update sessions s set last_seen_at = now()
          from live where s.id = live.id and live.stale
    )
    select live.id, live.account_id, live.display_name, live.email, live.verified, live.roles from live;
end
$$;

-- What a comment's form is checked against, at once: whether the
-- consultation exists (and may be seen: published, or `p_drafts` for
-- staff), its window now ('upcoming', 'open', 'closed'), whether the profile
-- and the age bracket are entries on offer, and whether the parent (if any)
-- is a visible top-level comment of the same consultation.
create function comment_check(p_tenant uuid, p_consultation uuid, p_drafts boolean,
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
      join programmes pr on pr.id = c.programme_id
      left join projects p on p.id = c.project_id
     where c.id = p_consultation
       and (p_drafts or (pr.published and (c.project_id is null or coalesce(p.published, false))));
end
$$;

-- Each author's latest posts in a collectivity, for the duplicate check:
-- when, and a digest of the text, for the posts of the last minutes (kept
-- short by the throttles: at most 40 an hour). A primary-key lookup whatever
-- the size of `comments` and whatever its statistics say: the same check
-- against `comments` itself was planned, on a table that grew since it was
-- last analysed, as a scan of every comment of the collectivity (4 ms at
-- 11,000 comments, and growing). Its row is also the lock that serialises
-- one author's concurrent posts.
create table comment_authors (
    tenant_id     uuid not null,
    author_id     uuid not null,
    recent_at     timestamptz[] not null default '{}',
    recent_digest bytea[] not null default '{}',
    primary key (tenant_id, author_id),
    foreign key (tenant_id, author_id) references accounts (tenant_id, id) on delete cascade,
    check (cardinality(recent_at) = cardinality(recent_digest))
);
select infitah_enable_tenant_rls('comment_authors');

-- Writes a checked comment unless its author posted the very same text in
-- the last `p_duplicate_minutes` (concurrent posts of one author wait for
-- each other on the author's row, to the end of the statement), or the
-- consultation closed since it was checked. Returns 'ok', 'duplicate' or 'closed'.
create function comment_insert(p_tenant uuid, p_id uuid, p_consultation uuid, p_parent uuid, p_author uuid,
                               p_profile text, p_age_bracket text, p_body text, p_duplicate_minutes integer)
returns text
language plpgsql volatile
set search_path = public, pg_temp
as $$
declare
    v_digest bytea := sha256(convert_to(p_body, 'UTF8'));
    v_since timestamptz := now() - make_interval(mins => p_duplicate_minutes);
    v_at timestamptz[];
    v_digests bytea[];
begin
    perform set_config('app.tenant_id', p_tenant::text, true);
    -- The author's row, locked (after any concurrent post of theirs commits).
    insert into comment_authors as a (tenant_id, author_id) values (p_tenant, p_author)
        on conflict (tenant_id, author_id) do update set recent_at = a.recent_at
        returning a.recent_at, a.recent_digest into v_at, v_digests;
    if not exists (select 1 from consultations c where c.id = p_consultation
                     and now() >= c.opens_at and now() < c.closes_at) then
        return 'closed';
    end if;
    if exists (select 1 from unnest(v_at, v_digests) r(at, d) where r.at > v_since and r.d = v_digest) then
        return 'duplicate';
    end if;
    insert into comments (tenant_id, id, consultation_id, parent_id, author_id, profile, age_bracket, body)
    values (p_tenant, p_id, p_consultation, p_parent, p_author, p_profile, p_age_bracket, p_body);
    update comment_authors a
       set (recent_at, recent_digest) = (
           select coalesce(array_agg(k.at order by k.at), '{}'), coalesce(array_agg(k.d order by k.at), '{}')
             from (select r.at, r.d from unnest(v_at, v_digests) r(at, d) where r.at > v_since
                   union all select now(), v_digest) k)
     where a.tenant_id = p_tenant and a.author_id = p_author;
    return 'ok';
end
$$;

-- The posts of the last hour before this migration, so that the duplicate
-- check knows them (each collectivity in turn: the owner running the
-- migration is held by row-level security to the one set).
do $$
declare
    t uuid;
begin
    for t in select id from tenants loop
        perform set_config('app.tenant_id', t::text, true);
        insert into comment_authors (tenant_id, author_id, recent_at, recent_digest)
        select c.tenant_id, c.author_id,
               array_agg(c.created_at order by c.created_at),
               array_agg(sha256(convert_to(c.body, 'UTF8')) order by c.created_at)
          from comments c
         where c.author_id is not null and c.created_at > now() - interval '1 hour'
         group by c.tenant_id, c.author_id;
    end loop;
    perform set_config('app.tenant_id', '', true);
end
$$;
