//! A forgotten password: the request and the reset by a one-time link.

use super::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailForm {
    pub(super) email: String,
}

#[derive(Template)]
#[template(path = "forgot.html")]
pub(super) struct ForgotPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) csrf: String,
    pub(super) email: String,
    pub(super) errors: Errors,
}

pub(super) fn forgot_form(
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

pub(super) async fn forgot_page(mut page: Page, jar: CookieJar) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let form = forgot_form(&page, StatusCode::OK, String::new(), Errors::default())?;
    Ok((jar, form).into_response())
}

pub(super) async fn forgot(
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
    pub(super) token: String,
    pub(super) password: String,
}

#[derive(Template)]
#[template(path = "reset.html")]
pub(super) struct ResetPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) csrf: String,
    pub(super) token: String,
    pub(super) errors: Errors,
}

pub(super) fn reset_form(
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

pub(super) fn invalid_reset_link(page: &Page) -> AppResult<Response> {
    page.notice(
        StatusCode::BAD_REQUEST,
        "link-invalid-title",
        "link-invalid-body",
        Some(("/password/forgot", "go-forgot")),
    )
}

pub(super) async fn reset_page(
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

pub(super) async fn reset(
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
