//! Consultation: consultations of the draft programme or of a project,
//! comments with a profile and an age bracket, one level of replies, ideas,
//! workshops and their paper contributions, moderation, official answers and
//! participation statistics. It builds on plans (projects, programmes) and
//! adds its section to the project page through
//! [`infitah_platform::addons::ProjectAddon`].

pub mod addon;
pub mod admin;
pub mod authors;
pub mod comments;
pub mod ideas;
pub mod ideas_repo;
pub mod ideas_shared;
pub mod listing;
pub mod model;
pub mod moderation;
pub mod personal;
pub mod repo;
pub mod section;
pub mod staff_work;
pub mod stats;
pub mod stats_model;
pub mod workshop_paper;
pub mod workshop_repo;
pub mod workshops;

pub use addon::ConsultationAddon;

use axum::Router;
use infitah_platform::{AppState, i18n::Catalog};

/// The service's messages: one file per area, concatenated per language.
pub static CATALOG: Catalog = Catalog {
    ar: concat!(
        include_str!("../locales/ar.ftl"),
        "\n",
        include_str!("../locales/ideas.ar.ftl")
    ),
    fr: concat!(
        include_str!("../locales/fr.ftl"),
        "\n",
        include_str!("../locales/ideas.fr.ftl")
    ),
    en: concat!(
        include_str!("../locales/en.ftl"),
        "\n",
        include_str!("../locales/ideas.en.ftl")
    ),
};

/// The consultations' part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(comments::api_comments, ideas::data::api_list))]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(comments::router())
        .merge(authors::router())
        .merge(moderation::router())
        .merge(admin::router())
        .merge(ideas::router())
        .merge(workshops::router())
        .merge(stats::router())
        .route("/consultations", axum::routing::get(listing::list))
}
