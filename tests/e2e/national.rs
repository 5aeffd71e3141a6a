//! The national space, end to end: the roll-ups the database keeps equal a
//! brute-force computation from the raw rows (with plans' own arithmetic) at
//! every level — each collectivity, each province or prefecture, each
//! region, the nation, and month by month — collectivities without a
//! programme and projects without activities included; no draft reaches any
//! national page; commune staff cannot reach the national managers' pages;
//! the national role cannot write; a change of progress shows on the next
//! national read.
//!
//! The data is a reduced, deterministic slice of the national-scale demo
//! (`infitah_demo::synth`): the whole Rabat-Salé-Kénitra region and the
//! prefecture of Tanger-Assilah, over the real national list.

use std::collections::{BTreeMap, HashMap};

use infitah_demo::synth::{self, Scope};
use infitah_national::rollup::{self, Area, Snapshot};
use infitah_plans::model::{self, Span, Stage, Status};
use infitah_platform::{db::TenantTx, types::TenantId};
use infitah_tests::{TestApp, TestDb, browser::Browser, tenant};
use sqlx::{Connection, PgConnection, postgres::PgPoolOptions};
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

/// The reference formula, written out once more here so that the database's
/// `project_progress` (migration 0014) is checked against something it does
/// not share: completion weighted by months (at least one), rounded half up.
fn weighted(spans: &[Span]) -> i16 {
    let months = |s: &Span| {
        ((s.end.year() - s.start.year()) * 12 + s.end.month() as i32 - s.start.month() as i32 + 1)
            .max(1) as i64
    };
    let total: i64 = spans.iter().map(months).sum();
    if total == 0 {
        return 0;
    }
    let sum: i64 = spans.iter().map(|s| s.completion as i64 * months(s)).sum();
    (sum as f64 / total as f64).round() as i16
}

/// A programme stage as read raw: programme, stage, planned and actual dates.
type StageRow = (
    Uuid,
    String,
    Option<Date>,
    Option<Date>,
    Option<Date>,
    Option<Date>,
);

/// The national list, and synthetic programmes for the slice.
async fn national_slice(db: &TestDb) -> infitah_platform::config::Settings {
    let settings = db.settings();
    tenant(&settings, &["import", "--national"])
        .await
        .expect("import the national list");
    let mut owner = db.admin_conn().await;
    sqlx::query("set role infitah_owner")
        .execute(&mut owner)
        .await
        .unwrap();
    // One prefecture as an administrator without superuser rights loads it
    // (one collectivity at a time, held by row-level security), then the rest at once.
    let each = synth::seed_with(&mut owner, &Scope::Codes(vec!["01.511".into()]), true)
        .await
        .unwrap();
    assert!(each.created > 5, "{each}");
    let scope = Scope::Codes(vec!["04".into(), "01.511".into()]);
    let first = synth::seed(&mut owner, &scope).await.unwrap();
    assert_eq!(first.skipped, each.created, "{first}");
    assert!(
        first.created > 100 && first.activities > 3000 && first.progress_events > 1000,
        "{first}"
    );
    // Idempotent: a second run writes nothing.
    let again = synth::seed(&mut owner, &scope).await.unwrap();
    assert_eq!((again.created, again.projects), (0, 0), "{again}");
    assert_eq!(again.skipped, first.created + each.created);
    settings
}

async fn id_of(c: &mut PgConnection, slug: &str) -> Uuid {
    sqlx::query_scalar("select id from tenants where slug = $1")
        .bind(slug)
        .fetch_one(c)
        .await
        .unwrap()
}

/// Collectivities of the slice that the generator left without anything.
async fn without_anything(c: &mut PgConnection) -> Vec<(Uuid, String)> {
    sqlx::query_as(
        "select t.id, t.slug from tenants t
          where t.kind = 'commune' and t.hcp_code like '04.%'
            and not exists (select 1 from programmes p where p.tenant_id = t.id)
          order by t.hcp_code",
    )
    .fetch_all(c)
    .await
    .unwrap()
}

/// As the application writes it, under row-level security: a collectivity
/// with a published programme and no project at all, and one whose only
/// programme is a draft (holding a "published" project, which therefore
/// must not count either).
async fn edge_cases(db: &TestDb) -> (Uuid, Uuid) {
    let mut admin = db.admin_conn().await;
    let bare = without_anything(&mut admin).await;
    assert!(
        bare.len() >= 2,
        "the slice needs communes without programme"
    );
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&db.app_url())
        .await
        .unwrap();
    let (empty, drafted) = (bare[0].0, bare[1].0);
    let mut tx = TenantTx::begin(&pool, TenantId(empty)).await.unwrap();
    sqlx::query(
        "insert into programmes (tenant_id, id, period_start, period_end, published, title_fr) values ($1, $2, 2024, 2026, true, 'Programme vide')",
    )
    .bind(empty)
    .bind(Uuid::now_v7())
    .execute(tx.conn())
    .await
    .unwrap();
    infitah_platform::content::bump(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&pool, TenantId(drafted)).await.unwrap();
    let programme = Uuid::now_v7();
    sqlx::query(
        "insert into programmes (tenant_id, id, period_start, period_end, published, title_fr) values ($1, $2, 2024, 2026, false, 'Brouillon')",
    )
    .bind(drafted)
    .bind(programme)
    .execute(tx.conn())
    .await
    .unwrap();
    sqlx::query(
        "insert into projects (tenant_id, id, programme_id, title_fr, published) values ($1, $2, $3, 'Projet d''un programme brouillon', true)",
    )
    .bind(drafted)
    .bind(Uuid::now_v7())
    .bind(programme)
    .execute(tx.conn())
    .await
    .unwrap();
    infitah_platform::content::bump(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    pool.close().await;
    (empty, drafted)
}

async fn national_conn(db: &TestDb) -> PgConnection {
    PgConnection::connect(&db.national_url())
        .await
        .expect("connect as infitah_national")
}

// ---------------------------------------------------------------------------
// The brute force: plans' arithmetic over the raw rows.

struct RawTenant {
    id: Uuid,
    kind: String,
    parent: Option<Uuid>,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct Expected {
    has_programme: bool,
    progress: Option<i16>,
    projects: i32,
    done: i32,
    late: i32,
    in_progress: i32,
    not_started: i32,
    activities: i32,
    activities_done: i32,
    activities_late: i32,
    stage: Option<String>,
    stage_since: Option<Date>,
    last_progress_at: Option<OffsetDateTime>,
    pillars: BTreeMap<String, i64>,
    months: Vec<(Date, i16)>,
    /// Over the published projects whose latest evaluation has a measure:
    /// how many, their mean reported progress, their mean evaluation.
    evaluated_projects: i32,
    evaluated_reported: Option<i16>,
    evaluated_progress: Option<i16>,
}

struct Act {
    id: Uuid,
    project: Uuid,
    start: Date,
    end: Date,
    completion: i16,
}

struct Ev {
    activity: Uuid,
    at: OffsetDateTime,
    id: Uuid,
    month: Date,
    old: i16,
    new: i16,
}

fn first_of(d: Date) -> Date {
    Date::from_calendar_date(d.year(), d.month(), 1).unwrap()
}

fn next_month(d: Date) -> Date {
    model::first_of_next_month(d)
}

/// Every collectivity's expected figures, from the raw rows (read as a superuser).
async fn brute_force(db: &TestDb) -> (Vec<RawTenant>, HashMap<Uuid, Expected>, Date) {
    let mut c = db.admin_conn().await;
    let today: Date = sqlx::query_scalar("select (now() at time zone 'Africa/Casablanca')::date")
        .fetch_one(&mut c)
        .await
        .unwrap();
    let zones: Vec<String> = sqlx::query_scalar("select distinct time_zone from tenants")
        .fetch_all(&mut c)
        .await
        .unwrap();
    assert_eq!(
        zones,
        ["Africa/Casablanca"],
        "one time zone keeps 'today' simple"
    );
    let this_month = first_of(today);
    let tenants: Vec<RawTenant> = sqlx::query_as::<_, (Uuid, String, Option<Uuid>)>(
        "select id, kind, parent_id from tenants where kind <> 'nation' and disabled_at is null",
    )
    .fetch_all(&mut c)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, kind, parent)| RawTenant { id, kind, parent })
    .collect();
    let programmes: Vec<(Uuid, Uuid, i16, i16, bool)> =
        sqlx::query_as("select tenant_id, id, period_start, period_end, published from programmes")
            .fetch_all(&mut c)
            .await
            .unwrap();
    let stages: Vec<StageRow> =
        sqlx::query_as(
            "select programme_id, stage, planned_start, planned_end, actual_start, actual_end from programme_stages",
        )
        .fetch_all(&mut c)
        .await
        .unwrap();
    let projects: Vec<(Uuid, Uuid, Uuid, bool)> =
        sqlx::query_as("select tenant_id, id, programme_id, published from projects")
            .fetch_all(&mut c)
            .await
            .unwrap();
    let pillars: Vec<(Uuid, String)> =
        sqlx::query_as("select project_id, pillar from project_pillars")
            .fetch_all(&mut c)
            .await
            .unwrap();
    let acts: Vec<Act> = sqlx::query_as::<_, (Uuid, Uuid, Date, Date, i16)>(
        "select id, project_id, start_month, end_month, completion from activities",
    )
    .fetch_all(&mut c)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, project, start, end, completion)| Act {
        id,
        project,
        start,
        end,
        completion,
    })
    .collect();
    // The month of each change in its collectivity's time zone: extracting it is not the roll-up.
    let events: Vec<Ev> = sqlx::query_as::<_, (Uuid, OffsetDateTime, Uuid, Date, i16, i16)>(
        "select e.activity_id, e.at, e.id, date_trunc('month', e.at at time zone t.time_zone)::date, e.old_value, e.new_value
           from progress_events e join tenants t on t.id = e.tenant_id",
    )
    .fetch_all(&mut c)
    .await
    .unwrap()
    .into_iter()
    .map(|(activity, at, id, month, old, new)| Ev {
        activity,
        at,
        id,
        month,
        old,
        new,
    })
    .collect();

    // Every evaluation: (project, period, recorded at, id, level).
    let evaluations: Vec<(Uuid, String, OffsetDateTime, Uuid, String)> =
        sqlx::query_as("select project_id, period, recorded_at, id, level from evaluations")
            .fetch_all(&mut c)
            .await
            .unwrap();
    let mean = |v: &[i16]| -> Option<i16> {
        (!v.is_empty())
            .then(|| (v.iter().map(|x| *x as f64).sum::<f64>() / v.len() as f64).round() as i16)
    };

    let mut expected = HashMap::new();
    for t in &tenants {
        let mut e = Expected::default();
        // plans' current programme: the latest published period.
        let current = programmes
            .iter()
            .filter(|p| p.0 == t.id && p.4)
            .max_by_key(|p| p.2);
        if let Some(&(_, programme, period_start, period_end, _)) = current {
            e.has_programme = true;
            let st: Vec<Stage> = stages
                .iter()
                .filter(|s| s.0 == programme)
                .map(|s| Stage {
                    stage: s.1.clone(),
                    planned_start: s.2,
                    planned_end: s.3,
                    actual_start: s.4,
                    actual_end: s.5,
                })
                .collect();
            e.stage = model::current_stage(&st).map(str::to_owned);
            e.stage_since = e
                .stage
                .as_ref()
                .and_then(|s| st.iter().find(|x| &x.stage == s))
                .and_then(|x| x.actual_start);
            let published: Vec<Uuid> = projects
                .iter()
                .filter(|p| p.0 == t.id && p.2 == programme && p.3)
                .map(|p| p.1)
                .collect();
            let mut progresses = vec![];
            let (mut reported, mut evaluated) = (vec![], vec![]);
            for p in &published {
                let mine: Vec<&Act> = acts.iter().filter(|a| a.project == *p).collect();
                let spans: Vec<Span> = mine
                    .iter()
                    .map(|a| Span {
                        start: a.start,
                        end: a.end,
                        completion: a.completion,
                    })
                    .collect();
                progresses.push(weighted(&spans));
                // The latest evaluation: the latest period, in it the latest record.
                let latest = evaluations
                    .iter()
                    .filter(|v| v.0 == *p)
                    .max_by(|a, b| (&a.1, a.2, a.3).cmp(&(&b.1, b.2, b.3)));
                if let Some(pct) = latest.and_then(|v| {
                    infitah_plans::evaluation::Level::parse(&v.4).and_then(|l| l.percent())
                }) {
                    reported.push(weighted(&spans));
                    evaluated.push(pct);
                }
                match model::project_status(&spans, today) {
                    Status::Done => e.done += 1,
                    Status::Late => e.late += 1,
                    Status::InProgress => e.in_progress += 1,
                    Status::NotStarted => e.not_started += 1,
                }
                e.activities += spans.len() as i32;
                e.activities_done += spans.iter().filter(|s| s.completion == 100).count() as i32;
                e.activities_late += spans.iter().filter(|s| s.is_late(today)).count() as i32;
                for (_, pillar) in pillars.iter().filter(|x| x.0 == *p) {
                    *e.pillars.entry(pillar.clone()).or_default() += 1;
                }
                for ev in events
                    .iter()
                    .filter(|ev| mine.iter().any(|a| a.id == ev.activity))
                {
                    e.last_progress_at = e.last_progress_at.max(Some(ev.at));
                }
            }
            e.projects = published.len() as i32;
            e.evaluated_projects = evaluated.len() as i32;
            e.evaluated_reported = mean(&reported);
            e.evaluated_progress = mean(&evaluated);
            e.progress = Some(model::programme_progress(&progresses));
            // Month by month, as the history says each activity stood at the month's end.
            let mut m = Date::from_calendar_date(period_start as i32, Month::January, 1).unwrap();
            let last = Date::from_calendar_date(period_end as i32, Month::December, 1).unwrap();
            while m <= last && m <= this_month {
                let value_at = |a: &Act| -> i16 {
                    if m >= this_month {
                        return a.completion;
                    }
                    let mut mine: Vec<&Ev> =
                        events.iter().filter(|ev| ev.activity == a.id).collect();
                    mine.sort_by_key(|ev| (ev.at, ev.id));
                    match mine.iter().rev().find(|ev| ev.month <= m) {
                        Some(ev) => ev.new,
                        None => mine.first().map(|ev| ev.old).unwrap_or(a.completion),
                    }
                };
                let at_month: Vec<i16> = published
                    .iter()
                    .map(|p| {
                        let spans: Vec<Span> = acts
                            .iter()
                            .filter(|a| a.project == *p)
                            .map(|a| Span {
                                start: a.start,
                                end: a.end,
                                completion: value_at(a),
                            })
                            .collect();
                        weighted(&spans)
                    })
                    .collect();
                e.months.push((m, model::programme_progress(&at_month)));
                m = next_month(m);
            }
        }
        expected.insert(t.id, e);
    }
    (tenants, expected, this_month)
}

fn region_of(tenants: &[RawTenant], t: &RawTenant) -> Option<Uuid> {
    let by_id = |id: Uuid| tenants.iter().find(|x| x.id == id);
    match t.kind.as_str() {
        "region" => Some(t.id),
        "commune" => t.parent.and_then(by_id).and_then(|p| p.parent),
        _ => t.parent,
    }
}

fn province_of(t: &RawTenant) -> Option<Uuid> {
    match t.kind.as_str() {
        "province" | "prefecture" => Some(t.id),
        "commune" => t.parent,
        _ => None,
    }
}

/// `percentile_cont` over sorted values.
fn cont(sorted: &[f64], f: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = f * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{what}: {x} ≠ {y}"),
        (x, y) => assert_eq!(x.is_some(), y.is_some(), "{what}: {x:?} vs {y:?}"),
    }
}

/// Checks an area's figures against its members' expected figures.
fn check_area(name: &str, got: &rollup::AreaStats, members: &[&Expected]) {
    assert_eq!(got.collectivities, members.len() as i64, "{name}: count");
    let with: Vec<&&Expected> = members.iter().filter(|e| e.has_programme).collect();
    assert_eq!(
        got.with_programme,
        with.len() as i64,
        "{name}: with programme"
    );
    let mut values: Vec<f64> = with.iter().map(|e| e.progress.unwrap() as f64).collect();
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    close(got.q1, cont(&values, 0.25), &format!("{name}: q1"));
    close(got.median, cont(&values, 0.5), &format!("{name}: median"));
    close(got.q3, cont(&values, 0.75), &format!("{name}: q3"));
    close(
        got.mean,
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64),
        &format!("{name}: mean"),
    );
    assert_eq!(
        got.min,
        with.iter().map(|e| e.progress.unwrap()).min(),
        "{name}: min"
    );
    assert_eq!(
        got.max,
        with.iter().map(|e| e.progress.unwrap()).max(),
        "{name}: max"
    );
    let sum = |f: fn(&Expected) -> i32| members.iter().map(|e| f(e) as i64).sum::<i64>();
    assert_eq!(got.projects, sum(|e| e.projects), "{name}: projects");
    assert_eq!(got.projects_done, sum(|e| e.done), "{name}: done projects");
    assert_eq!(got.projects_late, sum(|e| e.late), "{name}: late projects");
    assert_eq!(
        got.projects_in_progress,
        sum(|e| e.in_progress),
        "{name}: in progress"
    );
    assert_eq!(
        got.projects_not_started,
        sum(|e| e.not_started),
        "{name}: not started"
    );
    assert_eq!(got.activities, sum(|e| e.activities), "{name}: activities");
    assert_eq!(
        got.activities_done,
        sum(|e| e.activities_done),
        "{name}: activities done"
    );
    assert_eq!(
        got.activities_late,
        sum(|e| e.activities_late),
        "{name}: activities late"
    );
    assert_eq!(
        got.stage_none,
        with.iter().filter(|e| e.stage.is_none()).count() as i64,
        "{name}: no stage"
    );
    for (i, s) in rollup::STAGES.iter().enumerate() {
        let mut since: Vec<Date> = members
            .iter()
            .filter(|e| e.stage.as_deref() == Some(*s))
            .filter_map(|e| e.stage_since)
            .collect();
        since.sort();
        let n = members
            .iter()
            .filter(|e| e.stage.as_deref() == Some(*s))
            .count() as i64;
        // percentile_disc(0.5): the first value whose position reaches half.
        let median = (!since.is_empty())
            .then(|| since[((0.5 * since.len() as f64).ceil() as usize).max(1) - 1]);
        assert_eq!(got.stages[i], (n, median), "{name}: stage {s}");
    }
    let mut pillars: BTreeMap<String, i64> = BTreeMap::new();
    for e in members {
        for (p, n) in &e.pillars {
            *pillars.entry(p.clone()).or_default() += n;
        }
    }
    let got_pillars: BTreeMap<String, i64> = got.pillars.iter().cloned().collect();
    assert_eq!(got_pillars, pillars, "{name}: pillars");
}

fn check_months(name: &str, got: &[rollup::MonthPoint], members: &[&Expected], this_month: Date) {
    let mut by_month: BTreeMap<Date, Vec<f64>> = BTreeMap::new();
    for e in members {
        for (m, v) in &e.months {
            if *m <= this_month {
                by_month.entry(*m).or_default().push(*v as f64);
            }
        }
    }
    assert_eq!(got.len(), by_month.len(), "{name}: months");
    for (p, (m, values)) in got.iter().zip(by_month.iter_mut()) {
        values.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(p.month, *m, "{name}");
        assert_eq!(p.collectivities, values.len() as i64, "{name} {m}: count");
        close(
            Some(p.mean),
            Some(values.iter().sum::<f64>() / values.len() as f64),
            &format!("{name} {m}: mean"),
        );
        close(Some(p.q1), cont(values, 0.25), &format!("{name} {m}: q1"));
        close(
            Some(p.median),
            cont(values, 0.5),
            &format!("{name} {m}: median"),
        );
        close(Some(p.q3), cont(values, 0.75), &format!("{name} {m}: q3"));
    }
}

async fn check_everything(db: &TestDb) -> Snapshot {
    let (tenants, expected, this_month) = brute_force(db).await;
    let mut nat = national_conn(db).await;
    let snap = rollup::load(&mut nat).await.unwrap();
    // Each collectivity.
    assert_eq!(snap.collectivities.len(), tenants.len());
    for t in &tenants {
        let e = &expected[&t.id];
        let c = snap
            .get(t.id)
            .expect("every collectivity is in the snapshot");
        let got = Expected {
            has_programme: c.has_programme,
            progress: c.progress,
            projects: c.projects,
            done: c.projects_done,
            late: c.projects_late,
            in_progress: c.projects_in_progress,
            not_started: c.projects_not_started,
            activities: c.activities,
            activities_done: c.activities_done,
            activities_late: c.activities_late,
            stage: c.stage.clone(),
            stage_since: c.stage_since,
            last_progress_at: c.last_progress_at,
            pillars: e.pillars.clone(),
            months: snap.collectivity_months(t.id),
            evaluated_projects: c.evaluated_projects,
            evaluated_reported: c.evaluated_reported,
            evaluated_progress: c.evaluated_progress,
        };
        assert_eq!(&got, e, "collectivity {} ({})", c.slug, c.kind);
        assert_eq!(c.region_id, region_of(&tenants, t), "{}", c.slug);
        assert_eq!(c.province_id, province_of(t), "{}", c.slug);
    }
    // Each area.
    let all: Vec<&Expected> = tenants.iter().map(|t| &expected[&t.id]).collect();
    check_area("nation", &snap.area(Area::Nation), &all);
    check_months("nation", &snap.nation_months, &all, this_month);
    let mut areas = 1;
    for t in &tenants {
        let (area, members): (Area, Vec<&Expected>) = match t.kind.as_str() {
            "region" => (
                Area::Region(t.id),
                tenants
                    .iter()
                    .filter(|x| region_of(&tenants, x) == Some(t.id))
                    .map(|x| &expected[&x.id])
                    .collect(),
            ),
            "province" | "prefecture" => (
                Area::Province(t.id),
                tenants
                    .iter()
                    .filter(|x| province_of(x) == Some(t.id))
                    .map(|x| &expected[&x.id])
                    .collect(),
            ),
            _ => continue,
        };
        areas += 1;
        let name = format!("{} {}", t.kind, t.id);
        check_area(&name, &snap.area(area), &members);
        // Months of every area with programmes in the slice (the others are empty both ways).
        if members.iter().any(|e| e.has_programme) {
            let got = snap.months(area);
            check_months(&name, &got, &members, this_month);
        }
    }
    assert_eq!(
        areas,
        1 + 12 + 83,
        "the nation, 12 regions, 83 provinces and prefectures"
    );
    // The edge cases are in the data.
    assert!(
        all.iter().any(|e| !e.has_programme),
        "collectivities without programme"
    );
    assert!(
        all.iter().any(|e| e.has_programme && e.projects == 0),
        "a programme without projects"
    );
    assert!(
        all.iter().filter(|e| e.evaluated_projects > 0).count() > 20
            && all
                .iter()
                .any(|e| e.has_programme && e.evaluated_projects == 0),
        "collectivities evaluated by their committees, and others not"
    );
    let mut admin = db.admin_conn().await;
    let empty_projects: i64 = sqlx::query_scalar(
        "select count(*) from projects p where p.published and not exists (select 1 from activities a where a.project_id = p.id)",
    )
    .fetch_one(&mut admin)
    .await
    .unwrap();
    assert!(empty_projects > 0, "published projects without activities");
    snap
}

#[tokio::test]
async fn the_roll_ups_equal_a_brute_force_computation_at_every_level() {
    let db = TestDb::new().await;
    national_slice(&db).await;
    let (empty, drafted) = edge_cases(&db).await;
    let snap = check_everything(&db).await;
    let e = snap.get(empty).unwrap();
    assert!(e.has_programme && e.progress == Some(0) && e.projects == 0);
    let d = snap.get(drafted).unwrap();
    assert!(!d.has_programme && d.progress.is_none() && d.projects == 0);
    // The region of Tanger has only one prefecture's communes in the slice: the rest count as "no programme".
    let tanger = snap.by_slug("region-tanger-tetouan-al-hoceima").unwrap().id;
    let t = snap.area(Area::Region(tanger));
    assert!(t.without_programme() > 100 && t.with_programme > 5, "{t:?}");

    // Changes written as the application writes them — progress, a
    // publication, a deletion — keep the summaries equal to the brute force
    // (the triggers recompute the collectivity they touched).
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&db.app_url())
        .await
        .unwrap();
    let mut admin = db.admin_conn().await;
    let kenitra = id_of(&mut admin, "kenitra").await;
    let (activity, version): (Uuid, i32) = sqlx::query_as(
        "select a.id, a.version from activities a join projects p on p.id = a.project_id
          where a.tenant_id = $1 and p.published order by a.end_month limit 1",
    )
    .bind(kenitra)
    .fetch_one(&mut admin)
    .await
    .unwrap();
    let mut tx = TenantTx::begin(&pool, TenantId(kenitra)).await.unwrap();
    infitah_plans::write::set_progress(
        &mut tx,
        activity,
        version,
        infitah_plans::write::Progress {
            completion: infitah_plans::write::Percent::parse("100").unwrap(),
            note: Some("fait"),
            evidence: None,
            at: None,
        },
        infitah_plans::write::Actor {
            id: Uuid::now_v7(),
            name: "Test",
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (draft, published): (Uuid, Uuid) = sqlx::query_as(
        "select (select id from projects where tenant_id = $1 and not published limit 1),
                (select id from projects where tenant_id = $1 and published order by position desc limit 1)",
    )
    .bind(kenitra)
    .fetch_one(&mut admin)
    .await
    .unwrap_or((Uuid::nil(), Uuid::nil()));
    let mut tx = TenantTx::begin(&pool, TenantId(kenitra)).await.unwrap();
    if !draft.is_nil() {
        infitah_plans::write::set_published(&mut tx, draft, true, None)
            .await
            .unwrap();
    }
    sqlx::query("delete from projects where id = $1")
        .bind(published)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    check_everything(&db).await;

    // The committee records evaluations as the application does: a later
    // period on one project, "no evidence" (no measure) on another.
    let evaluable: Vec<Uuid> = sqlx::query_scalar(
        "select id from projects where tenant_id = $1 and published order by position limit 2",
    )
    .bind(kenitra)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    let mut tx = TenantTx::begin(&pool, TenantId(kenitra)).await.unwrap();
    for (project, level) in evaluable.iter().zip(["complete", "no_evidence"]) {
        let e = infitah_plans::evaluation::NewEvaluation {
            period: infitah_plans::evaluation::Period::parse("2026-H2").unwrap(),
            level: infitah_plans::evaluation::Level::parse(level).unwrap(),
            justification: "Vérifié par le comité".into(),
            evidence_urls: vec![],
        };
        infitah_plans::evaluation::record(&mut tx, *project, &e, Uuid::now_v7(), None)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let snap = check_everything(&db).await;
    assert!(snap.get(kenitra).unwrap().evaluated_projects > 0);
}

// ---------------------------------------------------------------------------
// Pages.

const NATIONAL_PAGES: &[&str] = &[
    "/",
    "/?sort=median&dir=desc",
    "/regions/region-rabat-sale-kenitra",
    "/regions/region-rabat-sale-kenitra?sort=without&dir=desc",
    "/provinces/province-kenitra",
    "/provinces/province-kenitra?sort=progress&dir=asc",
    "/collectivities/kenitra",
    "/collectivities/province-kenitra",
    "/collectivities/region-rabat-sale-kenitra",
];

#[tokio::test]
async fn no_draft_reaches_any_national_page_and_managers_alone_see_their_pages() {
    let db = TestDb::new().await;
    let settings = national_slice(&db).await;
    let (_, drafted) = edge_cases(&db).await;
    let app = TestApp::spawn(settings).await;
    let mut admin = db.admin_conn().await;
    let kenitra = id_of(&mut admin, "kenitra").await;
    let drafted_slug: String = sqlx::query_scalar("select slug from tenants where id = $1")
        .bind(drafted)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    // A draft project with a title found nowhere else, in a published programme.
    let secret = format!("مشروع سري {}", Uuid::new_v4().simple());
    let secret_fr = format!("Projet secret {}", Uuid::new_v4().simple());
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&db.app_url())
        .await
        .unwrap();
    let programme: Uuid =
        sqlx::query_scalar("select id from programmes where tenant_id = $1 and published")
            .bind(kenitra)
            .fetch_one(&mut admin)
            .await
            .unwrap();
    let mut tx = TenantTx::begin(&pool, TenantId(kenitra)).await.unwrap();
    let draft = infitah_plans::write::create_project(
        &mut tx,
        programme,
        &infitah_plans::model::Bilingual::new(Some(secret.clone()), Some(secret_fr.clone())),
    )
    .await
    .unwrap();
    sqlx::query("insert into project_pillars (tenant_id, project_id, pillar) values ($1, $2, 'digitalisation')")
        .bind(kenitra)
        .bind(draft)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut pages: Vec<String> = NATIONAL_PAGES.iter().map(|p| p.to_string()).collect();
    pages.push(format!("/collectivities/{drafted_slug}"));
    for lang in ["ar", "fr"] {
        let mut visitor = Browser::new(&app, "localhost");
        visitor.cookies.insert("lang".into(), lang.into());
        for p in &pages {
            let page = visitor.get(p).await;
            assert_eq!(page.status, 200, "{p}");
            for hidden in [
                secret.as_str(),
                secret_fr.as_str(),
                "un programme brouillon",
            ] {
                assert!(!page.body.contains(hidden), "{hidden} on {p}");
            }
            assert!(!page.body.contains("style="), "inline style on {p}");
            assert!(page.body.contains(&format!(r#"lang="{lang}-MA""#)), "{p}");
        }
    }
    // The draft programme's commune counts as "no programme yet", and says so.
    let mut visitor = Browser::new(&app, "localhost");
    visitor.cookies.insert("lang".into(), "fr".into());
    let card = visitor
        .get(&format!("/collectivities/{drafted_slug}"))
        .await;
    assert!(
        card.body.contains("pas encore publié son programme"),
        "{}",
        card.body
    );
    // The rule for medians is stated.
    let home = visitor.get("/").await;
    assert!(home.body.contains("en ont pas encore sont comptées à part"));
    // Sorting works without script: the regions by median, highest first.
    let sorted = visitor.get("/?sort=median&dir=desc").await;
    assert!(sorted.body.contains(r#"aria-sort="descending""#));
    // Unknown places are 404, not 500.
    for p in [
        "/regions/province-kenitra",
        "/provinces/nowhere",
        "/collectivities/nowhere",
        "/provinces/kenitra",
    ] {
        assert_eq!(visitor.get(p).await.status, 404, "{p}");
    }

    // The managers' pages: 404 for anonymous visitors and for commune staff.
    infitah_tests::staff(&app, "kenitra", "admin@kenitra.ma", "admin", "Gestionnaire").await;
    let mut commune = infitah_tests::sign_in(&app, "kenitra.localhost", "admin@kenitra.ma").await;
    for p in MANAGER_PAGES {
        assert_eq!(commune.get(p).await.status, 404, "{p}");
    }
    // The same session's cookie presented to the national host is worth nothing there.
    let mut borrowed = Browser::new(&app, "localhost");
    borrowed.cookies = commune.cookies.clone();
    for p in MANAGER_PAGES {
        assert_eq!(borrowed.get(p).await.status, 404, "{p}");
        assert_eq!(
            Browser::new(&app, "localhost").get(p).await.status,
            404,
            "{p}"
        );
    }
    infitah_tests::staff(
        &app,
        "national",
        "gestion@maroc.ma",
        "national_manager",
        "Gestionnaire",
    )
    .await;
    let mut manager = infitah_tests::sign_in(&app, "localhost", "gestion@maroc.ma").await;
    manager.cookies.insert("lang".into(), "fr".into());
    let home = manager.get("/manage").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains(r#"href="/manage/stale""#));
    let stale = manager.get("/manage/stale").await;
    assert_eq!(stale.status, 200);
    assert!(!stale.body.contains(&secret_fr));
    // Exactly the collectivities with a published programme and no change for 90 days.
    let expected: Vec<String> = sqlx::query_scalar(
        "select t.name_fr from national_programmes n join tenants t on t.id = n.tenant_id
          where coalesce(n.last_progress_at, n.programme_created) <= now() - interval '90 days' order by 1",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(!expected.is_empty(), "the slice has stale programmes");
    let rows = stale.body.matches(r#"<th scope="row">"#).count();
    assert_eq!(rows, expected.len(), "stale rows");
    for name in &expected {
        let shown = [
            name.clone(),
            name.replace('\'', "&#39;"),
            name.replace('\'', "&#x27;"),
        ];
        assert!(
            shown
                .iter()
                .any(|n| stale.body.contains(&format!(">{n}</a>"))),
            "{name}"
        );
    }
    // A signed-in manager sees the public pages too, rendered for them.
    let p = manager.get("/provinces/province-kenitra").await;
    assert!(p.status == 200 && p.body.contains("Gestionnaire"));

    // The gap report: one row per collectivity with an evaluated project, and
    // the nation's figures as the roll-ups give them.
    let gap = manager.get("/manage/gap").await;
    assert_eq!(gap.status, 200);
    assert!(!gap.body.contains(&secret_fr));
    let evaluated: i64 =
        sqlx::query_scalar("select count(*) from national_programmes where evaluated_projects > 0")
            .fetch_one(&mut admin)
            .await
            .unwrap();
    assert!(evaluated > 20, "the slice has evaluations");
    // Fifty rows a page, the pager leading through them all in the same order.
    let next = regex::Regex::new(r#"<a href="([^"]+)" rel="next""#).unwrap();
    let (mut rows, mut body, mut pages) = (0, gap.body.clone(), 1);
    loop {
        let gap_rows = body.split(r#"id="gap""#).nth(1).unwrap_or_default();
        let here = gap_rows.matches(r#"<th scope="row">"#).count();
        assert!(here <= 50, "{here} rows on page {pages}");
        rows += here as i64;
        let Some(link) = next.captures(gap_rows).map(|c| c[1].replace("&#38;", "&")) else {
            break;
        };
        assert!(link.contains("sort=gap&dir=desc&page="), "{link}");
        body = manager.get(&link).await.body;
        pages += 1;
    }
    assert_eq!(rows, evaluated);
    assert_eq!(pages as i64, (evaluated + 49) / 50);
    let beyond = manager.get("/manage/gap?page=9999").await;
    assert_eq!(beyond.status, 200, "a page past the end is the last one");
    // Its CSV: one line per evaluated collectivity, the gap exact.
    let csv = manager.get("/manage/gap.csv").await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.body.trim_end().lines().collect();
    assert_eq!(
        lines.len() as i64,
        evaluated + 1,
        "a header and one line each"
    );
    assert!(lines[0].ends_with("reported_progress,evaluated_progress,gap_points"));
    for l in &lines[1..] {
        let f: Vec<i64> = l
            .rsplitn(4, ',')
            .take(3)
            .map(|x| x.parse().unwrap())
            .collect();
        assert_eq!(f[0], f[2] - f[1], "gap = reported - evaluated: {l}");
    }
    assert!(
        !csv.body.contains(",'-"),
        "numbers are numbers, not neutralised text"
    );
    let sorted = manager.get("/manage/gap?sort=name&dir=asc").await;
    assert!(sorted.status == 200 && sorted.body.contains(r#"aria-sort="ascending""#));
    for lang in ["ar", "fr"] {
        manager.cookies.insert("lang".into(), lang.into());
        for p in MANAGER_PAGES {
            let page = manager.get(p).await;
            assert_eq!(page.status, 200, "{p} in {lang}");
            assert!(!page.body.contains("style="), "inline style on {p}");
        }
    }
    manager.cookies.insert("lang".into(), "fr".into());

    // Participation: visible contributions to published consultations only,
    // and no cell below 5 anywhere on the page.
    participation_fixture(&mut admin, kenitra, draft).await;
    let part = manager.get("/manage/participation").await;
    assert_eq!(part.status, 200);
    // 12 + 6 + 2 online, 5 on paper; the hidden one and the draft project's 9 left out.
    assert!(part.body.contains("25 contributions"), "{}", part.body);
    assert_no_small_cell(&part.body);
    // Drilling down: the region, then the province, then unknown or wrong areas.
    let region = manager
        .get("/manage/participation?area=region-rabat-sale-kenitra")
        .await;
    assert!(region.status == 200 && region.body.contains("25 contributions"));
    assert!(
        region
            .body
            .contains(r#"href="/manage/participation?area=province-kenitra""#)
    );
    assert_no_small_cell(&region.body);
    let province = manager
        .get("/manage/participation?area=province-kenitra")
        .await;
    assert!(province.status == 200 && province.body.contains(r#"href="/collectivities/kenitra""#));
    assert_no_small_cell(&province.body);
    let tanger = manager
        .get("/manage/participation?area=region-tanger-tetouan-al-hoceima")
        .await;
    assert!(
        tanger.status == 200 && tanger.body.contains("Aucune contribution"),
        "{}",
        tanger.body
    );
    for bad in ["kenitra", "nowhere", "%27%20or%201%3D1--"] {
        let page = manager
            .get(&format!("/manage/participation?area={bad}"))
            .await;
        assert_eq!(page.status, 404, "{bad}");
    }
}

const MANAGER_PAGES: &[&str] = &[
    "/manage",
    "/manage/stale",
    "/manage/participation",
    "/manage/participation?area=region-rabat-sale-kenitra",
    "/manage/gap",
    "/manage/gap.csv",
];

/// Every figure the page shows as exact is at least 5 (tables of the charts
/// and of the areas); small ones read "<5".
fn assert_no_small_cell(body: &str) {
    let mut exact = 0;
    let cells = body
        .split(r#"<td class="exact">"#)
        .skip(1)
        .chain(body.split(r#"<td class="num exact"><bdi>"#).skip(1));
    for part in cells {
        let figure: String = part
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ' ' || *c == '\u{202f}' || *c == '\u{a0}')
            .filter(char::is_ascii_digit)
            .collect();
        let n: i64 = figure.parse().expect("an exact figure is a number");
        assert!(n >= 5, "an exact cell of {n}");
        exact += 1;
    }
    assert!(
        exact > 0 || body.contains("&lt;5"),
        "the page shows figures"
    );
}

/// Contributions in Kénitra: to the programme's consultation, 12 citizens
/// aged 25–34, 6 associations aged 18–24 and 2 elected officials aged 45–59
/// online, and 5 citizens aged 60 and over on paper; one more hidden by
/// moderation; 9 from the private sector to a consultation on a draft
/// project, which is not published; and 7 more to a consultation of a draft
/// programme (the next period's), not published either.
async fn participation_fixture(admin: &mut PgConnection, tenant: Uuid, draft_project: Uuid) {
    sqlx::query(
        "with prog as (select id from programmes where tenant_id = $1 and published),
              k as (insert into consultations (tenant_id, id, programme_id, title_fr, opens_at, closes_at)
                    select $1, gen_random_uuid(), prog.id, 'Consultation sur le programme', now() - interval '2 days', now() + interval '10 days'
                      from prog returning id, programme_id),
              d as (insert into consultations (tenant_id, id, programme_id, project_id, opens_at, closes_at)
                    select $1, gen_random_uuid(), prog.id, $2, now() - interval '2 days', now() + interval '10 days'
                      from prog returning id),
              next as (insert into programmes (tenant_id, id, period_start, period_end, published)
                       values ($1, gen_random_uuid(), 2030, 2032, false) returning id),
              nk as (insert into consultations (tenant_id, id, programme_id, title_fr, opens_at, closes_at)
                     select $1, gen_random_uuid(), next.id, 'Brouillon de programme', now() - interval '2 days', now() + interval '10 days'
                       from next returning id),
              w as (insert into workshops (tenant_id, id, programme_id, kind, consultation_id, title_fr, held_on, place)
                    select $1, gen_random_uuid(), k.programme_id, 'consultative', k.id, 'Atelier', current_date, 'Salle'
                      from k returning id),
              a as (insert into accounts (tenant_id, id, email, display_name, password_hash, email_verified_at, lang)
                    select $1, gen_random_uuid(), 'participant' || g || '@example.ma', 'Participant ' || g, 'x', now(), 'fr'
                      from generate_series(1, 21) g returning id),
              online as (select id, row_number() over (order by id) as i from a)
         insert into comments (tenant_id, id, consultation_id, author_id, workshop_id, profile, age_bracket, body, hidden_at, hidden_reason)
         select $1, gen_random_uuid(), k.id, online.id, null,
                case when i <= 12 then 'citizen' when i <= 18 then 'association' when i <= 20 then 'elected' else 'citizen' end,
                case when i <= 12 then '25_34' when i <= 18 then '18_24' when i <= 20 then '45_59' else '25_34' end,
                'Avis', case when i = 21 then now() end, case when i = 21 then 'spam' end
           from online, k
         union all
         select $1, gen_random_uuid(), k.id, null, w.id, 'citizen', '60_plus', 'Sur papier', null, null
           from k, w, generate_series(1, 5)
         union all
         select $1, gen_random_uuid(), d.id, online.id, null, 'private_sector', '35_44', 'Brouillon', null, null
           from d, online where online.i <= 9
         union all
         select $1, gen_random_uuid(), nk.id, online.id, null, 'administration', '35_44', 'Programme brouillon', null, null
           from nk, online where online.i <= 7",
    )
    .bind(tenant)
    .bind(draft_project)
    .execute(&mut *admin)
    .await
    .expect("the participation fixture");
}

#[tokio::test]
async fn the_national_role_cannot_write_anything() {
    let db = TestDb::new().await;
    national_slice(&db).await;
    let mut nat = national_conn(&db).await;
    let tenant: Uuid = sqlx::query_scalar("select id from tenants where slug = 'kenitra'")
        .fetch_one(&mut nat)
        .await
        .unwrap();
    // It reads every collectivity…
    let programmes: i64 = sqlx::query_scalar("select count(*) from programmes")
        .fetch_one(&mut nat)
        .await
        .unwrap();
    assert!(programmes > 100);
    // …and writes nothing, whatever the table: the database refuses.
    let attempts = [
        format!(
            "insert into programmes (tenant_id, id, period_start, period_end) values ('{tenant}', gen_random_uuid(), 2030, 2031)"
        ),
        "update activities set completion = 100".to_owned(),
        "delete from progress_events".to_owned(),
        "delete from projects".to_owned(),
        "update national_programmes set progress = 100".to_owned(),
        "delete from national_months".to_owned(),
        format!(
            "insert into national_pillars (tenant_id, pillar, projects) values ('{tenant}', 'x', 1)"
        ),
        "update content_versions set version = version + 1".to_owned(),
        "update tenants set name_fr = 'X'".to_owned(),
        "delete from tenant_hosts".to_owned(),
        "update catalog_entries set label_fr = 'X'".to_owned(),
        format!("select national_refresh(array['{tenant}'::uuid])"),
        "create table national_scratch (x int)".to_owned(),
    ];
    for sql in &attempts {
        let err = sqlx::query(sql)
            .execute(&mut nat)
            .await
            .expect_err(&format!("the national role could run: {sql}"));
        let code = err
            .as_database_error()
            .and_then(|e| e.code())
            .map(|c| c.into_owned());
        assert_eq!(code.as_deref(), Some("42501"), "{sql}: {err}");
    }
    // Nothing changed.
    let mut admin = db.admin_conn().await;
    let again: i64 = sqlx::query_scalar("select count(*) from programmes")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(again, programmes);
    let (role_super, bypass): (bool, bool) = sqlx::query_as(
        "select rolsuper, rolbypassrls from pg_roles where rolname = 'infitah_national'",
    )
    .fetch_one(&mut admin)
    .await
    .unwrap();
    assert!(!role_super && !bypass);
}

#[tokio::test]
async fn a_change_of_progress_shows_on_the_next_national_read() {
    let db = TestDb::new().await;
    let settings = national_slice(&db).await;
    let app = TestApp::spawn(settings).await;
    let mut admin = db.admin_conn().await;
    let kenitra = id_of(&mut admin, "kenitra").await;
    let mut visitor = Browser::new(&app, "localhost");
    visitor.cookies.insert("lang".into(), "fr".into());
    let card = "/collectivities/kenitra";
    // Warm every cache (page cache, snapshot, fast path).
    let before = visitor.get(card).await.body;
    assert_eq!(visitor.get(card).await.body, before);
    let home_before = visitor.get("/").await.body;
    let before_progress: i16 =
        sqlx::query_scalar("select progress from national_programmes where tenant_id = $1")
            .bind(kenitra)
            .fetch_one(&mut admin)
            .await
            .unwrap();

    // An editor of Kénitra completes its first unfinished activity, through the back-office.
    // The one that moves the programme most: the longest unfinished activity of a small project.
    let (activity, version): (Uuid, i32) = sqlx::query_as(
        "select a.id, a.version from activities a join projects p on p.id = a.project_id
          where a.tenant_id = $1 and p.published and a.completion < 100
          order by (select count(*) from activities x where x.project_id = a.project_id),
                   a.end_month - a.start_month desc, a.completion, a.id
          limit 1",
    )
    .bind(kenitra)
    .fetch_one(&mut admin)
    .await
    .unwrap();
    infitah_tests::staff(
        &app,
        "kenitra",
        "editrice@kenitra.ma",
        "editor",
        "Gestionnaire",
    )
    .await;
    let mut editor = infitah_tests::sign_in(&app, "kenitra.localhost", "editrice@kenitra.ma").await;
    let project: Uuid = sqlx::query_scalar("select project_id from activities where id = $1")
        .bind(activity)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    let p = infitah_tests::set_progress(
        &mut editor,
        &project.to_string(),
        &activity.to_string(),
        version,
        "100",
        "terminé",
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);

    // What the brute force says Kénitra's progress now is…
    let (_, expected, _) = brute_force(&db).await;
    let now = expected[&kenitra].progress.unwrap();
    assert!(now > before_progress, "{before_progress} → {now}");
    // …is what the very next national read shows, though every cache was warm.
    let after = visitor.get(card).await.body;
    assert_ne!(after, before);
    assert!(
        after.contains(&format!(
            r#"<span class="big-number"><bdi>{now}&#160;%</bdi></span>"#
        )) || after.contains(&format!(
            "<span class=\"big-number\"><bdi>{now}\u{a0}%</bdi></span>"
        )),
        "{now} % not on the card"
    );
    assert_ne!(
        visitor.get("/").await.body,
        home_before,
        "the nation's figures moved too"
    );
}
