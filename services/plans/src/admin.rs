//! The editors' back-office: the programme's projects, each card's fields,
//! activities and their progress (with a note and evidence), indicators,
//! publication. Plain HTML forms, no JavaScript needed; errors are shown
//! beside their field in the editor's language, with 422, and nothing is
//! saved. Every route takes `Staff<EditProgramme>`: anyone else gets 404.

use askama::Template;
use axum::{
    Form,
    extract::Path,
    response::{IntoResponse, Redirect, Response},
};

use infitah_platform::{
    AppError, AppResult, TenantPage,
    auth::{EditProgramme, Staff},
    catalog::{self, CatalogEntry},
    form,
    i18n::Tr,
    web::Shell,
};
use uuid::Uuid;

use crate::{
    model::Bilingual,
    pages::{Text, month_label},
    repo,
    write::{self, CardFields, Percent, WriteError},
};

pub use infitah_platform::form::{Errors, Fields};

/// A text given in Arabic and/or French (the form's `<key>_ar` and `<key>_fr`):
/// each within `max` characters, at least one of the two present.
fn bilingual(
    tr: &Tr,
    errors: &mut Errors,
    field: &str,
    f: &Fields,
    key: &str,
    max: usize,
) -> Bilingual {
    let ar = form::text(tr, errors, field, f.get(&format!("{key}_ar")), max);
    let fr = form::text(tr, errors, field, f.get(&format!("{key}_fr")), max);
    if ar.is_none() && fr.is_none() && errors.get(field).is_none() {
        errors.add(field.to_owned(), tr.t("title-required"));
    }
    Bilingual::new(ar, fr)
}

/// Lines of two textareas, paired: the n-th Arabic line with the n-th French one.
fn paired_lines(tr: &Tr, errors: &mut Errors, field: &str, ar: &str, fr: &str) -> Vec<Bilingual> {
    let lines = |s: &str| {
        s.lines()
            .map(str::trim)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let (a, f) = (lines(ar), lines(fr));
    let n = a.len().max(f.len());
    if n > 100 {
        errors.add(field, tr.n("too-many-lines", 100));
        return vec![];
    }
    let mut out = vec![];
    for i in 0..n {
        let pick = |v: &Vec<String>| v.get(i).filter(|s| !s.is_empty()).cloned();
        let (x, y) = (pick(&a), pick(&f));
        if x.is_none() && y.is_none() {
            continue;
        }
        for t in [&x, &y].into_iter().flatten() {
            if t.chars().count() > 2000 {
                errors.add(field, tr.n("field-too-long", 2000));
            }
        }
        out.push(Bilingual::new(x, y));
    }
    out
}

/// A non-negative amount with at most two decimals ("1250000", "1 250 000,50").
fn parse_amount(s: &str) -> Option<String> {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '.')
        .collect::<String>();
    // Accept "," or "." as the decimal separator: "." was removed only when it groups thousands.
    let (int, frac) = match (s.contains(','), s.matches('.').count()) {
        (true, _) => cleaned
            .split_once(',')
            .map(|(a, b)| (a.to_owned(), b.to_owned()))?,
        (false, 1) if s.rsplit('.').next().is_some_and(|d| d.len() <= 2) => {
            let raw: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            raw.split_once('.')
                .map(|(a, b)| (a.to_owned(), b.to_owned()))?
        }
        _ => (cleaned, String::new()),
    };
    let ok = !int.is_empty()
        && int.len() <= 12
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 2
        && frac.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| {
        if frac.is_empty() {
            int
        } else {
            format!("{int}.{frac}")
        }
    })
}

fn parse_url(s: &str) -> Result<Option<String>, ()> {
    if s.is_empty() {
        return Ok(None);
    }
    match url::Url::parse(s) {
        // The length of what is stored: the parser may lengthen it (percent-encoding).
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some()
                && u.as_str().len() <= 2000 =>
        {
            Ok(Some(u.to_string()))
        }
        _ => Err(()),
    }
}

/// The fields of a progress change, checked the same way for the back-office and the API.
pub fn check_progress(
    tr: &Tr,
    errors: &mut Errors,
    completion: &str,
    note: &str,
    evidence: &str,
) -> (Option<Percent>, Option<String>, Option<String>) {
    let completion_ok = Percent::parse(completion);
    if completion_ok.is_none() {
        errors.add("completion", tr.t("completion-invalid"));
    }
    let note = form::text(tr, errors, "note", note, 2000);
    let evidence = match parse_url(evidence.trim()) {
        Ok(u) => u,
        Err(()) => {
            errors.add("evidence_url", tr.t("url-invalid"));
            None
        }
    };
    (completion_ok, note, evidence)
}

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
    Ok(Redirect::to(&format!("/admin/plan/projects/{id}")).into_response())
}

pub fn into_app(e: WriteError) -> AppError {
    match e {
        WriteError::NotFound => AppError::NotFound,
        WriteError::Db(e) => AppError::Database(e),
        other => AppError::Conflict(other.to_string()),
    }
}

pub struct ActivityForm {
    pub id: Uuid,
    pub title: Text,
    pub span: String,
    pub completion: i16,
    pub version: i32,
}

#[derive(Template)]
#[template(path = "admin_project.html")]
struct ProjectPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    id: Uuid,
    version: i32,
    published: bool,
    title_ar: String,
    title_fr: String,
    category: String,
    problems_ar: String,
    problems_fr: String,
    solutions_ar: String,
    solutions_fr: String,
    results_ar: String,
    results_fr: String,
    pillars: Vec<(String, String, bool)>,
    outcomes: Vec<(String, String, bool)>,
    categories: Vec<(String, String)>,
    budget_stated: bool,
    budget: String,
    activities: Vec<ActivityForm>,
    indicators: Vec<(Uuid, Text)>,
    errors: Errors,
    error_activity: Option<Uuid>,
    message: Option<String>,
}

fn join(items: &[repo::Item], ar: bool) -> String {
    items
        .iter()
        .map(|i| {
            if ar {
                i.text.ar.clone()
            } else {
                i.text.fr.clone()
            }
            .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a project's form shows after an action.
#[derive(Default)]
struct Shown<'a> {
    errors: Errors,
    /// The activity whose progress form was refused.
    error_activity: Option<Uuid>,
    message: Option<String>,
    /// What the editor typed, shown again after a refused save.
    posted: Option<&'a Fields>,
}

/// A project's card in the back-office, after `shown`.
async fn project_view(page: &TenantPage, id: Uuid, shown: Shown<'_>) -> AppResult<Response> {
    let Shown {
        errors,
        error_activity,
        message,
        posted,
    } = shown;
    let (tr, lang) = (page.tr(), page.lang);
    let mut tx = page.tx().await?;
    let card = repo::card(&mut tx, id, true)
        .await?
        .ok_or(AppError::NotFound)?;
    let repo::CardCatalogues {
        pillars,
        outcomes,
        categories,
    } = repo::card_catalogues(&mut tx).await?;
    tx.commit().await?;
    let listed = |cat: &[CatalogEntry], held: &[String]| -> Vec<(String, String, bool)> {
        cat.iter()
            .filter(|c| !c.retired || held.contains(&c.code))
            .map(|c| {
                (
                    c.code.clone(),
                    c.label(lang).to_owned(),
                    held.contains(&c.code),
                )
            })
            .collect()
    };
    // After a refused save, show what the editor typed, not what is stored.
    let keep = |k: &str, stored: String| posted.map(|f| f.one(k).to_owned()).unwrap_or(stored);
    let (held_pillars, held_outcomes) = match posted {
        Some(f) => (f.all("pillar"), f.all("outcome")),
        None => (card.pillars.clone(), card.outcomes.clone()),
    };
    let view = ProjectPage {
        shell: page.shell_at(
            &format!("/admin/plan/projects/{id}"),
            tr.t("admin-project-title"),
        ),
        csrf: page.csrf.clone(),
        id,
        version: card.version,
        published: card.published,
        title_ar: keep("title_ar", card.title.ar.clone().unwrap_or_default()),
        title_fr: keep("title_fr", card.title.fr.clone().unwrap_or_default()),
        category: keep(
            "problem_category",
            card.problem_category.clone().unwrap_or_default(),
        ),
        problems_ar: keep("problems_ar", join(&card.problems, true)),
        problems_fr: keep("problems_fr", join(&card.problems, false)),
        solutions_ar: keep("solutions_ar", join(&card.solutions, true)),
        solutions_fr: keep("solutions_fr", join(&card.solutions, false)),
        results_ar: keep("results_ar", join(&card.results, true)),
        results_fr: keep("results_fr", join(&card.results, false)),
        pillars: listed(&pillars, &held_pillars),
        outcomes: listed(&outcomes, &held_outcomes),
        categories: categories
            .iter()
            .filter(|c| !c.retired)
            .map(|c| (c.code.clone(), c.label(lang).to_owned()))
            .collect(),
        budget_stated: posted
            .map(|f| f.one("budget_stated") == "on")
            .unwrap_or(card.budget_mad.is_some()),
        budget: keep("budget_mad", card.budget_mad.clone().unwrap_or_default()),
        activities: card
            .activities
            .iter()
            .map(|a| ActivityForm {
                id: a.id,
                title: Text::of(&a.title, lang),
                span: format!(
                    "{} – {}",
                    month_label(lang, a.start_month),
                    month_label(lang, a.end_month)
                ),
                completion: a.completion,
                version: a.version,
            })
            .collect(),
        indicators: card
            .indicators
            .iter()
            .map(|i| (i.id, Text::of(&i.name, lang)))
            .collect(),
        errors,
        error_activity,
        message,
    };
    page.render(view.errors.status(), &view)
}

pub async fn project(
    page: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    project_view(&page, id, Shown::default()).await
}

pub async fn save_project(
    page: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<Uuid>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = page.tr();
    let f = Fields(form);
    let mut errors = Errors::default();
    let mut tx = page.tx().await?;
    let (pillars, outcomes, categories) = (
        catalog::catalog(&mut tx, "pillar").await?,
        catalog::catalog(&mut tx, "outcome").await?,
        catalog::catalog(&mut tx, "problem_category").await?,
    );
    let title = bilingual(&tr, &mut errors, "title", &f, "title", 300);
    let category = f.opt("problem_category");
    if let Some(c) = &category
        && !categories.iter().any(|x| &x.code == c && !x.retired)
    {
        errors.add("problem_category", tr.t("unknown-category"));
    }
    let picked_pillars = f.all("pillar");
    if picked_pillars
        .iter()
        .any(|p| !pillars.iter().any(|x| &x.code == p))
    {
        errors.add("pillars", tr.t("unknown-pillar"));
    }
    let picked_outcomes = f.all("outcome");
    if picked_outcomes
        .iter()
        .any(|p| !outcomes.iter().any(|x| &x.code == p))
    {
        errors.add("outcomes", tr.t("unknown-outcome"));
    }
    let budget = if f.one("budget_stated") == "on" {
        match parse_amount(f.one("budget_mad")) {
            Some(a) => Some(a),
            None => {
                errors.add("budget_mad", tr.t("budget-invalid"));
                None
            }
        }
    } else {
        None
    };
    let version: i32 = f.one("version").parse().unwrap_or(-1);
    let fields = CardFields {
        title,
        problem_category: category,
        problems: paired_lines(
            &tr,
            &mut errors,
            "problems",
            f.one("problems_ar"),
            f.one("problems_fr"),
        ),
        solutions: paired_lines(
            &tr,
            &mut errors,
            "solutions",
            f.one("solutions_ar"),
            f.one("solutions_fr"),
        ),
        results: paired_lines(
            &tr,
            &mut errors,
            "results",
            f.one("results_ar"),
            f.one("results_fr"),
        ),
        pillars: picked_pillars,
        outcomes: picked_outcomes,
        budget_mad: budget,
    };
    if errors.is_empty() {
        match write::save_card(&mut tx, id, version, &fields).await {
            Ok(()) => {
                infitah_platform::content::commit(tx, &page.state.versions).await?;
                return project_view(
                    &page,
                    id,
                    Shown {
                        message: Some(tr.t("saved")),
                        ..Default::default()
                    },
                )
                .await;
            }
            Err(WriteError::Stale) => errors.add("version", tr.t("stale-form")),
            Err(e) => return Err(into_app(e)),
        }
    }
    tx.rollback().await?;
    project_view(
        &page,
        id,
        Shown {
            errors,
            posted: Some(&f),
            ..Default::default()
        },
    )
    .await
}

pub async fn publish(
    page: TenantPage,
    _staff: Staff<EditProgramme>,
    Path(id): Path<Uuid>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let f = Fields(form);
    let mut tx = page.tx().await?;
    write::set_published(&mut tx, id, f.one("published") == "true")
        .await
        .map_err(into_app)?;
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    Ok(Redirect::to(&format!("/admin/plan/projects/{id}")).into_response())
}

pub async fn add_activity(
    page: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<Uuid>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = page.tr();
    let f = Fields(form);
    let mut errors = Errors::default();
    let title = bilingual(&tr, &mut errors, "activity_title", &f, "title", 500);
    let start = write::parse_month(f.one("start_month"));
    let end = write::parse_month(f.one("end_month"));
    if start.is_none() {
        errors.add("start_month", tr.t("month-invalid"));
    }
    if end.is_none() {
        errors.add("end_month", tr.t("month-invalid"));
    }
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        errors.add("end_month", tr.t("end-before-start"));
    }
    let (Some(start), Some(end), true) = (start, end, errors.is_empty()) else {
        return project_view(
            &page,
            id,
            Shown {
                errors,
                ..Default::default()
            },
        )
        .await;
    };
    let mut tx = page.tx().await?;
    write::add_activity(&mut tx, id, &title, start, end)
        .await
        .map_err(into_app)?;
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    Ok(Redirect::to(&format!("/admin/plan/projects/{id}#activities")).into_response())
}

pub async fn add_indicator(
    page: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<Uuid>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = page.tr();
    let f = Fields(form);
    let mut errors = Errors::default();
    let name = bilingual(&tr, &mut errors, "indicator_name", &f, "name", 1000);
    let unit = form::text(&tr, &mut errors, "unit", f.get("unit"), 40);
    let mut number = |k: &str| -> Option<String> {
        let raw = f.one(k);
        if raw.is_empty() {
            return None;
        }
        let v = parse_amount(raw);
        if v.is_none() {
            errors.add(k.to_owned(), tr.t("number-invalid"));
        }
        v
    };
    let (baseline, target) = (number("baseline"), number("target"));
    if !errors.is_empty() {
        return project_view(
            &page,
            id,
            Shown {
                errors,
                ..Default::default()
            },
        )
        .await;
    }
    let mut tx = page.tx().await?;
    write::add_indicator(
        &mut tx,
        id,
        &name,
        unit.as_deref(),
        baseline.as_deref(),
        target.as_deref(),
    )
    .await
    .map_err(into_app)?;
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    Ok(Redirect::to(&format!("/admin/plan/projects/{id}#indicators")).into_response())
}

pub async fn set_progress(
    page: TenantPage,
    staff: Staff<EditProgramme>,
    Path(activity): Path<Uuid>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = page.tr();
    let v = staff.viewer();
    let f = Fields(form);
    let mut errors = Errors::default();
    let (completion, note, evidence) = check_progress(
        &tr,
        &mut errors,
        f.one("completion"),
        f.get("note"),
        f.one("evidence_url"),
    );
    let version: i32 = f.one("version").parse().unwrap_or(-1);
    let mut tx = page.tx().await?;
    let project: Uuid =
        sqlx::query_scalar!("select project_id from activities where id = $1", activity)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
    if let (Some(c), true) = (completion, errors.is_empty()) {
        match write::set_progress(
            &mut tx,
            activity,
            version,
            write::Progress {
                completion: c,
                note: note.as_deref(),
                evidence: evidence.as_deref(),
            },
            write::Actor {
                id: v.account_id,
                name: &v.display_name,
            },
        )
        .await
        {
            Ok(()) => {
                infitah_platform::content::commit(tx, &page.state.versions).await?;
                return Ok(Redirect::to(&format!(
                    "/admin/plan/projects/{project}#activity-{activity}"
                ))
                .into_response());
            }
            Err(WriteError::Stale) => errors.add("completion", tr.t("stale-form")),
            Err(e) => return Err(into_app(e)),
        }
    }
    tx.rollback().await?;
    project_view(
        &page,
        project,
        Shown {
            errors,
            error_activity: Some(activity),
            ..Default::default()
        },
    )
    .await
}

/// Records a measured value of an indicator.
pub async fn add_measurement(
    page: TenantPage,
    staff: Staff<EditProgramme>,
    Path(indicator): Path<Uuid>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = page.tr();
    let v = staff.viewer();
    let f = Fields(form);
    let mut errors = Errors::default();
    let mut tx = page.tx().await?;
    let project: Uuid =
        sqlx::query_scalar!("select project_id from indicators where id = $1", indicator)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(AppError::NotFound)?;
    let measured_on = infitah_platform::text::date(f.one("measured_on"));
    if measured_on.is_none() {
        errors.add("measured_on", tr.t("date-invalid"));
    }
    let value = parse_amount(f.one("value"));
    if value.is_none() {
        errors.add("value", tr.t("number-invalid"));
    }
    let note = form::text(&tr, &mut errors, "measurement_note", f.get("note"), 1000);
    let (Some(measured_on), Some(value), true) = (measured_on, value, errors.is_empty()) else {
        tx.rollback().await?;
        return project_view(
            &page,
            project,
            Shown {
                errors,
                ..Default::default()
            },
        )
        .await;
    };
    write::add_measurement(
        &mut tx,
        indicator,
        measured_on,
        &value,
        note.as_deref(),
        v.account_id,
    )
    .await
    .map_err(into_app)?;
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    Ok(Redirect::to(&format!("/admin/plan/projects/{project}#indicators")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1250000").as_deref(), Some("1250000"));
        assert_eq!(parse_amount("1 250 000").as_deref(), Some("1250000"));
        assert_eq!(parse_amount("1.250.000").as_deref(), Some("1250000"));
        assert_eq!(parse_amount("1250000,50").as_deref(), Some("1250000.50"));
        assert_eq!(parse_amount("99.5").as_deref(), Some("99.5"));
        for bad in ["", "-5", "abc", "1e9", "12,345,6", "1234567890123"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }
}
