//! The languages' messages (#15). Plural forms by CLDR's rules: Fluent
//! selects the variant of a count through ICU4X (`services/plurals`), and
//! every count from 0 to 1,000 is compared, in every language, with an
//! independent implementation of CLDR's rules — Python's Babel, installed by
//! the test command in the tests' virtual environment — not with a table
//! written by hand. And catalogue parity: every message of every service
//! exists in every language, with the same variables and the same selectors.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
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
    let mut catalogs = vec![&infitah_platform::CATALOG];
    catalogs.extend(infitah::server::catalogs());
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

/// What a message must have alike in every language: the variables it
/// uses, and those it selects a variant on.
#[derive(Debug, Default, PartialEq, Eq)]
struct Shape {
    variables: BTreeSet<String>,
    selectors: BTreeSet<String>,
}

fn inline(e: &ast::InlineExpression<&str>, shape: &mut Shape) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            shape.variables.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            arguments.positional.iter().for_each(|a| inline(a, shape));
            arguments.named.iter().for_each(|a| inline(&a.value, shape));
        }
        ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            arguments.positional.iter().for_each(|a| inline(a, shape));
            arguments.named.iter().for_each(|a| inline(&a.value, shape));
        }
        ast::InlineExpression::Placeable { expression } => expression_shape(expression, shape),
        _ => {}
    }
}

fn expression_shape(e: &ast::Expression<&str>, shape: &mut Shape) {
    match e {
        ast::Expression::Select { selector, variants } => {
            if let ast::InlineExpression::VariableReference { id } = selector {
                shape.selectors.insert(id.name.to_owned());
            }
            inline(selector, shape);
            variants.iter().for_each(|v| pattern(&v.value, shape));
        }
        ast::Expression::Inline(i) => inline(i, shape),
    }
}

fn pattern(p: &ast::Pattern<&str>, shape: &mut Shape) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_shape(expression, shape);
        }
    }
}

/// Every message (and attribute) of a catalogue, by id, with its shape.
fn shapes(src: &str) -> BTreeMap<String, Shape> {
    let res = fluent_syntax::parser::parse(src).unwrap_or_else(|(_, errs)| panic!("{errs:?}"));
    let mut out = BTreeMap::new();
    for entry in &res.body {
        let (id, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            _ => continue,
        };
        let mut shape = Shape::default();
        if let Some(v) = value {
            pattern(v, &mut shape);
        }
        out.insert(id.clone(), shape);
        for a in attributes {
            let mut shape = Shape::default();
            pattern(&a.value, &mut shape);
            out.insert(format!("{id}.{}", a.id.name), shape);
        }
    }
    out
}

#[test]
fn every_message_exists_in_every_language_with_the_same_variables_and_selectors() {
    let mut problems = vec![];
    // The platform's messages (the base layout's), then every service's.
    let mut catalogs = vec![&infitah_platform::CATALOG];
    catalogs.extend(infitah::server::catalogs());
    for (i, cat) in catalogs.iter().enumerate() {
        let by_lang: Vec<(&str, BTreeMap<String, Shape>)> = vec![
            ("ar", shapes(cat.ar)),
            ("fr", shapes(cat.fr)),
            ("en", shapes(cat.en)),
        ];
        let ids: BTreeSet<&String> = by_lang.iter().flat_map(|(_, m)| m.keys()).collect();
        for id in ids {
            let (fr_lang, reference) = (&by_lang[1].0, by_lang[1].1.get(id));
            for (lang, messages) in &by_lang {
                match (messages.get(id), reference) {
                    (None, _) => problems.push(format!("catalogue {i}: {id} is missing in {lang}")),
                    (Some(_), None) => problems.push(format!("catalogue {i}: {id} is missing in {fr_lang}")),
                    (Some(s), Some(r)) if s != r => problems.push(format!(
                        "catalogue {i}: {id} in {lang} uses {:?} selecting on {:?}, in {fr_lang} {:?} on {:?}",
                        s.variables, s.selectors, r.variables, r.selectors
                    )),
                    _ => {}
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
