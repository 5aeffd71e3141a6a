//! The rows of one collectivity's synthetic programme, generated into CSV
//! buffers for COPY: a programme and its stages, 6 to 10 projects of
//! `data/synth.toml`, their activities, history and evaluations.

use std::{fmt::Write as _, sync::LazyLock};

use serde::Deserialize;
use time::{Date, Month};
use uuid::Uuid;

use infitah_plans::model::STAGES;

use super::{AS_OF, stable_id};
use crate::{
    data::{self, Pair},
    rng::{Rng, fnv1a},
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    programme: Pair,
    /// Who the history says made each change.
    team: String,
    /// An empty one is a change without a note.
    notes: Vec<String>,
    justifications: Vec<String>,
    project: Vec<ProjectText>,
    activity: Vec<Pair>,
    problem: Vec<Pair>,
    solution: Vec<Pair>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectText {
    title: Pair,
    pillars: Vec<String>,
    category: String,
}

static TEXTS: LazyLock<Texts> =
    LazyLock::new(|| data::parse("synth.toml", include_str!("../../data/synth.toml")));

/// One of `list`, drawn.
fn pick<'a, T>(rng: &mut Rng, list: &'a [T]) -> &'a T {
    &list[rng.range(0, list.len() as i64 - 1) as usize]
}

/// The half-years the synthetic committees evaluated, and when they recorded each.
const EVALUATION_PERIODS: [(&str, &str); 2] = [
    ("2025-H2", "2026-01-20 10:00:00+01"),
    ("2026-H1", "2026-07-20 10:00:00+01"),
];

/// A committee's verdict on a project of this progress: mostly a little
/// below what the collectivity reports (`strictness` in 0..1), sometimes "no evidence".
fn evaluation_level(rng: &mut Rng, progress: f64, strictness: f64) -> &'static str {
    if rng.chance(0.04) {
        return "no_evidence";
    }
    let seen = progress * (1.0 - strictness * rng.unit()) + 10.0 * (rng.unit() - 0.5);
    match seen {
        s if s < 5.0 => "not_started",
        s if s < 50.0 => "limited",
        s if s < 88.0 => "substantial",
        _ => "complete",
    }
}

/// Month index 0 = January 2024.
fn month(i: i64) -> Date {
    let y = 2024 + i.div_euclid(12) as i32;
    let m = Month::try_from((i.rem_euclid(12) + 1) as u8).expect("a month");
    Date::from_calendar_date(y, m, 1).expect("the first of a month")
}

fn as_of_index() -> i64 {
    (AS_OF.0 as i64 - 2024) * 12 + AS_OF.1 as i64 - 1
}

/// A field of a CSV row for COPY: text quoted, None empty (NULL). Not
/// `platform::csv`, which writes exports for spreadsheets (a formula guard,
/// a byte-order mark): COPY must get the text as it is.
fn q(out: &mut String, v: Option<&str>) {
    if let Some(v) = v {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    }
}

/// A text's two fields, quoted.
fn pair(out: &mut String, t: &Pair) {
    q(out, Some(&t.ar));
    out.push(',');
    q(out, Some(&t.fr));
}

#[derive(Default)]
pub(super) struct Buffers {
    pub(super) programmes: String,
    pub(super) stages: String,
    pub(super) projects: String,
    pub(super) items: String,
    pub(super) pillars: String,
    pub(super) activities: String,
    pub(super) events: String,
    pub(super) evaluations: String,
}

/// What a collectivity was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Given {
    Nothing,
    DraftProgramme,
    Programme,
}

/// A collectivity being filled: its ids and what drives its rows.
struct Filling<'a> {
    code: &'a str,
    tenant: String,
    programme: Uuid,
    published: bool,
    /// Its programme reached implementation.
    implementing: bool,
    /// How fast it works (0.5–1).
    pace: f64,
    /// Its last update: now, or months ago when its updates stopped.
    last_event_month: i64,
    /// Its committee's strictness, when it has one that evaluates.
    committee: Option<f64>,
}

/// What one collectivity gets. Every draw comes from generators seeded by
/// its code, in a fixed order, so that a run writes the same rows as the last.
pub(super) fn generate(id: Uuid, code: &str, b: &mut Buffers) -> Given {
    let mut rng = Rng::new(fnv1a(code) ^ 0x6e61_7469_6f6e_616c);
    // About 6 % have nothing yet, 2 % only a draft programme: neither is published.
    let roll = rng.range(0, 99);
    if roll < 6 {
        return Given::Nothing;
    }
    let published = roll >= 8;
    let programme = stable_id(code, "programme", 0);
    let tenant = id.to_string();
    programme_row(b, &tenant, programme, published, &mut rng);
    let reach = stage_rows(b, &tenant, programme, &mut rng);

    // How fast this collectivity works, and whether its updates stopped (stale).
    let pace = 0.5 + 0.5 * rng.unit();
    let stale = rng.chance(0.12);
    let now = as_of_index();
    let last_event_month = if stale { now - rng.range(4, 9) } else { now };
    let implementing = reach >= 4;
    // Six in ten of those implementing have a committee that evaluates, each
    // with its own strictness (a generator of its own, so that the rest of
    // the data does not depend on it).
    let mut erng = Rng::new(fnv1a(code) ^ 0x6576_616c_7561_7465);
    let committee = (implementing && erng.chance(0.6)).then(|| 0.1 + 0.5 * erng.unit());
    let c = Filling {
        code,
        tenant,
        programme,
        published,
        implementing,
        pace,
        last_event_month,
        committee,
    };
    let projects = &TEXTS.project;
    let n_projects = rng.range(6, 10) as usize;
    let first = rng.range(0, projects.len() as i64 - 1) as usize;
    for p in 0..n_projects {
        let text = &projects[(first + p * 7) % projects.len()];
        project_rows(b, &c, p, text, &mut rng, &mut erng);
    }
    if published {
        Given::Programme
    } else {
        Given::DraftProgramme
    }
}

fn programme_row(b: &mut Buffers, tenant: &str, programme: Uuid, published: bool, rng: &mut Rng) {
    let created = format!(
        "2023-{:02}-{:02} 10:00:00+01",
        rng.range(9, 12),
        rng.range(1, 28)
    );
    let _ = write!(b.programmes, "{tenant},{programme},2024,2026,{created},");
    pair(&mut b.programmes, &TEXTS.programme);
    let _ = writeln!(b.programmes, ",{published}");
}

/// The six stages' dates; how far along the process it is (-1: not started,
/// 4: implementing, 5: monitoring).
fn stage_rows(b: &mut Buffers, tenant: &str, programme: Uuid, rng: &mut Rng) -> i64 {
    // Most are implementing.
    let reach: i64 = match rng.range(0, 99) {
        0..=1 => -1,
        2..=3 => 0,
        4..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        14..=83 => 4,
        _ => 5,
    };
    let shift = rng.range(0, 4);
    let plan: [(i64, i64); 6] = [(-4, -4), (-3, -3), (-2, -2), (-1, -1), (0, 35), (12, 35)];
    for (i, stage) in STAGES.iter().enumerate() {
        let (ps, pe) = (
            plan[i].0 + shift,
            plan[i].1 + if i >= 4 { 0 } else { shift },
        );
        let (started, ended) = ((i as i64) <= reach, (i as i64) < reach);
        let actual_start = started.then(|| month(ps + rng.range(0, 1)).to_string());
        let actual_end = (ended && i < 4).then(|| month(pe + 1).to_string());
        let _ = writeln!(
            b.stages,
            "{tenant},{programme},{stage},{},{},{},{}",
            month(ps),
            month(pe),
            actual_start.as_deref().unwrap_or(""),
            actual_end.as_deref().unwrap_or("")
        );
    }
    reach
}

/// Project `p` of the collectivity: its card, its activities and history,
/// its committee's evaluations.
fn project_rows(
    b: &mut Buffers,
    c: &Filling,
    p: usize,
    text: &ProjectText,
    rng: &mut Rng,
    erng: &mut Rng,
) {
    let (tenant, code) = (&c.tenant, c.code);
    let project = stable_id(code, "project", p);
    let draft = rng.chance(0.08);
    let budget = if rng.chance(0.6) {
        format!("true,{}", rng.range(5, 200) * 10_000)
    } else {
        "false,".to_owned()
    };
    let published_at = if draft { "" } else { "2024-02-01 09:00:00+01" };
    let _ = write!(b.projects, "{tenant},{project},{},{p},", c.programme);
    pair(&mut b.projects, &text.title);
    let _ = writeln!(
        b.projects,
        ",{},{published_at},{},{budget}",
        !draft, text.category
    );
    let (problem, solution) = (pick(rng, &TEXTS.problem), pick(rng, &TEXTS.solution));
    for (i, (kind, t)) in [("problem", problem), ("solution", solution)]
        .into_iter()
        .enumerate()
    {
        let item = stable_id(code, "item", p * 2 + i);
        let _ = write!(b.items, "{tenant},{item},{project},{kind},1,");
        pair(&mut b.items, t);
        b.items.push('\n');
    }
    for pillar in &text.pillars {
        let _ = writeln!(b.pillars, "{tenant},{project},{pillar}");
    }
    let progress = activity_rows(b, c, p, project, rng);
    if let Some(strictness) = c.committee.filter(|_| c.published && !draft) {
        evaluation_rows(b, c, (p, project), progress, strictness, erng);
    }
}

/// The project's activities and their history; its progress as plans
/// computes it (completion weighted by months).
fn activity_rows(b: &mut Buffers, c: &Filling, p: usize, project: Uuid, rng: &mut Rng) -> f64 {
    // One project in twenty has no activity yet.
    let n_activities = if rng.chance(0.05) {
        0
    } else {
        rng.range(3, 7) as usize
    };
    let activities = &TEXTS.activity;
    let afirst = rng.range(0, activities.len() as i64 - 1) as usize;
    let (mut weighted, mut months) = (0i64, 0i64);
    for a in 0..n_activities {
        let text = &activities[(afirst + a * 5) % activities.len()];
        let n = p * 16 + a;
        let activity = stable_id(c.code, "activity", n);
        let start = rng.range(0, 33);
        let end = (start + rng.range(0, 5)).min(35);
        let completion = completion(c, start, end, rng);
        weighted += completion * (end - start + 1);
        months += end - start + 1;
        let _ = write!(b.activities, "{},{activity},{project},{a},", c.tenant);
        pair(&mut b.activities, text);
        let _ = writeln!(
            b.activities,
            ",{},{},{completion}",
            month(start),
            month(end)
        );
        if completion > 0 {
            history(b, c, n, (project, activity), (start, end, completion), rng);
        }
    }
    if months > 0 {
        weighted as f64 / months as f64
    } else {
        0.0
    }
}

/// An activity's completion at the synthetic data's date.
fn completion(c: &Filling, start: i64, end: i64, rng: &mut Rng) -> i64 {
    if !c.implementing || start > c.last_event_month {
        0
    } else if end < c.last_event_month {
        if rng.chance(c.pace) {
            100
        } else {
            rng.range(0, 9) * 10
        }
    } else {
        // Under way: at least a first step recorded, in its latest month.
        let share = (c.last_event_month - start + 1) as f64 / (end - start + 1) as f64;
        ((c.pace * share * 10.0).round() as i64 * 10).clamp(10, 90)
    }
}

/// The history: one to three steps up to the activity's completion, within its months.
fn history(
    b: &mut Buffers,
    c: &Filling,
    n: usize,
    (project, activity): (Uuid, Uuid),
    (start, end, completion): (i64, i64, i64),
    rng: &mut Rng,
) {
    let steps = rng.range(1, 3).min(completion / 10);
    let mut old = 0;
    let span_end = end.min(c.last_event_month);
    for s in 1..=steps {
        let new = if s == steps {
            completion
        } else {
            (completion * s / steps) / 10 * 10
        };
        let mon = start + (span_end - start) * s / steps;
        // Later steps, later days: the history reads in order even within a month.
        let day = rng.range(1, 9) + (s - 1) * 9;
        let hour = rng.range(8, 17);
        let note = pick(rng, &TEXTS.notes);
        let _ = write!(
            b.events,
            "{},{},{project},{activity},{}-{:02} {hour:02}:{:02}:00+01,",
            c.tenant,
            stable_id(c.code, "event", n * 4 + s as usize),
            month(mon).to_string().get(..7).unwrap_or_default(),
            day,
            rng.range(0, 59)
        );
        q(&mut b.events, Some(&TEXTS.team));
        let _ = write!(b.events, ",{old},{new},");
        q(&mut b.events, (!note.is_empty()).then_some(note.as_str()));
        b.events.push('\n');
        old = new;
    }
}

/// The co-monitoring committee's evaluations of project `p`, for each half-year.
fn evaluation_rows(
    b: &mut Buffers,
    c: &Filling,
    (p, project): (usize, Uuid),
    progress: f64,
    strictness: f64,
    erng: &mut Rng,
) {
    for (i, (period, at)) in EVALUATION_PERIODS.iter().enumerate() {
        // The earlier half-year saw less done.
        let then = progress * (i + 1) as f64 / EVALUATION_PERIODS.len() as f64;
        let level = evaluation_level(erng, then, strictness);
        let evaluation = stable_id(c.code, "evaluation", p * 4 + i);
        let _ = write!(
            b.evaluations,
            "{},{evaluation},{project},{period},{level},",
            c.tenant
        );
        let justification: &String = pick(erng, &TEXTS.justifications);
        q(&mut b.evaluations, Some(justification));
        let _ = writeln!(b.evaluations, ",{},{at}", stable_id(c.code, "committee", 0));
    }
}
