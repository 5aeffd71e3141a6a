//! Notifications: the transactional outbox every service writes to, the
//! worker that renders each message in its recipient's language and delivers
//! it over SMTP, and what citizens follow — follows of a project or of the
//! programme, preferences (immediate, daily or weekly digest, off), the
//! in-app list, consultation events found by the worker, digests and
//! one-click unsubscribe.

pub mod addon;
pub mod digest;
pub mod follow;
pub mod outbox;
pub mod pages;
pub mod personal;
pub mod prefs;
pub mod render;
pub mod unsubscribe;
pub mod worker;

use axum::Router;
use infitah_platform::{AppState, i18n::Catalog};

pub use addon::FollowAddon;

/// The e-mails' messages (ids start with `mail-`) and the pages' (`notif-`).
/// The I18n given to the worker must include them.
pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/ar.ftl"),
    fr: include_str!("../locales/fr.ftl"),
    en: include_str!("../locales/en.ftl"),
};

/// The service's routes: the in-app list and preferences, follow/unfollow,
/// and the one-click unsubscribe links of its e-mails.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(pages::router())
        .merge(unsubscribe::router())
}
