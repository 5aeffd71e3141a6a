//! Each person's delivery preference and their in-app list of
//! notifications: the repository functions behind /notifications and
//! /notifications/preferences, and the one-click unsubscribe.

use infitah_platform::db::TenantTx;
use serde_json::Value;
use uuid::Uuid;

use crate::follow::EventKind;

/// How a person wants to hear of what they follow. Without a stored
/// preference: `Immediate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Delivery {
    #[default]
    Immediate,
    Daily,
    Weekly,
    Off,
}

impl Delivery {
    pub const ALL: [Delivery; 4] = [
        Delivery::Immediate,
        Delivery::Daily,
        Delivery::Weekly,
        Delivery::Off,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Immediate => "immediate",
            Delivery::Daily => "daily",
            Delivery::Weekly => "weekly",
            Delivery::Off => "off",
        }
    }
    pub fn parse(s: &str) -> Option<Delivery> {
        Self::ALL.into_iter().find(|d| d.as_str() == s.trim())
    }
}

pub async fn delivery(tx: &mut TenantTx, account_id: Uuid) -> Result<Delivery, sqlx::Error> {
    let stored = sqlx::query_scalar!(
        "select delivery from notification_prefs where account_id = $1",
        account_id
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(stored
        .as_deref()
        .and_then(Delivery::parse)
        .unwrap_or_default())
}

/// Sets the preference. Returns false when the account does not exist here
/// (or was deleted): nothing is written then.
pub async fn set_delivery(
    tx: &mut TenantTx,
    account_id: Uuid,
    delivery: Delivery,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant().0;
    let done = sqlx::query!(
        "insert into notification_prefs (tenant_id, account_id, delivery)
         select $1, a.id, $3 from account_names a where a.id = $2
         on conflict (tenant_id, account_id) do update set delivery = excluded.delivery, updated_at = now()",
        tenant,
        account_id,
        delivery.as_str(),
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One entry of the in-app list.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: Uuid,
    pub kind: EventKind,
    pub payload: Value,
    /// Local time of the collectivity, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub read: bool,
}

/// The person's latest notifications, newest first.
pub async fn inbox(
    tx: &mut TenantTx,
    account_id: Uuid,
    time_zone: &str,
    limit: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select id, kind, payload, read_at is not null as "read!",
                  to_char(created_at at time zone $2, 'YYYY-MM-DD HH24:MI') as "at!"
             from notifications where account_id = $1
            order by created_at desc, id desc limit $3"#,
        account_id,
        time_zone,
        limit,
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Entry {
                id: r.id,
                kind: EventKind::parse(&r.kind)?,
                payload: r.payload,
                at: r.at,
                read: r.read,
            })
        })
        .collect())
}

pub async fn unread_count(tx: &mut TenantTx, account_id: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from notifications where account_id = $1 and read_at is null"#,
        account_id
    )
    .fetch_one(tx.conn())
    .await
}

/// Marks one entry (or, with `None`, all of them) read. Returns how many changed.
/// Whether entry `id` of the list is `account_id`'s (in this collectivity).
pub async fn is_entry_of(
    tx: &mut TenantTx,
    account_id: Uuid,
    id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from notifications where id = $1 and account_id = $2) as "e!""#,
        id,
        account_id
    )
    .fetch_one(tx.conn())
    .await
}

pub async fn mark_read(
    tx: &mut TenantTx,
    account_id: Uuid,
    id: Option<Uuid>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "update notifications set read_at = now()
          where account_id = $1 and read_at is null and ($2::uuid is null or id = $2)",
        account_id,
        id,
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected())
}
