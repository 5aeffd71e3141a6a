//! Participation statistics of a consultation and of a project (all its
//! consultations): contributions by profile, by age bracket and over time,
//! online and on paper together, hidden ones left out — as SVG charts drawn
//! on the server, each followed by its figures as a table. The public sees
//! them under the suppression rule of [`crate::stats_model`]; staff see exact
//! numbers and download them as CSV.

use askama::Template;
use axum::{Router, extract::Path, response::Response, routing::get};
use infitah_platform::catalog::CatalogEntry;
use infitah_platform::texts::Bilingual;
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    auth::{AnyStaff, Permission, Staff, Viewer},
    db::TenantTx,
    i18n::{Lang, Tr},
    tenancy::Tenant,
    web::{Shell, html_page},
};
use time::Date;
use uuid::Uuid;

use crate::{
    ideas_shared::{Catalogs, day_label, label},
    stats_model::{self, Breakdown, Group, Period, Shown, Tally},
};

mod reading;
pub use reading::*;
mod charts;
pub use charts::*;
mod pages;
use pages::*;
mod csv;
use csv::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/consultations/{id}/stats", get(consultation_page))
        .route("/consultations/{id}/stats.csv", get(consultation_csv))
        .route("/projects/{id}/participation", get(project_page))
        .route("/projects/{id}/participation.csv", get(project_csv))
}

/// Whether a viewer sees exact figures: a verified holder of a staff role here.
pub fn sees_exact(viewer: Option<&Viewer>) -> bool {
    viewer.is_some_and(|v| v.verified && AnyStaff::allows(&v.roles))
}
