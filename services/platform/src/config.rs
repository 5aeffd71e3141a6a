//! Layered configuration: `config/default.toml`, then `config/<env>.toml`, then
//! `INFITAH_*` environment variables. Connection strings are secrets: they are
//! held in `SecretString` so that no `Debug` or log line can print them.

use std::{net::SocketAddr, path::PathBuf};

use secrecy::SecretString;
use serde::Deserialize;

/// The default file, compiled in so the binary runs from any directory.
const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub database_url: SecretString,
    pub database_admin_url: SecretString,
    pub database_national_url: SecretString,
    pub database_worker_url: SecretString,
    /// Where the change listeners connect; empty: `database_url`.
    pub database_listen_url: SecretString,
    pub database_max_connections: u32,
    pub redis_url: SecretString,
    pub redis_timeout_ms: u64,
    pub redis_warn_interval_secs: u64,
    pub smtp_url: SecretString,
    pub mail_from: String,
    pub worker_poll_ms: u64,
    pub worker_batch: i64,
    pub worker_max_attempts: i32,
    pub worker_lease_secs: u64,
    pub worker_retry_base_ms: u64,
    pub worker_retry_max_secs: u64,
    pub smtp_timeout_secs: u64,
    /// Notifications: consultation scans and digests (see config/default.toml).
    pub notify_scan_secs: u64,
    pub digest_hour: u8,
    pub digest_weekday: String,
    pub consultation_closing_hours: u64,
    pub secret_key: SecretString,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub password_hash_concurrency: usize,
    pub listen: SocketAddr,
    pub metrics_listen: SocketAddr,
    pub base_domain: String,
    pub public_scheme: String,
    pub public_port: u16,
    pub trust_forwarded_host: bool,
    pub shutdown_grace_secs: u64,
    pub request_timeout_secs: u64,
    pub registry_refresh_secs: u64,
    pub page_cache_entries: u64,
    pub page_cache_ttl_secs: u64,
    pub log_format: String,
    pub log_filter: String,
}

impl Settings {
    /// Loads the layers. `INFITAH_ENV` names the environment file;
    /// `INFITAH_CONFIG_DIR` says where the files are (default `config`).
    pub fn load() -> anyhow::Result<Self> {
        let env = std::env::var("INFITAH_ENV").unwrap_or_else(|_| "development".into());
        let dir =
            PathBuf::from(std::env::var("INFITAH_CONFIG_DIR").unwrap_or_else(|_| "config".into()));
        Self::load_from(&dir, &env, std::env::vars())
    }

    /// Loads the layers from `dir` for `env`, with `vars` as the environment.
    pub fn load_from(
        dir: &std::path::Path,
        env: &str,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> anyhow::Result<Self> {
        if env.is_empty()
            || !env
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            anyhow::bail!("INFITAH_ENV must be a plain name such as development or production");
        }
        let overrides: std::collections::HashMap<String, String> = vars
            .into_iter()
            .filter_map(|(k, v)| {
                let key = k.strip_prefix("INFITAH_")?.to_ascii_lowercase();
                (!matches!(key.as_str(), "env" | "config_dir")).then_some((key, v))
            })
            .collect();
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(
                DEFAULT_TOML,
                config::FileFormat::Toml,
            ))
            .add_source(config::File::from(dir.join("default.toml")).required(false))
            .add_source(config::File::from(dir.join(format!("{env}.toml"))).required(false));
        for (key, value) in overrides {
            builder = builder.set_override(key, value)?;
        }
        let mut settings: Settings = builder
            .build()?
            .try_deserialize()
            .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
        settings.base_domain = settings
            .base_domain
            .trim()
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if settings.base_domain.is_empty() {
            anyhow::bail!("configuration: base_domain must not be empty");
        }
        if secrecy::ExposeSecret::expose_secret(&settings.secret_key).len() < 32 {
            anyhow::bail!("configuration: secret_key must be at least 32 characters");
        }
        if !matches!(settings.public_scheme.as_str(), "http" | "https") {
            anyhow::bail!("configuration: public_scheme must be http or https");
        }
        Ok(settings)
    }

    /// Whether the CSRF key is still the development value of default.toml.
    pub fn uses_development_secret(&self) -> bool {
        secrecy::ExposeSecret::expose_secret(&self.secret_key).starts_with("development-only-")
    }

    /// Whether links and cookies are for HTTPS.
    pub fn https(&self) -> bool {
        self.public_scheme == "https"
    }

    /// The public origin of a host, for links that leave the request (e-mails).
    pub fn origin_for(&self, host: &str) -> String {
        let default_port = if self.https() { 443 } else { 80 };
        if self.public_port == 0 || self.public_port == default_port {
            format!("{}://{host}", self.public_scheme)
        } else {
            format!("{}://{host}:{}", self.public_scheme, self.public_port)
        }
    }
}
