//! Staff: one workshop — its fields, attendance, paper contributions.

use super::*;

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
pub(super) struct Returned {
    pub(super) form: Option<WorkshopForm>,
    pub(super) errors: Errors,
    pub(super) grid: Option<Vec<(String, String, String)>>,
    pub(super) grid_errors: Errors,
    pub(super) paper: Option<Vec<(String, String, String)>>,
    pub(super) paper_errors: Errors,
    pub(super) problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "workshop_admin_one.html")]
pub(super) struct AdminOne<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) csrf: String,
    pub(super) id: Uuid,
    pub(super) w: WorkshopView,
    pub(super) form: WorkshopForm,
    pub(super) kinds: Vec<Choice>,
    pub(super) consultations: Vec<Choice>,
    pub(super) errors: Errors,
    pub(super) grid: Vec<GridRow>,
    pub(super) grid_total: i64,
    pub(super) grid_errors: Errors,
    pub(super) has_consultation: bool,
    pub(super) rows: Vec<PaperFormRow>,
    pub(super) paper_errors: Errors,
    pub(super) problems: Vec<String>,
    pub(super) message: Option<String>,
    pub(super) csv_max_kb: usize,
}

#[derive(Deserialize, Default)]
pub(super) struct Done {
    #[serde(default)]
    pub(super) saved: String,
    #[serde(default)]
    pub(super) n: i64,
}

pub(super) async fn admin_one_page(
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

pub(super) async fn admin_one(
    cx: TenantPage,
    _: Staff<EditProgramme>,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    admin_one_page(&cx, id, StatusCode::OK, Returned::default(), done).await
}

pub(super) fn saved(id: Uuid, what: &str, n: Option<u64>) -> Response {
    let n = n.map(|n| format!("&n={n}")).unwrap_or_default();
    Redirect::to(&format!("/admin/workshops/{id}?saved={what}{n}#{what}")).into_response()
}

pub(super) async fn save(
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

pub(super) async fn save_attendance(
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
pub(super) async fn save_paper(
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
pub(super) fn describe(tr: &Tr, p: &Problem) -> String {
    let message = tr.t(p.message);
    let field = p.field.map(|f| tr.t(&format!("ws-paper-field-{f}")));
    let colon = tr.lang.colon();
    match (p.row, field) {
        (Some(r), Some(f)) => format!("{} — {f}{colon} {message}", tr.n("ws-paper-row", r as i64)),
        (Some(r), None) => format!("{}{colon} {message}", tr.n("ws-paper-row", r as i64)),
        (None, _) => message,
    }
}

pub(super) async fn paper_form(
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

pub(super) async fn paper_upload(
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
pub(super) async fn paper_export(
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
