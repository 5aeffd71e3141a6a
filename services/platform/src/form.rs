//! Reading what people type into forms, one way for every service: the
//! values as sent (repeated keys kept, in order), the text rules every
//! free-text field shares, and one map of errors by field — translated,
//! rendered beside the fields by the pages, answered by the API as its
//! documented list (`FieldError`), 422 either way. The rules of one field
//! that belong to its domain (an e-mail address, a percentage, a period)
//! stay with their newtypes; they add their message to the same [`Errors`].

use std::collections::BTreeMap;

use axum::http::StatusCode;

use crate::{FieldError, i18n::Tr};

/// A form's values in the order sent, repeated keys kept (checkboxes).
#[derive(Debug, Default, Clone)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `k`, as sent (a text keeps its spaces).
    pub fn get(&self, k: &str) -> &str {
        self.0
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    /// The first value of `k`, trimmed.
    pub fn one(&self, k: &str) -> &str {
        self.get(k).trim()
    }
    /// The first value of `k`, trimmed, when it is not empty.
    pub fn opt(&self, k: &str) -> Option<String> {
        Some(self.one(k))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }
    /// Every non-empty value of `k`, trimmed.
    pub fn all(&self, k: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(a, _)| a == k)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// A form's errors by field, already in the visitor's language; the first
/// error of a field wins.
#[derive(Debug, Default, Clone)]
pub struct Errors(BTreeMap<String, String>);

impl Errors {
    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }
    pub fn add(&mut self, field: impl Into<String>, message: String) {
        self.0.entry(field.into()).or_insert(message);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// What a page showing the form answers: 422 once a field is refused.
    pub fn status(&self) -> StatusCode {
        if self.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
    pub fn messages(&self) -> impl Iterator<Item = &String> {
        self.0.values()
    }
    pub fn pairs(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter()
    }
    /// The errors as the API answers them.
    pub fn into_fields(self) -> Vec<FieldError> {
        self.0
            .into_iter()
            .map(|(field, message)| FieldError { field, message })
            .collect()
    }
}

/// A free text someone typed, on one line or several: trimmed, line ends
/// made `\n`, at most `max` characters, no control character but line
/// breaks and tabs. `None` when it is empty (nothing added) or refused (its
/// error added under `field`).
pub fn text(tr: &Tr, errors: &mut Errors, field: &str, raw: &str, max: usize) -> Option<String> {
    let v = raw.trim();
    if v.is_empty() {
        return None;
    }
    if v.chars().count() > max {
        errors.add(field, tr.n("field-too-long", max as i64));
        return None;
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(field, tr.t("field-invalid-characters"));
        return None;
    }
    Some(v.replace("\r\n", "\n"))
}

/// The same text, required: an empty one is refused with `required_id`.
pub fn required_text(
    tr: &Tr,
    errors: &mut Errors,
    field: &str,
    raw: &str,
    max: usize,
    required_id: &str,
) -> Option<String> {
    let v = text(tr, errors, field, raw, max);
    if v.is_none() && !errors.has(field) {
        errors.add(field, tr.t(required_id));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn texts_are_trimmed_bounded_and_clean() {
        let i18n = I18n::new(&[&crate::CATALOG]).unwrap();
        let tr = i18n.tr(Lang::Fr);
        let mut e = Errors::default();
        assert_eq!(
            text(&tr, &mut e, "a", "  un\r\ndeux ", 20).as_deref(),
            Some("un\ndeux")
        );
        assert_eq!(text(&tr, &mut e, "a", "   ", 20), None);
        assert!(e.is_empty(), "an empty text is no error");
        assert_eq!(text(&tr, &mut e, "b", "abcdef", 5), None);
        assert!(e.get("b").is_some_and(|m| m.contains('5')));
        assert_eq!(text(&tr, &mut e, "c", "a\u{0}b", 5), None);
        assert!(e.has("c"));
        assert_eq!(
            required_text(&tr, &mut e, "d", "", 5, "field-required"),
            None
        );
        assert!(e.has("d"));
        let f = Fields(vec![
            ("k".into(), " x ".into()),
            ("k".into(), "".into()),
            ("k".into(), "y".into()),
        ]);
        assert_eq!((f.get("k"), f.one("k")), (" x ", "x"));
        assert_eq!(f.all("k"), ["x", "y"]);
        assert_eq!(f.opt("missing"), None);
    }
}
