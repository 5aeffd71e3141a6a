//! The national roll-ups as the national space reads them, through the
//! `infitah_national` role (SELECT only, every collectivity). The database
//! rolls each collectivity's activities, projects and progress history up
//! into its summary and keeps it current (`migrations/0007_national.sql`);
//! a snapshot reads those ~1,600 rows in two queries, and the areas —
//! the nation, each region, each province or prefecture — are aggregated
//! from them here, with `percentile_cont`'s and `percentile_disc`'s exact
//! definitions (measured against the same aggregation in SQL: see
//! docs/architecture.md, "The national roll-ups"). An area covers every
//! collectivity inside it, its own council included (a region: the region,
//! its provinces and prefectures, and their communes); each counts once.
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
    /// The co-monitoring committee's evaluation (stage 3): the mean of the
    /// latest evaluation of each evaluated published project, as a percentage
    /// (None: none evaluated with a measure).
    pub evaluated_progress: Option<i16>,
    /// How many published projects that mean covers.
    pub evaluated_projects: i32,
    /// The progress the collectivity reports for those same projects (their mean).
    pub evaluated_reported: Option<i16>,
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
    /// Published projects per pillar code.
    pub pillars: Vec<(String, i64)>,
    /// The current month in the collectivity's time zone.
    pub this_month: Date,
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
    /// Each collectivity's programme progress at the end of each month of its period.
    months: HashMap<Uuid, (Date, Vec<i16>)>,
    /// The pillar catalogue, in order: (code, Arabic, French, English).
    pub pillar_catalog: Vec<(String, String, String, Option<String>)>,
}

impl Snapshot {
    /// The pillar catalogue's labels in a language: (code, label), in order.
    pub fn pillar_labels(&self, lang: infitah_platform::i18n::Lang) -> Vec<(String, String)> {
        use infitah_platform::i18n::Lang;
        self.pillar_catalog
            .iter()
            .map(|(code, ar, fr, en)| {
                let label = match lang {
                    Lang::Ar => ar,
                    Lang::Fr => fr,
                    Lang::En => en.as_ref().unwrap_or(fr),
                };
                (code.clone(), label.clone())
            })
            .collect()
    }
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
    /// A collectivity's programme progress month by month, up to its current month.
    pub fn collectivity_months(&self, id: Uuid) -> Vec<(Date, i16)> {
        let (Some(c), Some((first, values))) = (self.get(id), self.months.get(&id)) else {
            return vec![];
        };
        let mut month = *first;
        let mut out = vec![];
        for v in values {
            if month > c.this_month {
                break;
            }
            out.push((month, *v));
            month = infitah_plans::model::first_of_next_month(month);
        }
        out
    }
    /// An area's progress month by month, up to the current month: over its
    /// collectivities with a published programme, each as its public
    /// history says it stood at the end of the month.
    pub fn months(&self, area: Area) -> Vec<MonthPoint> {
        let mut by_month: std::collections::BTreeMap<Date, Vec<f64>> = Default::default();
        for c in self.members(area) {
            for (m, v) in self.collectivity_months(c.id) {
                by_month.entry(m).or_default().push(v as f64);
            }
        }
        by_month
            .into_iter()
            .map(|(month, mut values)| {
                values.sort_by(f64::total_cmp);
                MonthPoint {
                    month,
                    collectivities: values.len() as i64,
                    mean: values.iter().sum::<f64>() / values.len() as f64,
                    q1: percentile_cont(&values, 0.25).unwrap_or(0.0),
                    median: percentile_cont(&values, 0.5).unwrap_or(0.0),
                    q3: percentile_cont(&values, 0.75).unwrap_or(0.0),
                }
            })
            .collect()
    }
}

/// PostgreSQL's `percentile_cont` over sorted values: linear interpolation
/// between the values around position `f × (n − 1)`.
pub fn percentile_cont(sorted: &[f64], f: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = f * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

/// PostgreSQL's `percentile_disc` over sorted values: the first whose
/// position reaches the fraction.
pub fn percentile_disc<T: Copy>(sorted: &[T], f: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let i = ((f * sorted.len() as f64).ceil() as usize).max(1) - 1;
    Some(sorted[i.min(sorted.len() - 1)])
}

/// Every area's figures from its collectivities' rows.
fn aggregate(collectivities: &[Collectivity]) -> HashMap<Area, AreaStats> {
    let mut members: HashMap<Area, Vec<&Collectivity>> = HashMap::new();
    for c in collectivities {
        members.entry(Area::Nation).or_default().push(c);
        if let Some(r) = c.region_id {
            members.entry(Area::Region(r)).or_default().push(c);
        }
        if let Some(p) = c.province_id {
            members.entry(Area::Province(p)).or_default().push(c);
        }
    }
    members
        .into_iter()
        .map(|(area, list)| {
            let mut progress: Vec<f64> = list
                .iter()
                .filter_map(|c| c.progress.map(|p| p as f64))
                .collect();
            progress.sort_by(f64::total_cmp);
            let sum = |f: fn(&Collectivity) -> i32| list.iter().map(|c| f(c) as i64).sum::<i64>();
            let mut stages: [(i64, Option<Date>); 6] = Default::default();
            for (i, s) in STAGES.iter().enumerate() {
                let mut since: Vec<Date> = list
                    .iter()
                    .filter(|c| c.stage.as_deref() == Some(*s))
                    .filter_map(|c| c.stage_since)
                    .collect();
                since.sort();
                let n = list
                    .iter()
                    .filter(|c| c.stage.as_deref() == Some(*s))
                    .count() as i64;
                stages[i] = (n, percentile_disc(&since, 0.5));
            }
            let mut pillars: std::collections::BTreeMap<String, i64> = Default::default();
            for c in &list {
                for (p, n) in &c.pillars {
                    *pillars.entry(p.clone()).or_default() += n;
                }
            }
            let stats = AreaStats {
                collectivities: list.len() as i64,
                with_programme: list.iter().filter(|c| c.has_programme).count() as i64,
                mean: (!progress.is_empty())
                    .then(|| progress.iter().sum::<f64>() / progress.len() as f64),
                q1: percentile_cont(&progress, 0.25),
                median: percentile_cont(&progress, 0.5),
                q3: percentile_cont(&progress, 0.75),
                min: list.iter().filter_map(|c| c.progress).min(),
                max: list.iter().filter_map(|c| c.progress).max(),
                projects: sum(|c| c.projects),
                projects_done: sum(|c| c.projects_done),
                projects_late: sum(|c| c.projects_late),
                projects_in_progress: sum(|c| c.projects_in_progress),
                projects_not_started: sum(|c| c.projects_not_started),
                activities: sum(|c| c.activities),
                activities_done: sum(|c| c.activities_done),
                activities_late: sum(|c| c.activities_late),
                stage_none: list
                    .iter()
                    .filter(|c| c.has_programme && c.stage.is_none())
                    .count() as i64,
                stages,
                pillars: pillars.into_iter().collect(),
            };
            (area, stats)
        })
        .collect()
}

/// Reads the snapshot (the caller's connection acts as the national role):
/// every collectivity's summary (pillars included), its months, and the
/// pillar catalogue's labels, in one read-only transaction.
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
                  stage, stage_since, last_progress_at, programme_created, this_month as "this_month!",
                  pillar_codes as "pillar_codes!", pillar_projects as "pillar_projects!",
                  evaluated_projects as "evaluated_projects!", evaluated_reported
             from national_collectivities
            order by hcp_code, slug"#
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Collectivity {
        pillars: r
            .pillar_codes
            .into_iter()
            .zip(r.pillar_projects.into_iter().map(i64::from))
            .collect(),
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
        evaluated_projects: r.evaluated_projects,
        evaluated_reported: r.evaluated_reported,
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
        this_month: r.this_month,
    })
    .collect();
    let pillar_catalog = sqlx::query!(
        "select code, label_ar, label_fr, label_en from catalog_entries where catalog = 'pillar' order by position, code"
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.code, r.label_ar, r.label_fr, r.label_en))
    .collect();
    let months = sqlx::query!("select tenant_id, first_month, progress from national_months")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.tenant_id, (r.first_month, r.progress)))
        .collect();
    let index = collectivities
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let areas = aggregate(&collectivities);
    let mut snapshot = Snapshot {
        today,
        collectivities,
        index,
        areas,
        nation_months: vec![],
        months,
        pillar_catalog,
    };
    snapshot.nation_months = snapshot.months(Area::Nation);
    Ok(snapshot)
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

#[cfg(test)]
mod tests {
    use super::{percentile_cont, percentile_disc};

    #[test]
    fn percentiles_follow_postgresql() {
        // 0, 10, 10, 40: positions 0.75, 1.5, 2.25.
        let v = [0.0, 10.0, 10.0, 40.0];
        assert_eq!(percentile_cont(&v, 0.25), Some(7.5));
        assert_eq!(percentile_cont(&v, 0.5), Some(10.0));
        assert_eq!(percentile_cont(&v, 0.75), Some(17.5));
        assert_eq!(percentile_cont(&[], 0.5), None);
        assert_eq!(percentile_disc(&[1, 2, 3, 4], 0.5), Some(2));
        assert_eq!(percentile_disc(&[1, 2, 3], 0.5), Some(2));
        assert_eq!(percentile_disc(&[7], 0.5), Some(7));
    }
}
