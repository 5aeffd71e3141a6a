//! The visible ideas as open data: JSON for everyone, CSV for everyone
//! (without age brackets) and for staff (exact).

use super::*;

// ---------------------------------------------------------------------------
// Open data: JSON and CSV of the visible ideas.

/// A published idea.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Idea)]
struct ApiIdea {
    id: Uuid,
    #[schema(format = Date)]
    created_on: String,
    /// A pillar's code.
    axis: String,
    /// A profile's code.
    profile: String,
    title: String,
    body: String,
    #[schema(value_type = IdeaStatus)]
    status: String,
    /// Its author changed it after sending it.
    edited: bool,
    /// The published project it was accepted or merged into.
    #[schema(required = true)]
    project_id: Option<Uuid>,
}

/// Where an idea stands.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // only its schema is used: the status is the stored code
enum IdeaStatus {
    Submitted,
    Accepted,
    Merged,
}

/// The published ideas, newest first.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Ideas)]
struct ApiIdeas {
    ideas: Vec<ApiIdea>,
}

async fn public_rows(
    state: &AppState,
    tenant: &Tenant,
    axis: &str,
) -> AppResult<(Vec<Idea>, Catalogs, Vec<ProjectSummary>)> {
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    let cats = Catalogs::load(&mut tx).await?;
    let axis = resolve(&cats.pillars, axis);
    let ideas = repo::list_public(&mut tx, &tenant.record.time_zone, axis.as_deref()).await?;
    let projects = infitah_plans::repo::list_projects(&mut tx).await?;
    tx.commit().await?;
    Ok((ideas, cats, projects))
}

/// A project id is public only when the project is.
fn public_project(projects: &[ProjectSummary], id: Option<Uuid>) -> Option<Uuid> {
    id.filter(|id| projects.iter().any(|p| p.id == *id && p.public))
}

#[utoipa::path(
    get,
    path = "/api/v1/ideas",
    summary = "The citizens' published ideas",
    description = "Ideas submitted for the programme (co-preparation), newest first: their axis (a code of the national pillar catalogue), the author's profile, their status (submitted, accepted, merged) and, once accepted or merged into a published project, that project's id. Hidden and withdrawn ideas are absent; an idea its author changed says `edited`.",
    params(
        ("axis" = Option<String>, Query, description = "Only this axis's ideas: a pillar's code, or its label in any language."),
    ),
    responses(
        (status = 200, description = "The ideas", body = ApiIdeas),
        infitah_platform::openapi::ReadErrors,
    )
)]
pub(crate) async fn api_list(cx: TenantPage, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let (ideas, _, projects) = public_rows(state, tenant, &q.axis).await?;
    let out: Vec<ApiIdea> = ideas
        .into_iter()
        .map(|i| ApiIdea {
            id: i.id,
            created_on: i.created_on.to_string(),
            axis: i.axis,
            profile: i.profile,
            title: i.title,
            body: i.body,
            status: i.status,
            edited: i.edited,
            project_id: public_project(&projects, i.project_id),
        })
        .collect();
    Ok(Json(ApiIdeas { ideas: out }).into_response())
}

const CSV_HEADER: [&str; 10] = [
    "id",
    "created_on",
    "axis",
    "axis_ar",
    "axis_fr",
    "profile",
    "title",
    "body",
    "status",
    "project_id",
];

fn csv_row(i: &Idea, cats: &Catalogs, project: Option<Uuid>) -> Vec<String> {
    vec![
        i.id.to_string(),
        i.created_on.to_string(),
        i.axis.clone(),
        label(&cats.pillars, &i.axis, Lang::Ar),
        label(&cats.pillars, &i.axis, Lang::Fr),
        i.profile.clone(),
        i.title.clone(),
        i.body.clone(),
        i.status.clone(),
        project.map(|p| p.to_string()).unwrap_or_default(),
    ]
}

pub(super) async fn public_csv(cx: TenantPage, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let (ideas, cats, projects) = public_rows(state, tenant, &q.axis).await?;
    let rows: Vec<Vec<String>> = ideas
        .iter()
        .map(|i| csv_row(i, &cats, public_project(&projects, i.project_id)))
        .collect();
    Ok(infitah_platform::csv::response(
        &format!("ideas-{}.csv", tenant.slug()),
        infitah_platform::csv::text(&CSV_HEADER, &rows)?,
        true,
    ))
}

/// The staff's export: the public columns and the age bracket (hidden ideas stay out).
pub(super) async fn staff_csv(cx: TenantPage, _staff: Staff<EditProgramme>) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let (ideas, cats, _) = public_rows(state, tenant, "").await?;
    let mut header = CSV_HEADER.to_vec();
    header.push("age_bracket");
    let rows: Vec<Vec<String>> = ideas
        .iter()
        .map(|i| {
            let mut r = csv_row(i, &cats, i.project_id);
            r.push(i.age_bracket.clone());
            r
        })
        .collect();
    Ok(infitah_platform::csv::response(
        &format!("ideas-{}-staff.csv", tenant.slug()),
        infitah_platform::csv::text(&header, &rows)?,
        false,
    ))
}
