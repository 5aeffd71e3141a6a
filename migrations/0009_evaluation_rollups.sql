-- The national view's comparison of what collectivities report with what
-- their co-monitoring committees evaluate, kept in the roll-ups; and the
-- national_collectivities view read at half its former cost.
--
-- `national_programmes.evaluated_progress` (0007) was meant to hold the
-- committee's view of a programme; it is now filled, with the two figures
-- that make it comparable: how many of the programme's published projects
-- have a current evaluation with a measure, and the mean progress the
-- collectivity reports for those same projects. The arithmetic is that of
-- `national_evaluation_gap` (0008), which stays as the plain definition the
-- tests compare these columns with: per project its latest evaluation (the
-- latest period, in it the latest record); "no evidence" is no measure and
-- leaves the project out; means rounded.
--
-- They change when an evaluation is recorded (a trigger on evaluations) and
-- whenever national_refresh rebuilds a collectivity's summary (it deletes
-- and re-inserts national_projects, whose insert trigger recomputes them),
-- so reported progress and evaluations never drift apart.

alter table national_programmes
    add column evaluated_projects integer not null default 0,
    add column evaluated_reported smallint check (evaluated_reported between 0 and 100);

create function national_evaluated_refresh(p_tenants uuid[]) returns void
language sql
set search_path = public, pg_temp
as $$
    update national_programmes n
       set evaluated_projects = coalesce(g.projects, 0),
           evaluated_reported = g.reported,
           evaluated_progress = g.evaluated
      from (select t.id as tenant_id, s.projects, s.reported, s.evaluated
              from unnest(p_tenants) as t(id)
              cross join lateral (
                  select count(*)::int as projects,
                         round(avg(q.progress))::smallint as reported,
                         round(avg(l.percent))::smallint as evaluated
                    from national_projects q
                    cross join lateral (
                        select evaluation_percent(e.level) as percent
                          from evaluations e
                         where e.tenant_id = q.tenant_id and e.project_id = q.project_id
                         order by e.period desc, e.recorded_at desc, e.id desc
                         limit 1) l
                   where q.tenant_id = t.id and l.percent is not null) s) g
     where n.tenant_id = g.tenant_id
$$;

create function national_evaluated_new_rows() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
    if TG_TABLE_NAME = 'national_projects'
       or coalesce(current_setting('infitah.national_bulk', true), '') <> 'on' then
        perform national_evaluated_refresh(array(select distinct tenant_id from new_rows));
    end if;
    return null;
end
$$;

-- An evaluation recorded (evaluations are never updated or deleted; a bulk
-- load leaves it to the national_refresh that ends it).
create trigger national_evaluated_after_insert after insert on evaluations
    referencing new table as new_rows
    for each statement execute function national_evaluated_new_rows();
-- A summary rebuilt: national_refresh inserts the projects after the programme row.
create trigger national_evaluated_after_insert after insert on national_projects
    referencing new table as new_rows
    for each statement execute function national_evaluated_new_rows();

-- The collectivities evaluated before this migration, each in turn: the
-- migration runs as the owner, whom row-level security holds to the
-- collectivity set for the transaction.
do $$
declare
    t uuid;
begin
    for t in select id from tenants loop
        perform set_config('app.tenant_id', t::text, true);
        perform national_evaluated_refresh(array[t]);
    end loop;
    perform set_config('app.tenant_id', '', true);
end
$$;

-- The view of 0007 with the evaluation figures at its end, and what is late
-- this month read once per row instead of once per use (measured at national
-- scale: half the view's cost).
create or replace view national_collectivities with (security_invoker = true) as
with zones as (
    -- This month in each time zone in use, worked out once per zone.
    select z.time_zone, date_trunc('month', z.local)::date as this_month,
           extract(year from z.local)::int * 12 + extract(month from z.local)::int - 1 as this_index
      from (select time_zone, now() at time zone time_zone as local
              from (select distinct time_zone from tenants) d) z
)
select t.id as tenant_id, t.slug, t.kind, t.parent_id, t.hcp_code, t.name_ar, t.name_fr, t.name_en, t.population,
       case t.kind when 'region' then t.id when 'commune' then up.parent_id else t.parent_id end as region_id,
       case when t.kind in ('province', 'prefecture') then t.id when t.kind = 'commune' then t.parent_id end as province_id,
       f.tenant_id is not null as has_programme,
       f.programme_id, f.period_start, f.period_end, f.progress, f.evaluated_progress,
       coalesce(f.projects, 0) as projects,
       coalesce(f.activities, 0) as activities,
       coalesce(f.activities_done, 0) as activities_done,
       coalesce(late.activities, 0) as activities_late,
       coalesce(f.projects_done, 0) as projects_done,
       coalesce(late.projects, 0) as projects_late,
       coalesce(f.projects_open_started, 0) - coalesce(late.started, 0) as projects_in_progress,
       coalesce(f.projects - f.projects_done - f.projects_open_started, 0)
         - (coalesce(late.projects, 0) - coalesce(late.started, 0)) as projects_not_started,
       f.stage, f.stage_since, f.last_progress_at, f.programme_created, zones.this_month,
       coalesce(f.pillar_codes, '{}') as pillar_codes, coalesce(f.pillar_projects, '{}') as pillar_projects,
       coalesce(f.evaluated_projects, 0) as evaluated_projects, f.evaluated_reported
  from tenants t
  join zones on zones.time_zone = t.time_zone
  left join tenants up on up.id = t.parent_id
  left join national_programmes f on f.tenant_id = t.id
  -- What is late this month: the element of the cumulative counts for it, read
  -- once per row ("offset 0" keeps the planner from repeating the arithmetic
  -- in every use; measured: half the cost of this view).
  left join lateral (
      select f.late_activities[x.i] as activities, f.late_projects[x.i] as projects, f.late_started[x.i] as started
        from (select least(cardinality(f.late_activities), greatest(0, zones.this_index - f.month0_index) + 1) as i
              offset 0) x
  ) late on true
 where t.kind <> 'nation' and t.disabled_at is null;
