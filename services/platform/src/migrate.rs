//! The migrator and the catalog guard. `migrate` runs with an administrator's
//! connection: it creates the three roles and the database when they are
//! missing, then applies the migrations *as* `infitah_owner`, so that the owner
//! owns every object and the application role owns nothing. The catalog guard
//! is what `serve` runs before it accepts a request.

use secrecy::{ExposeSecret, SecretString};
use sqlx::{Connection, Executor, PgConnection, migrate::Migrator, postgres::PgConnectOptions};

/// The advisory lock of `infitah migrate` (session-level, on the maintenance
/// database): two migrators never race on roles and the database.
pub const MIGRATE_LOCK: i64 = 7302917051;

pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

pub const OWNER: &str = "infitah_owner";
pub const APP: &str = "infitah_app";
pub const NATIONAL: &str = "infitah_national";
/// Delivers every collectivity's mail: sees the outbox of all, and nothing else.
pub const WORKER: &str = "infitah_worker";

/// Each login role's `statement_timeout` (`ALTER ROLE … SET`, which holds
/// for every session of the role, through PgBouncer too): a stalled
/// statement (a lock held by a long transaction, a disk that stops) fails
/// within seconds for the web and answers 503, while the worker, which sends
/// whole batches, waits longer. The operator's commands set their own
/// ([`OPERATOR_STATEMENT_TIMEOUT`]); `migrate` itself has none.
pub const ROLE_STATEMENT_TIMEOUTS: [(&str, &str); 3] =
    [(APP, "5s"), (NATIONAL, "30s"), (WORKER, "60s")];
/// `tenant`, `user`, `demo` and the backups, acting as the owner.
pub const OPERATOR_STATEMENT_TIMEOUT: &str = "5min";

/// What a run of `migrate` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MigrateReport {
    pub roles_created: Vec<String>,
    pub database_created: bool,
    pub migrations_applied: usize,
}

impl std::fmt::Display for MigrateReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.roles_created.is_empty() && !self.database_created && self.migrations_applied == 0 {
            return write!(
                f,
                "nothing to do: roles, database and schema are up to date"
            );
        }
        if !self.roles_created.is_empty() {
            writeln!(f, "created roles: {}", self.roles_created.join(", "))?;
        }
        if self.database_created {
            writeln!(f, "created the database")?;
        }
        write!(f, "applied {} migration(s)", self.migrations_applied)
    }
}

fn database_name(options: &PgConnectOptions) -> anyhow::Result<String> {
    let name = options.get_database().unwrap_or("infitah").to_owned();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        anyhow::bail!("database name {name:?} must be lowercase letters, digits and underscores");
    }
    Ok(name)
}

/// Creates roles and database when missing, then applies pending migrations.
pub async fn migrate(admin_url: &SecretString) -> anyhow::Result<MigrateReport> {
    let options: PgConnectOptions = admin_url
        .expose_secret()
        .parse()
        .map_err(|e| anyhow::anyhow!("database_admin_url: {e}"))?;
    let dbname = database_name(&options)?;
    let mut report = MigrateReport::default();

    let mut maint = PgConnection::connect_with(&options.clone().database("postgres"))
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect with database_admin_url: {e}"))?;
    // Two migrators at once (a Helm hook and an operator) must not race on
    // CREATE ROLE / CREATE DATABASE, which are not transactional with IF NOT EXISTS.
    sqlx::query("select pg_advisory_lock($1)")
        .bind(MIGRATE_LOCK)
        .execute(&mut maint)
        .await?;
    let result = async {
        for (role, attrs) in [
            (OWNER, "NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"),
            (
                APP,
                "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION",
            ),
            (
                NATIONAL,
                "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION",
            ),
            (
                WORKER,
                "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION",
            ),
        ] {
            let exists: bool =
                sqlx::query_scalar("select exists(select 1 from pg_roles where rolname = $1)")
                    .bind(role)
                    .fetch_one(&mut maint)
                    .await?;
            if !exists {
                maint
                    .execute(format!("create role {role} {attrs}").as_str())
                    .await?;
                report.roles_created.push(role.to_owned());
            }
        }
        for (role, timeout) in ROLE_STATEMENT_TIMEOUTS {
            let current: Option<String> = sqlx::query_scalar(
                "select c from pg_db_role_setting s join pg_roles r on r.oid = s.setrole, unnest(s.setconfig) c
                  where r.rolname = $1 and s.setdatabase = 0 and c like 'statement\\_timeout=%'",
            )
            .bind(role)
            .fetch_optional(&mut maint)
            .await?;
            if current.as_deref() != Some(&format!("statement_timeout={timeout}")) {
                maint
                    .execute(format!("alter role {role} set statement_timeout = '{timeout}'").as_str())
                    .await?;
            }
        }
        // An administrator that is not a superuser (a managed PostgreSQL) must be
        // a member of the owner role to act as it.
        let is_super: bool =
            sqlx::query_scalar("select rolsuper from pg_roles where rolname = current_user")
                .fetch_one(&mut maint)
                .await?;
        if !is_super {
            let member: bool = sqlx::query_scalar("select pg_has_role(current_user, $1, 'MEMBER')")
                .bind(OWNER)
                .fetch_one(&mut maint)
                .await?;
            if !member {
                maint
                    .execute(format!("grant {OWNER} to current_user").as_str())
                    .await?;
            }
        }
        let db_exists: bool =
            sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
                .bind(&dbname)
                .fetch_one(&mut maint)
                .await?;
        if !db_exists {
            maint
                .execute(
                    format!(
                        "create database {dbname} owner {OWNER} encoding 'UTF8' template template0"
                    )
                    .as_str(),
                )
                .await?;
            maint
                .execute(format!("revoke all on database {dbname} from public").as_str())
                .await?;
            maint
                .execute(
                    format!("grant connect, temporary on database {dbname} to {APP}, {NATIONAL}, {WORKER}")
                        .as_str(),
                )
                .await?;
            report.database_created = true;
        }
        anyhow::Ok(())
    }
    .await;
    let _ = sqlx::query("select pg_advisory_unlock($1)")
        .bind(MIGRATE_LOCK)
        .execute(&mut maint)
        .await;
    maint.close().await.ok();
    result?;

    let mut conn = owner_connection(admin_url).await?;
    let before = applied_count(&mut conn).await?;
    MIGRATOR.run(&mut conn).await?;
    report.migrations_applied = (applied_count(&mut conn).await? - before) as usize;
    conn.close().await.ok();
    Ok(report)
}

async fn applied_count(conn: &mut PgConnection) -> anyhow::Result<i64> {
    let exists: bool = sqlx::query_scalar("select to_regclass('_sqlx_migrations') is not null")
        .fetch_one(&mut *conn)
        .await?;
    if !exists {
        return Ok(0);
    }
    Ok(
        sqlx::query_scalar("select count(*) from _sqlx_migrations where success")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// A connection to the platform database acting as `infitah_owner`: what the
/// operator's commands (`tenant …`, `demo`) use to write the registry.
pub async fn owner_connection(admin_url: &SecretString) -> anyhow::Result<PgConnection> {
    let options: PgConnectOptions = admin_url
        .expose_secret()
        .parse()
        .map_err(|e| anyhow::anyhow!("database_admin_url: {e}"))?;
    let mut conn = PgConnection::connect_with(&options.application_name("infitah-admin"))
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect with database_admin_url: {e}"))?;
    conn.execute(
        format!("set role {OWNER}; set statement_timeout = '{OPERATOR_STATEMENT_TIMEOUT}'")
            .as_str(),
    )
    .await?;
    Ok(conn)
}

/// Everything that would let the connected role see past row-level security.
/// Empty means safe to serve.
pub async fn catalog_problems(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let mut problems = vec![];
    let (role, is_super, bypass): (String, bool, bool) = sqlx::query_as(
        "select rolname::text, rolsuper, rolbypassrls from pg_roles where rolname = current_user",
    )
    .fetch_one(&mut *conn)
    .await?;
    if is_super {
        problems.push(format!(
            "role {role} is a superuser, which bypasses row-level security"
        ));
    }
    if bypass {
        problems.push(format!("role {role} has BYPASSRLS"));
    }
    let owned: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relowner = (select oid from pg_roles where rolname = current_user)
           and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
         union all
         select n.nspname::text from pg_namespace n
         where n.nspowner = (select oid from pg_roles where rolname = current_user)
         order by 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    if !owned.is_empty() {
        problems.push(format!(
            "role {role} owns {}: owners bypass row-level security",
            owned.join(", ")
        ));
    }
    for t in tenant_tables(conn).await? {
        if !t.rls_enabled || !t.rls_forced {
            problems.push(format!(
                "table {} has a tenant_id but row-level security is not enabled and forced",
                t.name
            ));
        }
        if !t.pk_starts_with_tenant {
            problems.push(format!(
                "table {}'s primary key does not start with tenant_id",
                t.name
            ));
        }
    }
    let unscoped: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and c.relname <> all($1)
            and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
          order by 1",
    )
    .bind(REGISTRY_TABLES)
    .fetch_all(&mut *conn)
    .await?;
    for t in unscoped {
        problems.push(format!(
            "table {t} has no tenant_id and is not part of the registry"
        ));
    }
    // A view runs with its owner's rights unless it says otherwise: the
    // national role would then read through it under the owner's policies.
    let definer_views: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'v'
            and not coalesce('security_invoker=true' = any (c.reloptions), false)
          order by 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    for v in definer_views {
        problems.push(format!(
            "view {v} is not security_invoker: it would read with its owner's rights"
        ));
    }
    Ok(problems)
}

/// The only tables without a tenant_id: the public registry of collectivities,
/// the national catalogues every collectivity shares, and the migrator's own
/// bookkeeping.
pub const REGISTRY_TABLES: &[&str] = &[
    "tenants",
    "tenant_hosts",
    "catalog_entries",
    "_sqlx_migrations",
];

/// A table of the public schema with a `tenant_id` column, as the catalog sees it.
#[derive(Debug, sqlx::FromRow)]
pub struct TenantTable {
    pub name: String,
    pub rls_enabled: bool,
    pub rls_forced: bool,
    pub pk_starts_with_tenant: bool,
}

pub async fn tenant_tables(conn: &mut PgConnection) -> anyhow::Result<Vec<TenantTable>> {
    Ok(sqlx::query_as(
        "select c.relname::text as name, c.relrowsecurity as rls_enabled, c.relforcerowsecurity as rls_forced,
                coalesce((select a.attname = 'tenant_id'
                            from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                           where i.indrelid = c.oid and i.indisprimary), false) as pk_starts_with_tenant
           from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
          order by 1",
    )
    .fetch_all(&mut *conn)
    .await?)
}
