-- What law 09-08 asks of a site that collects personal data (#14 §2): every
-- collectivity publishes its terms of use, personal-data notice, legal
-- notice, accessibility statement and contact page. The texts come from
-- national templates shipped with the code (services/identity/legal); a
-- collectivity fills in its details (controller's address, desk, CNDP
-- reference…) and may replace a template by its own text, per language.
-- Each person's acceptance names the version of the terms they accepted,
-- and a new version asks everyone again.

-- The facts the templates need: one row per collectivity, absent = not yet
-- filled (the pages then say what is missing, never invent it).
create table legal_details (
    tenant_id  uuid not null references tenants (id),
    address    text check (length(address) between 1 and 300),
    email      text check (length(email) between 3 and 254 and email = lower(email)),
    phone      text check (length(phone) between 3 and 40),
    publisher  text check (length(publisher) between 1 and 200),
    hosting    text check (length(hosting) between 1 and 300),
    -- The collectivity's declaration or authorisation number at the CNDP.
    cndp       text check (length(cndp) between 1 and 100),
    updated_at timestamptz not null default now(),
    updated_by uuid,
    primary key (tenant_id)
);
select infitah_enable_tenant_rls('legal_details');

-- A collectivity's own text of a page in one language, instead of the
-- national template (CommonMark, rendered without raw HTML).
create table legal_texts (
    tenant_id  uuid not null references tenants (id),
    kind       text not null check (kind in ('terms', 'privacy', 'legal-notice', 'accessibility', 'contact')),
    lang       text not null check (lang in ('ar', 'fr', 'en')),
    body       text not null check (length(body) between 1 and 40000),
    updated_at timestamptz not null default now(),
    updated_by uuid,
    primary key (tenant_id, kind, lang)
);
select infitah_enable_tenant_rls('legal_texts');

-- The versions of what a person accepts at sign-up (the terms of use and
-- the personal-data notice, together). Version 1 is implicit: the national
-- templates as first shipped. A row is written whenever either text changes
-- in substance, so the current version is max(version), or 1.
create table terms_versions (
    tenant_id    uuid not null references tenants (id),
    version      integer not null check (version >= 2),
    published_at timestamptz not null default now(),
    published_by uuid,
    -- What changed, in the words of the admin who changed it (shown to people asked again).
    summary      text check (length(summary) between 1 and 500),
    primary key (tenant_id, version)
);
select infitah_enable_tenant_rls('terms_versions');

-- Which version each person accepted, and when (terms_accepted_at already
-- exists). Accounts from before this migration accepted version 1. Accounts
-- that never signed up (staff and managers created by an operator or
-- invited) hold none and are not asked: they work under their mandate.
alter table accounts add column terms_version integer check (terms_version >= 1);
update accounts set terms_version = 1 where terms_accepted_at is not null;

-- The live session also says whether the account has accepted the current
-- version of the terms, so that every page can ask without one more round trip.
drop function session_live(uuid, bytea, integer);
create function session_live(p_tenant uuid, p_token_hash bytea, p_idle_minutes integer)
returns table (id uuid, account_id uuid, display_name text, email text, verified boolean, roles text[],
               terms_due boolean)
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
               coalesce(a.terms_version < (select max(v.version) from terms_versions v), false) as terms_due,
               s.last_seen_at < now() - interval '1 minute' as stale
          from sessions s join accounts a on a.id = s.account_id
         where s.token_hash = p_token_hash and s.revoked_at is null and s.expires_at > now()
           and s.last_seen_at > now() - make_interval(mins => p_idle_minutes) and a.deleted_at is null
    ), touched as (
        update sessions s set last_seen_at = now()
          from live where s.id = live.id and live.stale
    )
    select live.id, live.account_id, live.display_name, live.email, live.verified, live.roles, live.terms_due from live;
end
$$;

-- What the personal-data notice promises about keeping (services/identity/
-- legal/privacy.*.md, "retention"): the security log 12 months, sessions and
-- one-time links 30 days after they ended, the record of an e-mail 90 days
-- after it was sent (or given up). The mail worker runs this once an hour;
-- it runs as the owner, one collectivity at a time under the same
-- tenant_isolation policies as everything else, and says how many rows went.
create function infitah_retention() returns bigint
language plpgsql
security definer
set search_path = public, pg_temp
as $$
declare
    t uuid;
    n bigint;
    total bigint := 0;
begin
    for t in select id from tenants loop
        perform set_config('app.tenant_id', t::text, true);
        delete from security_events e where e.at < now() - interval '12 months';
        get diagnostics n = row_count; total := total + n;
        delete from sessions s where coalesce(s.revoked_at, s.expires_at) < now() - interval '30 days';
        get diagnostics n = row_count; total := total + n;
        delete from account_tokens k where coalesce(k.used_at, k.expires_at) < now() - interval '30 days';
        get diagnostics n = row_count; total := total + n;
        delete from outbox o where o.status <> 'pending' and coalesce(o.sent_at, o.created_at) < now() - interval '90 days';
        get diagnostics n = row_count; total := total + n;
    end loop;
    perform set_config('app.tenant_id', '', true);
    return total;
end
$$;
revoke all on function infitah_retention() from public;
grant execute on function infitah_retention() to infitah_worker;
