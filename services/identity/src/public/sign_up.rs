//! Sign-up and the verification of the address.

use super::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    pub(super) email: String,
    pub(super) display_name: String,
    pub(super) password: String,
    pub(super) lang: String,
    pub(super) terms: String,
    /// The version of the terms the form showed.
    pub(super) terms_version: String,
}

#[derive(Template)]
#[template(path = "sign_up.html")]
pub(super) struct SignUpPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) csrf: String,
    pub(super) form: SignUpForm,
    pub(super) errors: Errors,
    pub(super) langs: Vec<Lang>,
    pub(super) terms_version: i32,
}

pub(super) async fn sign_up_form(
    page: &Page,
    status: StatusCode,
    form: SignUpForm,
    errors: Errors,
) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let terms_version = crate::legal::repo::current_terms(&mut tx).await?.version;
    tx.commit().await?;
    page.render(
        status,
        &SignUpPage {
            shell: page.shell_at("/sign-up", page.t("sign-up-title")),
            csrf: page.csrf.clone(),
            form,
            errors,
            langs: page.site.languages().to_vec(),
            terms_version,
        },
    )
}

pub(super) async fn sign_up_page(mut page: Page, jar: CookieJar) -> AppResult<Response> {
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
        sign_up_form(&page, StatusCode::OK, form, Errors::default()).await?,
    )
        .into_response())
}

pub(super) async fn sign_up(
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
        let refused = sign_up_form(&page, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await?;
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
    // What the person accepted is the version the form showed: a newer one
    // published meanwhile is shown to them before they accept it.
    let version = crate::legal::repo::current_terms(&mut tx).await?.version;
    if form.terms_version.trim().parse::<i32>().ok() != Some(version) {
        tx.rollback().await?;
        let mut errors = Errors::default();
        errors.add("terms", tr.t("terms-changed-at-sign-up"));
        let form = SignUpForm {
            password: String::new(),
            terms: String::new(),
            ..form
        };
        let refused = sign_up_form(&page, StatusCode::CONFLICT, form, errors).await?;
        return Ok((jar, refused).into_response());
    }
    desk.sign_up(&mut tx, &email, &name, &hash, chosen, version)
        .await?;
    tx.commit().await?;
    let done = page.notice(
        StatusCode::OK,
        "sign-up-done-title",
        "sign-up-done-body",
        Some(("/verify/resend", "resend-offer")),
    )?;
    Ok((jar, done).into_response())
}

pub(super) async fn verify(
    mut page: Page,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let t = q.token.unwrap_or_default();
    let mut tx = page.tx().await?;
    let Some(used) = accounts::consume(&mut tx, &t, Purpose::VerifyEmail).await? else {
        // Unknown, used or expired: the same answer, with a new link on offer.
        let refused = page.notice(
            StatusCode::BAD_REQUEST,
            "link-invalid-title",
            "link-invalid-body",
            Some(("/verify/resend", "resend-offer")),
        )?;
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
