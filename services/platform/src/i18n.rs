//! Languages and translations. Arabic (right-to-left) and French are equal;
//! English is offered where a collectivity chooses. Messages are Fluent files,
//! one per service and language, so plural rules follow each language (Arabic
//! has six forms). Month names follow Moroccan usage (CLDR ar-MA).

use std::collections::HashMap;

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ar,
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ar, Lang::Fr, Lang::En];

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ar" => Some(Lang::Ar),
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
    /// The value of the `lang` attribute: Moroccan Arabic conventions.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Ar => "ar-MA",
            Lang::Fr => "fr-MA",
            Lang::En => "en",
        }
    }
    /// Open Graph's form of the locale (`og:locale`).
    pub fn og_locale(self) -> &'static str {
        match self {
            Lang::Ar => "ar_MA",
            Lang::Fr => "fr_MA",
            Lang::En => "en_GB",
        }
    }
    /// A colon after a label, as each language's typography has it: French
    /// with a no-break space before it ("Profil\u{a0}:"), Arabic and
    /// English with none ("الصفة:").
    pub fn colon(self) -> &'static str {
        match self {
            Lang::Fr => "\u{a0}:",
            Lang::Ar | Lang::En => ":",
        }
    }
    pub fn dir(self) -> &'static str {
        if self == Lang::Ar { "rtl" } else { "ltr" }
    }
    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }
    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ar => "العربية",
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }
    /// Month names (1–12), Moroccan usage for Arabic.
    pub fn month_name(self, month: u8) -> &'static str {
        const AR: [&str; 12] = [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "ماي",
            "يونيو",
            "يوليوز",
            "غشت",
            "شتنبر",
            "أكتوبر",
            "نونبر",
            "دجنبر",
        ];
        const FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let i = (month.clamp(1, 12) - 1) as usize;
        match self {
            Lang::Ar => AR[i],
            Lang::Fr => FR[i],
            Lang::En => EN[i],
        }
    }
    /// "أكتوبر 2024", "octobre 2024", "October 2024".
    pub fn month_year(self, year: i32, month: u8) -> String {
        format!("{} {year}", self.month_name(month))
    }
    /// Groups digits the local way: "1.250.000" in Arabic (Morocco), "1 250 000" in French.
    pub fn group_digits(self, n: i64) -> String {
        let sep = match self {
            Lang::Ar => '.',
            Lang::Fr => '\u{202f}',
            Lang::En => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    /// The best of `offered` for an Accept-Language header, if any matches.
    pub fn negotiate(accept_language: &str, offered: &[Lang]) -> Option<Lang> {
        let mut prefs: Vec<(f32, Lang)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut it = part.trim().split(';');
                let tag = it.next()?.trim();
                let primary = tag.split('-').next()?;
                let lang = Lang::parse(primary)?;
                let q = it
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, lang))
            })
            .collect();
        prefs.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        prefs
            .into_iter()
            .map(|(_, l)| l)
            .find(|l| offered.contains(l))
    }
}

/// Fluent messages of one service, per language.
pub struct Catalog {
    pub ar: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
}

/// All messages of all services, ready to format.
pub struct I18n {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl I18n {
    /// Builds the bundles; a syntax error in a shipped file is a bug and stops start-up.
    pub fn new(catalogs: &[&Catalog]) -> anyhow::Result<Self> {
        let mut bundles = HashMap::new();
        for lang in Lang::ALL {
            let id: unic_langid::LanguageIdentifier = lang.code().parse()?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Bidi isolation is done in the markup (<bdi>, dir="auto"), where it belongs.
            bundle.set_use_isolating(false);
            for cat in catalogs {
                let src = match lang {
                    Lang::Ar => cat.ar,
                    Lang::Fr => cat.fr,
                    Lang::En => cat.en,
                };
                let res = FluentResource::try_new(src.to_owned())
                    .map_err(|(_, errs)| anyhow::anyhow!("{} messages: {errs:?}", lang.code()))?;
                bundle.add_resource(res).map_err(|errs| {
                    anyhow::anyhow!("{} messages: duplicate ids {errs:?}", lang.code())
                })?;
            }
            bundles.insert(lang, bundle);
        }
        Ok(I18n { bundles })
    }

    /// Formats a message; falls back to French, then to the id itself.
    pub fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        for l in [lang, Lang::Fr] {
            let bundle = &self.bundles[&l];
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = vec![];
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        id.to_owned()
    }

    pub fn tr(&self, lang: Lang) -> Tr<'_> {
        Tr { i18n: self, lang }
    }

    /// Whether some catalogue holds the message.
    pub fn has(&self, id: &str) -> bool {
        self.bundles.values().any(|b| b.has_message(id))
    }
}

/// Translations bound to one language: what templates call.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    i18n: &'a I18n,
    pub lang: Lang,
}

impl<'a> Tr<'a> {
    pub fn t(&self, id: &str) -> String {
        self.i18n.format(self.lang, id, None)
    }
    /// A message with one numeric argument `$n` (plurals).
    pub fn n(&self, id: &str, n: impl std::borrow::Borrow<i64>) -> String {
        let mut args = FluentArgs::new();
        args.set("n", FluentValue::from(*n.borrow()));
        self.i18n.format(self.lang, id, Some(&args))
    }
    /// A message with one text argument `$name`.
    pub fn s(&self, id: &str, name: &str) -> String {
        let mut args = FluentArgs::new();
        args.set("name", FluentValue::from(name));
        self.i18n.format(self.lang, id, Some(&args))
    }
    /// A message with a count `$n` and a text `$name`.
    pub fn ns(&self, id: &str, n: i64, name: &str) -> String {
        let mut args = FluentArgs::new();
        args.set("n", FluentValue::from(n));
        args.set("name", FluentValue::from(name));
        self.i18n.format(self.lang, id, Some(&args))
    }
    pub fn args(&self, id: &str, args: &FluentArgs) -> String {
        self.i18n.format(self.lang, id, Some(args))
    }
    /// Whether the message exists (a key taken from a request is checked first).
    pub fn has(&self, id: &str) -> bool {
        self.i18n.has(id)
    }
    pub fn number(&self, n: i64) -> String {
        self.lang.group_digits(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation() {
        let offered = [Lang::Ar, Lang::Fr];
        assert_eq!(
            Lang::negotiate("fr-FR,fr;q=0.9,en;q=0.8", &offered),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::negotiate("en-US,en;q=0.9", &offered), None);
        assert_eq!(
            Lang::negotiate("en;q=1, ar;q=0.5", &offered),
            Some(Lang::Ar)
        );
        assert_eq!(Lang::negotiate("fr;q=0", &offered), None);
    }

    #[test]
    fn moroccan_months_and_numbers() {
        assert_eq!(Lang::Ar.month_year(2021, 5), "ماي 2021");
        assert_eq!(Lang::Ar.month_year(2024, 10), "أكتوبر 2024");
        assert_eq!(Lang::Fr.month_year(2024, 12), "décembre 2024");
        assert_eq!(Lang::Ar.group_digits(1_250_000), "1.250.000");
        assert_eq!(Lang::Fr.group_digits(1_250_000), "1\u{202f}250\u{202f}000");
    }

    #[test]
    fn arabic_plurals() {
        let cat = Catalog {
            ar: "c = { $n ->\n [zero] صفر\n [one] تعليق واحد\n [two] تعليقان\n [few] { $n } تعليقات\n [many] { $n } تعليقًا\n *[other] { $n } تعليق\n}\n",
            fr: "c = { $n } commentaires\n",
            en: "c = { $n } comments\n",
        };
        let i = I18n::new(&[&cat]).unwrap();
        let tr = i.tr(Lang::Ar);
        let got: Vec<String> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|n| tr.n("c", *n))
            .collect();
        assert_eq!(
            got,
            [
                "صفر",
                "تعليق واحد",
                "تعليقان",
                "3 تعليقات",
                "11 تعليقًا",
                "100 تعليق"
            ]
        );
    }
}
