//! Reading what people type: each field parsed into a value that cannot be
//! wrong, or an error message in the visitor's language beside that field.

use infitah_platform::i18n::{Lang, Tr};

use crate::password::{self, Weakness};

pub use infitah_platform::form::Errors;

/// An e-mail address: trimmed, lower-cased, syntactically valid, at most 254 characters.
pub fn email(tr: &Tr, errors: &mut Errors, field: &'static str, raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    if e.is_empty() {
        errors.add(field, tr.t("field-required"));
        return None;
    }
    if let Some(flaw) = infitah_platform::text::identifier_flaw(&e) {
        errors.add(field, flaw.message(tr, field));
        return None;
    }
    if e.chars().count() > 254
        || !email_address::EmailAddress::is_valid(&e)
        || !e.contains('.')
        || e.contains(['<', '>', '"', ' '])
    {
        errors.add(field, tr.t("email-invalid"));
        return None;
    }
    Some(e)
}

/// A display name: 1 to 80 characters, no control characters.
pub fn display_name(tr: &Tr, errors: &mut Errors, raw: &str) -> Option<String> {
    let n = raw.trim();
    if n.is_empty() {
        errors.add("display_name", tr.t("field-required"));
        return None;
    }
    if let Some(flaw) = infitah_platform::text::identifier_flaw(n) {
        errors.add("display_name", flaw.message(tr, "display_name"));
        return None;
    }
    if n.chars().count() > 80 {
        errors.add("display_name", tr.t("name-invalid"));
        return None;
    }
    Some(n.to_owned())
}

/// A new password, by the rules of `password::check_strength`.
pub fn new_password(
    tr: &Tr,
    errors: &mut Errors,
    field: &'static str,
    raw: &str,
) -> Option<String> {
    match password::check_strength(raw) {
        Ok(()) => Some(raw.to_owned()),
        Err(w) => {
            let msg = match w {
                Weakness::TooShort => tr.n(w.message_id(), password::MIN_CHARS as i64),
                Weakness::TooLong => tr.n(w.message_id(), password::MAX_CHARS as i64),
                Weakness::Common => tr.t(w.message_id()),
            };
            errors.add(field, msg);
            None
        }
    }
}

/// One of the languages this site offers.
pub fn language(tr: &Tr, errors: &mut Errors, offered: &[Lang], raw: &str) -> Option<Lang> {
    match Lang::parse(raw).filter(|l| offered.contains(l)) {
        Some(l) => Some(l),
        None => {
            errors.add("lang", tr.t("lang-invalid"));
            None
        }
    }
}
