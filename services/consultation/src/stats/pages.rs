//! The statistics pages of a consultation and of a project.

use super::*;

#[derive(Template)]
#[template(path = "stats_page.html")]
pub(super) struct StatsPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) heading: String,
    pub(super) back: String,
    pub(super) back_label: String,
    pub(super) exact: bool,
    pub(super) csv: String,
    pub(super) total: String,
    pub(super) online: String,
    pub(super) paper: String,
    pub(super) workshops: i64,
    pub(super) charts: Vec<Chart>,
    pub(super) time: TimeChart,
    pub(super) period_heading: String,
}

/// The statistics page of a consultation or of a project's consultations:
/// exact for staff, under the suppression rule for everyone else.
pub(super) async fn render_stats(
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

pub(super) enum ScopeOf {
    Consultation(Uuid),
    Project(Uuid),
}

pub(super) async fn consultation_page(
    cx: TenantPage,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let path = format!("/consultations/{id}/stats");
    cx.cached(&path, || render_stats(&cx, ScopeOf::Consultation(id)))
        .await
}

pub(super) async fn project_page(cx: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let path = format!("/projects/{id}/participation");
    cx.cached(&path, || render_stats(&cx, ScopeOf::Project(id)))
        .await
}
