//! The editors' back-office: the programme's projects, each card's fields,
//! activities and their progress (with a note and evidence), indicators,
//! publication. Plain HTML forms, no JavaScript needed; errors are shown
//! beside their field in the editor's language, with 422, and nothing is
//! saved. Every route takes `Staff<EditProgramme>`: anyone else gets 404.
//!
//! By resource: [`plan`] (the list of projects, a new one), [`project`] (a
//! card's fields, publication), [`activities`] (and their progress),
//! [`indicators`] (and their measurements); the form rules they share here.

use askama::Template;
use axum::{
    Form,
    extract::Path,
    response::{IntoResponse, Redirect, Response},
};

use infitah_platform::{
    AppError, AppResult, TenantPage,
    auth::{EditProgramme, Staff},
    catalog::{self, CatalogEntry},
    form,
    i18n::Tr,
    web::Shell,
};
use uuid::Uuid;

use crate::{
    model::Bilingual,
    pages::Text,
    repo,
    write::{self, CardFields, Percent, WriteError},
};

pub use infitah_platform::form::{Errors, Fields};

mod activities;
mod indicators;
mod plan;
mod project;

pub use activities::{add_activity, set_progress};
pub use indicators::{add_indicator, add_measurement};
pub use plan::{create_project, plan};
use project::{Shown, project_view};
pub use project::{project, publish, save_project};

/// A text given in Arabic and/or French (the form's `<key>_ar` and `<key>_fr`):
/// each within `max` characters, at least one of the two present.
fn bilingual(
    tr: &Tr,
    errors: &mut Errors,
    field: &str,
    f: &Fields,
    key: &str,
    max: usize,
) -> Bilingual {
    let ar = form::text(tr, errors, field, f.get(&format!("{key}_ar")), max);
    let fr = form::text(tr, errors, field, f.get(&format!("{key}_fr")), max);
    if ar.is_none() && fr.is_none() && errors.get(field).is_none() {
        errors.add(field.to_owned(), tr.t("title-required"));
    }
    Bilingual::new(ar, fr)
}

/// Lines of two textareas, paired: the n-th Arabic line with the n-th French one.
fn paired_lines(tr: &Tr, errors: &mut Errors, field: &str, ar: &str, fr: &str) -> Vec<Bilingual> {
    let lines = |s: &str| {
        s.lines()
            .map(str::trim)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let (a, f) = (lines(ar), lines(fr));
    let n = a.len().max(f.len());
    if n > 100 {
        errors.add(field, tr.n("too-many-lines", 100));
        return vec![];
    }
    let mut out = vec![];
    for i in 0..n {
        let pick = |v: &Vec<String>| v.get(i).filter(|s| !s.is_empty()).cloned();
        let (x, y) = (pick(&a), pick(&f));
        if x.is_none() && y.is_none() {
            continue;
        }
        for t in [&x, &y].into_iter().flatten() {
            if t.chars().count() > 2000 {
                errors.add(field, tr.n("field-too-long", 2000));
            }
        }
        out.push(Bilingual::new(x, y));
    }
    out
}

/// A non-negative amount with at most two decimals ("1250000", "1 250 000,50").
fn parse_amount(s: &str) -> Option<String> {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '.')
        .collect::<String>();
    // Accept "," or "." as the decimal separator: "." was removed only when it groups thousands.
    let (int, frac) = match (s.contains(','), s.matches('.').count()) {
        (true, _) => cleaned
            .split_once(',')
            .map(|(a, b)| (a.to_owned(), b.to_owned()))?,
        (false, 1) if s.rsplit('.').next().is_some_and(|d| d.len() <= 2) => {
            let raw: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            raw.split_once('.')
                .map(|(a, b)| (a.to_owned(), b.to_owned()))?
        }
        _ => (cleaned, String::new()),
    };
    let ok = !int.is_empty()
        && int.len() <= 12
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 2
        && frac.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| {
        if frac.is_empty() {
            int
        } else {
            format!("{int}.{frac}")
        }
    })
}

fn parse_url(s: &str) -> Result<Option<String>, ()> {
    if s.is_empty() {
        return Ok(None);
    }
    match url::Url::parse(s) {
        // The length of what is stored: the parser may lengthen it (percent-encoding).
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some()
                && u.as_str().len() <= 2000 =>
        {
            Ok(Some(u.to_string()))
        }
        _ => Err(()),
    }
}

/// The fields of a progress change, checked the same way for the back-office and the API.
pub fn check_progress(
    tr: &Tr,
    errors: &mut Errors,
    completion: &str,
    note: &str,
    evidence: &str,
) -> (Option<Percent>, Option<String>, Option<String>) {
    let completion_ok = Percent::parse(completion);
    if completion_ok.is_none() {
        errors.add("completion", tr.t("completion-invalid"));
    }
    let note = form::text(tr, errors, "note", note, 2000);
    let evidence = match parse_url(evidence.trim()) {
        Ok(u) => u,
        Err(()) => {
            errors.add("evidence_url", tr.t("url-invalid"));
            None
        }
    };
    (completion_ok, note, evidence)
}

pub fn into_app(e: WriteError) -> AppError {
    match e {
        WriteError::NotFound => AppError::NotFound,
        WriteError::Db(e) => AppError::Database(e),
        other => AppError::Conflict(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1250000").as_deref(), Some("1250000"));
        assert_eq!(parse_amount("1 250 000").as_deref(), Some("1250000"));
        assert_eq!(parse_amount("1.250.000").as_deref(), Some("1250000"));
        assert_eq!(parse_amount("1250000,50").as_deref(), Some("1250000.50"));
        assert_eq!(parse_amount("99.5").as_deref(), Some("99.5"));
        for bad in ["", "-5", "abc", "1e9", "12,345,6", "1234567890123"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }
}
