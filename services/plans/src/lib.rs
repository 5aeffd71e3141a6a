//! Plans: a collectivity's openness action programme — its process stages,
//! projects with every field of the project card, activities and their
//! public progress history, indicators, the council's approval — and the
//! pages, back-office and API that show and edit it.

pub mod admin;
pub mod api;
pub mod council;
pub mod evaluation;
pub mod model;
pub mod pages;
pub mod repo;
pub mod staff_work;
pub mod write;

use axum::{
    Router,
    routing::{get, post},
};
use infitah_platform::{AppState, i18n::Catalog};

pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/ar.ftl"),
    fr: include_str!("../locales/fr.ftl"),
    en: include_str!("../locales/en.ftl"),
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::home))
        .route("/projects/{id}", get(pages::project))
        .route("/print", get(pages::print))
        .route("/api/v1/programme", get(api::programme))
        .route("/api/v1/projects/{id}", get(api::project))
        .route("/api/v1/activities/{id}/progress", post(api::set_progress))
        .route("/admin/plan", get(admin::plan))
        .route(
            "/admin/plan/council",
            get(council::page).post(council::record_decision),
        )
        .route("/admin/plan/stages", post(council::save_stages))
        .route(
            "/admin/plan/indicators/{id}/measurements",
            post(admin::add_measurement),
        )
        .route("/admin/plan/projects", post(admin::create_project))
        .route(
            "/admin/plan/projects/{id}",
            get(admin::project).post(admin::save_project),
        )
        .route("/admin/plan/projects/{id}/publish", post(admin::publish))
        .route(
            "/admin/plan/projects/{id}/activities",
            post(admin::add_activity),
        )
        .route(
            "/admin/plan/projects/{id}/indicators",
            post(admin::add_indicator),
        )
        .route(
            "/admin/plan/activities/{id}/progress",
            post(admin::set_progress),
        )
        .route("/admin/evaluations", get(evaluation::index))
        .route(
            "/admin/evaluations/projects/{id}",
            get(evaluation::form).post(evaluation::save),
        )
}
