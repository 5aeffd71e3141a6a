//! The collectivity registry: reading it whole (each replica keeps it in
//! memory, see `tenancy`) and the operator's writes (`infitah tenant …`,
//! `infitah demo`), which run as `infitah_owner` in one transaction and
//! report bad input by row and field, writing nothing.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

use crate::{
    i18n::Lang,
    types::{Color, HcpCode, HostName, Slug, TenantId, TenantKind},
};

/// The advisory lock every registry writer takes in its transaction
/// (`tenant add/update/import` here, `tenant restore` in the binary): one
/// writer at a time, whoever it is.
pub const REGISTRY_LOCK: i64 = 7302917052;

/// One collectivity as stored.
#[derive(Debug, Clone, Serialize)]
pub struct TenantRecord {
    pub id: TenantId,
    pub slug: Slug,
    pub kind: TenantKind,
    pub parent_id: Option<TenantId>,
    pub hcp_code: Option<HcpCode>,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: Option<String>,
    pub languages: Vec<Lang>,
    pub time_zone: String,
    pub primary_color: Color,
    pub has_logo: bool,
    pub population: Option<i32>,
    pub hosts: Vec<HostName>,
    pub disabled: bool,
    pub updated_at_unix: i64,
}

/// Reads every collectivity with its custom hosts.
pub async fn load_all(conn: &mut PgConnection) -> anyhow::Result<Vec<TenantRecord>> {
    let rows = sqlx::query!(
        r#"select t.id, t.slug, t.kind, t.parent_id, t.hcp_code, t.name_ar, t.name_fr, t.name_en,
                  t.languages, t.time_zone, t.primary_color, (t.logo is not null) as "has_logo!",
                  t.population, (t.disabled_at is not null) as "disabled!",
                  extract(epoch from t.updated_at)::bigint as "updated_at_unix!",
                  coalesce(array(select h.host from tenant_hosts h where h.collectivity_id = t.id order by h.host), '{}') as "hosts!"
             from tenants t
            order by t.hcp_code nulls last, t.slug"#
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let bad = |what: &str, e: String| {
                anyhow::anyhow!("tenant {} has a bad {what} in the database: {e}", r.id)
            };
            Ok(TenantRecord {
                id: TenantId(r.id),
                slug: Slug::parse(&r.slug).map_err(|e| bad("slug", e))?,
                kind: TenantKind::parse(&r.kind).map_err(|e| bad("kind", e))?,
                parent_id: r.parent_id.map(TenantId),
                hcp_code: r
                    .hcp_code
                    .as_deref()
                    .map(HcpCode::parse)
                    .transpose()
                    .map_err(|e| bad("code", e))?,
                name_ar: r.name_ar,
                name_fr: r.name_fr,
                name_en: r.name_en,
                languages: r.languages.iter().filter_map(|l| Lang::parse(l)).collect(),
                time_zone: r.time_zone,
                primary_color: Color::parse(&r.primary_color).map_err(|e| bad("colour", e))?,
                has_logo: r.has_logo,
                population: r.population,
                hosts: r
                    .hosts
                    .iter()
                    .map(|h| HostName::parse(h))
                    .collect::<Result<_, _>>()
                    .map_err(|e| bad("host", e))?,
                disabled: r.disabled,
                updated_at_unix: r.updated_at_unix,
            })
        })
        .collect()
}

/// The logo of a collectivity, with its media type.
pub async fn logo(
    conn: &mut PgConnection,
    id: TenantId,
) -> anyhow::Result<Option<(Vec<u8>, String)>> {
    let row = sqlx::query!(r#"select logo as "logo!", logo_type as "logo_type!" from tenants where id = $1 and logo is not null"#, id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| (r.logo, r.logo_type)))
}

/// A reference to a parent collectivity: its slug or its HCP code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParentRef {
    Slug(Slug),
    Code(HcpCode),
}

impl ParentRef {
    pub fn parse(s: &str) -> Result<Self, String> {
        HcpCode::parse(s).map(ParentRef::Code).or_else(|_| {
            Slug::parse(s)
                .map(ParentRef::Slug)
                .map_err(|_| format!("invalid parent {s:?}: give a slug or an HCP code"))
        })
    }
}

/// A logo to store: decoded whole (the `image` crate), then re-encoded as a
/// PNG of at most [`LOGO_SIDE`] pixels a side and 256 KiB. A file that only
/// starts like an image, a truncated one, or an SVG (it can carry scripts and
/// external references) is refused; what is stored carries nothing of the
/// original file but its pixels.
#[derive(Debug, Clone)]
pub struct Logo {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
}

/// The longest side of a stored logo, in pixels (it is shown at 48–96 px).
pub const LOGO_SIDE: u32 = 512;
/// The largest file accepted before decoding.
const LOGO_INPUT_MAX: usize = 4 * 1024 * 1024;
const LOGO_STORED_MAX: usize = 256 * 1024;

impl Logo {
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, String> {
        use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
        if bytes.len() > LOGO_INPUT_MAX {
            return Err(format!(
                "logo is {} bytes; the limit is {LOGO_INPUT_MAX} (4 MiB)",
                bytes.len()
            ));
        }
        let refused =
            "logo must be a PNG, JPEG or WebP image (SVG is not accepted: export it as PNG)";
        let format = match image::guess_format(&bytes) {
            Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)) => f,
            _ => return Err(refused.into()),
        };
        // A JPEG decoder fills in what a truncated file lacks; its end marker says it is whole.
        if format == ImageFormat::Jpeg && !bytes.ends_with(&[0xff, 0xd9]) {
            return Err("logo is a truncated JPEG (no end marker)".into());
        }
        let mut reader = ImageReader::with_format(std::io::Cursor::new(&bytes), format);
        let mut limits = Limits::default();
        limits.max_image_width = Some(8192);
        limits.max_image_height = Some(8192);
        limits.max_alloc = Some(128 * 1024 * 1024);
        reader.limits(limits);
        let img = reader
            .decode()
            .map_err(|e| format!("logo cannot be read as {format:?}: {e}"))?;
        let img = if img.width() > LOGO_SIDE || img.height() > LOGO_SIDE {
            img.resize(LOGO_SIDE, LOGO_SIDE, FilterType::Lanczos3)
        } else {
            img
        };
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png)
            .map_err(|e| format!("logo cannot be re-encoded: {e}"))?;
        let out = out.into_inner();
        if out.len() > LOGO_STORED_MAX {
            return Err(format!(
                "logo is {} bytes once re-encoded as PNG; the limit is 262144 (256 KiB): use a simpler image",
                out.len()
            ));
        }
        Ok(Logo {
            bytes: out,
            media_type: "image/png",
        })
    }
}

/// A collectivity to create or update. `None` keeps what is stored (or the
/// default, for a new one).
#[derive(Debug, Clone)]
pub struct TenantSpec {
    pub slug: Slug,
    pub kind: TenantKind,
    pub parent: Option<ParentRef>,
    pub hcp_code: Option<HcpCode>,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: Option<String>,
    pub hosts: Vec<HostName>,
    pub languages: Option<Vec<Lang>>,
    pub time_zone: Option<String>,
    pub primary_color: Option<Color>,
    pub logo: Option<Logo>,
    pub population: Option<i32>,
}

/// One problem with the input: which row (1-based line of data, 0 for a single
/// command), which field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: usize,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.row == 0 {
            write!(f, "{}: {}", self.field, self.message)
        } else {
            write!(f, "row {}, {}: {}", self.row, self.field, self.message)
        }
    }
}

/// All the problems found; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryErrors(pub Vec<RowError>);

impl std::fmt::Display for RegistryErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "nothing was written; {} problem(s):", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}
impl std::error::Error for RegistryErrors {}

/// What an import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn check_name(errors: &mut Vec<RowError>, row: usize, field: &str, value: &str) {
    let n = value.chars().count();
    if n == 0 || n > 200 || value.trim() != value || value.chars().any(char::is_control) {
        errors.push(RowError {
            row,
            field: field.into(),
            message:
                "must be 1 to 200 characters, without control characters or surrounding spaces"
                    .into(),
        });
    }
}

/// The collectivities that are not disabled, with their time zones: what
/// the notifications' worker visits in turn (it runs without the registry
/// in memory).
pub async fn active_time_zones(
    pool: &sqlx::PgPool,
) -> Result<Vec<(TenantId, String)>, sqlx::Error> {
    Ok(
        sqlx::query!("select id, time_zone from tenants where disabled_at is null order by id")
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(|r| (TenantId(r.id), r.time_zone))
            .collect(),
    )
}

fn level(kind: TenantKind) -> u8 {
    match kind {
        TenantKind::Nation | TenantKind::Region => 0,
        TenantKind::Province | TenantKind::Prefecture => 1,
        TenantKind::Commune => 2,
    }
}

/// Whether a row may give the stored collectivity of its HCP code another
/// slug, which moves its address: only when the operator says so
/// (`tenant update --new-slug`), never as a side effect of an import.
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

fn row_error(row: usize, field: &str, message: String) -> RowError {
    RowError {
        row,
        field: field.into(),
        message,
    }
}

/// What the input says wrong by itself: names, reserved slugs, codes that do
/// not fit their kind, a slug, code or host given twice, hosts under the base
/// domain, kinds and parents that cannot be.
fn check_rows(base_domain: &str, specs: &[(usize, TenantSpec)]) -> Vec<RowError> {
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
async fn check_time_zones(
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
struct Stored {
    by_slug: HashMap<String, (Uuid, String)>,
    by_code: HashMap<String, Uuid>,
    kind_of: HashMap<Uuid, String>,
    slug_of: HashMap<Uuid, String>,
    code_of: HashMap<Uuid, HcpCode>,
    host_owner: HashMap<String, Uuid>,
}

impl Stored {
    async fn load(tx: &mut PgConnection) -> Result<Self, sqlx::Error> {
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
fn row_ids(
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
fn row_parents(
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
async fn write_rows(
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
fn db_row_error(row: usize, e: sqlx::Error) -> RegistryUpsertError {
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

/// Removes custom hosts of a collectivity.
pub async fn remove_hosts(
    conn: &mut PgConnection,
    id: TenantId,
    hosts: &[HostName],
) -> anyhow::Result<u64> {
    let hosts: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
    Ok(sqlx::query!(
        "delete from tenant_hosts where collectivity_id = $1 and host = any($2)",
        id.0,
        &hosts
    )
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// Disables (or re-enables) a collectivity: its hosts answer 404 while disabled;
/// its data is kept.
pub async fn set_disabled(
    conn: &mut PgConnection,
    slug: &Slug,
    disabled: bool,
) -> anyhow::Result<bool> {
    Ok(sqlx::query!(
        "update tenants set disabled_at = case when $2 then coalesce(disabled_at, now()) end, updated_at = now()
          where slug = $1 and (disabled_at is not null) <> $2",
        slug.as_str(),
        disabled
    )
    .execute(&mut *conn)
    .await?
    .rows_affected()
        > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgb, RgbImage};

    fn encoded(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x * 7) as u8, (y * 3) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn logos_are_decoded_and_stored_as_bounded_pngs() {
        let jpeg = encoded(1200, 300, ImageFormat::Jpeg);
        let logo = Logo::from_bytes(jpeg.clone()).unwrap();
        assert_eq!(logo.media_type, "image/png");
        let stored = image::load_from_memory(&logo.bytes).unwrap();
        assert_eq!((stored.width(), stored.height()), (512, 128));
        let png = encoded(64, 64, ImageFormat::Png);
        assert!(Logo::from_bytes(png).is_ok());

        // Only the first bytes of an image: an HTML page behind a PNG signature.
        let mut fake = b"\x89PNG\r\n\x1a\n".to_vec();
        fake.extend_from_slice(b"<html><script>alert(1)</script></html>");
        assert!(Logo::from_bytes(fake).is_err());
        // A JPEG cut in half.
        assert!(Logo::from_bytes(jpeg[..jpeg.len() / 2].to_vec()).is_err());
        // SVG, with or without a script.
        for svg in [
            "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "<svg xmlns='http://www.w3.org/2000/svg'><image href='https://evil.example/x.png'/></svg>",
            "<svg xmlns='http://www.w3.org/2000/svg'><rect width='10' height='10'/></svg>",
        ] {
            assert!(Logo::from_bytes(svg.as_bytes().to_vec()).is_err(), "{svg}");
        }
        assert!(Logo::from_bytes(vec![]).is_err());
    }
}
