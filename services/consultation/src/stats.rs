//! Participation statistics of a consultation and of a project (all its
//! consultations): contributions by profile, by age bracket and over time,
//! online and on paper together, hidden ones left out — as SVG charts drawn
//! on the server, each followed by its figures as a table. The public sees
//! them under the suppression rule of [`crate::stats_model`]; staff see exact
//! numbers and download them as CSV.

use askama::Template;
use axum::{Router, extract::Path, response::Response, routing::get};
use infitah_platform::catalog::CatalogEntry;
use infitah_platform::texts::Bilingual;
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    auth::{AnyStaff, Permission, Staff, Viewer},
    db::TenantTx,
    i18n::{Lang, Tr},
    tenancy::Tenant,
    web::{Shell, html_page},
};
use time::Date;
use uuid::Uuid;

use crate::{
    ideas_shared::{Catalogs, day_label, label},
    stats_model::{self, Breakdown, Group, Period, Shown, Tally},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/consultations/{id}/stats", get(consultation_page))
        .route("/consultations/{id}/stats.csv", get(consultation_csv))
        .route("/projects/{id}/participation", get(project_page))
        .route("/projects/{id}/participation.csv", get(project_csv))
}

/// Whether a viewer sees exact figures: a verified holder of a staff role here.
pub fn sees_exact(viewer: Option<&Viewer>) -> bool {
    viewer.is_some_and(|v| v.verified && AnyStaff::allows(&v.roles))
}

// ---------------------------------------------------------------------------
// Reading.

/// What the figures are about.
struct Scope {
    title: String,
    /// Where to go back to.
    back: String,
    back_label: String,
    consultations: Vec<Uuid>,
    span: Option<(Date, Date)>,
    csv: String,
}

struct ConsultationRow {
    id: Uuid,
    project_id: Option<Uuid>,
    title_ar: Option<String>,
    title_fr: Option<String>,
    opens_on: Date,
    until: Date,
}

async fn consultations_where(
    tx: &mut TenantTx,
    tz: &str,
    id: Option<Uuid>,
    project: Option<Uuid>,
) -> Result<Vec<ConsultationRow>, sqlx::Error> {
    sqlx::query_as!(
        ConsultationRow,
        r#"select id, project_id, title_ar, title_fr,
                  (opens_at at time zone $1)::date as "opens_on!",
                  (least(closes_at, now()) at time zone $1)::date as "until!"
             from consultations
            where ($2::uuid is null or id = $2) and ($3::uuid is null or project_id = $3)
            order by opens_at"#,
        tz,
        id,
        project
    )
    .fetch_all(tx.conn())
    .await
}

/// Whether the viewer may see this project (public by the rule, or staff).
async fn project_visible(
    tx: &mut TenantTx,
    project: Uuid,
    staff: bool,
    lang: Lang,
) -> Result<Option<String>, sqlx::Error> {
    Ok(infitah_plans::repo::list_projects(tx)
        .await?
        .into_iter()
        .find(|p| p.id == project && (p.public || staff))
        .map(|p| {
            Bilingual::new(p.title_ar, p.title_fr)
                .get(lang)
                .text
                .to_owned()
        }))
}

fn span_of(rows: &[ConsultationRow]) -> Option<(Date, Date)> {
    let a = rows.iter().map(|r| r.opens_on).min()?;
    let b = rows.iter().map(|r| r.until).max()?;
    (b >= a).then(|| (stats_model::week_start(a), stats_model::week_start(b)))
}

async fn consultation_scope(
    tx: &mut TenantTx,
    tr: &Tr<'_>,
    tenant: &Tenant,
    id: Uuid,
    staff: bool,
) -> AppResult<Scope> {
    let lang = tr.lang;
    let rows = consultations_where(tx, &tenant.record.time_zone, Some(id), None).await?;
    let c = rows.first().ok_or(AppError::NotFound)?;
    let project_title = match c.project_id {
        Some(p) => Some(
            project_visible(tx, p, staff, lang)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let own = Bilingual::new(c.title_ar.clone(), c.title_fr.clone());
    let title = match (own.get(lang).text, &project_title) {
        ("", Some(p)) => p.clone(),
        ("", None) => tr.t("stats-programme-consultation"),
        (t, _) => t.to_owned(),
    };
    Ok(Scope {
        title,
        back: format!("/consultations/{id}"),
        back_label: tr.t("stats-back-consultation"),
        consultations: vec![c.id],
        span: span_of(&rows),
        csv: format!("/consultations/{id}/stats.csv"),
    })
}

async fn project_scope(
    tx: &mut TenantTx,
    tr: &Tr<'_>,
    tenant: &Tenant,
    project: Uuid,
    staff: bool,
) -> AppResult<Scope> {
    let title = project_visible(tx, project, staff, tr.lang)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = consultations_where(tx, &tenant.record.time_zone, None, Some(project)).await?;
    Ok(Scope {
        title,
        back: format!("/projects/{project}"),
        back_label: tr.t("stats-back-project"),
        consultations: rows.iter().map(|r| r.id).collect(),
        span: span_of(&rows),
        csv: format!("/projects/{project}/participation.csv"),
    })
}

/// The visible contributions (online and paper) of these consultations, grouped.
async fn groups(
    tx: &mut TenantTx,
    tz: &str,
    consultations: &[Uuid],
) -> Result<Vec<Group>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select c.profile, c.age_bracket, (c.workshop_id is not null) as "paper!",
                  date_trunc('week', c.created_at at time zone $1)::date as "week!",
                  count(*) as "n!"
             from comments c
            where c.consultation_id = any($2) and c.shown
            group by 1, 2, 3, 4"#,
        tz,
        consultations
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Group {
            profile: r.profile,
            age_bracket: r.age_bracket,
            paper: r.paper,
            week: r.week,
            n: r.n,
        })
        .collect())
}

/// Whether a project has any visible contribution (its page then links to the figures).
pub async fn project_has_contributions(
    tx: &mut TenantTx,
    project: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from comments c join consultations k on k.id = c.consultation_id
                           where k.project_id = $1 and c.shown) as "e!""#,
        project
    )
    .fetch_one(tx.conn())
    .await
}

async fn workshops_feeding(tx: &mut TenantTx, consultations: &[Uuid]) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from workshops where consultation_id = any($1)"#,
        consultations
    )
    .fetch_one(tx.conn())
    .await
}

// ---------------------------------------------------------------------------
// Charts.

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

fn figure(tr: &Tr, s: Shown) -> (String, &'static str) {
    match s {
        Shown::Exact(v) => (tr.number(v), "exact"),
        Shown::Small => (tr.t("stats-small"), "small"),
        Shown::Masked => (tr.t("stats-masked"), "masked"),
    }
}

/// The number of contributions in the heading: below the threshold, public
/// readers are told only that (none at all discloses no one).
fn public_total(tr: &Tr, total: i64, exact: bool) -> String {
    if exact || total == 0 || total >= stats_model::THRESHOLD {
        tr.n("stats-total", total)
    } else {
        tr.t("stats-total-small")
    }
}

fn pct(v: f64) -> String {
    format!("{:.2}", v.clamp(0.0, 100.0))
}

/// The height a public cell is drawn at: its value, or the most a small cell
/// may be, or the least a masked one is.
fn drawn(s: Shown) -> i64 {
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

const COL_W: i64 = 30;
const COL_GAP: i64 = 10;
const PLOT_H: i64 = 140;
const TOP: i64 = 18;

fn time_chart(tr: &Tr, lang: Lang, title: String, b: &Breakdown, exact: bool) -> TimeChart {
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

// ---------------------------------------------------------------------------
// Pages.

#[derive(Template)]
#[template(path = "stats_page.html")]
struct StatsPage<'a> {
    shell: Shell<'a>,
    heading: String,
    back: String,
    back_label: String,
    exact: bool,
    csv: String,
    total: String,
    online: String,
    paper: String,
    workshops: i64,
    charts: Vec<Chart>,
    time: TimeChart,
    period_heading: String,
}

/// The statistics page of a consultation or of a project's consultations:
/// exact for staff, under the suppression rule for everyone else.
async fn render_stats(
    cx: &TenantPage,
    scope_of: ScopeOf,
) -> AppResult<infitah_platform::cache::CachedPage> {
    let (tr, lang, tenant) = (cx.tr(), cx.lang, &cx.tenant);
    let exact = sees_exact(cx.viewer());
    let drafts = cx.sees_drafts();
    let tz = &tenant.record.time_zone;
    let mut tx = cx.tx().await?;
    let scope = match scope_of {
        ScopeOf::Consultation(id) => consultation_scope(&mut tx, &tr, tenant, id, drafts).await?,
        ScopeOf::Project(id) => project_scope(&mut tx, &tr, tenant, id, drafts).await?,
    };
    let cats = Catalogs::load(&mut tx).await?;
    let g = groups(&mut tx, tz, &scope.consultations).await?;
    let workshops = workshops_feeding(&mut tx, &scope.consultations).await?;
    tx.commit().await?;
    let b = stats_model::breakdown(
        &g,
        &offered_codes(&cats.profiles),
        &offered_codes(&cats.ages),
        scope.span,
    );
    let charts = profile_and_age_charts(
        &tr,
        (&b.profiles, &cats.profiles),
        (&b.ages, &cats.ages),
        exact,
    );
    let period_heading = match b.period {
        Some(Period::Month) => tr.t("stats-by-month"),
        _ => tr.t("stats-by-week"),
    };
    // The two totals are a table of their own, under the same rule: a few
    // paper contributions would otherwise be told exactly.
    let online_and_paper = {
        let (on, pa) = (b.total.online, b.total.paper);
        let shown = if exact {
            vec![Shown::Exact(on), Shown::Exact(pa)]
        } else {
            stats_model::suppress(&[on, pa])
        };
        (figure(&tr, shown[0]).0, figure(&tr, shown[1]).0)
    };
    let page = StatsPage {
        shell: cx.shell(tr.t("stats-title")),
        heading: scope.title,
        back: scope.back,
        back_label: scope.back_label,
        exact,
        csv: scope.csv,
        total: public_total(&tr, b.total.total(), exact),
        online: online_and_paper.0,
        paper: online_and_paper.1,
        workshops,
        time: time_chart(&tr, lang, period_heading.clone(), &b, exact),
        period_heading,
        charts,
    };
    html_page(&page)
}

enum ScopeOf {
    Consultation(Uuid),
    Project(Uuid),
}

async fn consultation_page(cx: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let path = format!("/consultations/{id}/stats");
    cx.cached(&path, || render_stats(&cx, ScopeOf::Consultation(id)))
        .await
}

async fn project_page(cx: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let path = format!("/projects/{id}/participation");
    cx.cached(&path, || render_stats(&cx, ScopeOf::Project(id)))
        .await
}

// ---------------------------------------------------------------------------
// The staff's CSV: exact figures.

async fn csv_of(cx: &TenantPage, scope_of: ScopeOf) -> AppResult<Vec<u8>> {
    let tr = cx.state.i18n.tr(Lang::Fr);
    let tenant = &cx.tenant;
    let tz = &tenant.record.time_zone;
    let mut tx = cx.tx().await?;
    let scope = match scope_of {
        ScopeOf::Consultation(id) => consultation_scope(&mut tx, &tr, tenant, id, true).await?,
        ScopeOf::Project(id) => project_scope(&mut tx, &tr, tenant, id, true).await?,
    };
    let cats = Catalogs::load(&mut tx).await?;
    let g = groups(&mut tx, tz, &scope.consultations).await?;
    tx.commit().await?;
    let codes = |e: &[infitah_platform::catalog::CatalogEntry]| {
        e.iter()
            .filter(|e| !e.retired)
            .map(|e| e.code.clone())
            .collect::<Vec<_>>()
    };
    let b = stats_model::breakdown(&g, &codes(&cats.profiles), &codes(&cats.ages), scope.span);
    let mut rows = vec![];
    let mut push = |dim: &str, key: String, ar: String, fr: String, t: &Tally| {
        rows.push(vec![
            dim.to_owned(),
            key,
            ar,
            fr,
            t.online.to_string(),
            t.paper.to_string(),
            t.total().to_string(),
        ])
    };
    push(
        "total",
        String::new(),
        "المجموع".into(),
        "Total".into(),
        &b.total,
    );
    for (c, t) in &b.profiles {
        push(
            "profile",
            c.clone(),
            label(&cats.profiles, c, Lang::Ar),
            label(&cats.profiles, c, Lang::Fr),
            t,
        );
    }
    for (c, t) in &b.ages {
        push(
            "age_bracket",
            c.clone(),
            label(&cats.ages, c, Lang::Ar),
            label(&cats.ages, c, Lang::Fr),
            t,
        );
    }
    let dim = match b.period {
        Some(Period::Month) => "month",
        _ => "week",
    };
    for (d, t) in &b.periods {
        push(dim, d.to_string(), String::new(), String::new(), t);
    }
    infitah_platform::csv::text(
        &[
            "dimension",
            "key",
            "label_ar",
            "label_fr",
            "online",
            "paper",
            "total",
        ],
        &rows,
    )
}

async fn consultation_csv(
    cx: TenantPage,
    _: Staff<AnyStaff>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let bytes = csv_of(&cx, ScopeOf::Consultation(id)).await?;
    Ok(infitah_platform::csv::response(
        &format!("consultation-{id}-stats.csv"),
        bytes,
        false,
    ))
}

async fn project_csv(
    cx: TenantPage,
    _: Staff<AnyStaff>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let bytes = csv_of(&cx, ScopeOf::Project(id)).await?;
    Ok(infitah_platform::csv::response(
        &format!("project-{id}-participation.csv"),
        bytes,
        false,
    ))
}
