//! What every service's part of the OpenAPI document shares: the error
//! answers. Each service documents its own routes next to their handlers
//! (`#[utoipa::path]`) and answer types (`ToSchema`); the binary merges the
//! parts into the one document served at `/api/v1/openapi.json`. The error
//! body is `error::ErrorBody` (schema `Error`); these sets say which
//! statuses a route answers with it besides its own.

use std::collections::BTreeMap;

use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, response::Response};

/// An answer with the `Error` body.
pub fn error(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Error")))
                .build(),
        )
        .build()
        .into()
}

fn set(list: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    list.iter()
        .map(|(status, description)| ((*status).to_owned(), error(description)))
        .collect()
}

const MALFORMED: (&str, &str) = (
    "400",
    "The path or the query string is not UTF-8 (error `malformed`)",
);
const INVALID_QUERY: (&str, &str) = (
    "422",
    "A control character or a bidi control in the query string (error `invalid`, the parameter named in `fields`)",
);
const UNAVAILABLE: (&str, &str) = (
    "503",
    "The database did not answer in time; retry later (error `unavailable`)",
);

/// What any read route may answer besides its own: bytes that are not
/// UTF-8, control or bidi characters in the query, a database that stalls.
pub struct ReadErrors;

impl utoipa::IntoResponses for ReadErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        set(&[MALFORMED, INVALID_QUERY, UNAVAILABLE])
    }
}

/// What any state-changing JSON route may answer besides its own.
pub struct WriteErrors;

impl utoipa::IntoResponses for WriteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        set(&[
            (
                "400",
                "The body is not JSON of the documented shape (error `malformed`)",
            ),
            (
                "403",
                "Missing or invalid CSRF token, or another origin (error `forbidden`)",
            ),
            ("413", "The body is over 256 KiB (error `too_large`)"),
            (
                "415",
                "The body is not `application/json` (error `unsupported_media_type`)",
            ),
            UNAVAILABLE,
        ])
    }
}
