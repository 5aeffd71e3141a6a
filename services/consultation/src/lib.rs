//! Consultation: consultations, comments with profile and age bracket, ideas,
//! workshops and moderation. Its pages arrive with the consultation issue; the
//! router is already part of the binary so that `serve --services` can pick it.

use axum::Router;
use infitah_platform::AppState;

/// The service's routes (none public yet).
pub fn router() -> Router<AppState> {
    Router::new()
}
