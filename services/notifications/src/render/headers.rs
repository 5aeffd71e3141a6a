//! The mail headers lettre does not have: List-Unsubscribe and its one-click
//! POST (RFC 2369, 8058), Content-Language, Auto-Submitted (RFC 3834).

use super::*;

#[derive(Debug, Clone)]
pub(super) struct ListUnsubscribe(pub(super) String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let s = s.trim();
        s.strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .map(|u| ListUnsubscribe(u.to_owned()))
            .ok_or_else(|| "expected <URI>".into())
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the mail
/// client may unsubscribe with one POST, without opening a page.
#[derive(Debug, Clone)]
pub(super) struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// `Content-Language`: lets clients pick fonts and offer translation.
#[derive(Debug, Clone)]
pub(super) struct ContentLanguage(pub(super) &'static str);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Lang::ALL
            .into_iter()
            .map(Lang::html_lang)
            .find(|l| l.eq_ignore_ascii_case(s.trim()))
            .map(ContentLanguage)
            .ok_or_else(|| "unknown language".into())
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.to_owned())
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no vacation replies to a
/// no-reply sender.
#[derive(Debug, Clone)]
pub(super) struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}
