-- The first tenant-scoped tables: a collectivity's openness action programme
-- and its projects. The plans service grows them; the shape is the recipe:
-- tenant_id first in every key, composite foreign keys (foreign-key checks
-- bypass RLS, so a row of one collectivity can only reference its own rows).

create table programmes (
    tenant_id    uuid not null references tenants (id),
    id           uuid not null,
    period_start smallint not null check (period_start between 2000 and 2100),
    period_end   smallint not null check (period_end between 2000 and 2100),
    created_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, period_start),
    check (period_end >= period_start)
);
select infitah_enable_tenant_rls('programmes');

create table projects (
    tenant_id    uuid not null,
    id           uuid not null,
    programme_id uuid not null,
    position     integer not null default 0,
    title_ar     text check (length(title_ar) between 1 and 300),
    title_fr     text check (length(title_fr) between 1 and 300),
    published    boolean not null default false,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, programme_id) references programmes (tenant_id, id) on delete cascade,
    check (title_ar is not null or title_fr is not null)
);
create index projects_by_programme on projects (tenant_id, programme_id, position);
select infitah_enable_tenant_rls('projects');
