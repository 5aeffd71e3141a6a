//! An operator's changes to one collectivity: its custom hosts, its disabling.

use super::*;

pub async fn remove_hosts(
    conn: &mut PgConnection,
    id: TenantId,
    hosts: &[HostName],
) -> anyhow::Result<u64> {
    let hosts: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
    Ok(sqlx::query!(
        "delete from tenant_hosts where collectivity_id = $1 and host = any($2)",
        id.0,
        &hosts
    )
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// Disables (or re-enables) a collectivity: its hosts answer 404 while disabled;
/// its data is kept.
pub async fn set_disabled(
    conn: &mut PgConnection,
    slug: &Slug,
    disabled: bool,
) -> anyhow::Result<bool> {
    Ok(sqlx::query!(
        "update tenants set disabled_at = case when $2 then coalesce(disabled_at, now()) end, updated_at = now()
          where slug = $1 and (disabled_at is not null) <> $2",
        slug.as_str(),
        disabled
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0)
}
