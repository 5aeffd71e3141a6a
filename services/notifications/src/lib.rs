//! Notifications: the transactional outbox every service writes to, and the
//! worker that renders each message in its recipient's language and delivers
//! it over SMTP. (Subscriptions and digests arrive with the consultation issue.)

pub mod outbox;
pub mod render;
pub mod worker;

use axum::Router;
use infitah_platform::{AppState, i18n::Catalog};

/// The e-mails' messages (ids start with `mail-`). The I18n given to the
/// worker must include them.
pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/ar.ftl"),
    fr: include_str!("../locales/fr.ftl"),
    en: include_str!("../locales/en.ftl"),
};

/// The service's routes (none public yet: unsubscribe links arrive with subscriptions).
pub fn router() -> Router<AppState> {
    Router::new()
}
