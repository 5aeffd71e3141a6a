//! The citizen's pages: the in-app list of notifications (newest first,
//! marked read one by one or all at once), the delivery preference and the
//! list of follows, and the follow/unfollow forms that the project page and
//! the home page carry (see [`crate::addon`]). Every page here is for the
//! signed-in viewer only and is never cached.

use askama::Template;
use axum::{
    Form, Router,
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    auth::{SignedIn, Verified, Viewer},
    web::{Shell, safe_next},
};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::{
    follow::{self, EventKind, Subject},
    prefs::{self, Delivery},
    render,
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

async fn inbox_page(page: TenantPage, SignedIn(v): SignedIn) -> AppResult<Response> {
    let (tenant, lang) = (&page.tenant, page.lang);
    let mut tx = page.tx().await?;
    let entries =
        prefs::inbox(&mut tx, v.account_id, &tenant.record.time_zone, INBOX_LIMIT).await?;
    let unread = prefs::unread_count(&mut tx, v.account_id).await?;
    tx.commit().await?;
    let tr = page.tr();
    let site_name = tenant.name(lang).to_owned();
    let entries = entries
        .into_iter()
        .map(|e| EntryView {
            id: e.id,
            line: render::event_line(&page.state.i18n, lang, e.kind, &e.payload, &site_name),
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
    let inbox = InboxPage {
        shell: page.shell(tr.t("notif-inbox-title")),
        csrf: page.csrf.clone(),
        entries,
        unread,
        unread_label: tr.n("notif-unread-count", unread),
    };
    page.render(StatusCode::OK, &inbox)
}

async fn mark_all_read(page: TenantPage, SignedIn(v): SignedIn) -> AppResult<Redirect> {
    let mut tx = page.tx().await?;
    prefs::mark_read(&mut tx, v.account_id, None).await?;
    tx.commit().await?;
    Ok(Redirect::to("/notifications"))
}

async fn mark_one_read(
    page: TenantPage,
    SignedIn(v): SignedIn,
    Path(id): Path<String>,
) -> AppResult<Redirect> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let mut tx = page.tx().await?;
    // Someone else's entry (or another collectivity's) is simply not found.
    if !prefs::is_entry_of(&mut tx, v.account_id, id).await? {
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

/// What the preferences page says after a form: its error, or its message.
enum Said {
    Nothing,
    Error(&'static str),
    Saved,
}

/// The preferences page of `v`, showing `shown` as the chosen delivery.
async fn preferences_view(
    page: &TenantPage,
    v: &Viewer,
    shown: Delivery,
    said: Said,
) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let follows = follow::follows_of(&mut tx, v.account_id).await?;
    tx.commit().await?;
    let (tr, lang) = (page.tr(), page.lang);
    let site_name = page.tenant.name(lang);
    let (status, error, message) = match said {
        Said::Nothing => (StatusCode::OK, None, None),
        Said::Error(id) => (StatusCode::UNPROCESSABLE_ENTITY, Some(tr.t(id)), None),
        Said::Saved => (StatusCode::OK, None, Some(tr.t("notif-preferences-saved"))),
    };
    let view = PreferencesPage {
        shell: page.shell_at(
            "/notifications/preferences",
            tr.t("notif-preferences-title"),
        ),
        csrf: page.csrf.clone(),
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
    };
    page.render(status, &view)
}

async fn preferences_page(page: TenantPage, SignedIn(v): SignedIn) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let current = prefs::delivery(&mut tx, v.account_id).await?;
    tx.commit().await?;
    preferences_view(&page, &v, current, Said::Nothing).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PreferencesForm {
    delivery: String,
}

async fn save_preferences(
    page: TenantPage,
    SignedIn(v): SignedIn,
    Form(form): Form<PreferencesForm>,
) -> AppResult<Response> {
    let Some(delivery) = Delivery::parse(&form.delivery) else {
        let mut tx = page.tx().await?;
        let current = prefs::delivery(&mut tx, v.account_id).await?;
        tx.commit().await?;
        let refused = Said::Error("notif-error-delivery");
        return preferences_view(&page, &v, current, refused).await;
    };
    let mut tx = page.tx().await?;
    if !prefs::set_delivery(&mut tx, v.account_id, delivery).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    preferences_view(&page, &v, delivery, Said::Saved).await
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
fn subject_of(page: &TenantPage, form: &FollowForm) -> Result<Subject, String> {
    let tr = page.tr();
    match form.id.trim().parse::<Uuid>() {
        Ok(id) => Subject::parse(form.kind.trim(), id).ok_or_else(|| tr.t("notif-error-kind")),
        Err(_) => Err(tr.t("notif-error-id")),
    }
}

/// The 422 page of a follow form that was tampered with; nothing was written.
fn invalid(page: &TenantPage, message: String) -> AppResult<Response> {
    let title = page.t("notif-invalid-title");
    let notice = Notice {
        shell: page.shell_at("/", title.clone()),
        heading: title,
        body: message,
        button: None,
        action: String::new(),
    };
    page.render(StatusCode::UNPROCESSABLE_ENTITY, &notice)
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
    page: TenantPage,
    // Following sends mail: only to an address its owner has confirmed.
    Verified(v): Verified,
    Form(form): Form<FollowForm>,
) -> AppResult<Response> {
    let subject = match subject_of(&page, &form) {
        Ok(s) => s,
        Err(message) => return invalid(&page, message),
    };
    let mut tx = page.tx().await?;
    // A draft, or another collectivity's project: not found, nothing written.
    if !follow::follow(&mut tx, v.account_id, subject).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(back(&form, subject).into_response())
}

async fn unfollow_post(
    page: TenantPage,
    SignedIn(v): SignedIn,
    Form(form): Form<FollowForm>,
) -> AppResult<Response> {
    let subject = match subject_of(&page, &form) {
        Ok(s) => s,
        Err(message) => return invalid(&page, message),
    };
    let mut tx = page.tx().await?;
    follow::unfollow(&mut tx, v.account_id, subject).await?;
    tx.commit().await?;
    Ok(back(&form, subject).into_response())
}
