//! `/consultations`: every consultation of the collectivity the public may
//! see — on the programme or on a project — open ones first, then those to
//! come, then those that ended, latest first; the section the site's
//! navigation leads to. Drafts' consultations only for the collectivity's
//! staff, by the same rule as everywhere (`repo::Consultation::public`).

use askama::Template;
use axum::{http::StatusCode, response::Response};
use infitah_platform::{AppResult, TenantPage, web::Shell};
use uuid::Uuid;

use crate::{addon::HomeItem, model::WindowState, repo};

#[derive(Template)]
#[template(path = "consultations.html")]
struct ListPage<'a> {
    shell: Shell<'a>,
    items: Vec<HomeItem>,
}

/// Open, then upcoming, then closed; the latest first within each.
fn order(c: &repo::Consultation) -> (u8, std::cmp::Reverse<time::OffsetDateTime>) {
    let rank = match c.state {
        WindowState::Open => 0,
        WindowState::Upcoming => 1,
        WindowState::Closed => 2,
    };
    (rank, std::cmp::Reverse(c.opens_at))
}

/// Rendered fresh: the states change with the clock, and it is one statement.
pub async fn list(cx: TenantPage) -> AppResult<Response> {
    let tr = cx.tr();
    let drafts = cx.sees_drafts();
    let mut tx = cx.tx().await?;
    let mut all: Vec<repo::Consultation> =
        repo::all_consultations(&mut tx, &cx.tenant.record.time_zone)
            .await?
            .into_iter()
            .filter(|c| drafts || c.public)
            .collect();
    all.sort_by_key(order);
    let ids: Vec<Uuid> = all.iter().map(|c| c.id).collect();
    let counts = repo::counts_by_consultation(&mut tx, &ids).await?;
    tx.commit().await?;
    let items = all
        .iter()
        .map(|c| HomeItem::of(&tr, cx.lang, c, &counts))
        .collect();
    cx.render(
        StatusCode::OK,
        &ListPage {
            shell: cx.shell(tr.t("cons-list-title")),
            items,
        },
    )
}
