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
use infitah_plans::{model::Bilingual, repo::ProjectSummary};
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
        .route("/ideas", get(list).post(submit))
        .route("/ideas/new", get(new_form))
        .route("/ideas.csv", get(public_csv))
        .route("/ideas/{id}", get(show))
        .route("/api/v1/ideas", get(api_list))
        .route("/admin/ideas", get(admin_list))
        .route("/admin/ideas.csv", get(staff_csv))
        .route("/admin/ideas/{id}", get(admin_idea))
        .route("/admin/ideas/{id}/accept", post(accept))
        .route("/admin/ideas/{id}/merge", post(merge))
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

fn excerpt(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
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
    infitah_plans::pages::sees_drafts(v)
}

// ---------------------------------------------------------------------------
// Public list, with the axis filter.

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    axis: String,
}

#[derive(Template)]
#[template(path = "ideas_list.html")]
struct ListPage<'a> {
    shell: Shell<'a>,
    ideas: Vec<IdeaView>,
    axes: Vec<Choice>,
    filter_axis: String,
    total: usize,
    has_programme: bool,
    signed_in: bool,
    verified: bool,
    staff: bool,
}

async fn list(
    cx: TenantPage,
    Query(q): Query<ListQuery>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let (tenant, lang, viewer) = (&cx.tenant, cx.lang, &cx.viewer);
    let path = format!("/ideas?{}", raw.unwrap_or_default());
    cx.cached(&path, || async {
        let tr = cx.tr();
        let drafts = staff_viewer(viewer.as_ref());
        let mut tx = cx.tx().await?;
        let cats = Catalogs::load(&mut tx).await?;
        let axis = resolve(&cats.pillars, &q.axis);
        let ideas = repo::list_public(&mut tx, &tenant.record.time_zone, axis.as_deref()).await?;
        let projects = infitah_plans::repo::list_projects(&mut tx).await?;
        let has_programme = infitah_plans::repo::current_programme(&mut tx, true)
            .await?
            .is_some();
        tx.commit().await?;
        let total = ideas.len();
        let page = ListPage {
            shell: cx.shell_at("/ideas", tr.t("idea-list-title")),
            ideas: ideas
                .iter()
                .map(|i| view(&tr, lang, &cats, &projects, drafts, i))
                .collect(),
            axes: choices(&cats.pillars, lang, axis.as_deref().unwrap_or("")),
            filter_axis: axis.unwrap_or_default(),
            total,
            has_programme,
            signed_in: viewer.is_some(),
            verified: viewer.as_ref().is_some_and(|v| v.verified),
            staff: drafts,
        };
        html_page(&page)
    })
    .await
}

// ---------------------------------------------------------------------------
// The submission form.

#[derive(Default)]
struct IdeaForm {
    axis: String,
    title: String,
    body: String,
    profile: String,
    age_bracket: String,
}

#[derive(Template)]
#[template(path = "ideas_new.html")]
struct NewPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    form: IdeaForm,
    axes: Vec<Choice>,
    profiles: Vec<Choice>,
    ages: Vec<Choice>,
    errors: Errors,
    verified: bool,
    has_programme: bool,
    title_max: usize,
    body_max: usize,
}

async fn form_page(
    cx: &TenantPage,
    viewer: &Viewer,
    status: StatusCode,
    form: IdeaForm,
    errors: Errors,
) -> AppResult<Response> {
    let lang = cx.lang;
    let tr = cx.tr();
    let mut tx = cx.tx().await?;
    let cats = Catalogs::load(&mut tx).await?;
    let has_programme = infitah_plans::repo::current_programme(&mut tx, true)
        .await?
        .is_some();
    tx.commit().await?;
    let page = NewPage {
        shell: cx.shell_at("/ideas/new", tr.t("idea-new-title")),
        csrf: cx.csrf.clone(),
        axes: choices(&cats.pillars, lang, &form.axis),
        profiles: choices(&cats.profiles, lang, &form.profile),
        ages: choices(&cats.ages, lang, &form.age_bracket),
        form,
        errors,
        verified: viewer.verified,
        has_programme,
        title_max: TITLE_MAX,
        body_max: BODY_MAX,
    };
    render(status, &page)
}

async fn new_form(cx: TenantPage, Query(q): Query<ListQuery>) -> AppResult<Response> {
    let viewer = &cx.viewer;
    let Some(viewer) = viewer else {
        return Ok(Redirect::to("/sign-in?next=%2Fideas%2Fnew").into_response());
    };
    let form = IdeaForm {
        axis: q.axis,
        ..Default::default()
    };
    form_page(&cx, viewer, StatusCode::OK, form, Errors::default()).await
}

async fn submit(
    cx: TenantPage,
    Verified(viewer): Verified,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let tr = cx.tr();
    let f = Fields(fields);
    let form = IdeaForm {
        axis: f.one("axis").to_owned(),
        title: f.one("title").to_owned(),
        body: f.one("body").to_owned(),
        profile: f.one("profile").to_owned(),
        age_bracket: f.one("age_bracket").to_owned(),
    };
    let mut errors = Errors::default();
    let mut tx = cx.tx().await?;
    let cats = Catalogs::load(&mut tx).await?;
    let programme = infitah_plans::repo::current_programme(&mut tx, true).await?;
    let axis = resolve(&cats.pillars, &form.axis);
    if axis.is_none() {
        errors.add("axis", tr.t("idea-axis-required"));
    }
    let title = required_text(
        &tr,
        &mut errors,
        "title",
        &form.title,
        TITLE_MAX,
        "idea-title-required",
    );
    let body = required_text(
        &tr,
        &mut errors,
        "body",
        &form.body,
        BODY_MAX,
        "idea-body-required",
    );
    let profile = resolve(&cats.profiles, &form.profile);
    if profile.is_none() {
        errors.add("profile", tr.t("idea-profile-required"));
    }
    let age = resolve(&cats.ages, &form.age_bracket);
    if age.is_none() {
        errors.add("age_bracket", tr.t("idea-age-required"));
    }
    let (Some(programme), Some(axis), Some(title), Some(body), Some(profile), Some(age), true) = (
        programme,
        axis,
        title,
        body,
        profile,
        age,
        errors.is_empty(),
    ) else {
        tx.rollback().await?;
        return form_page(&cx, &viewer, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
    };
    // The same idea sent twice (a double click, a retry): the first one stands.
    if let Some(id) = repo::same_recent(&mut tx, viewer.account_id, &title, &body).await? {
        tx.rollback().await?;
        return Ok(Redirect::to(&format!("/ideas/{id}")).into_response());
    }
    let ip = client_ip(state, &headers, peer);
    let by_account = state
        .throttle
        .allow(
            &state.redis,
            tenant.id(),
            IDEAS_PER_ACCOUNT,
            &infitah_platform::throttle::subject("account", &viewer.account_id.to_string()),
        )
        .await;
    let by_ip = state
        .throttle
        .allow(
            &state.redis,
            tenant.id(),
            IDEAS_PER_IP,
            &infitah_platform::throttle::subject("ip", &ip),
        )
        .await;
    if !(by_account && by_ip) {
        tx.rollback().await?;
        return Err(AppError::TooManyRequests);
    }
    let id = repo::create(
        &mut tx,
        &NewIdea {
            programme_id: programme.id,
            author_id: viewer.account_id,
            axis: &axis,
            profile: &profile,
            age_bracket: &age,
            title: &title,
            body: &body,
        },
    )
    .await?;
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &state.versions).await?;
    Ok(Redirect::to(&format!("/ideas/{id}")).into_response())
}

// ---------------------------------------------------------------------------
// One idea.

#[derive(Template)]
#[template(path = "ideas_show.html")]
struct ShowPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    path: String,
    flag_action: String,
    idea: IdeaView,
    answers: Vec<AnswerView>,
    /// For a verified viewer: whether they flagged it already.
    flag: Option<bool>,
    staff: bool,
    /// Where its author edits or withdraws it.
    manage: Option<String>,
}

/// The collectivity's official answers to an idea, as the moderation module keeps them.
async fn answers_of(
    tx: &mut TenantTx,
    tr: &Tr<'_>,
    tz: &str,
    id: Uuid,
) -> Result<Vec<AnswerView>, sqlx::Error> {
    Ok(crate::repo::answers(tx, ItemKind::Idea, &[id], tz)
        .await?
        .remove(&id)
        .unwrap_or_default()
        .iter()
        .map(|a| AnswerView::of(tr, a))
        .collect())
}

async fn show(cx: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let (tenant, lang, viewer) = (&cx.tenant, cx.lang, &cx.viewer);
    let id = parse_id(&id)?;
    let path = format!("/ideas/{id}");
    cx.cached(&path, || async {
        let tr = cx.tr();
        let drafts = staff_viewer(viewer.as_ref());
        let tz = &tenant.record.time_zone;
        let mut tx = cx.tx().await?;
        let idea = repo::get(&mut tx, tz, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cats = Catalogs::load(&mut tx).await?;
        let projects = infitah_plans::repo::list_projects(&mut tx).await?;
        let answers = if idea.hidden_reason.is_none() {
            answers_of(&mut tx, &tr, tz, id).await?
        } else {
            vec![]
        };
        let flag = match viewer.as_ref().filter(|v| v.verified) {
            Some(v)
                if idea.hidden_reason.is_none()
                    && !idea.withdrawn
                    && v.account_id != idea.author_id =>
            {
                Some(
                    crate::repo::flagged_by(&mut tx, ItemKind::Idea, v.account_id, &[id])
                        .await?
                        .contains(&id),
                )
            }
            _ => None,
        };
        tx.commit().await?;
        let mut v = view(&tr, lang, &cats, &projects, drafts, &idea);
        if v.withdrawn {
            // Nor once its author took it back.
            v.title = tr.t("idea-withdrawn-title");
            v.body.clear();
            v.excerpt.clear();
        } else if v.hidden.is_some() {
            // Nothing the author wrote leaves the database once it is hidden.
            v.title = tr.t("idea-hidden-title");
            v.body.clear();
            v.excerpt.clear();
        }
        let own = viewer
            .as_ref()
            .is_some_and(|v| v.account_id == idea.author_id);
        let page = ShowPage {
            shell: cx.shell_at(&path, v.title.clone()),
            csrf: cx.csrf.clone(),
            path: path.clone(),
            flag_action: format!("/ideas/{id}/flag"),
            manage: (own && !idea.withdrawn).then(|| format!("/ideas/{id}/edit")),
            idea: v,
            answers,
            flag,
            staff: drafts,
        };
        html_page(&page)
    })
    .await
}

// ---------------------------------------------------------------------------
// Open data: JSON and CSV of the visible ideas.

#[derive(serde::Serialize)]
struct ApiIdea {
    id: Uuid,
    created_on: String,
    axis: String,
    profile: String,
    title: String,
    body: String,
    status: String,
    edited: bool,
    project_id: Option<Uuid>,
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

async fn api_list(cx: TenantPage, Query(q): Query<ListQuery>) -> AppResult<Response> {
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
    Ok(Json(serde_json::json!({ "ideas": out })).into_response())
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

async fn public_csv(cx: TenantPage, Query(q): Query<ListQuery>) -> AppResult<Response> {
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
async fn staff_csv(cx: TenantPage, _staff: Staff<EditProgramme>) -> AppResult<Response> {
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

// ---------------------------------------------------------------------------
// Staff: the list, one idea, accept and merge.

#[derive(Template)]
#[template(path = "ideas_admin.html")]
struct AdminList<'a> {
    shell: Shell<'a>,
    ideas: Vec<IdeaView>,
}

async fn admin_list(cx: TenantPage, _: Staff<EditProgramme>) -> AppResult<Response> {
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

async fn admin_idea(
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
    Ok(Redirect::to(&format!("/admin/ideas/{id}")).into_response())
}

async fn accept(
    cx: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    decide(&cx, staff.viewer(), id, fields, false).await
}

async fn merge(
    cx: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    decide(&cx, staff.viewer(), id, fields, true).await
}

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
