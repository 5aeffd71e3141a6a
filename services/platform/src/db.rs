//! Database access. The pool is private to this module: services reach
//! tenant data only through [`TenantTx`], a transaction that has set
//! `app.tenant_id` for itself alone (`set_config(..., true)`), which is what
//! the row-level-security policies read. Transaction-local settings also keep
//! the tenant from leaking across PgBouncer's transaction pooling.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::{
    PgConnection, PgPool, Postgres, Transaction,
    postgres::{PgConnectOptions, PgPoolOptions},
};

use crate::types::TenantId;

/// The application's connection pool (as `infitah_app`).
#[derive(Clone)]
pub struct Db {
    pool: PgPool,
}

impl Db {
    /// Connects lazily: the server starts, and `/readyz` tells, even while
    /// PostgreSQL is still coming up.
    pub fn connect_lazy(url: &SecretString, max_connections: u32) -> anyhow::Result<Self> {
        let options: PgConnectOptions = url.expose_secret().parse()?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(5))
            .connect_lazy_with(options.application_name("infitah"));
        Ok(Db { pool })
    }

    pub async fn connect(url: &SecretString, max_connections: u32) -> anyhow::Result<Self> {
        let db = Self::connect_lazy(url, max_connections)?;
        db.ping().await?;
        Ok(db)
    }

    /// Begins a transaction scoped to one collectivity.
    pub async fn tenant_tx(&self, tenant: TenantId) -> Result<TenantTx, sqlx::Error> {
        TenantTx::begin(&self.pool, tenant).await
    }

    /// Reads of the platform-level registry (collectivities and their hosts),
    /// which are public and must be read before any tenant is known.
    pub(crate) fn registry_pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("select 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Connections open and idle, for the metrics.
    pub fn pool_stats(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// The pool itself, for start-up checks and the listener; not for data.
    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A transaction in which row-level security shows one collectivity only.
/// Repository functions take `&mut TenantTx`: a query without a tenant cannot
/// be written by accident.
pub struct TenantTx {
    tx: Transaction<'static, Postgres>,
    tenant: TenantId,
}

impl TenantTx {
    pub async fn begin(pool: &PgPool, tenant: TenantId) -> Result<Self, sqlx::Error> {
        let mut tx = pool.begin().await?;
        sqlx::query("select set_config('app.tenant_id', $1, true)")
            .bind(tenant.0.to_string())
            .execute(&mut *tx)
            .await?;
        Ok(TenantTx { tx, tenant })
    }

    pub fn tenant(&self) -> TenantId {
        self.tenant
    }

    /// The connection, for `query!(...).fetch_*(tx.conn())`.
    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}
