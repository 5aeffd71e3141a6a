//! The programme's projects in the back-office, and a new project.

use super::*;

pub struct ProjectLine {
    pub id: Uuid,
    pub title: Text,
    pub published: bool,
    pub progress: i16,
}

#[derive(Template)]
#[template(path = "admin_plan.html")]
struct PlanPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    programme: Option<(Uuid, String)>,
    projects: Vec<ProjectLine>,
    errors: Errors,
}

/// The programme's list of projects, with a refused new project's errors.
async fn plan_view(page: &TenantPage, errors: Errors) -> AppResult<Response> {
    let (tr, lang) = (page.tr(), page.lang);
    let mut tx = page.tx().await?;
    let programme = repo::current_programme(&mut tx, true).await?;
    let rows = match &programme {
        Some(p) => repo::projects(&mut tx, p.id, true).await?,
        None => vec![],
    };
    tx.commit().await?;
    let view = PlanPage {
        shell: page.shell_at("/admin/plan", tr.t("admin-plan-title")),
        csrf: page.csrf.clone(),
        programme: programme.map(|p| (p.id, format!("{}–{}", p.period_start, p.period_end))),
        projects: rows
            .iter()
            .map(|r| ProjectLine {
                id: r.id,
                title: Text::of(&r.title, lang),
                published: r.published,
                progress: r.progress,
            })
            .collect(),
        errors,
    };
    page.render(view.errors.status(), &view)
}

pub async fn plan(page: TenantPage, _: Staff<EditProgramme>) -> AppResult<Response> {
    plan_view(&page, Errors::default()).await
}

pub async fn create_project(
    page: TenantPage,
    _: Staff<EditProgramme>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = page.tr();
    let f = Fields(form);
    let mut errors = Errors::default();
    let title = bilingual(&tr, &mut errors, "title", &f, "title", 300);
    if !errors.is_empty() {
        return plan_view(&page, errors).await;
    }
    let mut tx = page.tx().await?;
    let programme = repo::current_programme(&mut tx, true)
        .await?
        .ok_or(AppError::NotFound)?;
    let id = write::create_project(&mut tx, programme.id, &title)
        .await
        .map_err(into_app)?;
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    Ok(Redirect::to(&format!("/admin/plan/projects/{id}?saved=project")).into_response())
}
