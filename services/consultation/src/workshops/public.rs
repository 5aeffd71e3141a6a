//! The workshops as the public sees them: the list and one workshop, with its
//! attendance (small counts suppressed) and minutes.

use super::*;

#[derive(Template)]
#[template(path = "workshop_list.html")]
pub(super) struct ListPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) workshops: Vec<WorkshopView>,
    pub(super) staff: bool,
}

pub(super) async fn list(cx: TenantPage) -> AppResult<Response> {
    let lang = cx.lang;
    cx.cached("/workshops", || async {
        let tr = cx.tr();
        let mut tx = cx.tx().await?;
        let staff = cx.sees_drafts();
        let rows = repo::list(&mut tx).await?;
        tx.commit().await?;
        let rows: Vec<_> = if staff {
            rows
        } else {
            rows.into_iter().map(|w| w.for_public()).collect()
        };
        let page = ListPage {
            shell: cx.shell_at("/workshops", tr.t("ws-list-title")),
            workshops: rows.iter().map(|w| view(&tr, lang, w)).collect(),
            staff,
        };
        html_page(&page)
    })
    .await
}

#[derive(Template)]
#[template(path = "workshop_show.html")]
pub(super) struct ShowPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) w: WorkshopView,
    pub(super) by_gender: Vec<(String, String)>,
    pub(super) staff: bool,
}

pub(super) async fn show(cx: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let lang = cx.lang;
    let id = parse_id(&id)?;
    let path = format!("/workshops/{id}");
    cx.cached(&path, || async {
        let tr = cx.tr();
        let mut tx = cx.tx().await?;
        let staff = cx.sees_drafts();
        let w = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let w = if staff { w } else { w.for_public() };
        let cells = repo::attendance(&mut tx, id).await?;
        tx.commit().await?;
        // Attendance by gender, under the same rule as the statistics.
        let totals: Vec<i64> = GENDERS
            .iter()
            .map(|g| cells.iter().filter(|c| c.0 == *g).map(|c| c.2 as i64).sum())
            .collect();
        let shown = crate::stats_model::suppress(&totals);
        let by_gender = GENDERS
            .iter()
            .zip(shown)
            .map(|(g, s)| {
                let fig = match s {
                    crate::stats_model::Shown::Exact(v) => tr.number(v),
                    crate::stats_model::Shown::Small => tr.t("stats-small"),
                    crate::stats_model::Shown::Masked => tr.t("stats-masked"),
                };
                (tr.t(&format!("ws-gender-{g}")), fig)
            })
            .collect();
        let v = view(&tr, lang, &w);
        let page = ShowPage {
            shell: cx.shell_at(&path, v.title.clone()),
            w: v,
            by_gender,
            staff,
        };
        html_page(&page)
    })
    .await
}
