//! The programme and project tables, reached only through a tenant
//! transaction: row-level security shows the current collectivity's rows.

use infitah_platform::db::TenantTx;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub id: Uuid,
    pub period_start: i16,
    pub period_end: i16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSummary {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub published: bool,
}

pub async fn create_programme(
    tx: &mut TenantTx,
    period_start: i16,
    period_end: i16,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into programmes (tenant_id, id, period_start, period_end) values ($1, $2, $3, $4)",
        tenant,
        id,
        period_start,
        period_end
    )
    .execute(tx.conn())
    .await?;
    Ok(id)
}

pub async fn list_programmes(tx: &mut TenantTx) -> Result<Vec<Programme>, sqlx::Error> {
    sqlx::query_as!(
        Programme,
        "select id, period_start, period_end from programmes order by period_start"
    )
    .fetch_all(tx.conn())
    .await
}

pub async fn create_project(
    tx: &mut TenantTx,
    programme_id: Uuid,
    title_ar: Option<&str>,
    title_fr: Option<&str>,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into projects (tenant_id, id, programme_id, title_ar, title_fr) values ($1, $2, $3, $4, $5)",
        tenant,
        id,
        programme_id,
        title_ar,
        title_fr
    )
    .execute(tx.conn())
    .await?;
    Ok(id)
}

pub async fn list_projects(tx: &mut TenantTx) -> Result<Vec<ProjectSummary>, sqlx::Error> {
    sqlx::query_as!(
        ProjectSummary,
        "select id, programme_id, title_ar, title_fr, published from projects order by position, created_at"
    )
    .fetch_all(tx.conn())
    .await
}

/// Renames a project; returns how many rows changed (0 for another collectivity's id).
pub async fn rename_project(
    tx: &mut TenantTx,
    id: Uuid,
    title_fr: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "update projects set title_fr = $2, updated_at = now() where id = $1",
        id,
        title_fr
    )
    .execute(tx.conn())
    .await?
    .rows_affected())
}

/// Deletes a project; returns how many rows went (0 for another collectivity's id).
pub async fn delete_project(tx: &mut TenantTx, id: Uuid) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!("delete from projects where id = $1", id)
        .execute(tx.conn())
        .await?
        .rows_affected())
}
