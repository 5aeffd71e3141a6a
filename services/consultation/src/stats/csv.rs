//! The staff's CSV: exact figures.

use super::*;

pub(super) async fn csv_of(cx: &TenantPage, scope_of: ScopeOf) -> AppResult<Vec<u8>> {
    let tr = cx.state.i18n.tr(Lang::Fr);
    let tenant = &cx.tenant;
    let tz = &tenant.record.time_zone;
    let mut tx = cx.tx().await?;
    let scope = match scope_of {
        ScopeOf::Consultation(id) => consultation_scope(&mut tx, &tr, tenant, id, true).await?,
        ScopeOf::Project(id) => project_scope(&mut tx, &tr, tenant, id, true).await?,
    };
    let cats = Catalogs::load(&mut tx).await?;
    let g = groups(&mut tx, tz, &scope.consultations).await?;
    tx.commit().await?;
    let codes = |e: &[infitah_platform::catalog::CatalogEntry]| {
        e.iter()
            .filter(|e| !e.retired)
            .map(|e| e.code.clone())
            .collect::<Vec<_>>()
    };
    let b = stats_model::breakdown(&g, &codes(&cats.profiles), &codes(&cats.ages), scope.span);
    let mut rows = vec![];
    let mut push = |dim: &str, key: String, ar: String, fr: String, t: &Tally| {
        rows.push(vec![
            dim.to_owned(),
            key,
            ar,
            fr,
            t.online.to_string(),
            t.paper.to_string(),
            t.total().to_string(),
        ])
    };
    push(
        "total",
        String::new(),
        "المجموع".into(),
        "Total".into(),
        &b.total,
    );
    for (c, t) in &b.profiles {
        push(
            "profile",
            c.clone(),
            label(&cats.profiles, c, Lang::Ar),
            label(&cats.profiles, c, Lang::Fr),
            t,
        );
    }
    for (c, t) in &b.ages {
        push(
            "age_bracket",
            c.clone(),
            label(&cats.ages, c, Lang::Ar),
            label(&cats.ages, c, Lang::Fr),
            t,
        );
    }
    let dim = match b.period {
        Some(Period::Month) => "month",
        _ => "week",
    };
    for (d, t) in &b.periods {
        push(dim, d.to_string(), String::new(), String::new(), t);
    }
    infitah_platform::csv::text(
        &[
            "dimension",
            "key",
            "label_ar",
            "label_fr",
            "online",
            "paper",
            "total",
        ],
        &rows,
    )
}

pub(super) async fn consultation_csv(
    cx: TenantPage,
    _: Staff<AnyStaff>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let bytes = csv_of(&cx, ScopeOf::Consultation(id)).await?;
    Ok(infitah_platform::csv::response(
        &format!("consultation-{id}-stats.csv"),
        bytes,
        false,
    ))
}

pub(super) async fn project_csv(
    cx: TenantPage,
    _: Staff<AnyStaff>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let bytes = csv_of(&cx, ScopeOf::Project(id)).await?;
    Ok(infitah_platform::csv::response(
        &format!("project-{id}-participation.csv"),
        bytes,
        false,
    ))
}
