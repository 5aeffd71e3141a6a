//! Layered configuration: `config/default.toml`, then `config/<env>.toml`, then
//! `INFITAH_*` environment variables. Connection strings are secrets: they are
//! held in `SecretString` so that no `Debug` or log line can print them.

use std::{net::SocketAddr, path::PathBuf};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The default file, compiled in so the binary runs from any directory.
const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// The application role, and the one setting the others derive from.
    pub database_url: SecretString,
    /// Empty in the files: derived from `database_url` by [`Settings::load_from`].
    pub database_admin_url: SecretString,
    pub database_national_url: SecretString,
    pub database_worker_url: SecretString,
    #[serde(default)]
    database_admin_password: SecretString,
    #[serde(default)]
    database_national_password: SecretString,
    #[serde(default)]
    database_worker_password: SecretString,
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
        let s = &settings;
        let admin = or_derived(
            &s.database_admin_url,
            s,
            "postgres",
            &s.database_admin_password,
            "database_admin_url",
        )?;
        let national = or_derived(
            &s.database_national_url,
            s,
            crate::migrate::NATIONAL,
            &s.database_national_password,
            "database_national_url",
        )?;
        let worker = or_derived(
            &s.database_worker_url,
            s,
            crate::migrate::WORKER,
            &s.database_worker_password,
            "database_worker_url",
        )?;
        (
            settings.database_admin_url,
            settings.database_national_url,
            settings.database_worker_url,
        ) = (admin, national, worker);
        if settings.base_domain.is_empty() {
            anyhow::bail!("configuration: base_domain must not be empty");
        }
        if settings.secret_key.expose_secret().len() < 32 {
            anyhow::bail!("configuration: secret_key must be at least 32 characters");
        }
        if !matches!(settings.public_scheme.as_str(), "http" | "https") {
            anyhow::bail!("configuration: public_scheme must be http or https");
        }
        Ok(settings)
    }

    /// Whether the CSRF key is still the development value of default.toml.
    pub fn uses_development_secret(&self) -> bool {
        self.secret_key
            .expose_secret()
            .starts_with("development-only-")
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

/// `url` as given, or, when empty, `database_url` as `user` (`key` names the setting in errors).
fn or_derived(
    url: &SecretString,
    settings: &Settings,
    user: &str,
    password: &SecretString,
    key: &str,
) -> anyhow::Result<SecretString> {
    if !url.expose_secret().trim().is_empty() {
        return Ok(url.clone());
    }
    role_url(&settings.database_url, user, password).map_err(|e| {
        anyhow::anyhow!(
            "configuration: {key} is empty and cannot be derived from database_url ({e}): set {key}"
        )
    })
}

/// `base` (a PostgreSQL URL) with another user and password: the same host,
/// port, database and parameters. An empty `password` means none. Errors never
/// repeat the URL, which may hold a secret.
fn role_url(
    base: &SecretString,
    user: &str,
    password: &SecretString,
) -> Result<SecretString, &'static str> {
    let mut url = url::Url::parse(base.expose_secret()).map_err(|_| "not a valid URL")?;
    if !matches!(url.scheme(), "postgres" | "postgresql") {
        return Err("not a postgres:// URL");
    }
    url.set_username(user).map_err(|_| "it names no host")?;
    let password = password.expose_secret();
    url.set_password((!password.is_empty()).then_some(password))
        .map_err(|_| "it names no host")?;
    Ok(SecretString::from(url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(vars: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let dir = std::env::temp_dir().join("infitah-config-test-none");
        Settings::load_from(
            &dir,
            "test",
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
    }

    #[test]
    fn role_urls_follow_the_one_database_setting() {
        let s = load(&[(
            "INFITAH_DATABASE_URL",
            "postgres://infitah_app:app-secret@db.internal:6543/infitah_staging?sslmode=require",
        ), ("INFITAH_DATABASE_WORKER_PASSWORD", "w p@ss")])
        .unwrap();
        assert_eq!(
            s.database_national_url.expose_secret(),
            "postgres://infitah_national@db.internal:6543/infitah_staging?sslmode=require"
        );
        assert_eq!(
            s.database_worker_url.expose_secret(),
            "postgres://infitah_worker:w%20p%40ss@db.internal:6543/infitah_staging?sslmode=require"
        );
        assert_eq!(
            s.database_admin_url.expose_secret(),
            "postgres://postgres@db.internal:6543/infitah_staging?sslmode=require"
        );
        // The derived URL parses to what was meant.
        let o: sqlx::postgres::PgConnectOptions =
            s.database_worker_url.expose_secret().parse().unwrap();
        assert_eq!(o.get_username(), "infitah_worker");
        assert_eq!(o.get_database(), Some("infitah_staging"));
        assert_eq!(o.get_port(), 6543);
    }

    #[test]
    fn a_role_url_given_is_kept() {
        let s = load(&[
            (
                "INFITAH_DATABASE_URL",
                "postgres://infitah_app@127.0.0.1:5432/other",
            ),
            (
                "INFITAH_DATABASE_NATIONAL_URL",
                "postgres://infitah_national@replica:5432/other",
            ),
        ])
        .unwrap();
        assert_eq!(
            s.database_national_url.expose_secret(),
            "postgres://infitah_national@replica:5432/other"
        );
        assert_eq!(
            s.database_worker_url.expose_secret(),
            "postgres://infitah_worker@127.0.0.1:5432/other"
        );
    }

    #[test]
    fn an_underivable_database_url_names_the_setting_without_its_secret() {
        let e = load(&[("INFITAH_DATABASE_URL", "mysql://u:hunter2@h/db")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("database_admin_url"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
    }
}
