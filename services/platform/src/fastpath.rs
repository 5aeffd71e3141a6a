//! The fast path for anonymous page views. A public page that was rendered
//! for nobody in particular is kept, whole (status, headers, body), keyed by
//! host, address and the headers that choose its language; the next identical
//! request is answered from memory before host resolution, sessions, CSRF,
//! routing and rendering — provided the collectivity's content version and
//! the registry's fingerprint are still those the page was made with. Anyone
//! with a session cookie always goes the long way.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use bytes::Bytes;

use crate::{AppState, types::TenantId};

/// Set on a response that may be replayed to any anonymous visitor: what it depends on.
#[derive(Debug, Clone, Copy)]
pub struct Cacheable {
    pub tenant: TenantId,
    /// The collectivity's content version, or None for pages that depend on the registry only.
    pub version: Option<i64>,
    pub fingerprint: u64,
}

/// Set by the metrics middleware: the matched route, so that replays are counted under it.
#[derive(Debug, Clone)]
pub struct RouteLabel(pub String);

struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    depends: Cacheable,
    /// The route's metrics, looked up once when the page is kept rather than on every replay.
    requests: prometheus::IntCounter,
    duration: prometheus::Histogram,
}

pub struct FastPath {
    entries: moka::sync::Cache<String, Arc<Entry>>,
    /// `infitah_cache_total{cache="page_fast",result="hit"}`, resolved once.
    hits: prometheus::IntCounter,
}

impl FastPath {
    pub fn new(capacity: u64, ttl: Duration, metrics: &crate::telemetry::Metrics) -> Self {
        FastPath {
            entries: moka::sync::Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
            hits: metrics.cache.with_label_values(&["page_fast", "hit"]),
        }
    }
}

fn key(req: &Request) -> Option<String> {
    let h = req.headers();
    let cookie = h
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if crate::privacy::carries_session(h) || crate::tenancy::ambiguous_host(h, req.uri()) {
        return None;
    }
    let lang = cookie
        .split(';')
        .map(str::trim)
        .find_map(|c| c.strip_prefix("lang="))
        .unwrap_or("");
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let accept = h
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let forwarded = h
        .get("x-forwarded-host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    Some(format!(
        "{host}\u{1}{forwarded}\u{1}{path}\u{1}{lang}\u{1}{accept}"
    ))
}

/// Middleware: answers a repeated anonymous GET from memory, and keeps the
/// responses marked [`Cacheable`].
pub async fn fast_path(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    let Some(key) = key(&req) else {
        return next.run(req).await;
    };
    if let Some(e) = state.fast.entries.get(&key) {
        let fresh = state.directory.snapshot().fingerprint == e.depends.fingerprint
            && e.depends
                .version
                .is_none_or(|v| state.versions.peek(e.depends.tenant) == Some(v));
        if fresh {
            let start = Instant::now();
            let mut resp = Response::new(Body::from(e.body.clone()));
            *resp.status_mut() = e.status;
            *resp.headers_mut() = e.headers.clone();
            // The caller's request id when it sent one, else a fresh one, as for any other answer.
            let id = req
                .headers()
                .get("x-request-id")
                .cloned()
                .unwrap_or_else(|| {
                    header::HeaderValue::from_str(&uuid::Uuid::new_v4().to_string())
                        .expect("a uuid is a header value")
                });
            resp.headers_mut().insert("x-request-id", id);
            state.fast.hits.inc();
            e.requests.inc();
            e.duration.observe(start.elapsed().as_secs_f64());
            return resp;
        }
        state.entries_invalidate(&key);
    }
    let resp = next.run(req).await;
    let Some(depends) = resp.extensions().get::<Cacheable>().copied() else {
        return resp;
    };
    if resp.status() != StatusCode::OK || resp.headers().contains_key(header::SET_COOKIE) {
        return resp;
    }
    let route = resp
        .extensions()
        .get::<RouteLabel>()
        .map(|r| r.0.clone())
        .unwrap_or_else(|| "unmatched".into());
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut headers = parts.headers.clone();
    // Per-request headers are not replayed.
    headers.remove("x-request-id");
    headers.remove(header::DATE);
    let labels = [route.as_str(), "GET", parts.status.as_str()];
    state.fast.entries.insert(
        key,
        Arc::new(Entry {
            status: parts.status,
            headers,
            body: bytes.clone(),
            depends,
            requests: state.metrics.http_requests.with_label_values(&labels),
            duration: state.metrics.http_duration.with_label_values(&labels),
        }),
    );
    Response::from_parts(parts, Body::from(bytes))
}

impl AppState {
    fn entries_invalidate(&self, key: &str) {
        self.fast.entries.invalidate(key);
    }
}
