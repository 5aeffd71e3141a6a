//! The programme as JSON under `/api/v1`: the same data as the pages (drafts
//! for the collectivity's staff only), and a write endpoint for progress with
//! exactly the back-office's validation. Staff authenticate with their
//! session cookie and send the CSRF token in `X-CSRF-Token` (the guard checks
//! it for every state-changing request). The OpenAPI document describes it all.

use axum::{
    Json,
    extract::Path,
    http::header,
    response::{Html, IntoResponse, Response},
};
use infitah_platform::{
    AppError, AppResult, TenantPage,
    auth::{EditProgramme, Staff},
    cache::CachedPage,
    web::ApiJson,
};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::{
    admin::{Errors, check_progress, into_app},
    model, repo,
    write::{self, WriteError},
};

fn json_page(value: serde_json::Value) -> AppResult<CachedPage> {
    Ok(CachedPage {
        body: serde_json::to_vec(&value)
            .map_err(|e| AppError::Internal(e.into()))?
            .into(),
        content_type: "application/json",
        volatile: false,
    })
}

/// `GET /api/v1/programme`: the collectivity, its current programme, stages and projects.
pub async fn programme(page: TenantPage) -> AppResult<Response> {
    let tenant = &page.tenant;
    page.cached("/api/v1/programme", || async {
        let drafts = page.sees_drafts();
        let mut tx = page.tx().await?;
        let today = repo::today(&mut tx, &tenant.record.time_zone).await?;
        let Some(p) = repo::current_programme(&mut tx, drafts).await? else {
            tx.commit().await?;
            return json_page(json!({"collectivity": collectivity(tenant), "programme": null}));
        };
        let stages = repo::stages(&mut tx, p.id).await?;
        let rows = repo::projects(&mut tx, p.id, drafts).await?;
        tx.commit().await?;
        let projects: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "title": r.title, "published": r.published, "pillars": r.pillars,
                    "progress": r.progress,
                    "status": model::project_status(&r.spans, today),
                })
            })
            .collect();
        let progress = model::programme_progress(
            &rows.iter().filter(|r| r.published).map(|r| r.progress).collect::<Vec<_>>(),
        );
        json_page(json!({
            "collectivity": collectivity(tenant),
            "programme": {
                "id": p.id, "period_start": p.period_start, "period_end": p.period_end, "title": p.title,
                "published": p.published, "progress": progress,
                "current_stage": model::current_stage(&stages), "stages": stages,
            },
            "projects": projects,
        }))
    })
    .await
}

fn collectivity(t: &infitah_platform::tenancy::Tenant) -> serde_json::Value {
    json!({
        "slug": t.slug(), "kind": t.record.kind, "hcp_code": t.record.hcp_code,
        "name": {"ar": t.record.name_ar, "fr": t.record.name_fr, "en": t.record.name_en},
    })
}

/// `GET /api/v1/projects/{id}`: every field of a card, its progress, status and history.
pub async fn project(page: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let tenant = &page.tenant;
    page.cached(&format!("/api/v1/projects/{id}"), || async {
        let drafts = page.sees_drafts();
        let mut tx = page.tx().await?;
        let card = repo::card(&mut tx, id, drafts)
            .await?
            .ok_or(AppError::NotFound)?;
        let today = repo::today(&mut tx, &tenant.record.time_zone).await?;
        let evaluations = crate::evaluation::history(&mut tx, id).await?;
        tx.commit().await?;
        let spans: Vec<model::Span> = card.activities.iter().map(|a| a.span()).collect();
        let mut value = serde_json::to_value(&card).map_err(|e| AppError::Internal(e.into()))?;
        value["progress"] = json!(card.progress);
        value["status"] = json!(model::project_status(&spans, today));
        value["evaluations"] = json!(evaluations);
        value["budget"] = match &card.budget_mad {
            Some(a) => json!({"stated": true, "amount_mad": a}),
            None => json!({"stated": false}),
        };
        // Said once, as `budget`.
        if let Some(o) = value.as_object_mut() {
            o.remove("budget_mad");
        }
        for (a, v) in card
            .activities
            .iter()
            .zip(value["activities"].as_array_mut().into_iter().flatten())
        {
            v["late"] = json!(a.span().is_late(today));
        }
        json_page(value)
    })
    .await
}

#[derive(Deserialize)]
pub struct ProgressBody {
    pub completion: serde_json::Value,
    pub version: i32,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence_url: Option<String>,
}

/// `POST /api/v1/activities/{id}/progress`: sets an activity's completion, as the back-office does.
pub async fn set_progress(
    page: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ProgressBody>,
) -> AppResult<Response> {
    let tr = page.tr();
    let v = staff.viewer();
    let mut errors = Errors::default();
    let completion = match &body.completion {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => String::new(),
    };
    let (completion, note, evidence) = check_progress(
        &tr,
        &mut errors,
        &completion,
        body.note.as_deref().unwrap_or(""),
        body.evidence_url.as_deref().unwrap_or(""),
    );
    let Some(completion) = completion.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors.into_fields()));
    };
    let mut tx = page.tx().await?;
    match write::set_progress(
        &mut tx,
        id,
        body.version,
        write::Progress {
            completion,
            note: note.as_deref(),
            evidence: evidence.as_deref(),
        },
        write::Actor {
            id: v.account_id,
            name: &v.display_name,
        },
    )
    .await
    {
        Ok(()) => {
            infitah_platform::content::commit(tx, &page.state.versions).await?;
            Ok(Json(json!({"activity": id, "completion": completion.get(), "version": body.version + 1})).into_response())
        }
        Err(WriteError::Stale) => Err(AppError::invalid("version", tr.t("stale-form"))),
        Err(e) => Err(into_app(e)),
    }
}

pub const OPENAPI: &str = include_str!("../openapi.json");

pub async fn openapi() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        OPENAPI,
    )
        .into_response()
}

/// `GET /api/docs`: the OpenAPI document as a page to read (no JavaScript).
pub async fn docs() -> AppResult<Html<String>> {
    let doc: serde_json::Value =
        serde_json::from_str(OPENAPI).map_err(|e| AppError::Internal(e.into()))?;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
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
            let codes: Vec<String> = op["responses"]
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
            html.push_str(&format!("<ul>{}</ul>", codes.join("")));
        }
    }
    html.push_str("</section></main></body></html>");
    Ok(Html(html))
}
