//! Plural forms by CLDR's rules in every language (#15): Fluent selects
//! the variant of a count through ICU4X (`services/plurals`), and here every
//! count from 0 to 1,000 is compared, in every language, with an
//! independent implementation of CLDR's rules — Python's Babel, installed by
//! the test command in the tests' virtual environment — not with a table
//! written by hand.

use infitah_platform::i18n::{Catalog, I18n, Lang};

/// A message that says its own category, in every language.
static PROBE: Catalog = Catalog {
    ar: PROBE_TEXT,
    fr: PROBE_TEXT,
    en: PROBE_TEXT,
};
const PROBE_TEXT: &str = "plural-probe = { $n ->\n    [zero] zero\n    [one] one\n    [two] two\n    [few] few\n    [many] many\n   *[other] other\n}\n";

const LAST: i64 = 1000;

/// Babel's category of every count from 0 to LAST, by language.
fn babel(lang: &str) -> Vec<String> {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/python");
    let script = format!(
        "from babel import Locale\nr = Locale.parse('{lang}').plural_form\nprint(' '.join(r(n) for n in range(0, {})))",
        LAST + 1
    );
    let out = std::process::Command::new(python)
        .args(["-c", &script])
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e} (the test command installs Babel)"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_count_takes_cldrs_plural_form_in_every_language() {
    let mut catalogs = infitah::server::catalogs();
    catalogs.push(&PROBE);
    let i18n = I18n::new(&catalogs).unwrap();
    for lang in Lang::ALL {
        let expected = babel(lang.code());
        assert_eq!(expected.len() as i64, LAST + 1);
        let tr = i18n.tr(lang);
        let wrong: Vec<String> = (0..=LAST)
            .filter_map(|n| {
                let got = tr.n("plural-probe", n);
                (got != expected[n as usize])
                    .then(|| format!("{n}: {got}, CLDR {}", expected[n as usize]))
            })
            .collect();
        assert!(
            wrong.is_empty(),
            "{}: {} counts wrong: {:?}",
            lang.code(),
            wrong.len(),
            &wrong[..wrong.len().min(10)]
        );
    }
    // The comment count of a project, as readers see it.
    let ar = i18n.tr(Lang::Ar);
    assert_eq!(ar.n("cons-count-value", 103), "103 تعليقات");
    assert_eq!(ar.n("cons-count-value", 111), "111 تعليقًا");
    assert_eq!(ar.n("cons-count-value", 199), "199 تعليقًا");
    assert_eq!(ar.n("cons-count-value", 100), "100 تعليق");
    assert_eq!(ar.n("cons-count-value", 1000), "1000 تعليق");
}
