//! The page context: everything a page handler needs to know about the
//! request it answers — the app, the site and its collectivity, the visitor's
//! language and translator, the signed-in viewer and the CSRF token of their
//! forms, the path — taken once by one extractor, so that a handler's
//! signature holds [`Page`] (or [`TenantPage`]) and its own inputs only, and
//! every page is framed, rendered and refused the same way.
//!
//! ```ignore
//! async fn inbox(page: TenantPage, SignedIn(v): SignedIn) -> AppResult<Response> {
//!     let mut tx = page.tx().await?;
//!     let entries = repo::inbox(&mut tx, v.account_id).await?;
//!     tx.commit().await?;
//!     page.render(StatusCode::OK, &Inbox { shell: page.shell(page.t("inbox-title")), entries })
//! }
//! ```

use std::{future::Future, ops::Deref, sync::Arc};

use askama::Template;
use axum::{
    extract::{FromRef, FromRequestParts},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Response},
};
use secrecy::ExposeSecret;

use crate::{
    AppError, AppResult, AppState,
    auth::{Viewer, csrf_token, sees_drafts},
    cache::{CacheKey, CachedPage},
    db::TenantTx,
    fastpath::Cacheable,
    i18n::{Lang, Tr},
    tenancy::{Site, Tenant},
    web::{ReqLang, Shell, render},
};

/// A page of any site: the national space or a collectivity's.
#[derive(Clone)]
pub struct Page {
    pub state: AppState,
    pub site: Site,
    pub lang: Lang,
    pub viewer: Option<Viewer>,
    /// The CSRF token of the viewer's forms on this host (empty when anonymous:
    /// the identity service gives anonymous forms their pre-session token).
    pub csrf: String,
    /// The request's path, where the language switch comes back to.
    pub path: String,
    /// What the back-office just saved (`?saved=card` after a redirect),
    /// said at the top of the page to the signed-in viewer who saved it.
    pub saved: Option<String>,
}

impl Page {
    /// The context of a request whose site is already known (middleware, tests).
    pub fn new(
        state: AppState,
        site: Site,
        lang: Lang,
        viewer: Option<Viewer>,
        path: &str,
    ) -> Self {
        let csrf = viewer
            .as_ref()
            .map(|v| {
                csrf_token(
                    state.settings.secret_key.expose_secret().as_bytes(),
                    site.scope().id(),
                    &v.session_hash,
                )
            })
            .unwrap_or_default();
        Page {
            state,
            site,
            lang,
            viewer,
            csrf,
            path: path.to_owned(),
            saved: None,
        }
    }

    /// Reads the confirmation a save redirected with: `saved=<what>` names
    /// a message `saved-<what>` of the catalogues (anything else is ignored,
    /// so a link cannot make a page say what it likes), for a signed-in
    /// viewer only — an anonymous page, which the caches keep, never shows one.
    pub fn with_query(mut self, query: Option<&str>) -> Self {
        let what = query
            .into_iter()
            .flat_map(|q| url::form_urlencoded::parse(q.as_bytes()))
            .filter(|(k, _)| k == "saved")
            .last()
            .map(|(_, v)| v.into_owned());
        self.saved = what
            .filter(|w| {
                (1..=32).contains(&w.len())
                    && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            })
            .map(|w| format!("saved-{w}"))
            .filter(|id| self.viewer.is_some() && self.state.i18n.has(id))
            .map(|id| self.t(&id));
        self
    }

    pub fn tr(&self) -> Tr<'_> {
        self.state.i18n.tr(self.lang)
    }

    /// One message of the visitor's language.
    pub fn t(&self, id: &str) -> String {
        self.tr().t(id)
    }

    pub fn viewer(&self) -> Option<&Viewer> {
        self.viewer.as_ref()
    }

    /// A transaction in the site's scope: the collectivity's, or the nation's
    /// on the national space (its rows only, by RLS).
    pub async fn tx(&self) -> AppResult<TenantTx> {
        Ok(self.state.db.tenant_tx(self.site.scope().id()).await?)
    }

    /// 429: too many attempts, said as a page.
    pub fn throttled(&self) -> AppResult<Response> {
        self.notice(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled-title",
            "throttled-body",
            None,
        )
    }

    /// Whether the viewer sees this collectivity's drafts (its verified staff).
    pub fn sees_drafts(&self) -> bool {
        sees_drafts(self.viewer.as_ref())
    }

    /// The base layout's data for a page titled `title`, with the language
    /// switch coming back to this request's path.
    pub fn shell(&self, title: impl Into<String>) -> Shell<'_> {
        self.shell_at(&self.path, title)
    }

    /// The same, with the switch coming back to `path` (a form re-shown
    /// after its POST comes back to the page that holds it).
    pub fn shell_at(&self, path: &str, title: impl Into<String>) -> Shell<'_> {
        Shell::new(&self.state, &self.site, self.lang, path, title)
            .signed_in(self.viewer.as_ref(), &self.csrf)
            .saved(self.saved.clone())
    }

    /// A page answered with `status`, never kept by the page cache.
    pub fn render(&self, status: StatusCode, t: &impl Template) -> AppResult<Response> {
        render(status, t)
    }

    /// A page with a heading, a sentence and, optionally, a link onwards
    /// (`(href, message id of its label)`); all three are message ids.
    pub fn notice(
        &self,
        status: StatusCode,
        heading_id: &str,
        body_id: &str,
        link: Option<(&str, &str)>,
    ) -> AppResult<Response> {
        let tr = self.tr();
        self.render(
            status,
            &Notice {
                shell: self.shell_at("/", tr.t(heading_id)),
                heading: tr.t(heading_id),
                body: tr.t(body_id),
                link: link.map(|(href, id)| (href.to_owned(), tr.t(id))),
            },
        )
    }
}

/// A page with a heading, a sentence and a link onwards.
#[derive(Template)]
#[template(path = "notice.html")]
struct Notice<'a> {
    shell: Shell<'a>,
    heading: String,
    body: String,
    link: Option<(String, String)>,
}

impl<S> FromRequestParts<S> for Page
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        // Every host-bound route runs behind `tenancy::resolve_site`.
        let site = parts
            .extensions
            .get::<Site>()
            .cloned()
            .ok_or(AppError::NotFound)?;
        let lang = ReqLang::pick(&site, &parts.headers);
        let viewer = parts.extensions.get::<Viewer>().cloned();
        Ok(Page::new(
            AppState::from_ref(state),
            site,
            lang,
            viewer,
            parts.uri.path(),
        )
        .with_query(parts.uri.query()))
    }
}

/// A page of a collectivity's site; on the national space the route answers 404.
#[derive(Clone)]
pub struct TenantPage {
    pub page: Page,
    pub tenant: Arc<Tenant>,
}

impl TenantPage {
    /// Renders through the page cache for anonymous visitors; afresh for a
    /// signed-in viewer, whose page is never kept (see [`cached`]).
    pub async fn cached<F, Fut>(&self, key: &str, render: F) -> AppResult<Response>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<CachedPage>>,
    {
        let page = &self.page;
        cached(
            &page.state,
            &self.tenant,
            page.viewer(),
            page.lang,
            key,
            render,
        )
        .await
    }
}

/// Renders through the page cache for anonymous visitors (keyed by the
/// collectivity's content version, the registry's fingerprint, the language
/// and `key`, the address with what selects the content); afresh for a
/// signed-in viewer, whose page is never kept.
pub async fn cached<F, Fut>(
    state: &AppState,
    tenant: &Tenant,
    viewer: Option<&Viewer>,
    lang: Lang,
    key: &str,
    render: F,
) -> AppResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = AppResult<CachedPage>>,
{
    if viewer.is_some() {
        return Ok(render().await?.into_response());
    }
    let version = state.versions.get(tenant.id()).await?;
    let fp = tenant.registry_fingerprint;
    let fingerprint = format!("{fp:016x}");
    let parts = ["page", &version.to_string(), &fingerprint, lang.code(), key];
    let key = CacheKey::tenant(tenant.id(), &parts);
    let page = state
        .pages
        .get_or_render(&state.redis, &state.metrics, key, render)
        .await?;
    let volatile = page.volatile;
    let mut resp = page.into_response();
    if volatile {
        return Ok(resp);
    }
    // Anyone anonymous may be given these bytes again while nothing changes.
    resp.extensions_mut().insert(Cacheable {
        tenant: tenant.id(),
        version: Some(version),
        fingerprint: fp,
    });
    Ok(resp)
}

impl Deref for TenantPage {
    type Target = Page;
    fn deref(&self) -> &Page {
        &self.page
    }
}

impl<S> FromRequestParts<S> for TenantPage
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let page = Page::from_request_parts(parts, state).await?;
        match &page.site {
            Site::Tenant(t) => Ok(TenantPage {
                tenant: t.clone(),
                page,
            }),
            Site::National(_) => Err(AppError::NotFound),
        }
    }
}
