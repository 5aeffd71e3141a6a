//! A project's activities: a new one, and its progress (with a note and
//! evidence) recorded in the public history.

use super::*;

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
    Ok(Redirect::to(&format!(
        "/admin/plan/projects/{id}?saved=activity#activities"
    ))
    .into_response())
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
                return Ok(Redirect::to(&format!(
                    "/admin/plan/projects/{project}?saved=progress#activity-{activity}"
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
