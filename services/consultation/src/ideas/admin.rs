//! Staff's side of the ideas: the list, one idea with its moderation,
//! accepting an idea (into a project, or as it stands) and merging it into one.

use super::*;

// ---------------------------------------------------------------------------
// Staff: the list, one idea, accept and merge.

#[derive(Template)]
#[template(path = "ideas_admin.html")]
struct AdminList<'a> {
    shell: Shell<'a>,
    ideas: Vec<IdeaView>,
}

pub(super) async fn admin_list(cx: TenantPage, _: Staff<EditProgramme>) -> AppResult<Response> {
    let (tenant, lang) = (&cx.tenant, cx.lang);
    let tr = cx.tr();
    let mut tx = cx.tx().await?;
    let cats = Catalogs::load(&mut tx).await?;
    let ideas = repo::list_all(&mut tx, &tenant.record.time_zone).await?;
    let projects = infitah_plans::repo::list_projects(&mut tx).await?;
    tx.commit().await?;
    let page = AdminList {
        shell: cx.shell_at("/admin/ideas", tr.t("idea-admin-title")),
        ideas: ideas
            .iter()
            .map(|i| view(&tr, lang, &cats, &projects, true, i))
            .collect(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "ideas_admin_one.html")]
struct AdminIdea<'a> {
    shell: Shell<'a>,
    csrf: String,
    idea: IdeaView,
    projects: Vec<Choice>,
    errors: Errors,
    /// Which form the errors belong to ("accept" or "merge").
    errors_of: &'static str,
    answers: Vec<AnswerView>,
    /// This page, where the staff's forms come back to.
    here: String,
    reasons: Vec<crate::section::Choice>,
    moderates: bool,
    hidden: bool,
    /// The texts its author's edits replaced, oldest first.
    versions: Vec<crate::section::VersionView>,
}

async fn admin_idea_page(
    cx: &TenantPage,
    viewer: &Viewer,
    id: Uuid,
    status: StatusCode,
    errors: Errors,
    errors_of: &'static str,
) -> AppResult<Response> {
    let (tenant, lang) = (&cx.tenant, cx.lang);
    let tr = cx.tr();
    let mut tx = cx.tx().await?;
    let idea = repo::get(&mut tx, &tenant.record.time_zone, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cats = Catalogs::load(&mut tx).await?;
    let projects = infitah_plans::repo::list_projects(&mut tx).await?;
    let answers = answers_of(&mut tx, &tr, &tenant.record.time_zone, id).await?;
    let versions = crate::repo::versions(&mut tx, ItemKind::Idea, &[id], &tenant.record.time_zone)
        .await?
        .remove(&id)
        .unwrap_or_default();
    tx.commit().await?;
    let v = view(&tr, lang, &cats, &projects, true, &idea);
    let page = AdminIdea {
        shell: cx.shell_at(&format!("/admin/ideas/{id}"), tr.t("idea-admin-title")),
        csrf: cx.csrf.clone(),
        projects: projects
            .iter()
            .map(|p| Choice {
                code: p.id.to_string(),
                label: project_title(p, lang),
                selected: idea.project_id == Some(p.id),
            })
            .collect(),
        idea: v,
        errors,
        errors_of,
        answers,
        here: format!("/admin/ideas/{id}"),
        reasons: crate::section::reason_choices(&tr),
        moderates: crate::section::moderates(Some(viewer)),
        hidden: idea.hidden_reason.is_some(),
        versions: versions
            .iter()
            .map(|x| crate::section::VersionView::of(&tr, x))
            .collect(),
    };
    render(status, &page)
}

pub(super) async fn admin_idea(
    cx: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    admin_idea_page(
        &cx,
        staff.viewer(),
        id,
        StatusCode::OK,
        Errors::default(),
        "",
    )
    .await
}

/// The project chosen in a form, if it is one of this collectivity's.
async fn chosen_project(tx: &mut TenantTx, value: &str) -> Result<Option<Uuid>, sqlx::Error> {
    let Ok(id) = value.trim().parse::<Uuid>() else {
        return Ok(None);
    };
    let projects = infitah_plans::repo::list_projects(tx).await?;
    Ok(projects.iter().find(|p| p.id == id).map(|p| p.id))
}

/// Staff accept an idea (into a project, or as it stands) or merge it into a project.
async fn decide(
    cx: &TenantPage,
    viewer: &Viewer,
    id: String,
    fields: Vec<(String, String)>,
    merging: bool,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let (tr, tenant) = (cx.tr(), &cx.tenant);
    let f = Fields(fields);
    let mut tx = cx.tx().await?;
    if repo::get(&mut tx, &tenant.record.time_zone, id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let raw = f.one("project");
    let project = chosen_project(&mut tx, raw).await?;
    let mut errors = Errors::default();
    if project.is_none() && (merging || !raw.is_empty()) {
        errors.add("project", tr.t("idea-project-required"));
    }
    if !errors.is_empty() {
        tx.rollback().await?;
        let form = if merging { "merge" } else { "accept" };
        return admin_idea_page(
            cx,
            viewer,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            form,
        )
        .await;
    }
    let done = match (merging, project) {
        (true, Some(p)) => repo::merge(&mut tx, id, p).await?,
        (_, p) => repo::accept(&mut tx, id, p).await?,
    };
    if !done {
        return Err(AppError::NotFound);
    }
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &cx.state.versions).await?;
    let saved = if merging {
        "idea-merged"
    } else {
        "idea-accepted"
    };
    Ok(Redirect::to(&format!("/admin/ideas/{id}?saved={saved}")).into_response())
}

pub(super) async fn accept(
    cx: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    decide(&cx, staff.viewer(), id, fields, false).await
}

pub(super) async fn merge(
    cx: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    decide(&cx, staff.viewer(), id, fields, true).await
}
