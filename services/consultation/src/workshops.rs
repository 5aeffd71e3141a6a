//! Workshops of co-preparation and consultative workshops: staff record the
//! date, place and title, which consultation a workshop feeds, attendance by
//! gender and age bracket (a grid) and the minutes; the public sees every
//! workshop with its attendance total and minutes. Contributions gathered on
//! paper are entered in bulk — a CSV file or a form of several rows — and
//! saved as the consultation's comments, attributed to their workshop, so
//! they count with the online ones. Plain HTML forms, no JavaScript needed;
//! errors beside their fields, nothing saved when anything is wrong.

use askama::Template;
use axum::{
    Form, Router,
    body::Body,
    extract::{Path, Query},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use infitah_platform::texts::Bilingual;
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    auth::{EditProgramme, Staff},
    i18n::{Lang, Tr},
    tenancy::Tenant,
    web::{Shell, html_page},
};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    ideas_shared::{Catalogs, Choice, Errors, Fields, choices, day_label, render},
    workshop_paper::{self as paper, PaperRow, Problem},
    workshop_repo::{self as repo, Workshop, WorkshopFields},
};

pub const KINDS: [&str; 2] = ["co_preparation", "consultative"];
pub const GENDERS: [&str; 2] = ["female", "male"];
const MINUTES_MAX: usize = 20_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/workshops", get(list))
        .route("/workshops/{id}", get(show))
        .route("/admin/workshops", get(admin_list).post(create))
        .route("/admin/workshops/{id}", get(admin_one).post(save))
        .route("/admin/workshops/{id}/attendance", post(save_attendance))
        .route("/admin/workshops/{id}/paper", post(paper_form))
        .route("/admin/workshops/{id}/paper/upload", post(paper_upload))
        .route("/admin/workshops/{id}/paper.csv", get(paper_export))
}

use crate::comments::parse_id;

mod public;
use public::*;
mod fields;
pub use fields::*;
mod staff_list;
use staff_list::*;
mod staff_one;
pub use staff_one::*;

/// A workshop as lists and pages show it.
pub struct WorkshopView {
    pub id: Uuid,
    pub title: String,
    pub title_lang: Option<&'static str>,
    pub kind: String,
    pub kind_label: String,
    pub date: String,
    pub place: String,
    pub minutes: String,
    pub attendance: String,
    /// The bare numbers, grouped the local way.
    pub attendance_n: String,
    pub paper_n: String,
    pub paper: String,
    pub paper_count: i64,
    pub consultation: Option<Uuid>,
}

fn view(tr: &Tr, lang: Lang, w: &Workshop) -> WorkshopView {
    let title = Bilingual::new(w.title_ar.clone(), w.title_fr.clone());
    let shown = title.get(lang);
    WorkshopView {
        id: w.id,
        title: shown.text.to_owned(),
        title_lang: shown.fallback.map(|l| l.code()),
        kind: w.kind.clone(),
        kind_label: tr.t(&format!("ws-kind-{}", w.kind)),
        date: day_label(lang, w.held_on),
        place: w.place.clone(),
        minutes: w.minutes.clone(),
        attendance: tr.n("ws-attendance-count", w.attendance),
        attendance_n: tr.number(w.attendance),
        paper_n: tr.number(w.paper),
        paper: tr.n("ws-paper-count", w.paper),
        paper_count: w.paper,
        consultation: w.consultation_id,
    }
}
