//! Which collectivity a request is for. The Host header (port stripped, case
//! folded) is looked up in an in-memory snapshot of the registry: the base
//! domain is the national space, `<slug>.<base domain>` a collectivity, and
//! any registered custom host its collectivity. Every replica reloads the
//! snapshot when PostgreSQL notifies a registry change, and at an interval in
//! case a notification was missed.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::Duration,
};

use axum::{
    extract::{FromRequestParts, Request, State},
    http::{StatusCode, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use sqlx::postgres::PgListener;

use crate::{
    AppState,
    db::Db,
    i18n::Lang,
    registry::{self, TenantRecord},
    types::{HostName, TenantId, TenantKind},
};

/// A collectivity above this one, for the chain shown on its pages.
#[derive(Debug, Clone, Serialize)]
pub struct ChainLink {
    pub slug: String,
    pub kind: TenantKind,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: Option<String>,
}

impl ChainLink {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ar => &self.name_ar,
            Lang::Fr => &self.name_fr,
            Lang::En => self.name_en.as_deref().unwrap_or(&self.name_fr),
        }
    }
}

/// A collectivity as requests see it.
#[derive(Debug, Clone, Serialize)]
pub struct Tenant {
    #[serde(flatten)]
    pub record: TenantRecord,
    /// Province (or prefecture) then region, nearest first.
    pub chain: Vec<ChainLink>,
    /// The fingerprint of the registry this record was read from. Caches of
    /// what a request renders from it are keyed by this, never by the
    /// current snapshot's: a reload between resolving the host and keying
    /// the page would file the old record's page under the new registry.
    #[serde(skip)]
    pub registry_fingerprint: u64,
}

impl Tenant {
    pub fn id(&self) -> TenantId {
        self.record.id
    }
    pub fn slug(&self) -> &str {
        self.record.slug.as_str()
    }
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ar => &self.record.name_ar,
            Lang::Fr => &self.record.name_fr,
            Lang::En => self
                .record
                .name_en
                .as_deref()
                .unwrap_or(&self.record.name_fr),
        }
    }
    /// Its canonical host: the first custom host, else `<slug>.<base>`.
    pub fn primary_host(&self, base_domain: &str) -> String {
        self.record
            .hosts
            .first()
            .map(|h| h.to_string())
            .unwrap_or_else(|| format!("{}.{base_domain}", self.record.slug))
    }
    pub fn languages(&self) -> &[Lang] {
        &self.record.languages
    }
}

/// What a host resolves to.
#[derive(Debug, Clone)]
pub enum Site {
    /// The base domain; carries the nation's row, under which national
    /// managers' accounts live.
    National(Arc<Tenant>),
    Tenant(Arc<Tenant>),
}

impl Site {
    /// The collectivity of a collectivity's host (None on the national space).
    pub fn tenant(&self) -> Option<&Arc<Tenant>> {
        match self {
            Site::Tenant(t) => Some(t),
            Site::National(_) => None,
        }
    }
    /// The row whose tenant_id scopes this site's data: the collectivity, or the nation.
    pub fn scope(&self) -> &Arc<Tenant> {
        match self {
            Site::Tenant(t) | Site::National(t) => t,
        }
    }
    pub fn is_national(&self) -> bool {
        matches!(self, Site::National(_))
    }
    pub fn languages(&self) -> &[Lang] {
        self.scope().languages()
    }
}

/// One consistent snapshot of the registry.
#[derive(Debug, Default)]
pub struct Registry {
    /// A digest of the whole registry: equal on every replica that read the
    /// same rows, so it can key shared caches (Redis) as well as local ones.
    pub fingerprint: u64,
    nation: Option<Arc<Tenant>>,
    by_id: HashMap<TenantId, Arc<Tenant>>,
    by_slug: HashMap<String, TenantId>,
    by_host: HashMap<String, TenantId>,
    children: HashMap<Option<TenantId>, Vec<TenantId>>,
}

impl Registry {
    pub fn build(records: Vec<TenantRecord>) -> Self {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        for r in &records {
            (r.id.0, r.updated_at_unix, r.disabled, &r.hosts).hash(&mut hasher);
        }
        let fingerprint = hasher.finish();
        let raw: HashMap<TenantId, TenantRecord> = records.into_iter().map(|r| (r.id, r)).collect();
        let link = |r: &TenantRecord| ChainLink {
            slug: r.slug.to_string(),
            kind: r.kind,
            name_ar: r.name_ar.clone(),
            name_fr: r.name_fr.clone(),
            name_en: r.name_en.clone(),
        };
        let mut reg = Registry {
            fingerprint,
            ..Default::default()
        };
        for r in raw.values().filter(|r| !r.disabled) {
            let mut chain = vec![];
            let mut up = r.parent_id;
            while let Some(p) = up.and_then(|id| raw.get(&id)) {
                chain.push(link(p));
                up = p.parent_id;
                if chain.len() > 3 {
                    break;
                }
            }
            let tenant = Arc::new(Tenant {
                record: r.clone(),
                chain,
                registry_fingerprint: fingerprint,
            });
            if r.kind == TenantKind::Nation {
                reg.nation = Some(tenant);
                continue;
            }
            reg.by_slug.insert(r.slug.to_string(), r.id);
            for h in &r.hosts {
                reg.by_host.insert(h.to_string(), r.id);
            }
            reg.children.entry(r.parent_id).or_default().push(r.id);
            reg.by_id.insert(r.id, tenant);
        }
        for list in reg.children.values_mut() {
            list.sort_by(|a, b| {
                let (a, b) = (&raw[a], &raw[b]);
                a.hcp_code.cmp(&b.hcp_code).then(a.slug.cmp(&b.slug))
            });
        }
        reg
    }

    pub fn resolve(&self, host: &HostName, base_domain: &str) -> Option<Site> {
        let h = host.as_str();
        if let Some(id) = self.by_host.get(h) {
            return self.by_id.get(id).cloned().map(Site::Tenant);
        }
        if h == base_domain {
            return self.nation.clone().map(Site::National);
        }
        let slug = h.strip_suffix(base_domain)?.strip_suffix('.')?;
        self.by_slug
            .get(slug)
            .and_then(|id| self.by_id.get(id))
            .cloned()
            .map(Site::Tenant)
    }

    /// The nation's row (the national space's scope).
    pub fn nation(&self) -> Option<&Arc<Tenant>> {
        self.nation.as_ref()
    }
    /// The site of a slug: "national" for the national space, else a collectivity.
    pub fn site_of(&self, slug: &str) -> Option<Site> {
        match self.nation.as_ref() {
            Some(n) if n.slug() == slug => Some(Site::National(n.clone())),
            _ => self.by_slug(slug).cloned().map(Site::Tenant),
        }
    }
    pub fn get(&self, id: TenantId) -> Option<&Arc<Tenant>> {
        self.by_id.get(&id)
    }
    pub fn by_slug(&self, slug: &str) -> Option<&Arc<Tenant>> {
        self.by_slug.get(slug).and_then(|id| self.by_id.get(id))
    }
    /// The collectivities directly under `parent` (regions for None), in HCP order.
    pub fn children(&self, parent: Option<TenantId>) -> impl Iterator<Item = &Arc<Tenant>> {
        self.children
            .get(&parent)
            .into_iter()
            .flatten()
            .filter_map(|id| self.by_id.get(id))
    }
    pub fn len(&self) -> usize {
        self.by_id.len()
    }
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// The shared, reloadable registry snapshot.
pub struct TenantDirectory {
    db: Db,
    current: RwLock<Arc<Registry>>,
}

impl TenantDirectory {
    pub fn new(db: Db) -> Self {
        TenantDirectory {
            db,
            current: RwLock::new(Arc::new(Registry::default())),
        }
    }

    pub fn snapshot(&self) -> Arc<Registry> {
        self.current.read().expect("registry lock").clone()
    }

    /// Reads the whole registry and swaps it in.
    pub async fn reload(&self) -> anyhow::Result<()> {
        let mut conn = self.db.registry_pool().acquire().await?;
        let records = registry::load_all(&mut conn).await?;
        let reg = Arc::new(Registry::build(records));
        *self.current.write().expect("registry lock") = reg;
        Ok(())
    }

    /// Keeps the snapshot fresh: reloads on every `infitah_registry`
    /// notification and every `interval`, until `stop` turns true (the
    /// shutdown, which then closes the pool: stopping first keeps a clean stop
    /// silent).
    pub async fn keep_fresh(
        self: Arc<Self>,
        interval: Duration,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        tokio::select! {
            _ = stop.wait_for(|v| *v) => {}
            _ = self.follow(interval) => {}
        }
    }

    async fn follow(&self, interval: Duration) {
        loop {
            let mut listener = match PgListener::connect_with(self.db.listen_pool()).await {
                Ok(mut l) => match l.listen("infitah_registry").await {
                    Ok(()) => Some(l),
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot listen for registry changes; reloading on a timer only");
                        None
                    }
                },
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for registry changes; reloading on a timer only");
                    None
                }
            };
            // Whatever changed while we were not listening.
            if let Err(e) = self.reload().await {
                tracing::warn!(error = %e, "registry reload failed");
            }
            loop {
                let event = match listener.as_mut() {
                    Some(l) => tokio::time::timeout(interval, l.recv()).await,
                    None => {
                        tokio::time::sleep(interval).await;
                        break;
                    }
                };
                match event {
                    Ok(Ok(_)) | Err(_) => {
                        if let Err(e) = self.reload().await {
                            tracing::warn!(error = %e, "registry reload failed");
                        }
                    }
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "registry listener lost; reconnecting");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        break;
                    }
                }
            }
        }
    }
}

/// The host a request names, as configured (Host, or X-Forwarded-Host behind a trusted proxy).
fn request_host(
    state: &AppState,
    parts: &axum::http::HeaderMap,
    uri: &axum::http::Uri,
) -> Option<HostName> {
    let raw = if state.settings.trust_forwarded_host {
        parts
            .get("x-forwarded-host")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').next().unwrap_or("").trim())
    } else {
        None
    };
    let raw = raw
        .or_else(|| parts.get(header::HOST).and_then(|v| v.to_str().ok()))
        .or_else(|| uri.authority().map(|a| a.as_str()))?;
    HostName::from_header(raw)
}

/// Whether the request names its host twice, differently: two Host headers,
/// or an absolute-form target (`GET http://a/ HTTP/1.1`) whose authority is
/// not the Host header's. A proxy in front and this server could then take
/// different collectivities from it; it is refused (400), as RFC 9112 §3.2
/// allows, before the fast path or the router look at it.
pub fn ambiguous_host(headers: &axum::http::HeaderMap, uri: &axum::http::Uri) -> bool {
    let mut hosts = headers.get_all(header::HOST).iter();
    let first = hosts.next();
    if hosts.next().is_some() {
        return true;
    }
    match (uri.authority(), first.and_then(|h| h.to_str().ok())) {
        (Some(a), Some(h)) => !a.as_str().eq_ignore_ascii_case(h),
        _ => false,
    }
}

/// Middleware: resolves the site or answers a plain 404 that names nothing.
pub async fn resolve_site(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if ambiguous_host(req.headers(), req.uri()) {
        return (
            StatusCode::BAD_REQUEST,
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CONNECTION, "close"),
            ],
            "Bad Request: the host is given twice\n",
        )
            .into_response();
    }
    let site = request_host(&state, req.headers(), req.uri()).and_then(|h| {
        state
            .directory
            .snapshot()
            .resolve(&h, &state.settings.base_domain)
    });
    match site {
        Some(site) => {
            let slug = site
                .tenant()
                .map(|t| t.slug().to_owned())
                .unwrap_or_else(|| "-".into());
            tracing::Span::current().record("tenant", slug.as_str());
            req.extensions_mut().insert(site);
            next.run(req).await
        }
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Not Found\n",
        )
            .into_response(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Site {
    type Rejection = StatusCode;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Site>()
            .cloned()
            .ok_or(StatusCode::NOT_FOUND)
    }
}

/// The collectivity of the request; routes that use it answer 404 on the national space.
#[derive(Debug, Clone)]
pub struct CurrentTenant(pub Arc<Tenant>);

impl<S: Send + Sync> FromRequestParts<S> for CurrentTenant {
    type Rejection = crate::error::AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Site>() {
            Some(Site::Tenant(t)) => Ok(CurrentTenant(t.clone())),
            _ => Err(crate::error::AppError::NotFound),
        }
    }
}

/// Routes of the national space; on a collectivity's host they answer 404.
#[derive(Debug, Clone, Copy)]
pub struct NationalSite;

impl<S: Send + Sync> FromRequestParts<S> for NationalSite {
    type Rejection = crate::error::AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Site>() {
            Some(Site::National(_)) => Ok(NationalSite),
            _ => Err(crate::error::AppError::NotFound),
        }
    }
}
