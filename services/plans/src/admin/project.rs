//! A project's card in the back-office: its fields, saved together under
//! the version the editor saw, and its publication.

use super::*;

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
pub(super) struct Shown<'a> {
    pub(super) errors: Errors,
    /// The activity whose progress form was refused.
    pub(super) error_activity: Option<Uuid>,
    pub(super) message: Option<String>,
    /// What the editor typed, shown again after a refused save.
    pub(super) posted: Option<&'a Fields>,
}

/// A project's card in the back-office, after `shown`.
pub(super) async fn project_view(
    page: &TenantPage,
    id: Uuid,
    shown: Shown<'_>,
) -> AppResult<Response> {
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
                span: infitah_platform::texts::month_range(
                    lang,
                    Some(a.start_month),
                    Some(a.end_month),
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
    let published = f.one("published") == "true";
    write::set_published(&mut tx, id, published, None)
        .await
        .map_err(into_app)?;
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    let saved = if published {
        "published"
    } else {
        "unpublished"
    };
    Ok(Redirect::to(&format!("/admin/plan/projects/{id}?saved={saved}")).into_response())
}
