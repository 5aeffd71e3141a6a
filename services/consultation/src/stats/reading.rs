//! What the statistics read: the scope (a consultation, or a project and its
//! consultations) and its contributions grouped by profile, age bracket and day.

use super::*;

/// What the figures are about.
pub(super) struct Scope {
    pub(super) title: String,
    /// Where to go back to.
    pub(super) back: String,
    pub(super) back_label: String,
    pub(super) consultations: Vec<Uuid>,
    pub(super) span: Option<(Date, Date)>,
    pub(super) csv: String,
}

pub(super) struct ConsultationRow {
    pub(super) id: Uuid,
    pub(super) project_id: Option<Uuid>,
    pub(super) title_ar: Option<String>,
    pub(super) title_fr: Option<String>,
    pub(super) opens_on: Date,
    pub(super) until: Date,
}

pub(super) async fn consultations_where(
    tx: &mut TenantTx,
    tz: &str,
    id: Option<Uuid>,
    project: Option<Uuid>,
) -> Result<Vec<ConsultationRow>, sqlx::Error> {
    sqlx::query_as!(
        ConsultationRow,
        r#"select id, project_id, title_ar, title_fr,
                  (opens_at at time zone $1)::date as "opens_on!",
                  (least(closes_at, now()) at time zone $1)::date as "until!"
             from consultations
            where ($2::uuid is null or id = $2) and ($3::uuid is null or project_id = $3)
            order by opens_at"#,
        tz,
        id,
        project
    )
    .fetch_all(tx.conn())
    .await
}

/// Whether the viewer may see this project (public by the rule, or staff).
pub(super) async fn project_visible(
    tx: &mut TenantTx,
    project: Uuid,
    staff: bool,
    lang: Lang,
) -> Result<Option<String>, sqlx::Error> {
    Ok(infitah_plans::repo::list_projects(tx)
        .await?
        .into_iter()
        .find(|p| p.id == project && (p.public || staff))
        .map(|p| {
            Bilingual::new(p.title_ar, p.title_fr)
                .get(lang)
                .text
                .to_owned()
        }))
}

pub(super) fn span_of(rows: &[ConsultationRow]) -> Option<(Date, Date)> {
    let a = rows.iter().map(|r| r.opens_on).min()?;
    let b = rows.iter().map(|r| r.until).max()?;
    (b >= a).then(|| (stats_model::week_start(a), stats_model::week_start(b)))
}

pub(super) async fn consultation_scope(
    tx: &mut TenantTx,
    tr: &Tr<'_>,
    tenant: &Tenant,
    id: Uuid,
    staff: bool,
) -> AppResult<Scope> {
    let lang = tr.lang;
    let rows = consultations_where(tx, &tenant.record.time_zone, Some(id), None).await?;
    let c = rows.first().ok_or(AppError::NotFound)?;
    let project_title = match c.project_id {
        Some(p) => Some(
            project_visible(tx, p, staff, lang)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let own = Bilingual::new(c.title_ar.clone(), c.title_fr.clone());
    let title = match (own.get(lang).text, &project_title) {
        ("", Some(p)) => p.clone(),
        ("", None) => tr.t("stats-programme-consultation"),
        (t, _) => t.to_owned(),
    };
    Ok(Scope {
        title,
        back: format!("/consultations/{id}"),
        back_label: tr.t("stats-back-consultation"),
        consultations: vec![c.id],
        span: span_of(&rows),
        csv: format!("/consultations/{id}/stats.csv"),
    })
}

pub(super) async fn project_scope(
    tx: &mut TenantTx,
    tr: &Tr<'_>,
    tenant: &Tenant,
    project: Uuid,
    staff: bool,
) -> AppResult<Scope> {
    let title = project_visible(tx, project, staff, tr.lang)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = consultations_where(tx, &tenant.record.time_zone, None, Some(project)).await?;
    Ok(Scope {
        title,
        back: format!("/projects/{project}"),
        back_label: tr.t("stats-back-project"),
        consultations: rows.iter().map(|r| r.id).collect(),
        span: span_of(&rows),
        csv: format!("/projects/{project}/participation.csv"),
    })
}

/// The visible contributions (online and paper) of these consultations, grouped.
pub(super) async fn groups(
    tx: &mut TenantTx,
    tz: &str,
    consultations: &[Uuid],
) -> Result<Vec<Group>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select c.profile, c.age_bracket, (c.workshop_id is not null) as "paper!",
                  date_trunc('week', c.created_at at time zone $1)::date as "week!",
                  count(*) as "n!"
             from comments c
            where c.consultation_id = any($2) and c.shown
            group by 1, 2, 3, 4"#,
        tz,
        consultations
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Group {
            profile: r.profile,
            age_bracket: r.age_bracket,
            paper: r.paper,
            week: r.week,
            n: r.n,
        })
        .collect())
}

/// Whether a project has any visible contribution (its page then links to the figures).
pub async fn project_has_contributions(
    tx: &mut TenantTx,
    project: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from comments c join consultations k on k.id = c.consultation_id
                           where k.project_id = $1 and c.shown) as "e!""#,
        project
    )
    .fetch_one(tx.conn())
    .await
}

pub(super) async fn workshops_feeding(
    tx: &mut TenantTx,
    consultations: &[Uuid],
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from workshops where consultation_id = any($1)"#,
        consultations
    )
    .fetch_one(tx.conn())
    .await
}
