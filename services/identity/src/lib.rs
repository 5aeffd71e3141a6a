//! Identity: accounts per collectivity (the same address may hold unrelated
//! accounts in two communes), staff and platform roles, sessions, passwords,
//! e-mail verification, password reset, invitations and the security log —
//! to OWASP ASVS level 2 (see docs/security.md).
//!
//! The flows live in [`accounts`], over the tenant transaction; the pages
//! that drive them are split by audience: [`public`] (not signed in),
//! [`account`] (one's own account), [`staff`] (the administrator's),
//! [`staff_home`] (what waits for the staff).

pub mod account;
pub mod accounts;
pub mod forms;
pub mod legal;
pub mod password;
pub mod public;
pub mod repo;
pub mod session;
pub mod staff;
pub mod staff_home;
pub mod token;

use std::sync::Arc;

use axum::{Router, extract::FromRef};
use infitah_platform::{AppState, i18n::Catalog};

pub use session::{csrf_guard, load_viewer};

pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/ar.ftl"),
    fr: include_str!("../locales/fr.ftl"),
    en: include_str!("../locales/en.ftl"),
};

/// The identity routes' state: the app's, and the password hasher whose
/// concurrency bound is the whole process's (build it once, in the binary).
#[derive(Clone)]
pub struct IdentityState {
    pub app: AppState,
    pub passwords: Arc<password::Passwords>,
}

impl IdentityState {
    pub fn new(app: &AppState) -> Self {
        IdentityState {
            app: app.clone(),
            passwords: Arc::new(password::Passwords::new(
                app.settings.password_hash_concurrency,
            )),
        }
    }
}

impl FromRef<IdentityState> for AppState {
    fn from_ref(s: &IdentityState) -> AppState {
        s.app.clone()
    }
}

impl FromRef<IdentityState> for Arc<password::Passwords> {
    fn from_ref(s: &IdentityState) -> Self {
        s.passwords.clone()
    }
}

/// Every identity route, on the state of the rest of the app.
/// Identity's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(account::api_csrf))]
pub struct ApiDoc;

pub fn router(state: &IdentityState) -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(account::router())
        .merge(legal::router())
        .merge(staff::router())
        .merge(staff_home::router())
        .with_state(state.clone())
}
