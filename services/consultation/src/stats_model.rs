//! The arithmetic of participation statistics: contributions counted by
//! profile, by age bracket and over time, online and on paper together, and
//! the rule that keeps public figures from pointing at anyone.
//!
//! # The suppression rule (public views)
//!
//! 1. **Small cells.** Any count below [`THRESHOLD`] (5) — zero included —
//!    is shown as "<5" ("أقل من 5"), never as its number.
//! 2. **One more cell masked.** The total of a consultation is public (its
//!    comment count is on the project page), so a table with small cells
//!    would let anyone subtract the cells shown from the total and get the
//!    small ones back. Whenever a table has at least one small cell, its
//!    smallest cell of 5 or more is masked too, shown as "5+" ("5 فأكثر").
//!    What the total then gives away is the sum of the hidden cells, shared
//!    between at least one cell that may be anything from 0 to 4 and one
//!    that may be anything from 5 up: no small cell can be recomputed (the
//!    one exact solution, a sum of 5, means the small cells are all zero,
//!    which discloses no one).
//! 3. Each table is one split of the same contributions (by profile, by age
//!    bracket, by week or month, online/paper); no table crosses two of
//!    them, so tables cannot be combined to isolate a cell.
//! 4. The two totals, online and on paper, are a table of their own under the
//!    same rule (a few paper contributions would otherwise be told exactly),
//!    and a grand total below the threshold is shown as "fewer than 5".
//!
//! Staff (any staff role of the collectivity) see exact numbers, with the
//! online/paper split of every cell, and download them as CSV.

use std::collections::BTreeMap;

use time::{Date, Duration};

/// Counts below this are never shown publicly.
pub const THRESHOLD: i64 = 5;

/// A public cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Exact(i64),
    /// Below the threshold.
    Small,
    /// At or above the threshold, masked so that a small cell cannot be recomputed.
    Masked,
}

/// Applies the rule to one table's counts (see the module's documentation).
pub fn suppress(values: &[i64]) -> Vec<Shown> {
    let mut out: Vec<Shown> = values
        .iter()
        .map(|&v| {
            if v < THRESHOLD {
                Shown::Small
            } else {
                Shown::Exact(v)
            }
        })
        .collect();
    if out.contains(&Shown::Small)
        && let Some((i, _)) = values
            .iter()
            .enumerate()
            .filter(|(_, v)| **v >= THRESHOLD)
            .min_by_key(|(i, v)| (**v, *i))
    {
        out[i] = Shown::Masked;
    }
    out
}

/// One category's contributions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub online: i64,
    pub paper: i64,
}

impl Tally {
    pub fn total(&self) -> i64 {
        self.online + self.paper
    }
}

/// A row of the database's grouping: (profile, age bracket, paper?, local week start, count).
#[derive(Debug, Clone)]
pub struct Group {
    pub profile: String,
    pub age_bracket: String,
    pub paper: bool,
    pub week: Date,
    pub n: i64,
}

/// The span of the time axis: by week, or by month when that would make too many weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
}

/// The contributions of a consultation (or of a project's consultations), split three ways.
#[derive(Debug, Clone, Default)]
pub struct Breakdown {
    /// In catalogue order, every entry present (zero when none).
    pub profiles: Vec<(String, Tally)>,
    pub ages: Vec<(String, Tally)>,
    /// Period starts, consecutive, from the first to the last.
    pub periods: Vec<(Date, Tally)>,
    pub period: Option<Period>,
    pub total: Tally,
}

/// More weeks than this are shown by month.
pub const MAX_WEEKS: i64 = 26;

fn month_start(d: Date) -> Date {
    d.replace_day(1).expect("day 1 exists")
}

fn next_month(d: Date) -> Date {
    let (y, m) = if d.month() == time::Month::December {
        (d.year() + 1, time::Month::January)
    } else {
        (d.year(), d.month().next())
    };
    Date::from_calendar_date(y, m, 1).expect("day 1 exists")
}

/// Builds the three splits. `profiles` and `ages` are the catalogues' codes in
/// order; `span` the weeks (Mondays) the time axis must at least cover.
pub fn breakdown(
    groups: &[Group],
    profiles: &[String],
    ages: &[String],
    span: Option<(Date, Date)>,
) -> Breakdown {
    let add = |t: &mut Tally, g: &Group| {
        if g.paper {
            t.paper += g.n
        } else {
            t.online += g.n
        }
    };
    let mut by_profile: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_age: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_week: BTreeMap<Date, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for g in groups {
        add(by_profile.entry(&g.profile).or_default(), g);
        add(by_age.entry(&g.age_bracket).or_default(), g);
        add(by_week.entry(g.week).or_default(), g);
        add(&mut total, g);
    }
    let ordered = |codes: &[String], m: &BTreeMap<&str, Tally>| {
        let mut out: Vec<(String, Tally)> = codes
            .iter()
            .map(|c| (c.clone(), m.get(c.as_str()).cloned().unwrap_or_default()))
            .collect();
        // A retired entry still carried by old contributions keeps its line.
        for (k, v) in m {
            if !codes.iter().any(|c| c == k) {
                out.push(((*k).to_owned(), v.clone()));
            }
        }
        out
    };
    let first = by_week
        .keys()
        .next()
        .copied()
        .into_iter()
        .chain(span.map(|s| s.0))
        .min();
    let last = by_week
        .keys()
        .next_back()
        .copied()
        .into_iter()
        .chain(span.map(|s| s.1))
        .max();
    let (periods, period) = match (first, last) {
        (Some(a), Some(b)) if (b - a).whole_weeks() < MAX_WEEKS => {
            let mut out = vec![];
            let mut d = a;
            while d <= b {
                out.push((d, by_week.get(&d).cloned().unwrap_or_default()));
                d += Duration::weeks(1);
            }
            (out, Some(Period::Week))
        }
        (Some(a), Some(b)) => {
            let mut months: BTreeMap<Date, Tally> = BTreeMap::new();
            for (w, t) in &by_week {
                let m = months.entry(month_start(*w)).or_default();
                m.online += t.online;
                m.paper += t.paper;
            }
            let mut out = vec![];
            let mut d = month_start(a);
            while d <= b {
                out.push((d, months.get(&d).cloned().unwrap_or_default()));
                d = next_month(d);
            }
            (out, Some(Period::Month))
        }
        _ => (vec![], None),
    };
    Breakdown {
        profiles: ordered(profiles, &by_profile),
        ages: ordered(ages, &by_age),
        periods,
        period,
        total,
    }
}

/// The Monday of a date's week.
pub fn week_start(d: Date) -> Date {
    d - Duration::days(d.weekday().number_days_from_monday() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn small_cells_and_one_more_are_hidden() {
        use Shown::*;
        assert_eq!(suppress(&[7, 6, 5]), vec![Exact(7), Exact(6), Exact(5)]);
        assert_eq!(
            suppress(&[1, 2, 3, 4, 5, 6, 7]),
            vec![Small, Small, Small, Small, Masked, Exact(6), Exact(7)]
        );
        assert_eq!(suppress(&[0, 40, 30]), vec![Small, Exact(40), Masked]);
        assert_eq!(suppress(&[3, 4]), vec![Small, Small]);
        assert_eq!(suppress(&[]), vec![]);
        // Ties: the first of the smallest.
        assert_eq!(suppress(&[9, 2, 9]), vec![Masked, Small, Exact(9)]);
    }

    /// Whatever the counts, the total minus what is shown never pins a small cell.
    #[test]
    fn a_small_cell_cannot_be_recomputed_from_the_total() {
        let tables: Vec<Vec<i64>> = vec![
            vec![1, 5],
            vec![4, 5, 100],
            vec![1, 2, 3, 4, 5, 6, 7],
            vec![2, 50],
            vec![0, 0, 3, 9],
        ];
        for t in tables {
            let shown = suppress(&t);
            let total: i64 = t.iter().sum();
            let visible: i64 = shown
                .iter()
                .map(|s| if let Shown::Exact(v) = s { *v } else { 0 })
                .sum();
            let hidden_sum = total - visible;
            let smalls = shown.iter().filter(|s| **s == Shown::Small).count() as i64;
            let masked = shown.iter().filter(|s| **s == Shown::Masked).count() as i64;
            assert_eq!(masked, 1, "{t:?}");
            // Each small cell can be 0 (the masked one absorbing the rest) …
            assert!(hidden_sum >= THRESHOLD * masked, "{t:?}");
            // … and, unless the small cells are all zero, more than one value.
            if t.iter().any(|v| (1..THRESHOLD).contains(v)) {
                assert!(hidden_sum > THRESHOLD, "{t:?}");
                let _ = smalls;
            }
        }
    }

    #[test]
    fn weeks_are_consecutive_and_months_when_long() {
        let g = |week: Date, paper: bool, n: i64| Group {
            profile: "citizen".into(),
            age_bracket: "18_24".into(),
            paper,
            week,
            n,
        };
        let codes = vec!["citizen".to_owned(), "other".to_owned()];
        let ages = vec!["18_24".to_owned()];
        let b = breakdown(
            &[
                g(date!(2021 - 05 - 03), false, 2),
                g(date!(2021 - 05 - 17), true, 3),
            ],
            &codes,
            &ages,
            None,
        );
        assert_eq!(b.period, Some(Period::Week));
        assert_eq!(b.periods.len(), 3);
        assert_eq!(b.periods[1].1.total(), 0);
        assert_eq!(
            b.profiles[0].1,
            Tally {
                online: 2,
                paper: 3
            }
        );
        assert_eq!(b.profiles[1].1.total(), 0);
        assert_eq!(b.total.total(), 5);
        let long = breakdown(
            &[g(date!(2021 - 01 - 04), false, 1)],
            &codes,
            &ages,
            Some((date!(2021 - 01 - 04), date!(2021 - 12 - 27))),
        );
        assert_eq!(long.period, Some(Period::Month));
        assert_eq!(long.periods.len(), 12);
        assert_eq!(week_start(date!(2021 - 05 - 09)), date!(2021 - 05 - 03));
    }
}
