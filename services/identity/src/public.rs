//! The pages of a visitor who is not (yet) signed in: sign-up and the link
//! that verifies it, sign-in and sign-out, the forgotten password and its
//! reset link, and the invitation a staff member accepts. Answers never tell
//! whether an address has an account.

use std::{net::SocketAddr, sync::Arc};

use askama::Template;
use axum::{
    Form, Router,
    extract::{ConnectInfo, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use axum_extra::extract::cookie::CookieJar;
use infitah_notifications::outbox::MailKind;
use infitah_platform::{
    AppError, AppResult, Page,
    auth::MaybeViewer,
    i18n::Lang,
    web::{Shell, client_ip, safe_next},
};
use serde::Deserialize;
use serde_json::json;

use crate::{
    IdentityState,
    accounts::{self, Accounts, Addressee},
    forms::{self, Errors},
    password::Passwords,
    repo::{self, Purpose},
    session::{close_session, open_session, with_form_token},
};

pub fn router() -> Router<IdentityState> {
    Router::new()
        .route("/sign-up", get(sign_up_page).post(sign_up))
        .route("/verify", get(verify))
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/password/forgot", get(forgot_page).post(forgot))
        .route("/password/reset", get(reset_page).post(reset))
        .route("/invitation", get(invitation_page).post(accept_invitation))
}

/// The `?token=` of a one-time link.
#[derive(Deserialize)]
pub(crate) struct TokenQuery {
    pub token: Option<String>,
}

// ---------------------------------------------------------------------------
// Sign-up and verification

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    email: String,
    display_name: String,
    password: String,
    lang: String,
    terms: String,
}

#[derive(Template)]
#[template(path = "sign_up.html")]
struct SignUpPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    form: SignUpForm,
    errors: Errors,
    langs: Vec<Lang>,
}

fn sign_up_form(
    page: &Page,
    status: StatusCode,
    form: SignUpForm,
    errors: Errors,
) -> AppResult<Response> {
    page.render(
        status,
        &SignUpPage {
            shell: page.shell_at("/sign-up", page.t("sign-up-title")),
            csrf: page.csrf.clone(),
            form,
            errors,
            langs: page.site.languages().to_vec(),
        },
    )
}

async fn sign_up_page(mut page: Page, jar: CookieJar) -> AppResult<Response> {
    if page.site.is_national() {
        return Err(AppError::NotFound);
    }
    if page.viewer.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    let jar = with_form_token(&mut page, jar);
    let form = SignUpForm {
        lang: page.lang.code().into(),
        ..Default::default()
    };
    Ok((
        jar,
        sign_up_form(&page, StatusCode::OK, form, Errors::default())?,
    )
        .into_response())
}

async fn sign_up(
    mut page: Page,
    State(passwords): State<Arc<Passwords>>,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignUpForm>,
) -> AppResult<Response> {
    if page.site.is_national() {
        return Err(AppError::NotFound);
    }
    // A visitor signed in elsewhere in this tab signs up anonymously.
    page.viewer = None;
    let jar = with_form_token(&mut page, jar);
    let tr = page.tr();
    let mut errors = Errors::default();
    let email = forms::email(&tr, &mut errors, "email", &form.email);
    let name = forms::display_name(&tr, &mut errors, &form.display_name);
    let password = forms::new_password(&tr, &mut errors, "password", &form.password);
    let chosen = forms::language(&tr, &mut errors, page.site.languages(), &form.lang);
    if form.terms != "on" {
        errors.add("terms", tr.t("terms-required"));
    }
    let (Some(email), Some(name), Some(password), Some(chosen), true) =
        (email, name, password, chosen, errors.is_empty())
    else {
        let form = SignUpForm {
            password: String::new(),
            ..form
        };
        let refused = sign_up_form(&page, StatusCode::UNPROCESSABLE_ENTITY, form, errors)?;
        return Ok((jar, refused).into_response());
    };
    let desk = Accounts::new(&page.state, &page.site);
    let ip = client_ip(&page.state, &headers, peer);
    if !desk.allowed(accounts::SIGN_UP_PER_IP, &ip).await {
        let notice = page.throttled()?;
        return Ok((jar, notice).into_response());
    }
    // Hash whether or not the address is taken, so both answers take as long.
    let hash = passwords.hash(&password).await;
    let mut tx = page.tx().await?;
    desk.sign_up(&mut tx, &email, &name, &hash, chosen).await?;
    tx.commit().await?;
    let done = page.notice(
        StatusCode::OK,
        "sign-up-done-title",
        "sign-up-done-body",
        None,
    )?;
    Ok((jar, done).into_response())
}

async fn verify(
    mut page: Page,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let t = q.token.unwrap_or_default();
    let mut tx = page.tx().await?;
    let Some(used) = accounts::consume(&mut tx, &t, Purpose::VerifyEmail).await? else {
        let refused = invalid_link(&page)?;
        return Ok((jar, refused).into_response());
    };
    repo::mark_verified(&mut tx, used.account_id).await?;
    let who = Some(used.account_id);
    repo::log(&mut tx, "email_verified", who, who, json!({})).await?;
    tx.commit().await?;
    let next = if page.viewer.is_some() {
        ("/account", "go-account")
    } else {
        ("/sign-in", "go-sign-in")
    };
    let done = page.notice(
        StatusCode::OK,
        "verified-title",
        "verified-body",
        Some(next),
    )?;
    Ok((jar, done).into_response())
}

// ---------------------------------------------------------------------------
// Sign-in and sign-out

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    next: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    email: String,
    next: String,
    error: Option<String>,
    can_sign_up: bool,
}

impl<'a> SignInPage<'a> {
    fn new(page: &'a Page, email: String, next: String, error: Option<String>) -> Self {
        SignInPage {
            shell: page.shell_at("/sign-in", page.t("sign-in-title")),
            csrf: page.csrf.clone(),
            email,
            next,
            error,
            can_sign_up: !page.site.is_national(),
        }
    }
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn sign_in_page(
    mut page: Page,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref()).to_owned();
    if page.viewer.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let jar = with_form_token(&mut page, jar);
    let form = SignInPage::new(&page, String::new(), next, None);
    Ok((jar, page.render(StatusCode::OK, &form)?).into_response())
}

async fn sign_in(
    mut page: Page,
    State(passwords): State<Arc<Passwords>>,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let email = form.email.trim().to_lowercase();
    let next = safe_next(Some(&form.next)).to_owned();
    // The session being replaced, if any; the form's token is the anonymous one.
    let previous = page.viewer.take();
    let jar = with_form_token(&mut page, jar);
    let failed = |page: &Page,
                  jar: CookieJar,
                  status: StatusCode,
                  message_id: &str|
     -> AppResult<Response> {
        let form = SignInPage::new(page, email.clone(), next.clone(), Some(page.t(message_id)));
        Ok((jar, page.render(status, &form)?).into_response())
    };
    let desk = Accounts::new(&page.state, &page.site);
    let ip = client_ip(&page.state, &headers, peer);
    let account_ok = desk.allowed(accounts::SIGN_IN_PER_ACCOUNT, &email).await;
    let ip_ok = desk.allowed(accounts::SIGN_IN_PER_IP, &ip).await;
    if !account_ok || !ip_ok {
        return failed(
            &page,
            jar,
            StatusCode::TOO_MANY_REQUESTS,
            "sign-in-throttled",
        );
    }
    let mut tx = page.tx().await?;
    let account = if email.len() <= 254 {
        repo::find_by_email(&mut tx, &email).await?
    } else {
        None
    };
    let password = form.password.chars().take(1024).collect::<String>();
    let stored = account.as_ref().and_then(|a| a.password_hash.as_deref());
    let (ok, rehash) = passwords.verify(&password, stored).await;
    let Some(account) = account.filter(|_| ok) else {
        repo::log(&mut tx, "sign_in_failed", None, None, json!({})).await?;
        tx.commit().await?;
        return failed(&page, jar, StatusCode::UNAUTHORIZED, "sign-in-failed");
    };
    if rehash {
        let fresh = passwords.hash(&password).await;
        repo::set_password(&mut tx, account.id, &fresh).await?;
    }
    if let Some(p) = previous {
        repo::revoke_session(&mut tx, p.session_id).await?;
    }
    let jar = open_session(&page.state, &mut tx, account.id, jar).await?;
    let who = Some(account.id);
    repo::log(&mut tx, "sign_in", who, who, json!({})).await?;
    tx.commit().await?;
    Ok((jar, Redirect::to(&next)).into_response())
}

async fn sign_out(mut page: Page, jar: CookieJar) -> AppResult<Response> {
    if let Some(v) = &page.viewer {
        let mut tx = page.tx().await?;
        repo::revoke_session(&mut tx, v.session_id).await?;
        let who = Some(v.account_id);
        repo::log(&mut tx, "sign_out", who, who, json!({})).await?;
        tx.commit().await?;
    }
    let jar = close_session(&mut page, jar);
    Ok((jar, Redirect::to("/")).into_response())
}

// ---------------------------------------------------------------------------
// Forgotten password

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailForm {
    email: String,
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    email: String,
    errors: Errors,
}

fn forgot_form(
    page: &Page,
    status: StatusCode,
    email: String,
    errors: Errors,
) -> AppResult<Response> {
    page.render(
        status,
        &ForgotPage {
            shell: page.shell_at("/password/forgot", page.t("forgot-title")),
            csrf: page.csrf.clone(),
            email,
            errors,
        },
    )
}

async fn forgot_page(mut page: Page, jar: CookieJar) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let form = forgot_form(&page, StatusCode::OK, String::new(), Errors::default())?;
    Ok((jar, form).into_response())
}

async fn forgot(
    mut page: Page,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let mut errors = Errors::default();
    let Some(email) = forms::email(&page.tr(), &mut errors, "email", &form.email) else {
        let refused = forgot_form(&page, StatusCode::UNPROCESSABLE_ENTITY, form.email, errors)?;
        return Ok((jar, refused).into_response());
    };
    let desk = Accounts::new(&page.state, &page.site);
    let ip = client_ip(&page.state, &headers, peer);
    if !desk.allowed(accounts::RESET_PER_IP, &ip).await {
        let notice = page.throttled()?;
        return Ok((jar, notice).into_response());
    }
    // Answer first, then do the work, whether or not the address has an
    // account: the answer takes the same time for both (an account's path
    // writes a token, an outbox row and an event, which would tell them
    // apart). The work is one transaction; if the process stops before it
    // runs, the visitor asks again.
    let (state, site) = (page.state.clone(), page.site.clone());
    tokio::spawn(async move {
        // After the answer has left, not beside it on the other core.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        if let Err(e) = Accounts::new(&state, &site).request_reset(&email).await {
            tracing::error!(error = %e, "password reset request failed");
        }
    });
    let done = page.notice(
        StatusCode::OK,
        "forgot-done-title",
        "forgot-done-body",
        None,
    )?;
    Ok((jar, done).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    token: String,
    password: String,
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    token: String,
    errors: Errors,
}

fn reset_form(
    page: &Page,
    status: StatusCode,
    token: String,
    errors: Errors,
) -> AppResult<Response> {
    page.render(
        status,
        &ResetPage {
            shell: page.shell_at("/password/reset", page.t("reset-title")),
            csrf: page.csrf.clone(),
            token,
            errors,
        },
    )
}

/// 400: a one-time link that is unknown, used or expired (one answer for all).
pub(crate) fn invalid_link(page: &Page) -> AppResult<Response> {
    page.notice(
        StatusCode::BAD_REQUEST,
        "link-invalid-title",
        "link-invalid-body",
        None,
    )
}

fn invalid_reset_link(page: &Page) -> AppResult<Response> {
    page.notice(
        StatusCode::BAD_REQUEST,
        "link-invalid-title",
        "link-invalid-body",
        Some(("/password/forgot", "go-forgot")),
    )
}

async fn reset_page(
    mut page: Page,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    // The form is an anonymous one, whoever opens the link.
    page.viewer = None;
    let jar = with_form_token(&mut page, jar);
    let t = q.token.unwrap_or_default();
    let mut tx = page.tx().await?;
    let valid = accounts::peek(&mut tx, &t, Purpose::ResetPassword)
        .await?
        .is_some();
    tx.commit().await?;
    if !valid {
        return Ok((jar, invalid_reset_link(&page)?).into_response());
    }
    let form = reset_form(&page, StatusCode::OK, t, Errors::default())?;
    Ok((jar, form).into_response())
}

async fn reset(
    mut page: Page,
    State(passwords): State<Arc<Passwords>>,
    jar: CookieJar,
    Form(form): Form<ResetForm>,
) -> AppResult<Response> {
    page.viewer = None;
    let jar = with_form_token(&mut page, jar);
    let mut errors = Errors::default();
    let Some(password) = forms::new_password(&page.tr(), &mut errors, "password", &form.password)
    else {
        let refused = reset_form(&page, StatusCode::UNPROCESSABLE_ENTITY, form.token, errors)?;
        return Ok((jar, refused).into_response());
    };
    let hash = passwords.hash(&password).await;
    let mut tx = page.tx().await?;
    let Some(used) = accounts::consume(&mut tx, &form.token, Purpose::ResetPassword).await? else {
        return Ok((jar, invalid_reset_link(&page)?).into_response());
    };
    let account = repo::find(&mut tx, used.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::set_password(&mut tx, account.id, &hash).await?;
    // The link reached the mailbox: the address is proven.
    repo::mark_verified(&mut tx, account.id).await?;
    repo::revoke_sessions(&mut tx, account.id, None).await?;
    let who = Some(account.id);
    repo::log(&mut tx, "password_reset", who, who, json!({})).await?;
    accounts::queue_mail(
        &mut tx,
        MailKind::PasswordChanged,
        format!("password-changed:{}", accounts::subject(&form.token)),
        &Addressee::of(&account),
        json!({"name": account.display_name}),
    )
    .await?;
    tx.commit().await?;
    let done = page.notice(
        StatusCode::OK,
        "reset-done-title",
        "reset-done-body",
        Some(("/sign-in", "go-sign-in")),
    )?;
    Ok((jar, done).into_response())
}

// ---------------------------------------------------------------------------
// Invitations

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    token: String,
    email: String,
    role: String,
    needs_password: bool,
    errors: Errors,
}

/// The invitation's form, for the account `email` invited to `role`.
struct Invited<'a> {
    token: String,
    email: String,
    role: Option<infitah_platform::auth::Role>,
    needs_password: bool,
    errors: Errors,
    page: &'a Page,
}

impl Invited<'_> {
    fn render(self, status: StatusCode) -> AppResult<Response> {
        let page = self.page;
        page.render(
            status,
            &InvitationPage {
                shell: page.shell_at("/invitation", page.t("invitation-title")),
                csrf: page.csrf.clone(),
                token: self.token,
                email: self.email,
                role: self
                    .role
                    .map(|r| page.t(&format!("role-{}", r.as_str())))
                    .unwrap_or_default(),
                needs_password: self.needs_password,
                errors: self.errors,
            },
        )
    }
}

fn invalid_invitation(page: &Page) -> AppResult<Response> {
    page.notice(
        StatusCode::BAD_REQUEST,
        "link-invalid-title",
        "invitation-invalid-body",
        None,
    )
}

async fn invitation_page(
    mut page: Page,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let t = q.token.unwrap_or_default();
    let mut tx = page.tx().await?;
    let found = accounts::peek(&mut tx, &t, Purpose::Invitation).await?;
    let account = match &found {
        Some(f) => repo::find(&mut tx, f.account_id).await?,
        None => None,
    };
    tx.commit().await?;
    let (Some(found), Some(account)) = (found, account) else {
        return Ok((jar, invalid_invitation(&page)?).into_response());
    };
    let form = Invited {
        token: t,
        email: found.email,
        role: found.role,
        needs_password: account.password_hash.is_none(),
        errors: Errors::default(),
        page: &page,
    }
    .render(StatusCode::OK)?;
    Ok((jar, form).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InvitationForm {
    token: String,
    display_name: String,
    password: String,
}

async fn accept_invitation(
    mut page: Page,
    State(passwords): State<Arc<Passwords>>,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
    Form(form): Form<InvitationForm>,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let mut tx = page.tx().await?;
    let used = accounts::consume(&mut tx, &form.token, Purpose::Invitation).await?;
    let account = match &used {
        Some(u) => repo::find(&mut tx, u.account_id).await?,
        None => None,
    };
    let (Some(used), Some(account)) = (used, account) else {
        return Ok((jar, invalid_invitation(&page)?).into_response());
    };
    let needs_password = account.password_hash.is_none();
    if needs_password {
        let tr = page.tr();
        let mut errors = Errors::default();
        let name = forms::display_name(&tr, &mut errors, &form.display_name);
        let password = forms::new_password(&tr, &mut errors, "password", &form.password);
        let (Some(name), Some(password)) = (name, password) else {
            tx.rollback().await?;
            let refused = Invited {
                token: form.token,
                email: account.email,
                role: used.role,
                needs_password,
                errors,
                page: &page,
            }
            .render(StatusCode::UNPROCESSABLE_ENTITY)?;
            return Ok((jar, refused).into_response());
        };
        let hash = passwords.hash(&password).await;
        repo::set_password(&mut tx, account.id, &hash).await?;
        repo::update_profile(&mut tx, account.id, &name, account.lang).await?;
    } else if v.as_ref().map(|v| v.account_id) != Some(account.id) {
        // An existing account accepts by signing in as itself first.
        tx.rollback().await?;
        let next: String = url::form_urlencoded::byte_serialize(
            format!("/invitation?token={}", form.token).as_bytes(),
        )
        .collect();
        return Ok((jar, Redirect::to(&format!("/sign-in?next={next}"))).into_response());
    }
    repo::mark_verified(&mut tx, account.id).await?;
    if let Some(role) = used.role {
        repo::grant(&mut tx, account.id, role, None).await?;
    }
    let who = Some(account.id);
    let detail = json!({"role": used.role.map(|r| r.as_str())});
    repo::log(&mut tx, "invitation_accepted", who, who, detail).await?;
    let jar = if needs_password {
        open_session(&page.state, &mut tx, account.id, jar).await?
    } else {
        jar
    };
    tx.commit().await?;
    Ok((jar, Redirect::to("/account")).into_response())
}
