//! Turns an outbox row into an e-mail: a subject, a plain-text body and an
//! HTML body in the recipient's language, branded with the collectivity's
//! name and colour, assembled as multipart/alternative. Kept apart from the
//! worker so that rendering can be tested (and previewed) without SMTP or a
//! database.
//!
//! Everything a user wrote (display names) reaches the HTML through askama,
//! which escapes it; links come from our own services and are checked to be
//! absolute http(s) URLs, so that a bad payload parks its message instead of
//! mailing a broken or dangerous link.

use askama::Template;
use fluent_bundle::{FluentArgs, FluentValue};
use infitah_platform::{
    i18n::{I18n, Lang},
    types::Color,
};
use lettre::{
    Message,
    message::{
        Mailbox, MultiPart,
        header::{Header, HeaderName, HeaderValue},
    },
};
use serde_json::Value;
use uuid::Uuid;

use crate::outbox::MailKind;

/// Who the message comes from, as the recipient should see it.
#[derive(Debug, Clone)]
pub struct Branding {
    /// The collectivity's name in the recipient's language (or the platform's).
    pub name: String,
    /// Background of the header band and the button (`#rrggbb`).
    pub color: String,
    /// Text on that background: white or near-black, whichever reads better.
    pub on_color: String,
    /// Links on white: the brand colour when it is readable there, else near-black.
    pub link_color: String,
    /// The collectivity's public address, for the footer.
    pub site_url: String,
}

/// The platform's colour, for messages whose collectivity is unknown.
const PLATFORM_COLOR: &str = "#0b6e4f";
const DARK: &str = "#1a1a1a";

impl Branding {
    /// Brand colours chosen for contrast (WCAG AA needs 4.5:1 for body text).
    pub fn new(name: String, color: Option<&Color>, site_url: String) -> Self {
        let color = color
            .cloned()
            .unwrap_or_else(|| Color::parse(PLATFORM_COLOR).expect("platform colour"));
        let white = color.contrast_with_white();
        let black = (color.luminance() + 0.05) / 0.05;
        Branding {
            name,
            on_color: if white >= black { "#ffffff" } else { DARK }.into(),
            link_color: if white >= 4.5 {
                color.as_str().to_owned()
            } else {
                DARK.into()
            },
            color: color.as_str().to_owned(),
            site_url,
        }
    }
}

/// A call to action: a button in HTML, a labelled URL in text.
#[derive(Debug, Clone)]
pub struct Action {
    pub label: String,
    pub url: String,
}

/// What a message says, before it is laid out as text or HTML.
#[derive(Debug, Clone)]
pub struct Body {
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub actions: Vec<Action>,
    pub notes: Vec<String>,
}

/// A message ready to be sent.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why a message cannot be rendered: never better on a second try, so the
/// worker parks it.
#[derive(Debug, PartialEq, Eq)]
pub enum RenderError {
    UnknownKind(String),
    MissingField(&'static str),
    BadLink(&'static str),
    Template(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::UnknownKind(k) => write!(f, "unknown mail kind {k:?}"),
            RenderError::MissingField(name) => write!(f, "payload lacks the field {name:?}"),
            RenderError::BadLink(name) => {
                write!(f, "payload field {name:?} is not an absolute http(s) URL")
            }
            RenderError::Template(e) => write!(f, "template: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

fn text_field<'a>(payload: &'a Value, name: &'static str) -> Result<&'a str, RenderError> {
    payload
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or(RenderError::MissingField(name))
}

/// A link from the payload: absolute and http(s), or the message is refused.
fn link_field(payload: &Value, name: &'static str) -> Result<String, RenderError> {
    let raw = text_field(payload, name)?;
    match url::Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u.into()),
        _ => Err(RenderError::BadLink(name)),
    }
}

/// Writes the message of `kind` in `lang` from its payload (see [`MailKind`]).
pub fn compose(
    i18n: &I18n,
    lang: Lang,
    kind: MailKind,
    payload: &Value,
    site: &str,
) -> Result<Body, RenderError> {
    let mut args = FluentArgs::new();
    args.set("site", FluentValue::from(site));
    let name = payload
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(name) = name {
        args.set("name", FluentValue::from(name));
    }
    if kind == MailKind::Invitation {
        let role = text_field(payload, "role")?;
        let role_name = i18n.format(lang, &format!("mail-role-{role}"), None);
        // An unknown role shows its code rather than a message id.
        let role_name = if role_name.starts_with("mail-role-") {
            role.to_owned()
        } else {
            role_name
        };
        args.set("role", FluentValue::from(role_name));
    }
    let t = |id: &str| i18n.format(lang, id, Some(&args));
    let prefix = match kind {
        MailKind::VerifyEmail => "mail-verify-email",
        MailKind::AlreadyRegistered => "mail-already-registered",
        MailKind::ResetPassword => "mail-reset-password",
        MailKind::Invitation => "mail-invitation",
        MailKind::ChangeEmail => "mail-change-email",
        MailKind::EmailChanged => "mail-email-changed",
        MailKind::PasswordChanged => "mail-password-changed",
    };
    let part = |suffix: &str| t(&format!("{prefix}-{suffix}"));
    let action = |suffix: &str, field: &'static str| -> Result<Action, RenderError> {
        Ok(Action {
            label: part(suffix),
            url: link_field(payload, field)?,
        })
    };
    let (paragraphs, actions) = match kind {
        MailKind::VerifyEmail
        | MailKind::ResetPassword
        | MailKind::Invitation
        | MailKind::ChangeEmail => (vec![part("body")], vec![action("action", "link")?]),
        MailKind::AlreadyRegistered => (
            vec![part("body"), part("body2")],
            vec![
                action("sign-in", "sign_in_link")?,
                action("reset", "reset_link")?,
            ],
        ),
        MailKind::EmailChanged | MailKind::PasswordChanged => (vec![part("body")], vec![]),
    };
    Ok(Body {
        subject: part("subject"),
        greeting: if name.is_some() && kind != MailKind::Invitation {
            t("mail-greeting")
        } else {
            t("mail-greeting-anonymous")
        },
        paragraphs,
        actions,
        notes: vec![part("note")],
    })
}

#[derive(Template)]
#[template(path = "mail.html")]
struct HtmlMail<'a> {
    lang: Lang,
    align: &'static str,
    subject: &'a str,
    brand: &'a Branding,
    body: &'a Body,
    link_hint: &'a str,
    footer: &'a str,
}

#[derive(Template)]
#[template(path = "mail.txt")]
struct TextMail<'a> {
    brand: &'a Branding,
    body: &'a Body,
    footer: &'a str,
}

/// Lays a message out as text and HTML.
pub fn render(
    i18n: &I18n,
    lang: Lang,
    kind: MailKind,
    payload: &Value,
    brand: &Branding,
) -> Result<Rendered, RenderError> {
    let body = compose(i18n, lang, kind, payload, &brand.name)?;
    let link_hint = i18n.format(lang, "mail-link-hint", None);
    let mut args = FluentArgs::new();
    args.set("site", FluentValue::from(brand.name.as_str()));
    let footer = i18n.format(lang, "mail-footer", Some(&args));
    let html = HtmlMail {
        lang,
        // Outlook ignores `dir` on tables but honours an explicit alignment.
        align: if lang.is_rtl() { "right" } else { "left" },
        subject: &body.subject,
        brand,
        body: &body,
        link_hint: &link_hint,
        footer: &footer,
    }
    .render()
    .map_err(|e| RenderError::Template(e.to_string()))?;
    let text = TextMail {
        brand,
        body: &body,
        footer: &footer,
    }
    .render()
    .map_err(|e| RenderError::Template(e.to_string()))?;
    Ok(Rendered {
        subject: body.subject,
        text,
        html,
    })
}

/// The Message-ID of an outbox row: the same on every attempt, so a message
/// sent again after a crash (between the relay's acceptance and our update)
/// is recognisable as the same one.
pub fn message_id(outbox_id: Uuid) -> String {
    format!("<{outbox_id}@infitah>")
}

/// Builds the MIME message: multipart/alternative, text first (the least
/// preferred part comes first), then HTML.
pub fn build_message(
    from: &Mailbox,
    to: Mailbox,
    outbox_id: Uuid,
    lang: Lang,
    rendered: Rendered,
) -> Result<Message, lettre::error::Error> {
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject)
        .message_id(Some(message_id(outbox_id)))
        .header(ContentLanguage(lang.html_lang()))
        .header(AutoSubmitted)
        .multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ))
}

/// `Content-Language`: lets clients pick fonts and offer translation.
#[derive(Debug, Clone)]
struct ContentLanguage(&'static str);

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
struct AutoSubmitted;

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn i18n() -> I18n {
        I18n::new(&[&crate::CATALOG]).unwrap()
    }

    fn brand() -> Branding {
        Branding::new(
            "القنيطرة".into(),
            Some(&Color::parse("#0b6e4f").unwrap()),
            "http://kenitra.localhost:8080".into(),
        )
    }

    #[test]
    fn every_kind_renders_in_every_language() {
        let i18n = i18n();
        let payload = json!({
            "name": "Samir", "link": "https://kenitra.ma/verify?t=abc",
            "sign_in_link": "https://kenitra.ma/sign-in", "reset_link": "https://kenitra.ma/reset",
            "role": "editor",
        });
        for lang in Lang::ALL {
            for kind in [
                MailKind::VerifyEmail,
                MailKind::AlreadyRegistered,
                MailKind::ResetPassword,
                MailKind::Invitation,
                MailKind::ChangeEmail,
                MailKind::EmailChanged,
                MailKind::PasswordChanged,
            ] {
                let r = render(&i18n, lang, kind, &payload, &brand()).unwrap();
                for s in [&r.subject, &r.text, &r.html] {
                    // A missing message would show its id.
                    assert!(!s.contains("mail-"), "{lang:?} {kind:?}: {s}");
                }
                assert!(r.subject.contains("القنيطرة"));
                assert!(r.html.contains(&format!(
                    "<html lang=\"{}\" dir=\"{}\">",
                    lang.html_lang(),
                    lang.dir()
                )));
                assert!(r.text.contains("http://kenitra.localhost:8080"));
            }
        }
    }

    #[test]
    fn names_are_escaped_in_html_and_kept_in_text() {
        let payload =
            json!({ "name": "<b>Sara & \"co\"</b>", "link": "https://kenitra.ma/v?a=1&b=2" });
        let r = render(&i18n(), Lang::Fr, MailKind::VerifyEmail, &payload, &brand()).unwrap();
        assert!(!r.html.contains("<b>Sara"), "{}", r.html);
        assert!(
            r.html
                .contains("&#60;b&#62;Sara &#38; &#34;co&#34;&#60;/b&#62;")
                || r.html
                    .contains("&lt;b&gt;Sara &amp; &quot;co&quot;&lt;/b&gt;"),
            "{}",
            r.html
        );
        assert!(r.text.contains("Bonjour <b>Sara & \"co\"</b>,"));
        assert!(r.text.contains("https://kenitra.ma/v?a=1&b=2"));
    }

    #[test]
    fn bad_payloads_are_refused() {
        let i18n = i18n();
        let b = brand();
        let r = |kind, p: Value| render(&i18n, Lang::Ar, kind, &p, &b).map(|_| ());
        assert_eq!(
            r(MailKind::VerifyEmail, json!({"name": "x"})),
            Err(RenderError::MissingField("link"))
        );
        assert_eq!(
            r(
                MailKind::ResetPassword,
                json!({"link": "javascript:alert(1)"})
            ),
            Err(RenderError::BadLink("link"))
        );
        assert_eq!(
            r(MailKind::ChangeEmail, json!({"link": "/relative"})),
            Err(RenderError::BadLink("link"))
        );
        assert_eq!(
            r(
                MailKind::AlreadyRegistered,
                json!({"sign_in_link": "https://a.ma/"})
            ),
            Err(RenderError::MissingField("reset_link"))
        );
        assert_eq!(
            r(MailKind::Invitation, json!({"link": "https://a.ma/"})),
            Err(RenderError::MissingField("role"))
        );
        // Messages without a link need nothing but may greet by name.
        assert!(r(MailKind::PasswordChanged, json!({})).is_ok());
    }

    #[test]
    fn contrast_picks_readable_colours() {
        let light = Branding::new(
            "x".into(),
            Some(&Color::parse("#f5e663").unwrap()),
            String::new(),
        );
        assert_eq!(light.on_color, DARK);
        assert_eq!(light.link_color, DARK);
        let dark = Branding::new(
            "x".into(),
            Some(&Color::parse("#1d4e89").unwrap()),
            String::new(),
        );
        assert_eq!(dark.on_color, "#ffffff");
        assert_eq!(dark.link_color, "#1d4e89");
    }
}
