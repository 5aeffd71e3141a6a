//! The API document: each service documents its own routes beside their
//! handlers (`#[utoipa::path]`) and its answers by their types (`ToSchema`);
//! this module merges the parts into the one
//! OpenAPI 3.1 document served at `/api/v1/openapi.json`, and shows it as a
//! page to read at `/api/docs`. Nothing is written by hand, so the document
//! cannot drift from what the handlers answer; the end-to-end tests check
//! every JSON answer against it.

use axum::{
    Router,
    extract::State,
    http::header,
    response::{Html, IntoResponse, Response},
    routing::get,
};
use infitah_platform::{AppState, error::ErrorBody, error::FieldError};
use utoipa::OpenApi;

const DESCRIPTION: &str = "A collectivity's openness action programme, on the collectivity's own host (https://<slug>.<base domain>/api/v1/…). Published data is public (a project, once published inside a published programme); drafts are answered only to the collectivity's staff. Texts are given in Arabic and/or French ({\"ar\": …, \"fr\": …}). Write endpoints need a staff session (the session cookie) and the CSRF token in X-CSRF-Token; errors are {\"error\": code, \"fields\": [{\"field\", \"message\"}]} with messages in the language of Accept-Language or the language cookie.";

/// What every part shares: the title, the error body, this document's own route.
#[derive(OpenApi)]
#[openapi(
    info(title = "infitah API", version = "1"),
    paths(openapi_json),
    components(schemas(ErrorBody, FieldError))
)]
struct Base;

/// The whole API of a collectivity's host. Every service's part, whichever
/// services this process runs: when the services are split over several
/// deployments (the Helm chart's `services.*.paths`), the host still offers
/// all of them, and whichever process answers this path describes them all.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Base::openapi();
    doc.info.description = Some(DESCRIPTION.to_owned());
    doc.info.license = None;
    doc.info.contact = None;
    doc.merge(infitah_identity::ApiDoc::openapi());
    doc.merge(infitah_plans::api::ApiDoc::openapi());
    doc.merge(infitah_consultation::ApiDoc::openapi());
    doc
}

/// The document as served: built once, when the router is.
#[derive(Clone)]
struct Doc {
    json: std::sync::Arc<str>,
    html: std::sync::Arc<str>,
}

/// `/api/v1/openapi.json` and `/api/docs` on every collectivity's host.
pub fn router() -> Router<AppState> {
    let doc = document();
    let served = Doc {
        json: serde_json::to_string(&doc)
            .expect("the API document is JSON")
            .into(),
        html: page(&serde_json::to_value(&doc).expect("the API document is JSON")).into(),
    };
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/docs", get(docs))
        .with_state(served)
}

/// `GET /api/v1/openapi.json`: this document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    summary = "This document",
    responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json"))
)]
async fn openapi_json(State(doc): State<Doc>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        doc.json.to_string(),
    )
        .into_response()
}

/// `GET /api/docs`: the document as a page to read (no JavaScript).
async fn docs(State(doc): State<Doc>) -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Html(doc.html.to_string()),
    )
        .into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Each operation with its description and the answers it may give.
fn page(doc: &serde_json::Value) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>infitah API</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main class=\"wrap\"><section class=\"panel\">",
    );
    html.push_str(&format!(
        "<h1>{}</h1><p>{}</p><p><a href=\"/api/v1/openapi.json\">openapi.json</a></p>",
        esc(doc["info"]["title"].as_str().unwrap_or("")),
        esc(doc["info"]["description"].as_str().unwrap_or(""))
    ));
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in ops.as_object().into_iter().flatten() {
            html.push_str(&format!(
                "<h2><code>{} {}</code></h2><p>{}</p>",
                method.to_uppercase(),
                esc(path),
                esc(op["description"]
                    .as_str()
                    .or(op["summary"].as_str())
                    .unwrap_or(""))
            ));
            let codes: String = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(c, r)| {
                    format!(
                        "<li><code>{c}</code> {}</li>",
                        esc(r["description"].as_str().unwrap_or(""))
                    )
                })
                .collect();
            html.push_str(&format!("<ul>{codes}</ul>"));
        }
    }
    html.push_str("</section></main></body></html>");
    html
}
