//! "Submit your idea" (اطرح فكرتك / Proposez votre idée), step 2 of
//! co-preparation: a verified citizen submits an idea tied to an axis (an
//! entry of the national pillar catalogue) with a profile and an age bracket;
//! everyone reads the ideas, by axis; staff accept an idea or merge it into a
//! project, and the project page then says which citizen ideas it came from
//! ([`IdeasAddon`]). Hidden ideas (moderation) never show their text: lists,
//! JSON and CSV leave them out, their own page shows the moderation notice.
//!
//! Public pages show an idea's profile but not its age bracket: the bracket
//! serves the statistics, where small counts are suppressed.

//!
//! The pages by audience: [`public`] (the list, one idea, the form),
//! [`data`] (the JSON and CSV), [`admin`] (staff), [`addon`] (the sections of
//! the plans pages).

mod addon;
mod admin;
pub(crate) mod data;
mod public;

pub use addon::IdeasAddon;
use public::{ListQuery, answers_of};

use std::net::SocketAddr;

use askama::Template;
use axum::{
    Form, Json, Router,
    extract::{ConnectInfo, Path, Query, RawQuery},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use futures::future::BoxFuture;
use infitah_plans::repo::ProjectSummary;
use infitah_platform::texts::{Bilingual, excerpt};
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    addons::{HomeContext, ProjectAddon, ProjectContext},
    auth::{EditProgramme, Staff, Verified, Viewer},
    db::TenantTx,
    i18n::{Lang, Tr},
    tenancy::Tenant,
    throttle::Limit,
    web::{Shell, client_ip, html_page},
};
use serde::Deserialize;
use uuid::Uuid;

use infitah_platform::form::required_text;

use crate::{
    ideas_repo::{self as repo, Idea, NewIdea},
    ideas_shared::{Catalogs, Choice, Errors, Fields, choices, day_label, label, render, resolve},
    model::ItemKind,
    section::AnswerView,
};

/// Ideas per account: enough for a workshop evening, not for a flood.
pub const IDEAS_PER_ACCOUNT: Limit = Limit::new("idea_account", 10, 3600);
/// Ideas per network address (a commune's public Wi-Fi is shared by many).
pub const IDEAS_PER_IP: Limit = Limit::new("idea_ip", 30, 3600);

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 4000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ideas", get(public::list).post(public::submit))
        .route("/ideas/new", get(public::new_form))
        .route("/ideas.csv", get(data::public_csv))
        .route("/ideas/{id}", get(public::show))
        .route("/api/v1/ideas", get(data::api_list))
        .route("/admin/ideas", get(admin::admin_list))
        .route("/admin/ideas.csv", get(data::staff_csv))
        .route("/admin/ideas/{id}", get(admin::admin_idea))
        .route("/admin/ideas/{id}/accept", post(admin::accept))
        .route("/admin/ideas/{id}/merge", post(admin::merge))
}

use crate::comments::parse_id;

/// A project's title in the page's language.
fn project_title(p: &ProjectSummary, lang: Lang) -> String {
    Bilingual::new(p.title_ar.clone(), p.title_fr.clone())
        .get(lang)
        .text
        .to_owned()
}

fn status_label(tr: &Tr, status: &str) -> String {
    tr.t(&format!("idea-status-{status}"))
}

/// An idea in a list or on its page.
pub struct IdeaView {
    pub id: Uuid,
    pub title: String,
    pub body: String,
    pub excerpt: String,
    pub axis: String,
    pub profile: String,
    pub age: String,
    pub date: String,
    pub status: String,
    pub status_label: String,
    /// The project it was accepted for or merged into, when the viewer may see it.
    pub project: Option<(Uuid, String)>,
    /// What the public sees instead of a hidden idea (the moderation's own wording).
    pub hidden: Option<String>,
    /// The hidden reason's category, for the staff's tag.
    pub hidden_reason: Option<String>,
    /// Taken back by its author.
    pub withdrawn: bool,
    /// Changed by its author after sending it.
    pub edited: bool,
}

fn view(
    tr: &Tr,
    lang: Lang,
    cats: &Catalogs,
    projects: &[ProjectSummary],
    drafts: bool,
    i: &Idea,
) -> IdeaView {
    IdeaView {
        id: i.id,
        title: i.title.clone(),
        body: i.body.clone(),
        excerpt: excerpt(&i.body, 280),
        axis: label(&cats.pillars, &i.axis, lang),
        profile: label(&cats.profiles, &i.profile, lang),
        age: label(&cats.ages, &i.age_bracket, lang),
        date: day_label(lang, i.created_on),
        status: i.status.clone(),
        status_label: status_label(tr, &i.status),
        project: i.project_id.and_then(|pid| {
            projects
                .iter()
                .find(|p| p.id == pid && (p.public || drafts))
                .map(|p| (p.id, project_title(p, lang)))
        }),
        hidden: i
            .hidden_reason
            .as_ref()
            .map(|r| crate::section::hidden_notice(tr, r)),
        hidden_reason: i
            .hidden_reason
            .as_ref()
            .map(|r| crate::section::reason_label(tr, r)),
        withdrawn: i.withdrawn,
        edited: i.edited,
    }
}

fn staff_viewer(v: Option<&Viewer>) -> bool {
    infitah_platform::auth::sees_drafts(v)
}
