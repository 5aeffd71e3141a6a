//! A person's subscriptions in the download of their data — what they
//! follow, how they want to hear, their notifications, the e-mails queued
//! or sent to their address (kind and dates; never the links they carried) —
//! and their erasure with the account: follows, preferences, notifications
//! and every message to the address go with it.

use futures::future::BoxFuture;
use infitah_platform::{
    AppResult,
    addons::{Person, PersonalData},
    db::TenantTx,
};

/// Registered by the binary, whatever services it serves.
pub struct Subscriptions;

impl PersonalData for Subscriptions {
    fn export<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        person: &'a Person<'a>,
    ) -> BoxFuture<'a, AppResult<Vec<(&'static str, serde_json::Value)>>> {
        Box::pin(async move {
            let id = person.account_id;
            let follows = sqlx::query_scalar!(
                r#"select coalesce(jsonb_agg(jsonb_build_object(
                       'kind', f.kind, 'subject_id', f.subject_id, 'since', f.created_at)
                     order by f.created_at), '[]') as "follows!"
                   from follows f where f.account_id = $1"#,
                id
            )
            .fetch_one(tx.conn())
            .await?;
            let prefs = sqlx::query_scalar!(
                r#"select coalesce((select jsonb_build_object('delivery', p.delivery, 'updated_at', p.updated_at)
                                      from notification_prefs p where p.account_id = $1), 'null') as "prefs!""#,
                id
            )
            .fetch_one(tx.conn())
            .await?;
            let notifications = sqlx::query_scalar!(
                r#"select coalesce(jsonb_agg(jsonb_build_object(
                       'kind', n.kind, 'about', n.payload, 'at', n.created_at, 'read_at', n.read_at, 'mail', n.mail)
                     order by n.created_at), '[]') as "notifications!"
                   from notifications n where n.account_id = $1"#,
                id
            )
            .fetch_one(tx.conn())
            .await?;
            let mails = sqlx::query_scalar!(
                r#"select coalesce(jsonb_agg(jsonb_build_object(
                       'kind', o.kind, 'language', o.lang, 'queued_at', o.created_at,
                       'status', o.status, 'sent_at', o.sent_at)
                     order by o.created_at), '[]') as "mails!"
                   from outbox o where o.recipient = $1"#,
                person.email
            )
            .fetch_one(tx.conn())
            .await?;
            Ok(vec![
                ("follows", follows),
                ("notification_settings", prefs),
                ("notifications", notifications),
                ("emails", mails),
            ])
        })
    }

    fn erase<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        person: &'a Person<'a>,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            let id = person.account_id;
            sqlx::query!("delete from follows where account_id = $1", id)
                .execute(tx.conn())
                .await?;
            sqlx::query!("delete from notification_prefs where account_id = $1", id)
                .execute(tx.conn())
                .await?;
            sqlx::query!("delete from notifications where account_id = $1", id)
                .execute(tx.conn())
                .await?;
            sqlx::query!("delete from outbox where recipient = $1", person.email)
                .execute(tx.conn())
                .await?;
            Ok(())
        })
    }
}
