//! The statistics drawn: bar charts and the timeline, small counts
//! suppressed for the public.

use super::*;

/// A line of a horizontal bar chart, with its figure as the table shows it.
pub struct BarRow {
    pub label: String,
    pub figure: String,
    /// "exact", "small" or "masked".
    pub kind: &'static str,
    /// Widths in percent of the longest bar: online, then paper (staff); total (public).
    pub online_w: String,
    pub paper_w: String,
    pub online: i64,
    pub paper: i64,
    pub total: i64,
}

/// A column of the time chart.
pub struct Column {
    pub x: String,
    pub label_x: String,
    pub online_y: String,
    pub online_h: String,
    pub paper_y: String,
    pub paper_h: String,
    pub kind: &'static str,
    pub figure: String,
    /// The figure as the chart prints it, short in every language ("<5", "5+").
    pub short: String,
    pub figure_y: String,
    pub axis: String,
    pub period: String,
    pub online: i64,
    pub paper: i64,
    pub total: i64,
}

pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub rows: Vec<BarRow>,
}

pub struct TimeChart {
    pub title: String,
    pub width: i64,
    pub view_width: i64,
    pub columns: Vec<Column>,
    pub baseline: i64,
}

pub(super) fn figure(tr: &Tr, s: Shown) -> (String, &'static str) {
    match s {
        Shown::Exact(v) => (tr.number(v), "exact"),
        Shown::Small => (tr.t("stats-small"), "small"),
        Shown::Masked => (tr.t("stats-masked"), "masked"),
    }
}

/// The number of contributions in the heading: below the threshold, public
/// readers are told only that (none at all discloses no one).
pub(super) fn public_total(tr: &Tr, total: i64, exact: bool) -> String {
    if exact || total == 0 || total >= stats_model::THRESHOLD {
        tr.n("stats-total", total)
    } else {
        tr.t("stats-total-small")
    }
}

pub(super) fn pct(v: f64) -> String {
    format!("{:.2}", v.clamp(0.0, 100.0))
}

/// The height a public cell is drawn at: its value, or the most a small cell
/// may be, or the least a masked one is.
pub(super) fn drawn(s: Shown) -> i64 {
    match s {
        Shown::Exact(v) => v,
        Shown::Small => stats_model::THRESHOLD - 1,
        Shown::Masked => stats_model::THRESHOLD,
    }
}

/// The codes a catalogue still offers, in its order: the lines of a
/// breakdown (a retired code counts only in the records that carry it).
pub fn offered_codes(entries: &[CatalogEntry]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| !e.retired)
        .map(|e| e.code.clone())
        .collect()
}

/// The two charts of any view of participation, by profile and by age
/// bracket, each line labelled from its catalogue in the reader's language.
pub fn profile_and_age_charts(
    tr: &Tr,
    profiles: (&[(String, Tally)], &[CatalogEntry]),
    ages: (&[(String, Tally)], &[CatalogEntry]),
    exact: bool,
) -> Vec<Chart> {
    let labelled = |(lines, entries): (&[(String, Tally)], &[CatalogEntry])| {
        lines
            .iter()
            .map(|(c, t)| (label(entries, c, tr.lang), t.clone()))
            .collect::<Vec<_>>()
    };
    vec![
        bar_chart(
            tr,
            "profile",
            tr.t("stats-by-profile"),
            &labelled(profiles),
            exact,
        ),
        bar_chart(tr, "age", tr.t("stats-by-age"), &labelled(ages), exact),
    ]
}

pub fn bar_chart(
    tr: &Tr,
    id: &'static str,
    title: String,
    lines: &[(String, Tally)],
    exact: bool,
) -> Chart {
    let totals: Vec<i64> = lines.iter().map(|(_, t)| t.total()).collect();
    let shown: Vec<Shown> = if exact {
        totals.iter().map(|v| Shown::Exact(*v)).collect()
    } else {
        stats_model::suppress(&totals)
    };
    let max = shown.iter().map(|s| drawn(*s)).max().unwrap_or(0).max(1) as f64;
    let rows = lines
        .iter()
        .zip(shown)
        .map(|((label, t), s)| {
            let (fig, kind) = figure(tr, s);
            let (online_w, paper_w) = if exact {
                (t.online as f64 * 100.0 / max, t.paper as f64 * 100.0 / max)
            } else {
                (drawn(s) as f64 * 100.0 / max, 0.0)
            };
            BarRow {
                label: label.clone(),
                figure: fig,
                kind,
                online_w: pct(online_w),
                paper_w: pct(paper_w),
                online: t.online,
                paper: t.paper,
                total: t.total(),
            }
        })
        .collect();
    Chart { id, title, rows }
}

pub(super) const COL_W: i64 = 30;
pub(super) const COL_GAP: i64 = 10;
pub(super) const PLOT_H: i64 = 140;
pub(super) const TOP: i64 = 18;

pub(super) fn time_chart(
    tr: &Tr,
    lang: Lang,
    title: String,
    b: &Breakdown,
    exact: bool,
) -> TimeChart {
    let totals: Vec<i64> = b.periods.iter().map(|(_, t)| t.total()).collect();
    let shown: Vec<Shown> = if exact {
        totals.iter().map(|v| Shown::Exact(*v)).collect()
    } else {
        stats_model::suppress(&totals)
    };
    let max = shown.iter().map(|s| drawn(*s)).max().unwrap_or(0).max(1) as f64;
    let baseline = TOP + PLOT_H;
    let columns = b
        .periods
        .iter()
        .zip(shown)
        .enumerate()
        .map(|(i, ((d, t), s))| {
            let x = COL_GAP + i as i64 * (COL_W + COL_GAP);
            let (fig, kind) = figure(tr, s);
            let (on, pa) = if exact {
                (t.online as f64, t.paper as f64)
            } else {
                (drawn(s) as f64, 0.0)
            };
            let online_h = on * PLOT_H as f64 / max;
            let paper_h = pa * PLOT_H as f64 / max;
            let top = baseline as f64 - online_h - paper_h;
            let (axis, period) = match b.period {
                Some(Period::Month) => (
                    format!("{:02}/{}", d.month() as u8, d.year() % 100),
                    infitah_platform::texts::month_label(lang, *d),
                ),
                _ => (
                    format!("{}/{}", d.day(), d.month() as u8),
                    tr.s("stats-week-of", &day_label(lang, *d)),
                ),
            };
            Column {
                x: x.to_string(),
                label_x: (x + COL_W / 2).to_string(),
                online_y: format!("{:.1}", baseline as f64 - online_h),
                online_h: format!("{online_h:.1}"),
                paper_y: format!("{top:.1}"),
                paper_h: format!("{paper_h:.1}"),
                kind,
                short: match s {
                    Shown::Exact(v) => v.to_string(),
                    Shown::Small => format!("<{}", stats_model::THRESHOLD),
                    Shown::Masked => format!("{}+", stats_model::THRESHOLD),
                },
                figure: fig,
                figure_y: format!("{:.1}", top - 4.0),
                axis,
                period,
                online: t.online,
                paper: t.paper,
                total: t.total(),
            }
        })
        .collect::<Vec<_>>();
    // A few weeks still get a chart of some width, their columns at its start.
    let view_width = (COL_GAP + columns.len() as i64 * (COL_W + COL_GAP)).max(320);
    TimeChart {
        title,
        width: view_width * 3 / 2,
        view_width,
        columns,
        baseline,
    }
}
