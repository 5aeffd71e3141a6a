//! A legal page's words: the national template of its kind and language
//! (`services/identity/legal/*.md`, compiled in) or the collectivity's own
//! text, with the collectivity's details put in place of its `{placeholders}`,
//! rendered from CommonMark to HTML by pulldown-cmark. Neither an admin's
//! text nor a detail can bring markup of its own: raw HTML is shown as text,
//! links go only to http(s), mailto and this site, images become their words.

use infitah_platform::i18n::Lang;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};

use super::Kind;

/// The national template of `kind` in `lang`.
pub fn template(kind: Kind, lang: Lang) -> &'static str {
    use Kind::*;
    match (kind, lang) {
        (Terms, Lang::Ar) => include_str!("../../legal/terms.ar.md"),
        (Terms, Lang::Fr) => include_str!("../../legal/terms.fr.md"),
        (Terms, Lang::En) => include_str!("../../legal/terms.en.md"),
        (Privacy, Lang::Ar) => include_str!("../../legal/privacy.ar.md"),
        (Privacy, Lang::Fr) => include_str!("../../legal/privacy.fr.md"),
        (Privacy, Lang::En) => include_str!("../../legal/privacy.en.md"),
        (LegalNotice, Lang::Ar) => include_str!("../../legal/legal-notice.ar.md"),
        (LegalNotice, Lang::Fr) => include_str!("../../legal/legal-notice.fr.md"),
        (LegalNotice, Lang::En) => include_str!("../../legal/legal-notice.en.md"),
        (Accessibility, Lang::Ar) => include_str!("../../legal/accessibility.ar.md"),
        (Accessibility, Lang::Fr) => include_str!("../../legal/accessibility.fr.md"),
        (Accessibility, Lang::En) => include_str!("../../legal/accessibility.en.md"),
        (Contact, Lang::Ar) => include_str!("../../legal/contact.ar.md"),
        (Contact, Lang::Fr) => include_str!("../../legal/contact.fr.md"),
        (Contact, Lang::En) => include_str!("../../legal/contact.en.md"),
    }
}

/// The placeholders a text may hold, in the order the admin page lists them.
pub const PLACEHOLDERS: [&str; 8] = [
    "collectivity",
    "address",
    "email",
    "phone",
    "publisher",
    "cndp",
    "hosting",
    "host",
];

/// What goes in place of each placeholder: its value, or `None` when the
/// collectivity has not given it yet (the page then says so, marked).
pub struct Values<'a> {
    pub get: &'a dyn Fn(&str) -> Option<String>,
    /// Shown, marked, in place of a missing value: "(to be completed)".
    pub missing: &'a str,
}

/// The HTML of `source` with `values` in place of its placeholders.
pub fn render(source: &str, values: &Values) -> String {
    let parser = TextMergeStream::new(Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH));
    let mut events: Vec<Event> = Vec::new();
    // Links refused keep their words; their closing tag goes with them.
    let mut refused_links: Vec<bool> = Vec::new();
    for event in parser {
        match event {
            Event::Text(t) => fill(&t, values, &mut events),
            // Markup typed into a text is shown as the characters it is.
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let ok = safe_href(&dest_url);
                refused_links.push(!ok);
                if ok {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if !refused_links.pop().unwrap_or(true) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            // An image is its description: the pages carry no third-party content.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn safe_href(dest: &str) -> bool {
    let d = dest.trim();
    d.starts_with("https://")
        || d.starts_with("http://")
        || d.starts_with("mailto:")
        || (d.starts_with('/') && !d.starts_with("//"))
        || d.starts_with('#')
}

/// `text` with each `{name}` replaced: a value isolated in `<bdi>` (an
/// address or a number keeps its own direction inside Arabic), an e-mail
/// address as a link, a missing value marked.
fn fill<'a>(text: &CowStr<'a>, values: &Values, out: &mut Vec<Event<'a>>) {
    let mut rest: &str = text;
    if !rest.contains('{') {
        out.push(Event::Text(text.clone()));
        return;
    }
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            out.push(Event::Text(CowStr::from(rest[..open + 1].to_owned())));
            rest = after;
            continue;
        }
        if open > 0 {
            out.push(Event::Text(CowStr::from(rest[..open].to_owned())));
        }
        match (values.get)(name) {
            Some(v) if name == "email" => {
                out.push(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(format!("mailto:{v}")),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                }));
                out.push(Event::InlineHtml(CowStr::from("<bdi>")));
                out.push(Event::Text(CowStr::from(v)));
                out.push(Event::InlineHtml(CowStr::from("</bdi>")));
                out.push(Event::End(TagEnd::Link));
            }
            Some(v) => {
                out.push(Event::InlineHtml(CowStr::from("<bdi>")));
                out.push(Event::Text(CowStr::from(v)));
                out.push(Event::InlineHtml(CowStr::from("</bdi>")));
            }
            None => {
                out.push(Event::InlineHtml(CowStr::from(r#"<span class="missing">"#)));
                out.push(Event::Text(CowStr::from(values.missing.to_owned())));
                out.push(Event::InlineHtml(CowStr::from("</span>")));
            }
        }
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(CowStr::from(rest.to_owned())));
    }
}

/// The title of a text: its first heading's words, or `fallback`.
pub fn title<'s>(source: &'s str, fallback: &'s str) -> &'s str {
    source
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &dyn Fn(&str) -> Option<String>) -> String {
        render(
            "# T\n\nÉcrire à {email} ou au {phone}; {unknown} {reste}\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](/legal/terms) ![i](https://e.x/i.png)",
            &Values {
                get: v,
                missing: "(à compléter)",
            },
        )
    }

    #[test]
    fn details_are_isolated_and_markup_is_refused() {
        let html = values(&|p| match p {
            "email" => Some("contact@kenitra.ma".into()),
            "phone" => Some("<b>0537</b>".into()),
            _ => None,
        });
        assert!(
            html.contains(
                r#"<a href="mailto:contact@kenitra.ma"><bdi>contact@kenitra.ma</bdi></a>"#
            ),
            "{html}"
        );
        assert!(
            html.contains("<bdi>&lt;b&gt;0537&lt;/b&gt;</bdi>"),
            "{html}"
        );
        assert!(html.contains("{unknown} {reste}"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains(r#"<a href="/legal/terms">y</a>"#), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn a_missing_detail_is_marked_not_invented() {
        let html = values(&|_| None);
        assert!(
            html.contains(r#"<span class="missing">(à compléter)</span>"#),
            "{html}"
        );
        assert_eq!(title("# Contact\n\ntexte", "x"), "Contact");
        assert_eq!(title("pas de titre", "Contact"), "Contact");
    }

    #[test]
    fn every_template_exists_has_a_title_and_only_known_placeholders() {
        for kind in Kind::ALL {
            for lang in [Lang::Ar, Lang::Fr, Lang::En] {
                let t = template(kind, lang);
                assert!(
                    t.starts_with("# "),
                    "{kind:?} {lang:?} starts with its title"
                );
                let re = regex_lite_placeholders(t);
                for p in re {
                    assert!(
                        PLACEHOLDERS.contains(&p.as_str()),
                        "{kind:?} {lang:?}: {{{p}}}"
                    );
                }
            }
        }
    }

    /// The `{words}` of a text (ASCII letters, hyphen, underscore).
    fn regex_lite_placeholders(t: &str) -> Vec<String> {
        let mut out = vec![];
        let mut rest = t;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            match after.find('}') {
                Some(j)
                    if after[..j]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-') =>
                {
                    out.push(after[..j].to_owned());
                    rest = &after[j + 1..];
                }
                _ => rest = after,
            }
        }
        out
    }
}
