-- Co-monitoring and evaluation (stage 3 of the openness process): the
-- collectivity's co-monitoring committee evaluates each published project,
-- per half-year, on the OGP independent-reporting completion scale, with a
-- justification and evidence links.
--
-- Periods are half-years, written 'YYYY-H1' (January–June) and 'YYYY-H2'
-- (July–December): the rhythm of the OGP's own reporting, fine enough to
-- follow a programme of two or three years, and they sort as text.
--
-- Nothing is ever updated or deleted: every evaluation recorded stays, with
-- who recorded it and when. For one project and one period, the latest
-- record is the current one; the earlier ones are its public history.
--
-- The national catalogues (catalog_entries, 0004) also gain here what makes
-- a change to them reach every collectivity's cached pages at once (see the
-- end of this file).

-- Evidence links: https only, no spaces, at most 10 of 2,000 characters each.
create function evaluation_urls_ok(urls text[]) returns boolean
language sql immutable
set search_path = pg_catalog
as $$
    select cardinality(urls) <= 10
       and coalesce(bool_and(u ~ '^https://[^[:space:]]+$' and length(u) <= 2000), true)
      from unnest(urls) u
$$;

create table evaluations (
    tenant_id      uuid not null,
    id             uuid not null,
    project_id     uuid not null,
    period         text not null check (period ~ '^[0-9]{4}-H[12]$'),
    level          text not null
                   check (level in ('no_evidence', 'not_started', 'limited', 'substantial', 'complete')),
    justification  text not null check (length(justification) between 1 and 4000),
    evidence_urls  text[] not null default '{}' check (evaluation_urls_ok(evidence_urls)),
    -- Who recorded it (an account of the collectivity, role committee) and when.
    -- Pages and open data show the role, not the person.
    recorded_by    uuid not null,
    recorded_at    timestamptz not null default clock_timestamp(),
    primary key (tenant_id, id),
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade
);
create index evaluations_by_project on evaluations (tenant_id, project_id, period, recorded_at);
select infitah_enable_tenant_rls('evaluations');
-- A record of the committee's judgement: kept as written.
revoke update, delete on evaluations from infitah_app;

-- The level as a percentage, for comparing with the collectivity's own
-- progress: not started 0, limited 33, substantial 67, complete 100; "no
-- evidence" is no measure at all (null), not 0.
create function evaluation_percent(level text) returns smallint
language sql immutable
set search_path = pg_catalog
as $$
    select case level
        when 'not_started' then 0
        when 'limited' then 33
        when 'substantial' then 67
        when 'complete' then 100
    end::smallint
$$;

-- Per project, its latest evaluation: the latest period evaluated, and in it
-- the latest record. security_invoker: the application sees its own
-- collectivity's rows; the national role (national_read policies) every
-- collectivity's. This is what the national view compares with reported
-- progress ("the gap between reported and evaluated").
create view project_evaluation_latest with (security_invoker = true) as
select distinct on (e.tenant_id, e.project_id)
       e.tenant_id, e.project_id, e.period, e.level,
       evaluation_percent(e.level) as percent,
       e.recorded_at
  from evaluations e
 order by e.tenant_id, e.project_id, e.period desc, e.recorded_at desc, e.id desc;
grant select on project_evaluation_latest to infitah_national;

-- National catalogues: a change must reach every collectivity's pages at
-- once. Their cached pages are keyed by the registry's fingerprint (a digest
-- of every collectivity's row, `updated_at` included) beside their own
-- content version, and every replica reloads the registry when
-- `infitah_registry` is notified (the tenants trigger of 0001). So a change
-- to the catalogues touches the nation's row: one notification, one reload
-- per replica, every cached page of every collectivity misses once. The
-- fingerprint reads `updated_at` in whole seconds, hence the step of at
-- least one second, so that two changes within a second both count.
create function catalog_entries_touch_registry() returns trigger
language plpgsql
security definer
set search_path = public, pg_temp
as $$
begin
    update tenants
       set updated_at = greatest(now(), updated_at + interval '1 second')
     where id = '00000000-0000-0000-0000-000000000001';
    return null;
end
$$;
revoke all on function catalog_entries_touch_registry() from public;
create trigger catalog_entries_touch_registry
    after insert or update on catalog_entries
    for each statement execute function catalog_entries_touch_registry();

-- Per collectivity, for the national view's "gap between reported and
-- evaluated": over the published projects of its current programme that
-- have an evaluation with a measure (not "no evidence"), the mean of their
-- latest evaluation as a percentage beside the mean of the progress the
-- collectivity reports for those same projects, and how many there are.
create view national_evaluation_gap with (security_invoker = true) as
select q.tenant_id,
       count(*)::int as projects_evaluated,
       round(avg(q.progress))::smallint as reported_progress,
       round(avg(l.percent))::smallint as evaluated_progress
  from national_projects q
  join project_evaluation_latest l on l.tenant_id = q.tenant_id and l.project_id = q.project_id
 where l.percent is not null
 group by q.tenant_id;
revoke all on national_evaluation_gap from infitah_app;
grant select on national_evaluation_gap to infitah_national;
