//! Identity: accounts per collectivity (the same address may hold unrelated
//! accounts in two communes), staff and platform roles, sessions, passwords,
//! e-mail verification, password reset, invitations and the security log —
//! to OWASP ASVS level 2 (see docs/security.md).

// Axum handlers take one argument per extractor; counting them says nothing.
#![allow(clippy::too_many_arguments)]

pub mod forms;
pub mod password;
pub mod repo;
pub mod routes;
pub mod session;
pub mod token;

use std::sync::OnceLock;

use infitah_platform::{AppState, i18n::Catalog};

pub use routes::router;
pub use session::{csrf_guard, load_viewer};

pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/ar.ftl"),
    fr: include_str!("../locales/fr.ftl"),
    en: include_str!("../locales/en.ftl"),
};

static PASSWORDS: OnceLock<password::Passwords> = OnceLock::new();

/// The process's password hasher, its concurrency bounded by `password_hash_concurrency`.
pub fn passwords(state: &AppState) -> &'static password::Passwords {
    PASSWORDS.get_or_init(|| password::Passwords::new(state.settings.password_hash_concurrency))
}
