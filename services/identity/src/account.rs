//! A signed-in person's own account: the page, the profile, the password,
//! the e-mail address (changed through a link to the new one), the
//! verification mail sent again, the download of what is held and the
//! deletion; and the CSRF token of the session for API clients.

use std::sync::Arc;

use askama::Template;
use axum::{
    Form, Json, Router,
    extract::{Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use axum_extra::extract::cookie::CookieJar;
use infitah_notifications::outbox::MailKind;
use infitah_platform::{
    AppError, AppResult, Page,
    addons::Person,
    auth::{SignedIn, Viewer},
    db::TenantTx,
    i18n::Lang,
    web::Shell,
};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::{
    IdentityState,
    accounts::{self, Accounts, Addressee, OneTimeLink},
    forms::{self, Errors},
    password::Passwords,
    public::{TokenQuery, invalid_link},
    repo::{self, Purpose},
    session::{close_session, with_form_token},
};

pub fn router() -> Router<IdentityState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/profile", post(update_profile))
        .route("/account/password", post(change_password))
        .route("/account/email", post(change_email))
        .route("/account/email/confirm", get(confirm_email))
        .route("/account/verify", post(resend_verification))
        .route("/account/delete", post(delete_account))
        .route("/account/export", get(export))
        .route("/api/v1/csrf", get(api_csrf))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    email: String,
    display_name: String,
    lang: Lang,
    verified: bool,
    langs: Vec<Lang>,
    roles: Vec<String>,
    errors: Errors,
    message: Option<String>,
}

/// What the account page shows after an action: its errors, or a message.
enum Outcome {
    Shown,
    Refused(Errors),
    Done(&'static str),
}

/// The account page of `v`, after `outcome`.
async fn account_view(page: &Page, v: &Viewer, outcome: Outcome) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let account = repo::find(&mut tx, v.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    let (status, errors, message) = match outcome {
        Outcome::Shown => (StatusCode::OK, Errors::default(), None),
        Outcome::Refused(e) => (StatusCode::UNPROCESSABLE_ENTITY, e, None),
        Outcome::Done(id) => (StatusCode::OK, Errors::default(), Some(page.t(id))),
    };
    page.render(
        status,
        &AccountPage {
            shell: page.shell_at("/account", page.t("account-title")),
            csrf: page.csrf.clone(),
            email: account.email,
            display_name: account.display_name,
            lang: account.lang,
            verified: account.verified,
            langs: page.site.languages().to_vec(),
            roles: v
                .roles
                .iter()
                .map(|r| page.t(&format!("role-{}", r.as_str())))
                .collect(),
            errors,
            message,
        },
    )
}

/// The viewer's account, and whether `current` is its password: the
/// confirmation every change of credentials, and the deletion, ask for.
async fn confirmed(
    tx: &mut TenantTx,
    passwords: &Passwords,
    v: &Viewer,
    current: &str,
) -> AppResult<(repo::Account, bool)> {
    let account = repo::find(tx, v.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (ok, _) = passwords
        .verify(current, account.password_hash.as_deref())
        .await;
    Ok((account, ok))
}

async fn account_page(page: Page, SignedIn(v): SignedIn) -> AppResult<Response> {
    account_view(&page, &v, Outcome::Shown).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    display_name: String,
    lang: String,
}

async fn update_profile(
    page: Page,
    SignedIn(v): SignedIn,
    Form(form): Form<ProfileForm>,
) -> AppResult<Response> {
    let tr = page.tr();
    let mut errors = Errors::default();
    let name = forms::display_name(&tr, &mut errors, &form.display_name);
    let chosen = forms::language(&tr, &mut errors, page.site.languages(), &form.lang);
    let (Some(name), Some(chosen)) = (name, chosen) else {
        return account_view(&page, &v, Outcome::Refused(errors)).await;
    };
    let mut tx = page.tx().await?;
    repo::update_profile(&mut tx, v.account_id, &name, chosen).await?;
    tx.commit().await?;
    account_view(&page, &v, Outcome::Done("saved")).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    password: String,
}

async fn change_password(
    page: Page,
    State(passwords): State<Arc<Passwords>>,
    SignedIn(v): SignedIn,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let tr = page.tr();
    let mut errors = Errors::default();
    let mut tx = page.tx().await?;
    let (account, ok) = confirmed(&mut tx, &passwords, &v, &form.current).await?;
    if !ok {
        errors.add("current", tr.t("password-wrong"));
    }
    let password = forms::new_password(&tr, &mut errors, "password", &form.password);
    let (Some(password), true) = (password, errors.is_empty()) else {
        tx.rollback().await?;
        return account_view(&page, &v, Outcome::Refused(errors)).await;
    };
    let hash = passwords.hash(&password).await;
    repo::set_password(&mut tx, account.id, &hash).await?;
    let revoked = repo::revoke_sessions(&mut tx, account.id, Some(v.session_id)).await?;
    let who = Some(account.id);
    let detail = json!({"sessions_revoked": revoked});
    repo::log(&mut tx, "password_changed", who, who, detail).await?;
    accounts::queue_mail(
        &mut tx,
        MailKind::PasswordChanged,
        format!("password-changed:{}", Uuid::now_v7()),
        &Addressee::of(&account),
        json!({"name": account.display_name}),
    )
    .await?;
    tx.commit().await?;
    account_view(&page, &v, Outcome::Done("password-changed")).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailChangeForm {
    email: String,
    current: String,
}

async fn change_email(
    page: Page,
    State(passwords): State<Arc<Passwords>>,
    SignedIn(v): SignedIn,
    Form(form): Form<EmailChangeForm>,
) -> AppResult<Response> {
    let tr = page.tr();
    let mut errors = Errors::default();
    let new_email = forms::email(&tr, &mut errors, "new_email", &form.email);
    let mut tx = page.tx().await?;
    let (account, ok) = confirmed(&mut tx, &passwords, &v, &form.current).await?;
    if !ok {
        errors.add("email_current", tr.t("password-wrong"));
    }
    let (Some(new_email), true) = (new_email, errors.is_empty()) else {
        tx.rollback().await?;
        return account_view(&page, &v, Outcome::Refused(errors)).await;
    };
    if new_email != account.email {
        repo::void_tokens(&mut tx, account.id, Purpose::ChangeEmail).await?;
        let to = Addressee {
            account: account.id,
            email: &new_email,
            lang: account.lang,
        };
        Accounts::new(&page.state, &page.site)
            .mail_link(
                &mut tx,
                OneTimeLink::CHANGE_EMAIL,
                &to,
                json!({"name": account.display_name}),
            )
            .await?;
        let who = Some(account.id);
        repo::log(&mut tx, "email_change_requested", who, who, json!({})).await?;
    }
    tx.commit().await?;
    account_view(&page, &v, Outcome::Done("email-change-sent")).await
}

async fn confirm_email(
    mut page: Page,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let t = q.token.unwrap_or_default();
    let mut tx = page.tx().await?;
    let Some(used) = accounts::consume(&mut tx, &t, Purpose::ChangeEmail).await? else {
        let refused = invalid_link(&page)?;
        return Ok((jar, refused).into_response());
    };
    let account = repo::find(&mut tx, used.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !repo::change_email(&mut tx, account.id, &used.email).await? {
        tx.rollback().await?;
        let refused = page.notice(
            StatusCode::CONFLICT,
            "link-invalid-title",
            "email-taken-body",
            None,
        )?;
        return Ok((jar, refused).into_response());
    }
    // Told at the address it leaves.
    accounts::queue_mail(
        &mut tx,
        MailKind::EmailChanged,
        format!("email-changed:{}", accounts::subject(&t)),
        &Addressee::of(&account),
        json!({"name": account.display_name}),
    )
    .await?;
    let who = Some(account.id);
    repo::log(&mut tx, "email_changed", who, who, json!({})).await?;
    tx.commit().await?;
    let done = page.notice(
        StatusCode::OK,
        "email-changed-title",
        "email-changed-body",
        Some(("/account", "go-account")),
    )?;
    Ok((jar, done).into_response())
}

async fn resend_verification(page: Page, SignedIn(v): SignedIn) -> AppResult<Response> {
    if !v.verified {
        let desk = Accounts::new(&page.state, &page.site);
        if !desk.allowed(accounts::VERIFY_PER_ACCOUNT, &v.email).await {
            return page.throttled();
        }
        let mut tx = page.tx().await?;
        let account = repo::find(&mut tx, v.account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        desk.send_verification(&mut tx, &Addressee::of(&account), &account.display_name)
            .await?;
        tx.commit().await?;
    }
    page.notice(
        StatusCode::OK,
        "verify-sent-title",
        "verify-sent-body",
        Some(("/account", "go-account")),
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    current: String,
}

async fn delete_account(
    mut page: Page,
    State(passwords): State<Arc<Passwords>>,
    SignedIn(v): SignedIn,
    jar: CookieJar,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let (account, ok) = confirmed(&mut tx, &passwords, &v, &form.current).await?;
    if !ok {
        tx.rollback().await?;
        let mut errors = Errors::default();
        errors.add("delete_current", page.t("password-wrong"));
        return account_view(&page, &v, Outcome::Refused(errors)).await;
    }
    // What the other services hold goes first, while the address is known.
    let person = Person {
        account_id: account.id,
        email: &v.email,
    };
    for part in page.state.addons.personal.iter() {
        part.erase(&mut tx, &person).await?;
    }
    repo::delete(&mut tx, account.id).await?;
    let who = Some(account.id);
    repo::log(&mut tx, "account_deleted", who, who, json!({})).await?;
    tx.commit().await?;
    let jar = close_session(&mut page, jar);
    let jar = with_form_token(&mut page, jar);
    let done = page.notice(StatusCode::OK, "deleted-title", "deleted-body", None)?;
    Ok((jar, done).into_response())
}

async fn export(page: Page, SignedIn(v): SignedIn) -> AppResult<Response> {
    let scope = page.site.scope();
    let mut tx = page.state.db.tenant_tx(scope.id()).await?;
    let mut data = repo::export(&mut tx, v.account_id).await?;
    let person = Person {
        account_id: v.account_id,
        email: &v.email,
    };
    for part in page.state.addons.personal.iter() {
        for (name, value) in part.export(&mut tx, &person).await? {
            data[name] = value;
        }
    }
    tx.commit().await?;
    data["collectivity"] = json!({"slug": scope.slug(), "name_fr": scope.record.name_fr, "name_ar": scope.record.name_ar});
    Ok((
        [
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"infitah-my-data.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Json(data),
    )
        .into_response())
}

/// The session's CSRF token.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Csrf)]
pub struct CsrfAnswer {
    /// Send it in `X-CSRF-Token` with every write.
    csrf_token: String,
}

/// `GET /api/v1/csrf`: the CSRF token of the caller's session, for API clients
/// (same-origin reads only: no CORS, so another site cannot read it).
#[utoipa::path(
    get,
    path = "/api/v1/csrf",
    summary = "The CSRF token of your session",
    description = "For API clients signed in with a session cookie: send this value in X-CSRF-Token with every write. Never cached.",
    responses(
        (status = 200, description = "The token", body = CsrfAnswer),
        (status = 303, description = "Not signed in: sent to /sign-in"),
    )
)]
pub async fn api_csrf(page: Page, SignedIn(_): SignedIn) -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(CsrfAnswer {
            csrf_token: page.csrf,
        }),
    )
        .into_response()
}
