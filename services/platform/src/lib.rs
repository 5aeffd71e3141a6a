//! What every infitah service shares: configuration, the database with its
//! tenant transaction, the collectivity registry and host resolution, caches,
//! telemetry, translations, the web shell and the migrator.

pub mod addons;
pub mod auth;
pub mod cache;
pub mod catalog;
pub mod config;
pub mod content;
pub mod csv;
pub mod db;
pub mod error;
pub mod fastpath;
pub mod form;
pub mod i18n;
pub mod import;
pub mod migrate;
pub mod multipart;
pub mod openapi;
pub mod page;
pub mod pager;
pub mod privacy;
pub mod registry;
pub mod state;
pub mod telemetry;
pub mod tenancy;
pub mod text;
pub mod texts;
pub mod throttle;
pub mod types;
pub mod web;

pub use error::{AppError, AppResult, FieldError};
pub use page::{Page, TenantPage};
pub use state::{App, AppState};

/// The platform's own messages.
pub static CATALOG: i18n::Catalog = i18n::Catalog {
    ar: include_str!("../locales/ar.ftl"),
    fr: include_str!("../locales/fr.ftl"),
    en: include_str!("../locales/en.ftl"),
};
