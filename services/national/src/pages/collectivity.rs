//! A collectivity's national card: its programme as the nation sees it.

use super::*;

pub struct Standing {
    pub area_name: String,
    pub href: String,
    pub svg: String,
    pub rank: String,
    pub median: String,
}

pub struct ProjectView {
    pub title: Text,
    pub href: String,
    pub progress: i16,
    pub status: &'static str,
    pub status_label: String,
    pub activities: String,
    pub pillars: Vec<String>,
}

#[derive(Template)]
#[template(path = "nat_collectivity.html")]
pub(super) struct CollectivityPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) crumbs: Vec<Crumb>,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) other_name: String,
    pub(super) code: String,
    pub(super) population: String,
    pub(super) space_href: Option<String>,
    pub(super) row: MemberRow,
    pub(super) period: String,
    pub(super) evaluated: Option<String>,
    pub(super) standings: Vec<Standing>,
    pub(super) stages: Vec<StageView>,
    pub(super) projects: Vec<ProjectView>,
    pub(super) months: Option<MonthsView>,
    pub(super) area_link: Option<(String, String)>,
    pub(super) legend_box: Vec<(&'static str, String)>,
    pub(super) legend_months: Vec<(&'static str, String)>,
}

/// `/collectivities/{slug}`.
pub async fn collectivity(page: NationalPage, Path(slug): Path<String>) -> AppResult<Response> {
    let (state, lang) = (&page.state, page.lang);
    let kinds = ["region", "province", "prefecture", "commune"];
    let id = area_id(state, &slug, &kinds)?;
    let (version, snap) = page.reading().await?;
    let c = snap.get(id).ok_or(AppError::NotFound)?.clone();
    let path = format!("/collectivities/{}", c.slug);
    respond(&page, version, &path, || async {
        let tr = state.i18n.tr(lang);
        let cx = Ctx {
            state,
            tr,
            lang,
            snap: &snap,
        };
        let mut tx = page.national.db.read().await?;
        let projects = rollup::projects(&mut tx, c.id).await?;
        let stages = sqlx::query_as!(
            infitah_plans::model::Stage,
            "select s.stage, s.planned_start, s.planned_end, s.actual_start, s.actual_end
               from programme_stages s join national_programmes n on n.tenant_id = s.tenant_id and n.programme_id = s.programme_id
              where s.tenant_id = $1",
            c.id
        )
        .fetch_all(&mut *tx)
        .await?;
        let labels = snap.pillar_labels(lang);
        tx.commit().await?;
        let own_months = snap.collectivity_months(c.id);
        let space = cx.space_href(c.id);
        let standings = cx.standings(&c);
        let months = cx.collectivity_months(&c, &own_months);
        let other = if lang == Lang::Ar { Lang::Fr } else { Lang::Ar };
        let view = CollectivityPage {
            shell: page.shell_at(&path, c.name(lang).to_owned()),
            crumbs: cx.crumbs(Some(&c)),
            kind: cx.kind(&c.kind),
            name: c.name(lang).to_owned(),
            other_name: c.name(other).to_owned(),
            code: c.hcp_code.clone().unwrap_or_default(),
            population: c
                .population
                .map(|p| tr.number(p as i64))
                .unwrap_or_default(),
            period: c
                .period
                .map(|(a, b)| format!("{a}–{b}"))
                .unwrap_or_default(),
            evaluated: c.evaluated_progress.map(|p| percent(p as f64, lang)),
            standings,
            stages: if c.has_programme {
                stage_views(state, lang, &stages)
            } else {
                vec![]
            },
            projects: cx.project_views(&projects, &labels, space.as_deref()),
            months,
            area_link: match c.kind.as_str() {
                "region" | "province" | "prefecture" => {
                    Some((cx.area_href(&c), tr.t("nat-open-area")))
                }
                _ => None,
            },
            space_href: space,
            row: cx.member_row(&c),
            legend_box: vec![
                ("nat-marker-swatch", tr.t("nat-legend-here")),
                ("nat-median", tr.t("nat-legend-median")),
                ("nat-iqr-swatch", tr.t("nat-legend-iqr")),
            ],
            legend_months: vec![
                ("nat-series-median", tr.t("nat-legend-progress")),
                ("nat-series-reference", tr.t("nat-legend-reference")),
            ],
        };
        html_page(&view)
    })
    .await
}
