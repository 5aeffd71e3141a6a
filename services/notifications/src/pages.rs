//! The citizen's pages: the in-app list of notifications (newest first,
//! marked read one by one or all at once), the delivery preference and the
//! list of follows, and the follow/unfollow forms that the project page and
//! the home page carry (see [`crate::addon`]). Every page here is for the
//! signed-in viewer only and is never cached.

use askama::Template;
use axum::{
    Form, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use infitah_platform::{
    AppError, AppResult, AppState,
    auth::{SignedIn, Verified, Viewer, csrf_token},
    i18n::Lang,
    tenancy::{CurrentTenant, Site, Tenant},
    web::{ReqLang, Shell, safe_next},
};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::{
    follow::{self, EventKind, Subject},
    prefs::{self, Delivery},
    render,
    unsubscribe::html,
};

/// How many entries the in-app list shows.
const INBOX_LIMIT: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(inbox_page))
        .route("/notifications/read", post(mark_all_read))
        .route("/notifications/{id}/read", post(mark_one_read))
        .route(
            "/notifications/preferences",
            get(preferences_page).post(save_preferences),
        )
        .route("/follow", post(follow_post))
        .route("/unfollow", post(unfollow_post))
}

/// The viewer's CSRF token (bound to the session, as the identity service makes it).
pub(crate) fn csrf(state: &AppState, tenant: &Tenant, viewer: &Viewer) -> String {
    csrf_token(
        state.settings.secret_key.expose_secret().as_bytes(),
        tenant.id(),
        &viewer.session_hash,
    )
}

/// A local path from a payload, or the home page.
pub(crate) fn local_path(payload: &Value) -> String {
    let p = payload.get("path").and_then(Value::as_str).unwrap_or("/");
    if safe_next(Some(p)) == p && !p.chars().any(char::is_whitespace) {
        p.to_owned()
    } else {
        "/".into()
    }
}

pub struct EntryView {
    pub id: Uuid,
    pub line: String,
    pub excerpt: Option<String>,
    pub path: String,
    pub at: String,
    pub read: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct InboxPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    entries: Vec<EntryView>,
    unread: i64,
    unread_label: String,
}

async fn inbox_page(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
) -> AppResult<Response> {
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    let entries =
        prefs::inbox(&mut tx, v.account_id, &tenant.record.time_zone, INBOX_LIMIT).await?;
    let unread = prefs::unread_count(&mut tx, v.account_id).await?;
    tx.commit().await?;
    let tr = state.i18n.tr(lang);
    let site_name = tenant.name(lang).to_owned();
    let entries = entries
        .into_iter()
        .map(|e| EntryView {
            id: e.id,
            line: render::event_line(&state.i18n, lang, e.kind, &e.payload, &site_name),
            // An answer shows its beginning.
            excerpt: (e.kind == EventKind::OfficialAnswer)
                .then(|| e.payload.get("answer").and_then(Value::as_str))
                .flatten()
                .filter(|s| !s.trim().is_empty())
                .map(|s| follow::clip_chars(s, 300)),
            path: local_path(&e.payload),
            at: render::local_datetime(lang, &e.at),
            read: e.read,
        })
        .collect();
    let csrf = csrf(&state, &tenant, &v);
    let page = InboxPage {
        shell: Shell::new(
            &state,
            &site,
            lang,
            "/notifications",
            tr.t("notif-inbox-title"),
        )
        .signed_in(Some(&v), &csrf),
        csrf,
        entries,
        unread,
        unread_label: tr.n("notif-unread-count", unread),
    };
    html(StatusCode::OK, &page)
}

async fn mark_all_read(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    SignedIn(v): SignedIn,
) -> AppResult<Redirect> {
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    prefs::mark_read(&mut tx, v.account_id, None).await?;
    tx.commit().await?;
    Ok(Redirect::to("/notifications"))
}

async fn mark_one_read(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    SignedIn(v): SignedIn,
    Path(id): Path<String>,
) -> AppResult<Redirect> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    // Someone else's entry (or another collectivity's) is simply not found.
    let exists = sqlx::query_scalar!(
        r#"select exists(select 1 from notifications where id = $1 and account_id = $2) as "e!""#,
        id,
        v.account_id
    )
    .fetch_one(tx.conn())
    .await?;
    if !exists {
        return Err(AppError::NotFound);
    }
    prefs::mark_read(&mut tx, v.account_id, Some(id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/notifications#n-{id}")))
}

pub struct DeliveryOption {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

pub struct FollowView {
    pub kind: &'static str,
    pub id: Uuid,
    pub title: String,
    pub path: String,
}

#[derive(Template)]
#[template(path = "preferences.html")]
struct PreferencesPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    scope: String,
    options: Vec<DeliveryOption>,
    error: Option<String>,
    message: Option<String>,
    follows: Vec<FollowView>,
}

async fn preferences_view<'a>(
    state: &'a AppState,
    tenant: &Tenant,
    site: &Site,
    lang: Lang,
    v: &Viewer,
    shown: Delivery,
    error: Option<String>,
    message: Option<String>,
) -> AppResult<PreferencesPage<'a>> {
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    let follows = follow::follows_of(&mut tx, v.account_id).await?;
    tx.commit().await?;
    let tr = state.i18n.tr(lang);
    let csrf = csrf(state, tenant, v);
    let site_name = tenant.name(lang);
    Ok(PreferencesPage {
        shell: Shell::new(
            state,
            site,
            lang,
            "/notifications/preferences",
            tr.t("notif-preferences-title"),
        )
        .signed_in(Some(v), &csrf),
        csrf,
        scope: tr.s("notif-preferences-scope", site_name),
        options: Delivery::ALL
            .into_iter()
            .map(|d| DeliveryOption {
                value: d.as_str(),
                label: tr.t(&format!("notif-delivery-{}", d.as_str())),
                checked: d == shown,
            })
            .collect(),
        error,
        message,
        follows: follows
            .into_iter()
            .map(|f| {
                let payload = serde_json::json!({ "title_ar": f.title_ar, "title_fr": f.title_fr });
                let mut title = render::pick(lang, &payload, "title");
                if title.is_empty() {
                    title = site_name.to_owned();
                }
                FollowView {
                    kind: f.subject.kind(),
                    id: f.subject.id(),
                    title: match f.subject {
                        Subject::Programme(_) => tr.s("notif-follows-programme", &title),
                        Subject::Project(_) => title,
                    },
                    path: f.subject.path(),
                }
            })
            .collect(),
    })
}

async fn preferences_page(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
) -> AppResult<Response> {
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    let current = prefs::delivery(&mut tx, v.account_id).await?;
    tx.commit().await?;
    let page = preferences_view(&state, &tenant, &site, lang, &v, current, None, None).await?;
    html(StatusCode::OK, &page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PreferencesForm {
    delivery: String,
}

async fn save_preferences(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
    Form(form): Form<PreferencesForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let Some(delivery) = Delivery::parse(&form.delivery) else {
        let mut tx = state.db.tenant_tx(tenant.id()).await?;
        let current = prefs::delivery(&mut tx, v.account_id).await?;
        tx.commit().await?;
        let page = preferences_view(
            &state,
            &tenant,
            &site,
            lang,
            &v,
            current,
            Some(tr.t("notif-error-delivery")),
            None,
        )
        .await?;
        return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    if !prefs::set_delivery(&mut tx, v.account_id, delivery).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    let page = preferences_view(
        &state,
        &tenant,
        &site,
        lang,
        &v,
        delivery,
        None,
        Some(tr.t("notif-preferences-saved")),
    )
    .await?;
    html(StatusCode::OK, &page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FollowForm {
    kind: String,
    id: String,
    next: String,
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct Notice<'a> {
    shell: Shell<'a>,
    heading: String,
    body: String,
    button: Option<String>,
    action: String,
}

/// The subject of a follow form, or the message naming the bad field.
fn subject_of(state: &AppState, lang: Lang, form: &FollowForm) -> Result<Subject, String> {
    let tr = state.i18n.tr(lang);
    match form.id.trim().parse::<Uuid>() {
        Ok(id) => Subject::parse(form.kind.trim(), id).ok_or_else(|| tr.t("notif-error-kind")),
        Err(_) => Err(tr.t("notif-error-id")),
    }
}

/// The 422 page of a follow form that was tampered with; nothing was written.
fn invalid(
    state: &AppState,
    site: &Site,
    lang: Lang,
    v: &Viewer,
    message: String,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let page = Notice {
        shell: Shell::new(state, site, lang, "/", tr.t("notif-invalid-title"))
            .signed_in(Some(v), ""),
        heading: tr.t("notif-invalid-title"),
        body: message,
        button: None,
        action: String::new(),
    };
    html(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

fn back(form: &FollowForm, subject: Subject) -> Redirect {
    let next = if form.next.is_empty() {
        subject.path()
    } else {
        safe_next(Some(&form.next)).to_owned()
    };
    Redirect::to(&next)
}

async fn follow_post(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    site: Site,
    ReqLang(lang): ReqLang,
    // Following sends mail: only to an address its owner has confirmed.
    Verified(v): Verified,
    Form(form): Form<FollowForm>,
) -> AppResult<Response> {
    let subject = match subject_of(&state, lang, &form) {
        Ok(s) => s,
        Err(message) => return invalid(&state, &site, lang, &v, message),
    };
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    // A draft, or another collectivity's project: not found, nothing written.
    if !follow::follow(&mut tx, v.account_id, subject).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(back(&form, subject).into_response())
}

async fn unfollow_post(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
    Form(form): Form<FollowForm>,
) -> AppResult<Response> {
    let subject = match subject_of(&state, lang, &form) {
        Ok(s) => s,
        Err(message) => return invalid(&state, &site, lang, &v, message),
    };
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    follow::unfollow(&mut tx, v.account_id, subject).await?;
    tx.commit().await?;
    Ok(back(&form, subject).into_response())
}
