//! The other demo communes: 4 to 8 projects of the pool
//! (`data/projects.toml`) per commune, picked from its slug, each given a
//! scenario (done, late, in progress, not started, draft) and the schedule,
//! history and measurements that make its page show that scenario.

use super::*;
use crate::data::named;

/// Where a demo project stands today (2026-11-29).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Done,
    Late,
    InProgress,
    NotStarted,
}

/// A project of a commune's demo programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pick {
    template: usize,
    scenario: Scenario,
    published: bool,
}

/// The projects of a commune, from its slug alone: 4 to 8 distinct
/// templates; at least one done, one late and one in progress among the
/// published ones; one draft, not started.
fn pick(slug: &str) -> Vec<Pick> {
    let mut rng = Rng::new(fnv1a(slug));
    let count = 4 + rng.below(5) as usize;
    let mut templates: Vec<usize> = (0..data().template.len()).collect();
    rng.shuffle(&mut templates);
    let mut scenarios = vec![Scenario::Done, Scenario::Late, Scenario::InProgress];
    const MORE: [Scenario; 4] = [
        Scenario::InProgress,
        Scenario::Done,
        Scenario::Late,
        Scenario::NotStarted,
    ];
    let offset = rng.below(4) as usize;
    while scenarios.len() < count - 1 {
        scenarios.push(MORE[(offset + scenarios.len()) % MORE.len()]);
    }
    rng.shuffle(&mut scenarios);
    let mut picks: Vec<Pick> = scenarios
        .into_iter()
        .zip(&templates)
        .map(|(scenario, t)| Pick {
            template: *t,
            scenario,
            published: true,
        })
        .collect();
    let draft_at = rng.below(count as u64) as usize;
    picks.insert(
        draft_at,
        Pick {
            template: templates[count - 1],
            scenario: Scenario::NotStarted,
            published: false,
        },
    );
    picks
}

/// Months counted from January 2024 (0) to December 2026 (35).
const TODAY_MONTH: i32 = 34; // November 2026
const TODAY: Date = date!(2026 - 11 - 29);

fn month(m: i32) -> Date {
    let (y, mo) = (2024 + m.div_euclid(12), m.rem_euclid(12) as u8 + 1);
    Date::from_calendar_date(y, Month::try_from(mo).expect("a month"), 1).expect("a date")
}

fn last_day(m: i32) -> Date {
    month(m + 1).previous_day().expect("a date")
}

/// The activities' (start month, end month, completion) for a scenario.
fn schedule(scenario: Scenario, n: usize, rng: &mut Rng) -> Vec<(i32, i32, i16)> {
    let n32 = n as i32;
    if scenario == Scenario::NotStarted {
        // Everything starts around now and ends no earlier than this month.
        return (0..n32)
            .map(|i| {
                let start = 33 + i * 3 / n32;
                (start, (start + 1).clamp(TODAY_MONTH, 35), 0)
            })
            .collect();
    }
    let (a, b) = match scenario {
        Scenario::Done => {
            let a = rng.below(6) as i32;
            (a, a + 14 + rng.below(8) as i32)
        }
        _ => (4 + rng.below(10) as i32, 35),
    };
    let len = b - a + 1;
    let mut spans: Vec<(i32, i32, i16)> = (0..n32)
        .map(|i| {
            let start = a + i * len / n32;
            let mut end = a + (i + 1) * len / n32 - 1;
            if i + 1 < n32 && rng.below(2) == 0 {
                end += 1; // overlaps the next one by a month
            }
            (start, end.clamp(start, b), 0)
        })
        .collect();
    for s in &mut spans {
        s.2 = match scenario {
            Scenario::Done => 100,
            _ if s.1 < TODAY_MONTH => 100,
            _ if s.0 > TODAY_MONTH => 0,
            _ => 10 * (2 + rng.below(6) as i16),
        };
    }
    if scenario == Scenario::Late
        && let Some(s) = spans.iter_mut().rev().find(|s| s.1 < TODAY_MONTH)
    {
        s.2 = 10 * (3 + rng.below(6) as i16);
    }
    spans
}

/// The updates that brought an activity to its completion, dated inside its span.
fn history(
    slug: &str,
    key: &str,
    index: usize,
    (start, end, completion): (i32, i32, i16),
    late: bool,
    rng: &mut Rng,
) -> Vec<EventPlan> {
    if completion == 0 {
        return vec![];
    }
    let steps: Vec<i16> = if completion == 100 {
        match rng.below(4) {
            0 => vec![40, 100],
            1 => vec![30, 70, 100],
            2 => vec![25, 60, 85, 100],
            _ => vec![50, 100],
        }
    } else {
        let half = completion / 20 * 10;
        if half > 0 && half < completion && rng.below(3) > 0 {
            vec![half, completion]
        } else {
            vec![completion]
        }
    };
    let first = month(start);
    let last = last_day(end).min(TODAY - Duration::days(2));
    let days = (last - first).whole_days().max(1);
    let mut old = 0;
    steps
        .iter()
        .enumerate()
        .map(|(k, &new)| {
            let day = first + Duration::days(days * (k as i64 + 1) / (steps.len() as i64 + 1));
            let arabic = rng.below(2) == 0;
            let notes = &data().history;
            let note = if new == 100 {
                Some(&notes.done)
            } else if late && k + 1 == steps.len() {
                Some(&notes.delay)
            } else if k == 0 {
                Some(&notes.start)
            } else if rng.below(3) > 0 {
                Some(&notes.progress)
            } else {
                None
            };
            let evidence_url = (new == 100 && rng.below(2) == 0)
                .then(|| format!("https://www.{slug}.ma/actualites/{key}-{}", index + 1));
            let e = EventPlan {
                at: at(day, 9 + rng.below(8) as u8, (rng.below(4) * 15) as u8),
                actor: notes.team.in_(arabic),
                old,
                new,
                note: note.map(|n| n.in_(arabic)),
                evidence_url,
            };
            old = new;
            e
        })
        .collect()
}

pub(super) fn generic(slug: &str, name_ar: &str, name_fr: &str) -> ProgrammePlan {
    let seed = fnv1a(slug);
    let mut rng = Rng::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    let (stages, approval) = stages(seed, &mut rng);
    let projects = pick(slug)
        .into_iter()
        .enumerate()
        .map(|(position, p)| project(slug, seed, position, p, approval))
        .collect();
    let title = &data().programme;
    ProgrammePlan {
        title: Bilingual::new(
            Some(named(&title.ar, name_ar)),
            Some(named(&title.fr, &of_fr(name_fr))),
        ),
        stages,
        projects,
    }
}

/// The six stages' dates, a few days apart from one commune to the next,
/// and the day the council approved the programme.
fn stages(seed: u64, rng: &mut Rng) -> (Vec<StageDates>, Date) {
    let shift = |rng: &mut Rng, d: Date, max: u64| d + Duration::days(rng.below(max) as i64);
    let approval = shift(rng, date!(2023 - 10 - 02), 10);
    let stage = |stage, ps, pe, as_, ae| StageDates {
        stage,
        planned_start: Some(ps),
        planned_end: Some(pe),
        actual_start: as_,
        actual_end: ae,
    };
    let axes_start = shift(rng, date!(2023 - 03 - 01), 10);
    let workshops_start = shift(rng, date!(2023 - 04 - 17), 10);
    let consultation_start = shift(rng, date!(2023 - 09 - 01), 7);
    let monitoring_started = !seed.is_multiple_of(3);
    let stages = vec![
        stage(
            "axes",
            date!(2023 - 03 - 01),
            date!(2023 - 03 - 31),
            Some(axes_start),
            Some(shift(rng, date!(2023 - 04 - 03), 10)),
        ),
        stage(
            "workshops",
            date!(2023 - 04 - 15),
            date!(2023 - 06 - 15),
            Some(workshops_start),
            Some(shift(rng, date!(2023 - 06 - 19), 12)),
        ),
        stage(
            "consultation",
            date!(2023 - 09 - 01),
            date!(2023 - 09 - 30),
            Some(consultation_start),
            Some(consultation_start + Duration::days(28)),
        ),
        // The council's ordinary session of October.
        stage(
            "approval",
            date!(2023 - 10 - 01),
            date!(2023 - 10 - 31),
            Some(approval),
            Some(approval),
        ),
        stage(
            "implementation",
            date!(2024 - 01 - 01),
            date!(2026 - 12 - 31),
            Some(date!(2024 - 01 - 02)),
            None,
        ),
        stage(
            "monitoring",
            date!(2024 - 07 - 01),
            date!(2026 - 12 - 31),
            monitoring_started.then(|| shift(rng, date!(2024 - 07 - 01), 20)),
            None,
        ),
    ];
    (stages, approval)
}

/// The project at `position` of the commune's programme, from its template and scenario.
fn project(slug: &str, seed: u64, position: usize, p: Pick, approval: Date) -> ProjectPlan {
    let t = &data().template[p.template];
    let mut rng = Rng::new(seed.wrapping_add(position as u64 * 7919));
    let spans = schedule(p.scenario, t.activities.len(), &mut rng);
    let first = spans.iter().map(|s| s.0).min().unwrap_or(0);
    let last = spans.iter().map(|s| s.1).max().unwrap_or(0);
    let activities = t
        .activities
        .iter()
        .zip(&spans)
        .enumerate()
        .map(|(i, (title, span))| ActivityPlan {
            title,
            start: month(span.0),
            end: month(span.1),
            events: history(
                slug,
                &t.key,
                i,
                *span,
                span.1 < TODAY_MONTH && span.2 < 100,
                &mut rng,
            ),
        })
        .collect();
    let indicators = t
        .indicators
        .iter()
        .map(|ind| indicator(ind, p.scenario, (first, last), &mut rng))
        .collect();
    ProjectPlan {
        title: &t.title,
        published: p.published,
        published_at: p
            .published
            .then(|| at(approval + Duration::days(14), 10, 0)),
        problem_category: &t.category,
        problems: &t.problems,
        solutions: &t.solutions,
        pillars: &t.pillars,
        // The amount differs a little from one commune to the next,
        // rounded to 5 000 dirhams.
        budget_mad: t
            .budget_mad
            .map(|b| b * (90 + ((seed >> 8) % 21) as i64) / 100 / 5_000 * 5_000),
        outcomes: &t.outcomes,
        results: &t.results,
        indicators,
        activities,
    }
}

/// An indicator of a template, with what was measured in this scenario.
fn indicator(
    ind: &'static Indicator,
    scenario: Scenario,
    (first, last): (i32, i32),
    rng: &mut Rng,
) -> IndicatorPlan {
    let (baseline, target) = (ind.baseline.unwrap_or(0.0), ind.target.unwrap_or(0.0));
    let value = |share: f64| {
        let v = baseline + (target - baseline) * share;
        if baseline.fract() == 0.0 && target.fract() == 0.0 {
            v.round()
        } else {
            (v * 10.0).round() / 10.0
        }
    };
    let notes = &data().history.measurement_notes;
    let note = notes
        .get(rng.below(notes.len() as u64 + 1) as usize)
        .map(String::as_str);
    let measurements = match scenario {
        Scenario::NotStarted => vec![],
        Scenario::Done => vec![
            (last_day((first + last) / 2), value(0.5), None),
            (
                last_day(last),
                value(0.85 + rng.below(16) as f64 / 100.0),
                note,
            ),
        ],
        Scenario::Late | Scenario::InProgress => vec![(
            last_day(if first < 29 { 29 } else { 33 }),
            value(0.2 + rng.below(40) as f64 / 100.0),
            note,
        )],
    };
    IndicatorPlan {
        name: ind.name(),
        unit: ind.unit.as_deref(),
        baseline: Some(baseline),
        target: Some(target),
        measurements,
    }
}

/// "de Fès", "d'Agadir", "d'Oujda".
fn of_fr(name: &str) -> String {
    let elides = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUYÂÉÈÊÎÔaeiouyâéèêîô".contains(c));
    if elides {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use infitah_plans::model::{Span, Status, project_status};

    const SLUGS: &[&str] = &[
        "rabat",
        "tanger",
        "fes",
        "marrakech",
        "agadir",
        "oujda",
        "sale",
        "casablanca",
        "a",
        "tiznit",
    ];

    fn status(scenario: Scenario, n: usize, seed: u64) -> Status {
        let spans: Vec<Span> = schedule(scenario, n, &mut Rng::new(seed))
            .into_iter()
            .map(|(s, e, c)| Span {
                start: month(s),
                end: month(e),
                completion: c,
            })
            .collect();
        project_status(&spans, TODAY)
    }

    #[test]
    fn picks_are_deterministic_and_complete() {
        for slug in SLUGS {
            let picks = pick(slug);
            assert_eq!(picks, pick(slug), "{slug}");
            assert!((4..=8).contains(&picks.len()), "{slug}: {}", picks.len());
            let mut templates: Vec<usize> = picks.iter().map(|p| p.template).collect();
            templates.sort();
            templates.dedup();
            assert_eq!(templates.len(), picks.len(), "{slug}: a template twice");
            let drafts: Vec<&Pick> = picks.iter().filter(|p| !p.published).collect();
            assert_eq!(drafts.len(), 1, "{slug}");
            assert_eq!(drafts[0].scenario, Scenario::NotStarted);
            for s in [Scenario::Done, Scenario::Late, Scenario::InProgress] {
                assert!(
                    picks.iter().any(|p| p.published && p.scenario == s),
                    "{slug}: no {s:?}"
                );
            }
        }
        // The demo communes do not all get the same number of projects.
        let mut sizes: Vec<usize> = SLUGS[..6].iter().map(|s| pick(s).len()).collect();
        sizes.dedup();
        assert!(sizes.len() > 1);
    }

    #[test]
    fn schedules_show_what_they_claim() {
        for seed in 0..200 {
            for n in 3..=6 {
                for (scenario, want) in [
                    (Scenario::Done, Status::Done),
                    (Scenario::Late, Status::Late),
                    (Scenario::InProgress, Status::InProgress),
                    (Scenario::NotStarted, Status::NotStarted),
                ] {
                    assert_eq!(
                        status(scenario, n, seed),
                        want,
                        "{scenario:?} n={n} seed={seed}"
                    );
                    for (s, e, _) in schedule(scenario, n, &mut Rng::new(seed)) {
                        assert!((0..=35).contains(&s) && s <= e && e <= 35);
                    }
                }
            }
        }
    }

    #[test]
    fn history_ends_at_the_completion_inside_the_span() {
        let mut rng = Rng::new(7);
        for span in [(3, 8, 100), (20, 35, 40), (10, 30, 60), (30, 35, 0)] {
            let events = history("rabat", "x", 0, span, span.1 < TODAY_MONTH, &mut rng);
            assert_eq!(events.last().map_or(0, |e| e.new), span.2);
            let mut old = 0;
            for e in &events {
                assert_eq!(e.old, old);
                assert!(e.new > e.old);
                old = e.new;
                let day = e.at.date();
                assert!(day >= month(span.0) && day <= last_day(span.1) && day < TODAY);
            }
        }
    }

    #[test]
    fn kenitra_is_the_card() {
        use super::super::kenitra;
        let plan = kenitra();
        let p = &plan.projects[0];
        assert_eq!(p.problems.len(), 16);
        assert_eq!(p.solutions.len(), 3);
        assert_eq!(p.results.len(), 3);
        assert_eq!(p.indicators.len(), 6);
        assert_eq!(p.activities.len(), 3);
        assert_eq!(p.budget_mad, None);
        for Pair { ar, fr } in p.problems.iter().chain(p.solutions).chain(p.results) {
            assert_eq!(ar.trim(), ar);
            assert!(!ar.contains('\u{f0fc}') && !ar.contains('•'));
            assert!(!fr.is_empty());
        }
        // The two indicator lines of the card, split at their natural boundaries.
        let names: Vec<&str> = p
            .indicators
            .iter()
            .map(|i| i.name.ar.as_deref().unwrap())
            .collect();
        assert_eq!(
            names[..3].join(" "),
            "عدد الطلبات المقدمة عن كل مجلس محلي عدد طلبات الترشيحات المقدمة مشاركة مصلحة الديمقراطية التشاركية التابعة للجماعة من اجل المساهمة في اعداد نماذج للقوانين الاساسية والانظمة الداخلية مؤقتا"
        );
        assert_eq!(
            names[3..].join(" "),
            "نسبة التطوع في برامج المشاركة المواطنة نوعية وعدد الاراء المقترحة المقدمة من طرف المجالس التي سيتم احداثها عدد التوصيات التي سترفع للمجلس الجماعي والقرارات التي سيتخذها المجلس انسجاما مع هاته التوصيات"
        );
    }

    #[test]
    fn french_elides_before_a_vowel() {
        assert_eq!(of_fr("Agadir"), "d'Agadir");
        assert_eq!(of_fr("Oujda"), "d'Oujda");
        assert_eq!(of_fr("Fès"), "de Fès");
    }

    #[test]
    fn templates_fit_the_schema() {
        assert_eq!(data().template.len(), 12);
        for t in &data().template {
            assert!((2..=4).contains(&t.problems.len()), "{}", t.key);
            assert!((2..=3).contains(&t.solutions.len()), "{}", t.key);
            assert!((1..=3).contains(&t.outcomes.len()), "{}", t.key);
            assert!((1..=2).contains(&t.results.len()), "{}", t.key);
            assert!((2..=3).contains(&t.indicators.len()), "{}", t.key);
            assert!((3..=6).contains(&t.activities.len()), "{}", t.key);
            for i in &t.indicators {
                assert!(i.unit.as_ref().is_none_or(|u| u.chars().count() <= 40));
                assert!(i.baseline.is_some() && i.target.is_some(), "{}", t.key);
            }
        }
    }
}
