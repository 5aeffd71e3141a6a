-- The collectivity registry and the row-level-security recipe.
-- Runs as infitah_owner (see `infitah migrate`); the roles already exist.

-- What the application may do with the owner's future tables: read and write
-- rows (row-level security decides which), never alter or own them.
-- The national role reads only.
alter default privileges for role infitah_owner in schema public
    grant select, insert, update, delete on tables to infitah_app;
alter default privileges for role infitah_owner in schema public
    grant usage, select on sequences to infitah_app;
alter default privileges for role infitah_owner in schema public
    grant select on tables to infitah_national;

-- The recipe every tenant-scoped table follows: RLS enabled *and* forced (so
-- that even the owner is held by it), one policy for the collectivity set in
-- the current transaction, and a read-only policy for the national role.
-- With no tenant set, the setting is '' or NULL, nullif makes it NULL, and
-- every comparison is false: the table reads empty, without an error.
create function infitah_enable_tenant_rls(t regclass) returns void
language plpgsql as $$
begin
    execute format('alter table %s enable row level security', t);
    execute format('alter table %s force row level security', t);
    execute format($p$create policy tenant_isolation on %s
                       using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
                       with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
    execute format('create policy national_read on %s for select to infitah_national using (true)', t);
end
$$;
revoke all on function infitah_enable_tenant_rls(regclass) from public;

-- Collectivities: regions, provinces/prefectures and communes, and the
-- nation itself (one row, the national space on the base domain, so that
-- national managers' accounts live under row-level security like every
-- other collectivity's). This is
-- platform-level data, public by nature, read before any tenant is known
-- (to resolve a Host header) and written only by the operator's commands.
create table tenants (
    id            uuid primary key,
    slug          text not null unique
                  check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 63),
    kind          text not null
                  constraint tenants_kind check (kind in ('nation', 'region', 'province', 'prefecture', 'commune')),
    parent_id     uuid references tenants (id),
    hcp_code      text unique check (hcp_code ~ '^[0-9]{2}(\.[0-9]{3}(\.[0-9]{2}\.[0-9]{1,2})?)?$'),
    name_ar       text not null check (length(name_ar) between 1 and 200),
    name_fr       text not null check (length(name_fr) between 1 and 200),
    name_en       text check (length(name_en) between 1 and 200),
    languages     text[] not null default '{ar,fr}'
                  check (cardinality(languages) between 1 and 3 and languages <@ '{ar,fr,en}'),
    time_zone     text not null default 'Africa/Casablanca',
    primary_color text not null default '#0b6e4f' check (primary_color ~ '^#[0-9a-f]{6}$'),
    logo          bytea check (length(logo) <= 262144),
    logo_type     text check (logo_type in ('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml')),
    population    integer check (population >= 0),
    disabled_at   timestamptz,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    constraint tenants_logo_pair check ((logo is null) = (logo_type is null)),
    constraint tenants_top_level check ((kind in ('nation', 'region')) = (parent_id is null))
);
create unique index tenants_one_nation on tenants (kind) where kind = 'nation';
create index tenants_parent on tenants (parent_id);

-- The level above must be of the right kind: commune → province/prefecture → region.
create function tenants_check_parent() returns trigger
language plpgsql as $$
declare parent_kind text;
begin
    if new.parent_id is not null then
        select kind into parent_kind from tenants where id = new.parent_id;
        if not (   (new.kind = 'commune' and parent_kind in ('province', 'prefecture'))
                or (new.kind in ('province', 'prefecture') and parent_kind = 'region')) then
            raise exception 'a % cannot sit in a %', new.kind, coalesce(parent_kind, 'missing parent')
                using errcode = 'check_violation', constraint = 'tenants_parent_kind';
        end if;
    end if;
    return new;
end
$$;
create trigger tenants_check_parent before insert or update of kind, parent_id on tenants
    for each row execute function tenants_check_parent();

-- Custom host names of a collectivity (its <slug>.<base domain> is implicit,
-- so the base domain can change per environment). A host belongs to one
-- collectivity only. Like `tenants`, this is registry data, public and read
-- before any tenant is known: it has no tenant_id, on purpose.
create table tenant_hosts (
    host           text primary key
                   check (host ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$'
                          and length(host) <= 253),
    collectivity_id uuid not null references tenants (id) on delete cascade
);
create index tenant_hosts_collectivity on tenant_hosts (collectivity_id);

-- The registry is public: everyone reads it; only the owner writes it.
-- These two are the only tables without a tenant_id (`serve` checks that).
alter table tenants enable row level security;
create policy registry_read on tenants for select using (true);
create policy registry_owner on tenants for all to infitah_owner using (true) with check (true);
alter table tenant_hosts enable row level security;
create policy registry_read on tenant_hosts for select using (true);
create policy registry_owner on tenant_hosts for all to infitah_owner using (true) with check (true);
revoke insert, update, delete on tenants, tenant_hosts from infitah_app;

-- Every replica keeps the registry in memory; this tells them to reload it.
-- One notification per transaction (identical payloads are folded).
create function tenants_notify() returns trigger
language plpgsql as $$
begin
    perform pg_notify('infitah_registry', '');
    return null;
end
$$;
create trigger tenants_notify after insert or update or delete on tenants
    for each statement execute function tenants_notify();
create trigger tenant_hosts_notify after insert or update or delete on tenant_hosts
    for each statement execute function tenants_notify();

-- The nation: a fixed id, so every environment agrees on it.
insert into tenants (id, slug, kind, name_ar, name_fr, name_en, languages)
values ('00000000-0000-0000-0000-000000000001', 'national', 'nation', 'المغرب', 'Maroc', 'Morocco', '{ar,fr,en}');
