//! Rate limits (sign-in, sign-up, reset and verification e-mails, later
//! comments): fixed windows counted in Redis so that every replica shares
//! them. When Redis cannot answer, each replica counts in its own memory
//! instead — the limit then applies per replica, which is looser but never
//! open: an attacker cannot switch throttling off by making Redis fail.

use std::{sync::Arc, time::Duration};

use crate::{
    cache::{CacheKey, Redis},
    types::TenantId,
};

/// What a limit counts by, as it is stored: a short digest of the value (an
/// account id, a network address, an e-mail address) tagged by its kind, so
/// that Redis never holds personal data and two kinds never share a count.
/// Every throttle of every service names its subject through this.
pub fn subject(kind: &str, value: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::new()
        .chain_update(kind.as_bytes())
        .chain_update([0u8])
        .chain_update(value.as_bytes())
        .finalize();
    d[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// A limit: at most `max` events per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub max: u64,
    pub window: Duration,
}

impl Limit {
    pub const fn new(name: &'static str, max: u64, window_secs: u64) -> Self {
        Limit {
            name,
            max,
            window: Duration::from_secs(window_secs),
        }
    }
}

pub struct Throttle {
    local: moka::sync::Cache<String, Arc<std::sync::atomic::AtomicU64>>,
}

impl Default for Throttle {
    fn default() -> Self {
        Self::new()
    }
}

impl Throttle {
    pub fn new() -> Self {
        Throttle {
            local: moka::sync::Cache::builder()
                .max_capacity(200_000)
                // Entries expire one window after they start; the longest window is an hour.
                .time_to_live(Duration::from_secs(3600))
                .build(),
        }
    }

    /// Counts one event for `subject` (an address hash, an IP) under `limit`;
    /// true while the count stays within the limit.
    pub async fn allow(
        &self,
        redis: &Redis,
        tenant: TenantId,
        limit: Limit,
        subject: &str,
    ) -> bool {
        let key = window_key(tenant, limit, subject);
        let count = match redis.incr_window(&key, limit.window).await {
            Some(n) => n,
            None => {
                let counter = self
                    .local
                    .get_with(key.as_str().to_owned(), || Arc::new(Default::default()));
                counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
            }
        };
        count <= limit.max
    }

    /// Whether `subject` is still within `limit`, without counting anything:
    /// for limits that count only failures (a sign-in checks first, and
    /// counts with [`Throttle::allow`] when the password was wrong).
    pub async fn within(
        &self,
        redis: &Redis,
        tenant: TenantId,
        limit: Limit,
        subject: &str,
    ) -> bool {
        let key = window_key(tenant, limit, subject);
        let count = match redis.count(&key).await {
            Some(n) => n,
            None => self
                .local
                .get(key.as_str())
                .map(|c| c.load(std::sync::atomic::Ordering::Relaxed))
                .unwrap_or(0),
        };
        count < limit.max
    }
}

/// The counter of `subject` under `limit` in the current window.
fn window_key(tenant: TenantId, limit: Limit, subject: &str) -> CacheKey {
    let window_start = now_secs() / limit.window.as_secs().max(1);
    CacheKey::tenant(
        tenant,
        &["throttle", limit.name, subject, &window_start.to_string()],
    )
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
