-- The national view's roll-ups: what each collectivity's published
-- programme amounts to, kept up to date by the database itself.
--
-- Every write to a programme (its stages, projects, pillars, activities,
-- progress history) recomputes, in the same transaction, the summary of the
-- collectivity it touched: one row per collectivity with a published
-- programme (`national_programmes`), one per published project
-- (`national_projects`), the end months of unfinished activities
-- (`national_open_activities`, so that "late" is worked out at read time,
-- when the month is known) and the programme's progress at the end of each
-- month of its period, from the public history (`national_months`). The
-- national space then reads ~1,600 summary rows instead of tens of thousands
-- of activities and progress events; docs/architecture.md ("The national
-- roll-ups") has the measurements behind this choice.
--
-- The summaries are tenant-scoped tables like any other (tenant_id first in
-- every key, RLS enabled and forced): the triggers run as the writer, inside
-- its tenant transaction, and write that collectivity's rows only. The
-- national role reads every collectivity through the `national_read` SELECT
-- policies of the recipe; it can write nothing. Only published data enters:
-- the latest published programme (as the collectivity's own page shows it)
-- and its published projects. Drafts never reach a summary.
--
-- The arithmetic is plans' (services/plans/src/model.rs): a project's
-- progress is its activities' completion weighted by their months, rounded;
-- a programme's is the plain mean of its published projects' progress,
-- rounded; no activity, or no project, means 0. The current stage is the
-- last one (in process order) that has actually started.

-- The summaries are derived rows, rebuilt whole by national_refresh for the
-- collectivities a statement touched: they carry no foreign keys (nothing
-- references them, and what they summarise is re-read on every change).

-- One row per collectivity whose latest published programme exists.
create table national_programmes (
    tenant_id          uuid not null,
    programme_id       uuid not null,
    period_start       smallint not null,
    period_end         smallint not null,
    programme_created  timestamptz not null,
    progress           smallint not null check (progress between 0 and 100),
    projects           integer not null,
    activities         integer not null,
    activities_done    integer not null,
    projects_done      integer not null default 0,
    -- Projects not done whose work has begun (in progress, or late).
    projects_open_started integer not null default 0,
    -- What is late depends on the month it is read in. From month0 on, the
    -- k-th element (1-based) of each array counts what would be late in
    -- month0 + k - 1 months: unfinished activities ending before it, projects
    -- not done with an activity ending before it, and those of them already
    -- begun. Past the end, the last element holds (national_collectivities reads them).
    month0             date,
    -- month0 as a count of months (year × 12 + month − 1), to index the arrays cheaply.
    month0_index       integer,
    late_activities    integer[],
    late_projects      integer[],
    late_started       integer[],
    -- Published projects per pillar (national_pillars, folded into the row).
    pillar_codes       text[] not null default '{}',
    pillar_projects    integer[] not null default '{}',
    -- The current stage of the openness process and when it actually started (null: none yet).
    stage              text,
    stage_since        date,
    -- The latest change of progress on its published projects (null: none ever).
    last_progress_at   timestamptz,
    -- What the co-monitoring committee evaluated (stage 3): filled by the
    -- evaluations when they exist; null means "not evaluated".
    evaluated_progress smallint check (evaluated_progress between 0 and 100),
    primary key (tenant_id)
);
select infitah_enable_tenant_rls('national_programmes');

-- One row per published project of a collectivity's current programme.
create table national_projects (
    tenant_id       uuid not null,
    project_id      uuid not null,
    programme_id    uuid not null,
    progress        smallint not null check (progress between 0 and 100),
    activities      integer not null,
    activities_done integer not null,
    -- Some activity has begun (plans: "in progress" unless done or late).
    started         boolean not null,
    -- The earliest end month of an unfinished activity: the project is late once that month is over.
    first_open_end  date,
    pillars         text[] not null,
    primary key (tenant_id, project_id)
);
select infitah_enable_tenant_rls('national_projects');

-- Published projects per pillar.
create table national_pillars (
    tenant_id uuid not null,
    pillar    text not null,
    projects  integer not null,
    primary key (tenant_id, pillar)
);
select infitah_enable_tenant_rls('national_pillars');

-- Unfinished activities of the published projects, counted by end month:
-- those whose month is over are late (worked out when read).
create table national_open_activities (
    tenant_id  uuid not null,
    end_month  date not null,
    activities integer not null,
    primary key (tenant_id, end_month)
);
select infitah_enable_tenant_rls('national_open_activities');

-- The programme's progress at the end of each month of its period, as its
-- public history says the activities stood then (the current month and
-- later: as they stand now): one row per collectivity, the months in order
-- from the first of its period (compact: the national line reads ~1,500
-- rows, not ~55,000).
create table national_months (
    tenant_id   uuid not null,
    first_month date not null check (extract(day from first_month) = 1),
    progress    smallint[] not null,
    primary key (tenant_id)
);
select infitah_enable_tenant_rls('national_months');

-- Recomputes the summaries of the given collectivities, set-based. Runs as
-- its caller: under row-level security it sees, and writes, only the rows
-- of the collectivity of the transaction (or all of them for a role that
-- bypasses RLS); other ids in the array are then simply not found.
create function national_refresh(p_tenants uuid[]) returns void
language plpgsql
set search_path = public, pg_temp
set work_mem = '64MB'
set plan_cache_mode = force_custom_plan
set enable_nestloop = on
as $$
begin
    if p_tenants is null or cardinality(p_tenants) = 0 then
        return;
    end if;
    -- One collectivity (a trigger) is best served by index lookups; many (a
    -- bulk load, a full recomputation) by hash joins, whatever the planner
    -- guesses of the intermediate results. The function's own SET clause
    -- puts the setting back on return.
    if cardinality(p_tenants) > 20 then
        perform set_config('enable_nestloop', 'off', true);
    end if;
    delete from national_months where tenant_id = any (p_tenants);
    delete from national_pillars where tenant_id = any (p_tenants);
    delete from national_open_activities where tenant_id = any (p_tenants);
    delete from national_projects where tenant_id = any (p_tenants);
    delete from national_programmes where tenant_id = any (p_tenants);

    -- The current programme: the latest published period (plans' current_programme).
    insert into national_programmes
        (tenant_id, programme_id, period_start, period_end, programme_created,
         progress, projects, activities, activities_done, stage, stage_since)
    select distinct on (g.tenant_id)
           g.tenant_id, g.id, g.period_start, g.period_end, g.created_at, 0, 0, 0, 0, st.stage, st.actual_start
      from programmes g
      left join lateral (
          select s.stage, s.actual_start
            from programme_stages s
           where s.tenant_id = g.tenant_id and s.programme_id = g.id and s.actual_start is not null
           order by array_position(array['axes', 'workshops', 'consultation', 'approval', 'implementation', 'monitoring'], s.stage) desc
           limit 1
      ) st on true
     where g.tenant_id = any (p_tenants) and g.published
     order by g.tenant_id, g.period_start desc;

    insert into national_projects
        (tenant_id, project_id, programme_id, progress, activities, activities_done, started, first_open_end, pillars)
    select p.tenant_id, p.id, p.programme_id,
           coalesce(round(sum(a.completion * w.months)::numeric / nullif(sum(w.months), 0)), 0)::smallint,
           count(a.id)::int,
           (count(a.id) filter (where a.completion = 100))::int,
           coalesce(bool_or(a.completion > 0), false),
           min(a.end_month) filter (where a.completion < 100),
           coalesce((select array_agg(pp.pillar order by pp.pillar)
                       from project_pillars pp
                      where pp.tenant_id = p.tenant_id and pp.project_id = p.id), '{}')
      from national_programmes np
      join projects p on p.tenant_id = np.tenant_id and p.programme_id = np.programme_id and p.published
      left join activities a on a.tenant_id = p.tenant_id and a.project_id = p.id and a.tenant_id = any (p_tenants)
      left join lateral (
          select greatest(1, (extract(year from a.end_month)::int - extract(year from a.start_month)::int) * 12
                             + extract(month from a.end_month)::int - extract(month from a.start_month)::int + 1) as months
      ) w on true
     where np.tenant_id = any (p_tenants) and p.tenant_id = any (p_tenants)
     group by p.tenant_id, p.id, p.programme_id;

    update national_programmes np
       set progress = x.progress,
           projects = x.projects,
           activities = x.activities,
           activities_done = x.activities_done,
           projects_done = x.done,
           projects_open_started = x.open_started,
           last_progress_at = x.last_at
      from (select n.tenant_id,
                   coalesce(round(avg(q.progress)), 0)::smallint as progress,
                   count(q.project_id)::int as projects,
                   coalesce(sum(q.activities), 0)::int as activities,
                   coalesce(sum(q.activities_done), 0)::int as activities_done,
                   (count(*) filter (where q.activities > 0 and q.activities_done = q.activities))::int as done,
                   (count(*) filter (where q.started and not (q.activities > 0 and q.activities_done = q.activities)))::int as open_started,
                   (select max(e.at)
                      from progress_events e
                      join national_projects q2 on q2.tenant_id = e.tenant_id and q2.project_id = e.project_id
                     where e.tenant_id = n.tenant_id) as last_at
              from national_programmes n
              left join national_projects q on q.tenant_id = n.tenant_id
             where n.tenant_id = any (p_tenants)
             group by n.tenant_id) x
     where np.tenant_id = x.tenant_id;

    insert into national_pillars (tenant_id, pillar, projects)
    select q.tenant_id, p.pillar, count(*)::int
      from national_projects q
     cross join lateral unnest(q.pillars) as p(pillar)
     where q.tenant_id = any (p_tenants)
     group by q.tenant_id, p.pillar;

    update national_programmes np
       set pillar_codes = x.codes, pillar_projects = x.counts
      from (select tenant_id, array_agg(pillar order by pillar) as codes, array_agg(projects order by pillar) as counts
              from national_pillars
             where tenant_id = any (p_tenants)
             group by tenant_id) x
     where np.tenant_id = x.tenant_id;

    insert into national_open_activities (tenant_id, end_month, activities)
    select a.tenant_id, a.end_month, count(*)::int
      from national_projects q
      join activities a on a.tenant_id = q.tenant_id and a.project_id = q.project_id
     where q.tenant_id = any (p_tenants) and a.tenant_id = any (p_tenants) and a.completion < 100
     group by a.tenant_id, a.end_month;

    -- The cumulative counts behind "late" (see the columns' comment).
    update national_programmes np
       set month0 = c.month0,
           month0_index = extract(year from c.month0)::int * 12 + extract(month from c.month0)::int - 1,
           late_activities = c.acts, late_projects = c.projs, late_started = c.started
      from (
        with ends as (
            select o.tenant_id, o.end_month as m, o.activities as acts, 0 as projs, 0 as started
              from national_open_activities o
             where o.tenant_id = any (p_tenants)
            union all
            select q.tenant_id, q.first_open_end, 0, 1, case when q.started then 1 else 0 end
              from national_projects q
             where q.tenant_id = any (p_tenants) and q.first_open_end is not null
        ), per_month as (
            select tenant_id, m, sum(acts) as acts, sum(projs) as projs, sum(started) as started
              from ends group by tenant_id, m
        ), span as (
            select tenant_id, min(m) as month0,
                   (extract(year from max(m))::int - extract(year from min(m))::int) * 12
                     + extract(month from max(m))::int - extract(month from min(m))::int as last_k
              from per_month group by tenant_id
        ), grid as (
            -- k: what is late in month0 + k counts what ends in month0 + k - 1 and before.
            select s.tenant_id, s.month0, k, (s.month0 + (k - 1) * interval '1 month')::date as ending
              from span s cross join lateral generate_series(0, s.last_k + 1) as k
        ), running as (
            select g.tenant_id, g.month0, g.k,
                   sum(coalesce(p.acts, 0)) over w as acts,
                   sum(coalesce(p.projs, 0)) over w as projs,
                   sum(coalesce(p.started, 0)) over w as started
              from grid g
              left join per_month p on p.tenant_id = g.tenant_id and p.m = g.ending
            window w as (partition by g.tenant_id order by g.k)
        )
        select tenant_id, min(month0) as month0,
               array_agg(acts::int order by k) as acts,
               array_agg(projs::int order by k) as projs,
               array_agg(started::int order by k) as started
          from running
         group by tenant_id
      ) c
     where np.tenant_id = c.tenant_id;

    -- Month by month: each activity's completion at the end of a month is the
    -- last change recorded up to that month; before its first recorded
    -- change, the value that change started from; without any, its current
    -- value; from the current month on, its current value. Computed from the
    -- changes only: a project's weighted sum moves by (new - old) × months at
    -- each change, so a running sum over the months of the period gives it.
    insert into national_months (tenant_id, first_month, progress)
    with acts as (
        select a.tenant_id, a.id, a.project_id, a.completion, np.period_start, np.period_end,
               date_trunc('month', now() at time zone t.time_zone)::date as this_month,
               greatest(1, (extract(year from a.end_month)::int - extract(year from a.start_month)::int) * 12
                          + extract(month from a.end_month)::int - extract(month from a.start_month)::int + 1) as months
          from national_projects q
          join national_programmes np on np.tenant_id = q.tenant_id
          join tenants t on t.id = q.tenant_id
          join activities a on a.tenant_id = q.tenant_id and a.project_id = q.project_id
         where q.tenant_id = any (p_tenants) and a.tenant_id = any (p_tenants)
    ), ev as (
        select e.tenant_id, e.activity_id, e.at, e.id, e.old_value, e.new_value,
               date_trunc('month', e.at at time zone t.time_zone)::date as mon
          from progress_events e
          join tenants t on t.id = e.tenant_id
         where e.tenant_id = any (p_tenants)
    ), first_change as (
        select distinct on (ev.tenant_id, ev.activity_id) ev.tenant_id, ev.activity_id, ev.old_value
          from ev
         order by ev.tenant_id, ev.activity_id, ev.at, ev.id
    ), month_value as (
        -- The value at the end of each month with a change, before the current month.
        select distinct on (ev.tenant_id, ev.activity_id, ev.mon) ev.tenant_id, ev.activity_id, ev.mon, ev.new_value
          from ev
          join acts a on a.tenant_id = ev.tenant_id and a.id = ev.activity_id
         where ev.mon < a.this_month
         order by ev.tenant_id, ev.activity_id, ev.mon, ev.at desc, ev.id desc
    ), last_value as (
        select distinct on (mv.tenant_id, mv.activity_id) mv.tenant_id, mv.activity_id, mv.new_value
          from month_value mv
         order by mv.tenant_id, mv.activity_id, mv.mon desc
    ), start_value as (
        select a.*, coalesce(f.old_value, a.completion) as v0, l.new_value as v_last
          from acts a
          left join first_change f on f.tenant_id = a.tenant_id and f.activity_id = a.id
          left join last_value l on l.tenant_id = a.tenant_id and l.activity_id = a.id
    ), steps as (
        -- Each change, and the move to the current value in the current month.
        select s.tenant_id, s.project_id, s.months, s.period_start, m.mon,
               m.new_value - coalesce(lag(m.new_value) over w, s.v0) as delta
          from start_value s
          join month_value m on m.tenant_id = s.tenant_id and m.activity_id = s.id
        window w as (partition by s.tenant_id, s.id order by m.mon)
        union all
        select s.tenant_id, s.project_id, s.months, s.period_start, s.this_month,
               s.completion - coalesce(s.v_last, s.v0)
          from start_value s
    ), project_steps as (
        -- Changes before the period count from its first month.
        select tenant_id, project_id,
               greatest(mon, make_date(period_start, 1, 1)) as month,
               sum(delta * months) as delta
          from steps
         group by 1, 2, 3
    ), project_base as (
        select q.tenant_id, q.project_id,
               coalesce(sum(s.v0 * s.months), 0) as base, coalesce(sum(s.months), 0) as weight
          from national_projects q
          left join start_value s on s.tenant_id = q.tenant_id and s.project_id = q.project_id
         where q.tenant_id = any (p_tenants)
         group by q.tenant_id, q.project_id
    ), months as (
        select np.tenant_id, gs::date as month
          from national_programmes np
          cross join lateral generate_series(make_date(np.period_start, 1, 1), make_date(np.period_end, 12, 1), interval '1 month') gs
         where np.tenant_id = any (p_tenants)
    ), grid as (
        -- Every project at every month of its period (no change: 0), and the changes.
        select b.tenant_id, b.project_id, m.month, 0::numeric as delta
          from project_base b
          join months m on m.tenant_id = b.tenant_id
        union all
        select d.tenant_id, d.project_id, d.month, d.delta
          from project_steps d
          join months m on m.tenant_id = d.tenant_id and m.month = d.month
    ), project_months as (
        select g.tenant_id, g.month,
               case when b.weight = 0 then 0
                    else round((b.base + sum(sum(g.delta)) over w)::numeric / b.weight) end as progress
          from grid g
          join project_base b on b.tenant_id = g.tenant_id and b.project_id = g.project_id
         group by g.tenant_id, g.project_id, g.month, b.base, b.weight
        window w as (partition by g.tenant_id, g.project_id order by g.month)
    ), programme_months as (
        select pm.tenant_id, pm.month, round(avg(pm.progress))::smallint as progress
          from project_months pm
         group by pm.tenant_id, pm.month
    )
    select m.tenant_id, min(m.month), array_agg(coalesce(p.progress, 0::smallint) order by m.month)
      from months m
      left join programme_months p on p.tenant_id = m.tenant_id and p.month = m.month
     group by m.tenant_id;
end
$$;
revoke all on function national_refresh(uuid[]) from public;
grant execute on function national_refresh(uuid[]) to infitah_app;

-- The triggers: after any statement that changes what the summaries are
-- made of, recompute the collectivities it touched. A bulk load (the
-- national-scale demo) sets `infitah.national_bulk` for its transaction and
-- recomputes once at the end instead.
create function national_refresh_new_rows() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
    if coalesce(current_setting('infitah.national_bulk', true), '') <> 'on' then
        perform national_refresh(array(select distinct tenant_id from new_rows));
    end if;
    return null;
end
$$;

create function national_refresh_old_rows() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
    if coalesce(current_setting('infitah.national_bulk', true), '') <> 'on' then
        perform national_refresh(array(select distinct tenant_id from old_rows));
    end if;
    return null;
end
$$;

do $$
declare
    t text;
begin
    foreach t in array array['programmes', 'programme_stages', 'projects', 'project_pillars', 'activities', 'progress_events']
    loop
        execute format('create trigger national_after_insert after insert on %I referencing new table as new_rows
                        for each statement execute function national_refresh_new_rows()', t);
        execute format('create trigger national_after_update after update on %I referencing new table as new_rows
                        for each statement execute function national_refresh_new_rows()', t);
        execute format('create trigger national_after_delete after delete on %I referencing old table as old_rows
                        for each statement execute function national_refresh_old_rows()', t);
    end loop;
end
$$;

-- Where each collectivity sits: its region and its province or prefecture
-- (itself for those), so that every area's figures group on one column.
create view national_hierarchy with (security_invoker = true) as
select t.id as tenant_id, t.kind,
       case t.kind when 'region' then t.id when 'commune' then up.parent_id else t.parent_id end as region_id,
       case when t.kind in ('province', 'prefecture') then t.id when t.kind = 'commune' then t.parent_id end as province_id
  from tenants t
  left join tenants up on up.id = t.parent_id
 where t.kind <> 'nation' and t.disabled_at is null;

-- Each collectivity as the national space compares it: its place in the
-- hierarchy, its programme's figures, and what is late this month (in its
-- own time zone). Collectivities without a published programme are here
-- too, with has_programme false. security_invoker: whoever reads it is held
-- by the policies of the tables beneath (the national role reads all).
create view national_collectivities with (security_invoker = true) as
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
       coalesce(f.late_activities[k.i], 0) as activities_late,
       coalesce(f.projects_done, 0) as projects_done,
       coalesce(f.late_projects[k.i], 0) as projects_late,
       coalesce(f.projects_open_started, 0) - coalesce(f.late_started[k.i], 0) as projects_in_progress,
       coalesce(f.projects - f.projects_done - f.projects_open_started, 0)
         - (coalesce(f.late_projects[k.i], 0) - coalesce(f.late_started[k.i], 0)) as projects_not_started,
       f.stage, f.stage_since, f.last_progress_at, f.programme_created, zones.this_month,
       coalesce(f.pillar_codes, '{}') as pillar_codes, coalesce(f.pillar_projects, '{}') as pillar_projects
  from tenants t
  join zones on zones.time_zone = t.time_zone
  left join tenants up on up.id = t.parent_id
  left join national_programmes f on f.tenant_id = t.id
  -- Which element of the cumulative counts is this month.
  cross join lateral (
      select least(cardinality(f.late_activities), greatest(0, zones.this_index - f.month0_index) + 1) as i
  ) k
 where t.kind <> 'nation' and t.disabled_at is null;

-- The views are the national role's to read; the application has no use for them.
revoke all on national_collectivities, national_hierarchy from infitah_app;
grant select on national_collectivities, national_hierarchy to infitah_national;
