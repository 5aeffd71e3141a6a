//! `intl_pluralrules`'s interface, answered by ICU4X (`icu_plurals`, CLDR's
//! current rules and data) — patched in for the crate of that name, which
//! `fluent-bundle` selects plural variants with (root `Cargo.toml`,
//! `[patch.crates-io]`).
//!
//! Why: intl_pluralrules 7.0.2 (CLDR 37, generated code) tests Arabic's
//! "few" and "many" on the integer where CLDR tests `n % 100`, so every
//! Arabic count from 103 took the wrong form ("103 تعليق" for "103
//! تعليقات", 111–199 "other" for "many"), in every message of every
//! service. Fluent has no hook for another plural implementation; this crate
//! keeps its types and hands the rule to ICU4X. Checked against Python's
//! Babel for every count from 0 to 1,000 in every language infitah offers
//! (`tests/e2e/plurals.rs`).
//!
//! `operands` is the original crate's (Kekoa Riggin, Zibi Braniecki;
//! Apache-2.0 / MIT), kept as it was because fluent-bundle builds and
//! adjusts these operands itself.

// The original crate's code, kept as it wrote it: not held to our lints.
#[allow(clippy::all)]
pub mod operands;

use std::convert::TryInto;

use unic_langid::LanguageIdentifier;

use crate::operands::PluralOperands;

/// The CLDR version of the rules: ICU4X's compiled data.
pub static CLDR_VERSION: usize = 47;

#[derive(Debug, Eq, PartialEq)]
pub enum PluralCategory {
    ZERO,
    ONE,
    TWO,
    FEW,
    MANY,
    OTHER,
}

#[derive(Copy, Clone, Hash, PartialEq, Eq)]
pub enum PluralRuleType {
    ORDINAL,
    CARDINAL,
}

/// The plural rules of one language, for cardinal or ordinal numbers.
pub struct PluralRules {
    locale: LanguageIdentifier,
    kind: PluralRuleType,
    rules: icu_plurals::PluralRules,
}

impl Clone for PluralRules {
    fn clone(&self) -> Self {
        PluralRules::create(self.locale.clone(), self.kind).expect("created once already")
    }
}

impl PluralRules {
    /// The rules of `langid` (a language of [`PluralRules::get_locales`]).
    pub fn create<L: Into<LanguageIdentifier>>(
        langid: L,
        prt: PluralRuleType,
    ) -> Result<Self, &'static str> {
        let locale: LanguageIdentifier = langid.into();
        let known = match prt {
            PluralRuleType::CARDINAL => CARDINAL,
            PluralRuleType::ORDINAL => ORDINAL,
        };
        if !known.contains(&locale.to_string().as_str()) {
            return Err("unknown locale");
        }
        let icu: icu_locale_core::Locale =
            locale.to_string().parse().map_err(|_| "unknown locale")?;
        let rules = match prt {
            PluralRuleType::CARDINAL => icu_plurals::PluralRules::try_new_cardinal(icu.into()),
            PluralRuleType::ORDINAL => icu_plurals::PluralRules::try_new_ordinal(icu.into()),
        }
        .map_err(|_| "no plural rules for this locale")?;
        Ok(PluralRules {
            locale,
            kind: prt,
            rules,
        })
    }

    /// The category of a number, by CLDR's rules for the language.
    pub fn select<N: TryInto<PluralOperands>>(
        &self,
        number: N,
    ) -> Result<PluralCategory, &'static str> {
        let ops: PluralOperands = number
            .try_into()
            .map_err(|_| "Argument can not be parsed to operands.")?;
        // The number as CLDR writes it: its integer digits and its v
        // visible fraction digits (1.50 is i = 1, v = 2, f = 50).
        let written = if ops.v == 0 {
            ops.i.to_string()
        } else {
            format!("{}.{:0width$}", ops.i, ops.f, width = ops.v)
        };
        let decimal: fixed_decimal::Decimal = written
            .parse()
            .map_err(|_| "Argument can not be parsed to operands.")?;
        let icu = icu_plurals::PluralOperands::from(&decimal);
        Ok(match self.rules.category_for(icu) {
            icu_plurals::PluralCategory::Zero => PluralCategory::ZERO,
            icu_plurals::PluralCategory::One => PluralCategory::ONE,
            icu_plurals::PluralCategory::Two => PluralCategory::TWO,
            icu_plurals::PluralCategory::Few => PluralCategory::FEW,
            icu_plurals::PluralCategory::Many => PluralCategory::MANY,
            icu_plurals::PluralCategory::Other => PluralCategory::OTHER,
        })
    }

    /// The languages with rules of this type (CLDR's list of plural rules).
    pub fn get_locales(prt: PluralRuleType) -> Vec<LanguageIdentifier> {
        let list = match prt {
            PluralRuleType::CARDINAL => CARDINAL,
            PluralRuleType::ORDINAL => ORDINAL,
        };
        list.iter().filter_map(|l| l.parse().ok()).collect()
    }

    pub fn get_locale(&self) -> &LanguageIdentifier {
        &self.locale
    }
}

/// CLDR's languages with cardinal rules (as intl_pluralrules 7.0.2 listed them).
const CARDINAL: &[&str] = &[
    "af", "ak", "am", "an", "ar", "ars", "as", "asa", "ast", "az", "be", "bem", "bez", "bg", "bho",
    "bm", "bn", "bo", "br", "brx", "bs", "ca", "ce", "ceb", "cgg", "chr", "ckb", "cs", "cy", "da",
    "de", "dsb", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fil",
    "fo", "fr", "fur", "fy", "ga", "gd", "gl", "gsw", "gu", "guw", "gv", "ha", "haw", "he", "hi",
    "hr", "hsb", "hu", "hy", "ia", "id", "ig", "ii", "in", "io", "is", "it", "iu", "iw", "ja",
    "jbo", "jgo", "ji", "jmc", "jv", "jw", "ka", "kab", "kaj", "kcg", "kde", "kea", "kk", "kkj",
    "kl", "km", "kn", "ko", "ks", "ksb", "ksh", "ku", "kw", "ky", "lag", "lb", "lg", "lkt", "ln",
    "lo", "lt", "lv", "mas", "mg", "mgo", "mk", "ml", "mn", "mo", "mr", "ms", "mt", "my", "nah",
    "naq", "nb", "nd", "ne", "nl", "nn", "nnh", "no", "nqo", "nr", "nso", "ny", "nyn", "om", "or",
    "os", "osa", "pa", "pap", "pcm", "pl", "prg", "ps", "pt", "pt-PT", "rm", "ro", "rof", "ru",
    "rwk", "sah", "saq", "sat", "sc", "scn", "sd", "sdh", "se", "seh", "ses", "sg", "sh", "shi",
    "si", "sk", "sl", "sma", "smi", "smj", "smn", "sms", "sn", "so", "sq", "sr", "ss", "ssy", "st",
    "su", "sv", "sw", "syr", "ta", "te", "teo", "th", "ti", "tig", "tk", "tl", "tn", "to", "tr",
    "ts", "tzm", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "vun", "wa", "wae", "wo", "xh", "xog",
    "yi", "yo", "yue", "zh", "zu",
];

/// CLDR's languages with ordinal rules (as intl_pluralrules 7.0.2 listed them).
const ORDINAL: &[&str] = &[
    "af", "am", "an", "ar", "as", "az", "be", "bg", "bn", "bs", "ca", "ce", "cs", "cy", "da", "de",
    "dsb", "el", "en", "es", "et", "eu", "fa", "fi", "fil", "fr", "fy", "ga", "gd", "gl", "gsw",
    "gu", "he", "hi", "hr", "hsb", "hu", "hy", "ia", "id", "in", "is", "it", "iw", "ja", "ka",
    "kk", "km", "kn", "ko", "kw", "ky", "lo", "lt", "lv", "mk", "ml", "mn", "mo", "mr", "ms", "my",
    "nb", "ne", "nl", "or", "pa", "pl", "prg", "ps", "pt", "ro", "ru", "sc", "scn", "sd", "sh",
    "si", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "te", "th", "tk", "tl", "tr", "uk", "ur", "uz",
    "vi", "yue", "zh", "zu",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ar() -> PluralRules {
        PluralRules::create(
            "ar".parse::<LanguageIdentifier>().unwrap(),
            PluralRuleType::CARDINAL,
        )
        .unwrap()
    }

    #[test]
    fn arabic_counts_follow_cldr_past_a_hundred() {
        let pr = ar();
        for (n, cat) in [
            (0, PluralCategory::ZERO),
            (1, PluralCategory::ONE),
            (2, PluralCategory::TWO),
            (3, PluralCategory::FEW),
            (10, PluralCategory::FEW),
            (11, PluralCategory::MANY),
            (99, PluralCategory::MANY),
            (100, PluralCategory::OTHER),
            (102, PluralCategory::OTHER),
            (103, PluralCategory::FEW),
            (111, PluralCategory::MANY),
            (199, PluralCategory::MANY),
            (1000, PluralCategory::OTHER),
        ] {
            assert_eq!(pr.select(n as u64), Ok(cat), "{n}");
        }
    }

    #[test]
    fn french_english_and_decimals() {
        let fr = PluralRules::create(
            "fr".parse::<LanguageIdentifier>().unwrap(),
            PluralRuleType::CARDINAL,
        )
        .unwrap();
        assert_eq!(fr.select(0), Ok(PluralCategory::ONE));
        assert_eq!(fr.select(1), Ok(PluralCategory::ONE));
        assert_eq!(fr.select(2), Ok(PluralCategory::OTHER));
        assert_eq!(fr.select(1.5), Ok(PluralCategory::ONE));
        assert_eq!(fr.select(1_000_000), Ok(PluralCategory::MANY));
        let en = PluralRules::create(
            "en".parse::<LanguageIdentifier>().unwrap(),
            PluralRuleType::CARDINAL,
        )
        .unwrap();
        assert_eq!(en.select(1), Ok(PluralCategory::ONE));
        assert_eq!(en.select("1.0"), Ok(PluralCategory::OTHER));
        assert!(PluralRules::create(
            "xx".parse::<LanguageIdentifier>().unwrap(),
            PluralRuleType::CARDINAL
        )
        .is_err());
    }
}
