//! Which version of a collectivity's public content each replica has seen.
//! Every write that changes what the public sees bumps the collectivity's
//! `content_versions` row in its own transaction and notifies
//! `infitah_content` with `<tenant>:<version>`; cached pages are keyed by
//! that version, so the next read after a commit renders afresh — on every
//! replica, and in Redis too, since all replicas agree on the number.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::Duration,
};

use sqlx::postgres::PgListener;

use crate::{
    db::{Db, TenantTx},
    types::TenantId,
};

/// The versions known to this replica.
pub struct ContentVersions {
    db: Db,
    known: RwLock<HashMap<TenantId, i64>>,
}

impl ContentVersions {
    pub fn new(db: Db) -> Self {
        ContentVersions {
            db,
            known: RwLock::new(HashMap::new()),
        }
    }

    /// The current version of a collectivity's content (one database read the
    /// first time, then from memory until a notification changes it).
    pub async fn get(&self, tenant: TenantId) -> Result<i64, sqlx::Error> {
        if let Some(v) = self.known.read().expect("versions lock").get(&tenant) {
            return Ok(*v);
        }
        let mut tx = self.db.tenant_tx(tenant).await?;
        let v: Option<i64> = sqlx::query_scalar!("select version from content_versions")
            .fetch_optional(tx.conn())
            .await?;
        tx.commit().await?;
        let v = v.unwrap_or(0);
        self.note(tenant, v);
        Ok(v)
    }

    /// The version this replica knows, without asking the database.
    pub fn peek(&self, tenant: TenantId) -> Option<i64> {
        self.known
            .read()
            .expect("versions lock")
            .get(&tenant)
            .copied()
    }

    /// Forgets what this replica knew of a collectivity's version: the next
    /// read asks the database. Called right after a write commits, so that
    /// the writer's own next read never waits for the notification.
    pub fn forget(&self, tenant: TenantId) {
        self.known.write().expect("versions lock").remove(&tenant);
    }

    fn note(&self, tenant: TenantId, version: i64) {
        let mut known = self.known.write().expect("versions lock");
        let e = known.entry(tenant).or_insert(version);
        *e = (*e).max(version);
    }

    /// Follows the notifications; on every (re)connection forgets what it knew,
    /// since notifications may have been missed meanwhile.
    pub async fn keep_fresh(self: Arc<Self>) {
        loop {
            match PgListener::connect_with(self.db.listen_pool()).await {
                Ok(mut l) => {
                    if let Err(e) = l.listen("infitah_content").await {
                        tracing::warn!(error = %e, "cannot listen for content changes");
                    } else {
                        self.known.write().expect("versions lock").clear();
                        loop {
                            match l.recv().await {
                                Ok(n) => {
                                    if let Some((t, v)) = n.payload().split_once(':')
                                        && let (Ok(t), Ok(v)) = (t.parse(), v.parse())
                                    {
                                        self.note(TenantId(t), v);
                                    }
                                }
                                Err(e) => {
                                    tracing::warn!(error = %e, "content listener lost; reconnecting");
                                    break;
                                }
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot listen for content changes"),
            }
            // Whatever happened while deaf is unknown: forget, and read again on use.
            self.known.write().expect("versions lock").clear();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}

/// Bumps the collectivity's content version in the caller's transaction; the
/// notification is delivered when (and only if) it commits.
pub async fn bump(tx: &mut TenantTx) -> Result<i64, sqlx::Error> {
    let tenant = tx.tenant().0;
    let v = sqlx::query_scalar!(
        "insert into content_versions (tenant_id, version) values ($1, 2)
         on conflict (tenant_id) do update set version = content_versions.version + 1
         returning version",
        tenant
    )
    .fetch_one(tx.conn())
    .await?;
    sqlx::query!(
        "select pg_notify('infitah_content', $1)",
        format!("{tenant}:{v}")
    )
    .execute(tx.conn())
    .await?;
    Ok(v)
}

/// Commits a transaction that bumped the content version, and makes this
/// replica's next read see it at once (other replicas learn it by notification).
pub async fn commit(tx: TenantTx, versions: &ContentVersions) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant();
    tx.commit().await?;
    versions.forget(tenant);
    Ok(())
}
