//! Sessions and CSRF, as middleware: the session cookie becomes a
//! [`Viewer`] for the rest of the request, and every state-changing request
//! must come from this very origin and carry a token bound to its session (or
//! to a pre-session cookie, for the sign-in and sign-up forms). The
//! collectivities are sibling subdomains of one base domain, so SameSite
//! cookies alone would not keep them from posting to each other.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use infitah_platform::{
    AppError, AppState, Page,
    auth::{Role, Viewer, csrf_token, csrf_valid},
    config::Settings,
    db::TenantTx,
    privacy,
    tenancy::Site,
};
use secrecy::ExposeSecret;
use uuid::Uuid;

use crate::{repo, token};

// The largest bodies the guard reads to find its token: the platform's, which
// every route accepts; uploads cap their file below them and say so beside the field.
use infitah_platform::text::{FORM_LIMIT, MULTIPART_LIMIT};

pub fn session_cookie_name(settings: &Settings) -> &'static str {
    if settings.https() {
        privacy::SESSION_COOKIE_HTTPS
    } else {
        privacy::SESSION_COOKIE
    }
}

pub fn presession_cookie_name(settings: &Settings) -> &'static str {
    if settings.https() {
        privacy::PRESESSION_COOKIE_HTTPS
    } else {
        privacy::PRESESSION_COOKIE
    }
}

/// A host-only cookie (no Domain attribute), HttpOnly, SameSite=Lax, Secure over HTTPS.
pub fn cookie(settings: &Settings, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.https())
        .build()
}

fn removal(settings: &Settings, name: &'static str) -> Cookie<'static> {
    let mut c = cookie(settings, name, String::new());
    c.make_removal();
    c
}

/// Middleware: resolves the session cookie, on this host's collectivity only.
pub async fn load_viewer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let name = session_cookie_name(&state.settings);
    let jar = CookieJar::from_headers(req.headers());
    let Some(value) = jar.get(name).map(|c| c.value().to_owned()) else {
        return next.run(req).await;
    };
    let Some(site) = req.extensions().get::<Site>().cloned() else {
        return next.run(req).await;
    };
    let mut clear = !token::well_formed(&value);
    if !clear {
        match find_viewer(&state, &site, &value).await {
            Ok(Some(viewer)) => {
                req.extensions_mut().insert(viewer);
            }
            Ok(None) => clear = true,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return AppError::Database(e).into_response();
            }
        }
    }
    let response = next.run(req).await;
    if clear {
        // A stale, revoked or foreign cookie: tell the browser to drop it.
        return (
            CookieJar::new().add(removal(&state.settings, name)),
            response,
        )
            .into_response();
    }
    response
}

async fn find_viewer(
    state: &AppState,
    site: &Site,
    value: &str,
) -> Result<Option<Viewer>, sqlx::Error> {
    let tenant = site.scope().id();
    let hash = token::hash(value);
    let call = state.db.tenant_call(tenant);
    let lookup = repo::live_session(&call, &hash, state.settings.session_idle_minutes);
    let Some(row) = infitah_platform::db::answered(lookup).await? else {
        return Ok(None);
    };
    Ok(Some(Viewer {
        tenant,
        account_id: row.account_id,
        session_id: row.id,
        session_hash: hash,
        display_name: row.display_name,
        email: row.email,
        verified: row.verified,
        roles: row.roles.iter().filter_map(|r| Role::parse(r)).collect(),
        terms_due: row.terms_due,
    }))
}

/// The CSRF token for forms on this page, and the jar with the pre-session
/// cookie set when the visitor has neither session nor pre-session yet.
pub fn form_token(
    state: &AppState,
    site: &Site,
    viewer: Option<&Viewer>,
    jar: CookieJar,
) -> (CookieJar, String) {
    let secret = state.settings.secret_key.expose_secret().as_bytes();
    let tenant = site.scope().id();
    if let Some(v) = viewer {
        return (jar, csrf_token(secret, tenant, &v.session_hash));
    }
    let name = presession_cookie_name(&state.settings);
    if let Some(c) = jar.get(name).filter(|c| token::well_formed(c.value())) {
        let t = csrf_token(secret, tenant, c.value().as_bytes());
        return (jar, t);
    }
    let fresh = token::generate().token;
    let t = csrf_token(secret, tenant, fresh.as_bytes());
    (jar.add(cookie(&state.settings, name, fresh)), t)
}

/// Gives the forms of `page` their token: the session's when signed in,
/// else the pre-session cookie's (set on the jar on a first visit).
pub fn with_form_token(page: &mut Page, jar: CookieJar) -> CookieJar {
    let (jar, csrf) = form_token(&page.state, &page.site, page.viewer.as_ref(), jar);
    page.csrf = csrf;
    jar
}

/// Starts a session: a fresh token (never the one the visitor came with).
pub async fn open_session(
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

/// Drops the session cookie (after signing out or deleting the account); what
/// `page` shows next is an anonymous visitor's (a page with forms then takes
/// its token with [`with_form_token`]).
pub fn close_session(page: &mut Page, jar: CookieJar) -> CookieJar {
    let settings = &page.state.settings;
    let jar = jar.add(removal(settings, session_cookie_name(settings)));
    page.viewer = None;
    page.csrf.clear();
    jar
}

/// Whether an unsafe request comes from this very origin, as browsers tell.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let authority = origin
            .split_once("://")
            .map(|(_, a)| a.trim_end_matches('/').to_ascii_lowercase());
        return matches!((authority, host), (Some(a), Some(h)) if a == h);
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        // Neither header: not a browser's cross-site request; the token decides.
        None => true,
    }
}

/// Middleware: refuses state-changing requests without a valid token or from another origin.
pub async fn csrf_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // The one exemption: RFC 8058 one-click unsubscribe (`POST /unsubscribe/<token>`),
    // sent by mail clients with no session; the HMAC token in the path authorises it.
    if infitah_notifications::unsubscribe::is_one_click(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    // The body may not have been read: the client is told not to reuse the
    // connection, rather than finding it closed under its next request.
    let refuse = |why: &str| {
        tracing::info!(
            reason = why,
            "state-changing request refused by the CSRF guard"
        );
        let mut r = AppError::Forbidden.into_response();
        r.headers_mut().insert(
            header::CONNECTION,
            header::HeaderValue::from_static("close"),
        );
        r
    };
    if !same_origin(req.headers()) {
        return refuse("cross-origin");
    }
    let Some(site) = req.extensions().get::<Site>().cloned() else {
        return refuse("no site");
    };
    let binding: Vec<u8> = match req.extensions().get::<Viewer>() {
        Some(v) => v.session_hash.clone(),
        None => match CookieJar::from_headers(req.headers())
            .get(presession_cookie_name(&state.settings))
        {
            Some(c) => c.value().as_bytes().to_vec(),
            None => return refuse("no session"),
        },
    };
    let secret = state
        .settings
        .secret_key
        .expose_secret()
        .as_bytes()
        .to_vec();
    let tenant = site.scope().id();
    if let Some(t) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if csrf_valid(&secret, tenant, &binding, t) {
            next.run(req).await
        } else {
            refuse("bad token")
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    // A form with a file (no JavaScript to set the header): the token is one of its fields.
    if infitah_platform::multipart::boundary(&content_type).is_some() {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MULTIPART_LIMIT).await else {
            return AppError::TooLarge.into_response();
        };
        // A body cut short (no closing boundary) is malformed, not a forgery.
        let Some(parts_found) = infitah_platform::multipart::parse(&content_type, &bytes) else {
            return AppError::Malformed.into_response();
        };
        let presented = parts_found
            .into_iter()
            .find(|p| p.name == "_csrf")
            .map(|p| p.text());
        return match presented {
            Some(t) if csrf_valid(&secret, tenant, &binding, t.trim()) => {
                next.run(Request::from_parts(parts, Body::from(bytes)))
                    .await
            }
            _ => refuse("bad token"),
        };
    }
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    if !is_form {
        return refuse("no token");
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
        return AppError::TooLarge.into_response();
    };
    let presented = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.into_owned());
    match presented {
        Some(t) if csrf_valid(&secret, tenant, &binding, &t) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refuse("bad token"),
    }
}
