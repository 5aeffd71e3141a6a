//! Identity: per-collectivity accounts, staff roles, sessions and passwords.
//! Its pages and API arrive with the identity issue; the router is already
//! part of the binary so that `serve --services` can pick it.

use axum::Router;
use infitah_platform::AppState;

/// The service's routes (none public yet).
pub fn router() -> Router<AppState> {
    Router::new()
}
