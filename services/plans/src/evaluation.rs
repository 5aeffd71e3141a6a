//! Co-monitoring and evaluation (stage 3 of the openness process): the
//! collectivity's co-monitoring committee records, per published project and
//! per half-year ("2025-H1", "2025-H2"), an evaluation on the OGP
//! independent-reporting completion scale, with a justification and evidence
//! links (https only). Nothing is overwritten: a newer evaluation of the same
//! period supersedes the earlier one, which stays in the public history.
//!
//! The project page shows the current evaluations beside the commune's own
//! progress, with their history; the JSON API carries them too; the national
//! view reads `project_evaluation_latest` (migrations/0008_evaluations.sql).
//! Pages show the committee's role and the date, never the member's name.

use askama::Template;
use axum::{
    Form,
    extract::{Path, Query},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use infitah_platform::{
    AppError, AppResult, TenantPage,
    auth::{Evaluate, Staff},
    db::TenantTx,
    i18n::{Lang, Tr},
    web::Shell,
};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{model::Bilingual, pages::Text};

/// The OGP independent-reporting completion scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    NoEvidence,
    NotStarted,
    Limited,
    Substantial,
    Complete,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::NoEvidence,
        Level::NotStarted,
        Level::Limited,
        Level::Substantial,
        Level::Complete,
    ];
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s.trim())
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Level::NoEvidence => "no_evidence",
            Level::NotStarted => "not_started",
            Level::Limited => "limited",
            Level::Substantial => "substantial",
            Level::Complete => "complete",
        }
    }
    /// The level as a percentage, to set beside reported progress (the same
    /// mapping as the database's `evaluation_percent`): "no evidence" is no
    /// measure at all.
    pub fn percent(self) -> Option<i16> {
        match self {
            Level::NoEvidence => None,
            Level::NotStarted => Some(0),
            Level::Limited => Some(33),
            Level::Substantial => Some(67),
            Level::Complete => Some(100),
        }
    }
}

/// A half-year, "2025-H1" (January–June) or "2025-H2" (July–December).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    year: i16,
    half: u8,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        let (y, h) = s.trim().split_once('-')?;
        let year: i16 = y.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        let half = match h {
            "H1" => 1,
            "H2" => 2,
            _ => return None,
        };
        Some(Period { year, half })
    }
    pub fn year(self) -> i16 {
        self.year
    }
    pub fn code(self) -> String {
        format!("{}-H{}", self.year, self.half)
    }
    /// Every half-year of a programme's period, the latest first.
    pub fn of_years(start: i16, end: i16) -> Vec<Period> {
        (start..=end)
            .rev()
            .flat_map(|year| [Period { year, half: 2 }, Period { year, half: 1 }])
            .collect()
    }
    pub fn label(self, tr: &Tr) -> String {
        tr.s(
            &format!("eval-period-h{}", self.half),
            &self.year.to_string(),
        )
    }
}

/// One recorded evaluation of the co-monitoring committee.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Evaluation {
    pub id: Uuid,
    /// A half-year: H1 is January–June, H2 July–December.
    #[schema(pattern = "^[0-9]{4}-H[12]$", example = "2026-H1")]
    pub period: String,
    /// The OGP Independent Reporting Mechanism's completion scale:
    /// `no_evidence`, `not_started`, `limited`, `substantial`, `complete`.
    pub level: String,
    /// The level as a percentage, to compare with reported progress: not
    /// started 0, limited 33, substantial 67, complete 100; no evidence null.
    #[schema(required = true)]
    pub percent: Option<i16>,
    pub justification: String,
    #[schema(format = "uri")]
    pub evidence_urls: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: OffsetDateTime,
    /// The latest record of its period (false: superseded, kept as history).
    pub current: bool,
}

/// Every evaluation of a project, the latest period first and, within a
/// period, the latest record first (the current one).
pub async fn history(tx: &mut TenantTx, project: Uuid) -> Result<Vec<Evaluation>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select id, period, level, justification, evidence_urls, recorded_at,
                  row_number() over (partition by period order by recorded_at desc, id desc) = 1 as "current!"
             from evaluations where project_id = $1
            order by period desc, recorded_at desc, id desc"#,
        project
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Evaluation {
            id: r.id,
            percent: Level::parse(&r.level).and_then(Level::percent),
            period: r.period,
            level: r.level,
            justification: r.justification,
            evidence_urls: r.evidence_urls,
            recorded_at: r.recorded_at,
            current: r.current,
        })
        .collect())
}

/// What an evaluation is made of, checked.
pub struct NewEvaluation {
    pub period: Period,
    pub level: Level,
    pub justification: String,
    pub evidence_urls: Vec<String>,
}

/// Records an evaluation and bumps the collectivity's content version;
/// `recorded_at` None is now (a date for evaluations entered after the fact).
pub async fn record(
    tx: &mut TenantTx,
    project: Uuid,
    e: &NewEvaluation,
    by: Uuid,
    recorded_at: Option<time::OffsetDateTime>,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into evaluations (tenant_id, id, project_id, period, level, justification, evidence_urls, recorded_by, recorded_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, clock_timestamp()))",
        tenant,
        id,
        project,
        e.period.code(),
        e.level.as_str(),
        e.justification,
        &e.evidence_urls,
        by,
        recorded_at
    )
    .execute(tx.conn())
    .await?;
    infitah_platform::content::bump(tx).await?;
    Ok(id)
}

/// A published project the committee may evaluate: its title and its programme's years.
struct Evaluable {
    title: Bilingual,
    period_start: i16,
    period_end: i16,
}

async fn evaluable(tx: &mut TenantTx, project: Uuid) -> Result<Option<Evaluable>, sqlx::Error> {
    let row = sqlx::query!(
        "select p.title_ar, p.title_fr, g.period_start, g.period_end
           from projects p join programmes g on g.tenant_id = p.tenant_id and g.id = p.programme_id
          where p.id = $1 and p.published",
        project
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| Evaluable {
        title: Bilingual::new(r.title_ar, r.title_fr),
        period_start: r.period_start,
        period_end: r.period_end,
    }))
}

pub use infitah_platform::form::Errors;

/// The form as submitted.
#[derive(Default, Clone)]
pub struct FormValues {
    pub period: String,
    pub level: String,
    pub justification: String,
    pub evidence_urls: String,
}

impl FormValues {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = FormValues::default();
        for (k, v) in pairs {
            match k.as_str() {
                "period" => f.period = v,
                "level" => f.level = v,
                "justification" => f.justification = v,
                "evidence_urls" => f.evidence_urls = v,
                _ => {}
            }
        }
        f
    }
}

/// Checks the form: each bad field named, in the committee member's language.
pub fn check(tr: &Tr, f: &FormValues, years: (i16, i16)) -> Result<NewEvaluation, Errors> {
    let mut errors = Errors::default();
    let period = Period::parse(&f.period).filter(|p| (years.0..=years.1).contains(&p.year()));
    if period.is_none() {
        errors.add("period", tr.t("eval-error-period"));
    }
    let level = Level::parse(&f.level);
    if level.is_none() {
        errors.add("level", tr.t("eval-error-level"));
    }
    let justification = f.justification.trim().to_owned();
    if justification.is_empty() {
        errors.add("justification", tr.t("eval-error-justification"));
    } else if justification.chars().count() > 4000 {
        errors.add("justification", tr.n("eval-error-too-long", 4000));
    } else if justification
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add("justification", tr.t("eval-error-characters"));
    }
    let mut urls = vec![];
    for line in f
        .evidence_urls
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match url::Url::parse(line) {
            Ok(u)
                if u.scheme() == "https"
                    && u.host_str().is_some()
                    && u.username().is_empty()
                    && u.password().is_none()
                    && u.as_str().len() <= 2000 =>
            {
                urls.push(u.to_string())
            }
            _ => {
                errors.add("evidence_urls", tr.t("eval-error-evidence"));
                break;
            }
        }
    }
    if urls.len() > 10 {
        errors.add("evidence_urls", tr.n("eval-error-evidence-count", 10));
    }
    match (period, level, errors.is_empty()) {
        (Some(period), Some(level), true) => Ok(NewEvaluation {
            period,
            level,
            justification,
            evidence_urls: urls,
        }),
        _ => Err(errors),
    }
}

/// An evaluation as a page shows it.
pub struct EvaluationView {
    pub period: String,
    pub level: String,
    pub level_code: &'static str,
    pub percent: Option<i16>,
    pub date: String,
    pub justification: String,
    pub evidence_urls: Vec<String>,
    pub current: bool,
}

/// The project page's co-monitoring section: reported progress, the current
/// evaluations (one per period), and every earlier record.
pub struct CardSection {
    pub reported: i16,
    pub current: Vec<EvaluationView>,
    pub superseded: Vec<EvaluationView>,
}

pub fn views(tr: &Tr, lang: Lang, list: &[Evaluation]) -> Vec<EvaluationView> {
    list.iter()
        .map(|e| {
            let level = Level::parse(&e.level).unwrap_or(Level::NoEvidence);
            EvaluationView {
                period: Period::parse(&e.period)
                    .map(|p| p.label(tr))
                    .unwrap_or_else(|| e.period.clone()),
                level: tr.t(&format!("eval-level-{}", level.as_str())),
                level_code: level.as_str(),
                percent: e.percent,
                date: crate::pages::date_label(lang, e.recorded_at.date()),
                justification: e.justification.clone(),
                evidence_urls: e.evidence_urls.clone(),
                current: e.current,
            }
        })
        .collect()
}

pub fn card_section(tr: &Tr, lang: Lang, reported: i16, list: &[Evaluation]) -> CardSection {
    let (current, superseded) = views(tr, lang, list).into_iter().partition(|v| v.current);
    CardSection {
        reported,
        current,
        superseded,
    }
}

pub struct ProjectLine {
    pub id: Uuid,
    pub title: Text,
    pub latest: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation_index.html")]
struct IndexPage<'a> {
    shell: Shell<'a>,
    projects: Vec<ProjectLine>,
}

/// `GET /admin/evaluations`: the published projects and their latest evaluation.
pub async fn index(page: TenantPage, _: Staff<Evaluate>) -> AppResult<Response> {
    let (tr, lang) = (page.tr(), page.lang);
    let mut tx = page.tx().await?;
    let programme = crate::repo::current_programme(&mut tx, false).await?;
    let rows = match &programme {
        Some(p) => crate::repo::projects(&mut tx, p.id, false).await?,
        None => vec![],
    };
    let latest = sqlx::query!(
        r#"select project_id as "project_id!", period as "period!", level as "level!"
             from project_evaluation_latest"#
    )
    .fetch_all(tx.conn())
    .await?;
    tx.commit().await?;
    let view = IndexPage {
        shell: page.shell(tr.t("eval-admin-title")),
        projects: rows
            .iter()
            .map(|r| ProjectLine {
                id: r.id,
                title: Text::of(&r.title, lang),
                latest: latest.iter().find(|l| l.project_id == r.id).map(|l| {
                    format!(
                        "{} — {}",
                        Period::parse(&l.period)
                            .map(|p| p.label(&tr))
                            .unwrap_or_else(|| l.period.clone()),
                        tr.t(&format!("eval-level-{}", l.level))
                    )
                }),
            })
            .collect(),
    };
    page.render(StatusCode::OK, &view)
}

#[derive(Template)]
#[template(path = "evaluation_form.html")]
struct FormPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    id: Uuid,
    title: Text,
    periods: Vec<(String, String)>,
    levels: Vec<(&'static str, String)>,
    values: FormValues,
    errors: Errors,
    history: Vec<EvaluationView>,
    saved: bool,
}

/// A project's evaluation form and history: fresh, after a save, or refused
/// (422, with `values` as sent and `errors` beside their fields).
async fn form_page(
    page: &TenantPage,
    project: Uuid,
    values: FormValues,
    errors: Errors,
    saved: bool,
) -> AppResult<Response> {
    let status = errors.status();
    let (tr, lang) = (page.tr(), page.lang);
    let mut tx = page.tx().await?;
    let p = evaluable(&mut tx, project)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = history(&mut tx, project).await?;
    tx.commit().await?;
    let path = format!("/admin/evaluations/projects/{project}");
    let view = FormPage {
        shell: page.shell_at(&path, tr.t("eval-form-title")),
        csrf: page.csrf.clone(),
        id: project,
        title: Text::of(&p.title, lang),
        periods: Period::of_years(p.period_start, p.period_end)
            .into_iter()
            .map(|x| (x.code(), x.label(&tr)))
            .collect(),
        levels: Level::ALL
            .iter()
            .map(|l| (l.as_str(), tr.t(&format!("eval-level-{}", l.as_str()))))
            .collect(),
        values,
        errors,
        history: views(&tr, lang, &list),
        saved,
    };
    page.render(status, &view)
}

#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /admin/evaluations/projects/{id}`: the form and the project's evaluations.
pub async fn form(
    page: TenantPage,
    _: Staff<Evaluate>,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let (values, errors) = (FormValues::default(), Errors::default());
    form_page(&page, id, values, errors, q.saved.is_some()).await
}

/// `POST /admin/evaluations/projects/{id}`: records an evaluation (422 with
/// the fields named and nothing saved when the form is wrong).
pub async fn save(
    page: TenantPage,
    staff: Staff<Evaluate>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let tr = page.tr();
    let v = staff.viewer();
    let values = FormValues::from_pairs(pairs);
    let mut tx = page.tx().await?;
    let p = evaluable(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    match check(&tr, &values, (p.period_start, p.period_end)) {
        Ok(e) => {
            record(&mut tx, id, &e, v.account_id, None).await?;
            infitah_platform::content::commit(tx, &page.state.versions).await?;
            Ok(Redirect::to(&format!("/admin/evaluations/projects/{id}?saved=1")).into_response())
        }
        Err(errors) => {
            tx.rollback().await?;
            form_page(&page, id, values, errors, false).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_levels() {
        assert_eq!(
            Period::parse("2025-H1").map(Period::code).as_deref(),
            Some("2025-H1")
        );
        for bad in ["", "2025", "2025-H3", "25-H1", "1999-H1", "2025-h1"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(
            Period::of_years(2024, 2025)
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>(),
            ["2025-H2", "2025-H1", "2024-H2", "2024-H1"]
        );
        assert_eq!(Level::parse("limited"), Some(Level::Limited));
        assert_eq!(Level::parse("done"), None);
        assert_eq!(Level::NoEvidence.percent(), None);
        assert_eq!(Level::Substantial.percent(), Some(67));
    }
}
