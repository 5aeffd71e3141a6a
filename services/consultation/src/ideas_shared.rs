//! What the ideas, workshop and statistics pages share: form values and the
//! errors shown beside their fields, the national catalogues (axes, profiles,
//! age brackets) as translated choices and plain-text checks. (CSV is
//! written by `infitah_platform::csv`, for every export alike.)

use infitah_platform::catalog::CatalogEntry;
use infitah_platform::{db::TenantTx, i18n::Lang};

pub use infitah_platform::web::render;

// The crate's one form toolkit, shared with the comments' pages.
pub use crate::{comments::Fields, section::Errors};

/// A choice of a select: its code, its label in the page's language, and whether it is chosen.
pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// The three national catalogues these pages use.
pub struct Catalogs {
    pub pillars: Vec<CatalogEntry>,
    pub profiles: Vec<CatalogEntry>,
    pub ages: Vec<CatalogEntry>,
}

impl Catalogs {
    pub async fn load(tx: &mut TenantTx) -> Result<Self, sqlx::Error> {
        Ok(Catalogs {
            pillars: infitah_platform::catalog::catalog(tx, "pillar").await?,
            profiles: infitah_platform::catalog::catalog(tx, "profile").await?,
            ages: infitah_platform::catalog::catalog(tx, "age_bracket").await?,
        })
    }
}

/// The label of a code in a catalogue (the code itself if unknown).
pub fn label(entries: &[CatalogEntry], code: &str, lang: Lang) -> String {
    entries
        .iter()
        .find(|e| e.code == code)
        .map(|e| e.label(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The entries still offered (retired ones are kept for old records only), `chosen` selected.
pub fn choices(entries: &[CatalogEntry], lang: Lang, chosen: &str) -> Vec<Choice> {
    entries
        .iter()
        .filter(|e| !e.retired)
        .map(|e| Choice {
            code: e.code.clone(),
            label: e.label(lang).to_owned(),
            selected: e.code == chosen,
        })
        .collect()
}

/// A catalogue entry on offer, given by its code or by its label in any
/// language (what a person types into a spreadsheet), case and spacing aside.
pub fn resolve(entries: &[CatalogEntry], input: &str) -> Option<String> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let want = norm(input);
    if want.is_empty() {
        return None;
    }
    entries
        .iter()
        .filter(|e| !e.retired)
        .find(|e| {
            e.code == want
                || norm(&e.label_ar) == want
                || norm(&e.label_fr) == want
                || e.label_en.as_deref().is_some_and(|l| norm(l) == want)
        })
        .map(|e| e.code.clone())
}

/// "3 ماي 2021", "3 mai 2021".
pub fn day_label(lang: Lang, d: time::Date) -> String {
    infitah_platform::texts::date_label(lang, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_entries_by_code_or_label() {
        let e = vec![CatalogEntry {
            code: "association".into(),
            label_ar: "جمعية من المجتمع المدني".into(),
            label_fr: "Association de la société civile".into(),
            label_en: Some("Civil-society association".into()),
            retired: false,
        }];
        for ok in [
            "association",
            " جمعية  من المجتمع المدني ",
            "association de la Société civile",
        ] {
            assert_eq!(resolve(&e, ok).as_deref(), Some("association"), "{ok}");
        }
        assert_eq!(resolve(&e, "asso"), None);
        assert_eq!(resolve(&e, ""), None);
    }
}
