//! The programme's domain types and its arithmetic: how activities roll up
//! into a project's progress and projects into the programme's, and when an
//! activity is late. The rules are stated on the pages too.

use serde::Serialize;
use time::Date;
use uuid::Uuid;

pub use infitah_platform::texts::{Bilingual, Shown};

/// Where a project stands.
/// Where a project (or an activity) stands today: `late` once a month it
/// was due by is over unfinished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Late,
    Done,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Late,
        Status::Done,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Late => "late",
            Status::Done => "done",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// An activity as the roll-up sees it.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub start: Date,
    pub end: Date,
    pub completion: i16,
}

impl Span {
    /// Months covered, both ends included (October–December is 3).
    pub fn months(&self) -> i32 {
        (self.end.year() - self.start.year()) * 12
            + (self.end.month() as i32 - self.start.month() as i32)
            + 1
    }
    /// Late: its end month is over and it is not complete.
    pub fn is_late(&self, today: Date) -> bool {
        self.completion < 100 && first_of_next_month(self.end) <= today
    }
}

pub fn first_of_next_month(d: Date) -> Date {
    let (y, m) = if d.month() == time::Month::December {
        (d.year() + 1, time::Month::January)
    } else {
        (d.year(), d.month().next())
    };
    Date::from_calendar_date(y, m, 1).expect("first of a month exists")
}

/// A programme's progress: the plain mean of its projects' progress (each
/// project counts once). No projects: 0.
pub fn programme_progress(projects: &[i16]) -> i16 {
    if projects.is_empty() {
        return 0;
    }
    (projects.iter().map(|p| *p as i64).sum::<i64>() as f64 / projects.len() as f64).round() as i16
}

pub fn project_status(activities: &[Span], today: Date) -> Status {
    if !activities.is_empty() && activities.iter().all(|a| a.completion == 100) {
        Status::Done
    } else if activities.iter().any(|a| a.is_late(today)) {
        Status::Late
    } else if activities.iter().any(|a| a.completion > 0) {
        Status::InProgress
    } else {
        Status::NotStarted
    }
}

/// The process stages, in order.
pub const STAGES: [&str; 6] = [
    "axes",
    "workshops",
    "consultation",
    "approval",
    "implementation",
    "monitoring",
];

/// A stage with its dates.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub stage: String,
    pub planned_start: Option<Date>,
    pub planned_end: Option<Date>,
    pub actual_start: Option<Date>,
    pub actual_end: Option<Date>,
}

/// The current stage: the last one that has actually started (None before any).
pub fn current_stage(stages: &[Stage]) -> Option<&str> {
    STAGES
        .iter()
        .rev()
        .find(|s| {
            stages
                .iter()
                .any(|x| x.stage == **s && x.actual_start.is_some())
        })
        .copied()
}

#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    pub id: Uuid,
    pub period_start: i16,
    pub period_end: i16,
    pub title: Bilingual,
    pub published: bool,
}

/// The parts of a card that the council adopted (progress and history are
/// expected to move; these are not), as comparable JSON.
pub fn adopted_parts(card: &serde_json::Value) -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::{Value, json};
    let texts = |v: &Value| -> Value {
        Value::Array(
            v.as_array()
                .into_iter()
                .flatten()
                .map(|i| i["text"].clone())
                .collect(),
        )
    };
    let indicators = |v: &Value| -> Value {
        Value::Array(
            v.as_array()
                .into_iter()
                .flatten()
                .map(|i| json!([i["name"], i["unit"], i["baseline"], i["target"]]))
                .collect(),
        )
    };
    let activities = |v: &Value| -> Value {
        Value::Array(
            v.as_array()
                .into_iter()
                .flatten()
                .map(|a| json!([a["title"], a["start_month"], a["end_month"]]))
                .collect(),
        )
    };
    vec![
        ("field-title", card["title"].clone()),
        (
            "card-problem",
            json!([card["problem_category"], texts(&card["problems"])]),
        ),
        ("card-solution", texts(&card["solutions"])),
        ("card-pillars", card["pillars"].clone()),
        ("card-budget", card["budget_mad"].clone()),
        (
            "card-results",
            json!([card["outcomes"], texts(&card["results"])]),
        ),
        ("card-indicators", indicators(&card["indicators"])),
        ("card-activities", activities(&card["activities"])),
    ]
}

/// What changed in a card since the council adopted it: the message ids of
/// the parts that differ. None when the project was not in the adopted programme.
pub fn changes_since_adoption(
    snapshot: &serde_json::Value,
    id: Uuid,
    card: &serde_json::Value,
) -> Option<Vec<&'static str>> {
    let adopted = snapshot["projects"]
        .as_array()?
        .iter()
        .find(|p| p["id"].as_str() == Some(&id.to_string()))?;
    let (before, now) = (adopted_parts(adopted), adopted_parts(card));
    Some(
        before
            .into_iter()
            .zip(now)
            .filter(|(b, n)| b.1 != n.1)
            .map(|(b, _)| b.0)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn span(start: Date, end: Date, completion: i16) -> Span {
        Span {
            start,
            end,
            completion,
        }
    }

    #[test]
    fn roll_up() {
        let today = date!(2026 - 11 - 29);
        assert_eq!(project_status(&[], today), Status::NotStarted);
        let all_done = [
            span(date!(2024 - 10 - 01), date!(2024 - 12 - 01), 100),
            span(date!(2025 - 01 - 01), date!(2025 - 01 - 01), 100),
        ];
        assert_eq!(project_status(&all_done, today), Status::Done);
        let mixed = [
            span(date!(2027 - 01 - 01), date!(2027 - 03 - 01), 40),
            span(date!(2027 - 04 - 01), date!(2027 - 04 - 01), 0),
        ];
        assert_eq!(project_status(&mixed, today), Status::InProgress);
        // Kénitra's card: October–December 2024 at 0 %, seen in November 2026: late.
        let kenitra = [span(date!(2024 - 10 - 01), date!(2024 - 12 - 01), 0); 3];
        assert_eq!(project_status(&kenitra, today), Status::Late);
        // The end month itself is not over yet.
        let ending = [span(date!(2026 - 09 - 01), date!(2026 - 11 - 01), 50)];
        assert!(!ending[0].is_late(today));
        assert!(ending[0].is_late(date!(2026 - 12 - 01)));
        assert_eq!(programme_progress(&[]), 0);
        assert_eq!(programme_progress(&[0, 50, 100]), 50);
        assert_eq!(programme_progress(&[33, 34]), 34);
    }
}
