//! The texts pages show, shared by every service: a text that staff wrote
//! in Arabic and/or French ([`Bilingual`]), as one language's page shows it
//! (with the other language as a marked fallback, [`Text`]), and dates and
//! months in the reader's language.

use serde::Serialize;
use time::Date;

use crate::i18n::Lang;

/// A text that exists in Arabic and/or French.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
#[schema(as = Text)]
pub struct Bilingual {
    #[schema(required = true)]
    pub ar: Option<String>,
    #[schema(required = true)]
    pub fr: Option<String>,
}

/// A text as a page in one language shows it: the other language is a marked fallback.
pub struct Shown<'a> {
    pub text: &'a str,
    /// Set when the text is the other language's: the page marks it and sets `lang`.
    pub fallback: Option<Lang>,
}

impl Bilingual {
    pub fn new(ar: Option<String>, fr: Option<String>) -> Self {
        Bilingual { ar, fr }
    }
    /// The text in `lang`, else in the other language, marked as such. An
    /// English page has no English text to show (staff write Arabic and
    /// French): it shows the French, else the Arabic, each marked with its
    /// own language, so that a screen reader switches voice (WCAG 3.1.2).
    pub fn get(&self, lang: Lang) -> Shown<'_> {
        let order: [(&Option<String>, Lang); 2] = match lang {
            Lang::Ar => [(&self.ar, Lang::Ar), (&self.fr, Lang::Fr)],
            Lang::Fr | Lang::En => [(&self.fr, Lang::Fr), (&self.ar, Lang::Ar)],
        };
        order
            .into_iter()
            .find_map(|(t, l)| {
                t.as_deref().map(|text| Shown {
                    text,
                    fallback: (l != lang).then_some(l),
                })
            })
            .unwrap_or(Shown {
                text: "",
                fallback: None,
            })
    }
}

/// A text ready for the page: its words, and the language to mark when it is a fallback.
pub struct Text {
    pub text: String,
    pub fallback: Option<&'static str>,
}

impl Text {
    pub fn of(b: &Bilingual, lang: Lang) -> Text {
        let s = b.get(lang);
        Text {
            text: s.text.to_owned(),
            fallback: s.fallback.map(|l| l.code()),
        }
    }
}

impl Text {
    /// The text as HTML (escaped), with each number, range, date or
    /// percentage of a right-to-left text isolated in `<bdi>`, so that
    /// «برنامج عمل الانفتاح 2024-2026» keeps its years in order: digits
    /// after Arabic letters otherwise take the Arabic direction, and the
    /// range is drawn "2026-2024" (#14 §4). Texts without Arabic letters are
    /// only escaped.
    pub fn html(&self) -> String {
        isolate_numbers(&self.text)
    }
}

static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"[0-9\u{0660}-\u{0669}]+(?:[ \u{00A0}\u{202F}]?[-\u{2010}-\u{2014}/.,:][ \u{00A0}\u{202F}]?[0-9\u{0660}-\u{0669}]+)*(?:[ \u{00A0}\u{202F}]?%)?",
    )
    .expect("a valid pattern")
});

fn has_rtl_letters(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
}

/// `text` with each number run between `open` and `close` (each piece of
/// text passed through `plain`), when the text holds right-to-left letters.
fn isolate(text: &str, open: &str, close: &str, plain: impl Fn(&mut String, &str)) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    if !has_rtl_letters(text) {
        plain(&mut out, text);
        return out;
    }
    let mut last = 0;
    for m in NUMBER.find_iter(text) {
        plain(&mut out, &text[last..m.start()]);
        out.push_str(open);
        plain(&mut out, m.as_str());
        out.push_str(close);
        last = m.end();
    }
    plain(&mut out, &text[last..]);
    out
}

/// `text`, escaped for HTML, with its number runs in `<bdi>` when it holds
/// right-to-left letters (see [`Text::html`]).
pub fn isolate_numbers(text: &str) -> String {
    use askama::filters::Escaper;
    isolate(text, "<bdi>", "</bdi>", |out, s| {
        let _ = askama::filters::Html.write_escaped_str(&mut *out, s);
    })
}

/// The same for plain text (e-mails): each number run of a right-to-left
/// text between LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL ISOLATE.
pub fn isolate_numbers_plain(text: &str) -> String {
    isolate(text, "\u{2066}", "\u{2069}", |out, s| out.push_str(s))
}

/// The first `max` characters of a text, with "…" when it was longer.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// "Octobre 2024", "أكتوبر 2024".
pub fn month_label(lang: Lang, d: Date) -> String {
    let s = lang.month_year(d.year(), d.month() as u8);
    let mut c = s.chars();
    match c.next() {
        Some(f) if lang != Lang::Ar => f.to_uppercase().collect::<String>() + c.as_str(),
        _ => s,
    }
}

/// "Octobre 2024 – Décembre 2024"; a single month once ("Mai 2021", not
/// "Mai 2021 – Mai 2021"); an open end with its dash.
pub fn month_range(lang: Lang, start: Option<Date>, end: Option<Date>) -> String {
    let same = |a: Date, b: Date| (a.year(), a.month()) == (b.year(), b.month());
    match (start, end) {
        (Some(s), Some(e)) if same(s, e) => month_label(lang, s),
        (Some(s), Some(e)) => format!("{} – {}", month_label(lang, s), month_label(lang, e)),
        (Some(s), None) => format!("{} –", month_label(lang, s)),
        (None, Some(e)) => format!("– {}", month_label(lang, e)),
        (None, None) => String::new(),
    }
}

/// "3 mai 2021", "3 ماي 2021".
/// The first of a month is "1er" in French ("1er janvier 2025").
pub fn date_label(lang: Lang, d: Date) -> String {
    let day = match (lang, d.day()) {
        (Lang::Fr, 1) => "1er".to_owned(),
        (_, n) => n.to_string(),
    };
    format!("{day} {}", lang.month_year(d.year(), d.month() as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_says_premier() {
        use time::macros::date;
        assert_eq!(
            date_label(Lang::Fr, date!(2025 - 01 - 01)),
            "1er janvier 2025"
        );
        assert_eq!(
            date_label(Lang::Fr, date!(2025 - 01 - 02)),
            "2 janvier 2025"
        );
        assert_eq!(date_label(Lang::Ar, date!(2025 - 01 - 01)), "1 يناير 2025");
    }

    #[test]
    fn a_single_month_is_named_once() {
        use time::macros::date;
        let (may, dec) = (date!(2021 - 05 - 01), date!(2024 - 12 - 01));
        assert_eq!(
            month_range(Lang::Fr, Some(may), Some(date!(2021 - 05 - 31))),
            "Mai 2021"
        );
        assert_eq!(month_range(Lang::Ar, Some(may), Some(may)), "ماي 2021");
        assert_eq!(
            month_range(Lang::Fr, Some(may), Some(dec)),
            "Mai 2021 – Décembre 2024"
        );
        assert_eq!(month_range(Lang::Fr, None, Some(dec)), "– Décembre 2024");
        assert_eq!(month_range(Lang::Fr, None, None), "");
    }

    #[test]
    fn numbers_in_arabic_texts_are_isolated_and_everything_is_escaped() {
        assert_eq!(
            isolate_numbers("برنامج عمل الانفتاح لجماعة القنيطرة 2024-2026"),
            "برنامج عمل الانفتاح لجماعة القنيطرة <bdi>2024-2026</bdi>"
        );
        assert_eq!(
            isolate_numbers("نسبة 40 % من 1.500 مشروع في 3/5/2021"),
            "نسبة <bdi>40 %</bdi> من <bdi>1.500</bdi> مشروع في <bdi>3/5/2021</bdi>"
        );
        assert_eq!(
            isolate_numbers("<b>٢٠٢٤</b> سنة"),
            "&#60;b&#62;<bdi>٢٠٢٤</bdi>&#60;/b&#62; سنة"
        );
        assert_eq!(
            isolate_numbers_plain("سنة 2024-2026"),
            "سنة \u{2066}2024-2026\u{2069}"
        );
        // A Latin text needs no isolation: only escaped.
        assert_eq!(
            isolate_numbers("Programme 2024-2026 & <co>"),
            "Programme 2024-2026 &#38; &#60;co&#62;"
        );
    }

    #[test]
    fn fallback_is_marked() {
        let t = Bilingual::new(Some("نص".into()), None);
        assert_eq!(t.get(Lang::Ar).fallback, None);
        let shown = t.get(Lang::Fr);
        assert_eq!((shown.text, shown.fallback), ("نص", Some(Lang::Ar)));
        assert_eq!(Text::of(&t, Lang::Fr).fallback, Some("ar"));
    }
}
