//! Writing the registry from the national list or an operator's rows: every
//! row checked first (names, slugs, hosts, parents, time zones), then written in
//! one transaction under the registry lock, ids and parents resolved from the
//! HCP codes.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renames {
    Refused,
    Allowed,
}

/// Creates or updates collectivities, in one transaction: all or nothing.
/// Rows are matched to stored ones by HCP code when they have one, else by
/// slug, so running the same file twice changes nothing. The national space
/// is never changed here, and no row takes a reserved slug.
pub async fn upsert(
    conn: &mut PgConnection,
    base_domain: &str,
    specs: &[(usize, TenantSpec)],
    renames: Renames,
) -> Result<ImportReport, RegistryUpsertError> {
    let mut errors = check_rows(base_domain, specs);
    let mut tx = conn.begin().await?;
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(REGISTRY_LOCK)
        .execute(&mut *tx)
        .await?;
    check_time_zones(&mut tx, specs, &mut errors).await?;
    let stored = Stored::load(&mut tx).await?;
    let ids = row_ids(&stored, specs, renames, &mut errors);
    let parents = row_parents(&stored, specs, &ids, &mut errors);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(RegistryUpsertError::Invalid(RegistryErrors(errors)));
    }
    let report = write_rows(&mut tx, specs, &ids, &parents).await?;
    tx.commit().await?;
    Ok(report)
}

pub(super) fn row_error(row: usize, field: &str, message: String) -> RowError {
    RowError {
        row,
        field: field.into(),
        message,
    }
}

/// What the input says wrong by itself: names, reserved slugs, codes that do
/// not fit their kind, a slug, code or host given twice, hosts under the base
/// domain, kinds and parents that cannot be.
pub(super) fn check_rows(base_domain: &str, specs: &[(usize, TenantSpec)]) -> Vec<RowError> {
    let mut errors = vec![];
    let err = row_error;
    let (mut slugs, mut codes, mut hosts) = (HashMap::new(), HashMap::new(), HashMap::new());
    for (row, s) in specs {
        check_name(&mut errors, *row, "name_ar", &s.name_ar);
        check_name(&mut errors, *row, "name_fr", &s.name_fr);
        if let Some(en) = &s.name_en {
            check_name(&mut errors, *row, "name_en", en);
        }
        if s.slug.is_reserved() {
            errors.push(err(
                *row,
                "slug",
                format!(
                    "{} is reserved for the platform; reserved: {}",
                    s.slug,
                    crate::types::RESERVED_SLUGS.join(", ")
                ),
            ));
        }
        if let Some(code) = &s.hcp_code
            && s.kind != TenantKind::Nation
            && !code.fits(s.kind)
        {
            errors.push(err(
                *row,
                "hcp_code",
                format!(
                    "{code} is not the code of a {}: a region has 04, a province or prefecture 04.281, a commune 04.281.01.01",
                    s.kind.as_str()
                ),
            ));
        }
        if let Some(prev) = slugs.insert(s.slug.clone(), *row) {
            errors.push(err(
                *row,
                "slug",
                format!("{} is also on row {prev}", s.slug),
            ));
        }
        if let Some(code) = &s.hcp_code
            && let Some(prev) = codes.insert(code.clone(), *row)
        {
            errors.push(err(
                *row,
                "hcp_code",
                format!("{code} is also on row {prev}"),
            ));
        }
        for h in &s.hosts {
            if let Some(prev) = hosts.insert(h.clone(), *row) {
                errors.push(err(*row, "hosts", format!("{h} is also on row {prev}")));
            }
            if h.as_str() == base_domain || h.as_str().ends_with(&format!(".{base_domain}")) {
                errors.push(err(
                    *row,
                    "hosts",
                    format!("{h} is the base domain or under it; <slug>.{base_domain} is already implicit"),
                ));
            }
        }
        if let Some(langs) = &s.languages
            && langs.is_empty()
        {
            errors.push(err(
                *row,
                "languages",
                "offer at least one language (ar, fr, en)".into(),
            ));
        }
        if let Some(p) = s.population
            && p < 0
        {
            errors.push(err(*row, "population", "must not be negative".into()));
        }
        if s.kind == TenantKind::Nation {
            errors.push(err(
                *row,
                "kind",
                "the nation exists already; use commune, province, prefecture or region".into(),
            ));
        }
        if s.kind == TenantKind::Region && s.parent.is_some() {
            errors.push(err(*row, "parent", "a region has no parent".into()));
        }
        if !matches!(s.kind, TenantKind::Region | TenantKind::Nation) && s.parent.is_none() {
            errors.push(err(
                *row,
                "parent",
                format!("a {} needs a parent", s.kind.as_str()),
            ));
        }
    }

    errors
}

/// Time zones are checked against PostgreSQL's own list, which is what will use them.
pub(super) async fn check_time_zones(
    tx: &mut PgConnection,
    specs: &[(usize, TenantSpec)],
    errors: &mut Vec<RowError>,
) -> Result<(), sqlx::Error> {
    let err = row_error;
    let zones: HashSet<String> = specs
        .iter()
        .filter_map(|(_, s)| s.time_zone.clone())
        .collect();
    if !zones.is_empty() {
        let zones: Vec<String> = zones.into_iter().collect();
        let known: HashSet<String> = sqlx::query_scalar!(
            r#"select name as "name!" from pg_timezone_names where name = any($1)"#,
            &zones
        )
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
        for (row, s) in specs {
            if let Some(z) = &s.time_zone
                && !known.contains(z)
            {
                errors.push(err(
                    *row,
                    "time_zone",
                    format!("unknown time zone {z:?}, e.g. Africa/Casablanca"),
                ));
            }
        }
    }

    Ok(())
}

/// The collectivities as stored, indexed the ways the rows name them.
pub(super) struct Stored {
    pub(super) by_slug: HashMap<String, (Uuid, String)>,
    pub(super) by_code: HashMap<String, Uuid>,
    pub(super) kind_of: HashMap<Uuid, String>,
    pub(super) slug_of: HashMap<Uuid, String>,
    pub(super) code_of: HashMap<Uuid, HcpCode>,
    pub(super) host_owner: HashMap<String, Uuid>,
}

impl Stored {
    pub(super) async fn load(tx: &mut PgConnection) -> Result<Self, sqlx::Error> {
        let stored = sqlx::query!("select id, slug, kind, hcp_code from tenants")
            .fetch_all(&mut *tx)
            .await?;
        let host_owner = sqlx::query!("select host, collectivity_id from tenant_hosts")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|r| (r.host, r.collectivity_id))
            .collect();
        Ok(Stored {
            by_slug: stored
                .iter()
                .map(|r| (r.slug.clone(), (r.id, r.kind.clone())))
                .collect(),
            by_code: stored
                .iter()
                .filter_map(|r| Some((r.hcp_code.clone()?, r.id)))
                .collect(),
            kind_of: stored.iter().map(|r| (r.id, r.kind.clone())).collect(),
            slug_of: stored.iter().map(|r| (r.id, r.slug.clone())).collect(),
            code_of: stored
                .iter()
                .filter_map(|r| Some((r.id, HcpCode::parse(r.hcp_code.as_deref()?).ok()?)))
                .collect(),
            host_owner,
        })
    }
}

/// The id of every row, decided first so that parents may come later in the
/// file: the stored collectivity of its code (or slug, without a code), else
/// a new one; and whether it exists.
pub(super) fn row_ids(
    stored: &Stored,
    specs: &[(usize, TenantSpec)],
    renames: Renames,
    errors: &mut Vec<RowError>,
) -> Vec<(Uuid, bool)> {
    let err = row_error;
    let Stored {
        by_slug,
        by_code,
        kind_of,
        slug_of,
        host_owner,
        ..
    } = stored;
    let mut ids: Vec<(Uuid, bool)> = Vec::with_capacity(specs.len());
    for (row, s) in specs {
        let existing = s
            .hcp_code
            .as_ref()
            .and_then(|c| by_code.get(c.as_str()).copied())
            .or_else(|| {
                if s.hcp_code.is_none() {
                    by_slug.get(s.slug.as_str()).map(|(id, _)| *id)
                } else {
                    None
                }
            });
        let id = existing.unwrap_or_else(Uuid::now_v7);
        if let Some(id) = existing {
            if kind_of
                .get(&id)
                .is_some_and(|k| k == TenantKind::Nation.as_str())
            {
                errors.push(err(
                    *row,
                    "slug",
                    "the national space is never changed by import or update".into(),
                ));
            } else if let Some(old) = slug_of.get(&id)
                && old.as_str() != s.slug.as_str()
                && renames == Renames::Refused
            {
                errors.push(err(
                    *row,
                    "slug",
                    format!(
                        "{} is the HCP code of {old}; giving it the slug {} would move its address: use `tenant update {old} --new-slug {}`",
                        s.hcp_code.as_ref().map(|c| c.as_str()).unwrap_or("?"),
                        s.slug,
                        s.slug
                    ),
                ));
            }
        }
        if let Some((other, _)) = by_slug.get(s.slug.as_str())
            && *other != id
        {
            errors.push(err(
                *row,
                "slug",
                format!("{} is already the slug of another collectivity", s.slug),
            ));
        }
        for h in &s.hosts {
            if let Some(owner) = host_owner.get(h.as_str())
                && *owner != id
            {
                errors.push(err(
                    *row,
                    "hosts",
                    format!("{h} already belongs to another collectivity"),
                ));
            }
        }
        ids.push((id, existing.is_some()));
    }
    ids
}

/// Each row's parent: a row of the file or a stored collectivity, of a kind
/// that may hold it, whose code its own lies under.
pub(super) fn row_parents(
    stored: &Stored,
    specs: &[(usize, TenantSpec)],
    ids: &[(Uuid, bool)],
    errors: &mut Vec<RowError>,
) -> Vec<Option<Uuid>> {
    let err = row_error;
    let Stored {
        by_slug,
        by_code,
        kind_of,
        ..
    } = stored;
    let in_file_slug: HashMap<&str, usize> = specs
        .iter()
        .enumerate()
        .map(|(i, (_, s))| (s.slug.as_str(), i))
        .collect();
    let in_file_code: HashMap<&str, usize> = specs
        .iter()
        .enumerate()
        .filter_map(|(i, (_, s))| s.hcp_code.as_ref().map(|c| (c.as_str(), i)))
        .collect();
    // Each collectivity's HCP code, as it will be: stored, or given in the file.
    let mut code_of = stored.code_of.clone();
    for (i, (_, s)) in specs.iter().enumerate() {
        if let Some(c) = &s.hcp_code {
            code_of.insert(ids[i].0, c.clone());
        }
    }
    let mut parents: Vec<Option<Uuid>> = Vec::with_capacity(specs.len());
    for (i, (row, s)) in specs.iter().enumerate() {
        let parent = match &s.parent {
            None => None,
            Some(p) => {
                let (key, found) = match p {
                    ParentRef::Slug(sl) => (
                        sl.to_string(),
                        in_file_slug
                            .get(sl.as_str())
                            .map(|j| (ids[*j].0, Some(specs[*j].1.kind)))
                            .or_else(|| {
                                by_slug
                                    .get(sl.as_str())
                                    .map(|(id, k)| (*id, TenantKind::parse(k).ok()))
                            }),
                    ),
                    ParentRef::Code(c) => (
                        c.to_string(),
                        in_file_code
                            .get(c.as_str())
                            .map(|j| (ids[*j].0, Some(specs[*j].1.kind)))
                            .or_else(|| {
                                by_code.get(c.as_str()).map(|id| {
                                    (*id, kind_of.get(id).and_then(|k| TenantKind::parse(k).ok()))
                                })
                            }),
                    ),
                };
                match found {
                    None => {
                        errors.push(err(
                            *row,
                            "parent",
                            format!("no collectivity {key:?} (in the file or stored)"),
                        ));
                        None
                    }
                    Some((pid, pkind)) => {
                        if pid == ids[i].0 {
                            errors.push(err(
                                *row,
                                "parent",
                                "a collectivity cannot be its own parent".into(),
                            ));
                        } else if !s.kind.parent_allowed(pkind) {
                            errors.push(err(
                                *row,
                                "parent",
                                format!(
                                    "a {} cannot sit in a {}: commune → province or prefecture → region",
                                    s.kind.as_str(),
                                    pkind.map(|k| k.as_str()).unwrap_or("?")
                                ),
                            ));
                        } else if let (Some(c), Some(pc)) = (&s.hcp_code, code_of.get(&pid))
                            && !c.is_under(pc)
                        {
                            errors.push(err(
                                *row,
                                "hcp_code",
                                format!("{c} does not lie under its parent's code {pc}"),
                            ));
                        }
                        Some(pid)
                    }
                }
            }
        };
        parents.push(parent);
    }
    parents
}

/// Writes the rows, parents before children, and counts what changed.
pub(super) async fn write_rows(
    tx: &mut PgConnection,
    specs: &[(usize, TenantSpec)],
    ids: &[(Uuid, bool)],
    parents: &[Option<Uuid>],
) -> Result<ImportReport, RegistryUpsertError> {
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|i| level(specs[*i].1.kind));
    let mut report = ImportReport::default();
    for i in order {
        let (row, s) = &specs[i];
        let (id, existed) = ids[i];
        let languages: Option<Vec<String>> = s
            .languages
            .as_ref()
            .map(|ls| ls.iter().map(|l| l.code().to_owned()).collect());
        let result = if existed {
            sqlx::query!(
                r#"update tenants set
                       slug = $2, kind = $3, parent_id = $4, hcp_code = coalesce($5, hcp_code),
                       name_ar = $6, name_fr = $7, name_en = coalesce($8, name_en),
                       languages = coalesce($9, languages), time_zone = coalesce($10, time_zone),
                       primary_color = coalesce($11, primary_color),
                       logo = coalesce($12, logo), logo_type = coalesce($13, logo_type),
                       population = coalesce($14, population), updated_at = now()
                    where id = $1
                      and (slug, kind, parent_id, hcp_code, name_ar, name_fr, name_en, languages, time_zone,
                           primary_color, logo, logo_type, population)
                          is distinct from
                          ($2, $3, $4, coalesce($5, hcp_code), $6, $7, coalesce($8, name_en),
                           coalesce($9, languages), coalesce($10, time_zone), coalesce($11, primary_color),
                           coalesce($12, logo), coalesce($13, logo_type), coalesce($14, population))"#,
                id,
                s.slug.as_str(),
                s.kind.as_str(),
                parents[i],
                s.hcp_code.as_ref().map(|c| c.as_str()),
                s.name_ar,
                s.name_fr,
                s.name_en,
                languages.as_deref(),
                s.time_zone,
                s.primary_color.as_ref().map(|c| c.as_str()),
                s.logo.as_ref().map(|l| l.bytes.as_slice()),
                s.logo.as_ref().map(|l| l.media_type),
                s.population,
            )
            .execute(&mut *tx)
            .await
            .map(|r| if r.rows_affected() > 0 { report.updated += 1 } else { report.unchanged += 1 })
        } else {
            sqlx::query!(
                r#"insert into tenants (id, slug, kind, parent_id, hcp_code, name_ar, name_fr, name_en, languages,
                                        time_zone, primary_color, logo, logo_type, population)
                   values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::text[], '{ar,fr}'), coalesce($10, 'Africa/Casablanca'),
                           coalesce($11, '#0b6e4f'), $12, $13, $14)"#,
                id,
                s.slug.as_str(),
                s.kind.as_str(),
                parents[i],
                s.hcp_code.as_ref().map(|c| c.as_str()),
                s.name_ar,
                s.name_fr,
                s.name_en,
                languages.as_deref(),
                s.time_zone,
                s.primary_color.as_ref().map(|c| c.as_str()),
                s.logo.as_ref().map(|l| l.bytes.as_slice()),
                s.logo.as_ref().map(|l| l.media_type),
                s.population,
            )
            .execute(&mut *tx)
            .await
            .map(|_| report.created += 1)
        };
        if let Err(e) = result {
            return Err(db_row_error(*row, e));
        }
        if !s.hosts.is_empty() {
            let hosts: Vec<String> = s.hosts.iter().map(|h| h.to_string()).collect();
            let added = sqlx::query!(
                "insert into tenant_hosts (collectivity_id, host) select $1, unnest($2::text[]) on conflict do nothing",
                id,
                &hosts
            )
            .execute(&mut *tx)
            .await
            .map_err(|e| db_row_error(*row, e))?;
            if existed && added.rows_affected() > 0 && report.unchanged > 0 {
                report.unchanged -= 1;
                report.updated += 1;
            }
        }
    }
    Ok(report)
}

/// A database refusal while writing a row, named by row and field.
pub(super) fn db_row_error(row: usize, e: sqlx::Error) -> RegistryUpsertError {
    if let Some(db) = e.as_database_error() {
        let field = match db.constraint() {
            Some(c) if c.contains("slug") => "slug",
            Some(c) if c.contains("hcp_code") => "hcp_code",
            Some(c) if c.contains("host") => "hosts",
            Some(c) if c.contains("parent") => "parent",
            Some(c) if c.contains("name") => "name",
            Some(c) if c.contains("color") => "primary_color",
            Some(c) if c.contains("logo") => "logo",
            _ => "row",
        };
        return RegistryUpsertError::Invalid(RegistryErrors(vec![RowError {
            row,
            field: field.into(),
            message: db.message().to_owned(),
        }]));
    }
    RegistryUpsertError::Database(e)
}

#[derive(Debug, thiserror::Error)]
pub enum RegistryUpsertError {
    #[error("{0}")]
    Invalid(RegistryErrors),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}
