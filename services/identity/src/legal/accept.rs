//! `/account/terms`: the version of the terms a person accepted, and — when
//! the collectivity has changed them since — the new version to read and
//! accept before taking part again. Declining is deleting one's account,
//! which the page links to; nothing else is refused to them meanwhile
//! (reading, their account, their data).

use askama::Template;
use axum::{
    Form, Router,
    extract::Query,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use infitah_platform::{
    AppResult, Page,
    auth::SignedIn,
    texts::date_label,
    web::{Shell, safe_next},
};
use serde::Deserialize;
use serde_json::json;

use super::{Kind, LegalLink, links, repo};

pub fn router() -> Router<crate::IdentityState> {
    Router::new().route("/account/terms", get(terms_page).post(accept))
}

#[derive(Template)]
#[template(path = "account_terms.html")]
struct TermsPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    /// The version in force, since when, and what changed in it.
    current: i64,
    since: Option<String>,
    summary: Option<String>,
    /// The version the person accepted, and when (none: never asked).
    accepted: Option<(i64, Option<String>)>,
    due: bool,
    next: String,
    changed: bool,
    texts: Vec<LegalLink>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AcceptForm {
    version: String,
    next: String,
}

async fn view(page: &Page, account: uuid::Uuid, next: &str, changed: bool) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let current = repo::current_terms(&mut tx).await?;
    let (version, at) = repo::accepted(&mut tx, account).await?;
    tx.commit().await?;
    let lang = page.lang;
    let accepted = version.map(|v| (i64::from(v), at.map(|at| date_label(lang, at.date()))));
    let due = version.is_some_and(|v| v < current.version);
    let texts = links(page, Kind::ALL.into_iter().filter(|k| k.accepted()), None);
    let status = if changed {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    page.render(
        status,
        &TermsPage {
            shell: page.shell_at("/account/terms", page.t("terms-page-title")),
            csrf: page.csrf.clone(),
            current: i64::from(current.version),
            since: current.published_at.map(|at| date_label(lang, at.date())),
            summary: current.summary,
            accepted,
            due,
            next: next.to_owned(),
            changed,
            texts,
        },
    )
}

async fn terms_page(
    page: Page,
    SignedIn(v): SignedIn,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref()).to_owned();
    view(&page, v.account_id, &next, false).await
}

/// Accepts the version the page showed — not a newer one published while the
/// person was reading (that one is shown to them instead, 409).
async fn accept(
    page: Page,
    SignedIn(v): SignedIn,
    Form(form): Form<AcceptForm>,
) -> AppResult<Response> {
    let next = safe_next(Some(&form.next)).to_owned();
    let mut tx = page.tx().await?;
    let current = repo::current_terms(&mut tx).await?;
    if form.version.trim().parse::<i32>().ok() != Some(current.version) {
        tx.rollback().await?;
        return view(&page, v.account_id, &next, true).await;
    }
    repo::accept_terms(&mut tx, v.account_id, current.version).await?;
    let who = Some(v.account_id);
    let detail = json!({"version": current.version});
    crate::repo::log(&mut tx, "terms_accepted", who, who, detail).await?;
    tx.commit().await?;
    Ok(Redirect::to(&next).into_response())
}
