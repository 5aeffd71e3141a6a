//! Citizens own what they wrote: the author of a comment or an idea edits it
//! or withdraws it, on one page per item (`/comments/{id}/edit`,
//! `/ideas/{id}/edit`), reached from the item itself.
//!
//! - **Edit**: a comment while its consultation is open and nobody has
//!   answered it officially; an idea while it is still "submitted" and
//!   unanswered; never a hidden item (the moderators decided on that text).
//!   The text is checked as when it was posted; the page then says
//!   "edited", and the replaced text is kept in `contribution_versions`,
//!   which moderators read beside the item.
//! - **Withdraw**: at any time. The thread keeps a "withdrawn by its author"
//!   placeholder in the comment's place (replies keep their context), an
//!   idea's page says the same, and every public list, count and export
//!   leaves it out (the publication rule, migration 0013). The row and its
//!   text stay, for the moderators' record; so do flags and decisions.
//!   Deleting an account withdraws everything its owner wrote (a trigger of
//!   the same migration).
//!
//! Anyone but the author — another citizen, staff, a signed-out visitor —
//! gets 404 from these addresses, as for an item that does not exist.

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
    auth::{Verified, Viewer},
    i18n::Tr,
    throttle::Limit,
    web::Shell,
};
use uuid::Uuid;

use infitah_platform::form::required_text;

use crate::{
    comments::{Fields, parse_id, text_error},
    ideas::{BODY_MAX, TITLE_MAX},
    model::{CommentBody, ItemKind},
    repo::{self, OwnItem},
    section::Errors,
};

/// Edits and withdrawals per account per minute: enough to fix a typo a few
/// times, useless for rewriting a thread in a loop.
pub const EDITS_PER_ACCOUNT: Limit = Limit::new("edit_account", 10, 60);

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/comments/{id}/edit",
            get(edit_page::<Comments>).post(edit_post::<Comments>),
        )
        .route("/comments/{id}/withdraw", post(withdraw_post::<Comments>))
        .route(
            "/ideas/{id}/edit",
            get(edit_page::<Ideas>).post(edit_post::<Ideas>),
        )
        .route("/ideas/{id}/withdraw", post(withdraw_post::<Ideas>))
}

#[derive(Template)]
#[template(path = "authors_edit.html")]
struct EditPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    kind: ItemKind,
    id: Uuid,
    /// Where the item is read (and where the author comes back to).
    back: String,
    title: String,
    body: String,
    /// Why the text can no longer be edited (None: it can).
    frozen: Option<String>,
    errors: Errors,
    title_max: usize,
    body_max: usize,
}

impl EditPage<'_> {
    fn is_idea(&self) -> bool {
        self.kind == ItemKind::Idea
    }
}

/// Where an item is read: a comment's own address leads to its thread.
fn place(kind: ItemKind, item: &OwnItem) -> String {
    match (kind, item.consultation_id) {
        (ItemKind::Comment, Some(c)) => format!("/consultations/{c}/comments/{}", item.id),
        _ => format!("/ideas/{}", item.id),
    }
}

/// Why an item can no longer be edited, in the viewer's words.
fn frozen(tr: &Tr, kind: ItemKind, item: &OwnItem) -> Option<String> {
    if item.hidden {
        Some(tr.t("own-frozen-hidden"))
    } else if !item.editable {
        Some(tr.t(match kind {
            ItemKind::Comment => "own-frozen-comment",
            ItemKind::Idea => "own-frozen-idea",
        }))
    } else {
        None
    }
}

struct Posted {
    title: String,
    body: String,
    errors: Errors,
}

/// The item's own page: its form (with what was sent and why it was
/// refused, after a refusal), or why it can no longer be edited.
fn page(
    cx: &TenantPage,
    kind: ItemKind,
    item: &OwnItem,
    status: StatusCode,
    posted: Option<Posted>,
) -> AppResult<Response> {
    let tr = cx.tr();
    let heading = tr.t(match kind {
        ItemKind::Comment => "own-comment-title",
        ItemKind::Idea => "own-idea-title",
    });
    let back = place(kind, item);
    let path = match kind {
        ItemKind::Comment => format!("/comments/{}/edit", item.id),
        ItemKind::Idea => format!("/ideas/{}/edit", item.id),
    };
    let (title, body, errors) = match posted {
        Some(p) => (p.title, p.body, p.errors),
        None => (
            item.title.clone().unwrap_or_default(),
            item.body.clone(),
            Errors::default(),
        ),
    };
    let view = EditPage {
        shell: cx.shell_at(&path, heading),
        csrf: cx.csrf.clone(),
        kind,
        id: item.id,
        back,
        title,
        body,
        frozen: frozen(&tr, kind, item),
        errors,
        title_max: TITLE_MAX,
        body_max: match kind {
            ItemKind::Comment => CommentBody::MAX,
            ItemKind::Idea => BODY_MAX,
        },
    };
    cx.render(status, &view)
}

async fn edit_page<K: Kind>(
    cx: TenantPage,
    Verified(viewer): Verified,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (id, kind) = (parse_id(&id)?, K::KIND);
    let mut tx = cx.tx().await?;
    let item = repo::own_item(&mut tx, kind, id, viewer.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    if item.withdrawn {
        return Ok(Redirect::to(&place(kind, &item)).into_response());
    }
    page(&cx, kind, &item, StatusCode::OK, None)
}

async fn edit_post<K: Kind>(
    cx: TenantPage,
    Verified(viewer): Verified,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (id, kind) = (parse_id(&id)?, K::KIND);
    let tr = cx.tr();
    let f = Fields(form);
    let mut errors = Errors::default();
    // Checked as when it was first sent.
    let (title, body) = match kind {
        ItemKind::Comment => match CommentBody::parse(f.get("body")) {
            Ok(b) => (Some(String::new()), Some(b.as_str().to_owned())),
            Err(e) => {
                errors.add("body", text_error(&tr, e, "cons-error-body-empty"));
                (Some(String::new()), None)
            }
        },
        ItemKind::Idea => (
            required_text(
                &tr,
                &mut errors,
                "title",
                f.get("title"),
                TITLE_MAX,
                "idea-title-required",
            ),
            required_text(
                &tr,
                &mut errors,
                "body",
                f.get("body"),
                BODY_MAX,
                "idea-body-required",
            ),
        ),
    };
    let mut tx = cx.tx().await?;
    let item = repo::own_item(&mut tx, kind, id, viewer.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if item.withdrawn {
        tx.rollback().await?;
        return Ok(Redirect::to(&place(kind, &item)).into_response());
    }
    // Refused (frozen: 409; a field wrong: 422): the page again, with what was sent.
    let refusal = if frozen(&tr, kind, &item).is_some() {
        Some(StatusCode::CONFLICT)
    } else {
        (!errors.is_empty()).then_some(StatusCode::UNPROCESSABLE_ENTITY)
    };
    let (Some(title), Some(body), None) = (title, body, refusal) else {
        tx.rollback().await?;
        let posted = Posted {
            title: f.get("title").to_owned(),
            body: f.get("body").to_owned(),
            errors,
        };
        let status = refusal.unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
        return page(&cx, kind, &item, status, Some(posted));
    };
    let back = place(kind, &item);
    // The same text again (a double click, a resent form): nothing to record.
    if body == item.body && item.title.as_deref().is_none_or(|t| t == title) {
        tx.rollback().await?;
        return Ok(Redirect::to(&back).into_response());
    }
    if !allowed(&cx, &viewer).await {
        tx.rollback().await?;
        return Err(AppError::TooManyRequests);
    }
    repo::edit_item(&mut tx, kind, item.id, &title, &body).await?;
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &cx.state.versions).await?;
    Ok(Redirect::to(&back).into_response())
}

async fn withdraw_post<K: Kind>(
    cx: TenantPage,
    Verified(viewer): Verified,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let (id, kind) = (parse_id(&id)?, K::KIND);
    let mut tx = cx.tx().await?;
    let item = repo::own_item(&mut tx, kind, id, viewer.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let back = place(kind, &item);
    if item.withdrawn {
        tx.rollback().await?;
        return Ok(Redirect::to(&back).into_response());
    }
    if !allowed(&cx, &viewer).await {
        tx.rollback().await?;
        return Err(AppError::TooManyRequests);
    }
    repo::withdraw_item(&mut tx, kind, item.id).await?;
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &cx.state.versions).await?;
    Ok(Redirect::to(&back).into_response())
}

/// Counts one edit or withdrawal of `viewer` against [`EDITS_PER_ACCOUNT`].
async fn allowed(cx: &TenantPage, viewer: &Viewer) -> bool {
    let state = &cx.state;
    state
        .throttle
        .allow(
            &state.redis,
            cx.tenant.id(),
            EDITS_PER_ACCOUNT,
            &infitah_platform::throttle::subject("account", &viewer.account_id.to_string()),
        )
        .await
}

/// Which kind of item a route is for: the handlers are written once, for both.
pub trait Kind: Send + Sync + 'static {
    const KIND: ItemKind;
}

pub struct Comments;
impl Kind for Comments {
    const KIND: ItemKind = ItemKind::Comment;
}

pub struct Ideas;
impl Kind for Ideas {
    const KIND: ItemKind = ItemKind::Idea;
}
