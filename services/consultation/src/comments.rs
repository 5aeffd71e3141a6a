//! Citizens' comments: a consultation's own page (where the programme's
//! consultation lives) and the public JSON of its comments, both a page of
//! threads at a time (`?page=`), each comment's own address (which leads to
//! its page), and posting a comment or a reply. Only signed-in citizens with a verified address
//! post; a profile and an age bracket from the national catalogues are
//! required on every comment; the window is checked against the database's
//! clock in the transaction that writes; throttles per account and per
//! address, and a per-author lock with a duplicate check, keep floods out.

use std::net::SocketAddr;

use askama::Template;
use axum::{
    Form, Router,
    extract::{ConnectInfo, Path, Query},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use infitah_platform::auth::sees_drafts;
use infitah_platform::texts::Text;
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    auth::{Verified, Viewer},
    cache::CachedPage,
    i18n::Tr,
    throttle::Limit,
    web::{Shell, client_ip, html_page, safe_next},
};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    model::{CommentBody, ItemKind, Reason, TextError, ThreadPage, WindowState},
    repo::{self, Consultation},
    section::{self, Errors, Posted, SectionInput, SectionTemplate, THREADS_PER_PAGE},
};

mod api;
pub use api::*;

/// At most this many comments per account per minute, and per hour.
pub const COMMENTS_PER_ACCOUNT: Limit = Limit::new("comment_account", 5, 60);
pub const COMMENTS_PER_ACCOUNT_HOUR: Limit = Limit::new("comment_account_hour", 40, 3600);
/// Per network address: generous, since a town hall's wifi or a mobile
/// operator's NAT puts many citizens behind one address.
pub const COMMENTS_PER_IP: Limit = Limit::new("comment_ip", 120, 600);
/// The same text by the same author within this many minutes is refused as a duplicate.
pub const DUPLICATE_MINUTES: i32 = 10;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/consultations/{id}", get(page))
        .route("/consultations/{id}/comments", post(post_comment))
        .route("/consultations/{id}/comments/{comment}", get(permalink))
        .route("/api/v1/consultations/{id}/comments", get(api_comments))
}

pub fn parse_id(s: &str) -> AppResult<Uuid> {
    s.parse().map_err(|_| AppError::NotFound)
}

/// When a consultation's block next changes by the clock alone (it opens or
/// closes): a page showing it is served, not kept, when that comes sooner
/// than the caches would drop it (`CachedPage::volatile`), so nobody is shown
/// an open form after the close.
pub(crate) fn next_edge(c: &Consultation) -> Option<OffsetDateTime> {
    match c.state {
        WindowState::Upcoming => Some(c.opens_at),
        WindowState::Open => Some(c.closes_at),
        WindowState::Closed => None,
    }
}

#[derive(Template)]
#[template(path = "consultation_page.html")]
struct ConsultationPage<'a> {
    shell: Shell<'a>,
    eyebrow: String,
    title: Text,
    description: Option<Text>,
    back_href: String,
    back_label: String,
    section: String,
}

/// The whole page of one consultation, for this viewer, with a refused post's values and errors.
async fn render(
    cx: &TenantPage,
    id: Uuid,
    page: ThreadPage,
    posted: Option<Posted>,
) -> AppResult<(CachedPage, Option<OffsetDateTime>)> {
    let (tr, lang, tenant, viewer) = (cx.tr(), cx.lang, &cx.tenant, cx.viewer());
    let path = format!("/consultations/{id}");
    // Forms on this page come back to this page of threads.
    let here = match page.get() {
        1 => path.clone(),
        n => format!("{path}?page={n}"),
    };
    let mut tx = cx.tx().await?;
    let c = repo::consultation(&mut tx, id, &tenant.record.time_zone, cx.sees_drafts())
        .await?
        .ok_or(AppError::NotFound)?;
    let s = section::build(
        &mut tx,
        &tr,
        &c,
        SectionInput {
            tenant,
            viewer,
            lang,
            csrf: &cx.csrf,
            next: &here,
            with_title: false,
            link_to_page: false,
            posted,
            page,
        },
    )
    .await?;
    tx.commit().await?;
    let section = SectionTemplate { tr, s: &s }.html()?;
    let title = Text::of(&c.display_title(), lang);
    let (back_href, back_label) = match c.project_id {
        Some(p) => (format!("/projects/{p}"), tr.t("cons-back-project")),
        None => ("/".to_owned(), tr.t("cons-back-home")),
    };
    let view = ConsultationPage {
        shell: cx.shell_at(&here, title.text.clone()),
        eyebrow: tr.t("cons-title"),
        description: {
            let d = Text::of(&c.description, lang);
            (!d.text.is_empty()).then_some(d)
        },
        title,
        back_href,
        back_label,
        section,
    };
    Ok((html_page(&view)?, next_edge(&c)))
}

pub async fn page(
    cx: TenantPage,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let page = ThreadPage::parse(q.page.as_deref()).ok_or(AppError::NotFound)?;
    let keep_for = time::Duration::seconds(cx.state.settings.page_cache_ttl_secs as i64 + 5);
    let key = format!("/consultations/{id}?page={}", page.get());
    cx.cached(&key, || async {
        let (mut html, edge) = render(&cx, id, page, None).await?;
        html.volatile = edge.is_some_and(|e| e < OffsetDateTime::now_utc() + keep_for);
        Ok(html)
    })
    .await
}

/// A refused post: the page again, with the status, the values and the errors.
async fn refused(
    cx: &TenantPage,
    id: Uuid,
    status: StatusCode,
    posted: Posted,
) -> AppResult<Response> {
    // A refused reply comes back on its thread's page (the reply form is there).
    let page = match posted.parent_id {
        Some(parent) => {
            let mut tx = cx.tx().await?;
            let place = repo::comment_place(&mut tx, parent, THREADS_PER_PAGE).await?;
            tx.commit().await?;
            place
                .filter(|(c, _)| *c == id)
                .map_or(ThreadPage::FIRST, |(_, p)| ThreadPage::new(p))
        }
        None => ThreadPage::FIRST,
    };
    let (html, _) = render(cx, id, page, Some(posted)).await?;
    Ok((status, Html(html.body)).into_response())
}

/// `?page=` of a consultation's page and JSON (see [`ThreadPage`]).
#[derive(serde::Deserialize)]
pub struct PageQuery {
    page: Option<String>,
}

/// `?next=` of a comment's link: where to show it when its thread is on the first page.
#[derive(serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// A comment's own address: the page of threads it is on, at the comment.
/// Where a post lands, and what a link to one comment points to. A thread
/// on the first page is shown where the citizen came from (`?next=`, the
/// project page, say); any other on the consultation's page that holds it.
pub async fn permalink(
    cx: TenantPage,
    Path((id, comment)): Path<(String, String)>,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let (id, comment) = (parse_id(&id)?, parse_id(&comment)?);
    let tz = &cx.tenant.record.time_zone;
    let mut tx = cx.tx().await?;
    repo::consultation(&mut tx, id, tz, cx.sees_drafts())
        .await?
        .ok_or(AppError::NotFound)?;
    let place = repo::comment_place(&mut tx, comment, THREADS_PER_PAGE).await?;
    tx.commit().await?;
    let page = match place {
        Some((c, page)) if c == id => page,
        _ => return Err(AppError::NotFound),
    };
    let to = match (page, q.next.as_deref()) {
        (1, Some(next)) => format!("{}#comment-{comment}", safe_next(Some(next))),
        (1, None) => format!("/consultations/{id}#comment-{comment}"),
        (p, _) => format!("/consultations/{id}?page={p}#comment-{comment}"),
    };
    Ok(Redirect::to(&to).into_response())
}

/// Too many comments: 429, the page with the values kept and the reason.
async fn throttled(cx: &TenantPage, id: Uuid, mut posted: Posted) -> AppResult<Response> {
    tracing::info!("comment refused by the throttle");
    posted.general = Some(cx.t("cons-error-throttled"));
    refused(cx, id, StatusCode::TOO_MANY_REQUESTS, posted).await
}

/// A text field's refusal, translated.
pub(crate) fn text_error(tr: &Tr, e: TextError, empty_id: &str) -> String {
    match e {
        TextError::Empty => tr.t(empty_id),
        TextError::TooLong(n) => tr.n("cons-error-too-long", n as i64),
        TextError::Invalid => tr.t("cons-error-invalid-characters"),
    }
}

pub use infitah_platform::form::Fields;

/// The form as posted, with a malformed parent named.
fn posted_of(tr: &Tr, f: &Fields) -> Posted {
    let mut posted = Posted {
        parent_id: None,
        profile: f.get("profile").trim().to_owned(),
        age_bracket: f.get("age_bracket").trim().to_owned(),
        body: f.get("body").to_owned(),
        errors: Errors::default(),
        general: None,
    };
    let parent_raw = f.get("parent_id").trim();
    if !parent_raw.is_empty() {
        match parent_raw.parse() {
            Ok(p) => posted.parent_id = Some(p),
            Err(_) => posted.errors.add("parent_id", tr.t("cons-error-parent")),
        }
    }
    posted
}

/// The comment's text, when every field is right by `check` (the profile
/// and age bracket offered, the parent a comment of this consultation);
/// else `None`, each error beside its field.
fn checked_body(tr: &Tr, posted: &mut Posted, check: &repo::CommentCheck) -> Option<CommentBody> {
    let mut errors = std::mem::take(&mut posted.errors);
    for (field, value, ok, required, unknown) in [
        (
            "profile",
            &posted.profile,
            check.profile_ok,
            "cons-error-profile-required",
            "cons-error-profile-unknown",
        ),
        (
            "age_bracket",
            &posted.age_bracket,
            check.age_ok,
            "cons-error-age-required",
            "cons-error-age-unknown",
        ),
    ] {
        if value.is_empty() {
            errors.add(field, tr.t(required));
        } else if !ok {
            errors.add(field, tr.t(unknown));
        }
    }
    let body = match CommentBody::parse(&posted.body) {
        Ok(b) => Some(b),
        Err(e) => {
            errors.add("body", text_error(tr, e, "cons-error-body-empty"));
            None
        }
    };
    if posted.parent_id.is_some() && !check.parent_ok {
        errors.add("parent_id", tr.t("cons-error-parent"));
    }
    posted.errors = errors;
    body.filter(|_| posted.errors.is_empty())
}

/// Counts a post that would be saved against its author, per minute and per hour.
async fn author_allowed(cx: &TenantPage, v: &Viewer) -> bool {
    let (state, tenant) = (&cx.state, &cx.tenant);
    // Only a post that would be saved counts against its author: mistakes
    // corrected a few times in a row are not spam.
    let account = infitah_platform::throttle::subject("account", &v.account_id.to_string());
    let (minute, hour) = tokio::join!(
        state
            .throttle
            .allow(&state.redis, tenant.id(), COMMENTS_PER_ACCOUNT, &account),
        state.throttle.allow(
            &state.redis,
            tenant.id(),
            COMMENTS_PER_ACCOUNT_HOUR,
            &account
        ),
    );
    minute && hour
}

pub async fn post_comment(
    cx: TenantPage,
    Verified(v): Verified,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let (state, tenant, tr) = (&cx.state, &cx.tenant, cx.tr());
    let f = Fields(form);
    let mut posted = posted_of(&tr, &f);
    let parent = posted.parent_id;
    let next = safe_next(Some(f.get("next"))).to_owned();

    // A flood from one address is turned away before it costs a write.
    // (Counted while the post is checked: one round trip's wait instead of two.
    // The check and the write are one statement each: see `TenantCall`.)
    let ip = infitah_platform::throttle::subject("ip", &client_ip(state, &headers, peer));
    let call = state.db.tenant_call(tenant.id());
    let (ip_allowed, check) = tokio::join!(
        state
            .throttle
            .allow(&state.redis, tenant.id(), COMMENTS_PER_IP, &ip),
        repo::check_comment(
            &call,
            id,
            sees_drafts(Some(&v)),
            &posted.profile,
            &posted.age_bracket,
            parent,
        ),
    );
    let check = check?.ok_or(AppError::NotFound)?;
    let window_refusal = match check.state {
        WindowState::Open => None,
        WindowState::Closed => Some("cons-error-closed"),
        WindowState::Upcoming => Some("cons-error-not-open"),
    };
    if let Some(msg) = window_refusal {
        posted.general = Some(tr.t(msg));
        return refused(&cx, id, StatusCode::CONFLICT, posted).await;
    }
    if !ip_allowed {
        return throttled(&cx, id, posted).await;
    }

    let Some(body) = checked_body(&tr, &mut posted, &check) else {
        return refused(&cx, id, StatusCode::UNPROCESSABLE_ENTITY, posted).await;
    };
    if !author_allowed(&cx, &v).await {
        return throttled(&cx, id, posted).await;
    }
    let comment = Uuid::now_v7();
    let written = repo::write_comment(
        &call,
        comment,
        &repo::NewComment {
            consultation_id: id,
            parent_id: parent,
            author_id: v.account_id,
            profile: &posted.profile,
            age_bracket: &posted.age_bracket,
            body: &body,
        },
        DUPLICATE_MINUTES,
    )
    .await?;
    let refusal = match written {
        repo::Written::Saved => None,
        repo::Written::Duplicate => {
            posted.errors.add("body", tr.t("cons-error-duplicate"));
            Some(StatusCode::UNPROCESSABLE_ENTITY)
        }
        repo::Written::Closed => {
            posted.general = Some(tr.t("cons-error-closed"));
            Some(StatusCode::CONFLICT)
        }
    };
    if let Some(status) = refusal {
        return refused(&cx, id, status, posted).await;
    }
    state.versions.bump_after_commit(tenant.id()).await;
    // Its thread may be on another page than the one it was posted from.
    let next = url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>();
    Ok(Redirect::to(&format!(
        "/consultations/{id}/comments/{comment}?next={next}"
    ))
    .into_response())
}
