//! What the ideas add to the plans pages: on a project, the citizen ideas
//! it came from and its participation; on the home, the ideas and workshops.

use super::*;

// ---------------------------------------------------------------------------
// What the ideas add to the plans pages.

/// "The citizen ideas this project came from", on the project page, and the
/// invitation to take part on the collectivity's home page.
pub struct IdeasAddon;

#[derive(Template)]
#[template(path = "ideas_project_section.html")]
struct ProjectSection<'a> {
    tr: Tr<'a>,
    project_id: Uuid,
    ideas: Vec<(Uuid, String, String, String)>,
    stats: bool,
}

#[derive(Template)]
#[template(path = "ideas_home_section.html")]
struct HomeSection<'a> {
    tr: Tr<'a>,
    ideas: i64,
    workshops: i64,
}

impl ProjectAddon for IdeasAddon {
    fn project_section<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a ProjectContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        Box::pin(async move {
            let tr = cx.tr;
            let ideas = repo::of_project(tx, &cx.tenant.record.time_zone, cx.project_id).await?;
            let stats = crate::stats::project_has_contributions(tx, cx.project_id).await?;
            if ideas.is_empty() && !stats {
                return Ok(String::new());
            }
            let pillars = infitah_platform::catalog::catalog(tx, "pillar").await?;
            let section = ProjectSection {
                tr,
                project_id: cx.project_id,
                ideas: ideas
                    .iter()
                    .map(|i| {
                        (
                            i.id,
                            i.title.clone(),
                            label(&pillars, &i.axis, cx.lang),
                            tr.t(&format!("idea-status-{}", i.status)),
                        )
                    })
                    .collect(),
                stats,
            };
            infitah_platform::web::render_text(&section)
        })
    }

    fn home_section<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a HomeContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        Box::pin(async move {
            if cx.programme_id.is_none() {
                return Ok(String::new());
            }
            let ideas =
                sqlx::query_scalar!(r#"select count(*) as "n!" from idea_visibility where public"#)
                    .fetch_one(tx.conn())
                    .await?;
            let workshops = sqlx::query_scalar!(r#"select count(*) as "n!" from workshops"#)
                .fetch_one(tx.conn())
                .await?;
            infitah_platform::web::render_text(&HomeSection {
                tr: cx.tr,
                ideas,
                workshops,
            })
        })
    }
}
