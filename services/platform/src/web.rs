//! The web shell shared by every page: the visitor's language, the base
//! layout's data, static assets, per-collectivity branding, the language
//! switch, security headers, error pages and health probes.

use std::sync::LazyLock;

use askama::Template;
use axum::{
    Router,
    body::Body,
    extract::{FromRequestParts, Path, Query, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

use crate::{
    AppError, AppResult, AppState,
    cache::CachedPage,
    i18n::{Lang, Tr},
    registry,
    tenancy::Site,
    types::Color,
};

pub const LANG_COOKIE: &str = "lang";
const APP_CSS: &str = include_str!("../static/app.css");

/// A short hash of the stylesheet, so its URL changes when it does and it can be cached for a year.
static CSS_HREF: LazyLock<String> = LazyLock::new(|| {
    let h = APP_CSS.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    });
    format!("/static/app.css?v={:08x}", h as u32)
});

/// The visitor's language: the switch's cookie, else the browser's
/// preference among those the collectivity offers, else its first language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReqLang(pub Lang);

impl ReqLang {
    pub fn pick(site: &Site, headers: &HeaderMap) -> Lang {
        let offered = site.languages();
        let from_cookie = CookieJar::from_headers(headers)
            .get(LANG_COOKIE)
            .and_then(|c| Lang::parse(c.value()))
            .filter(|l| offered.contains(l));
        from_cookie
            .or_else(|| {
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|al| Lang::negotiate(al, offered))
            })
            .or_else(|| offered.first().copied())
            .unwrap_or(Lang::Ar)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let lang = match parts.extensions.get::<Site>() {
            Some(site) => ReqLang::pick(site, &parts.headers),
            None => Lang::Ar,
        };
        Ok(ReqLang(lang))
    }
}

/// One entry of the language switch.
pub struct LangLink {
    pub lang: Lang,
    pub href: String,
    pub current: bool,
}

/// A link of the site's navigation.
pub struct NavLink {
    pub href: &'static str,
    pub label: String,
    /// The page shown is this section (`aria-current="page"`).
    pub current: bool,
}

/// The sections every visitor has: a collectivity's, or the national space's.
fn primary_nav(tr: &Tr, national: bool, path: &str) -> Vec<NavLink> {
    let sections: &[(&'static str, &str)] = if national {
        &[("/", "nav-nation"), ("/open-data", "nav-open-data")]
    } else {
        &[
            ("/", "nav-programme"),
            ("/consultations", "nav-consultations"),
            ("/ideas", "nav-ideas"),
            ("/workshops", "nav-workshops"),
            ("/open-data", "nav-open-data"),
        ]
    };
    links(tr, sections, path)
}

/// The back-office sections the viewer's roles open: each one listed under
/// the permission its route requires, so that no link leads to a 404.
fn staff_nav(tr: &Tr, national: bool, roles: &[crate::auth::Role], path: &str) -> Vec<NavLink> {
    use crate::auth::{
        Administer, AnyStaff, EditProgramme, Evaluate, Moderate, Permission, PublishLegal,
        ReadNation,
    };
    let mut sections: Vec<(&'static str, &str)> = vec![];
    if national {
        if ReadNation::allows(roles) {
            sections.extend([
                ("/manage", "nav-manage"),
                ("/manage/gap", "nav-manage-gap"),
                ("/manage/participation", "nav-manage-participation"),
                ("/admin/catalogues", "nav-admin-catalogues"),
            ]);
        }
    } else {
        if AnyStaff::allows(roles) {
            sections.push(("/admin", "nav-admin-home"));
        }
        if EditProgramme::allows(roles) {
            sections.extend([
                ("/admin/plan", "nav-admin-plan"),
                ("/admin/consultations", "nav-admin-consultations"),
                ("/admin/ideas", "nav-admin-ideas"),
                ("/admin/workshops", "nav-admin-workshops"),
            ]);
        }
        if Moderate::allows(roles) {
            sections.push(("/admin/moderation", "nav-admin-moderation"));
        }
        if Evaluate::allows(roles) {
            sections.push(("/admin/evaluations", "nav-admin-evaluations"));
        }
        if Administer::allows(roles) {
            sections.push(("/admin/staff", "nav-admin-staff"));
        }
    }
    if PublishLegal::allows(roles) {
        sections.push(("/admin/legal", "nav-admin-legal"));
    }
    links(tr, &sections, path)
}

fn links(tr: &Tr, sections: &[(&'static str, &str)], path: &str) -> Vec<NavLink> {
    // The longest prefix is the current section: /manage/gap, not /manage.
    let current = sections
        .iter()
        .filter(|(href, _)| {
            path == *href
                || (*href != "/" && path.starts_with(&format!("{href}/")))
                || (*href == "/" && path.starts_with("/projects/"))
        })
        .map(|(href, _)| *href)
        .max_by_key(|href| href.len());
    sections
        .iter()
        .map(|(href, id)| NavLink {
            href,
            label: tr.t(id),
            current: current == Some(*href),
        })
        .collect()
}

/// A step of the breadcrumb-like chain (commune → province → region).
pub struct ChainItem {
    pub name: String,
    pub kind: String,
    pub href: String,
}

/// What the base layout needs from every page.
pub struct Shell<'a> {
    pub tr: Tr<'a>,
    pub lang: Lang,
    pub title: String,
    pub site_name: String,
    pub site_kind: String,
    pub chain: Vec<ChainItem>,
    pub switch: Vec<LangLink>,
    pub css_href: &'static str,
    pub brand_href: String,
    pub logo_href: Option<String>,
    pub monogram: String,
    pub national_href: String,
    pub is_national: bool,
    /// The signed-in account's name, and the CSRF token of the sign-out form.
    pub viewer: Option<String>,
    pub csrf: String,
    /// The site's sections, and the back-office sections the viewer may open.
    pub nav: Vec<NavLink>,
    pub staff_nav: Vec<NavLink>,
    /// What a link shared on WhatsApp or Facebook shows (meta description,
    /// Open Graph): the page's address on the site's canonical host, its
    /// summary, the collectivity's logo.
    pub description: String,
    pub page_url: String,
    pub image_url: Option<String>,
    /// "Card saved.": what the viewer's last action saved (see `Page::with_query`).
    pub saved: Option<String>,
    path: String,
}

impl<'a> Shell<'a> {
    pub fn new(
        state: &'a AppState,
        site: &Site,
        lang: Lang,
        path: &str,
        title: impl Into<String>,
    ) -> Self {
        let tr = state.i18n.tr(lang);
        let national_href = state.settings.origin_for(&state.settings.base_domain) + "/";
        let switch = site
            .languages()
            .iter()
            .map(|l| LangLink {
                lang: *l,
                href: format!(
                    "/lang/{}?next={}",
                    l.code(),
                    url::form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>()
                ),
                current: *l == lang,
            })
            .collect();
        let (site_name, site_kind, chain, brand_href, logo_href, is_national) = match site {
            Site::National(_) => (
                tr.t("national-name"),
                tr.t("national-kind"),
                vec![],
                "/brand.css".to_owned(),
                None,
                true,
            ),
            Site::Tenant(t) => (
                t.name(lang).to_owned(),
                tr.t(&format!("kind-{}", t.record.kind.as_str())),
                t.chain
                    .iter()
                    .map(|c| ChainItem {
                        name: c.name(lang).to_owned(),
                        kind: tr.t(&format!("kind-{}", c.kind.as_str())),
                        href: state
                            .settings
                            .origin_for(&format!("{}.{}", c.slug, state.settings.base_domain))
                            + "/",
                    })
                    .collect(),
                format!("/brand.css?v={}", t.record.updated_at_unix),
                t.record
                    .has_logo
                    .then(|| format!("/brand/logo?v={}", t.record.updated_at_unix)),
                false,
            ),
        };
        let monogram = monogram(&site_name);
        let settings = &state.settings;
        let origin = match site {
            Site::National(_) => settings.origin_for(&settings.base_domain),
            Site::Tenant(t) => settings.origin_for(&t.primary_host(&settings.base_domain)),
        };
        let description = tr.s("meta-description", &format!("{site_kind} {site_name}"));
        let image_url = logo_href.as_ref().map(|l| format!("{origin}{l}"));
        Shell {
            tr,
            lang,
            title: title.into(),
            site_name,
            site_kind,
            chain,
            switch,
            css_href: CSS_HREF.as_str(),
            brand_href,
            logo_href,
            monogram,
            national_href,
            is_national,
            viewer: None,
            csrf: String::new(),
            nav: primary_nav(&tr, is_national, path),
            staff_nav: vec![],
            description,
            page_url: format!("{origin}{path}"),
            image_url,
            saved: None,
            path: path.to_owned(),
        }
    }

    /// Says, at the top of the page, what was just saved.
    pub fn saved(mut self, message: Option<String>) -> Self {
        self.saved = message;
        self
    }

    /// Shows who is signed in (with the sign-out form and its token).
    pub fn signed_in(mut self, viewer: Option<&crate::auth::Viewer>, csrf: &str) -> Self {
        self.viewer = viewer.map(|v| v.display_name.clone());
        self.csrf = csrf.to_owned();
        if let Some(v) = viewer {
            self.staff_nav = staff_nav(&self.tr, self.is_national, &v.roles, &self.path);
        }
        self
    }
}

/// `url` with `saved=<what>` added to its query, before any fragment: where
/// a save redirects, so that the page says what was saved (`Page::with_query`).
pub fn with_saved(url: &str, what: &str) -> String {
    let (path, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let join = if path.contains('?') { '&' } else { '?' };
    format!("{path}{join}saved={what}{fragment}")
}

/// The visitor's network address: the peer, or the first X-Forwarded-For hop
/// behind a trusted proxy (the same setting that trusts X-Forwarded-Host).
pub fn client_ip(state: &AppState, headers: &HeaderMap, peer: std::net::SocketAddr) -> String {
    if state.settings.trust_forwarded_host
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return first.trim().to_owned();
    }
    peer.ip().to_string()
}

/// Renders a template as an HTML page for the cache.
/// A template as text; a template that fails is an internal error.
pub fn render_text(t: &impl Template) -> AppResult<String> {
    t.render()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))
}

/// A page answered with `status`, never kept by the page cache (a form
/// with its errors, a notice, the back-office).
pub fn render(status: StatusCode, t: &impl Template) -> AppResult<Response> {
    Ok((status, axum::response::Html(render_text(t)?)).into_response())
}

pub fn html_page(t: &impl Template) -> AppResult<CachedPage> {
    let body = render_text(t)?;
    Ok(CachedPage {
        body: body.into(),
        content_type: "text/html; charset=utf-8",
        volatile: false,
    })
}

impl IntoResponse for CachedPage {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, self.content_type)], self.body).into_response()
    }
}

/// The first letter of a name, past the Arabic article: "ق" for القنيطرة.
pub fn monogram(name: &str) -> String {
    name.strip_prefix("ال")
        .unwrap_or(name)
        .chars()
        .find(|c| c.is_alphabetic())
        .map(String::from)
        .unwrap_or_default()
}

/// Routes every host has: assets, branding, the language switch.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .route("/static/app.css", get(app_css))
        .route("/brand.css", get(brand_css))
        .route("/brand/logo", get(brand_logo))
        .route("/lang/{code}", get(switch_language))
}

/// Liveness and readiness, answered on any host (probes use the pod's address).
pub fn health_router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
}

async fn readyz(State(state): State<AppState>) -> Response {
    let db = tokio::time::timeout(std::time::Duration::from_secs(2), state.db.ping()).await;
    let db_ok = matches!(db, Ok(Ok(())));
    let redis_ok = state.redis.ping().await;
    let registry_ok = !state.directory.snapshot().is_empty();
    let status = if db_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if !db_ok { "unavailable" } else if redis_ok && registry_ok { "ok" } else { "degraded" },
        "database": if db_ok { "ok" } else { "unavailable" },
        "redis": if redis_ok { "ok" } else { "degraded" },
        "registry": if registry_ok { "ok" } else { "empty" },
    });
    (status, axum::Json(body)).into_response()
}

async fn app_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        APP_CSS,
    )
        .into_response()
}

/// The collectivity's colours as CSS custom properties (no inline styles: the CSP forbids them).
/// The site's brand colour: its collectivity's, or the national space's.
fn brand_colour(site: &Site) -> Color {
    match site {
        Site::National(_) => Color::platform(),
        Site::Tenant(t) => t.record.primary_color.clone(),
    }
}

/// The collectivity's colours as CSS custom properties (no inline styles: the CSP forbids them).
async fn brand_css(site: Site) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        brand_properties(&brand_colour(&site)),
    )
        .into_response()
}

/// The brand's custom properties: the colour as given for fills (the
/// header, buttons), the ink that reads on it, and `--brand-text`, the
/// colour darkened just enough to keep 4.5:1 on the page's backgrounds, for
/// text, links, borders of controls and bars (the CSS never draws text in
/// `--brand` itself).
fn brand_properties(c: &Color) -> String {
    let canvas = Color::parse("#f5f6f4").expect("a colour");
    let (ink, text) = (c.ink(), c.readable_on(&canvas, 4.5));
    format!(":root{{--brand:{c};--brand-ink:{ink};--brand-text:{text}}}\n")
}

/// The site's icon: the collectivity's initial in its colour (its logo, when
/// it has one, is linked as the icon by the pages themselves). The letter is
/// the default language's, as the header's monogram.
async fn favicon(site: Site) -> Response {
    use askama::filters::Escaper;
    let colour = brand_colour(&site);
    let tenant = site.scope();
    let name = tenant.name(tenant.languages().first().copied().unwrap_or(Lang::Ar));
    let mut letter = String::new();
    let _ = askama::filters::Html.write_escaped_str(&mut letter, &monogram(name));
    let ink = colour.ink();
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="{colour}"/><text x="32" y="44" font-family="Noto Naskh Arabic, Noto Sans, sans-serif" font-size="36" font-weight="700" text-anchor="middle" fill="{ink}">{letter}</text></svg>"##
    );
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
        ],
        svg,
    )
        .into_response()
}

async fn brand_logo(State(state): State<AppState>, site: Site) -> AppResult<Response> {
    let tenant = site.tenant().ok_or(AppError::NotFound)?;
    let mut conn = state.db.registry_pool().acquire().await?;
    let (bytes, media_type) = registry::logo(&mut conn, tenant.id())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
            // An SVG opened directly runs nothing.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// Keeps only a local path, so the switch cannot redirect elsewhere.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n
        }
        _ => "/",
    }
}

async fn switch_language(
    State(state): State<AppState>,
    site: Site,
    jar: CookieJar,
    Path(code): Path<String>,
    Query(q): Query<NextParam>,
) -> AppResult<(CookieJar, Redirect)> {
    let lang = Lang::parse(&code)
        .filter(|l| site.languages().contains(l))
        .ok_or(AppError::NotFound)?;
    let cookie = Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .max_age(time::Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(state.settings.https())
        .build();
    Ok((jar.add(cookie), Redirect::to(safe_next(q.next.as_deref()))))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    shell: Shell<'a>,
    status: u16,
    heading: String,
    detail: String,
}

/// Middleware: errors of page routes become pages in the visitor's language;
/// the API keeps its JSON.
pub async fn html_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/") {
        // The framework's own refusals (a path segment that is not UTF-8 …) are
        // plain English text: the API answers its documented JSON object instead.
        let response = next.run(req).await;
        let plain = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
        return if plain && response.status() == StatusCode::BAD_REQUEST {
            AppError::Malformed.into_response()
        } else {
            response
        };
    }
    // Kept aside cheaply; the language is only worked out when there is an error to show.
    let site = req.extensions().get::<Site>().cloned();
    let mut lang_headers = HeaderMap::new();
    for h in [header::COOKIE, header::ACCEPT_LANGUAGE] {
        if let Some(v) = req.headers().get(&h) {
            lang_headers.insert(h, v.clone());
        }
    }
    let path = req.uri().path().to_owned();
    let response = next.run(req).await;
    let status = response.status();
    // JSON from AppError, or the framework's plain text: both become pages.
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/plain")
        });
    if !(status.is_client_error() || status.is_server_error())
        || !(is_json || response.headers().get(header::CONTENT_TYPE).is_none())
    {
        return response;
    }
    let Some(site) = site else {
        return response;
    };
    let framework_text = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    if status == StatusCode::UNPROCESSABLE_ENTITY && !framework_text {
        // Forms render their own errors beside the fields.
        return response;
    }
    let lang = ReqLang::pick(&site, &lang_headers);
    let tr = state.i18n.tr(lang);
    let (heading, detail) = match status.as_u16() {
        404 => (tr.t("error-404-title"), tr.t("error-404-detail")),
        429 => (tr.t("error-429-title"), tr.t("error-429-detail")),
        413 => (tr.t("error-413-title"), tr.t("error-413-detail")),
        // The framework's refusals: a form it cannot read (a field given twice …).
        400 | 405 | 415 | 422 => (tr.t("error-400-title"), tr.t("error-400-detail")),
        403 => (tr.t("error-403-title"), tr.t("error-403-detail")),
        503 => (tr.t("error-503-title"), tr.t("error-503-detail")),
        _ => (tr.t("error-500-title"), tr.t("error-500-detail")),
    };
    let mut page = error_page(&state, &site, lang, &path, status, heading, detail);
    // A refusal that left the body unread closes the connection: the page says so too.
    if let Some(c) = response.headers().get(header::CONNECTION) {
        page.headers_mut().insert(header::CONNECTION, c.clone());
    }
    page
}

/// An error as a page of the site, in `lang`.
pub fn error_page(
    state: &AppState,
    site: &Site,
    lang: Lang,
    path: &str,
    status: StatusCode,
    heading: String,
    detail: String,
) -> Response {
    let page = ErrorPage {
        shell: Shell::new(state, site, lang, path, heading.clone()),
        status: status.as_u16(),
        heading,
        detail,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, Body::empty()).into_response(),
    }
}

/// The headers every answer carries.
pub fn security_headers() -> [(header::HeaderName, HeaderValue); 6] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
                 object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
    ]
}

/// A JSON body of the API, refused as the API documents: 415 without the
/// JSON media type, 400 when it is not JSON, 413 over the limit, and 422
/// naming `body`, in the visitor's language, when it does not fit the schema
/// (never serde's message, which may echo the input).
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<AppState> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        let lang = req
            .extensions()
            .get::<Site>()
            .map(|s| ReqLang::pick(s, req.headers()))
            .unwrap_or(Lang::Fr);
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::UnsupportedMediaType),
            Err(JsonRejection::JsonSyntaxError(_)) => Err(AppError::Malformed),
            Err(JsonRejection::JsonDataError(_)) => Err(AppError::invalid(
                "body",
                state.i18n.tr(lang).t("api-body-schema"),
            )),
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::TooLarge),
            Err(_) => Err(AppError::Malformed),
        }
    }
}
