//! Notifications: the transactional outbox, subscriptions and e-mail delivery.
//! Its routes arrive with the identity and consultation issues; the router is
//! already part of the binary so that `serve --services` can pick it.

use axum::Router;
use infitah_platform::AppState;

/// The service's routes (none public yet).
pub fn router() -> Router<AppState> {
    Router::new()
}
