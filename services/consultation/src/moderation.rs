//! Moderation and official answers, for comments and ideas alike: citizens
//! flag (once per person and item, however often they press), moderators
//! hide and restore with a reason whose category the public sees and whose
//! note stays on record, or keep a flagged item; editors answer in the
//! collectivity's name and the author is told, in the same transaction
//! (through the notifications' outbox). The moderators' queue lists what
//! was flagged, what is hidden, and the record of every decision.
//!
//! Ideas' pages (owned by the ideas module) show hidden ideas with
//! [`crate::section::hidden_notice`], answers with [`crate::section::AnswerView`]
//! from [`repo::answers`], and the forms of `consultation_macros.html`.

use askama::Template;
use axum::{
    Form, Router,
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use infitah_notifications::follow::{Event, EventKind, notify_account};
use infitah_platform::texts::excerpt;
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    auth::{EditProgramme, Moderate, Staff, Verified, Viewer},
    i18n::Lang,
    tenancy::Tenant,
    throttle::Limit,
    web::{Shell, safe_next},
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    comments::{Fields, parse_id, text_error},
    model::{AnswerBody, ItemKind, ModerationNote, Reason},
    repo::{self, QueueItem},
    section::{Choice, Errors, datetime_label, hidden_notice, reason_label},
};

/// Flags per account per minute: enough for anyone, useless for a flood.
pub const FLAGS_PER_ACCOUNT: Limit = Limit::new("flag_account", 20, 60);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/comments/{id}/flag", post(flag_comment))
        .route("/ideas/{id}/flag", post(flag_idea))
        .route("/admin/comments/{id}/hide", post(hide_comment))
        .route("/admin/comments/{id}/restore", post(restore_comment))
        .route("/admin/comments/{id}/dismiss", post(dismiss_comment))
        .route("/admin/comments/{id}/answer", post(answer_comment))
        .route("/admin/ideas/{id}/hide", post(hide_idea))
        .route("/admin/ideas/{id}/restore", post(restore_idea))
        .route("/admin/ideas/{id}/dismiss", post(dismiss_idea))
        .route("/admin/ideas/{id}/answer", post(answer_idea))
        .route("/admin/moderation", get(queue))
}

/// Where an item is read, for links and for coming back after a decision
/// (a comment's own address leads to the page of threads it is on).
pub fn item_path(kind: ItemKind, id: Uuid, consultation: Option<Uuid>) -> String {
    match (kind, consultation) {
        (ItemKind::Comment, Some(c)) => format!("/consultations/{c}/comments/{id}"),
        (ItemKind::Comment, None) => "/admin/moderation".to_owned(),
        (ItemKind::Idea, _) => format!("/ideas/{id}"),
    }
}

/// Back where the form was, at the item when that page shows it, saying
/// what was done (`saved`, a message `saved-…`).
fn back(next: &str, kind: ItemKind, id: Uuid, saved: &str) -> Response {
    let next = safe_next(Some(next));
    let next = if next == "/" {
        "/admin/moderation"
    } else {
        next
    };
    let anchor = match kind {
        ItemKind::Comment if !next.starts_with("/admin/") && !next.contains('#') => {
            format!("#comment-{id}")
        }
        _ => String::new(),
    };
    let to = infitah_platform::web::with_saved(&format!("{next}{anchor}"), saved);
    Redirect::to(&to).into_response()
}

#[derive(Template)]
#[template(path = "consultation_refused.html")]
struct RefusedPage<'a> {
    shell: Shell<'a>,
    errors: Errors,
    back: String,
}

/// A staff form refused: 422, the errors named by field, a way back.
fn refused(cx: &TenantPage, errors: Errors, next: &str) -> AppResult<Response> {
    let view = RefusedPage {
        shell: cx.shell_at("/admin/moderation", cx.t("cons-moderate")),
        errors,
        back: safe_next(Some(next)).to_owned(),
    };
    cx.render(StatusCode::UNPROCESSABLE_ENTITY, &view)
}

// ---------------------------------------------------------------------------
// Flags.

async fn flag(
    cx: &TenantPage,
    v: &Viewer,
    kind: ItemKind,
    id: &str,
    form: Vec<(String, String)>,
) -> AppResult<Response> {
    let id = parse_id(id)?;
    let f = Fields(form);
    let state = &cx.state;
    let allowed = state
        .throttle
        .allow(
            &state.redis,
            cx.tenant.id(),
            FLAGS_PER_ACCOUNT,
            &infitah_platform::throttle::subject("account", &v.account_id.to_string()),
        )
        .await;
    let mut tx = cx.tx().await?;
    // Another collectivity's item is not found here: 404, and nothing is written.
    let item = repo::item_ref(&mut tx, kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !allowed {
        tx.rollback().await?;
        return Err(AppError::TooManyRequests);
    }
    // No content version bump: a flag changes nothing the public sees.
    repo::flag(&mut tx, kind, item.id, v.account_id).await?;
    tx.commit().await?;
    let default = item_path(kind, id, item.consultation_id);
    let next = match f.get("next") {
        "" => default.as_str(),
        n => n,
    };
    Ok(back(next, kind, id, "flagged"))
}

pub async fn flag_comment(
    cx: TenantPage,
    Verified(v): Verified,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    flag(&cx, &v, ItemKind::Comment, &id, form).await
}

pub async fn flag_idea(
    cx: TenantPage,
    Verified(v): Verified,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    flag(&cx, &v, ItemKind::Idea, &id, form).await
}

// ---------------------------------------------------------------------------
// Hide, restore, keep.

#[derive(Clone, Copy)]
enum Decision {
    Hide,
    Restore,
    Dismiss,
}

/// A moderator's decision on an item: hidden with a reason, restored, or kept.
async fn decide(
    cx: &TenantPage,
    v: &Viewer,
    (kind, decision): (ItemKind, Decision),
    id: &str,
    form: Vec<(String, String)>,
) -> AppResult<Response> {
    let id = parse_id(id)?;
    let tr = cx.tr();
    let f = Fields(form);
    let mut errors = Errors::default();
    let reason = match decision {
        Decision::Hide => {
            let r = Reason::parse(f.get("reason"));
            if r.is_none() {
                errors.add("reason", tr.t("cons-error-reason"));
            }
            r
        }
        _ => None,
    };
    let note = match ModerationNote::parse(f.get("note")) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.add("note", text_error(&tr, e, "cons-error-reason"));
            None
        }
    };
    let mut tx = cx.tx().await?;
    let item = repo::item_ref(&mut tx, kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (Some(note), true) = (note, errors.is_empty()) else {
        tx.rollback().await?;
        let next = match f.get("next") {
            "" => "/admin/moderation",
            n => n,
        };
        return refused(cx, errors, next);
    };
    let changed = match (decision, reason) {
        (Decision::Hide, Some(r)) => {
            repo::hide(&mut tx, kind, item.id, r, &note, v.account_id).await?
        }
        (Decision::Restore, _) => {
            repo::restore(&mut tx, kind, item.id, &note, v.account_id).await?
        }
        (Decision::Dismiss, _) => {
            repo::dismiss(&mut tx, kind, item.id, &note, v.account_id).await?
        }
        (Decision::Hide, None) => false,
    };
    if changed {
        infitah_platform::content::commit(tx, &cx.state.versions).await?;
    } else {
        tx.rollback().await?;
    }
    let default = item_path(kind, id, item.consultation_id);
    let next = match f.get("next") {
        "" => default.as_str(),
        n => n,
    };
    let saved = match decision {
        Decision::Hide => "hidden",
        Decision::Restore => "restored",
        Decision::Dismiss => "dismissed",
    };
    Ok(back(next, kind, id, saved))
}

macro_rules! decision_route {
    ($name:ident, $kind:expr, $decision:expr) => {
        pub async fn $name(
            cx: TenantPage,
            staff: Staff<Moderate>,
            Path(id): Path<String>,
            Form(form): Form<Vec<(String, String)>>,
        ) -> AppResult<Response> {
            decide(&cx, staff.viewer(), ($kind, $decision), &id, form).await
        }
    };
}

decision_route!(hide_comment, ItemKind::Comment, Decision::Hide);
decision_route!(restore_comment, ItemKind::Comment, Decision::Restore);
decision_route!(dismiss_comment, ItemKind::Comment, Decision::Dismiss);
decision_route!(hide_idea, ItemKind::Idea, Decision::Hide);
decision_route!(restore_idea, ItemKind::Idea, Decision::Restore);
decision_route!(dismiss_idea, ItemKind::Idea, Decision::Dismiss);

// ---------------------------------------------------------------------------
// Official answers.

/// What the author's notification says: where, about what, and the answer.
async fn answer_payload(
    tx: &mut infitah_platform::db::TenantTx,
    tenant: &Tenant,
    kind: ItemKind,
    item: &repo::ItemRef,
    answer: &AnswerBody,
) -> AppResult<serde_json::Value> {
    let (title_ar, title_fr, excerpt_text) = match (kind, item.consultation_id) {
        (ItemKind::Comment, Some(cid)) => {
            let c = repo::consultation(tx, cid, &tenant.record.time_zone, true).await?;
            let body = sqlx::query_scalar!("select body from comments where id = $1", item.id)
                .fetch_one(tx.conn())
                .await?;
            let t = c.map(|c| c.display_title()).unwrap_or_default();
            (t.ar, t.fr, body)
        }
        _ => {
            let r = sqlx::query!("select title, body from ideas where id = $1", item.id)
                .fetch_one(tx.conn())
                .await?;
            (Some(r.title.clone()), Some(r.title), r.body)
        }
    };
    Ok(json!({
        "item_kind": kind.as_str(),
        "item_id": item.id,
        "consultation_id": item.consultation_id,
        "path": item_path(kind, item.id, item.consultation_id),
        "title_ar": title_ar,
        "title_fr": title_fr,
        "excerpt": excerpt(&excerpt_text, 200),
        "answer": answer.as_str(),
        "collectivity_ar": tenant.name(Lang::Ar),
        "collectivity_fr": tenant.name(Lang::Fr),
    }))
}

/// An official answer in the collectivity's name; its author is told.
async fn answer(
    cx: &TenantPage,
    v: &Viewer,
    kind: ItemKind,
    id: &str,
    form: Vec<(String, String)>,
) -> AppResult<Response> {
    let id = parse_id(id)?;
    let tr = cx.tr();
    let f = Fields(form);
    let mut tx = cx.tx().await?;
    let item = repo::item_ref(&mut tx, kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let default = item_path(kind, id, item.consultation_id);
    let next = match f.get("next") {
        "" => default.clone(),
        n => n.to_owned(),
    };
    let body = match AnswerBody::parse(f.get("body")) {
        Ok(b) => b,
        Err(e) => {
            tx.rollback().await?;
            let mut errors = Errors::default();
            errors.add("body", text_error(&tr, e, "cons-error-answer-empty"));
            return refused(cx, errors, &next);
        }
    };
    let answer_id = repo::add_answer(&mut tx, kind, item.id, &body, v.account_id, None).await?;
    if let Some(author) = item.author_id {
        let payload = answer_payload(&mut tx, &cx.tenant, kind, &item, &body).await?;
        notify_account(
            &mut tx,
            author,
            &Event {
                key: format!("answer:{answer_id}"),
                kind: EventKind::OfficialAnswer,
                payload,
            },
        )
        .await?;
    }
    infitah_platform::content::commit(tx, &cx.state.versions).await?;
    Ok(back(&next, kind, id, "answered"))
}

pub async fn answer_comment(
    cx: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    answer(&cx, staff.viewer(), ItemKind::Comment, &id, form).await
}

pub async fn answer_idea(
    cx: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    answer(&cx, staff.viewer(), ItemKind::Idea, &id, form).await
}

// ---------------------------------------------------------------------------
// The moderators' queue.

pub struct QueueView {
    pub kind: &'static str,
    pub kind_label: String,
    pub id: Uuid,
    pub body: String,
    pub author: String,
    pub href: String,
    pub flags: String,
    pub when: String,
    pub hidden: String,
}

pub struct LogView {
    pub kind_label: String,
    pub action: String,
    pub reason: String,
    pub note: String,
    pub moderator: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "consultation_moderation.html")]
struct QueuePage<'a> {
    shell: Shell<'a>,
    csrf: String,
    flagged: Vec<QueueView>,
    hidden: Vec<QueueView>,
    log: Vec<LogView>,
    reasons: Vec<Choice>,
}

pub async fn queue(cx: TenantPage, _: Staff<Moderate>) -> AppResult<Response> {
    let tr = cx.tr();
    let tz = &cx.tenant.record.time_zone;
    let mut tx = cx.tx().await?;
    let flagged = repo::flagged_items(&mut tx, tz).await?;
    let hidden = repo::hidden_items(&mut tx).await?;
    let log = repo::recent_actions(&mut tx, tz, 50).await?;
    tx.commit().await?;
    let view = |q: &QueueItem| QueueView {
        kind: q.kind.as_str(),
        kind_label: tr.t(&format!("cons-kind-{}", q.kind.as_str())),
        id: q.id,
        body: excerpt(&q.body, 400),
        author: q
            .author_name
            .clone()
            .unwrap_or_else(|| tr.t("cons-deleted-author")),
        href: item_path(q.kind, q.id, q.consultation_id),
        flags: tr.n("cons-mod-flags", q.flags),
        when: q
            .first_flag_local
            .map(|t| datetime_label(&tr, t))
            .unwrap_or_default(),
        hidden: q
            .hidden_reason
            .as_deref()
            .map(|r| hidden_notice(&tr, r))
            .unwrap_or_default(),
    };
    let page = QueuePage {
        shell: cx.shell(tr.t("cons-mod-title")),
        csrf: cx.csrf.clone(),
        flagged: flagged.iter().map(view).collect(),
        hidden: hidden.iter().map(view).collect(),
        log: log
            .iter()
            .map(|a| LogView {
                kind_label: tr.t(&format!("cons-kind-{}", a.kind)),
                action: tr.t(&format!("cons-action-{}", a.action)),
                reason: a
                    .reason
                    .as_deref()
                    .map(|r| reason_label(&tr, r))
                    .unwrap_or_default(),
                note: a.note.clone(),
                moderator: a.moderator.clone().unwrap_or_default(),
                when: datetime_label(&tr, a.at_local),
            })
            .collect(),
        reasons: crate::section::reason_choices(&tr),
    };
    cx.render(StatusCode::OK, &page)
}
