//! The demo's action programmes. The platform replaces a page on which the
//! Commune of Kénitra shows one openness project
//! (`seed/kenitra-programme-card.txt`): that project is reproduced field by
//! field from `data/kenitra.toml`, its Arabic texts verbatim — typos, missing
//! hamzas and run-together words included — with a French translation of
//! each. The other demo communes get a programme drawn from the pool of
//! realistic open-government projects in `data/projects.toml`, picked and
//! scheduled deterministically from the commune's slug, so that every status
//! a page must show (done, late, in progress, not started, draft) exists,
//! with the progress history and the committee's evaluations behind it.
//!
//! Everything is written through plans' own functions (`infitah_plans::write`,
//! `evaluation::record`), as the back-office writes it, with the moment of
//! each change given so that the history reads as lived.
//!
//! Idempotent: a commune that already has a programme is left alone, so
//! running the demo twice changes nothing.

use std::{fmt, sync::LazyLock};

use infitah_plans::{
    evaluation::{self, Level, NewEvaluation, Period},
    repo,
    write::{self, Actor, CardFields, NewProgramme, Percent, Progress, StageDates, WriteError},
};
use infitah_platform::{
    db::{Db, TenantTx},
    texts::Bilingual,
};
use serde::Deserialize;
use time::{
    Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time,
    macros::{date, offset},
};
use uuid::Uuid;

mod kenitra;
mod pool;

use kenitra::kenitra;
use pool::generic;

use crate::{
    Commune,
    data::{self, Pair},
    rng::{Rng, fnv1a},
};

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Communes whose programme was created by this run.
    pub created: usize,
    /// Communes that already had a programme (left untouched).
    pub skipped: usize,
    pub projects: usize,
    pub activities: usize,
    pub progress_events: usize,
    pub evaluations: usize,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo programmes: {} created, {} skipped (already there); {} projects, {} activities, {} progress events, {} evaluations written",
            self.created,
            self.skipped,
            self.projects,
            self.activities,
            self.progress_events,
            self.evaluations
        )
    }
}

/// Seeds the programme of each commune that has none yet, one tenant
/// transaction per commune. The slug picks the content ("kenitra" gets the
/// card of the page we replace).
pub async fn seed(db: &Db, communes: &[Commune<'_>]) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    for c in communes {
        let mut tx = db.tenant_tx(c.id).await?;
        if repo::current_programme(&mut tx, true).await?.is_some() {
            tx.rollback().await?;
            report.skipped += 1;
            continue;
        }
        let plan = if c.slug == "kenitra" {
            kenitra()
        } else {
            generic(c.slug, c.name_ar, c.name_fr)
        };
        // The commune's team, as the history names it.
        let team = Uuid::now_v7();
        let programme = write_plan(&mut tx, &plan, team, &mut report)
            .await
            .map_err(|e| anyhow::anyhow!("demo programme of {}: {e}", c.slug))?;
        // Kénitra's card predates co-monitoring; the others' committees have evaluated.
        if c.slug != "kenitra" {
            report.evaluations += evaluate(&mut tx, programme, c.slug)
                .await
                .map_err(|e| anyhow::anyhow!("demo evaluations of {}: {e}", c.slug))?;
        }
        tx.commit().await?;
        report.created += 1;
    }
    Ok(report)
}

/// The co-monitoring committee's evaluations of a demo programme: its
/// published projects for the two half-years before the demo's date, a
/// little below what the commune reports (as committees tend to find), one
/// project with "no evidence".
async fn evaluate(tx: &mut TenantTx, programme: Uuid, slug: &str) -> Result<usize, sqlx::Error> {
    let why = &data().evaluation;
    let projects = repo::projects(tx, programme, false).await?;
    let committee = Uuid::now_v7();
    let mut rng = Rng::new(fnv1a(slug) ^ 0x636f_6d69_7465);
    let mut written = 0;
    for (i, p) in projects.iter().enumerate() {
        for (half, (period, month)) in [("2025-H2", Month::January), ("2026-H1", Month::July)]
            .into_iter()
            .enumerate()
        {
            let seen = p.progress as i64 * (half as i64 + 1) / 2 - rng.below(25) as i64;
            let (level, justification) = match seen {
                _ if i == 1 => (Level::NoEvidence, &why.none),
                s if s < 5 => (Level::NotStarted, &why.below),
                s if s < 50 => (Level::Limited, &why.below),
                s if s < 88 => (Level::Substantial, &why.verified),
                _ => (Level::Complete, &why.verified),
            };
            let recorded_at = at(
                Date::from_calendar_date(2026, month, 20).expect("a date"),
                10,
                0,
            );
            let e = NewEvaluation {
                period: Period::parse(period).expect("a half-year"),
                level,
                justification: justification.clone(),
                evidence_urls: vec![],
            };
            evaluation::record(tx, p.id, &e, committee, Some(recorded_at)).await?;
            written += 1;
        }
    }
    Ok(written)
}

// ---------------------------------------------------------------------------
// The data files.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Indicator {
    ar: String,
    fr: String,
    unit: Option<String>,
    /// The pool's indicators have both; the card states neither.
    baseline: Option<f64>,
    target: Option<f64>,
}

impl Indicator {
    fn name(&self) -> Bilingual {
        Bilingual::new(Some(self.ar.clone()), Some(self.fr.clone()))
    }
}

/// `data/kenitra.toml`: the card.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Card {
    programme: Pair,
    title: Pair,
    problem_category: String,
    pillars: Vec<String>,
    outcomes: Vec<String>,
    problems: Vec<Pair>,
    solutions: Vec<Pair>,
    results: Vec<Pair>,
    indicators: Vec<Indicator>,
    activities: Vec<Pair>,
}

/// `data/projects.toml`: the pool and the notes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pool {
    history: History,
    programme: Pair,
    evaluation: Justifications,
    template: Vec<Template>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct History {
    team: Pair,
    start: Pair,
    progress: Pair,
    done: Pair,
    delay: Pair,
    measurement_notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Justifications {
    verified: String,
    below: String,
    none: String,
}

/// A project of the pool.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Template {
    /// For evidence links.
    key: String,
    title: Pair,
    category: String,
    pillars: Vec<String>,
    outcomes: Vec<String>,
    budget_mad: Option<i64>,
    problems: Vec<Pair>,
    solutions: Vec<Pair>,
    results: Vec<Pair>,
    indicators: Vec<Indicator>,
    activities: Vec<Pair>,
}

static CARD: LazyLock<Card> =
    LazyLock::new(|| data::parse("kenitra.toml", include_str!("../../data/kenitra.toml")));
static POOL: LazyLock<Pool> =
    LazyLock::new(|| data::parse("projects.toml", include_str!("../../data/projects.toml")));

fn data() -> &'static Pool {
    &POOL
}

// ---------------------------------------------------------------------------
// A programme as it will be written.

struct ProgrammePlan {
    title: Bilingual,
    stages: Vec<StageDates>,
    projects: Vec<ProjectPlan>,
}

struct ProjectPlan {
    title: &'static Pair,
    published: bool,
    published_at: Option<OffsetDateTime>,
    problem_category: &'static str,
    problems: &'static [Pair],
    solutions: &'static [Pair],
    pillars: &'static [String],
    /// None: not stated (the card's "///").
    budget_mad: Option<i64>,
    outcomes: &'static [String],
    results: &'static [Pair],
    indicators: Vec<IndicatorPlan>,
    activities: Vec<ActivityPlan>,
}

struct IndicatorPlan {
    name: Bilingual,
    unit: Option<&'static str>,
    baseline: Option<f64>,
    target: Option<f64>,
    measurements: Vec<(Date, f64, Option<&'static str>)>,
}

struct ActivityPlan {
    title: &'static Pair,
    start: Date,
    end: Date,
    /// The changes that bring it from 0 to its completion.
    events: Vec<EventPlan>,
}

struct EventPlan {
    at: OffsetDateTime,
    actor: &'static str,
    old: i16,
    new: i16,
    note: Option<&'static str>,
    evidence_url: Option<String>,
}

/// A number as the back-office's form takes it.
fn number(v: f64) -> String {
    v.to_string()
}

/// Writes the plan as an editor would: the programme, its stages, each
/// project's card, publication, indicators and measurements, activities and
/// each change of their completion, at the moments the plan says.
async fn write_plan(
    tx: &mut TenantTx,
    plan: &ProgrammePlan,
    team: Uuid,
    report: &mut SeedReport,
) -> Result<Uuid, WriteError> {
    let programme = write::create_programme(
        tx,
        &NewProgramme {
            period: (2024, 2026),
            title: &plan.title,
            published: true,
        },
    )
    .await?;
    write::save_stages(tx, programme, &plan.stages).await?;
    for p in &plan.projects {
        let project = write::create_project(tx, programme, &p.title.bilingual()).await?;
        let card = CardFields {
            title: p.title.bilingual(),
            problem_category: Some(p.problem_category.to_owned()),
            problems: p.problems.iter().map(Pair::bilingual).collect(),
            solutions: p.solutions.iter().map(Pair::bilingual).collect(),
            results: p.results.iter().map(Pair::bilingual).collect(),
            pillars: p.pillars.to_vec(),
            outcomes: p.outcomes.to_vec(),
            budget_mad: p.budget_mad.map(|b| b.to_string()),
        };
        write::save_card(tx, project, 1, &card).await?;
        if p.published {
            write::set_published(tx, project, true, p.published_at).await?;
        }
        report.projects += 1;
        for ind in &p.indicators {
            let indicator = write::add_indicator(
                tx,
                project,
                &ind.name,
                ind.unit,
                ind.baseline.map(number).as_deref(),
                ind.target.map(number).as_deref(),
            )
            .await?;
            for (on, value, note) in &ind.measurements {
                let recorded = Some(at(*on, 12, 0));
                write::add_measurement(tx, indicator, *on, &number(*value), *note, team, recorded)
                    .await?;
            }
        }
        for a in &p.activities {
            let activity =
                write::add_activity(tx, project, &a.title.bilingual(), a.start, a.end).await?;
            report.activities += 1;
            // A new activity is at version 1; each change raises it.
            for (version, e) in (1..).zip(&a.events) {
                debug_assert!(e.old < e.new);
                let progress = Progress {
                    completion: Percent::new(e.new).expect("0–100"),
                    note: e.note,
                    evidence: e.evidence_url.as_deref(),
                    at: Some(e.at),
                };
                let by = Actor {
                    id: team,
                    name: e.actor,
                };
                write::set_progress(tx, activity, version, progress, by).await?;
                report.progress_events += 1;
            }
        }
    }
    Ok(programme)
}

/// A moment on a day, Moroccan time (UTC+1).
fn at(day: Date, hour: u8, minute: u8) -> OffsetDateTime {
    PrimitiveDateTime::new(day, Time::from_hms(hour, minute, 0).expect("valid time"))
        .assume_offset(offset!(+1))
}
