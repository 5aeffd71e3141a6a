//! A forgotten password: the request and the reset by a one-time link.

use super::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailForm {
    pub(super) email: String,
}

/// A form that asks only for an address and answers the same whether or
/// not it has an account: the forgotten password, the confirmation link
/// sent again.
#[derive(Template)]
#[template(path = "email_request.html")]
pub(super) struct EmailRequestPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) csrf: String,
    pub(super) email: String,
    pub(super) errors: Errors,
    /// The form's address, and the ids of its title, lead and button.
    pub(super) action: &'static str,
    pub(super) words: [&'static str; 3],
}

const FORGOT: (&str, [&str; 3]) = (
    "/password/forgot",
    ["forgot-title", "forgot-lead", "forgot-submit"],
);
const RESEND: (&str, [&str; 3]) = (
    "/verify/resend",
    ["resend-title", "resend-lead", "resend-submit"],
);

fn email_form(
    page: &Page,
    (action, words): (&'static str, [&'static str; 3]),
    status: StatusCode,
    email: String,
    errors: Errors,
) -> AppResult<Response> {
    page.render(
        status,
        &EmailRequestPage {
            shell: page.shell_at(action, page.t(words[0])),
            csrf: page.csrf.clone(),
            email,
            errors,
            action,
            words,
        },
    )
}

pub(super) async fn forgot_page(mut page: Page, jar: CookieJar) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let form = email_form(
        &page,
        FORGOT,
        StatusCode::OK,
        String::new(),
        Errors::default(),
    )?;
    Ok((jar, form).into_response())
}

pub(super) async fn resend_page(mut page: Page, jar: CookieJar) -> AppResult<Response> {
    if page.site.is_national() {
        return Err(AppError::NotFound);
    }
    let jar = with_form_token(&mut page, jar);
    let form = email_form(
        &page,
        RESEND,
        StatusCode::OK,
        String::new(),
        Errors::default(),
    )?;
    Ok((jar, form).into_response())
}

/// Which request an address form makes.
#[derive(Clone, Copy)]
enum Request {
    Reset,
    Verification,
}

/// Checks the address and the visitor's rate, answers, then does the work
/// whether or not the address has an account: the answer takes the same
/// time for both (an account's path writes a token, an outbox row and an
/// event, which would tell them apart). The work is one transaction; if the
/// process stops before it runs, the visitor asks again.
async fn email_request(
    mut page: Page,
    jar: CookieJar,
    ip: String,
    form: EmailForm,
    request: Request,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let (form_of, done) = match request {
        Request::Reset => (FORGOT, ("forgot-done-title", "forgot-done-body")),
        Request::Verification => (RESEND, ("resend-done-title", "resend-done-body")),
    };
    let mut errors = Errors::default();
    let Some(email) = forms::email(&page.tr(), &mut errors, "email", &form.email) else {
        let refused = email_form(
            &page,
            form_of,
            StatusCode::UNPROCESSABLE_ENTITY,
            form.email,
            errors,
        )?;
        return Ok((jar, refused).into_response());
    };
    let desk = Accounts::new(&page.state, &page.site);
    if !desk.allowed(accounts::RESET_PER_IP, &ip).await {
        let notice = page.throttled()?;
        return Ok((jar, notice).into_response());
    }
    let (state, site) = (page.state.clone(), page.site.clone());
    tokio::spawn(async move {
        // After the answer has left, not beside it on the other core.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let desk = Accounts::new(&state, &site);
        let done = match request {
            Request::Reset => desk.request_reset(&email).await,
            Request::Verification => desk.resend_verification(&email).await,
        };
        if let Err(e) = done {
            tracing::error!(error = %e, "address request failed");
        }
    });
    let done = page.notice(StatusCode::OK, done.0, done.1, None)?;
    Ok((jar, done).into_response())
}

pub(super) async fn forgot(
    page: Page,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> AppResult<Response> {
    let ip = client_ip(&page.state, &headers, peer);
    email_request(page, jar, ip, form, Request::Reset).await
}

pub(super) async fn resend(
    page: Page,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> AppResult<Response> {
    if page.site.is_national() {
        return Err(AppError::NotFound);
    }
    let ip = client_ip(&page.state, &headers, peer);
    email_request(page, jar, ip, form, Request::Verification).await
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
