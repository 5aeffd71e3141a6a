//! Writing a dataset: its rows streamed from the national role's reading as
//! CSV or JSON lines, in chunks, so that memory stays flat whatever the size.

use super::*;

pub fn dataset(name: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.name == name)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// "projects.csv" → (projects, CSV).
pub(super) fn parse_file(file: &str) -> Option<(&'static Dataset, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let fmt = match ext {
        "csv" => Format::Csv,
        "json" => Format::Json,
        _ => return None,
    };
    Some((dataset(name)?, fmt))
}

/// The rows of a dataset, each as one JSON object (columns in order), only
/// what the publication rule lets the public see (migration 0012's views); `tenant` narrows to one collectivity (None: all the
/// connection may see).
pub(super) fn rows<'c>(
    conn: &'c mut PgConnection,
    dataset: &str,
    tenant: Option<Uuid>,
) -> BoxStream<'c, Result<String, sqlx::Error>> {
    match dataset {
        "collectivities" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select t.id, t.hcp_code, t.slug, t.kind, t.parent_id, up.hcp_code as parent_hcp_code,
                        t.name_ar, t.name_fr, t.name_en, t.population
                   from tenants t left join tenants up on up.id = t.parent_id
                  where t.kind <> 'nation' and t.disabled_at is null and ($1::uuid is null or t.id = $1)
               ) x order by x.hcp_code nulls last, x.slug"#,
            tenant
        )
        .fetch(conn),
        "programmes" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select g.id, g.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        g.period_start, g.period_end, g.title_ar, g.title_fr
                   from programmes g
                   join programme_visibility gv on gv.tenant_id = g.tenant_id and gv.id = g.id and gv.public
                   join tenants t on t.id = g.tenant_id
                  where $1::uuid is null or g.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.period_start, x.id"#,
            tenant
        )
        .fetch(conn),
        "projects" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select p.id, p.programme_id, p.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        p.title_ar, p.title_fr, p.problem_category,
                        coalesce((select array_agg(pp.pillar order by pp.pillar) from project_pillars pp
                                   where pp.tenant_id = p.tenant_id and pp.project_id = p.id), '{}') as pillars,
                        coalesce((select array_agg(po.outcome order by po.outcome) from project_outcomes po
                                   where po.tenant_id = p.tenant_id and po.project_id = p.id), '{}') as outcomes,
                        p.budget_stated, case when p.budget_stated then p.budget_mad end as budget_mad,
                        (select project_progress(a.completion, a.start_month, a.end_month)::int
                           from activities a
                          where a.tenant_id = p.tenant_id and a.project_id = p.id) as progress,
                        p.published_at
                   from projects p
                   join project_visibility pv on pv.tenant_id = p.tenant_id and pv.id = p.id and pv.public
                   join tenants t on t.id = p.tenant_id
                  where $1::uuid is null or p.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.programme_id, x.id"#,
            tenant
        )
        .fetch(conn),
        "project_items" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select i.id, i.project_id, i.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        i.kind, i.position, i.text_ar, i.text_fr
                   from project_items i
                   join project_visibility pv on pv.tenant_id = i.tenant_id and pv.id = i.project_id and pv.public
                   join tenants t on t.id = i.tenant_id
                  where $1::uuid is null or i.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.kind, x.position, x.id"#,
            tenant
        )
        .fetch(conn),
        "activities" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select a.id, a.project_id, a.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        a.position, a.title_ar, a.title_fr,
                        to_char(a.start_month, 'YYYY-MM') as start_month, to_char(a.end_month, 'YYYY-MM') as end_month,
                        a.completion
                   from activities a
                   join project_visibility pv on pv.tenant_id = a.tenant_id and pv.id = a.project_id and pv.public
                   join tenants t on t.id = a.tenant_id
                  where $1::uuid is null or a.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.position, x.id"#,
            tenant
        )
        .fetch(conn),
        "indicators" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select i.id, i.project_id, i.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        i.position, i.name_ar, i.name_fr, i.unit, i.baseline, i.target
                   from indicators i
                   join project_visibility pv on pv.tenant_id = i.tenant_id and pv.id = i.project_id and pv.public
                   join tenants t on t.id = i.tenant_id
                  where $1::uuid is null or i.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.position, x.id"#,
            tenant
        )
        .fetch(conn),
        "indicator_measurements" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select m.id, m.indicator_id, i.project_id, m.tenant_id as collectivity_id,
                        t.hcp_code as collectivity_hcp_code, m.measured_on, m.value, m.note
                   from indicator_measurements m
                   join indicators i on i.tenant_id = m.tenant_id and i.id = m.indicator_id
                   join project_visibility pv on pv.tenant_id = i.tenant_id and pv.id = i.project_id and pv.public
                   join tenants t on t.id = m.tenant_id
                  where $1::uuid is null or m.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.indicator_id, x.measured_on, x.id"#,
            tenant
        )
        .fetch(conn),
        "progress_history" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select e.id, e.activity_id, e.project_id, e.tenant_id as collectivity_id,
                        t.hcp_code as collectivity_hcp_code, e.at, e.old_value, e.new_value, e.note, e.evidence_url
                   from progress_events e
                   join project_visibility pv on pv.tenant_id = e.tenant_id and pv.id = e.project_id and pv.public
                   join tenants t on t.id = e.tenant_id
                  where $1::uuid is null or e.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.at, x.id"#,
            tenant
        )
        .fetch(conn),
        "evaluations" => sqlx::query_scalar!(
            r#"select row_to_json(x)::text as "row!" from (
                 select v.id, v.project_id, v.tenant_id as collectivity_id, t.hcp_code as collectivity_hcp_code,
                        v.period, v.level, evaluation_percent(v.level) as percent, v.justification,
                        v.evidence_urls, v.recorded_at
                   from evaluations v
                   join project_visibility pv on pv.tenant_id = v.tenant_id and pv.id = v.project_id and pv.public
                   join tenants t on t.id = v.tenant_id
                  where $1::uuid is null or v.tenant_id = $1
               ) x order by x.collectivity_hcp_code nulls last, x.collectivity_id, x.project_id, x.period, x.recorded_at, x.id"#,
            tenant
        )
        .fetch(conn),
        _ => futures::stream::empty().boxed(),
    }
}

/// One CSV line from a row's JSON object, columns in the dataset's order.
pub(super) fn csv_line(csv: &mut Csv, row: &str, columns: &[Column]) -> anyhow::Result<()> {
    let obj: serde_json::Map<String, Value> = serde_json::from_str(row)?;
    csv.json_row(
        columns
            .iter()
            .map(|c| obj.get(c.name).unwrap_or(&Value::Null)),
    )?;
    Ok(())
}

pub(super) const CHUNK: usize = 64 * 1024;

pub(super) type Sender = mpsc::Sender<Result<Vec<u8>, std::io::Error>>;

pub(super) async fn send(tx: &Sender, buf: &mut Vec<u8>) -> anyhow::Result<()> {
    let chunk = std::mem::replace(buf, Vec::with_capacity(CHUNK + 4096));
    tx.send(Ok(chunk))
        .await
        .map_err(|_| anyhow::anyhow!("the client went away"))
}

/// Where an export reads from.
pub(super) enum Source {
    /// Every collectivity, through the national role.
    Nation(Arc<National>),
    /// One collectivity, through its tenant transaction.
    Tenant(AppState, TenantId),
}

pub(super) fn header_json(d: &Dataset, scope: &str, generated: &str) -> String {
    let head = json!({
        "dataset": d.name,
        "scope": scope,
        "generated_at": generated,
        "licence": {"id": LICENCE_ID, "title": LICENCE_TITLE, "url": LICENCE_URL},
        "sources": [REGISTRY_CREDIT],
        "columns": d.columns.iter().map(|c| json!({"name": c.name, "type": c.kind, "description": {"fr": c.fr, "ar": c.ar, "en": c.en}})).collect::<Vec<_>>(),
    })
    .to_string();
    // The object, left open for its rows.
    format!("{},\"rows\":[", head.strip_suffix('}').unwrap_or(&head))
}

pub(super) async fn write_all(
    conn: &mut PgConnection,
    tenant: Option<Uuid>,
    d: &'static Dataset,
    fmt: Format,
    head: String,
    tx: &Sender,
) -> anyhow::Result<()> {
    let mut buf = Vec::with_capacity(CHUNK + 4096);
    // The platform's one CSV writer (its mark, header and formula guard).
    let mut csv = match fmt {
        Format::Csv => Some(Csv::new(
            &d.columns.iter().map(|c| c.name).collect::<Vec<_>>(),
        )?),
        Format::Json => {
            buf.extend_from_slice(head.as_bytes());
            None
        }
    };
    if let Some(csv) = csv.as_mut() {
        buf.extend_from_slice(&csv.take()?);
    }
    let mut stream = rows(conn, d.name, tenant);
    let mut first = true;
    while let Some(row) = stream.next().await {
        let row = row?;
        match csv.as_mut() {
            Some(csv) => {
                csv_line(csv, &row, d.columns)?;
                buf.extend_from_slice(&csv.take()?);
            }
            None => {
                if !first {
                    buf.push(b',');
                }
                buf.extend_from_slice(row.as_bytes());
            }
        }
        first = false;
        if buf.len() >= CHUNK {
            send(tx, &mut buf).await?;
        }
    }
    if fmt == Format::Json {
        buf.extend_from_slice(b"]}\n");
    }
    send(tx, &mut buf).await
}

pub(super) async fn produce(
    source: Source,
    d: &'static Dataset,
    fmt: Format,
    head: String,
    tx: &Sender,
) -> anyhow::Result<()> {
    match source {
        Source::Nation(n) => {
            let mut t = n.db.read().await?;
            write_all(&mut t, None, d, fmt, head, tx).await?;
            t.commit().await?;
        }
        Source::Tenant(state, id) => {
            let mut t = state.db.tenant_tx(id).await?;
            write_all(t.conn(), Some(id.0), d, fmt, head, tx).await?;
            t.commit().await?;
        }
    }
    Ok(())
}

/// Streams one file.
pub(super) async fn export(source: Source, scope: String, file: &str) -> AppResult<Response> {
    let (d, fmt) = parse_file(file).ok_or(AppError::NotFound)?;
    let now = OffsetDateTime::now_utc();
    let generated = now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let head = header_json(d, &scope, &generated);
    let (tx, mut rx) = mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    tokio::spawn(async move {
        if let Err(e) = produce(source, d, fmt, head, &tx).await {
            tracing::warn!(error = %format!("{e:#}"), dataset = d.name, "open data export stopped");
            let _ = tx
                .send(Err(std::io::Error::other("the export stopped")))
                .await;
        }
    });
    // Wait for the first chunk: a database that cannot be reached is an
    // error page, not an empty file.
    let first = match rx.recv().await {
        Some(Ok(chunk)) => chunk,
        _ => {
            return Err(AppError::Internal(anyhow::anyhow!(
                "open data export failed before its first row"
            )));
        }
    };
    let rest = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let body = Body::from_stream(futures::stream::once(async move { Ok(first) }).chain(rest));
    let (ctype, ext) = match fmt {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    let filename = format!("infitah-{scope}-{}-{}.{ext}", d.name, now.date());
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("<{LICENCE_URL}>; rel=\"license\"")) {
        h.insert(header::LINK, v);
    }
    if let Ok(v) = HeaderValue::from_str(
        &now.format(&time::format_description::well_known::Rfc2822)
            .unwrap_or_default()
            .replace("+0000", "GMT"),
    ) {
        h.insert(header::LAST_MODIFIED, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}
