//! Database access. The pool is private to this module: services reach
//! tenant data only through [`TenantTx`], a transaction that has set
//! `app.tenant_id` for itself alone (`SET LOCAL`), which is what the
//! row-level-security policies read, or through [`TenantCall`], one
//! statement that sets it for itself alone. Transaction-local settings also
//! keep the tenant from leaking across PgBouncer's transaction pooling.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::{
    PgConnection, PgPool, Postgres, Transaction,
    postgres::{PgConnectOptions, PgPoolOptions},
};

use crate::types::TenantId;

/// How long a pooled connection may sit unused before it is pinged before use.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(10);

/// How long a request waits for PostgreSQL to begin its work (BEGIN and the
/// tenant's setting, or a session lookup) before answering 503: a frozen
/// server accepts bytes and never answers, so its own statement time-out
/// (`infitah_app`'s, set by `migrate`, see [`crate::migrate::ROLE_STATEMENT_TIMEOUTS`])
/// cannot fire. Without it a request waits for the 30 s request time-out.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// Bounds a database future by [`ANSWER_TIMEOUT`]; a stall becomes
/// `PoolTimedOut`, which answers 503 as an exhausted pool does.
pub async fn answered<T>(
    work: impl std::future::Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, sqlx::Error> {
    tokio::time::timeout(ANSWER_TIMEOUT, work)
        .await
        .map_err(|_| sqlx::Error::PoolTimedOut)?
}

/// The application's connection pool (as `infitah_app`).
#[derive(Clone)]
pub struct Db {
    pool: PgPool,
    /// The change listeners' own pool when `database_listen_url` is set
    /// (see [`Db::with_listen_url`]); otherwise they use `pool`.
    listen: Option<PgPool>,
}

impl Db {
    /// Connects lazily: the server starts, and `/readyz` tells, even while
    /// PostgreSQL is still coming up.
    ///
    /// Behind PgBouncer in transaction pooling mode, mind prepared statements:
    /// sqlx prepares every query under a name (`sqlx_s_<n>`, numbered per
    /// client connection), even with `statement-cache-capacity=0`, which only
    /// stops it from reusing them. Client connections that share a server
    /// connection then collide ("prepared statement \"sqlx_s_1\" already
    /// exists") unless PgBouncer tracks protocol-level prepared statements:
    /// PgBouncer 1.21 or later with `max_prepared_statements` above 0, as the
    /// Helm chart sets it. Nothing changes here then, statement cache included.
    pub fn connect_lazy(url: &SecretString, max_connections: u32) -> anyhow::Result<Self> {
        let options: PgConnectOptions = url.expose_secret().parse()?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(5))
            // sqlx pings every connection it hands out by default: one more
            // round trip, and one more wake-up of a PostgreSQL backend, for
            // every statement of a busy server (a comment's path made three
            // of them). A connection given back moments ago is known good;
            // one idle for a while may have been cut (a restart, a firewall,
            // PgBouncer's timeouts) and is still checked before use.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > IDLE_BEFORE_PING {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_lazy_with(options.application_name("infitah"));
        Ok(Db { pool, listen: None })
    }

    /// Sends the change listeners (`LISTEN infitah_registry`,
    /// `LISTEN infitah_content`) to `url` instead of the main pool's server,
    /// unless `url` is empty. A transaction pooler cannot carry `LISTEN`: the
    /// server session that listens goes back to PgBouncer's pool after the
    /// statement, so the listener hears nothing, and whichever client gets
    /// that session next receives the notifications in the middle of its
    /// queries (sqlx: "unexpected message: NotificationResponse"). Behind
    /// PgBouncer in transaction mode this points at PostgreSQL itself, as the
    /// same role.
    pub fn with_listen_url(mut self, url: &SecretString) -> anyhow::Result<Self> {
        let url = url.expose_secret().trim();
        if url.is_empty() {
            return Ok(self);
        }
        // The URL may hold a password: the parse error must not repeat it.
        let options: PgConnectOptions = url
            .parse()
            .map_err(|_| anyhow::anyhow!("database_listen_url is not a valid PostgreSQL URL"))?;
        // Two listeners, each holding one connection while it listens; the
        // rest is slack for a listener that reconnects while its old
        // connection is still being given back.
        self.listen = Some(
            PgPoolOptions::new()
                .max_connections(4)
                .min_connections(0)
                .acquire_timeout(Duration::from_secs(5))
                .connect_lazy_with(options.application_name("infitah-listen")),
        );
        Ok(self)
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

    /// One statement for one collectivity, outside any transaction (see [`TenantCall`]).
    pub fn tenant_call(&self, tenant: TenantId) -> TenantCall<'_> {
        TenantCall {
            pool: &self.pool,
            tenant,
        }
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

    /// The pool the change listeners take their connection from: the one of
    /// `database_listen_url` when set, else the main pool. Not for data.
    pub(crate) fn listen_pool(&self) -> &PgPool {
        self.listen.as_ref().unwrap_or(&self.pool)
    }

    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(listen) = &self.listen {
            listen.close().await;
        }
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
    /// BEGIN and the tenant's setting in one round trip (a uuid's text is
    /// hexadecimal digits and hyphens: nothing to quote).
    pub async fn begin(pool: &PgPool, tenant: TenantId) -> Result<Self, sqlx::Error> {
        let tx =
            answered(pool.begin_with(format!("BEGIN; SET LOCAL app.tenant_id = '{}'", tenant.0)))
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

/// One statement for one collectivity, in its own implicit transaction: for
/// the hottest paths (a signed-in request's session, a comment's checks and
/// write), where BEGIN, the setting and COMMIT would triple the round trips.
/// Only SQL functions that take the collectivity as their first argument and
/// set it for their own statement (`set_config('app.tenant_id', …, true)`,
/// migrations/0010) are called through it; they run as `infitah_app`, held
/// by row-level security like any [`TenantTx`]. Repository functions take
/// `&TenantCall` and pass [`TenantCall::tenant`] as that first argument.
pub struct TenantCall<'a> {
    pool: &'a PgPool,
    tenant: TenantId,
}

impl TenantCall<'_> {
    pub fn tenant(&self) -> TenantId {
        self.tenant
    }

    /// The pool, for `query!("select … from f($1, …)", call.tenant().0, …).fetch_*(call.pool())`.
    pub fn pool(&self) -> &PgPool {
        self.pool
    }
}
