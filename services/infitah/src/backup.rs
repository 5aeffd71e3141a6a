//! `infitah tenant export SLUG` and `infitah tenant import --collectivity FILE`:
//! backing up and restoring ONE collectivity without touching the others.
//! (`pg_dump` backs up the whole database; this is for one commune that
//! needs to go back in time, or to move to another database.)
//!
//! The file is JSON lines (see [`FORMAT`] and `docs/operations.md`): a header
//! (format and schema versions, export time, which collectivity and its
//! parent), the collectivity's registry rows (`tenants` with its logo in
//! base64, `tenant_hosts`), then one section per tenant table — every table
//! with a `tenant_id` column, found in the catalog so that new tables are
//! included without touching this code, parents before children — and an end
//! line with the totals, so that a truncated file is refused. Each section is
//! a line naming the table, its columns and its row count, followed by that
//! many rows, each `to_jsonb(row)` exactly as PostgreSQL printed it: the rows
//! go back as that text, through `jsonb_populate_recordset`, never through a
//! Rust value, so every type round-trips exactly.
//!
//! Export reads as `infitah_owner` in one REPEATABLE READ, READ ONLY
//! transaction with `app.tenant_id` set: forced row-level security shows that
//! collectivity's rows only, all from the same snapshot. Import writes in one
//! transaction: a refusal, or any failure, writes nothing.
//!
//! `--replace` does two things beyond copying. It disables, for its own
//! deletions only, the triggers that fire on DELETE (today the council
//! decision's immutability trigger), which the owner may do on its tables
//! without being a superuser (`session_replication_role = replica` would need
//! one, and would skip the foreign-key checks too). And it moves the
//! collectivity's content version forward past both the file's and the
//! replaced one — the one value not restored as exported — because every
//! replica keeps the highest version it has seen and caches pages under it:
//! going back to an older number would serve pages of the replaced data.
//! There are no sequences or identity columns to restore (ids are uuids);
//! both directions refuse a tenant table that has one rather than restoring
//! it wrong.

use std::{
    collections::{BTreeSet, HashMap, HashSet},
    io::{BufRead, Write},
    path::Path,
    time::Instant,
};

use infitah_platform::{
    config::Settings,
    migrate::{owner_connection, tenant_tables},
    types::{HostName, Slug},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{Connection, Executor, PgConnection};
use uuid::Uuid;

mod export;
pub use export::*;
mod format;
use format::*;
mod import;
pub use import::*;

/// The `format` of the header line.
pub const FORMAT: &str = "infitah-collectivity-backup";
/// Bumped when the layout of the file changes (not when the schema does:
/// that is `schema_version`).
pub const FORMAT_VERSION: u32 = 1;

/// Rows per fetch on export and per insert on import.
const BATCH_ROWS: usize = 500;
/// An insert batch is sent early when its JSON grows past this.
const BATCH_BYTES: usize = 4 << 20;
/// The session settings that make PostgreSQL's text of every type
/// unambiguous and identical on both sides.
const STABLE_OUTPUT: &str = "set local timezone = 'UTC'; set local datestyle = 'ISO, YMD'; \
     set local intervalstyle = 'iso_8601'; set local bytea_output = 'hex'; \
     set local extra_float_digits = 1";

/// A refusal: the input or the target database does not allow the restore;
/// the transaction was rolled back.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "nothing was written: {}", self.0)
    }
}
impl std::error::Error for Refused {}

fn refuse(message: impl Into<String>) -> anyhow::Error {
    Refused(message.into()).into()
}

/// A catalog name, double-quoted, after checking it needs no escaping.
fn ident(name: &str) -> anyhow::Result<String> {
    let ok = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !ok {
        anyhow::bail!(
            "unexpected name {name:?} in the catalog: backups handle [a-z_][a-z0-9_]* only"
        );
    }
    Ok(format!("\"{name}\""))
}

fn quoted_list(names: &[String]) -> anyhow::Result<String> {
    Ok(names
        .iter()
        .map(|n| ident(n))
        .collect::<anyhow::Result<Vec<_>>>()?
        .join(", "))
}

/// What the catalog says of one table.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    /// Every column, in the table's order.
    columns: Vec<String>,
    /// The columns an insert may set (generated ones are computed again).
    insertable: Vec<String>,
    /// The primary key, which orders the rows of the file.
    key: Vec<String>,
    /// The other tenant tables it references.
    parents: Vec<String>,
    /// Enabled user triggers that fire on DELETE (`--replace` sets them aside).
    delete_triggers: Vec<String>,
}

/// The given tables as the catalog describes them, in the order given.
async fn describe(conn: &mut PgConnection, names: &[String]) -> anyhow::Result<Vec<Table>> {
    let cols: Vec<(String, String, bool, bool)> = sqlx::query_as(
        "select c.relname::text, a.attname::text, a.attgenerated <> '',
                a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false)
           from pg_attribute a
           join pg_class c on c.oid = a.attrelid
           join pg_namespace n on n.oid = c.relnamespace
           left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
          where n.nspname = 'public' and c.relname = any($1) and a.attnum > 0 and not a.attisdropped
          order by c.relname, a.attnum",
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await?;
    let keys: Vec<(String, String)> = sqlx::query_as(
        "select c.relname::text, a.attname::text
           from pg_index i
           join pg_class c on c.oid = i.indrelid
           join pg_namespace n on n.oid = c.relnamespace
           cross join lateral unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
           join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
          where n.nspname = 'public' and c.relname = any($1) and i.indisprimary
          order by c.relname, k.ord",
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await?;
    let fks: Vec<(String, String)> = sqlx::query_as(
        "select distinct cl.relname::text, pl.relname::text
           from pg_constraint k
           join pg_class cl on cl.oid = k.conrelid
           join pg_class pl on pl.oid = k.confrelid
           join pg_namespace n on n.oid = cl.relnamespace
          where k.contype = 'f' and n.nspname = 'public' and cl.relname = any($1)",
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await?;
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "select c.relname::text, t.tgname::text
           from pg_trigger t
           join pg_class c on c.oid = t.tgrelid
           join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relname = any($1) and not t.tgisinternal
            and t.tgenabled <> 'D' and (t.tgtype::int & 8) <> 0
          order by 1, 2",
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await?;
    let mut tables = vec![];
    for name in names {
        ident(name)?;
        let mut t = Table {
            name: name.clone(),
            columns: vec![],
            insertable: vec![],
            key: vec![],
            parents: vec![],
            delete_triggers: vec![],
        };
        for (table, column, generated, sequenced) in &cols {
            if table != name {
                continue;
            }
            ident(column)?;
            if *sequenced {
                anyhow::bail!(
                    "table {name}.{column} takes its values from a sequence; \
                     collectivity backups do not restore sequences yet"
                );
            }
            t.columns.push(column.clone());
            if !generated {
                t.insertable.push(column.clone());
            }
        }
        t.key = keys
            .iter()
            .filter(|(table, _)| table == name)
            .map(|(_, c)| c.clone())
            .collect();
        t.parents = fks
            .iter()
            .filter(|(child, parent)| child == name && parent != name && names.contains(parent))
            .map(|(_, p)| p.clone())
            .collect();
        for (_, trigger) in triggers.iter().filter(|(table, _)| table == name) {
            ident(trigger)?;
            t.delete_triggers.push(trigger.clone());
        }
        tables.push(t);
    }
    Ok(tables)
}

/// Every tenant table, parents before children (ties by name, so the order
/// is the same on every run).
async fn tenant_catalog(conn: &mut PgConnection) -> anyhow::Result<Vec<Table>> {
    let names: Vec<String> = tenant_tables(conn)
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let tables = describe(conn, &names).await?;
    let mut remaining: HashMap<String, HashSet<String>> = tables
        .iter()
        .map(|t| (t.name.clone(), t.parents.iter().cloned().collect()))
        .collect();
    let mut by_name: HashMap<String, Table> =
        tables.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut sorted = vec![];
    while !remaining.is_empty() {
        let ready: BTreeSet<String> = remaining
            .iter()
            .filter(|(_, parents)| parents.is_empty())
            .map(|(n, _)| n.clone())
            .collect();
        if ready.is_empty() {
            let mut cycle: Vec<&String> = remaining.keys().collect();
            cycle.sort();
            anyhow::bail!(
                "the foreign keys between {cycle:?} form a cycle: no order restores them"
            );
        }
        for n in &ready {
            remaining.remove(n);
        }
        for parents in remaining.values_mut() {
            parents.retain(|p| !ready.contains(p));
        }
        sorted.extend(
            ready
                .into_iter()
                .map(|n| by_name.remove(&n).expect("described")),
        );
    }
    Ok(sorted)
}

/// The last migration applied: (version, description).
async fn schema_version(conn: &mut PgConnection) -> anyhow::Result<(i64, String)> {
    sqlx::query_as(
        "select version, description from _sqlx_migrations where success order by version desc limit 1",
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| anyhow::anyhow!("the database has no migration applied: run `infitah migrate`"))
}

async fn set_tenant(conn: &mut PgConnection, id: Uuid) -> anyhow::Result<()> {
    sqlx::query("select set_config('app.tenant_id', $1, true)")
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_catalog_names_reach_sql() {
        assert_eq!(ident("council_decisions").unwrap(), "\"council_decisions\"");
        assert_eq!(ident("_sqlx_migrations").unwrap(), "\"_sqlx_migrations\"");
        for bad in [
            "",
            "Projects",
            "9lives",
            "a b",
            "x\"; drop table y; --",
            "é",
        ] {
            assert!(ident(bad).is_err(), "{bad:?}");
        }
    }
}
