//! Text is checked once, where it enters. Every form, JSON body and query
//! string passes [`clean_input`] before any handler sees it: it decodes
//! strictly (invalid UTF-8 is refused, never repaired into U+FFFD), refuses
//! NUL and every other control character (multi-line text keeps newline,
//! carriage return and tab), and hands the handler the NFC form of each
//! value, so that the lengths the handlers check are those of what is
//! stored. A route added next year inherits all of it.
//!
//! What only some fields must refuse lives here too, as functions the
//! fields' parsers call: bidi embedding and override controls in identifiers
//! (e-mail addresses, display names; slugs and hosts are ASCII already), and
//! the one range of years every date field accepts.

use std::ops::RangeInclusive;

use axum::{
    Json,
    body::{Body, Bytes},
    extract::{Request, State},
    http::{Method, StatusCode, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use fluent_bundle::FluentArgs;
use icu_normalizer::ComposingNormalizerBorrowed;

use crate::{AppState, FieldError, tenancy::Site, web::ReqLang};

/// The largest url-encoded form or JSON body any route accepts.
pub const FORM_LIMIT: usize = 256 * 1024;
/// The largest `multipart/form-data` body (a form with a file).
pub const MULTIPART_LIMIT: usize = 4 * 1024 * 1024;

/// The years a date or month field accepts: a programme, a measurement, a
/// council's decision all fall well inside; year 0 or 9999 is a typing slip.
pub const YEARS: RangeInclusive<i32> = 2000..=2100;

/// A date typed as `YYYY-MM-DD` (what `<input type="date">` sends), within [`YEARS`].
pub fn date(s: &str) -> Option<time::Date> {
    time::Date::parse(
        s.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
    .filter(|d| YEARS.contains(&d.year()))
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// A control character (C0, DEL, C1) other than newline, return and tab.
    Control(char),
    /// A bidi embedding, override or isolate control, in an identifier.
    Bidi(char),
}

impl Flaw {
    /// The message for `field`, in the visitor's language.
    pub fn message(self, tr: &crate::i18n::Tr, field: &str) -> String {
        let mut args = FluentArgs::new();
        args.set("field", field.to_owned());
        let (id, c) = match self {
            Flaw::NotUtf8 => ("text-not-utf8", None),
            Flaw::Control(c) => ("text-control", Some(c)),
            Flaw::Bidi(c) => ("text-bidi", Some(c)),
        };
        if let Some(c) = c {
            args.set("code", format!("U+{:04X}", c as u32));
        }
        tr.args(id, &args)
    }
}

/// Whether `c` may never be part of any text: every control character but
/// the three that multi-line text is made of.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// Bidi embedding and override (U+202A–U+202E) and isolate (U+2066–U+2069)
/// controls: they can make an identifier display as another one. Free text
/// may keep them, and the marks U+200E/U+200F, and is always shown isolated.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Refuses what no text may hold; the NFC form of the rest.
pub fn clean(s: &str) -> Result<String, Flaw> {
    if let Some(c) = s.chars().find(|c| is_forbidden_control(*c)) {
        return Err(Flaw::Control(c));
    }
    Ok(ComposingNormalizerBorrowed::new_nfc()
        .normalize(s)
        .into_owned())
}

/// What an identifier (an e-mail address, a display name) may not hold
/// beyond [`clean`]'s rule: no bidi control, and no line break or tab.
pub fn identifier_flaw(s: &str) -> Option<Flaw> {
    s.chars()
        .find(|c| c.is_control() || is_bidi_control(*c))
        .map(|c| {
            if is_bidi_control(c) {
                Flaw::Bidi(c)
            } else {
                Flaw::Control(c)
            }
        })
}

/// A refused value: the field it came in, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub field: String,
    pub flaw: Flaw,
}

/// One `application/x-www-form-urlencoded` name or value, decoded strictly.
fn decode_component(raw: &[u8]) -> Result<String, Flaw> {
    let plus_as_space: Vec<u8> = raw
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&plus_as_space).collect();
    String::from_utf8(bytes).map_err(|_| Flaw::NotUtf8)
}

/// A url-encoded form or query string, decoded strictly and cleaned: every
/// pair in order, or the first field that cannot be accepted.
pub fn decode_form(body: &[u8]) -> Result<Vec<(String, String)>, Refusal> {
    let mut pairs = Vec::new();
    for piece in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match piece.iter().position(|b| *b == b'=') {
            Some(i) => (&piece[..i], &piece[i + 1..]),
            None => (piece, &b""[..]),
        };
        let refuse = |flaw| Refusal {
            // The name as shown in the message: repaired only for showing.
            field: String::from_utf8_lossy(
                &percent_encoding::percent_decode(k).collect::<Vec<_>>(),
            )
            .chars()
            .filter(|c| !c.is_control() && !is_bidi_control(*c))
            .take(60)
            .collect(),
            flaw,
        };
        let key = decode_component(k)
            .and_then(|k| clean(&k))
            .map_err(refuse)?;
        let value = decode_component(v)
            .and_then(|v| clean(&v))
            .map_err(refuse)?;
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// Every string of a JSON document cleaned in place; the first that cannot be
/// accepted, by its path (`note`, `items.2.title`).
fn clean_json(v: &mut serde_json::Value, path: &str) -> Result<(), Refusal> {
    use serde_json::Value;
    let at = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match v {
        Value::String(s) => {
            *s = clean(s).map_err(|flaw| Refusal {
                field: if path.is_empty() {
                    "body".into()
                } else {
                    path.into()
                },
                flaw,
            })?;
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                clean_json(item, &at(&i.to_string()))?;
            }
        }
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (k, mut item) in entries {
                let key = clean(&k).map_err(|flaw| Refusal {
                    field: at(&k.chars().filter(|c| !c.is_control()).collect::<String>()),
                    flaw,
                })?;
                clean_json(&mut item, &at(&key))?;
                map.insert(key, item);
            }
        }
        _ => {}
    }
    Ok(())
}

/// The answer to a refused value: the JSON error object on the API, else a
/// page in the visitor's language naming the field.
fn refuse(state: &AppState, req: &Parts, r: Refusal) -> Response {
    let site = req.extensions.get::<Site>().cloned();
    let lang = site
        .as_ref()
        .map(|s| ReqLang::pick(s, &req.headers))
        .unwrap_or(crate::i18n::Lang::Fr);
    let tr = state.i18n.tr(lang);
    let message = r.flaw.message(&tr, &r.field);
    tracing::info!(
        field = %r.field,
        flaw = ?r.flaw,
        "input refused at the boundary"
    );
    let path = req.uri.path();
    match site {
        Some(site) if !path.starts_with("/api/") => crate::web::error_page(
            state,
            &site,
            lang,
            path,
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t("text-refused-title"),
            message,
        ),
        _ => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({
                "error": "invalid",
                "fields": [FieldError { field: r.field, message }],
            })),
        )
            .into_response(),
    }
}

/// A body's text, checked and cleaned: what the handler gets instead, or the refusal.
fn clean_body(ct: &str, bytes: Bytes) -> Result<Bytes, Refusal> {
    if ct.starts_with("application/x-www-form-urlencoded") {
        let pairs = decode_form(&bytes)?;
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        return Ok(Bytes::from(encoded));
    }
    if ct.starts_with("application/json") {
        // Not JSON at all: the handler's extractor answers that, as documented.
        let Ok(mut doc) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return Ok(bytes);
        };
        clean_json(&mut doc, "")?;
        return Ok(Bytes::from(serde_json::to_vec(&doc).unwrap_or_default()));
    }
    // Multipart: plain fields are text like any other; files are their reader's to check.
    let flaw = crate::multipart::parse(ct, &bytes).and_then(|ps| {
        ps.into_iter()
            .filter(|p| p.filename.is_none())
            .find_map(|p| {
                let flaw = match std::str::from_utf8(p.data) {
                    Err(_) => Flaw::NotUtf8,
                    Ok(s) => clean(s).err()?,
                };
                Some(Refusal {
                    field: p.name.chars().filter(|c| !c.is_control()).collect(),
                    flaw,
                })
            })
    });
    match flaw {
        Some(r) => Err(r),
        None => Ok(bytes),
    }
}

/// Middleware: the query string and the body of every request, checked and
/// put in NFC before routing (see the module's documentation).
pub async fn clean_input(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    if let Some(q) = parts.uri.query()
        && let Err(r) = decode_form(q.as_bytes())
    {
        return refuse(&state, &parts, r);
    }
    let ct = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let limit = if crate::multipart::boundary(&ct).is_some() {
        MULTIPART_LIMIT
    } else if ct.starts_with("application/x-www-form-urlencoded")
        || ct.starts_with("application/json")
    {
        FORM_LIMIT
    } else {
        0
    };
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) || limit == 0 {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return crate::AppError::TooLarge.into_response();
    };
    match clean_body(&ct, bytes) {
        Ok(cleaned) => {
            next.run(Request::from_parts(parts, Body::from(cleaned)))
                .await
        }
        Err(r) => refuse(&state, &parts, r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_strictly() {
        assert_eq!(
            decode_form(b"a=1&b=caf%C3%A9+au+lait&c").unwrap(),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "café au lait".into()),
                ("c".into(), "".into())
            ]
        );
        let r = decode_form(b"a=1&title=x%FFy").unwrap_err();
        assert_eq!((r.field.as_str(), r.flaw), ("title", Flaw::NotUtf8));
        let r = decode_form(b"title=\xff").unwrap_err();
        assert_eq!(r.flaw, Flaw::NotUtf8);
        let r = decode_form(b"email=a%00b").unwrap_err();
        assert_eq!((r.field.as_str(), r.flaw), ("email", Flaw::Control('\0')));
        let r = decode_form(b"body=a%1Bb").unwrap_err();
        assert_eq!(r.flaw, Flaw::Control('\u{1b}'));
        let r = decode_form(b"body=a%C2%85b").unwrap_err();
        assert_eq!(r.flaw, Flaw::Control('\u{85}'));
        // Lines and tabs are text.
        assert_eq!(decode_form(b"body=a%0D%0Ab%09c").unwrap()[0].1, "a\r\nb\tc");
    }

    #[test]
    fn values_arrive_in_nfc() {
        // "é" as e + combining acute becomes one character.
        let pairs = decode_form(b"name=e%CC%81").unwrap();
        assert_eq!(pairs[0].1, "\u{e9}");
        assert_eq!(pairs[0].1.chars().count(), 1);
        // Arabic with its marks is kept as written.
        assert_eq!(clean("مُبَادَرَة\u{200f}").unwrap(), "مُبَادَرَة\u{200f}");
    }

    #[test]
    fn identifiers_refuse_bidi_controls() {
        assert_eq!(identifier_flaw("nour@kenitra.ma"), None);
        assert_eq!(
            identifier_flaw("moc.\u{202e}am.artinek@ruon"),
            Some(Flaw::Bidi('\u{202e}'))
        );
        assert_eq!(identifier_flaw("a\u{2066}b"), Some(Flaw::Bidi('\u{2066}')));
        assert_eq!(identifier_flaw("a\nb"), Some(Flaw::Control('\n')));
        // Free text may keep them.
        assert!(clean("\u{202b}نص\u{202c}").is_ok());
    }

    #[test]
    fn json_strings_are_cleaned_by_path() {
        let mut v = serde_json::json!({"note": "e\u{301}", "n": 3});
        clean_json(&mut v, "").unwrap();
        assert_eq!(v["note"], "\u{e9}");
        let mut v = serde_json::json!({"items": [{"title": "ok"}, {"title": "a\u{0}"}]});
        let r = clean_json(&mut v, "").unwrap_err();
        assert_eq!(r.field, "items.1.title");
    }

    #[test]
    fn dates_stay_within_the_years() {
        assert!(date("2024-10-01").is_some());
        for bad in [
            "9999-12-31",
            "0000-01-01",
            "1999-12-31",
            "2101-01-01",
            "2024-13-01",
            "",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }
}
