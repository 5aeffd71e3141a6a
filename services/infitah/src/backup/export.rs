//! Writing a backup: the header, the registry rows and every table of the
//! collectivities exported, one JSON line per row, in batches.

use super::*;

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
