//! Newtypes for the registry's values: each one can only hold a valid value,
//! so code that receives one never checks it again.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                $name::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

/// A collectivity's id: the `tenant_id` of every row it owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TenantId(pub Uuid);

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A collectivity's slug: lowercase a–z, 0–9 and inner single hyphens, at most
/// 63 characters, so that `<slug>.<base domain>` is a valid host name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Self, String> {
        let ok = !s.is_empty()
            && s.len() <= 63
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_owned()))
        } else {
            Err(format!(
                "invalid slug {s:?}: use 1 to 63 lowercase letters a-z, digits and single inner hyphens"
            ))
        }
    }

    /// Whether the slug is kept for the platform itself: the national space,
    /// and the names a host under the base domain must never be given to a
    /// collectivity (`mail.`, `api.`, `www.` …).
    pub fn is_reserved(&self) -> bool {
        RESERVED_SLUGS.contains(&self.0.as_str())
    }

    /// Derives a slug from a name ("Kénitra" → "kenitra", "M'diq-Fnideq" → "m-diq-fnideq").
    pub fn from_name(prefix: &str, name: &str) -> Result<Self, String> {
        let base = slug::slugify(name);
        let s = if prefix.is_empty() {
            base
        } else {
            format!("{prefix}-{base}")
        };
        Slug::parse(&s)
    }
}
string_newtype!(Slug);

/// Slugs no collectivity may take (see [`Slug::is_reserved`]).
pub const RESERVED_SLUGS: &[&str] = &[
    "admin",
    "api",
    "app",
    "assets",
    "auth",
    "cdn",
    "docs",
    "ftp",
    "help",
    "imap",
    "localhost",
    "mail",
    "metrics",
    "national",
    "ns1",
    "ns2",
    "pop",
    "smtp",
    "static",
    "status",
    "support",
    "webmail",
    "www",
];

/// A host name in its ASCII (punycode) form, lower case, without port or
/// trailing dot: what browsers send in the Host header.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HostName(String);

impl HostName {
    pub fn parse(s: &str) -> Result<Self, String> {
        let h = s.trim().trim_end_matches('.').to_ascii_lowercase();
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        // A top-level label is never all digits: that is an IPv4 address.
        let ip_like = h
            .rsplit('.')
            .next()
            .is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
        if ip_like {
            return Err(format!(
                "{s:?} is an IP address: a collectivity is reached by a DNS name such as kenitra.ma"
            ));
        }
        if !h.is_empty() && h.len() <= 253 && h.split('.').all(label_ok) {
            Ok(HostName(h))
        } else {
            Err(format!(
                "invalid host name {s:?}: use a DNS name such as kenitra.ma (punycode for non-ASCII names)"
            ))
        }
    }

    /// Normalises what arrives in a Host header: strips the port, folds case.
    /// Returns None for anything that is not a host name (IP literals included).
    pub fn from_header(value: &str) -> Option<Self> {
        let without_port = match value.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => value,
        };
        HostName::parse(without_port).ok()
    }
}
string_newtype!(HostName);

/// What a collectivity is. Provinces and prefectures sit at the same level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TenantKind {
    /// The national space itself: one row, created by the migrations.
    Nation,
    Region,
    Province,
    Prefecture,
    Commune,
}

impl TenantKind {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nation" => Ok(Self::Nation),
            "region" => Ok(Self::Region),
            "province" => Ok(Self::Province),
            "prefecture" | "prefecture_of_arrondissements" => Ok(Self::Prefecture),
            "commune" => Ok(Self::Commune),
            other => Err(format!(
                "invalid kind {other:?}: use commune, province, prefecture or region"
            )),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nation => "nation",
            Self::Region => "region",
            Self::Province => "province",
            Self::Prefecture => "prefecture",
            Self::Commune => "commune",
        }
    }
    /// The level above: a commune sits in a province or prefecture, which sits in a region.
    pub fn parent_allowed(self, parent: Option<TenantKind>) -> bool {
        matches!(
            (self, parent),
            (Self::Region | Self::Nation, None)
                | (Self::Province | Self::Prefecture, Some(Self::Region))
                | (Self::Commune, Some(Self::Province | Self::Prefecture))
        )
    }
}

/// A Haut-Commissariat au Plan code: "04" (region), "04.281" (province),
/// "04.281.01.01" (commune). The code is the hierarchy.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "04.281.01.01")]
pub struct HcpCode(String);

impl HcpCode {
    pub fn parse(s: &str) -> Result<Self, String> {
        let parts: Vec<&str> = s.trim().split('.').collect();
        let digits = |p: &str, min: usize, max: usize| {
            p.len() >= min && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
        };
        let ok = match parts.as_slice() {
            [r] => digits(r, 2, 2),
            [r, p] => digits(r, 2, 2) && digits(p, 3, 3),
            [r, p, c, n] => {
                digits(r, 2, 2) && digits(p, 3, 3) && digits(c, 2, 2) && digits(n, 1, 2)
            }
            _ => false,
        };
        if ok {
            Ok(HcpCode(s.trim().to_owned()))
        } else {
            Err(format!(
                "invalid HCP code {s:?}: expected 04, 04.281 or 04.281.01.01"
            ))
        }
    }
}
impl HcpCode {
    /// The kinds a code of this shape can belong to: "04" a region, "04.281" a
    /// province or prefecture, "04.281.01.01" a commune. Casablanca's
    /// prefectures of arrondissements carry commune-shaped codes in the HCP's
    /// list ("06.141.01.10"), so a prefecture may have either.
    pub fn fits(&self, kind: TenantKind) -> bool {
        let parts = self.0.split('.').count();
        matches!(
            (kind, parts),
            (TenantKind::Region, 1)
                | (TenantKind::Province, 2)
                | (TenantKind::Prefecture, 2 | 4)
                | (TenantKind::Commune, 4)
        )
    }

    /// Whether this code lies under `parent`'s (the code is the hierarchy).
    pub fn is_under(&self, parent: &HcpCode) -> bool {
        self.0
            .strip_prefix(parent.0.as_str())
            .is_some_and(|rest| rest.starts_with('.'))
    }
}
string_newtype!(HcpCode);

/// A colour as `#rrggbb`, lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Color(String);

impl Color {
    pub fn parse(s: &str) -> Result<Self, String> {
        let c = s.trim().to_ascii_lowercase();
        if c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Color(c))
        } else {
            Err(format!("invalid colour {s:?}: expected #rrggbb"))
        }
    }
    fn channel(&self, i: usize) -> f64 {
        let v = self.rgb()[i] as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    }
    /// WCAG relative luminance, to choose readable text on the brand colour.
    pub fn luminance(&self) -> f64 {
        0.2126 * self.channel(0) + 0.7152 * self.channel(1) + 0.0722 * self.channel(2)
    }
    /// Contrast ratio against white.
    pub fn contrast_with_white(&self) -> f64 {
        self.contrast(&Color::white())
    }
    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(&self, other: &Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
    pub fn white() -> Color {
        Color("#ffffff".into())
    }
    /// The national space's green (and every collectivity's until it picks one).
    pub fn platform() -> Color {
        Color("#0b6e4f".into())
    }
    /// The ink drawn on this colour: white while it keeps 4.5:1, else near-black.
    pub fn ink(&self) -> &'static str {
        if self.contrast_with_white() >= 4.5 {
            "#ffffff"
        } else {
            "#111111"
        }
    }

    fn rgb(&self) -> [u8; 3] {
        [0, 1, 2].map(|i| u8::from_str_radix(&self.0[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0))
    }

    /// This colour, darkened toward black just enough to keep `ratio`
    /// against `background` (WCAG 1.4.3: 4.5 for text, 3 for large text and
    /// controls): a light brand colour such as #f4c430 (1.64:1 on white)
    /// gets a darker shade for its text, links and bars; a dark one is
    /// returned as it is.
    pub fn readable_on(&self, background: &Color, ratio: f64) -> Color {
        let rgb = self.rgb();
        (0..=100)
            .map(|step| {
                let keep = 1.0 - step as f64 / 100.0;
                let c = rgb.map(|v| (v as f64 * keep).round() as u8);
                Color(format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]))
            })
            .find(|c| c.contrast(background) >= ratio)
            .unwrap_or_else(|| Color("#000000".into()))
    }
}
string_newtype!(Color);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_colours_get_a_readable_shade_for_text() {
        let canvas = Color::parse("#f5f6f4").unwrap();
        let saffron = Color::parse("#f4c430").unwrap();
        assert!((saffron.contrast_with_white() - 1.64).abs() < 0.01);
        let text = saffron.readable_on(&canvas, 4.5);
        assert!(
            text.contrast(&canvas) >= 4.5 && text.contrast_with_white() >= 4.5,
            "{text}"
        );
        // Darkened no more than needed: one step lighter falls short.
        assert!(
            text.contrast(&canvas) < 4.8,
            "{text} {}",
            text.contrast(&canvas)
        );
        // Kénitra's green already reads: kept as it is.
        let green = Color::parse("#0b6e4f").unwrap();
        assert_eq!(green.readable_on(&canvas, 4.5), green);
        assert!((Color::parse("#000000").unwrap().contrast_with_white() - 21.0).abs() < 1e-9);
        // White on white cannot reach 4.5 without darkening: it does.
        let white = Color::parse("#ffffff").unwrap();
        assert!(
            white
                .readable_on(&Color::white(), 4.5)
                .contrast_with_white()
                >= 4.5
        );
    }

    #[test]
    fn slugs() {
        assert!(Slug::parse("kenitra").is_ok());
        assert!(Slug::parse("sidi-slimane-2").is_ok());
        for bad in [
            "",
            "Kenitra",
            "-a",
            "a-",
            "a--b",
            "a_b",
            "a.b",
            &"a".repeat(64),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Slug::from_name("province", "Kénitra").unwrap().as_str(),
            "province-kenitra"
        );
        assert_eq!(
            Slug::from_name("", "M'diq-Fnideq").unwrap().as_str(),
            "m-diq-fnideq"
        );
    }

    #[test]
    fn hosts() {
        assert_eq!(
            HostName::from_header("Kenitra.LocalHost:8080")
                .unwrap()
                .as_str(),
            "kenitra.localhost"
        );
        assert_eq!(
            HostName::from_header("kenitra.ma.").unwrap().as_str(),
            "kenitra.ma"
        );
        assert!(HostName::from_header("[::1]:8080").is_none());
        assert!(HostName::from_header("a b").is_none());
        assert!(HostName::parse("-bad.ma").is_err());
        assert!(HostName::parse("<script>").is_err());
    }

    #[test]
    fn hierarchy() {
        use TenantKind::*;
        assert!(Commune.parent_allowed(Some(Province)));
        assert!(Commune.parent_allowed(Some(Prefecture)));
        assert!(!Commune.parent_allowed(Some(Commune)));
        assert!(!Commune.parent_allowed(None));
        assert!(Region.parent_allowed(None));
        assert!(!Province.parent_allowed(Some(Province)));
    }

    #[test]
    fn hcp_codes() {
        for ok in ["04", "04.281", "04.281.01.01", "01.511.01.0"] {
            assert!(HcpCode::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["4", "04.28", "04.281.01", "x"] {
            assert!(HcpCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn colours() {
        assert_eq!(Color::parse("#0B6E4F").unwrap().as_str(), "#0b6e4f");
        assert!(Color::parse("red").is_err());
        assert!(Color::parse("#000000").unwrap().contrast_with_white() > 20.0);
    }
}
