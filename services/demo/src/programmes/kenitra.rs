//! Kénitra: the card of the page the platform replaces, verbatim
//! (`data/kenitra.toml`), with the process stages its page states.

use super::*;

pub(super) fn kenitra() -> ProgrammePlan {
    let card = &*CARD;
    let stage = |stage, ps, pe, as_, ae| StageDates {
        stage,
        planned_start: ps,
        planned_end: pe,
        actual_start: as_,
        actual_end: ae,
    };
    ProgrammePlan {
        title: card.programme.bilingual(),
        stages: vec![
            stage(
                "axes",
                Some(date!(2020 - 10 - 01)),
                Some(date!(2020 - 11 - 30)),
                Some(date!(2020 - 10 - 12)),
                Some(date!(2020 - 12 - 04)),
            ),
            stage(
                "workshops",
                Some(date!(2021 - 01 - 04)),
                Some(date!(2021 - 03 - 31)),
                Some(date!(2021 - 01 - 18)),
                Some(date!(2021 - 04 - 16)),
            ),
            // "La période de la consultation est achevée (mai 2021)".
            stage(
                "consultation",
                Some(date!(2021 - 05 - 01)),
                Some(date!(2021 - 05 - 31)),
                Some(date!(2021 - 05 - 03)),
                Some(date!(2021 - 05 - 31)),
            ),
            // The council's ordinary session of May.
            stage(
                "approval",
                Some(date!(2024 - 05 - 01)),
                Some(date!(2024 - 05 - 31)),
                Some(date!(2024 - 05 - 07)),
                Some(date!(2024 - 05 - 07)),
            ),
            stage(
                "implementation",
                Some(date!(2024 - 07 - 01)),
                Some(date!(2026 - 12 - 31)),
                Some(date!(2024 - 10 - 01)),
                None,
            ),
            stage(
                "monitoring",
                Some(date!(2025 - 01 - 01)),
                Some(date!(2026 - 12 - 31)),
                None,
                None,
            ),
        ],
        projects: vec![ProjectPlan {
            title: &card.title,
            published: true,
            published_at: Some(at(date!(2024 - 10 - 01), 9, 0)),
            problem_category: &card.problem_category,
            problems: &card.problems,
            solutions: &card.solutions,
            pillars: &card.pillars,
            budget_mad: None,
            outcomes: &card.outcomes,
            results: &card.results,
            // Not stated on the card: no unit-less baseline or target.
            indicators: card
                .indicators
                .iter()
                .map(|i| IndicatorPlan {
                    name: i.name(),
                    unit: i.unit.as_deref(),
                    baseline: None,
                    target: None,
                    measurements: vec![],
                })
                .collect(),
            activities: card
                .activities
                .iter()
                .map(|title| ActivityPlan {
                    title,
                    start: date!(2024 - 10 - 01),
                    end: date!(2024 - 12 - 01),
                    events: vec![],
                })
                .collect(),
        }],
    }
}
