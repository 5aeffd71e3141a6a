//! The programme as JSON under `/api/v1`: the same data as the pages (drafts
//! for the collectivity's staff only), and a write endpoint for progress with
//! exactly the back-office's validation. Staff authenticate with their
//! session cookie and send the CSRF token in `X-CSRF-Token` (the guard checks
//! it for every state-changing request). The answers are typed, and their
//! types (with `#[utoipa::path]` on each handler) are the OpenAPI document.

use axum::{
    Json,
    extract::Path,
    response::{IntoResponse, Response},
};
use infitah_platform::{
    AppError, AppResult, TenantPage,
    auth::{EditProgramme, Staff},
    cache::CachedPage,
    error::ErrorBody,
    openapi::{ReadErrors, WriteErrors},
    texts::Bilingual,
    types::{HcpCode, TenantKind},
    web::ApiJson,
};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    admin::{Errors, check_progress, into_app},
    model, repo,
    write::{self, WriteError},
};

fn json_page<T: Serialize>(value: &T) -> AppResult<CachedPage> {
    Ok(CachedPage {
        body: serde_json::to_vec(value)
            .map_err(|e| AppError::Internal(e.into()))?
            .into(),
        content_type: "application/json",
        volatile: false,
    })
}

/// A collectivity, as the API names it.
#[derive(Serialize, ToSchema)]
pub struct Collectivity {
    /// Its host's first label (`kenitra` for kenitra.<base domain>).
    slug: String,
    kind: TenantKind,
    /// Its code in the HCP's national list (none for the national space).
    #[schema(required = true)]
    hcp_code: Option<HcpCode>,
    name: Names,
}

/// A collectivity's name in each language.
#[derive(Serialize, ToSchema)]
pub struct Names {
    ar: String,
    fr: String,
    #[schema(required = true)]
    en: Option<String>,
}

impl Collectivity {
    fn of(t: &infitah_platform::tenancy::Tenant) -> Collectivity {
        Collectivity {
            slug: t.slug().to_owned(),
            kind: t.record.kind,
            hcp_code: t.record.hcp_code.clone(),
            name: Names {
                ar: t.record.name_ar.clone(),
                fr: t.record.name_fr.clone(),
                en: t.record.name_en.clone(),
            },
        }
    }
}

/// The collectivity, its current programme and the programme's projects.
#[derive(Serialize, ToSchema)]
#[schema(as = Programme)]
pub struct ProgrammeAnswer {
    collectivity: Collectivity,
    /// Null when no programme is published (to the staff: when none exists).
    #[schema(required = true)]
    programme: Option<ProgrammeInfo>,
    /// Absent when there is no programme.
    #[serde(skip_serializing_if = "Option::is_none")]
    projects: Option<Vec<ProjectInfo>>,
}

/// A programme: its period, title, progress and process stages.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeInfo {
    id: Uuid,
    period_start: i16,
    period_end: i16,
    title: Bilingual,
    /// False only in a draft, shown to the collectivity's staff.
    published: bool,
    /// The mean progress of its published projects, 0–100.
    progress: i16,
    /// The last stage that has actually started (none before any).
    #[schema(required = true)]
    current_stage: Option<String>,
    stages: Vec<StageInfo>,
}

/// A stage of the programme's process, with its planned and actual dates.
#[derive(Serialize, ToSchema)]
pub struct StageInfo {
    /// `axes`, `workshops`, `consultation`, `approval`, `implementation`, `monitoring`.
    stage: String,
    #[schema(required = true)]
    planned_start: Option<Day>,
    #[schema(required = true)]
    planned_end: Option<Day>,
    #[schema(required = true)]
    actual_start: Option<Day>,
    #[schema(required = true)]
    actual_end: Option<Day>,
}

/// A project in the programme's list.
#[derive(Serialize, ToSchema)]
pub struct ProjectInfo {
    id: Uuid,
    title: Bilingual,
    /// False only for a draft, shown to the collectivity's staff.
    published: bool,
    pillars: Vec<String>,
    /// Its activities' weighted completion, 0–100.
    progress: i16,
    status: model::Status,
}

/// `GET /api/v1/programme`: the collectivity, its current programme, stages and projects.
#[utoipa::path(
    get,
    path = "/api/v1/programme",
    summary = "The current programme",
    description = "The collectivity, its current programme (period, title, progress, process stages with planned and actual dates, the current stage) and its projects with their progress, status and pillars.",
    responses(
        (status = 200, description = "The programme (programme is null when none is published)", body = ProgrammeAnswer),
        ReadErrors,
    )
)]
pub async fn programme(page: TenantPage) -> AppResult<Response> {
    let tenant = &page.tenant;
    page.cached("/api/v1/programme", || async {
        let drafts = page.sees_drafts();
        let mut tx = page.tx().await?;
        let today = repo::today(&mut tx, &tenant.record.time_zone).await?;
        let collectivity = Collectivity::of(tenant);
        let Some(p) = repo::current_programme(&mut tx, drafts).await? else {
            tx.commit().await?;
            return json_page(&ProgrammeAnswer {
                collectivity,
                programme: None,
                projects: None,
            });
        };
        let stages = repo::stages(&mut tx, p.id).await?;
        let rows = repo::projects(&mut tx, p.id, drafts).await?;
        tx.commit().await?;
        let progress = model::programme_progress(
            &rows
                .iter()
                .filter(|r| r.published)
                .map(|r| r.progress)
                .collect::<Vec<_>>(),
        );
        let projects = rows
            .into_iter()
            .map(|r| ProjectInfo {
                status: model::project_status(&r.spans, today),
                id: r.id,
                title: r.title,
                published: r.published,
                pillars: r.pillars,
                progress: r.progress,
            })
            .collect();
        json_page(&ProgrammeAnswer {
            collectivity,
            programme: Some(ProgrammeInfo {
                id: p.id,
                period_start: p.period_start,
                period_end: p.period_end,
                title: p.title,
                published: p.published,
                progress,
                current_stage: model::current_stage(&stages).map(str::to_owned),
                stages: stages
                    .into_iter()
                    .map(|s| StageInfo {
                        stage: s.stage,
                        planned_start: s.planned_start.map(Day),
                        planned_end: s.planned_end.map(Day),
                        actual_start: s.actual_start.map(Day),
                        actual_end: s.actual_end.map(Day),
                    })
                    .collect(),
            }),
            projects: Some(projects),
        })
    })
    .await
}

/// A calendar day, `2024-10-01`.
#[derive(ToSchema)]
#[schema(value_type = String, format = Date)]
pub struct Day(Date);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A month, `2024-10`.
#[derive(ToSchema)]
#[schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}$", example = "2024-10")]
pub struct MonthOf(Date);

impl Serialize for MonthOf {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!(
            "{:04}-{:02}",
            self.0.year(),
            u8::from(self.0.month())
        ))
    }
}

/// Every field of a project card in the card's order, its progress, status,
/// public history of progress changes and the committee's evaluations.
#[derive(Serialize, ToSchema)]
#[schema(as = Card)]
pub struct CardAnswer {
    id: Uuid,
    programme_id: Uuid,
    title: Bilingual,
    /// False only for a draft, shown to the collectivity's staff.
    published: bool,
    /// The project's version, raised by every change to it.
    version: i32,
    /// Its activities' weighted completion, 0–100.
    progress: i16,
    status: model::Status,
    /// A code of the national catalogue of problem categories.
    #[schema(required = true)]
    problem_category: Option<String>,
    problems: Vec<repo::Item>,
    solutions: Vec<repo::Item>,
    /// Codes of the national catalogue of pillars.
    pillars: Vec<String>,
    budget: Budget,
    /// Codes of the national catalogue of standard outcomes.
    outcomes: Vec<String>,
    results: Vec<repo::Item>,
    indicators: Vec<IndicatorInfo>,
    activities: Vec<ActivityInfo>,
    /// Every change of an activity's completion, the latest first.
    history: Vec<HistoryInfo>,
    /// The co-monitoring committee's evaluations (stage 3), every record
    /// kept: the latest half-year first, and within a half-year the latest
    /// record first.
    evaluations: Vec<crate::evaluation::Evaluation>,
}

/// The communal budget: stated (with its amount) or not (the card's "///").
#[derive(Serialize, ToSchema)]
pub struct Budget {
    stated: bool,
    /// In dirhams, as a decimal string; only when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_mad: Option<String>,
}

/// An indicator, its baseline and target, and what was measured.
#[derive(Serialize, ToSchema)]
pub struct IndicatorInfo {
    id: Uuid,
    name: Bilingual,
    #[schema(required = true)]
    unit: Option<String>,
    /// Decimal strings.
    #[schema(required = true)]
    baseline: Option<String>,
    #[schema(required = true)]
    target: Option<String>,
    measurements: Vec<MeasurementInfo>,
}

/// A value of an indicator, on the day it was measured.
#[derive(Serialize, ToSchema)]
pub struct MeasurementInfo {
    measured_on: Day,
    /// A decimal string.
    value: String,
    #[schema(required = true)]
    note: Option<String>,
}

/// An activity: its months, completion and whether it is late.
#[derive(Serialize, ToSchema)]
pub struct ActivityInfo {
    id: Uuid,
    title: Bilingual,
    start_month: MonthOf,
    end_month: MonthOf,
    /// 0–100.
    completion: i16,
    /// The activity's version, to send back with a change of its progress.
    version: i32,
    /// Its last month is over and it is not complete.
    late: bool,
}

/// A change of an activity's completion, as the public history shows it.
#[derive(Serialize, ToSchema)]
pub struct HistoryInfo {
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    at: time::OffsetDateTime,
    activity: Bilingual,
    /// Who made it, as the collectivity names its staff.
    #[schema(required = true)]
    actor: Option<String>,
    old_value: i16,
    new_value: i16,
    #[schema(required = true)]
    note: Option<String>,
    #[schema(required = true)]
    evidence_url: Option<String>,
}

impl CardAnswer {
    fn of(
        card: repo::Card,
        today: Date,
        evaluations: Vec<crate::evaluation::Evaluation>,
    ) -> CardAnswer {
        let spans: Vec<model::Span> = card.activities.iter().map(|a| a.span()).collect();
        CardAnswer {
            status: model::project_status(&spans, today),
            id: card.id,
            programme_id: card.programme_id,
            title: card.title,
            published: card.published,
            version: card.version,
            progress: card.progress,
            problem_category: card.problem_category,
            problems: card.problems,
            solutions: card.solutions,
            pillars: card.pillars,
            budget: Budget {
                stated: card.budget_mad.is_some(),
                amount_mad: card.budget_mad,
            },
            outcomes: card.outcomes,
            results: card.results,
            indicators: card
                .indicators
                .into_iter()
                .map(|i| IndicatorInfo {
                    id: i.id,
                    name: i.name,
                    unit: i.unit,
                    baseline: i.baseline,
                    target: i.target,
                    measurements: i
                        .measurements
                        .into_iter()
                        .map(|m| MeasurementInfo {
                            measured_on: Day(m.measured_on),
                            value: m.value,
                            note: m.note,
                        })
                        .collect(),
                })
                .collect(),
            activities: card
                .activities
                .into_iter()
                .map(|a| ActivityInfo {
                    late: a.span().is_late(today),
                    id: a.id,
                    title: a.title,
                    start_month: MonthOf(a.start_month),
                    end_month: MonthOf(a.end_month),
                    completion: a.completion,
                    version: a.version,
                })
                .collect(),
            history: card
                .history
                .into_iter()
                .map(|h| HistoryInfo {
                    at: h.at,
                    activity: h.activity,
                    actor: h.actor,
                    old_value: h.old_value,
                    new_value: h.new_value,
                    note: h.note,
                    evidence_url: h.evidence_url,
                })
                .collect(),
            evaluations,
        }
    }
}

/// `GET /api/v1/projects/{id}`: every field of a card, its progress, status and history.
#[utoipa::path(
    get,
    path = "/api/v1/projects/{id}",
    summary = "One project card",
    description = "Every field of a project card in the card's order: title, progress, problem category and problems, proposed solution, pillars, communal budget (stated or not), standard outcomes and free expected results, indicators with measurements, activities (months, completion, late), the public history of progress changes, and the co-monitoring committee's evaluations with their history.",
    params(("id" = Uuid, Path, description = "The project")),
    responses(
        (status = 200, description = "The card", body = CardAnswer),
        (status = 404, description = "No such project for the public here (a draft, a project of a programme still in draft, and other collectivities' projects answer the same; error `not_found`)", body = ErrorBody),
        ReadErrors,
    )
)]
pub async fn project(page: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let tenant = &page.tenant;
    page.cached(&format!("/api/v1/projects/{id}"), || async {
        let drafts = page.sees_drafts();
        let mut tx = page.tx().await?;
        let card = repo::card(&mut tx, id, drafts)
            .await?
            .ok_or(AppError::NotFound)?;
        let today = repo::today(&mut tx, &tenant.record.time_zone).await?;
        let evaluations = crate::evaluation::history(&mut tx, id).await?;
        tx.commit().await?;
        json_page(&CardAnswer::of(card, today, evaluations))
    })
    .await
}

/// A new completion of an activity, with the version it was read at.
#[derive(Deserialize, ToSchema)]
pub struct ProgressBody {
    /// 0–100 (a number, or digits in a string).
    #[schema(value_type = i16, minimum = 0, maximum = 100)]
    pub completion: serde_json::Value,
    /// The activity's `version` as read: a stale one is refused.
    pub version: i32,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// An http(s) address of the evidence.
    #[serde(default)]
    #[schema(max_length = 2000, format = "uri")]
    pub evidence_url: Option<String>,
}

/// The change, saved.
#[derive(Serialize, ToSchema)]
pub struct ProgressSaved {
    activity: Uuid,
    completion: i16,
    /// The activity's new version, for the next change.
    version: i32,
}

/// `POST /api/v1/activities/{id}/progress`: sets an activity's completion, as the back-office does.
#[utoipa::path(
    post,
    path = "/api/v1/activities/{id}/progress",
    summary = "Set an activity's completion",
    description = "Staff (editors and admins) of the collectivity set an activity's completion (0–100) with an optional note and evidence link; the change is kept in the project's public history. `version` is the activity's version as read: a stale one is refused, so two editors never overwrite each other silently.",
    params(
        ("id" = Uuid, Path, description = "The activity"),
        ("X-CSRF-Token" = String, Header, description = "The session's CSRF token (`GET /api/v1/csrf`)"),
    ),
    request_body = ProgressBody,
    responses(
        (status = 200, description = "Saved: the new completion and version", body = ProgressSaved),
        (status = 404, description = "Not staff of this collectivity, or no such activity here (error `not_found`)", body = ErrorBody),
        (status = 422, description = "A field is wrong (completion outside 0–100, note too long, evidence not an http(s) address; a control character or bytes that are not UTF-8 in any string, named by its path; the body not of the schema: field `body`) or the version is stale (field `version`)", body = ErrorBody),
        (status = 429, description = "Too many requests (error `too_many_requests`)", body = ErrorBody),
        WriteErrors,
    )
)]
pub async fn set_progress(
    page: TenantPage,
    staff: Staff<EditProgramme>,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ProgressBody>,
) -> AppResult<Response> {
    let tr = page.tr();
    let v = staff.viewer();
    let mut errors = Errors::default();
    let completion = match &body.completion {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => String::new(),
    };
    let (completion, note, evidence) = check_progress(
        &tr,
        &mut errors,
        &completion,
        body.note.as_deref().unwrap_or(""),
        body.evidence_url.as_deref().unwrap_or(""),
    );
    let Some(completion) = completion.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors.into_fields()));
    };
    let mut tx = page.tx().await?;
    match write::set_progress(
        &mut tx,
        id,
        body.version,
        write::Progress {
            completion,
            note: note.as_deref(),
            evidence: evidence.as_deref(),
            at: None,
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
            Ok(Json(ProgressSaved {
                activity: id,
                completion: completion.get(),
                version: body.version + 1,
            })
            .into_response())
        }
        Err(WriteError::Stale) => Err(AppError::invalid("version", tr.t("stale-form"))),
        Err(e) => Err(into_app(e)),
    }
}

/// The programme's part of the API document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(programme, project, set_progress))]
pub struct ApiDoc;
