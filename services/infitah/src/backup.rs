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

/// Counts what goes through it.
struct Counting<'a> {
    inner: &'a mut dyn Write,
    bytes: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn write_json(out: &mut impl Write, v: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, v)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// A section's first line; fields in this order, so the table's name comes first.
#[derive(Serialize)]
struct SectionLine<'a> {
    table: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    registry: bool,
    columns: &'a [String],
    rows: u64,
}

fn write_section(
    out: &mut impl Write,
    table: &str,
    registry: bool,
    columns: &[String],
    rows: u64,
) -> anyhow::Result<()> {
    serde_json::to_writer(
        &mut *out,
        &SectionLine {
            table,
            registry,
            columns,
            rows,
        },
    )?;
    out.write_all(b"\n")?;
    Ok(())
}

fn write_row(out: &mut impl Write, table: &str, row: &str) -> anyhow::Result<()> {
    // jsonb's text never holds a raw line break (strings escape theirs); a
    // row that did would break the file's one-row-per-line framing.
    if row.contains('\n') {
        anyhow::bail!("a row of {table} printed on several lines");
    }
    out.write_all(row.as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct ExportReport {
    pub slug: String,
    pub hcp_code: Option<String>,
    pub tables: usize,
    pub rows: u64,
    pub bytes: u64,
}

/// Writes the backup of the collectivity `slug` to `out`, streaming: rows go
/// from PostgreSQL's cursor to `out` a batch at a time.
pub async fn export(
    settings: &Settings,
    slug: &str,
    out: &mut dyn Write,
) -> anyhow::Result<ExportReport> {
    let slug = Slug::parse(slug).map_err(|m| anyhow::anyhow!("slug: {m}"))?;
    let mut conn = owner_connection(&settings.database_admin_url).await?;
    let mut counting = Counting {
        inner: out,
        bytes: 0,
    };
    let result = {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut counting);
        export_on(&mut conn, &slug, &mut buffered)
            .await
            .and_then(|report| {
                buffered.flush()?;
                Ok(report)
            })
    };
    conn.close().await.ok();
    let mut report = result?;
    counting.flush()?;
    report.bytes = counting.bytes;
    Ok(report)
}

async fn export_on(
    conn: &mut PgConnection,
    slug: &Slug,
    out: &mut impl Write,
) -> anyhow::Result<ExportReport> {
    let mut tx = conn.begin().await?;
    tx.execute("set transaction isolation level repeatable read, read only")
        .await?;
    tx.execute(STABLE_OUTPUT).await?;
    #[derive(sqlx::FromRow)]
    struct Found {
        id: Uuid,
        kind: String,
        hcp_code: Option<String>,
        name_fr: String,
        parent_id: Option<Uuid>,
    }
    let found: Option<Found> = sqlx::query_as(
        "select id, kind, hcp_code, name_fr, parent_id from tenants where slug = $1",
    )
    .bind(slug.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(Found {
        id,
        kind,
        hcp_code,
        name_fr,
        parent_id,
    }) = found
    else {
        anyhow::bail!("slug: no collectivity {slug:?}");
    };
    set_tenant(&mut tx, id).await?;
    let (version, description) = schema_version(&mut tx).await?;
    let exported_at: String = sqlx::query_scalar("select to_jsonb(now()) #>> '{}'")
        .fetch_one(&mut *tx)
        .await?;
    let parent: Option<(String, Option<String>, String)> = match parent_id {
        Some(p) => {
            sqlx::query_as("select slug, hcp_code, kind from tenants where id = $1")
                .bind(p)
                .fetch_optional(&mut *tx)
                .await?
        }
        None => None,
    };
    let tables = tenant_catalog(&mut tx).await?;
    write_json(
        out,
        &Header {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            schema_version: version,
            schema_description: description,
            exported_at,
            collectivity: Collectivity {
                id,
                slug: slug.to_string(),
                kind,
                hcp_code: hcp_code.clone(),
                name_fr,
                parent: parent.map(|(slug, hcp_code, kind)| ParentInfo {
                    slug,
                    hcp_code,
                    kind,
                }),
            },
            warning: WARNING.into(),
        },
    )?;

    write_registry_rows(&mut tx, out, id).await?;

    let mut total = 0u64;
    for t in &tables {
        total += write_table(&mut tx, out, id, t).await?;
    }
    write_json(
        out,
        &End {
            end: true,
            tables: tables.len(),
            rows: total,
        },
    )?;
    tx.rollback().await?;
    Ok(ExportReport {
        slug: slug.to_string(),
        hcp_code,
        tables: tables.len(),
        rows: total,
        bytes: 0,
    })
}

/// The registry's rows of the collectivity: its own (the logo in base64), and its hosts.
async fn write_registry_rows(
    tx: &mut PgConnection,
    out: &mut impl Write,
    id: Uuid,
) -> anyhow::Result<()> {
    let registry = describe(&mut *tx, &["tenants".into(), "tenant_hosts".into()]).await?;
    let tenant_row: String = sqlx::query_scalar(
        "select ((to_jsonb(t) - 'logo')
                 || jsonb_build_object('logo', translate(encode(t.logo, 'base64'), E'\\n', '')))::text
           from tenants t where id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let host_rows: Vec<String> = sqlx::query_scalar(
        "select to_jsonb(h)::text from tenant_hosts h where collectivity_id = $1 order by host",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    write_section(out, "tenants", true, &registry[0].columns, 1)?;
    write_row(out, "tenants", &tenant_row)?;
    write_section(
        out,
        "tenant_hosts",
        true,
        &registry[1].columns,
        host_rows.len() as u64,
    )?;
    for h in &host_rows {
        write_row(out, "tenant_hosts", h)?;
    }

    Ok(())
}

/// One tenant table's rows of the collectivity, in key order, through a
/// cursor (a big table is never held whole); how many.
async fn write_table(
    tx: &mut PgConnection,
    out: &mut impl Write,
    id: Uuid,
    t: &Table,
) -> anyhow::Result<u64> {
    let q = ident(&t.name)?;
    // Belt and braces: row-level security already shows this collectivity only.
    let filter = format!("from {q} t where t.tenant_id = '{id}'");
    let count: i64 = sqlx::query_scalar(&format!("select count(*) {filter}"))
        .fetch_one(&mut *tx)
        .await?;
    write_section(out, &t.name, false, &t.columns, count as u64)?;
    let order = if t.key.is_empty() {
        String::new()
    } else {
        format!(
            " order by {}",
            t.key
                .iter()
                .map(|k| ident(k).map(|k| format!("t.{k}")))
                .collect::<anyhow::Result<Vec<_>>>()?
                .join(", ")
        )
    };
    tx.execute(
        format!(
            "declare infitah_backup no scroll cursor for select to_jsonb(t)::text {filter}{order}"
        )
        .as_str(),
    )
    .await?;
    let mut written = 0i64;
    loop {
        let rows: Vec<String> =
            sqlx::query_scalar(&format!("fetch forward {BATCH_ROWS} from infitah_backup"))
                .persistent(false)
                .fetch_all(&mut *tx)
                .await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            write_row(out, &t.name, r)?;
        }
        written += rows.len() as i64;
    }
    tx.execute("close infitah_backup").await?;
    if written != count {
        anyhow::bail!("{}: counted {count} rows but read {written}", t.name);
    }
    Ok(count as u64)
}

/// `infitah tenant export SLUG [--output FILE]`.
pub async fn export_cmd(
    settings: &Settings,
    slug: &str,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let Some(path) = output else {
        let report = export(settings, slug, out).await?;
        // Standard output carries the file: the summary goes to standard error.
        eprintln!("{}", summary(&report, started, None));
        return Ok(());
    };
    // Written beside the target and renamed once complete: a failed export
    // never leaves a file that looks like a backup.
    let name = path
        .file_name()
        .ok_or_else(|| anyhow::anyhow!("--output {}: not a file name", path.display()))?;
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(name);
    partial_name.push(format!(".partial-{}", std::process::id()));
    let partial = path.with_file_name(partial_name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&partial)
        .map_err(|e| anyhow::anyhow!("{}: {e}", partial.display()))?;
    let result = async {
        let report = export(settings, slug, &mut file).await?;
        file.sync_all()?;
        std::fs::rename(&partial, path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        anyhow::Ok(report)
    }
    .await;
    match result {
        Ok(report) => {
            writeln!(out, "{}", summary(&report, started, Some(path)))?;
            Ok(())
        }
        Err(e) => {
            std::fs::remove_file(&partial).ok();
            Err(e)
        }
    }
}

fn summary(r: &ExportReport, started: Instant, path: Option<&Path>) -> String {
    format!(
        "exported {} ({}): {} tables, {} rows, {} bytes in {:.2}s{}; the file holds password hashes \
         and personal data: keep it as you keep database backups",
        r.slug,
        r.hcp_code.as_deref().unwrap_or("no HCP code"),
        r.tables,
        r.rows,
        r.bytes,
        started.elapsed().as_secs_f64(),
        path.map(|p| format!(" to {}", p.display()))
            .unwrap_or_default()
    )
}

/// The first line of the file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: String,
    format_version: u32,
    /// The last migration applied where the file was written.
    schema_version: i64,
    #[serde(default)]
    schema_description: String,
    /// The snapshot's time (the export transaction's start), UTC.
    exported_at: String,
    collectivity: Collectivity,
    #[serde(default)]
    warning: String,
}

const WARNING: &str = "a backup: it holds password hashes and personal data";

#[derive(Debug, Serialize, Deserialize)]
struct Collectivity {
    id: Uuid,
    slug: String,
    kind: String,
    hcp_code: Option<String>,
    name_fr: String,
    /// Found again by HCP code (else slug) where the file is restored.
    parent: Option<ParentInfo>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ParentInfo {
    slug: String,
    hcp_code: Option<String>,
    kind: String,
}

#[derive(Debug, Deserialize)]
struct Section {
    table: String,
    #[serde(default)]
    registry: bool,
    columns: Vec<String>,
    rows: u64,
}

/// The last line: what the file holds, so that a truncated one is refused.
#[derive(Debug, Serialize, Deserialize)]
struct End {
    end: bool,
    tables: usize,
    rows: u64,
}

/// The file, a line at a time, with line numbers for the messages.
struct Lines<'a> {
    input: &'a mut dyn BufRead,
    line: String,
    number: usize,
}

impl Lines<'_> {
    /// Reads the next line, without its line break, into `self.line`;
    /// false at the end of the file.
    fn advance(&mut self) -> anyhow::Result<bool> {
        self.line.clear();
        if self.input.read_line(&mut self.line)? == 0 {
            return Ok(false);
        }
        self.number += 1;
        let len = self.line.trim_end_matches(['\n', '\r']).len();
        self.line.truncate(len);
        Ok(true)
    }

    /// The next line, which must exist.
    fn expect(&mut self) -> anyhow::Result<&str> {
        if !self.advance()? {
            return Err(refuse(format!(
                "the file ends at line {} before its end line: it is truncated",
                self.number
            )));
        }
        Ok(&self.line)
    }

    fn json<T: serde::de::DeserializeOwned>(&mut self, what: &str) -> anyhow::Result<T> {
        let line = self.expect()?;
        serde_json::from_str(line)
            .map_err(|e| refuse(format!("line {}: expected {what}: {e}", self.number)))
    }

    /// The next line, a row: checked to be a JSON object by its first
    /// character only; PostgreSQL reads it.
    fn row(&mut self, table: &str) -> anyhow::Result<&str> {
        self.expect()?;
        if !self.line.starts_with('{') {
            return Err(refuse(format!(
                "line {}: expected a row of {table}",
                self.number
            )));
        }
        Ok(&self.line)
    }
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub slug: String,
    pub schema_version: i64,
    pub exported_at: String,
    pub tables: usize,
    pub rows: u64,
    /// Rows deleted first (`--replace`).
    pub deleted: u64,
    /// Whether the registry row was created (else updated).
    pub created: bool,
}

/// Restores the collectivity of a backup file, in one transaction.
pub async fn import(
    settings: &Settings,
    input: &mut dyn BufRead,
    replace: bool,
) -> anyhow::Result<ImportReport> {
    let mut lines = Lines {
        input,
        line: String::new(),
        number: 0,
    };
    if !lines.advance()? {
        return Err(refuse("the file is empty"));
    }
    let header: Value = serde_json::from_str(&lines.line).map_err(|_| {
        refuse("not a collectivity backup (its first line is not JSON); a CSV of collectivities is imported without --collectivity")
    })?;
    if header.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(refuse(format!(
            "not a collectivity backup (its header has no \"format\": \"{FORMAT}\")"
        )));
    }
    let header: Header =
        serde_json::from_value(header).map_err(|e| refuse(format!("line 1: a bad header: {e}")))?;
    if header.format_version != FORMAT_VERSION {
        return Err(refuse(format!(
            "the file is in format version {}; this infitah reads version {FORMAT_VERSION}",
            header.format_version
        )));
    }
    let mut conn = owner_connection(&settings.database_admin_url).await?;
    let result = import_on(&mut conn, &header, &mut lines, replace).await;
    conn.close().await.ok();
    result
}

fn same_columns(section: &Section, table: &Table) -> anyhow::Result<()> {
    if section.columns != table.columns {
        return Err(refuse(format!(
            "table {} has columns ({}) here but ({}) in the file: the schemas differ",
            table.name,
            table.columns.join(", "),
            section.columns.join(", ")
        )));
    }
    Ok(())
}

async fn import_on(
    conn: &mut PgConnection,
    header: &Header,
    lines: &mut Lines<'_>,
    replace: bool,
) -> anyhow::Result<ImportReport> {
    let id = header.collectivity.id;
    let mut tx = conn.begin().await?;
    // One registry writer at a time (`tenant add/update/import` take it too).
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(infitah_platform::registry::REGISTRY_LOCK)
        .execute(&mut *tx)
        .await?;
    same_schema(&mut tx, header).await?;
    tx.execute(STABLE_OUTPUT).await?;
    set_tenant(&mut tx, id).await?;
    let tables = tenant_catalog(&mut tx).await?;
    let registry = describe(&mut tx, &["tenants".into(), "tenant_hosts".into()]).await?;
    let filed = FiledRegistry::read(lines, header, &registry)?;
    let parent_id = place_here(&mut tx, header, &filed).await?;
    let (exists, with_data) = existing_data(&mut tx, id, &tables).await?;
    let slug = header.collectivity.slug.clone();
    if !with_data.is_empty() && !replace {
        return Err(refuse(format!(
            "{slug} already has data here ({}); add --replace to delete it and restore the file's",
            with_data
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut report = ImportReport {
        slug: slug.clone(),
        schema_version: header.schema_version,
        exported_at: header.exported_at.clone(),
        created: !exists,
        ..Default::default()
    };
    let has_versions = tables.iter().any(|t| t.name == "content_versions");
    let replaced_version: Option<i64> = if has_versions && !with_data.is_empty() {
        sqlx::query_scalar("select version from content_versions where tenant_id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
    } else {
        None
    };
    // --replace: this collectivity's rows go, children before parents.
    report.deleted = delete_rows(&mut tx, id, &slug, &with_data).await?;
    write_registry(&mut tx, &registry, &filed, id, parent_id, exists).await?;
    restore_tables(&mut tx, lines, &tables, &mut report).await?;
    if has_versions {
        move_version_forward(&mut tx, id, replaced_version).await?;
    }
    tx.commit().await?;
    Ok(report)
}

/// The file must come from a database at this one's schema version.
async fn same_schema(tx: &mut PgConnection, header: &Header) -> anyhow::Result<()> {
    let (version, description) = schema_version(&mut *tx).await?;
    if version != header.schema_version {
        return Err(refuse(format!(
            "the file was written at schema version {} ({}), this database is at {version} ({description}): \
             restore it into a database at version {} (made by the infitah release that wrote it), \
             then run that database's `infitah migrate`",
            header.schema_version, header.schema_description, header.schema_version
        )));
    }
    Ok(())
}

/// The registry rows of the file: the collectivity's own, and its hosts.
struct FiledRegistry {
    slug: String,
    tenant_row: String,
    hcp_code: Option<String>,
    hosts: Vec<String>,
    host_rows: String,
}

impl FiledRegistry {
    fn read(lines: &mut Lines<'_>, header: &Header, registry: &[Table]) -> anyhow::Result<Self> {
        let id = header.collectivity.id;
        let s: Section = lines.json("the tenants section")?;
        if s.table != "tenants" || !s.registry || s.rows != 1 {
            return Err(refuse(format!(
                "line {}: expected the tenants section with one row",
                lines.number
            )));
        }
        same_columns(&s, &registry[0])?;
        let tenant_row = lines.row("tenants")?.to_owned();
        let tenant: Value = serde_json::from_str(&tenant_row)
            .map_err(|e| refuse(format!("line {}: {e}", lines.number)))?;
        let field = |name: &str| tenant.get(name).and_then(Value::as_str).map(str::to_owned);
        if field("id").as_deref() != Some(id.to_string().as_str())
            || field("slug").as_deref() != Some(header.collectivity.slug.as_str())
        {
            return Err(refuse(
                "the registry row and the header name different collectivities",
            ));
        }
        let hcp_code = field("hcp_code");
        let s: Section = lines.json("the tenant_hosts section")?;
        if s.table != "tenant_hosts" || !s.registry {
            return Err(refuse(format!(
                "line {}: expected the tenant_hosts section",
                lines.number
            )));
        }
        same_columns(&s, &registry[1])?;
        let mut hosts = vec![];
        let mut host_rows = String::from("[");
        for i in 0..s.rows {
            let number = lines.number + 1;
            let row = lines.row("tenant_hosts")?;
            let v: Value =
                serde_json::from_str(row).map_err(|e| refuse(format!("line {number}: {e}")))?;
            let host = v.get("host").and_then(Value::as_str).unwrap_or_default();
            let host =
                HostName::parse(host).map_err(|m| refuse(format!("line {number}: host: {m}")))?;
            if v.get("collectivity_id").and_then(Value::as_str) != Some(id.to_string().as_str()) {
                return Err(refuse(format!(
                    "line {number}: the host {host} is filed under another collectivity"
                )));
            }
            if i > 0 {
                host_rows.push(',');
            }
            host_rows.push_str(row);
            hosts.push(host.to_string());
        }
        host_rows.push(']');

        Ok(FiledRegistry {
            slug: header.collectivity.slug.clone(),
            tenant_row,
            hcp_code,
            hosts,
            host_rows,
        })
    }
}

/// The collectivity's place here: its slug, HCP code and hosts are free (or
/// its own), and its parent is registered; the parent's id.
async fn place_here(
    tx: &mut PgConnection,
    header: &Header,
    filed: &FiledRegistry,
) -> anyhow::Result<Option<Uuid>> {
    let id = header.collectivity.id;
    let slug = &header.collectivity.slug;
    let (hcp_code, hosts) = (&filed.hcp_code, &filed.hosts);
    let taken: Vec<(String, String, String)> = sqlx::query_as(
        "select 'slug', slug, slug from tenants where slug = $2 and id <> $1
         union all
         select 'HCP code', hcp_code, slug from tenants where hcp_code = $3 and id <> $1
         union all
         select 'host', h.host, t.slug from tenant_hosts h join tenants t on t.id = h.collectivity_id
          where h.host = any($4) and h.collectivity_id <> $1
         order by 1, 2",
    )
    .bind(id)
    .bind(slug)
    .bind(hcp_code)
    .bind(hosts)
    .fetch_all(&mut *tx)
    .await?;
    if !taken.is_empty() {
        return Err(refuse(format!(
            "{} here. A backup restores a collectivity under its own id, into a database \
             where it is not registered yet (register its parent only) or over itself \
             (--replace); this database has registered it, or another, under another id",
            taken
                .iter()
                .map(|(what, value, owner)| format!("the {what} {value} belongs to {owner}"))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let parent_id = match &header.collectivity.parent {
        None => None,
        Some(p) => {
            let found: Option<Uuid> = match &p.hcp_code {
                Some(code) => {
                    sqlx::query_scalar("select id from tenants where hcp_code = $1")
                        .bind(code)
                        .fetch_optional(&mut *tx)
                        .await?
                }
                None => {
                    sqlx::query_scalar("select id from tenants where slug = $1")
                        .bind(&p.slug)
                        .fetch_optional(&mut *tx)
                        .await?
                }
            };
            Some(found.ok_or_else(|| {
                refuse(format!(
                    "its parent, the {} {} ({}), is not registered here: register it first \
                     (`infitah tenant import --national`, a CSV or `tenant add`)",
                    p.kind,
                    p.hcp_code.as_deref().unwrap_or("without HCP code"),
                    p.slug
                ))
            })?)
        }
    };
    Ok(parent_id)
}

/// Whether the collectivity is registered here, and which of its tables hold rows.
async fn existing_data<'t>(
    tx: &mut PgConnection,
    id: Uuid,
    tables: &'t [Table],
) -> anyhow::Result<(bool, Vec<&'t Table>)> {
    let exists: bool = sqlx::query_scalar("select exists(select 1 from tenants where id = $1)")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let mut with_data = vec![];
    if exists {
        for t in tables {
            let any: bool = sqlx::query_scalar(&format!(
                "select exists(select 1 from {} where tenant_id = $1)",
                ident(&t.name)?
            ))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if any {
                with_data.push(t);
            }
        }
    }
    Ok((exists, with_data))
}

/// Deletes the collectivity's rows of `tables`, children before parents;
/// how many.
async fn delete_rows(
    tx: &mut PgConnection,
    id: Uuid,
    slug: &str,
    tables: &[&Table],
) -> anyhow::Result<u64> {
    let mut deleted = 0;
    for t in tables.iter().rev() {
        let q = ident(&t.name)?;
        // The owner may set its own tables' triggers aside without being a
        // superuser; the change is part of this transaction, and undone in it.
        for trigger in &t.delete_triggers {
            tx.execute(format!("alter table {q} disable trigger {}", ident(trigger)?).as_str())
                .await?;
        }
        let done = sqlx::query(&format!("delete from {q} where tenant_id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| refuse(format!("cannot delete {slug}'s rows of {}: {e}", t.name)))?;
        deleted += done.rows_affected();
        for trigger in &t.delete_triggers {
            tx.execute(format!("alter table {q} enable trigger {}", ident(trigger)?).as_str())
                .await?;
        }
    }

    Ok(deleted)
}

/// The registry row: every column from the file, but the parent is whichever
/// collectivity has the parent's HCP code (or slug) here; then its hosts.
async fn write_registry(
    tx: &mut PgConnection,
    registry: &[Table],
    filed: &FiledRegistry,
    id: Uuid,
    parent_id: Option<Uuid>,
    exists: bool,
) -> anyhow::Result<()> {
    let slug = &filed.slug;
    let cols = &registry[0].insertable;
    let expr = |c: &String| -> anyhow::Result<String> {
        Ok(match c.as_str() {
            "id" => "$2".to_owned(),
            "parent_id" => "$3".to_owned(),
            "logo" => "decode(s.j ->> 'logo', 'base64')".to_owned(),
            _ => format!("r.{}", ident(c)?),
        })
    };
    let source = "from (select $1::text::jsonb as j) s, jsonb_populate_record(null::tenants, s.j - 'logo') r";
    let sql = if exists {
        let set: Vec<String> = cols.iter().filter(|c| *c != "id").cloned().collect();
        format!(
            "update tenants set ({}) = (select {} {source}) where id = $2",
            quoted_list(&set)?,
            set.iter()
                .map(expr)
                .collect::<anyhow::Result<Vec<_>>>()?
                .join(", ")
        )
    } else {
        format!(
            "insert into tenants ({}) select {} {source}",
            quoted_list(cols)?,
            cols.iter()
                .map(expr)
                .collect::<anyhow::Result<Vec<_>>>()?
                .join(", ")
        )
    };
    sqlx::query(&sql)
        .bind(&filed.tenant_row)
        .bind(id)
        .bind(parent_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| refuse(format!("cannot write {slug}'s registry row: {e}")))?;
    sqlx::query("delete from tenant_hosts where collectivity_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let host_cols = quoted_list(&registry[1].insertable)?;
    sqlx::query(&format!(
        "insert into tenant_hosts ({host_cols}) select {host_cols}
           from jsonb_populate_recordset(null::tenant_hosts, $1::text::jsonb)"
    ))
    .bind(&filed.host_rows)
    .execute(&mut *tx)
    .await
    .map_err(|e| refuse(format!("cannot write {slug}'s hosts: {e}")))?;

    Ok(())
}

/// The tenant tables, in the file's order, which must put parents first;
/// then the end line, which must count what was read, and nothing after it.
async fn restore_tables(
    tx: &mut PgConnection,
    lines: &mut Lines<'_>,
    tables: &[Table],
    report: &mut ImportReport,
) -> anyhow::Result<()> {
    let by_name: HashMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let end: End = loop {
        let number = lines.number + 1;
        let line = lines.expect()?;
        let v: Value = serde_json::from_str(line)
            .map_err(|e| refuse(format!("line {number}: expected a section or the end: {e}")))?;
        if v.get("end").is_some() {
            break serde_json::from_value(v)
                .map_err(|e| refuse(format!("line {number}: a bad end line: {e}")))?;
        }
        let s: Section = serde_json::from_value(v)
            .map_err(|e| refuse(format!("line {number}: a bad section line: {e}")))?;
        let Some(t) = by_name.get(s.table.as_str()).copied() else {
            return Err(refuse(format!(
                "line {number}: this database has no tenant table {:?}: the schemas differ",
                s.table
            )));
        };
        same_columns(&s, t)?;
        if !seen.insert(t.name.clone()) {
            return Err(refuse(format!(
                "line {number}: table {} appears twice",
                t.name
            )));
        }
        if let Some(p) = t.parents.iter().find(|p| !seen.contains(*p)) {
            return Err(refuse(format!(
                "line {number}: table {} comes before its parent {p}",
                t.name
            )));
        }
        let q = ident(&t.name)?;
        let cols = quoted_list(&t.insertable)?;
        let sql = format!(
            "insert into {q} ({cols}) select {cols} from jsonb_populate_recordset(null::{q}, $1::text::jsonb)"
        );
        let mut left = s.rows;
        while left > 0 {
            let first = lines.number + 1;
            let mut batch = String::from("[");
            let mut n = 0u64;
            while left > 0 && (n as usize) < BATCH_ROWS && batch.len() < BATCH_BYTES {
                let row = lines.row(&t.name)?;
                if n > 0 {
                    batch.push(',');
                }
                batch.push_str(row);
                n += 1;
                left -= 1;
            }
            batch.push(']');
            let done = sqlx::query(&sql)
                .bind(&batch)
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    refuse(format!(
                        "cannot restore {} (lines {first}–{}): {e}",
                        t.name, lines.number
                    ))
                })?;
            if done.rows_affected() != n {
                return Err(refuse(format!(
                    "{}: {} of {n} rows of lines {first}–{} were inserted",
                    t.name,
                    done.rows_affected(),
                    lines.number
                )));
            }
            report.rows += n;
        }
        report.tables += 1;
    };
    if !end.end || end.tables != report.tables || end.rows != report.rows {
        return Err(refuse(format!(
            "the end line announces {} tables and {} rows; the file holds {} and {}",
            end.tables, end.rows, report.tables, report.rows
        )));
    }
    while lines.advance()? {
        if !lines.line.trim().is_empty() {
            return Err(refuse(format!(
                "line {}: something follows the end line",
                lines.number
            )));
        }
    }
    let missing: Vec<&str> = tables
        .iter()
        .filter(|t| !seen.contains(&t.name))
        .map(|t| t.name.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(refuse(format!(
            "the file has no section for {}: the schemas differ",
            missing.join(", ")
        )));
    }

    Ok(())
}

/// Pages are cached under the content version, and replicas keep the
/// highest they have heard of: after a replacement it must move forward.
async fn move_version_forward(
    tx: &mut PgConnection,
    id: Uuid,
    replaced_version: Option<i64>,
) -> anyhow::Result<()> {
    let version: Option<i64> = match replaced_version {
        Some(old) => Some(
            sqlx::query_scalar(
                "insert into content_versions (tenant_id, version) values ($1, $2 + 1)
                     on conflict (tenant_id) do update
                        set version = greatest(content_versions.version, $2) + 1
                     returning version",
            )
            .bind(id)
            .bind(old)
            .fetch_one(&mut *tx)
            .await?,
        ),
        None => {
            sqlx::query_scalar("select version from content_versions where tenant_id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
        }
    };
    if let Some(v) = version {
        sqlx::query("select pg_notify('infitah_content', $1)")
            .bind(format!("{id}:{v}"))
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// `infitah tenant import --collectivity FILE [--replace]`.
pub async fn import_cmd(
    settings: &Settings,
    file: &Path,
    replace: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let report = if file == Path::new("-") {
        import(settings, &mut std::io::stdin().lock(), replace).await?
    } else {
        let f =
            std::fs::File::open(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        import(
            settings,
            &mut std::io::BufReader::with_capacity(1 << 16, f),
            replace,
        )
        .await?
    };
    writeln!(
        out,
        "{} {} from the backup of {} (schema version {}): {}{} tables, {} rows in {:.2}s",
        if report.deleted > 0 {
            "replaced"
        } else {
            "restored"
        },
        report.slug,
        report.exported_at,
        report.schema_version,
        if report.deleted > 0 {
            format!("{} rows deleted, then ", report.deleted)
        } else {
            String::new()
        },
        report.tables,
        report.rows,
        started.elapsed().as_secs_f64()
    )?;
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
