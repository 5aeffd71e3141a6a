//! How the worker behaves (from the settings, or built by tests), and the
//! translations it renders with.

use super::*;

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Pause between two looks at the outbox when the last one found less than a batch.
    pub poll: Duration,
    /// Rows claimed at once.
    pub batch: i64,
    /// Attempts after which a temporary failure parks the message.
    pub max_attempts: i32,
    /// How long a claimed row is reserved for this worker. Must be at least
    /// twice `smtp_timeout`: a message is only started when it can be sent
    /// and recorded before the lease ends.
    pub lease: Duration,
    /// Back-off after the first failure is `2 · retry_base`, doubling, capped at `retry_max`.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// Limit on each SMTP command and on the whole of one message's delivery.
    pub smtp_timeout: Duration,
    pub smtp_url: SecretString,
    /// The From header, as `Name <address>`.
    pub mail_from: String,
    /// For the collectivity's address in the footer (as `Settings::origin_for`).
    pub base_domain: String,
    pub public_scheme: String,
    pub public_port: u16,
    /// The key of one-click unsubscribe tokens (the server's `secret_key`).
    pub secret_key: SecretString,
    /// Consultation scans and digests.
    pub schedule: Schedule,
}

impl WorkerConfig {
    /// Default lease: long enough for a whole batch on a slow relay.
    pub const DEFAULT_LEASE: Duration = Duration::from_secs(300);
    pub const DEFAULT_RETRY_BASE: Duration = Duration::from_secs(5);
    pub const DEFAULT_RETRY_MAX: Duration = Duration::from_secs(3600);
    pub const DEFAULT_SMTP_TIMEOUT: Duration = Duration::from_secs(30);

    pub fn from_settings(s: &Settings) -> Self {
        WorkerConfig {
            poll: Duration::from_millis(s.worker_poll_ms),
            batch: s.worker_batch,
            max_attempts: s.worker_max_attempts,
            lease: Duration::from_secs(s.worker_lease_secs),
            retry_base: Duration::from_millis(s.worker_retry_base_ms),
            retry_max: Duration::from_secs(s.worker_retry_max_secs),
            smtp_timeout: Duration::from_secs(s.smtp_timeout_secs),
            smtp_url: s.smtp_url.clone(),
            mail_from: s.mail_from.clone(),
            base_domain: s.base_domain.clone(),
            public_scheme: s.public_scheme.clone(),
            public_port: s.public_port,
            secret_key: s.secret_key.clone(),
            schedule: Schedule::from_settings(s),
        }
    }

    /// The wait before attempt `attempts + 1`, after `attempts` failed.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let factor = 2u32.saturating_pow(attempts.clamp(0, 31) as u32);
        self.retry_base.saturating_mul(factor).min(self.retry_max)
    }

    pub(super) fn check(&self) -> anyhow::Result<()> {
        if self.batch < 1 || self.max_attempts < 1 {
            anyhow::bail!("worker_batch and worker_max_attempts must be at least 1");
        }
        if self.lease < self.smtp_timeout * 2 {
            anyhow::bail!("the worker's lease must be at least twice the SMTP time-out");
        }
        Ok(())
    }

    /// The public origin of a host (the same rule as `Settings::origin_for`).
    pub(super) fn origin(&self, host: &str) -> String {
        let default_port = if self.public_scheme == "https" {
            443
        } else {
            80
        };
        if self.public_port == 0 || self.public_port == default_port {
            format!("{}://{host}", self.public_scheme)
        } else {
            format!("{}://{host}:{}", self.public_scheme, self.public_port)
        }
    }
}

/// Where the worker finds its messages' translations: an `I18n` that
/// includes [`crate::CATALOG`]. `serve` passes its `AppState`; tests an
/// `Arc<I18n>`.
pub trait Translations: Send + Sync + 'static {
    fn i18n(&self) -> &I18n;
}

impl Translations for Arc<I18n> {
    fn i18n(&self) -> &I18n {
        self
    }
}

impl Translations for &'static I18n {
    fn i18n(&self) -> &I18n {
        self
    }
}

impl Translations for AppState {
    fn i18n(&self) -> &I18n {
        &self.i18n
    }
}
