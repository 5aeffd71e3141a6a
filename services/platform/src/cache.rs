//! Caches. Redis holds what may be lost: every command runs under a short
//! timeout, and when Redis is down or frozen the caller simply goes without
//! (the log says so at most once per interval, `/readyz` says "degraded").
//! Every key carries its tenant, or says it is national. Rendered public pages
//! are kept in process first (moka), so a warm page costs no network trip.

use std::{
    io::Read,
    sync::{
        Arc, LazyLock, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use bytes::Bytes;
use redis::{AsyncCommands, aio::ConnectionManager};
use secrecy::{ExposeSecret, SecretString};

use crate::{telemetry::Metrics, types::TenantId};

/// This build of the binary: the start of the SHA-256 of its executable.
/// Every shared key carries it, so that after a deployment no replica serves
/// a page that an older build rendered (other templates, other code) from
/// Redis, nor an older replica a newer one's while they roll. Read once, in
/// blocks (the binary is not held in memory); an executable that cannot be
/// read falls back to the package version.
static BUILD: LazyLock<String> = LazyLock::new(|| {
    use sha2::{Digest, Sha256};
    let digest = || -> std::io::Result<String> {
        let mut file = std::fs::File::open(std::env::current_exe()?)?;
        let (mut hash, mut block) = (Sha256::new(), vec![0u8; 1 << 16]);
        loop {
            match file.read(&mut block)? {
                0 => break,
                n => hash.update(&block[..n]),
            }
        }
        Ok(hash.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    };
    digest().unwrap_or_else(|_| env!("CARGO_PKG_VERSION").to_owned())
});

/// A Redis key: always scoped to one tenant or to the national space, and to this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey(String);

impl CacheKey {
    pub fn tenant(tenant: TenantId, parts: &[&str]) -> Self {
        CacheKey(format!(
            "infitah:{}:t:{}:{}",
            *BUILD,
            tenant.0,
            parts.join(":")
        ))
    }
    pub fn national(parts: &[&str]) -> Self {
        CacheKey(format!("infitah:{}:national:{}", *BUILD, parts.join(":")))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Redis, used best-effort.
pub struct Redis {
    client: Option<redis::Client>,
    conn: tokio::sync::RwLock<Option<ConnectionManager>>,
    last_attempt: Mutex<Option<Instant>>,
    timeout: Duration,
    warn_interval: Duration,
    last_warn: AtomicU64,
    started: Instant,
    degraded: AtomicBool,
    metrics: Arc<Metrics>,
}

impl Redis {
    pub fn new(
        url: &SecretString,
        timeout: Duration,
        warn_interval: Duration,
        metrics: Arc<Metrics>,
    ) -> Self {
        let client = match redis::Client::open(url.expose_secret()) {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::warn!(error = %e, "redis_url is not usable; running without Redis");
                None
            }
        };
        Redis {
            client,
            conn: tokio::sync::RwLock::new(None),
            last_attempt: Mutex::new(None),
            timeout,
            warn_interval,
            last_warn: AtomicU64::new(0),
            started: Instant::now(),
            degraded: AtomicBool::new(false),
            metrics,
        }
    }

    fn failed(&self, what: &str, error: &dyn std::fmt::Display) {
        self.degraded.store(true, Ordering::Relaxed);
        self.metrics.redis_errors.inc();
        let now = self.started.elapsed().as_secs() + 1;
        let last = self.last_warn.load(Ordering::Relaxed);
        if (last == 0 || now.saturating_sub(last) >= self.warn_interval.as_secs())
            && self
                .last_warn
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(%error, operation = what, "redis unavailable; bypassing it (this warning repeats at most once per interval)");
        }
    }

    fn succeeded(&self) {
        if self.degraded.swap(false, Ordering::Relaxed) {
            tracing::info!("redis is back");
        }
    }

    async fn connection(&self) -> Option<ConnectionManager> {
        if let Some(c) = self.conn.read().await.as_ref() {
            return Some(c.clone());
        }
        let client = self.client.as_ref()?;
        {
            // One connection attempt per second at most, whatever the load.
            let mut last = self.last_attempt.lock().expect("redis attempt lock");
            if last.is_some_and(|t| t.elapsed() < Duration::from_secs(1)) {
                return None;
            }
            *last = Some(Instant::now());
        }
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(self.timeout * 5)
            .set_response_timeout(self.timeout)
            .set_number_of_retries(1);
        match tokio::time::timeout(
            self.timeout * 5,
            ConnectionManager::new_with_config(client.clone(), config),
        )
        .await
        {
            Ok(Ok(c)) => {
                *self.conn.write().await = Some(c.clone());
                Some(c)
            }
            Ok(Err(e)) => {
                self.failed("connect", &e);
                None
            }
            Err(_) => {
                self.failed("connect", &"timed out");
                None
            }
        }
    }

    async fn run<T, F, Fut>(&self, what: &str, f: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: std::future::Future<Output = redis::RedisResult<T>>,
    {
        let conn = self.connection().await?;
        match tokio::time::timeout(self.timeout, f(conn)).await {
            Ok(Ok(v)) => {
                self.succeeded();
                Some(v)
            }
            Ok(Err(e)) => {
                self.failed(what, &e);
                None
            }
            Err(_) => {
                self.failed(what, &"timed out");
                None
            }
        }
    }

    pub async fn get(&self, key: &CacheKey) -> Option<Vec<u8>> {
        self.run("get", |mut c| async move {
            c.get::<_, Option<Vec<u8>>>(key.as_str()).await
        })
        .await
        .flatten()
    }

    pub async fn set(&self, key: &CacheKey, value: &[u8], ttl: Duration) -> bool {
        self.run("set", |mut c| async move {
            c.set_ex::<_, _, ()>(key.as_str(), value, ttl.as_secs().max(1))
                .await
        })
        .await
        .is_some()
    }

    /// Increments a counter that expires `window` after its first increment.
    /// None when Redis cannot answer: the caller decides what is safe.
    pub async fn incr_window(&self, key: &CacheKey, window: Duration) -> Option<u64> {
        self.run("incr", |mut c| async move {
            let (n,): (u64,) = redis::pipe()
                .atomic()
                .incr(key.as_str(), 1u64)
                .expire(key.as_str(), window.as_secs().max(1) as i64)
                .arg("NX")
                .ignore()
                .query_async(&mut c)
                .await?;
            Ok(n)
        })
        .await
    }

    /// The value of a counter (0 when absent). None when Redis cannot answer.
    pub async fn count(&self, key: &CacheKey) -> Option<u64> {
        self.run("get", |mut c| async move {
            let n: Option<u64> = redis::cmd("GET")
                .arg(key.as_str())
                .query_async(&mut c)
                .await?;
            Ok(n.unwrap_or(0))
        })
        .await
    }

    pub async fn ping(&self) -> bool {
        self.run("ping", |mut c| async move {
            redis::cmd("PING").query_async::<String>(&mut c).await
        })
        .await
        .is_some()
    }
}

/// A rendered page, shared between the requests that hit it.
#[derive(Clone)]
pub struct CachedPage {
    pub body: Bytes,
    pub content_type: &'static str,
    /// The page will change by the clock alone (a consultation opens or
    /// closes) sooner than the caches would drop it: it is served, never kept.
    pub volatile: bool,
}

/// Rendered public pages: in process first, Redis second.
pub struct PageCache {
    local: moka::future::Cache<String, CachedPage>,
    ttl: Duration,
}

impl PageCache {
    pub fn new(entries: u64, ttl: Duration) -> Self {
        PageCache {
            local: moka::future::Cache::builder()
                .max_capacity(entries)
                .time_to_live(ttl)
                .build(),
            ttl,
        }
    }

    /// Returns the cached page, or renders, stores and returns it. `version`
    /// must change whenever anything on the page changes.
    pub async fn get_or_render<F, Fut, E>(
        &self,
        redis: &Redis,
        metrics: &Metrics,
        key: CacheKey,
        render: F,
    ) -> Result<CachedPage, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<CachedPage, E>>,
    {
        if let Some(p) = self.local.get(key.as_str()).await {
            metrics
                .cache
                .with_label_values(&["page_local", "hit"])
                .inc();
            return Ok(p);
        }
        metrics
            .cache
            .with_label_values(&["page_local", "miss"])
            .inc();
        if let Some(bytes) = redis.get(&key).await
            && let Some((ct, body)) = split_stored(&bytes)
        {
            metrics
                .cache
                .with_label_values(&["page_redis", "hit"])
                .inc();
            let page = CachedPage {
                body: Bytes::copy_from_slice(body),
                content_type: ct,
                volatile: false,
            };
            self.local
                .insert(key.as_str().to_owned(), page.clone())
                .await;
            return Ok(page);
        }
        metrics
            .cache
            .with_label_values(&["page_redis", "miss"])
            .inc();
        let page = render().await?;
        if page.volatile {
            return Ok(page);
        }
        let mut stored = Vec::with_capacity(page.body.len() + 32);
        stored.extend_from_slice(page.content_type.as_bytes());
        stored.push(b'\n');
        stored.extend_from_slice(&page.body);
        redis.set(&key, &stored, self.ttl).await;
        self.local
            .insert(key.as_str().to_owned(), page.clone())
            .await;
        Ok(page)
    }

    pub fn entry_count(&self) -> u64 {
        self.local.entry_count()
    }
}

const CONTENT_TYPES: &[&str] = &[
    "text/html; charset=utf-8",
    "application/json",
    "text/csv; charset=utf-8",
    "image/svg+xml",
];

fn split_stored(bytes: &[u8]) -> Option<(&'static str, &[u8])> {
    let nl = bytes.iter().position(|b| *b == b'\n')?;
    let ct = std::str::from_utf8(&bytes[..nl]).ok()?;
    let ct = CONTENT_TYPES.iter().find(|c| **c == ct)?;
    Some((ct, &bytes[nl + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_names_its_build_and_its_scope() {
        let build = BUILD.as_str();
        assert_eq!(build.len(), 12, "{build}");
        assert!(build.bytes().all(|b| b.is_ascii_hexdigit()), "{build}");
        let t = CacheKey::tenant(TenantId(uuid::Uuid::nil()), &["page", "3", "fr", "/"]);
        assert_eq!(
            t.as_str(),
            format!("infitah:{build}:t:00000000-0000-0000-0000-000000000000:page:3:fr:/")
        );
        assert!(
            CacheKey::national(&["nat"])
                .as_str()
                .starts_with(&format!("infitah:{build}:national:"))
        );
    }
}
