-- One definition of progress, for every reader (issue 16): a project's
-- progress is its activities' completion weighted by their length in months
-- (at least one), rounded half away from zero; no activity means 0. The
-- pages and the API read it from `project_progress` in the statements that
-- load the projects (services/plans/src/repo.rs), as do the national
-- roll-ups below and the open data (services/national/src/opendata.rs);
-- the end-to-end test `progress::one_formula_for_every_reader` holds it to
-- its cases.

-- An activity's weight: its months, first and last included, at least 1.
create function activity_months(start_month date, end_month date) returns integer
language sql immutable strict parallel safe
return greatest(1, (extract(year from end_month)::int - extract(year from start_month)::int) * 12
                   + extract(month from end_month)::int - extract(month from start_month)::int + 1);

-- The aggregate's state: {sum of completion x months, sum of months}. A row
-- without an activity (a left join's nulls) adds nothing.
create function progress_add(state bigint[], completion smallint, start_month date, end_month date)
returns bigint[]
language sql immutable parallel safe
return case
    when completion is null or start_month is null or end_month is null then state
    else array[state[1] + completion::bigint * activity_months(start_month, end_month),
               state[2] + activity_months(start_month, end_month)]
end;

create function progress_of(state bigint[]) returns smallint
language sql immutable strict parallel safe
return coalesce(round(state[1]::numeric / nullif(state[2], 0)), 0)::smallint;

-- project_progress(completion, start_month, end_month) over a project's activities.
create aggregate project_progress(smallint, date, date) (
    sfunc = progress_add,
    stype = bigint[],
    finalfunc = progress_of,
    initcond = '{0,0}',
    parallel = safe
);

-- The national roll-ups, as migration 0007 defined them, now weighing with
-- the functions above (the only change).
create or replace function national_refresh(p_tenants uuid[]) returns void
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
           project_progress(a.completion, a.start_month, a.end_month),
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
               activity_months(a.start_month, a.end_month) as months
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
