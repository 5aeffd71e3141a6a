//! A project's indicators, and their measured values.

use super::*;

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
    Ok(Redirect::to(&format!(
        "/admin/plan/projects/{id}?saved=indicator#indicators"
    ))
    .into_response())
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
        None,
    )
    .await
    .map_err(into_app)?;
    infitah_platform::content::commit(tx, &page.state.versions).await?;
    Ok(Redirect::to(&format!(
        "/admin/plan/projects/{project}?saved=measurement#indicators"
    ))
    .into_response())
}
