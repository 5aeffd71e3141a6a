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

// ---------------------------------------------------------------------------
// JSON.

/// A catalogue entry: its code and labels.
#[derive(Serialize, ToSchema)]
#[schema(as = Label)]
struct ApiLabel {
    code: String,
    label_ar: String,
    label_fr: String,
}

/// One of the collectivity's official answers.
#[derive(Serialize, ToSchema)]
#[schema(as = Answer)]
struct ApiAnswer {
    body: String,
    #[schema(format = DateTime)]
    created_at: String,
}

/// A comment or a reply, as the public sees it.
#[derive(Serialize, ToSchema)]
#[schema(as = Comment)]
struct ApiComment {
    id: Uuid,
    /// The comment it replies to; null for a thread's first comment.
    #[schema(required = true)]
    parent_id: Option<Uuid>,
    #[schema(format = DateTime)]
    created_at: String,
    hidden: bool,
    /// Withdrawn by its author (or with the author's account): it keeps its place, without author, profile, age bracket or body.
    withdrawn: bool,
    /// Its author changed the text after posting it.
    edited: bool,
    /// Only when hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    hidden_reason: Option<Reason>,
    /// The author's display name; absent when hidden, withdrawn or gathered on paper.
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    /// Gathered on paper at a workshop; absent when hidden or withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    from_workshop: Option<bool>,
    /// Absent when hidden or withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<ApiLabel>,
    /// Absent when hidden or withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    age_bracket: Option<ApiLabel>,
    /// Absent when hidden or withdrawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    /// The collectivity's official answers.
    answers: Vec<ApiAnswer>,
}

/// The consultation a page of comments belongs to.
#[derive(Serialize, ToSchema)]
#[schema(as = ConsultationInfo)]
struct ApiConsultation {
    id: Uuid,
    /// The project it is about; null for a consultation on the whole programme.
    #[schema(required = true)]
    project_id: Option<Uuid>,
    #[schema(required = true)]
    title_ar: Option<String>,
    #[schema(required = true)]
    title_fr: Option<String>,
    #[schema(format = DateTime)]
    opens_at: String,
    #[schema(format = DateTime)]
    closes_at: String,
    state: WindowState,
    /// Visible comments (neither hidden nor withdrawn).
    comment_count: i64,
}

/// A consultation and one page of its threads.
#[derive(Serialize, ToSchema)]
#[schema(as = ConsultationComments)]
struct ApiComments {
    consultation: ApiConsultation,
    /// This page.
    #[schema(minimum = 1)]
    page: u32,
    /// How many pages of threads there are (at least one).
    #[schema(minimum = 1)]
    pages: u32,
    /// Top-level comments, hidden and withdrawn ones included (they keep their place).
    #[schema(minimum = 0)]
    threads: i64,
    /// Threads on a full page.
    #[schema(minimum = 1)]
    per_page: i64,
    comments: Vec<ApiComment>,
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// JSON whose text cannot be mistaken for markup if a browser sniffs it:
/// `<`, `>` and `&` only ever occur inside strings, where `\u003c` means the same.
pub(crate) fn inert_json(v: &impl Serialize) -> AppResult<Response> {
    let s = serde_json::to_string(v).map_err(|e| AppError::Internal(e.into()))?;
    let s = s
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Ok((
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        s,
    )
        .into_response())
}

/// One page of a consultation's comments (`?page=`, as on its page):
/// hidden ones keep their place in the thread but carry no text, author,
/// profile or age bracket.
#[utoipa::path(
    get,
    path = "/api/v1/consultations/{id}/comments",
    summary = "A consultation and one page of its comments",
    description = "The consultation (titles, its window as instants, its state now: upcoming, open or closed, and the count of visible comments) and one page of its threads: 50 top-level comments in the order they were posted, each followed by its replies (one level deep), each comment with the collectivity's official answers. A comment hidden by moderation keeps its place and its reason's category but carries no text, author, profile or age bracket; so does a comment its author withdrew (`withdrawn`); an edited one says `edited`; a contribution gathered on paper at a workshop carries no author. Texts are the authors' own, plain: `<`, `>` and `&` are written \\u003c, \\u003e and \\u0026, so the JSON can never be read as markup.",
    params(
        ("id" = Uuid, Path, description = "The consultation"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000, description = "Which page of threads, from 1 (the default) to `pages`, in digits. Anything else (0, past the last page, not digits) is 404."),
    ),
    responses(
        (status = 200, description = "The consultation and one page of its comments", body = ApiComments),
        (status = 404, description = "No such consultation here (a draft's, to anyone but the collectivity's staff, and other collectivities' answer the same), or no such page of it (error `not_found`)", body = infitah_platform::error::ErrorBody),
        infitah_platform::openapi::ReadErrors,
    )
)]
pub async fn api_comments(
    cx: TenantPage,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let page = ThreadPage::parse(q.page.as_deref()).ok_or(AppError::NotFound)?;
    let tz = cx.tenant.record.time_zone.clone();
    let mut tx = cx.tx().await?;
    let c = repo::consultation(&mut tx, id, &tz, cx.sees_drafts())
        .await?
        .ok_or(AppError::NotFound)?;
    let totals = repo::comment_totals(&mut tx, id).await?;
    let pages = totals.pages(THREADS_PER_PAGE);
    if page.get() > pages {
        return Err(AppError::NotFound);
    }
    let rows = repo::comments(&mut tx, id, &tz, page, THREADS_PER_PAGE).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let answers = repo::answers(&mut tx, ItemKind::Comment, &ids, &tz).await?;
    let profiles = infitah_platform::catalog::catalog(&mut tx, "profile").await?;
    let ages = infitah_platform::catalog::catalog(&mut tx, "age_bracket").await?;
    tx.commit().await?;
    let label = |cat: &[infitah_platform::catalog::CatalogEntry], code: &str| {
        let e = cat.iter().find(|e| e.code == code);
        ApiLabel {
            code: code.to_owned(),
            label_ar: e.map(|e| e.label_ar.clone()).unwrap_or_default(),
            label_fr: e.map(|e| e.label_fr.clone()).unwrap_or_default(),
        }
    };
    let comments: Vec<ApiComment> = rows
        .iter()
        .map(|r| {
            let visible = r.shown();
            ApiComment {
                id: r.id,
                parent_id: r.parent_id,
                created_at: rfc3339(r.created_at),
                hidden: r.hidden(),
                withdrawn: r.withdrawn,
                edited: r.edited && visible,
                hidden_reason: r.hidden_reason.as_deref().and_then(Reason::parse),
                author: visible
                    .then(|| r.author_name.clone())
                    .flatten()
                    .filter(|_| r.workshop.is_none()),
                from_workshop: visible.then_some(r.workshop.is_some()),
                profile: visible.then(|| label(&profiles, &r.profile)),
                age_bracket: visible.then(|| label(&ages, &r.age_bracket)),
                body: visible.then(|| r.body.clone()),
                answers: answers
                    .get(&r.id)
                    .map(|l| {
                        l.iter()
                            .map(|a| ApiAnswer {
                                body: a.body.clone(),
                                created_at: rfc3339(a.created_at),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    let title = c.display_title();
    inert_json(&ApiComments {
        consultation: ApiConsultation {
            id: c.id,
            project_id: c.project_id,
            title_ar: title.ar,
            title_fr: title.fr,
            opens_at: rfc3339(c.opens_at),
            closes_at: rfc3339(c.closes_at),
            state: c.state,
            comment_count: totals.visible,
        },
        page: page.get(),
        pages,
        threads: totals.threads,
        per_page: THREADS_PER_PAGE,
        comments,
    })
}
