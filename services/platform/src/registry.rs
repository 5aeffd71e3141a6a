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

mod upsert;
pub use upsert::*;
mod hosts;
pub use hosts::*;

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
