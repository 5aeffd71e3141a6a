//! The council's side of a programme: the dates of the process stages, and
//! the council's approval — recorded once, by an administrator, freezing the
//! programme as adopted (what the card's "since adoption" compares with).

use askama::Template;
use axum::{Form, response::Response};
use infitah_platform::{
    AppError, AppResult, TenantPage,
    auth::{Administer, EditProgramme, Role, Staff},
    form,
    web::Shell,
};

use crate::{
    admin::{Errors, Fields, into_app},
    model::Bilingual,
    pages::{self, Text},
    repo,
    write::{self, WriteError},
};

pub struct StageRowForm {
    pub code: &'static str,
    pub label: String,
    pub planned_start: String,
    pub planned_end: String,
    pub actual_start: String,
    pub actual_end: String,
}

#[derive(Template)]
#[template(path = "admin_council.html")]
struct CouncilPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    stages: Vec<StageRowForm>,
    decision: Option<(String, String, i32, i32, i32, Text)>,
    can_record: bool,
    errors: Errors,
    message: Option<String>,
}

/// The council's page (stages and decision), with a refused form's errors or a message.
async fn council_view(
    page: &TenantPage,
    errors: Errors,
    message: Option<String>,
) -> AppResult<Response> {
    let (tr, lang) = (page.tr(), page.lang);
    let is_admin = page.viewer().is_some_and(|v| v.has(Role::Admin));
    let mut tx = page.tx().await?;
    let programme = repo::current_programme(&mut tx, true)
        .await?
        .ok_or(AppError::NotFound)?;
    let stages = repo::stages(&mut tx, programme.id).await?;
    let decision = repo::decision(&mut tx, programme.id).await?;
    tx.commit().await?;
    let iso = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let view = CouncilPage {
        shell: page.shell_at("/admin/plan/council", tr.t("admin-council-title")),
        csrf: page.csrf.clone(),
        stages: crate::model::STAGES
            .iter()
            .map(|code| {
                let s = stages.iter().find(|s| s.stage == *code);
                StageRowForm {
                    code,
                    label: tr.t(&format!("stage-{code}")),
                    planned_start: iso(s.and_then(|s| s.planned_start)),
                    planned_end: iso(s.and_then(|s| s.planned_end)),
                    actual_start: iso(s.and_then(|s| s.actual_start)),
                    actual_end: iso(s.and_then(|s| s.actual_end)),
                }
            })
            .collect(),
        can_record: decision.is_none() && is_admin,
        decision: decision.map(|d| {
            (
                pages::date_label(lang, d.decided_on),
                d.session_ref,
                d.votes_for,
                d.votes_against,
                d.votes_abstain,
                Text::of(&d.text, lang),
            )
        }),
        errors,
        message,
    };
    page.render(view.errors.status(), &view)
}

pub async fn page(page: TenantPage, _: Staff<EditProgramme>) -> AppResult<Response> {
    council_view(&page, Errors::default(), None).await
}

/// Saves the dates of the process stages.
pub async fn save_stages(
    page: TenantPage,
    _: Staff<EditProgramme>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = page.tr();
    let f = Fields(form);
    let mut errors = Errors::default();
    let mut stages = vec![];
    for code in crate::model::STAGES {
        let mut date = |part: &str| -> Option<time::Date> {
            let key = format!("{code}_{part}");
            let raw = f.one(&key);
            if raw.is_empty() {
                return None;
            }
            let d = infitah_platform::text::date(raw);
            if d.is_none() {
                errors.add(format!("stage-{code}"), tr.t("date-invalid"));
            }
            d
        };
        let (ps, pe, as_, ae) = (
            date("planned_start"),
            date("planned_end"),
            date("actual_start"),
            date("actual_end"),
        );
        if matches!((ps, pe), (Some(a), Some(b)) if b < a)
            || matches!((as_, ae), (Some(a), Some(b)) if b < a)
        {
            errors.add(format!("stage-{code}"), tr.t("end-before-start"));
        }
        stages.push(write::StageDates {
            stage: code,
            planned_start: ps,
            planned_end: pe,
            actual_start: as_,
            actual_end: ae,
        });
    }
    if !errors.is_empty() {
        return council_view(&page, errors, None).await;
    }
    let mut tx = page.tx().await?;
    let programme = repo::current_programme(&mut tx, true)
        .await?
        .ok_or(AppError::NotFound)?;
    write::save_stages(&mut tx, programme.id, &stages)
        .await
        .map_err(into_app)?;
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    council_view(&page, Errors::default(), Some(tr.t("saved"))).await
}

/// Records the council's approval (admins only), freezing the programme as adopted.
pub async fn record_decision(
    page: TenantPage,
    staff: Staff<Administer>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let tr = page.tr();
    let v = staff.viewer();
    let f = Fields(form);
    let mut errors = Errors::default();
    let decided_on = infitah_platform::text::date(f.one("decided_on"));
    if decided_on.is_none() {
        errors.add("decided_on", tr.t("date-invalid"));
    }
    let session_ref = form::text(&tr, &mut errors, "session_ref", f.get("session_ref"), 200);
    if session_ref.is_none() && errors.get("session_ref").is_none() {
        errors.add("session_ref", tr.t("field-required"));
    }
    let mut votes = [0i32; 3];
    for (i, k) in ["votes_for", "votes_against", "votes_abstain"]
        .iter()
        .enumerate()
    {
        match f.one(k).parse::<i32>() {
            Ok(n) if (0..=1000).contains(&n) => votes[i] = n,
            _ => errors.add(*k, tr.t("votes-invalid")),
        }
    }
    let text_ar = form::text(&tr, &mut errors, "decision_text", f.get("text_ar"), 5000);
    let text_fr = form::text(&tr, &mut errors, "decision_text", f.get("text_fr"), 5000);
    let (Some(decided_on), Some(session_ref), true) = (decided_on, session_ref, errors.is_empty())
    else {
        return council_view(&page, errors, None).await;
    };
    let mut tx = page.tx().await?;
    let programme = repo::current_programme(&mut tx, true)
        .await?
        .ok_or(AppError::NotFound)?;
    // The programme as adopted: every published card, whole.
    let mut cards = vec![];
    for row in repo::projects(&mut tx, programme.id, false).await? {
        if let Some(c) = repo::card(&mut tx, row.id, false).await? {
            cards.push(serde_json::to_value(&c).map_err(|e| AppError::Internal(e.into()))?);
        }
    }
    let snapshot = serde_json::json!({
        "programme": {"id": programme.id, "period_start": programme.period_start, "period_end": programme.period_end, "title": programme.title},
        "projects": cards,
    });
    match write::record_decision(
        &mut tx,
        programme.id,
        &write::NewDecision {
            decided_on,
            session_ref: &session_ref,
            votes: (votes[0], votes[1], votes[2]),
            text: &Bilingual::new(text_ar, text_fr),
        },
        snapshot,
        v.account_id,
    )
    .await
    {
        Ok(()) => {}
        Err(WriteError::Frozen) => {
            tx.rollback().await?;
            let mut errors = Errors::default();
            errors.add("decided_on", tr.t("decision-exists"));
            return council_view(&page, errors, None).await;
        }
        Err(e) => return Err(into_app(e)),
    }
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    council_view(&page, Errors::default(), Some(tr.t("saved"))).await
}
