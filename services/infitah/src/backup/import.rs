//! Restoring a backup: the same schema, the collectivities placed here, their
//! rows written back in one transaction, versions moved forward.

use super::*;

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
