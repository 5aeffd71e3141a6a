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
    pub fn get(&self, lang: Lang) -> Shown<'_> {
        let (want, other, other_lang) = match lang {
            Lang::Ar => (&self.ar, &self.fr, Lang::Fr),
            Lang::Fr | Lang::En => (&self.fr, &self.ar, Lang::Ar),
        };
        match (want, other) {
            (Some(t), _) => Shown {
                text: t,
                fallback: None,
            },
            (None, Some(t)) => Shown {
                text: t,
                fallback: Some(other_lang),
            },
            (None, None) => Shown {
                text: "",
                fallback: None,
            },
        }
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

/// "Octobre 2024", "أكتوبر 2024".
pub fn month_label(lang: Lang, d: Date) -> String {
    let s = lang.month_year(d.year(), d.month() as u8);
    let mut c = s.chars();
    match c.next() {
        Some(f) if lang != Lang::Ar => f.to_uppercase().collect::<String>() + c.as_str(),
        _ => s,
    }
}

/// "3 mai 2021", "3 ماي 2021".
pub fn date_label(lang: Lang, d: Date) -> String {
    format!("{} {}", d.day(), lang.month_year(d.year(), d.month() as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_is_marked() {
        let t = Bilingual::new(Some("نص".into()), None);
        assert_eq!(t.get(Lang::Ar).fallback, None);
        let shown = t.get(Lang::Fr);
        assert_eq!((shown.text, shown.fallback), ("نص", Some(Lang::Ar)));
        assert_eq!(Text::of(&t, Lang::Fr).fallback, Some("ar"));
    }
}
