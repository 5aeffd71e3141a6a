//! The national roll-ups as the national space reads them, through the
//! `infitah_national` role (SELECT only, every collectivity): each
//! collectivity's figures (summarised by the database, see
//! `migrations/0007_national.sql`), and every area's — the nation, each
//! region, each province or prefecture — aggregated by the database in one
//! `GROUPING SETS` query. An area covers every collectivity inside it, its
//! own council included (a region: the region, its provinces and
//! prefectures, and their communes); each counts once.
//!
//! Medians and quartiles of progress are taken over the collectivities that
//! have a published programme; those without are counted beside them, never
//! dropped (the pages say so).

use std::collections::HashMap;

use secrecy::{ExposeSecret, SecretString};
use sqlx::{
    PgConnection, PgPool,
    postgres::{PgConnectOptions, PgPoolOptions},
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The openness process's stages, in order (plans' `model::STAGES`).
pub const STAGES: [&str; 6] = infitah_plans::model::STAGES;

/// The pool of the national role. Read-only by the role's grants; every
/// transaction is also opened READ ONLY.
#[derive(Clone)]
pub struct NationalDb {
    pool: Result<PgPool, String>,
}

impl NationalDb {
    /// Connects lazily, like the application's pool: a bad URL shows at the
    /// first read (an error page and a log line), not as a refusal to start.
    pub fn connect_lazy(url: &SecretString, max_connections: u32) -> Self {
        let pool = url
            .expose_secret()
            .parse::<PgConnectOptions>()
            .map(|o| {
                PgPoolOptions::new()
                    .max_connections(max_connections)
                    .min_connections(0)
                    .acquire_timeout(std::time::Duration::from_secs(5))
                    .connect_lazy_with(o.application_name("infitah-national"))
            })
            // The URL may hold a password: the error must not repeat it.
            .map_err(|_| "database_national_url is not a valid PostgreSQL URL".to_owned());
        NationalDb { pool }
    }

    pub fn pool(&self) -> anyhow::Result<&PgPool> {
        self.pool.as_ref().map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// A read-only transaction as the national role.
    pub async fn read(&self) -> anyhow::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        let mut tx = self.pool()?.begin().await?;
        sqlx::query("set transaction read only")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}

/// The national content version: the sum of every collectivity's content
/// version. Every write that changes a public page bumps one of them, so the
/// sum moves with every change the national view could show, and every
/// replica reading the database agrees on it.
pub async fn content_version(conn: &mut PgConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"select coalesce(sum(version), 0)::int8 as "v!" from content_versions"#)
        .fetch_one(conn)
        .await
}

/// One collectivity, as the national space compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Collectivity {
    pub id: Uuid,
    pub slug: String,
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub region_id: Option<Uuid>,
    pub province_id: Option<Uuid>,
    pub hcp_code: Option<String>,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: Option<String>,
    pub population: Option<i32>,
    pub has_programme: bool,
    pub period: Option<(i16, i16)>,
    /// The published programme's progress (None: no published programme).
    pub progress: Option<i16>,
    /// The co-monitoring committee's evaluation, when there is one (stage 3; filled later).
    pub evaluated_progress: Option<i16>,
    pub projects: i32,
    pub projects_done: i32,
    pub projects_late: i32,
    pub projects_in_progress: i32,
    pub projects_not_started: i32,
    pub activities: i32,
    pub activities_done: i32,
    pub activities_late: i32,
    pub stage: Option<String>,
    pub stage_since: Option<Date>,
    pub last_progress_at: Option<OffsetDateTime>,
    pub programme_created: Option<OffsetDateTime>,
}

impl Collectivity {
    pub fn name(&self, lang: infitah_platform::i18n::Lang) -> &str {
        use infitah_platform::i18n::Lang;
        match lang {
            Lang::Ar => &self.name_ar,
            Lang::Fr => &self.name_fr,
            Lang::En => self.name_en.as_deref().unwrap_or(&self.name_fr),
        }
    }
    /// When its progress last changed: the latest recorded change, else the
    /// programme's creation (a programme nobody ever updated).
    pub fn last_update(&self) -> Option<OffsetDateTime> {
        self.last_progress_at.or(self.programme_created)
    }
}

/// Which area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    Nation,
    Region(Uuid),
    Province(Uuid),
}

/// An area's figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AreaStats {
    pub collectivities: i64,
    pub with_programme: i64,
    pub mean: Option<f64>,
    pub q1: Option<f64>,
    pub median: Option<f64>,
    pub q3: Option<f64>,
    pub min: Option<i16>,
    pub max: Option<i16>,
    pub projects: i64,
    pub projects_done: i64,
    pub projects_late: i64,
    pub projects_in_progress: i64,
    pub projects_not_started: i64,
    pub activities: i64,
    pub activities_done: i64,
    pub activities_late: i64,
    /// Collectivities with a programme whose process has not started a stage yet.
    pub stage_none: i64,
    /// Per stage of [`STAGES`]: how many stand there, and the median date they entered it.
    pub stages: [(i64, Option<Date>); 6],
    /// Published projects per pillar code.
    pub pillars: Vec<(String, i64)>,
}

impl AreaStats {
    pub fn without_programme(&self) -> i64 {
        self.collectivities - self.with_programme
    }
}

/// A month of an area's history.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthPoint {
    pub month: Date,
    pub collectivities: i64,
    pub mean: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}

/// Everything the national pages show, read at once (one version of the data).
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Today in Morocco, when it was read.
    pub today: Date,
    pub collectivities: Vec<Collectivity>,
    index: HashMap<Uuid, usize>,
    pub areas: HashMap<Area, AreaStats>,
    pub nation_months: Vec<MonthPoint>,
}

impl Snapshot {
    pub fn get(&self, id: Uuid) -> Option<&Collectivity> {
        self.index.get(&id).map(|i| &self.collectivities[*i])
    }
    pub fn by_slug(&self, slug: &str) -> Option<&Collectivity> {
        self.collectivities.iter().find(|c| c.slug == slug)
    }
    pub fn area(&self, area: Area) -> AreaStats {
        self.areas.get(&area).cloned().unwrap_or_default()
    }
    /// The collectivities of an area, its own council included.
    pub fn members(&self, area: Area) -> impl Iterator<Item = &Collectivity> {
        self.collectivities.iter().filter(move |c| match area {
            Area::Nation => true,
            Area::Region(r) => c.region_id == Some(r),
            Area::Province(p) => c.province_id == Some(p),
        })
    }
    /// Collectivities directly under `parent` (regions for None).
    pub fn children(&self, parent: Option<Uuid>) -> impl Iterator<Item = &Collectivity> {
        self.collectivities
            .iter()
            .filter(move |c| c.parent_id == parent)
    }
}

/// Reads the snapshot (the caller's connection acts as the national role).
pub async fn load(conn: &mut PgConnection) -> anyhow::Result<Snapshot> {
    let today =
        sqlx::query_scalar!(r#"select (now() at time zone 'Africa/Casablanca')::date as "d!""#)
            .fetch_one(&mut *conn)
            .await?;
    let collectivities: Vec<Collectivity> = sqlx::query!(
        r#"select tenant_id as "id!", slug as "slug!", kind as "kind!", parent_id, region_id, province_id,
                  hcp_code, name_ar as "name_ar!", name_fr as "name_fr!", name_en, population,
                  has_programme as "has_programme!", period_start, period_end, progress, evaluated_progress,
                  projects as "projects!", projects_done as "projects_done!", projects_late as "projects_late!",
                  projects_in_progress as "projects_in_progress!", projects_not_started as "projects_not_started!",
                  activities as "activities!", activities_done as "activities_done!", activities_late as "activities_late!",
                  stage, stage_since, last_progress_at, programme_created
             from national_collectivities
            order by hcp_code, slug"#
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Collectivity {
        id: r.id,
        slug: r.slug,
        kind: r.kind,
        parent_id: r.parent_id,
        region_id: r.region_id,
        province_id: r.province_id,
        hcp_code: r.hcp_code,
        name_ar: r.name_ar,
        name_fr: r.name_fr,
        name_en: r.name_en,
        population: r.population,
        has_programme: r.has_programme,
        period: r.period_start.zip(r.period_end),
        progress: r.progress,
        evaluated_progress: r.evaluated_progress,
        projects: r.projects,
        projects_done: r.projects_done,
        projects_late: r.projects_late,
        projects_in_progress: r.projects_in_progress,
        projects_not_started: r.projects_not_started,
        activities: r.activities,
        activities_done: r.activities_done,
        activities_late: r.activities_late,
        stage: r.stage,
        stage_since: r.stage_since,
        last_progress_at: r.last_progress_at,
        programme_created: r.programme_created,
    })
    .collect();
    let index = collectivities
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();

    // Every area at once: the nation, each region, each province or prefecture.
    let rows = sqlx::query!(
        r#"select grouping(region_id)::int4 as "g_region!", grouping(province_id)::int4 as "g_province!",
                  region_id, province_id,
                  count(*) as "collectivities!",
                  count(*) filter (where has_programme) as "with_programme!",
                  avg(progress)::float8 as mean,
                  percentile_cont(array[0.25, 0.5, 0.75]) within group (order by progress) as quartiles,
                  min(progress) as min, max(progress) as max,
                  coalesce(sum(projects), 0)::int8 as "projects!",
                  coalesce(sum(projects_done), 0)::int8 as "projects_done!",
                  coalesce(sum(projects_late), 0)::int8 as "projects_late!",
                  coalesce(sum(projects_in_progress), 0)::int8 as "projects_in_progress!",
                  coalesce(sum(projects_not_started), 0)::int8 as "projects_not_started!",
                  coalesce(sum(activities), 0)::int8 as "activities!",
                  coalesce(sum(activities_done), 0)::int8 as "activities_done!",
                  coalesce(sum(activities_late), 0)::int8 as "activities_late!",
                  count(*) filter (where has_programme and stage is null) as "stage_none!",
                  count(*) filter (where stage = 'axes') as "n_axes!",
                  count(*) filter (where stage = 'workshops') as "n_workshops!",
                  count(*) filter (where stage = 'consultation') as "n_consultation!",
                  count(*) filter (where stage = 'approval') as "n_approval!",
                  count(*) filter (where stage = 'implementation') as "n_implementation!",
                  count(*) filter (where stage = 'monitoring') as "n_monitoring!",
                  percentile_disc(0.5) within group (order by stage_since) filter (where stage = 'axes') as s_axes,
                  percentile_disc(0.5) within group (order by stage_since) filter (where stage = 'workshops') as s_workshops,
                  percentile_disc(0.5) within group (order by stage_since) filter (where stage = 'consultation') as s_consultation,
                  percentile_disc(0.5) within group (order by stage_since) filter (where stage = 'approval') as s_approval,
                  percentile_disc(0.5) within group (order by stage_since) filter (where stage = 'implementation') as s_implementation,
                  percentile_disc(0.5) within group (order by stage_since) filter (where stage = 'monitoring') as s_monitoring
             from national_collectivities
            group by grouping sets ((), (region_id), (province_id))"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut areas = HashMap::new();
    for r in rows {
        let area = match (r.g_region, r.g_province, r.region_id, r.province_id) {
            (1, 1, _, _) => Area::Nation,
            (0, 1, Some(id), _) => Area::Region(id),
            (1, 0, _, Some(id)) => Area::Province(id),
            // Regions' own rows have no province: that group is no area.
            _ => continue,
        };
        let q = r.quartiles.unwrap_or_default();
        areas.insert(
            area,
            AreaStats {
                collectivities: r.collectivities,
                with_programme: r.with_programme,
                mean: r.mean,
                q1: q.first().copied(),
                median: q.get(1).copied(),
                q3: q.get(2).copied(),
                min: r.min,
                max: r.max,
                projects: r.projects,
                projects_done: r.projects_done,
                projects_late: r.projects_late,
                projects_in_progress: r.projects_in_progress,
                projects_not_started: r.projects_not_started,
                activities: r.activities,
                activities_done: r.activities_done,
                activities_late: r.activities_late,
                stage_none: r.stage_none,
                stages: [
                    (r.n_axes, r.s_axes),
                    (r.n_workshops, r.s_workshops),
                    (r.n_consultation, r.s_consultation),
                    (r.n_approval, r.s_approval),
                    (r.n_implementation, r.s_implementation),
                    (r.n_monitoring, r.s_monitoring),
                ],
                pillars: vec![],
            },
        );
    }
    let pillars = sqlx::query!(
        r#"select grouping(h.region_id)::int4 as "g_region!", grouping(h.province_id)::int4 as "g_province!",
                  h.region_id, h.province_id, p.pillar as "pillar!", sum(p.projects)::int8 as "projects!"
             from national_pillars p
             join national_hierarchy h on h.tenant_id = p.tenant_id
            group by grouping sets ((p.pillar), (h.region_id, p.pillar), (h.province_id, p.pillar))
            order by 5"#
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in pillars {
        let area = match (r.g_region, r.g_province, r.region_id, r.province_id) {
            (1, 1, _, _) => Area::Nation,
            (0, 1, Some(id), _) => Area::Region(id),
            (1, 0, _, Some(id)) => Area::Province(id),
            _ => continue,
        };
        if let Some(a) = areas.get_mut(&area) {
            a.pillars.push((r.pillar, r.projects));
        }
    }
    let this_month = Date::from_calendar_date(today.year(), today.month(), 1)?;
    let nation_months = months(conn, Area::Nation, this_month).await?;
    Ok(Snapshot {
        today,
        collectivities,
        index,
        areas,
        nation_months,
    })
}

/// An area's progress month by month, up to `this_month`: over the
/// collectivities with a published programme, each as its history says it
/// stood at the end of the month. The database counts the collectivities at
/// each value of progress, month by month (at most 101 values a month); the
/// mean and the quartiles are read off those counts exactly as
/// `percentile_cont` would compute them.
pub async fn months(
    conn: &mut PgConnection,
    area: Area,
    this_month: Date,
) -> anyhow::Result<Vec<MonthPoint>> {
    // (first month of the period, position in it, progress, collectivities)
    let rows: Vec<(Date, i64, i16, i64)> = match area {
        Area::Nation => sqlx::query!(
            r#"select m.first_month, u.i as "i!", u.v as "v!", count(*) as "n!"
                 from national_months m
                 join tenants t on t.id = m.tenant_id and t.kind <> 'nation' and t.disabled_at is null
                cross join lateral unnest(m.progress) with ordinality as u(v, i)
                group by 1, 2, 3"#
        )
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|r| (r.first_month, r.i, r.v, r.n))
        .collect(),
        Area::Region(id) | Area::Province(id) => sqlx::query!(
            r#"select m.first_month, u.i as "i!", u.v as "v!", count(*) as "n!"
                 from national_months m
                 join national_hierarchy h on h.tenant_id = m.tenant_id
                cross join lateral unnest(m.progress) with ordinality as u(v, i)
                where h.region_id = $1 or h.province_id = $1
                group by 1, 2, 3"#,
            id
        )
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|r| (r.first_month, r.i, r.v, r.n))
        .collect(),
    };
    let mut by_month: std::collections::BTreeMap<Date, std::collections::BTreeMap<i16, i64>> =
        Default::default();
    for (first, i, v, n) in rows {
        let mut month = first;
        for _ in 1..i {
            month = infitah_plans::model::first_of_next_month(month);
        }
        if month <= this_month {
            *by_month.entry(month).or_default().entry(v).or_default() += n;
        }
    }
    Ok(by_month
        .into_iter()
        .map(|(month, counts)| {
            let counts: Vec<(i16, i64)> = counts.into_iter().collect();
            let n: i64 = counts.iter().map(|c| c.1).sum();
            let sum: i64 = counts.iter().map(|(v, c)| *v as i64 * c).sum();
            MonthPoint {
                month,
                collectivities: n,
                mean: sum as f64 / n.max(1) as f64,
                q1: quantile(&counts, 0.25),
                median: quantile(&counts, 0.5),
                q3: quantile(&counts, 0.75),
            }
        })
        .collect())
}

/// `percentile_cont(f)` of values given as (value, count), in increasing value order.
pub fn quantile(counts: &[(i16, i64)], f: f64) -> f64 {
    let n: i64 = counts.iter().map(|c| c.1).sum();
    if n == 0 {
        return 0.0;
    }
    let pos = f * (n - 1) as f64;
    let (lo, hi) = (pos.floor() as i64, pos.ceil() as i64);
    let at = |k: i64| -> f64 {
        let mut seen = 0;
        for (v, c) in counts {
            seen += c;
            if k < seen {
                return *v as f64;
            }
        }
        counts.last().map(|c| c.0 as f64).unwrap_or(0.0)
    };
    let (a, b) = (at(lo), at(hi));
    a + (b - a) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::quantile;

    #[test]
    fn quantiles_read_off_counts_like_percentile_cont() {
        // 0, 10, 10, 40: positions 0.75, 1.5, 2.25.
        let c = [(0, 1), (10, 2), (40, 1)];
        assert!((quantile(&c, 0.25) - 7.5).abs() < 1e-9);
        assert!((quantile(&c, 0.5) - 10.0).abs() < 1e-9);
        assert!((quantile(&c, 0.75) - 17.5).abs() < 1e-9);
        assert_eq!(quantile(&[], 0.5), 0.0);
        assert_eq!(quantile(&[(7, 1)], 0.75), 7.0);
    }
}

/// One collectivity's programme progress month by month, up to the current month.
pub async fn collectivity_months(
    conn: &mut PgConnection,
    tenant: Uuid,
) -> anyhow::Result<Vec<(Date, i16)>> {
    let Some(r) = sqlx::query!(
        r#"select m.first_month, m.progress, date_trunc('month', now() at time zone t.time_zone)::date as "this_month!"
             from national_months m join tenants t on t.id = m.tenant_id
            where m.tenant_id = $1"#,
        tenant
    )
    .fetch_optional(conn)
    .await?
    else {
        return Ok(vec![]);
    };
    let mut month = r.first_month;
    let mut out = vec![];
    for v in r.progress {
        if month > r.this_month {
            break;
        }
        out.push((month, v));
        month = infitah_plans::model::first_of_next_month(month);
    }
    Ok(out)
}

/// A published project of a collectivity, for its national card.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectFacts {
    pub id: Uuid,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub progress: i16,
    pub activities: i32,
    pub activities_done: i32,
    pub status: infitah_plans::model::Status,
    pub pillars: Vec<String>,
}

/// The published projects of a collectivity's current programme, in the programme's order.
pub async fn projects(conn: &mut PgConnection, tenant: Uuid) -> anyhow::Result<Vec<ProjectFacts>> {
    use infitah_plans::model::Status;
    Ok(sqlx::query!(
        r#"select q.project_id, p.title_ar, p.title_fr, q.progress, q.activities, q.activities_done, q.started,
                  coalesce(q.first_open_end < date_trunc('month', now() at time zone t.time_zone)::date, false) as "late!",
                  q.pillars
             from national_projects q
             join projects p on p.tenant_id = q.tenant_id and p.id = q.project_id
             join tenants t on t.id = q.tenant_id
            where q.tenant_id = $1
            order by p.position, p.created_at"#,
        tenant
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| ProjectFacts {
        id: r.project_id,
        title_ar: r.title_ar,
        title_fr: r.title_fr,
        progress: r.progress,
        activities: r.activities,
        activities_done: r.activities_done,
        status: if r.activities > 0 && r.activities_done == r.activities {
            Status::Done
        } else if r.late {
            Status::Late
        } else if r.started {
            Status::InProgress
        } else {
            Status::NotStarted
        },
        pillars: r.pillars,
    })
    .collect())
}
