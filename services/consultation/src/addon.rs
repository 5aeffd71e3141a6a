//! The consultation's part of the plans pages, handed to plans through
//! [`infitah_platform::addons::ProjectAddon`] (plans does not depend on this
//! crate): the consultation block of a project's card, the public comment
//! counts of the project cards, and the programme's own consultation on the
//! collectivity's home page.

use std::collections::HashMap;

use askama::Template;
use futures::future::BoxFuture;
use infitah_platform::texts::Text;
use infitah_platform::{
    AppResult,
    addons::{HomeContext, ProjectAddon, ProjectContext},
    db::TenantTx,
};
use uuid::Uuid;

use crate::{
    model::WindowState,
    repo,
    section::{self, SectionInput, SectionTemplate, window_label},
};

/// Registered by the binary when the consultation service runs.
pub struct ConsultationAddon;

#[derive(Template)]
#[template(path = "consultation_none.html")]
struct NoneTemplate<'a> {
    tr: infitah_platform::i18n::Tr<'a>,
}

pub struct HomeItem {
    pub id: Uuid,
    pub title: Text,
    pub state: &'static str,
    pub state_label: String,
    pub window: String,
    pub count: String,
    pub link: String,
}

impl HomeItem {
    /// A consultation as a card, with its count of visible comments (from
    /// `repo::counts_by_consultation`): the home page's and `/consultations`'.
    pub fn of(
        tr: &infitah_platform::i18n::Tr,
        lang: infitah_platform::i18n::Lang,
        c: &repo::Consultation,
        counts: &HashMap<Uuid, i64>,
    ) -> HomeItem {
        HomeItem {
            id: c.id,
            title: Text::of(&c.display_title(), lang),
            state: c.state.as_str(),
            state_label: tr.t(&format!("cons-state-{}", c.state.as_str())),
            window: window_label(tr, c),
            count: tr.n("cons-comments", counts.get(&c.id).copied().unwrap_or(0)),
            link: format!("/consultations/{}", c.id),
        }
    }
}

#[derive(Template)]
#[template(path = "consultation_home.html")]
struct HomeTemplate<'a> {
    tr: infitah_platform::i18n::Tr<'a>,
    items: Vec<HomeItem>,
}

/// The next moment this consultation's block changes by the clock alone.
fn note_edge(changes_at: &infitah_platform::addons::ChangesAt, c: &repo::Consultation) {
    if let Some(at) = crate::comments::next_edge(c) {
        changes_at.note(at.unix_timestamp());
    }
}

impl ProjectAddon for ConsultationAddon {
    fn project_section<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a ProjectContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        Box::pin(async move {
            let tr = cx.tr;
            let list = repo::consultations_of(
                tx,
                None,
                Some(cx.project_id),
                &cx.tenant.record.time_zone,
                cx.drafts,
            )
            .await?;
            if list.is_empty() {
                return infitah_platform::web::render_text(&NoneTemplate { tr });
            }
            let next = format!("/projects/{}", cx.project_id);
            let mut html = String::new();
            for c in &list {
                note_edge(&cx.changes_at, c);
                let s = section::build(
                    tx,
                    &tr,
                    c,
                    SectionInput {
                        tenant: cx.tenant,
                        viewer: cx.viewer,
                        lang: cx.lang,
                        csrf: cx.csrf,
                        next: &next,
                        with_title: true,
                        link_to_page: false,
                        posted: None,
                        page: crate::model::ThreadPage::FIRST,
                    },
                )
                .await?;
                html.push_str(&SectionTemplate { tr, s: &s }.html()?);
            }
            Ok(html)
        })
    }

    fn comment_counts<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        projects: &'a [Uuid],
    ) -> BoxFuture<'a, AppResult<HashMap<Uuid, i64>>> {
        Box::pin(async move { Ok(repo::counts_by_project(tx, projects).await?) })
    }

    fn home_section<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a HomeContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        Box::pin(async move {
            let Some(programme) = cx.programme_id else {
                return Ok(String::new());
            };
            let tr = cx.tr;
            let list = repo::consultations_of(
                tx,
                Some(programme),
                None,
                &cx.tenant.record.time_zone,
                cx.drafts,
            )
            .await?;
            // What is open or coming; else the latest that ended.
            let mut shown: Vec<&repo::Consultation> = list
                .iter()
                .filter(|c| c.state != WindowState::Closed)
                .collect();
            if shown.is_empty() {
                shown.extend(list.first());
            }
            if shown.is_empty() {
                return Ok(String::new());
            }
            for c in &shown {
                note_edge(&cx.changes_at, c);
            }
            let ids: Vec<Uuid> = shown.iter().map(|c| c.id).collect();
            let counts = repo::counts_by_consultation(tx, &ids).await?;
            let items = shown
                .iter()
                .map(|c| HomeItem::of(&tr, cx.lang, c, &counts))
                .collect();
            infitah_platform::web::render_text(&HomeTemplate { tr, items })
        })
    }
}
