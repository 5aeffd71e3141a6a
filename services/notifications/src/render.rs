//! Turns an outbox row into an e-mail: a subject, a plain-text body and an
//! HTML body in the recipient's language, branded with the collectivity's
//! name and colour, assembled as multipart/alternative. Kept apart from the
//! worker so that rendering can be tested (and previewed) without SMTP or a
//! database.
//!
//! Everything a user wrote (display names, titles, answers) reaches the HTML
//! through askama, which escapes it; links come from our own services and are
//! checked to be absolute http(s) URLs (or local paths of the collectivity's
//! site), so that a bad payload parks its message instead of mailing a broken
//! or dangerous link.
//!
//! Notification e-mails (one event, or a digest of several) also carry the
//! one-click unsubscribe link in the footer and in the `List-Unsubscribe`
//! headers (RFC 8058; see [`crate::unsubscribe`]).

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

use crate::{follow::EventKind, outbox::MailKind};

mod headers;
use headers::*;

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
    /// A digest's entries: each a line and the link to its page.
    pub items: Vec<Action>,
    pub notes: Vec<String>,
    /// Under the footer: unsubscribe, preferences.
    pub footer_links: Vec<Action>,
}

impl Body {
    /// Each number, range and date of the message's Arabic sentences
    /// between Unicode isolates, in the text and the HTML alike (mail
    /// clients drop `<bdi>`): «2024-2026» keeps its order (#14 §4).
    fn isolate_numbers(&mut self) {
        use infitah_platform::texts::isolate_numbers_plain as iso;
        self.subject = iso(&self.subject);
        self.greeting = iso(&self.greeting);
        for s in self.paragraphs.iter_mut().chain(self.notes.iter_mut()) {
            *s = iso(s);
        }
        for a in self.items.iter_mut().chain(self.actions.iter_mut()) {
            a.label = iso(&a.label);
        }
    }
}

/// A message ready to be sent.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The one-click unsubscribe URL, for the `List-Unsubscribe` headers.
    pub list_unsubscribe: Option<String>,
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
    brand: &Branding,
) -> Result<Body, RenderError> {
    if matches!(kind, MailKind::Notification | MailKind::Digest) {
        return compose_notification(i18n, lang, kind, payload, brand);
    }
    let site = brand.name.as_str();
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
        MailKind::Notification | MailKind::Digest => unreachable!("composed above"),
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
        MailKind::Notification | MailKind::Digest => unreachable!("composed above"),
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
        items: vec![],
        notes: vec![part("note")],
        footer_links: vec![],
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

/// Lays a message out as text and HTML. `unsubscribe` is the recipient's
/// one-click link, for notification e-mails: it goes in the footer (with the
/// preferences page) and in the `List-Unsubscribe` headers.
pub fn render(
    i18n: &I18n,
    lang: Lang,
    kind: MailKind,
    payload: &Value,
    brand: &Branding,
    unsubscribe: Option<&str>,
) -> Result<Rendered, RenderError> {
    let mut body = compose(i18n, lang, kind, payload, brand)?;
    if lang.is_rtl() {
        body.isolate_numbers();
    }
    if let Some(url) = unsubscribe {
        body.footer_links = vec![
            Action {
                label: i18n.format(lang, "mail-unsubscribe", None),
                url: url.to_owned(),
            },
            Action {
                label: i18n.format(lang, "mail-preferences", None),
                url: local_link(brand, "/notifications/preferences", "preferences")?,
            },
        ];
    }
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
        list_unsubscribe: unsubscribe.map(str::to_owned),
    })
}

/// The title of a payload in `lang`: `<field>_ar` or `<field>_fr`, the
/// other one when it is missing (Arabic for French readers, French for the
/// others), empty when both are.
pub fn pick(lang: Lang, payload: &Value, field: &str) -> String {
    let get = |l: &str| {
        payload
            .get(format!("{field}_{l}"))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let order = match lang {
        Lang::Ar => ["ar", "fr"],
        Lang::Fr | Lang::En => ["fr", "ar"],
    };
    order
        .into_iter()
        .find_map(get)
        .unwrap_or_default()
        .to_owned()
}

/// "31 mai 2021, 23:59" from the payload's local `YYYY-MM-DD HH:MM` (or a
/// date alone); the value itself when it has another shape.
pub fn local_datetime(lang: Lang, s: &str) -> String {
    let s = s.trim();
    let (date, time) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut it = date.splitn(3, '-');
    let parsed = (|| {
        let y: i32 = it.next()?.parse().ok()?;
        let m: u8 = it.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
        let d: u8 = it.next()?.parse().ok().filter(|d| (1..=31).contains(d))?;
        Some((y, m, d))
    })();
    let Some((y, m, d)) = parsed else {
        return s.to_owned();
    };
    let day = match lang {
        Lang::En => format!("{} {d}, {y}", lang.month_name(m)),
        _ => format!("{d} {} {y}", lang.month_name(m)),
    };
    match time {
        Some(t) if lang == Lang::Ar => format!("{day}، {t}"),
        Some(t) => format!("{day}, {t}"),
        None => day,
    }
}

fn number_field(payload: &Value, name: &str) -> i64 {
    payload.get(name).and_then(Value::as_i64).unwrap_or(0)
}

/// The one line that says what happened, for the e-mail, the digest and the
/// in-app list (the messages `mail-event-*`).
pub fn event_line(i18n: &I18n, lang: Lang, kind: EventKind, payload: &Value, site: &str) -> String {
    let mut args = FluentArgs::new();
    args.set("site", FluentValue::from(site));
    let title = pick(lang, payload, "title");
    let untitled = title.is_empty();
    args.set("title", FluentValue::from(title));
    let text = |name: &str| {
        payload
            .get(name)
            .and_then(Value::as_str)
            .map(|v| local_datetime(lang, v))
            .unwrap_or_default()
    };
    args.set("closes", FluentValue::from(text("closes_at")));
    args.set("decided", FluentValue::from(text("decided_on")));
    args.set(
        "activity",
        FluentValue::from(pick(lang, payload, "activity")),
    );
    args.set("old", FluentValue::from(number_field(payload, "old")));
    args.set("new", FluentValue::from(number_field(payload, "new")));
    let id = match kind {
        EventKind::ConsultationOpened => "mail-event-consultation-opened",
        EventKind::ConsultationClosing => "mail-event-consultation-closing",
        EventKind::OfficialAnswer if untitled => "mail-event-official-answer-untitled",
        EventKind::OfficialAnswer => "mail-event-official-answer",
        EventKind::ProgressChanged => "mail-event-progress-changed",
        EventKind::ProgrammeAdopted => "mail-event-programme-adopted",
    };
    i18n.format(lang, id, Some(&args))
}

/// A local path of the collectivity's site made absolute, or refused.
pub fn local_link(
    brand: &Branding,
    path: &str,
    field: &'static str,
) -> Result<String, RenderError> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace());
    if !ok {
        return Err(RenderError::BadLink(field));
    }
    let joined = format!("{}{path}", brand.site_url.trim_end_matches('/'));
    match url::Url::parse(&joined) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u.into()),
        _ => Err(RenderError::BadLink(field)),
    }
}

fn event_of(payload: &Value) -> Result<EventKind, RenderError> {
    payload
        .get("event")
        .and_then(Value::as_str)
        .and_then(EventKind::parse)
        .ok_or(RenderError::MissingField("event"))
}

fn path_of(payload: &Value) -> &str {
    payload.get("path").and_then(Value::as_str).unwrap_or("/")
}

fn message_key(kind: EventKind) -> &'static str {
    match kind {
        EventKind::ConsultationOpened => "consultation-opened",
        EventKind::ConsultationClosing => "consultation-closing",
        EventKind::OfficialAnswer => "official-answer",
        EventKind::ProgressChanged => "progress-changed",
        EventKind::ProgrammeAdopted => "programme-adopted",
    }
}

/// One event (`MailKind::Notification`) or a digest (`MailKind::Digest`).
///
/// Notification payload: the event's payload (see [`crate::follow::Event`])
/// plus `event` (its kind), `name`, `account` and `list`. Digest payload:
/// `name`, `account`, `list`, `period` (`daily`/`weekly`), `items` (each an
/// event payload with its `event`) and `more` (entries left out).
fn compose_notification(
    i18n: &I18n,
    lang: Lang,
    kind: MailKind,
    payload: &Value,
    brand: &Branding,
) -> Result<Body, RenderError> {
    let site = brand.name.as_str();
    let name = payload
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let mut args = FluentArgs::new();
    args.set("site", FluentValue::from(site));
    if let Some(name) = name {
        args.set("name", FluentValue::from(name));
    }
    let greeting = if name.is_some() {
        i18n.format(lang, "mail-greeting", Some(&args))
    } else {
        i18n.format(lang, "mail-greeting-anonymous", Some(&args))
    };
    if kind == MailKind::Notification {
        let event = event_of(payload)?;
        let key = message_key(event);
        args.set("title", FluentValue::from(pick(lang, payload, "title")));
        let mut paragraphs = vec![event_line(i18n, lang, event, payload, site)];
        // An answer quotes the contribution and the answer, as text.
        for (field, label) in [
            ("excerpt", "mail-answer-contribution"),
            ("answer", "mail-answer-text"),
        ] {
            if let Some(text) = payload
                .get(field)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                let text = crate::follow::clip_chars(text, 2000);
                paragraphs.push(format!("{} « {text} »", i18n.format(lang, label, None)));
            }
        }
        let why = match payload.get("list").and_then(Value::as_str) {
            Some(l) if l.starts_with("project:") || l.starts_with("programme:") => {
                "mail-notify-why-follow"
            }
            _ => "mail-notify-why-account",
        };
        return Ok(Body {
            subject: i18n.format(lang, &format!("mail-notify-{key}-subject"), Some(&args)),
            greeting,
            paragraphs,
            actions: vec![Action {
                label: i18n.format(lang, &format!("mail-notify-{key}-action"), Some(&args)),
                url: local_link(brand, path_of(payload), "path")?,
            }],
            items: vec![],
            notes: vec![i18n.format(lang, why, Some(&args))],
            footer_links: vec![],
        });
    }
    let period = match payload.get("period").and_then(Value::as_str) {
        Some("weekly") => "weekly",
        Some("daily") => "daily",
        _ => return Err(RenderError::MissingField("period")),
    };
    let entries = payload
        .get("items")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or(RenderError::MissingField("items"))?;
    let more = number_field(payload, "more").max(0);
    args.set("count", FluentValue::from(entries.len() as i64 + more));
    let mut items = Vec::with_capacity(entries.len());
    for item in entries {
        let event = event_of(item)?;
        items.push(Action {
            label: event_line(i18n, lang, event, item, site),
            url: local_link(brand, path_of(item), "path")?,
        });
    }
    let mut paragraphs = vec![
        i18n.format(lang, &format!("mail-digest-{period}-intro"), Some(&args)),
        i18n.format(lang, "mail-digest-scope", Some(&args)),
    ];
    if more > 0 {
        let mut a = FluentArgs::new();
        a.set("count", FluentValue::from(more));
        paragraphs.push(i18n.format(lang, "mail-digest-more", Some(&a)));
    }
    Ok(Body {
        subject: i18n.format(lang, &format!("mail-digest-{period}-subject"), Some(&args)),
        greeting,
        paragraphs,
        actions: vec![Action {
            label: i18n.format(lang, "mail-digest-action", Some(&args)),
            url: local_link(brand, "/notifications", "path")?,
        }],
        items,
        notes: vec![i18n.format(lang, &format!("mail-digest-{period}-why"), Some(&args))],
        footer_links: vec![],
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
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject)
        .message_id(Some(message_id(outbox_id)))
        .header(ContentLanguage(lang.html_lang()))
        .header(AutoSubmitted);
    if let Some(url) = rendered.list_unsubscribe {
        builder = builder
            .header(ListUnsubscribe(url))
            .header(ListUnsubscribePost);
    }
    builder.multipart(MultiPart::alternative_plain_html(
        rendered.text,
        rendered.html,
    ))
}

#[cfg(test)]
mod tests;
