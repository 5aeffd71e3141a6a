//! Workshops of co-preparation and consultative workshops: staff record the
//! date, place and title, which consultation a workshop feeds, attendance by
//! gender and age bracket (a grid) and the minutes; the public sees every
//! workshop with its attendance total and minutes. Contributions gathered on
//! paper are entered in bulk — a CSV file or a form of several rows — and
//! saved as the consultation's comments, attributed to their workshop, so
//! they count with the online ones. Plain HTML forms, no JavaScript needed;
//! errors beside their fields, nothing saved when anything is wrong.

use askama::Template;
use axum::{
    Form, Router,
    body::Body,
    extract::{Path, Query},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use infitah_platform::texts::Bilingual;
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    auth::{EditProgramme, Staff},
    i18n::{Lang, Tr},
    tenancy::Tenant,
    web::{Shell, html_page},
};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    ideas_shared::{Catalogs, Choice, Errors, Fields, choices, day_label, render},
    workshop_paper::{self as paper, PaperRow, Problem},
    workshop_repo::{self as repo, Workshop, WorkshopFields},
};

pub const KINDS: [&str; 2] = ["co_preparation", "consultative"];
pub const GENDERS: [&str; 2] = ["female", "male"];
const MINUTES_MAX: usize = 20_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/workshops", get(list))
        .route("/workshops/{id}", get(show))
        .route("/admin/workshops", get(admin_list).post(create))
        .route("/admin/workshops/{id}", get(admin_one).post(save))
        .route("/admin/workshops/{id}/attendance", post(save_attendance))
        .route("/admin/workshops/{id}/paper", post(paper_form))
        .route("/admin/workshops/{id}/paper/upload", post(paper_upload))
        .route("/admin/workshops/{id}/paper.csv", get(paper_export))
}

use crate::comments::parse_id;

/// A workshop as lists and pages show it.
pub struct WorkshopView {
    pub id: Uuid,
    pub title: String,
    pub title_lang: Option<&'static str>,
    pub kind: String,
    pub kind_label: String,
    pub date: String,
    pub place: String,
    pub minutes: String,
    pub attendance: String,
    /// The bare numbers, grouped the local way.
    pub attendance_n: String,
    pub paper_n: String,
    pub paper: String,
    pub paper_count: i64,
    pub consultation: Option<Uuid>,
}

fn view(tr: &Tr, lang: Lang, w: &Workshop) -> WorkshopView {
    let title = Bilingual::new(w.title_ar.clone(), w.title_fr.clone());
    let shown = title.get(lang);
    WorkshopView {
        id: w.id,
        title: shown.text.to_owned(),
        title_lang: shown.fallback.map(|l| l.code()),
        kind: w.kind.clone(),
        kind_label: tr.t(&format!("ws-kind-{}", w.kind)),
        date: day_label(lang, w.held_on),
        place: w.place.clone(),
        minutes: w.minutes.clone(),
        attendance: tr.n("ws-attendance-count", w.attendance),
        attendance_n: tr.number(w.attendance),
        paper_n: tr.number(w.paper),
        paper: tr.n("ws-paper-count", w.paper),
        paper_count: w.paper,
        consultation: w.consultation_id,
    }
}

// ---------------------------------------------------------------------------
// Public pages.

#[derive(Template)]
#[template(path = "workshop_list.html")]
struct ListPage<'a> {
    shell: Shell<'a>,
    workshops: Vec<WorkshopView>,
    staff: bool,
}

async fn list(cx: TenantPage) -> AppResult<Response> {
    let lang = cx.lang;
    cx.cached("/workshops", || async {
        let tr = cx.tr();
        let mut tx = cx.tx().await?;
        let staff = cx.sees_drafts();
        let rows = repo::list(&mut tx).await?;
        tx.commit().await?;
        let rows: Vec<_> = if staff {
            rows
        } else {
            rows.into_iter().map(|w| w.for_public()).collect()
        };
        let page = ListPage {
            shell: cx.shell_at("/workshops", tr.t("ws-list-title")),
            workshops: rows.iter().map(|w| view(&tr, lang, w)).collect(),
            staff,
        };
        html_page(&page)
    })
    .await
}

#[derive(Template)]
#[template(path = "workshop_show.html")]
struct ShowPage<'a> {
    shell: Shell<'a>,
    w: WorkshopView,
    by_gender: Vec<(String, String)>,
    staff: bool,
}

async fn show(cx: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let lang = cx.lang;
    let id = parse_id(&id)?;
    let path = format!("/workshops/{id}");
    cx.cached(&path, || async {
        let tr = cx.tr();
        let mut tx = cx.tx().await?;
        let staff = cx.sees_drafts();
        let w = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let w = if staff { w } else { w.for_public() };
        let cells = repo::attendance(&mut tx, id).await?;
        tx.commit().await?;
        // Attendance by gender, under the same rule as the statistics.
        let totals: Vec<i64> = GENDERS
            .iter()
            .map(|g| cells.iter().filter(|c| c.0 == *g).map(|c| c.2 as i64).sum())
            .collect();
        let shown = crate::stats_model::suppress(&totals);
        let by_gender = GENDERS
            .iter()
            .zip(shown)
            .map(|(g, s)| {
                let fig = match s {
                    crate::stats_model::Shown::Exact(v) => tr.number(v),
                    crate::stats_model::Shown::Small => tr.t("stats-small"),
                    crate::stats_model::Shown::Masked => tr.t("stats-masked"),
                };
                (tr.t(&format!("ws-gender-{g}")), fig)
            })
            .collect();
        let v = view(&tr, lang, &w);
        let page = ShowPage {
            shell: cx.shell_at(&path, v.title.clone()),
            w: v,
            by_gender,
            staff,
        };
        html_page(&page)
    })
    .await
}

// ---------------------------------------------------------------------------
// The workshop's fields, as a form gives them.

#[derive(Default, Clone)]
pub struct WorkshopForm {
    pub title_ar: String,
    pub title_fr: String,
    pub kind: String,
    pub held_on: String,
    pub place: String,
    pub consultation: String,
    pub minutes: String,
}

impl WorkshopForm {
    fn from_fields(f: &Fields) -> Self {
        WorkshopForm {
            title_ar: f.one("title_ar").to_owned(),
            title_fr: f.one("title_fr").to_owned(),
            kind: f.one("kind").to_owned(),
            held_on: f.one("held_on").to_owned(),
            place: f.one("place").to_owned(),
            consultation: f.one("consultation").to_owned(),
            minutes: f.one("minutes").to_owned(),
        }
    }
    fn of(w: &Workshop) -> Self {
        WorkshopForm {
            title_ar: w.title_ar.clone().unwrap_or_default(),
            title_fr: w.title_fr.clone().unwrap_or_default(),
            kind: w.kind.clone(),
            held_on: w.held_on.to_string(),
            place: w.place.clone(),
            consultation: w.consultation_id.map(|c| c.to_string()).unwrap_or_default(),
            minutes: w.minutes.clone(),
        }
    }
}

fn check_fields(
    tr: &Tr,
    form: &WorkshopForm,
    consultations: &[repo::ConsultationChoice],
    errors: &mut Errors,
) -> Option<WorkshopFields> {
    let title_ar = infitah_platform::form::text(tr, errors, "title", &form.title_ar, 300);
    let title_fr = infitah_platform::form::text(tr, errors, "title", &form.title_fr, 300);
    if title_ar.is_none() && title_fr.is_none() && !errors.has("title") {
        errors.add("title", tr.t("ws-title-required"));
    }
    let kind = KINDS.iter().find(|k| **k == form.kind);
    if kind.is_none() {
        errors.add("kind", tr.t("ws-kind-required"));
    }
    let held_on = infitah_platform::text::date(&form.held_on);
    if held_on.is_none() {
        errors.add("held_on", tr.t("ws-date-invalid"));
    }
    let place = infitah_platform::form::text(tr, errors, "place", &form.place, 300);
    if place.is_none() && !errors.has("place") {
        errors.add("place", tr.t("ws-place-required"));
    }
    let consultation = if form.consultation.trim().is_empty() {
        Some(None)
    } else {
        form.consultation
            .trim()
            .parse::<Uuid>()
            .ok()
            .filter(|id| consultations.iter().any(|c| c.id == *id))
            .map(Some)
    };
    if consultation.is_none() {
        errors.add("consultation", tr.t("ws-consultation-unknown"));
    }
    let minutes = infitah_platform::form::text(tr, errors, "minutes", &form.minutes, MINUTES_MAX);
    if !errors.is_empty() {
        return None;
    }
    Some(WorkshopFields {
        kind: (*kind?).to_owned(),
        consultation_id: consultation?,
        title_ar,
        title_fr,
        held_on: held_on?,
        place: place?,
        minutes: minutes.unwrap_or_default(),
    })
}

fn consultation_choices(
    lang: Lang,
    tr: &Tr,
    list: &[repo::ConsultationChoice],
    projects: &[infitah_plans::repo::ProjectSummary],
    chosen: &str,
) -> Vec<Choice> {
    list.iter()
        .map(|c| {
            let own = Bilingual::new(c.title_ar.clone(), c.title_fr.clone());
            let mut label = own.get(lang).text.to_owned();
            if label.is_empty() {
                label = match c
                    .project_id
                    .and_then(|p| projects.iter().find(|x| x.id == p))
                {
                    Some(p) => Bilingual::new(p.title_ar.clone(), p.title_fr.clone())
                        .get(lang)
                        .text
                        .to_owned(),
                    None => tr.t("stats-programme-consultation"),
                };
            }
            Choice {
                code: c.id.to_string(),
                label: format!("{label} — {}", day_label(lang, c.opens_on)),
                selected: c.id.to_string() == chosen,
            }
        })
        .collect()
}

fn kind_choices(tr: &Tr, chosen: &str) -> Vec<Choice> {
    KINDS
        .iter()
        .map(|k| Choice {
            code: (*k).to_owned(),
            label: tr.t(&format!("ws-kind-{k}")),
            selected: *k == chosen,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Staff: the list and the creation form.

#[derive(Template)]
#[template(path = "workshop_admin.html")]
struct AdminList<'a> {
    shell: Shell<'a>,
    csrf: String,
    workshops: Vec<WorkshopView>,
    form: WorkshopForm,
    kinds: Vec<Choice>,
    consultations: Vec<Choice>,
    errors: Errors,
}

async fn admin_list_page(
    cx: &TenantPage,
    status: StatusCode,
    form: WorkshopForm,
    errors: Errors,
) -> AppResult<Response> {
    let (tenant, lang) = (&cx.tenant, cx.lang);
    let tr = cx.tr();
    let mut tx = cx.tx().await?;
    let rows = repo::list(&mut tx).await?;
    let cons = repo::consultations(&mut tx, &tenant.record.time_zone).await?;
    let projects = infitah_plans::repo::list_projects(&mut tx).await?;
    tx.commit().await?;
    let page = AdminList {
        shell: cx.shell_at("/admin/workshops", tr.t("ws-admin-title")),
        csrf: cx.csrf.clone(),
        workshops: rows.iter().map(|w| view(&tr, lang, w)).collect(),
        kinds: kind_choices(&tr, &form.kind),
        consultations: consultation_choices(lang, &tr, &cons, &projects, &form.consultation),
        form,
        errors,
    };
    render(status, &page)
}

async fn admin_list(cx: TenantPage, _: Staff<EditProgramme>) -> AppResult<Response> {
    let form = WorkshopForm {
        kind: "co_preparation".into(),
        ..Default::default()
    };
    admin_list_page(&cx, StatusCode::OK, form, Errors::default()).await
}

async fn create(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let tr = cx.tr();
    let form = WorkshopForm::from_fields(&Fields(fields));
    let mut errors = Errors::default();
    let mut tx = cx.tx().await?;
    let cons = repo::consultations(&mut tx, &tenant.record.time_zone).await?;
    let programme = infitah_plans::repo::current_programme(&mut tx, true).await?;
    let checked = check_fields(&tr, &form, &cons, &mut errors);
    if programme.is_none() {
        errors.add("title", tr.t("ws-no-programme"));
    }
    let (Some(fields), Some(programme)) = (checked, programme) else {
        tx.rollback().await?;
        return admin_list_page(&cx, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
    };
    let id = repo::create(&mut tx, programme.id, &fields).await?;
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &state.versions).await?;
    Ok(Redirect::to(&format!("/admin/workshops/{id}")).into_response())
}

// ---------------------------------------------------------------------------
// Staff: one workshop — its fields, attendance, paper contributions.

/// A line of the attendance grid: an age bracket, women and men.
pub struct GridRow {
    pub age: String,
    pub label: String,
    pub female: String,
    pub male: String,
}

/// A row of the paper contributions form.
pub struct PaperFormRow {
    pub n: usize,
    pub profiles: Vec<Choice>,
    pub ages: Vec<Choice>,
    pub body: String,
}

/// What a failed form brings back to the page: its values and errors.
#[derive(Default)]
struct Returned {
    form: Option<WorkshopForm>,
    errors: Errors,
    grid: Option<Vec<(String, String, String)>>,
    grid_errors: Errors,
    paper: Option<Vec<(String, String, String)>>,
    paper_errors: Errors,
    problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "workshop_admin_one.html")]
struct AdminOne<'a> {
    shell: Shell<'a>,
    csrf: String,
    id: Uuid,
    w: WorkshopView,
    form: WorkshopForm,
    kinds: Vec<Choice>,
    consultations: Vec<Choice>,
    errors: Errors,
    grid: Vec<GridRow>,
    grid_total: i64,
    grid_errors: Errors,
    has_consultation: bool,
    rows: Vec<PaperFormRow>,
    paper_errors: Errors,
    problems: Vec<String>,
    message: Option<String>,
    csv_max_kb: usize,
}

#[derive(Deserialize, Default)]
struct Done {
    #[serde(default)]
    saved: String,
    #[serde(default)]
    n: i64,
}

async fn admin_one_page(
    cx: &TenantPage,
    id: Uuid,
    status: StatusCode,
    back: Returned,
    done: Done,
) -> AppResult<Response> {
    let (tenant, lang) = (&cx.tenant, cx.lang);
    let tr = cx.tr();
    let mut tx = cx.tx().await?;
    let w = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let cells = repo::attendance(&mut tx, id).await?;
    let cons = repo::consultations(&mut tx, &tenant.record.time_zone).await?;
    let projects = infitah_plans::repo::list_projects(&mut tx).await?;
    let cats = Catalogs::load(&mut tx).await?;
    tx.commit().await?;
    let form = back.form.unwrap_or_else(|| WorkshopForm::of(&w));
    let stored = |g: &str, a: &str| {
        cells
            .iter()
            .find(|c| c.0 == g && c.1 == a)
            .map(|c| c.2.to_string())
            .unwrap_or_default()
    };
    let grid = cats
        .ages
        .iter()
        .filter(|a| !a.retired || cells.iter().any(|c| c.1 == a.code))
        .map(|a| {
            let (female, male) = match &back.grid {
                Some(g) => g
                    .iter()
                    .find(|r| r.0 == a.code)
                    .map(|r| (r.1.clone(), r.2.clone()))
                    .unwrap_or_default(),
                None => (stored("female", &a.code), stored("male", &a.code)),
            };
            GridRow {
                age: a.code.clone(),
                label: a.label(lang).to_owned(),
                female,
                male,
            }
        })
        .collect();
    let paper_values = back
        .paper
        .unwrap_or_else(|| vec![Default::default(); paper::FORM_ROWS]);
    let rows = paper_values
        .iter()
        .enumerate()
        .map(|(i, (p, a, b))| PaperFormRow {
            n: i + 1,
            profiles: choices(&cats.profiles, lang, p),
            ages: choices(&cats.ages, lang, a),
            body: b.clone(),
        })
        .collect();
    let message = match done.saved.as_str() {
        "fields" => Some(tr.t("ws-saved")),
        "attendance" => Some(tr.t("ws-attendance-saved")),
        "paper" => Some(tr.n("ws-paper-saved", done.n)),
        _ => None,
    };
    let page = AdminOne {
        shell: cx.shell_at(&format!("/admin/workshops/{id}"), tr.t("ws-admin-title")),
        csrf: cx.csrf.clone(),
        id,
        w: view(&tr, lang, &w),
        kinds: kind_choices(&tr, &form.kind),
        consultations: consultation_choices(lang, &tr, &cons, &projects, &form.consultation),
        form,
        errors: back.errors,
        grid,
        grid_total: w.attendance,
        grid_errors: back.grid_errors,
        has_consultation: w.consultation_id.is_some(),
        rows,
        paper_errors: back.paper_errors,
        problems: back.problems,
        message,
        csv_max_kb: paper::CSV_MAX_BYTES / 1024,
    };
    render(status, &page)
}

async fn admin_one(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    admin_one_page(&cx, id, StatusCode::OK, Returned::default(), done).await
}

fn saved(id: Uuid, what: &str, n: Option<u64>) -> Response {
    let n = n.map(|n| format!("&n={n}")).unwrap_or_default();
    Redirect::to(&format!("/admin/workshops/{id}?saved={what}{n}#{what}")).into_response()
}

async fn save(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let id = parse_id(&id)?;
    let tr = cx.tr();
    let form = WorkshopForm::from_fields(&Fields(fields));
    let mut errors = Errors::default();
    let mut tx = cx.tx().await?;
    if repo::get(&mut tx, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let cons = repo::consultations(&mut tx, &tenant.record.time_zone).await?;
    let Some(fields) = check_fields(&tr, &form, &cons, &mut errors) else {
        tx.rollback().await?;
        return admin_one_page(
            &cx,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            Returned {
                form: Some(form),
                errors,
                ..Default::default()
            },
            Done::default(),
        )
        .await;
    };
    if !repo::update(&mut tx, id, &fields).await? {
        return Err(AppError::NotFound);
    }
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &state.versions).await?;
    Ok(saved(id, "fields", None))
}

async fn save_attendance(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let state = &cx.state;
    let id = parse_id(&id)?;
    let tr = cx.tr();
    let f = Fields(fields);
    let mut tx = cx.tx().await?;
    if repo::get(&mut tx, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let ages = infitah_platform::catalog::catalog(&mut tx, "age_bracket").await?;
    let mut errors = Errors::default();
    let mut cells = vec![];
    let mut values = vec![];
    for a in &ages {
        let mut pair = vec![];
        for g in GENDERS {
            let key = format!("att_{g}_{}", a.code);
            let raw = f.one(&key);
            pair.push(raw.to_owned());
            if raw.is_empty() {
                continue;
            }
            match raw.parse::<i32>() {
                Ok(n) if (0..=100_000).contains(&n) => {
                    cells.push((g.to_owned(), a.code.clone(), n))
                }
                _ => errors.add(key, tr.t("ws-attendance-invalid")),
            }
        }
        values.push((a.code.clone(), pair[0].clone(), pair[1].clone()));
    }
    if !errors.is_empty() {
        tx.rollback().await?;
        return admin_one_page(
            &cx,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            Returned {
                grid: Some(values),
                grid_errors: errors,
                ..Default::default()
            },
            Done::default(),
        )
        .await;
    }
    repo::set_attendance(&mut tx, id, &cells).await?;
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &state.versions).await?;
    Ok(saved(id, "attendance", None))
}

/// Saves checked rows to the workshop's consultation, or says why it cannot.
async fn save_paper(
    state: &AppState,
    tenant: &Tenant,
    id: Uuid,
    rows: &[PaperRow],
) -> AppResult<Result<u64, &'static str>> {
    let mut tx = state.db.tenant_tx(tenant.id()).await?;
    let w = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let Some(consultation) = w.consultation_id else {
        tx.rollback().await?;
        return Ok(Err("ws-paper-no-consultation"));
    };
    let n = repo::insert_paper(&mut tx, &w, consultation, &tenant.record.time_zone, rows).await?;
    infitah_platform::content::bump(&mut tx).await?;
    infitah_platform::content::commit(tx, &state.versions).await?;
    Ok(Ok(n))
}

/// A problem in words: "Row 4, age bracket: …".
fn describe(tr: &Tr, p: &Problem) -> String {
    let message = tr.t(p.message);
    let field = p.field.map(|f| tr.t(&format!("ws-paper-field-{f}")));
    match (p.row, field) {
        (Some(r), Some(f)) => format!("{} — {f} : {message}", tr.n("ws-paper-row", r as i64)),
        (Some(r), None) => format!("{} : {message}", tr.n("ws-paper-row", r as i64)),
        (None, _) => message,
    }
}

async fn paper_form(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let id = parse_id(&id)?;
    let tr = cx.tr();
    let f = Fields(fields);
    let mut tx = cx.tx().await?;
    if repo::get(&mut tx, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let cats = Catalogs::load(&mut tx).await?;
    tx.commit().await?;
    let count = f
        .one("rows")
        .parse::<usize>()
        .unwrap_or(paper::FORM_ROWS)
        .clamp(1, 100);
    let mut values = vec![];
    let mut rows = vec![];
    let mut problems = vec![];
    for i in 1..=count {
        let (p, a, b) = (
            f.one(&format!("profile_{i}")).to_owned(),
            f.one(&format!("age_{i}")).to_owned(),
            f.one(&format!("body_{i}")).to_owned(),
        );
        if !(p.is_empty() && a.is_empty() && b.is_empty())
            && let Some(r) =
                paper::check_row(&cats.profiles, &cats.ages, i, &p, &a, &b, &mut problems)
        {
            rows.push(r);
        }
        values.push((p, a, b));
    }
    let mut errors = Errors::default();
    for p in &problems {
        if let (Some(r), Some(field)) = (p.row, p.field) {
            errors.add(format!("{field}_{r}"), tr.t(p.message));
        }
    }
    let mut listed: Vec<String> = problems.iter().map(|p| describe(&tr, p)).collect();
    if problems.is_empty() && rows.is_empty() {
        listed.push(tr.t("ws-paper-form-empty"));
    }
    if listed.is_empty() {
        match save_paper(state, tenant, id, &rows).await? {
            Ok(n) => return Ok(saved(id, "paper", Some(n))),
            Err(why) => listed.push(tr.t(why)),
        }
    }
    admin_one_page(
        &cx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        Returned {
            paper: Some(values),
            paper_errors: errors,
            problems: listed,
            ..Default::default()
        },
        Done::default(),
    )
    .await
}

async fn paper_upload(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<Response> {
    let (state, tenant) = (&cx.state, &cx.tenant);
    let id = parse_id(&id)?;
    let tr = cx.tr();
    let mut tx = cx.tx().await?;
    if repo::get(&mut tx, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let cats = Catalogs::load(&mut tx).await?;
    tx.commit().await?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // The CSRF guard already read the body within its own (larger) cap.
    let bytes = axum::body::to_bytes(body, 8 * paper::CSV_MAX_BYTES)
        .await
        .map_err(|_| AppError::invalid("file", tr.t("ws-paper-file-too-large")))?;
    let file = infitah_platform::multipart::parse(content_type, &bytes)
        .and_then(|parts| parts.into_iter().find(|p| p.name == "file"));
    let outcome = match file {
        None => Err(vec![tr.t("ws-paper-file-missing")]),
        Some(p) if p.data.is_empty() => Err(vec![tr.t("ws-paper-file-missing")]),
        Some(p) => paper::parse_csv(p.data, &cats.profiles, &cats.ages).map_err(|problems| {
            let mut out: Vec<String> = problems.iter().take(50).map(|p| describe(&tr, p)).collect();
            if problems.len() > 50 {
                out.push(tr.n("ws-paper-more-problems", (problems.len() - 50) as i64));
            }
            out
        }),
    };
    let problems = match outcome {
        Ok(rows) => match save_paper(state, tenant, id, &rows).await? {
            Ok(n) => return Ok(saved(id, "paper", Some(n))),
            Err(why) => vec![tr.t(why)],
        },
        Err(p) => p,
    };
    admin_one_page(
        &cx,
        id,
        StatusCode::UNPROCESSABLE_ENTITY,
        Returned {
            problems,
            ..Default::default()
        },
        Done::default(),
    )
    .await
}

/// The workshop's paper contributions as a CSV file in the upload's own format.
async fn paper_export(
    cx: TenantPage,
    _staff: Staff<EditProgramme>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let mut tx = cx.tx().await?;
    if repo::get(&mut tx, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let rows = repo::paper_rows(&mut tx, id).await?;
    tx.commit().await?;
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| vec![r.profile, r.age_bracket, r.body])
        .collect();
    Ok(infitah_platform::csv::response(
        &format!("workshop-{id}-paper.csv"),
        infitah_platform::csv::text(&["profile", "age_bracket", "body"], &rows)?,
        false,
    ))
}
