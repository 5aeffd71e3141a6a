//! The editors' back-office for consultations: list, create and edit, with
//! the window typed in the collectivity's local time (Africa/Casablanca by
//! default) and converted by PostgreSQL with that zone's rules. Plain HTML
//! forms, no JavaScript; refused input comes back with 422, the errors beside
//! their fields, nothing saved. Every route takes `Staff<EditProgramme>`:
//! anyone else gets 404.

use askama::Template;
use axum::{
    Form, Router,
    extract::{Path, RawQuery},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use infitah_platform::texts::{Bilingual, Text};
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    auth::{EditProgramme, Staff},
    i18n::Tr,
    web::Shell,
};
use uuid::Uuid;

use crate::{
    comments::{Fields, parse_id, text_error},
    model::{LocalDateTime, optional_text},
    repo::{self, ConsultationError, ConsultationFields},
    section::{Errors, datetime_label},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/consultations", get(list).post(create))
        .route("/admin/consultations/{id}", get(edit).post(save))
}

pub struct Line {
    pub id: Uuid,
    pub title: Text,
    pub scope: String,
    pub window: String,
    pub state: &'static str,
    pub state_label: String,
    pub comments: i64,
}

/// The form's values, as typed (or as stored).
#[derive(Default)]
pub struct FormValues {
    pub scope: String,
    pub title_ar: String,
    pub title_fr: String,
    pub description_ar: String,
    pub description_fr: String,
    pub opens_at: String,
    pub closes_at: String,
}

#[derive(Template)]
#[template(path = "consultation_admin.html")]
struct AdminPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    has_programme: bool,
    lines: Vec<Line>,
    /// The consultation being edited; None: the page lists them and offers a new one.
    editing: Option<Uuid>,
    projects: Vec<(String, Text)>,
    values: FormValues,
    errors: Errors,
    time_zone: String,
    saved: bool,
}

/// The list of consultations with the form — a new one's, or the one being
/// edited — as stored, as saved, or refused (422, with what was typed).
async fn view(
    cx: &TenantPage,
    editing: Option<Uuid>,
    values: Option<FormValues>,
    errors: Errors,
    saved: bool,
) -> AppResult<Response> {
    let status = errors.status();
    let (tr, lang) = (cx.tr(), cx.lang);
    let tz = cx.tenant.record.time_zone.clone();
    let mut tx = cx.tx().await?;
    let programme = infitah_plans::repo::current_programme(&mut tx, true).await?;
    let projects = match &programme {
        Some(p) => infitah_plans::repo::projects(&mut tx, p.id, true).await?,
        None => vec![],
    };
    let all = repo::all_consultations(&mut tx, &tz).await?;
    let ids: Vec<Uuid> = all.iter().map(|c| c.id).collect();
    let counts = repo::counts_by_consultation(&mut tx, &ids).await?;
    tx.commit().await?;
    let values = match (values, editing) {
        (Some(v), _) => v,
        (None, Some(id)) => {
            let c = all.iter().find(|c| c.id == id).ok_or(AppError::NotFound)?;
            FormValues {
                scope: c
                    .project_id
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "programme".to_owned()),
                title_ar: c.title.ar.clone().unwrap_or_default(),
                title_fr: c.title.fr.clone().unwrap_or_default(),
                description_ar: c.description.ar.clone().unwrap_or_default(),
                description_fr: c.description.fr.clone().unwrap_or_default(),
                opens_at: LocalDateTime::input_value(c.opens_local),
                closes_at: LocalDateTime::input_value(c.closes_local),
            }
        }
        (None, None) => FormValues::default(),
    };
    let lines = all
        .iter()
        .map(|c| Line {
            id: c.id,
            title: Text::of(&c.display_title(), lang),
            scope: match &c.project_title {
                Some(_) => tr.t("cons-kind-project"),
                None => tr.t("cons-admin-scope-programme"),
            },
            window: format!(
                "{} → {}",
                datetime_label(&tr, c.opens_local),
                datetime_label(&tr, c.closes_local)
            ),
            state: c.state.as_str(),
            state_label: tr.t(&format!("cons-state-{}", c.state.as_str())),
            comments: counts.get(&c.id).copied().unwrap_or(0),
        })
        .collect();
    let path = match editing {
        Some(id) => format!("/admin/consultations/{id}"),
        None => "/admin/consultations".to_owned(),
    };
    let title = match editing {
        Some(_) => tr.t("cons-admin-edit"),
        None => tr.t("cons-admin-title"),
    };
    let page = AdminPage {
        shell: cx.shell_at(&path, title),
        csrf: cx.csrf.clone(),
        has_programme: programme.is_some(),
        lines,
        editing,
        projects: projects
            .iter()
            .map(|p| (p.id.to_string(), Text::of(&p.title, lang)))
            .collect(),
        values,
        errors,
        time_zone: tz,
        saved,
    };
    cx.render(status, &page)
}

pub async fn list(cx: TenantPage, _: Staff<EditProgramme>) -> AppResult<Response> {
    view(&cx, None, None, Errors::default(), false).await
}

pub async fn edit(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let saved = q.as_deref() == Some("saved");
    view(&cx, Some(id), None, Errors::default(), saved).await
}

/// Parses the form; the errors name their fields, in the editor's language.
fn parse(
    tr: &Tr,
    f: &Fields,
) -> (
    FormValues,
    Option<(Option<Uuid>, ConsultationFields)>,
    Errors,
) {
    let values = FormValues {
        scope: f.get("scope").trim().to_owned(),
        title_ar: f.get("title_ar").to_owned(),
        title_fr: f.get("title_fr").to_owned(),
        description_ar: f.get("description_ar").to_owned(),
        description_fr: f.get("description_fr").to_owned(),
        opens_at: f.get("opens_at").trim().to_owned(),
        closes_at: f.get("closes_at").trim().to_owned(),
    };
    let mut errors = Errors::default();
    let project = match values.scope.as_str() {
        "programme" | "" => None,
        s => match s.parse::<Uuid>() {
            Ok(p) => Some(p),
            Err(_) => {
                errors.add("scope", tr.t("cons-error-project"));
                None
            }
        },
    };
    let mut text = |field: &str, v: &str, max: usize| match optional_text(v, max) {
        Ok(t) => t,
        Err(e) => {
            errors.add(field, text_error(tr, e, "cons-error-title-required"));
            None
        }
    };
    let title = Bilingual::new(
        text("title", &values.title_ar, 300),
        text("title", &values.title_fr, 300),
    );
    let description = Bilingual::new(
        text("description", &values.description_ar, 4000),
        text("description", &values.description_fr, 4000),
    );
    if project.is_none()
        && title.ar.is_none()
        && title.fr.is_none()
        && errors.get("title").is_none()
    {
        errors.add("title", tr.t("cons-error-title-required"));
    }
    let opens = LocalDateTime::parse(&values.opens_at);
    if opens.is_none() {
        errors.add("opens_at", tr.t("cons-error-datetime"));
    }
    let closes = LocalDateTime::parse(&values.closes_at);
    if closes.is_none() {
        errors.add("closes_at", tr.t("cons-error-datetime"));
    }
    if let (Some(o), Some(c)) = (opens, closes)
        && c.get() <= o.get()
    {
        errors.add("closes_at", tr.t("cons-error-closes-first"));
    }
    let fields = match (opens, closes, errors.is_empty()) {
        (Some(opens), Some(closes), true) => Some((
            project,
            ConsultationFields {
                project_id: project,
                title,
                description,
                opens,
                closes,
            },
        )),
        _ => None,
    };
    (values, fields, errors)
}

fn write_error(tr: &Tr, e: ConsultationError) -> AppResult<Errors> {
    let mut errors = Errors::default();
    match e {
        ConsultationError::UnknownProject => errors.add("scope", tr.t("cons-error-project")),
        ConsultationError::ClosesFirst => errors.add("closes_at", tr.t("cons-error-closes-first")),
        ConsultationError::Db(e) => return Err(AppError::Database(e)),
    }
    Ok(errors)
}

pub async fn create(
    cx: TenantPage,
    staff: Staff<EditProgramme>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (tr, tenant) = (cx.tr(), &cx.tenant);
    let v = staff.viewer();
    let (values, fields, errors) = parse(&tr, &Fields(form));
    let refuse = |values, errors| view(&cx, None, Some(values), errors, false);
    let Some((_, fields)) = fields else {
        return refuse(values, errors).await;
    };
    let mut tx = cx.tx().await?;
    let programme = infitah_plans::repo::current_programme(&mut tx, true)
        .await?
        .ok_or(AppError::NotFound)?;
    match repo::create_consultation(
        &mut tx,
        programme.id,
        &fields,
        &tenant.record.time_zone,
        Some(v.account_id),
    )
    .await
    {
        Ok(id) => {
            infitah_platform::content::commit(tx, &cx.state.versions).await?;
            Ok(Redirect::to(&format!("/admin/consultations/{id}?saved")).into_response())
        }
        Err(e) => {
            tx.rollback().await?;
            let errors = write_error(&tr, e)?;
            refuse(values, errors).await
        }
    }
}

pub async fn save(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let (tr, tenant) = (cx.tr(), &cx.tenant);
    let mut tx = cx.tx().await?;
    let existing = repo::consultation(&mut tx, id, &tenant.record.time_zone, true)
        .await?
        .ok_or(AppError::NotFound)?;
    let (values, fields, errors) = parse(&tr, &Fields(form));
    let refuse = |values, errors| view(&cx, Some(id), Some(values), errors, false);
    let Some((_, fields)) = fields else {
        tx.rollback().await?;
        return refuse(values, errors).await;
    };
    match repo::update_consultation(
        &mut tx,
        id,
        existing.programme_id,
        &fields,
        &tenant.record.time_zone,
    )
    .await
    {
        Ok(true) => {
            infitah_platform::content::commit(tx, &cx.state.versions).await?;
            Ok(Redirect::to(&format!("/admin/consultations/{id}?saved")).into_response())
        }
        Ok(false) => Err(AppError::NotFound),
        Err(e) => {
            tx.rollback().await?;
            let errors = write_error(&tr, e)?;
            refuse(values, errors).await
        }
    }
}
