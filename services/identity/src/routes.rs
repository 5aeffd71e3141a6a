//! The identity pages: sign-up, verification, sign-in and out, forgotten and
//! changed passwords, changed e-mail, account deletion and export,
//! invitations, and the commune admin's staff and security-log pages.
//! Answers never tell whether an address has an account.

use infitah_platform::web::render;
use std::net::SocketAddr;

use askama::Template;
use axum::{
    Form, Json, Router,
    extract::{ConnectInfo, Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use axum_extra::extract::cookie::CookieJar;
use infitah_notifications::outbox::{self, Mail, MailKind};
use infitah_platform::{
    AppError, AppResult, AppState,
    auth::{Administer, MaybeViewer, Role, SignedIn, Staff, Viewer},
    db::TenantTx,
    i18n::Lang,
    tenancy::Site,
    throttle::Limit,
    web::{ReqLang, Shell, client_ip, safe_next},
};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    forms::{self, FormErrors},
    repo::{self, Purpose},
    session::{cookie, form_token, presession_cookie_name, session_cookie_name},
    token,
};

/// Sign-in attempts per address, and per network address, per 15 minutes.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit::new("sign_in_account", 5, 900);
pub const SIGN_IN_PER_IP: Limit = Limit::new("sign_in_ip", 30, 900);
/// Sign-ups per network address per hour.
pub const SIGN_UP_PER_IP: Limit = Limit::new("sign_up_ip", 10, 3600);
/// Reset e-mails per address, and requests per network address, per hour.
pub const RESET_PER_ACCOUNT: Limit = Limit::new("reset_account", 3, 3600);
pub const RESET_PER_IP: Limit = Limit::new("reset_ip", 10, 3600);
/// Verification e-mails per account per hour (the first, at sign-up, counts).
pub const VERIFY_PER_ACCOUNT: Limit = Limit::new("verify_account", 3, 3600);

/// Minutes a link stays valid.
pub const RESET_MINUTES: i64 = 30;
pub const VERIFY_MINUTES: i64 = 24 * 60;
pub const INVITATION_MINUTES: i64 = 72 * 60;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-up", get(sign_up_page).post(sign_up))
        .route("/verify", get(verify))
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/password/forgot", get(forgot_page).post(forgot))
        .route("/password/reset", get(reset_page).post(reset))
        .route("/account", get(account_page))
        .route("/account/profile", post(update_profile))
        .route("/account/password", post(change_password))
        .route("/account/email", post(change_email))
        .route("/account/email/confirm", get(confirm_email))
        .route("/account/verify", post(resend_verification))
        .route("/account/delete", post(delete_account))
        .route("/account/export", get(export))
        .route("/invitation", get(invitation_page).post(accept_invitation))
        .route("/admin/staff", get(staff_page))
        .route("/admin/staff/invite", post(invite))
        .route("/admin/staff/{id}/roles", post(set_roles))
        .route("/admin/staff/{id}/sessions/revoke", post(revoke_sessions))
        .route("/admin/security-log", get(security_log))
        .route("/api/v1/csrf", get(api_csrf))
}

// ---------------------------------------------------------------------------
// Shared pieces

/// The public origin of this site, from configuration (never from the request's Host).
fn origin(state: &AppState, site: &Site) -> String {
    match site {
        Site::Tenant(t) => state
            .settings
            .origin_for(&t.primary_host(&state.settings.base_domain)),
        Site::National(_) => state.settings.origin_for(&state.settings.base_domain),
    }
}

/// A short digest of a token, for event keys that must not hold the token.
fn subject(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

async fn allowed(state: &AppState, site: &Site, limit: Limit, who: &str) -> bool {
    state
        .throttle
        .allow(
            &state.redis,
            site.scope().id(),
            limit,
            &infitah_platform::throttle::subject(limit.name, who),
        )
        .await
}

fn shell<'a>(
    state: &'a AppState,
    site: &Site,
    lang: Lang,
    path: &str,
    title_id: &str,
    viewer: Option<&Viewer>,
    csrf: &str,
) -> Shell<'a> {
    let tr = state.i18n.tr(lang);
    Shell::new(state, site, lang, path, tr.t(title_id)).signed_in(viewer, csrf)
}

/// A page with a message and, optionally, a link onwards.
#[derive(Template)]
#[template(path = "notice.html")]
struct Notice<'a> {
    shell: Shell<'a>,
    heading: String,
    body: String,
    link: Option<(String, String)>,
}

fn notice(
    state: &AppState,
    site: &Site,
    lang: Lang,
    viewer: Option<&Viewer>,
    csrf: &str,
    status: StatusCode,
    heading_id: &str,
    body_id: &str,
    link: Option<(&str, &str)>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    render(
        status,
        &Notice {
            shell: shell(state, site, lang, "/", heading_id, viewer, csrf),
            heading: tr.t(heading_id),
            body: tr.t(body_id),
            link: link.map(|(href, id)| (href.to_owned(), tr.t(id))),
        },
    )
}

async fn queue_mail(
    tx: &mut TenantTx,
    kind: MailKind,
    event: String,
    to: &str,
    lang: Lang,
    payload: serde_json::Value,
) -> Result<(), sqlx::Error> {
    outbox::enqueue(
        tx,
        Mail {
            dedupe_key: event,
            recipient: to,
            lang,
            kind,
            payload,
        },
    )
    .await
    .map(|_| ())
}

/// Starts a session: a fresh token (never the one the visitor came with).
async fn open_session(
    state: &AppState,
    tx: &mut TenantTx,
    account: Uuid,
    jar: CookieJar,
) -> Result<CookieJar, sqlx::Error> {
    let secret = token::generate();
    repo::open_session(
        tx,
        account,
        &secret.hash,
        state.settings.session_absolute_hours,
    )
    .await?;
    let mut c = cookie(
        &state.settings,
        session_cookie_name(&state.settings),
        secret.token,
    );
    c.set_max_age(time::Duration::hours(state.settings.session_absolute_hours));
    Ok(jar.remove(presession_cookie_name(&state.settings)).add(c))
}

/// A one-time link sent by mail: what it is for, where it leads, how long it lasts.
struct OneTimeLink<'a> {
    purpose: Purpose,
    path: &'a str,
    minutes: i64,
    kind: MailKind,
    role: Option<Role>,
}

/// Issues a one-time link: stores the token's hash, and queues (in the same
/// transaction) the mail that carries it, built from the collectivity's own host.
async fn mail_link(
    state: &AppState,
    site: &Site,
    tx: &mut TenantTx,
    link: OneTimeLink<'_>,
    account: Uuid,
    to: &str,
    lang: Lang,
    mut payload: serde_json::Value,
) -> Result<(), sqlx::Error> {
    let secret = token::generate();
    repo::store_token(
        tx,
        &secret.hash,
        link.purpose,
        account,
        to,
        link.role,
        link.minutes,
    )
    .await?;
    payload["link"] = json!(format!(
        "{}{}?token={}",
        origin(state, site),
        link.path,
        secret.token
    ));
    let event = format!("{}:{}", link.purpose.as_str(), subject(&secret.token));
    queue_mail(tx, link.kind, event, to, lang, payload).await
}

async fn send_verification(
    state: &AppState,
    site: &Site,
    tx: &mut TenantTx,
    account: Uuid,
    email: &str,
    name: &str,
    lang: Lang,
) -> Result<(), sqlx::Error> {
    let link = OneTimeLink {
        purpose: Purpose::VerifyEmail,
        path: "/verify",
        minutes: VERIFY_MINUTES,
        kind: MailKind::VerifyEmail,
        role: None,
    };
    mail_link(
        state,
        site,
        tx,
        link,
        account,
        email,
        lang,
        json!({ "name": name }),
    )
    .await
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
    errors: FormErrors,
    langs: Vec<Lang>,
}

async fn sign_up_page(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
) -> AppResult<Response> {
    if site.is_national() {
        return Err(AppError::NotFound);
    }
    if v.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    let (jar, csrf) = form_token(&state, &site, None, jar);
    let page = SignUpPage {
        shell: shell(
            &state,
            &site,
            lang,
            "/sign-up",
            "sign-up-title",
            None,
            &csrf,
        ),
        csrf,
        form: SignUpForm {
            lang: lang.code().into(),
            ..Default::default()
        },
        errors: FormErrors::default(),
        langs: site.languages().to_vec(),
    };
    Ok((jar, render(StatusCode::OK, &page)?).into_response())
}

async fn sign_up(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignUpForm>,
) -> AppResult<Response> {
    if site.is_national() {
        return Err(AppError::NotFound);
    }
    let tr = state.i18n.tr(lang);
    let mut errors = FormErrors::default();
    let email = forms::email(&tr, &mut errors, "email", &form.email);
    let name = forms::display_name(&tr, &mut errors, &form.display_name);
    let password = forms::new_password(&tr, &mut errors, "password", &form.password);
    let chosen = forms::language(&tr, &mut errors, site.languages(), &form.lang);
    if form.terms != "on" {
        errors.add("terms", tr.t("terms-required"));
    }
    let (jar, csrf) = form_token(&state, &site, None, jar);
    let (Some(email), Some(name), Some(password), Some(chosen), true) =
        (email, name, password, chosen, errors.is_empty())
    else {
        let page = SignUpPage {
            shell: shell(
                &state,
                &site,
                lang,
                "/sign-up",
                "sign-up-title",
                None,
                &csrf,
            ),
            csrf,
            form: SignUpForm {
                password: String::new(),
                ..form
            },
            errors,
            langs: site.languages().to_vec(),
        };
        return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)?).into_response());
    };
    if !allowed(
        &state,
        &site,
        SIGN_UP_PER_IP,
        &client_ip(&state, &headers, peer),
    )
    .await
    {
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                None,
                &csrf,
                StatusCode::TOO_MANY_REQUESTS,
                "throttled-title",
                "throttled-body",
                None,
            )?,
        )
            .into_response());
    }
    // Hash whether or not the address is taken, so both answers take as long.
    let hash = crate::passwords(&state).hash(&password).await;
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    match repo::create(&mut tx, &email, &name, Some(&hash), chosen, true).await? {
        Some(id) => {
            repo::log(&mut tx, "sign_up", Some(id), Some(id), json!({})).await?;
            allowed(&state, &site, VERIFY_PER_ACCOUNT, &email).await;
            send_verification(&state, &site, &mut tx, id, &email, &name, chosen).await?;
        }
        None => {
            // The owner of the address learns that someone tried; the visitor learns nothing.
            if let Some(existing) = repo::find_by_email(&mut tx, &email).await? {
                let base = origin(&state, &site);
                let hour = time::OffsetDateTime::now_utc().unix_timestamp() / 3600;
                queue_mail(
                    &mut tx,
                    MailKind::AlreadyRegistered,
                    format!("already:{}:{hour}", existing.id),
                    &email,
                    existing.lang,
                    json!({"name": existing.display_name, "sign_in_link": format!("{base}/sign-in"), "reset_link": format!("{base}/password/forgot")}),
                )
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok((
        jar,
        notice(
            &state,
            &site,
            lang,
            None,
            &csrf,
            StatusCode::OK,
            "sign-up-done-title",
            "sign-up-done-body",
            None,
        )?,
    )
        .into_response())
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn verify(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let (jar, csrf) = form_token(&state, &site, v.as_ref(), jar);
    let t = q.token.unwrap_or_default();
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let used = if token::well_formed(&t) {
        repo::use_token(&mut tx, &token::hash(&t), Purpose::VerifyEmail).await?
    } else {
        None
    };
    let Some(used) = used else {
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                v.as_ref(),
                &csrf,
                StatusCode::BAD_REQUEST,
                "link-invalid-title",
                "link-invalid-body",
                None,
            )?,
        )
            .into_response());
    };
    repo::mark_verified(&mut tx, used.account_id).await?;
    repo::log(
        &mut tx,
        "email_verified",
        Some(used.account_id),
        Some(used.account_id),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    let next = if v.is_some() {
        ("/account", "go-account")
    } else {
        ("/sign-in", "go-sign-in")
    };
    Ok((
        jar,
        notice(
            &state,
            &site,
            lang,
            v.as_ref(),
            &csrf,
            StatusCode::OK,
            "verified-title",
            "verified-body",
            Some(next),
        )?,
    )
        .into_response())
}

async fn resend_verification(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
    jar: CookieJar,
) -> AppResult<Response> {
    let (jar, csrf) = form_token(&state, &site, Some(&v), jar);
    if !v.verified {
        if !allowed(&state, &site, VERIFY_PER_ACCOUNT, &v.email).await {
            return Ok((
                jar,
                notice(
                    &state,
                    &site,
                    lang,
                    Some(&v),
                    &csrf,
                    StatusCode::TOO_MANY_REQUESTS,
                    "throttled-title",
                    "throttled-body",
                    None,
                )?,
            )
                .into_response());
        }
        let mut tx = state.db.tenant_tx(site.scope().id()).await?;
        let account = repo::find(&mut tx, v.account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        send_verification(
            &state,
            &site,
            &mut tx,
            account.id,
            &account.email,
            &account.display_name,
            account.lang,
        )
        .await?;
        tx.commit().await?;
    }
    Ok((
        jar,
        notice(
            &state,
            &site,
            lang,
            Some(&v),
            &csrf,
            StatusCode::OK,
            "verify-sent-title",
            "verify-sent-body",
            Some(("/account", "go-account")),
        )?,
    )
        .into_response())
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

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn sign_in_page(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref()).to_owned();
    if v.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let (jar, csrf) = form_token(&state, &site, None, jar);
    let page = SignInPage {
        shell: shell(
            &state,
            &site,
            lang,
            "/sign-in",
            "sign-in-title",
            None,
            &csrf,
        ),
        csrf,
        email: String::new(),
        next,
        error: None,
        can_sign_up: !site.is_national(),
    };
    Ok((jar, render(StatusCode::OK, &page)?).into_response())
}

async fn sign_in(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(previous): MaybeViewer,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let email = form.email.trim().to_lowercase();
    let next = safe_next(Some(&form.next)).to_owned();
    let (jar, csrf) = form_token(&state, &site, None, jar);
    let failed = |state: &AppState,
                  jar: CookieJar,
                  csrf: String,
                  status: StatusCode,
                  message: String|
     -> AppResult<Response> {
        let page = SignInPage {
            shell: shell(state, &site, lang, "/sign-in", "sign-in-title", None, &csrf),
            csrf,
            email: email.clone(),
            next: next.clone(),
            error: Some(message),
            can_sign_up: !site.is_national(),
        };
        Ok((jar, render(status, &page)?).into_response())
    };
    let ip = client_ip(&state, &headers, peer);
    let account_ok = allowed(&state, &site, SIGN_IN_PER_ACCOUNT, &email).await;
    let ip_ok = allowed(&state, &site, SIGN_IN_PER_IP, &ip).await;
    if !account_ok || !ip_ok {
        return failed(
            &state,
            jar,
            csrf,
            StatusCode::TOO_MANY_REQUESTS,
            tr.t("sign-in-throttled"),
        );
    }
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let account = if email.len() <= 254 {
        repo::find_by_email(&mut tx, &email).await?
    } else {
        None
    };
    let password = form.password.chars().take(1024).collect::<String>();
    let (ok, rehash) = crate::passwords(&state)
        .verify(
            &password,
            account.as_ref().and_then(|a| a.password_hash.as_deref()),
        )
        .await;
    let Some(account) = account.filter(|_| ok) else {
        repo::log(&mut tx, "sign_in_failed", None, None, json!({})).await?;
        tx.commit().await?;
        return failed(
            &state,
            jar,
            csrf,
            StatusCode::UNAUTHORIZED,
            tr.t("sign-in-failed"),
        );
    };
    if rehash {
        let fresh = crate::passwords(&state).hash(&password).await;
        repo::set_password(&mut tx, account.id, &fresh).await?;
    }
    if let Some(p) = previous {
        repo::revoke_session(&mut tx, p.session_id).await?;
    }
    let jar = open_session(&state, &mut tx, account.id, jar).await?;
    repo::log(
        &mut tx,
        "sign_in",
        Some(account.id),
        Some(account.id),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok((jar, Redirect::to(&next)).into_response())
}

async fn sign_out(
    State(state): State<AppState>,
    site: Site,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
) -> AppResult<Response> {
    if let Some(v) = v {
        let mut tx = state.db.tenant_tx(site.scope().id()).await?;
        repo::revoke_session(&mut tx, v.session_id).await?;
        repo::log(
            &mut tx,
            "sign_out",
            Some(v.account_id),
            Some(v.account_id),
            json!({}),
        )
        .await?;
        tx.commit().await?;
    }
    let mut gone = cookie(
        &state.settings,
        session_cookie_name(&state.settings),
        String::new(),
    );
    gone.make_removal();
    Ok((jar.add(gone), Redirect::to("/")).into_response())
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
    errors: FormErrors,
}

async fn forgot_page(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
) -> AppResult<Response> {
    let (jar, csrf) = form_token(&state, &site, v.as_ref(), jar);
    let page = ForgotPage {
        shell: shell(
            &state,
            &site,
            lang,
            "/password/forgot",
            "forgot-title",
            v.as_ref(),
            &csrf,
        ),
        csrf,
        email: String::new(),
        errors: FormErrors::default(),
    };
    Ok((jar, render(StatusCode::OK, &page)?).into_response())
}

async fn forgot(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let (jar, csrf) = form_token(&state, &site, v.as_ref(), jar);
    let mut errors = FormErrors::default();
    let Some(email) = forms::email(&tr, &mut errors, "email", &form.email) else {
        let page = ForgotPage {
            shell: shell(
                &state,
                &site,
                lang,
                "/password/forgot",
                "forgot-title",
                v.as_ref(),
                &csrf,
            ),
            csrf,
            email: form.email,
            errors,
        };
        return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)?).into_response());
    };
    let ip_ok = allowed(
        &state,
        &site,
        RESET_PER_IP,
        &client_ip(&state, &headers, peer),
    )
    .await;
    if !ip_ok {
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                v.as_ref(),
                &csrf,
                StatusCode::TOO_MANY_REQUESTS,
                "throttled-title",
                "throttled-body",
                None,
            )?,
        )
            .into_response());
    }
    // Answer first, then do the work, whether or not the address has an
    // account: the answer takes the same time for both (an account's path
    // writes a token, an outbox row and an event, which would tell them
    // apart). The work is one transaction; if the process stops before it
    // runs, the visitor asks again.
    let (state2, site2) = (state.clone(), site.clone());
    tokio::spawn(async move {
        // After the answer has left, not beside it on the other core.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        if let Err(e) = request_reset(&state2, &site2, &email).await {
            tracing::error!(error = %e, "password reset request failed");
        }
    });
    Ok((
        jar,
        notice(
            &state,
            &site,
            lang,
            v.as_ref(),
            &csrf,
            StatusCode::OK,
            "forgot-done-title",
            "forgot-done-body",
            None,
        )?,
    )
        .into_response())
}

/// The work of a reset request, after the answer: a new link for an account
/// with a password (a pending invitation cannot be revived this way), within
/// the per-account throttle; nothing for an unknown address.
async fn request_reset(state: &AppState, site: &Site, email: &str) -> Result<(), sqlx::Error> {
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    // Only accounts that have a password: a pending invitation cannot be revived this way.
    if let Some(account) = repo::find_by_email(&mut tx, email)
        .await?
        .filter(|a| a.password_hash.is_some())
        && allowed(state, site, RESET_PER_ACCOUNT, email).await
    {
        repo::void_tokens(&mut tx, account.id, Purpose::ResetPassword).await?;
        let link = OneTimeLink {
            purpose: Purpose::ResetPassword,
            path: "/password/reset",
            minutes: RESET_MINUTES,
            kind: MailKind::ResetPassword,
            role: None,
        };
        mail_link(
            state,
            site,
            &mut tx,
            link,
            account.id,
            email,
            account.lang,
            json!({"name": account.display_name}),
        )
        .await?;
        repo::log(
            &mut tx,
            "password_reset_requested",
            Some(account.id),
            None,
            json!({}),
        )
        .await?;
    }
    tx.commit().await
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
    errors: FormErrors,
}

async fn reset_page(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let (jar, csrf) = form_token(&state, &site, None, jar);
    let t = q.token.unwrap_or_default();
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let valid = token::well_formed(&t)
        && repo::peek_token(&mut tx, &token::hash(&t), Purpose::ResetPassword)
            .await?
            .is_some();
    tx.commit().await?;
    if !valid {
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                None,
                &csrf,
                StatusCode::BAD_REQUEST,
                "link-invalid-title",
                "link-invalid-body",
                Some(("/password/forgot", "go-forgot")),
            )?,
        )
            .into_response());
    }
    let page = ResetPage {
        shell: shell(
            &state,
            &site,
            lang,
            "/password/reset",
            "reset-title",
            None,
            &csrf,
        ),
        csrf,
        token: t,
        errors: FormErrors::default(),
    };
    Ok((jar, render(StatusCode::OK, &page)?).into_response())
}

async fn reset(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    jar: CookieJar,
    Form(form): Form<ResetForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let (jar, csrf) = form_token(&state, &site, None, jar);
    let mut errors = FormErrors::default();
    let Some(password) = forms::new_password(&tr, &mut errors, "password", &form.password) else {
        let page = ResetPage {
            shell: shell(
                &state,
                &site,
                lang,
                "/password/reset",
                "reset-title",
                None,
                &csrf,
            ),
            csrf,
            token: form.token,
            errors,
        };
        return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)?).into_response());
    };
    let hash = crate::passwords(&state).hash(&password).await;
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let used = if token::well_formed(&form.token) {
        repo::use_token(&mut tx, &token::hash(&form.token), Purpose::ResetPassword).await?
    } else {
        None
    };
    let Some(used) = used else {
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                None,
                &csrf,
                StatusCode::BAD_REQUEST,
                "link-invalid-title",
                "link-invalid-body",
                Some(("/password/forgot", "go-forgot")),
            )?,
        )
            .into_response());
    };
    let account = repo::find(&mut tx, used.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::set_password(&mut tx, account.id, &hash).await?;
    // The link reached the mailbox: the address is proven.
    repo::mark_verified(&mut tx, account.id).await?;
    repo::revoke_sessions(&mut tx, account.id, None).await?;
    repo::log(
        &mut tx,
        "password_reset",
        Some(account.id),
        Some(account.id),
        json!({}),
    )
    .await?;
    queue_mail(
        &mut tx,
        MailKind::PasswordChanged,
        format!("password-changed:{}", subject(&form.token)),
        &account.email,
        account.lang,
        json!({"name": account.display_name}),
    )
    .await?;
    tx.commit().await?;
    Ok((
        jar,
        notice(
            &state,
            &site,
            lang,
            None,
            &csrf,
            StatusCode::OK,
            "reset-done-title",
            "reset-done-body",
            Some(("/sign-in", "go-sign-in")),
        )?,
    )
        .into_response())
}

// ---------------------------------------------------------------------------
// My account

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
    errors: FormErrors,
    message: Option<String>,
}

async fn account_view(
    state: &AppState,
    site: &Site,
    lang: Lang,
    v: &Viewer,
    jar: CookieJar,
    status: StatusCode,
    errors: FormErrors,
    message: Option<String>,
) -> AppResult<Response> {
    let (jar, csrf) = form_token(state, site, Some(v), jar);
    let tr = state.i18n.tr(lang);
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let account = repo::find(&mut tx, v.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    let page = AccountPage {
        shell: shell(
            state,
            site,
            lang,
            "/account",
            "account-title",
            Some(v),
            &csrf,
        ),
        csrf,
        email: account.email,
        display_name: account.display_name,
        lang: account.lang,
        verified: account.verified,
        langs: site.languages().to_vec(),
        roles: v
            .roles
            .iter()
            .map(|r| tr.t(&format!("role-{}", r.as_str())))
            .collect(),
        errors,
        message,
    };
    Ok((jar, render(status, &page)?).into_response())
}

async fn account_page(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
    jar: CookieJar,
) -> AppResult<Response> {
    account_view(
        &state,
        &site,
        lang,
        &v,
        jar,
        StatusCode::OK,
        FormErrors::default(),
        None,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    display_name: String,
    lang: String,
}

async fn update_profile(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
    jar: CookieJar,
    Form(form): Form<ProfileForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let mut errors = FormErrors::default();
    let name = forms::display_name(&tr, &mut errors, &form.display_name);
    let chosen = forms::language(&tr, &mut errors, site.languages(), &form.lang);
    let (Some(name), Some(chosen)) = (name, chosen) else {
        return account_view(
            &state,
            &site,
            lang,
            &v,
            jar,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
        )
        .await;
    };
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    repo::update_profile(&mut tx, v.account_id, &name, chosen).await?;
    tx.commit().await?;
    account_view(
        &state,
        &site,
        lang,
        &v,
        jar,
        StatusCode::OK,
        errors,
        Some(tr.t("saved")),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    password: String,
}

async fn change_password(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
    jar: CookieJar,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let mut errors = FormErrors::default();
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let account = repo::find(&mut tx, v.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (ok, _) = crate::passwords(&state)
        .verify(&form.current, account.password_hash.as_deref())
        .await;
    if !ok {
        errors.add("current", tr.t("password-wrong"));
    }
    let password = forms::new_password(&tr, &mut errors, "password", &form.password);
    let (Some(password), true) = (password, errors.is_empty()) else {
        tx.rollback().await?;
        return account_view(
            &state,
            &site,
            lang,
            &v,
            jar,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
        )
        .await;
    };
    let hash = crate::passwords(&state).hash(&password).await;
    repo::set_password(&mut tx, account.id, &hash).await?;
    let revoked = repo::revoke_sessions(&mut tx, account.id, Some(v.session_id)).await?;
    repo::log(
        &mut tx,
        "password_changed",
        Some(account.id),
        Some(account.id),
        json!({"sessions_revoked": revoked}),
    )
    .await?;
    queue_mail(
        &mut tx,
        MailKind::PasswordChanged,
        format!("password-changed:{}", Uuid::now_v7()),
        &account.email,
        account.lang,
        json!({"name": account.display_name}),
    )
    .await?;
    tx.commit().await?;
    account_view(
        &state,
        &site,
        lang,
        &v,
        jar,
        StatusCode::OK,
        errors,
        Some(tr.t("password-changed")),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailChangeForm {
    email: String,
    current: String,
}

async fn change_email(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
    jar: CookieJar,
    Form(form): Form<EmailChangeForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let mut errors = FormErrors::default();
    let new_email = forms::email(&tr, &mut errors, "new_email", &form.email);
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let account = repo::find(&mut tx, v.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (ok, _) = crate::passwords(&state)
        .verify(&form.current, account.password_hash.as_deref())
        .await;
    if !ok {
        errors.add("email_current", tr.t("password-wrong"));
    }
    let (Some(new_email), true) = (new_email, errors.is_empty()) else {
        tx.rollback().await?;
        return account_view(
            &state,
            &site,
            lang,
            &v,
            jar,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
        )
        .await;
    };
    if new_email != account.email {
        repo::void_tokens(&mut tx, account.id, Purpose::ChangeEmail).await?;
        let link = OneTimeLink {
            purpose: Purpose::ChangeEmail,
            path: "/account/email/confirm",
            minutes: VERIFY_MINUTES,
            kind: MailKind::ChangeEmail,
            role: None,
        };
        mail_link(
            &state,
            &site,
            &mut tx,
            link,
            account.id,
            &new_email,
            account.lang,
            json!({"name": account.display_name}),
        )
        .await?;
        repo::log(
            &mut tx,
            "email_change_requested",
            Some(account.id),
            Some(account.id),
            json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    account_view(
        &state,
        &site,
        lang,
        &v,
        jar,
        StatusCode::OK,
        errors,
        Some(tr.t("email-change-sent")),
    )
    .await
}

async fn confirm_email(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let (jar, csrf) = form_token(&state, &site, v.as_ref(), jar);
    let t = q.token.unwrap_or_default();
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let used = if token::well_formed(&t) {
        repo::use_token(&mut tx, &token::hash(&t), Purpose::ChangeEmail).await?
    } else {
        None
    };
    let Some(used) = used else {
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                v.as_ref(),
                &csrf,
                StatusCode::BAD_REQUEST,
                "link-invalid-title",
                "link-invalid-body",
                None,
            )?,
        )
            .into_response());
    };
    let account = repo::find(&mut tx, used.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !repo::change_email(&mut tx, account.id, &used.email).await? {
        tx.rollback().await?;
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                v.as_ref(),
                &csrf,
                StatusCode::CONFLICT,
                "link-invalid-title",
                "email-taken-body",
                None,
            )?,
        )
            .into_response());
    }
    queue_mail(
        &mut tx,
        MailKind::EmailChanged,
        format!("email-changed:{}", subject(&t)),
        &account.email,
        account.lang,
        json!({"name": account.display_name}),
    )
    .await?;
    repo::log(
        &mut tx,
        "email_changed",
        Some(account.id),
        Some(account.id),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok((
        jar,
        notice(
            &state,
            &site,
            lang,
            v.as_ref(),
            &csrf,
            StatusCode::OK,
            "email-changed-title",
            "email-changed-body",
            Some(("/account", "go-account")),
        )?,
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    current: String,
}

async fn delete_account(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    SignedIn(v): SignedIn,
    jar: CookieJar,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let account = repo::find(&mut tx, v.account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (ok, _) = crate::passwords(&state)
        .verify(&form.current, account.password_hash.as_deref())
        .await;
    if !ok {
        tx.rollback().await?;
        let mut errors = FormErrors::default();
        errors.add("delete_current", tr.t("password-wrong"));
        return account_view(
            &state,
            &site,
            lang,
            &v,
            jar,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
        )
        .await;
    }
    repo::delete(&mut tx, account.id).await?;
    repo::log(
        &mut tx,
        "account_deleted",
        Some(account.id),
        Some(account.id),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    let mut gone = cookie(
        &state.settings,
        session_cookie_name(&state.settings),
        String::new(),
    );
    gone.make_removal();
    let (jar, csrf) = form_token(&state, &site, None, jar.add(gone));
    Ok((
        jar,
        notice(
            &state,
            &site,
            lang,
            None,
            &csrf,
            StatusCode::OK,
            "deleted-title",
            "deleted-body",
            None,
        )?,
    )
        .into_response())
}

async fn export(
    State(state): State<AppState>,
    site: Site,
    SignedIn(v): SignedIn,
) -> AppResult<Response> {
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let mut data = repo::export(&mut tx, v.account_id).await?;
    tx.commit().await?;
    data["collectivity"] = json!({"slug": site.scope().slug(), "name_fr": site.scope().record.name_fr, "name_ar": site.scope().record.name_ar});
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
    errors: FormErrors,
}

async fn invitation_page(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let (jar, csrf) = form_token(&state, &site, v.as_ref(), jar);
    let tr = state.i18n.tr(lang);
    let t = q.token.unwrap_or_default();
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let found = if token::well_formed(&t) {
        repo::peek_token(&mut tx, &token::hash(&t), Purpose::Invitation).await?
    } else {
        None
    };
    let account = match &found {
        Some(f) => repo::find(&mut tx, f.account_id).await?,
        None => None,
    };
    tx.commit().await?;
    let (Some(found), Some(account)) = (found, account) else {
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                v.as_ref(),
                &csrf,
                StatusCode::BAD_REQUEST,
                "link-invalid-title",
                "invitation-invalid-body",
                None,
            )?,
        )
            .into_response());
    };
    let page = InvitationPage {
        shell: shell(
            &state,
            &site,
            lang,
            "/invitation",
            "invitation-title",
            v.as_ref(),
            &csrf,
        ),
        csrf,
        token: t,
        email: found.email,
        role: found
            .role
            .map(|r| tr.t(&format!("role-{}", r.as_str())))
            .unwrap_or_default(),
        needs_password: account.password_hash.is_none(),
        errors: FormErrors::default(),
    };
    Ok((jar, render(StatusCode::OK, &page)?).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InvitationForm {
    token: String,
    display_name: String,
    password: String,
}

async fn accept_invitation(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
    Form(form): Form<InvitationForm>,
) -> AppResult<Response> {
    let tr = state.i18n.tr(lang);
    let (jar, csrf) = form_token(&state, &site, v.as_ref(), jar);
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let used = if token::well_formed(&form.token) {
        repo::use_token(&mut tx, &token::hash(&form.token), Purpose::Invitation).await?
    } else {
        None
    };
    let account = match &used {
        Some(u) => repo::find(&mut tx, u.account_id).await?,
        None => None,
    };
    let (Some(used), Some(account)) = (used, account) else {
        return Ok((
            jar,
            notice(
                &state,
                &site,
                lang,
                v.as_ref(),
                &csrf,
                StatusCode::BAD_REQUEST,
                "link-invalid-title",
                "invitation-invalid-body",
                None,
            )?,
        )
            .into_response());
    };
    let needs_password = account.password_hash.is_none();
    if needs_password {
        let mut errors = FormErrors::default();
        let name = forms::display_name(&tr, &mut errors, &form.display_name);
        let password = forms::new_password(&tr, &mut errors, "password", &form.password);
        let (Some(name), Some(password)) = (name, password) else {
            tx.rollback().await?;
            let page = InvitationPage {
                shell: shell(
                    &state,
                    &site,
                    lang,
                    "/invitation",
                    "invitation-title",
                    v.as_ref(),
                    &csrf,
                ),
                csrf,
                token: form.token,
                email: account.email,
                role: used
                    .role
                    .map(|r| tr.t(&format!("role-{}", r.as_str())))
                    .unwrap_or_default(),
                needs_password,
                errors,
            };
            return Ok((jar, render(StatusCode::UNPROCESSABLE_ENTITY, &page)?).into_response());
        };
        let hash = crate::passwords(&state).hash(&password).await;
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
    repo::log(
        &mut tx,
        "invitation_accepted",
        Some(account.id),
        Some(account.id),
        json!({"role": used.role.map(|r| r.as_str())}),
    )
    .await?;
    let jar = if needs_password {
        open_session(&state, &mut tx, account.id, jar).await?
    } else {
        jar
    };
    tx.commit().await?;
    Ok((jar, Redirect::to("/account")).into_response())
}

// ---------------------------------------------------------------------------
// Staff administration (commune admins)

struct StaffRow {
    id: Uuid,
    email: String,
    display_name: String,
    pending: bool,
    sessions: i64,
    roles: Vec<(Role, String, bool)>,
    is_self: bool,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    staff: Vec<StaffRow>,
    roles: Vec<(Role, String)>,
    errors: FormErrors,
    message: Option<String>,
}

fn assignable(site: &Site) -> Vec<Role> {
    if site.is_national() {
        Role::PLATFORM.to_vec()
    } else {
        Role::STAFF.to_vec()
    }
}

async fn staff_view(
    state: &AppState,
    site: &Site,
    lang: Lang,
    v: &Viewer,
    jar: CookieJar,
    status: StatusCode,
    errors: FormErrors,
    message: Option<String>,
) -> AppResult<Response> {
    let (jar, csrf) = form_token(state, site, Some(v), jar);
    let tr = state.i18n.tr(lang);
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let members = repo::staff(&mut tx).await?;
    tx.commit().await?;
    let all = assignable(site);
    let staff = members
        .into_iter()
        .map(|m| StaffRow {
            roles: all
                .iter()
                .map(|r| {
                    (
                        *r,
                        tr.t(&format!("role-{}", r.as_str())),
                        m.roles.iter().any(|x| x == r.as_str()),
                    )
                })
                .collect(),
            is_self: m.id == v.account_id,
            id: m.id,
            email: m.email,
            display_name: m.display_name,
            pending: m.pending,
            sessions: m.sessions,
        })
        .collect();
    let page = StaffPage {
        shell: shell(
            state,
            site,
            lang,
            "/admin/staff",
            "staff-title",
            Some(v),
            &csrf,
        ),
        csrf,
        staff,
        roles: all
            .iter()
            .map(|r| (*r, tr.t(&format!("role-{}", r.as_str()))))
            .collect(),
        errors,
        message,
    };
    Ok((jar, render(status, &page)?).into_response())
}

async fn staff_page(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    admin: Staff<Administer>,
    jar: CookieJar,
) -> AppResult<Response> {
    staff_view(
        &state,
        &site,
        lang,
        admin.viewer(),
        jar,
        StatusCode::OK,
        FormErrors::default(),
        None,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    role: String,
}

/// Invites a staff member: an account waiting for its password (or an
/// existing one), a one-time link valid 72 hours, the mail in the outbox.
pub async fn create_invitation(
    state: &AppState,
    site: &Site,
    tx: &mut TenantTx,
    email: &str,
    role: Role,
    lang: Lang,
    by: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    let account = match repo::find_by_email(tx, email).await? {
        Some(a) => a.id,
        None => {
            let name = email
                .split('@')
                .next()
                .unwrap_or(email)
                .chars()
                .take(80)
                .collect::<String>();
            repo::create(tx, email, &name, None, lang, false)
                .await?
                .expect("address checked free in this transaction")
        }
    };
    let link = OneTimeLink {
        purpose: Purpose::Invitation,
        path: "/invitation",
        minutes: INVITATION_MINUTES,
        kind: MailKind::Invitation,
        role: Some(role),
    };
    mail_link(
        state,
        site,
        tx,
        link,
        account,
        email,
        lang,
        json!({"role": role.as_str()}),
    )
    .await?;
    repo::log(
        tx,
        "invitation_sent",
        Some(account),
        by,
        json!({"role": role.as_str()}),
    )
    .await?;
    Ok(())
}

async fn invite(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    admin: Staff<Administer>,
    jar: CookieJar,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let v = admin.viewer();
    let tr = state.i18n.tr(lang);
    let mut errors = FormErrors::default();
    let email = forms::email(&tr, &mut errors, "email", &form.email);
    let role = Role::parse(&form.role).filter(|r| assignable(&site).contains(r));
    if role.is_none() {
        errors.add("role", tr.t("role-invalid"));
    }
    let (Some(email), Some(role)) = (email, role) else {
        return staff_view(
            &state,
            &site,
            lang,
            v,
            jar,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
        )
        .await;
    };
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    create_invitation(
        &state,
        &site,
        &mut tx,
        &email,
        role,
        lang,
        Some(v.account_id),
    )
    .await?;
    tx.commit().await?;
    staff_view(
        &state,
        &site,
        lang,
        v,
        jar,
        StatusCode::OK,
        errors,
        Some(tr.t("invitation-sent")),
    )
    .await
}

async fn set_roles(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    admin: Staff<Administer>,
    jar: CookieJar,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let v = admin.viewer();
    let tr = state.i18n.tr(lang);
    let all = assignable(&site);
    let mut wanted = vec![];
    for (k, val) in &pairs {
        if k == "role" {
            match Role::parse(val).filter(|r| all.contains(r)) {
                Some(r) if !wanted.contains(&r) => wanted.push(r),
                Some(_) => {}
                None => {
                    let mut errors = FormErrors::default();
                    errors.add("role", tr.t("role-invalid"));
                    return staff_view(
                        &state,
                        &site,
                        lang,
                        v,
                        jar,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        errors,
                        None,
                    )
                    .await;
                }
            }
        }
    }
    if id == v.account_id && !wanted.contains(&Role::Admin) && !site.is_national() {
        let mut errors = FormErrors::default();
        errors.add("role", tr.t("role-keep-own-admin"));
        return staff_view(
            &state,
            &site,
            lang,
            v,
            jar,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            None,
        )
        .await;
    }
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    // Another collectivity's account does not exist here: 404.
    repo::find(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let (added, removed) = repo::set_roles(&mut tx, id, &wanted, v.account_id).await?;
    if !added.is_empty() || !removed.is_empty() {
        repo::log(
            &mut tx,
            "roles_changed",
            Some(id),
            Some(v.account_id),
            json!({"added": added.iter().map(|r| r.as_str()).collect::<Vec<_>>(), "removed": removed.iter().map(|r| r.as_str()).collect::<Vec<_>>()}),
        )
        .await?;
    }
    tx.commit().await?;
    staff_view(
        &state,
        &site,
        lang,
        v,
        jar,
        StatusCode::OK,
        FormErrors::default(),
        Some(tr.t("saved")),
    )
    .await
}

async fn revoke_sessions(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    admin: Staff<Administer>,
    jar: CookieJar,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let v = admin.viewer();
    let tr = state.i18n.tr(lang);
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    repo::find(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let keep = (id == v.account_id).then_some(v.session_id);
    let n = repo::revoke_sessions(&mut tx, id, keep).await?;
    repo::log(
        &mut tx,
        "sessions_revoked",
        Some(id),
        Some(v.account_id),
        json!({"count": n}),
    )
    .await?;
    tx.commit().await?;
    staff_view(
        &state,
        &site,
        lang,
        v,
        jar,
        StatusCode::OK,
        FormErrors::default(),
        Some(tr.n("sessions-revoked", n as i64)),
    )
    .await
}

struct LogRow {
    at: String,
    kind: String,
    account: String,
    actor: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "security_log.html")]
struct SecurityLogPage<'a> {
    shell: Shell<'a>,
    rows: Vec<LogRow>,
}

async fn security_log(
    State(state): State<AppState>,
    site: Site,
    ReqLang(lang): ReqLang,
    admin: Staff<Administer>,
    jar: CookieJar,
) -> AppResult<Response> {
    let v = admin.viewer();
    let (jar, csrf) = form_token(&state, &site, Some(v), jar);
    let tr = state.i18n.tr(lang);
    let mut tx = state.db.tenant_tx(site.scope().id()).await?;
    let events = repo::security_log(&mut tx, 500).await?;
    tx.commit().await?;
    let deleted = tr.t("deleted-user");
    let fmt =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    let rows = events
        .into_iter()
        .map(|e| LogRow {
            at: e.at.format(&fmt).unwrap_or_default(),
            kind: tr.t(&format!("event-{}", e.kind.replace('_', "-"))),
            account: e.account.unwrap_or_else(|| {
                if e.kind == "sign_in_failed" {
                    "—".into()
                } else {
                    deleted.clone()
                }
            }),
            actor: e.actor.unwrap_or_else(|| "—".into()),
            detail: if e.detail == json!({}) {
                String::new()
            } else {
                e.detail.to_string()
            },
        })
        .collect();
    let page = SecurityLogPage {
        shell: shell(
            &state,
            &site,
            lang,
            "/admin/security-log",
            "security-log-title",
            Some(v),
            &csrf,
        ),
        rows,
    };
    Ok((jar, render(StatusCode::OK, &page)?).into_response())
}

/// `GET /api/v1/csrf`: the CSRF token of the caller's session, for API clients
/// (same-origin reads only: no CORS, so another site cannot read it).
async fn api_csrf(
    State(state): State<AppState>,
    site: Site,
    SignedIn(v): SignedIn,
    jar: CookieJar,
) -> Response {
    let (_, token) = form_token(&state, &site, Some(&v), jar);
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"csrf_token": token})),
    )
        .into_response()
}
