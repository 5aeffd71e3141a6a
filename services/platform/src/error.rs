//! The one error type of every handler, and the one place where errors become
//! HTTP answers. Details of unexpected errors are logged here, once, and never
//! sent to the client.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

/// A field that failed validation, with a translated message.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Unknown, or belonging to another collectivity: the answer is the same.
    #[error("not found")]
    NotFound,
    /// The request is understood but its fields are wrong.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("too many requests")]
    TooManyRequests,
    /// The body is over the route's limit (413).
    #[error("body too large")]
    TooLarge,
    /// The body is not of the media type the route takes (415).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The body cannot be parsed at all (400).
    #[error("malformed body")]
    Malformed,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// Whether PostgreSQL did not answer in time, which is worth a retry (503),
/// unlike a bug (500).
fn is_stall(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(d) => matches!(d.code().as_deref(), Some("57014" | "55P03")),
        _ => false,
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }
}

/// Every error of the API: a code (`not_found`, `invalid`, `malformed`,
/// `forbidden`, `too_large`, `too_many_requests`, `unavailable`, …) and, for
/// `invalid`, the fields at fault with a message in the visitor's language.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fields: &'a [FieldError],
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, fields) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found", &[][..]),
            AppError::Invalid(f) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid", &f[..]),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", &[][..]),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict", &[][..]),
            AppError::TooManyRequests => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_requests", &[][..])
            }
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", &[][..]),
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                &[][..],
            ),
            AppError::Malformed => (StatusCode::BAD_REQUEST, "malformed", &[][..]),
            AppError::Database(sqlx::Error::RowNotFound) => {
                (StatusCode::NOT_FOUND, "not_found", &[][..])
            }
            // No answer in time: the pool, a frozen server, or the role's
            // statement_timeout (57014) or a lock time-out (55P03).
            AppError::Database(e) if is_stall(e) => {
                tracing::warn!("database unavailable: no answer in time");
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable", &[][..])
            }
            AppError::Database(e) => {
                tracing::error!(error = %e, "database error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", &[][..])
            }
            AppError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", &[][..])
            }
        };
        (
            status,
            Json(ErrorBody {
                error: code,
                fields,
            }),
        )
            .into_response()
    }
}
