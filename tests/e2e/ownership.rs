//! Each table has one owning crate (docs/architecture.md, *Who owns each
//! table*), and a crate reaches another's tables only where that page's
//! list of reads across crates says so — a view the owner publishes for it,
//! or a debt named there with its way out. This test reads both tables from
//! the page itself, so the map cannot drift from what is checked, and scans
//! every service's Rust source for SQL naming a table (`from`, `join`,
//! `into`, `update`, `delete from`): a query of another crate's table that
//! the page does not list fails it, with the place.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// The page, split into its two tables: owner of each table, and the reads
/// across crates that are allowed (crate → tables).
struct Map {
    owner: BTreeMap<String, String>,
    allowed: BTreeSet<(String, String)>,
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().trim_matches('`').to_owned())
        .collect()
}

/// The names of a cell: `a`, `b`; published: `c` (the label is the page's).
fn names(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split([',', ';'])
        .map(|t| {
            let t = t.trim();
            t.strip_prefix("published:")
                .unwrap_or(t)
                .trim()
                .trim_matches('`')
                .to_owned()
        })
        .filter(|t| !t.is_empty())
}

fn read_map(doc: &str) -> Map {
    let section = |heading: &str| -> Vec<Vec<String>> {
        let start = doc
            .find(heading)
            .unwrap_or_else(|| panic!("docs/architecture.md has no {heading:?}"));
        doc[start..]
            .lines()
            .skip(1)
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .skip(2) // the header and its rule
            .map(cells)
            .collect()
    };
    let mut owner = BTreeMap::new();
    for row in section("### Who owns each table") {
        for t in names(&row[1]) {
            assert!(
                owner.insert(t.clone(), row[0].clone()).is_none(),
                "{t} has two owners in docs/architecture.md"
            );
        }
    }
    let mut allowed = BTreeSet::new();
    for row in section("### Reads across crates") {
        for t in names(&row[1]) {
            allowed.insert((row[0].clone(), t));
        }
    }
    Map { owner, allowed }
}

/// Every place where `source` names a table in SQL: (table, line).
fn tables_named(source: &str) -> Vec<(String, usize)> {
    let re = regex::Regex::new(r"\b(?:from|join|into|update)\s+([a-z_][a-z0-9_]*)\b").unwrap();
    re.captures_iter(source)
        .map(|c| {
            let m = c.get(1).unwrap();
            (m.as_str().to_owned(), source[..m.start()].lines().count())
        })
        .collect()
}

/// The places where `crate_name`'s `source` reaches a table it neither owns
/// nor may read.
fn trespasses(map: &Map, crate_name: &str, source: &str) -> Vec<String> {
    tables_named(source)
        .into_iter()
        .filter_map(|(table, line)| {
            let owner = map.owner.get(&table)?;
            (owner != crate_name
                && !map
                    .allowed
                    .contains(&(crate_name.to_owned(), table.clone())))
            .then(|| format!("line {line}: {table} (owned by {owner})"))
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

#[test]
fn every_table_has_one_owner_and_crates_keep_to_their_own() {
    let root = root();
    let map = read_map(&std::fs::read_to_string(root.join("docs/architecture.md")).unwrap());
    // Every table and view the migrations create is in the map.
    let create =
        regex::Regex::new(r"create (?:table|(?:or replace )?view) (?:if not exists )?([a-z_]+)")
            .unwrap();
    let mut created = BTreeSet::new();
    for e in std::fs::read_dir(root.join("migrations")).unwrap() {
        let sql = std::fs::read_to_string(e.unwrap().path()).unwrap();
        created.extend(create.captures_iter(&sql).map(|c| c[1].to_owned()));
    }
    let unowned: Vec<_> = created
        .iter()
        .filter(|t| !map.owner.contains_key(*t))
        .collect();
    assert!(
        unowned.is_empty(),
        "tables without an owner in docs/architecture.md: {unowned:?}"
    );
    let mut failures = vec![];
    for e in std::fs::read_dir(root.join("services")).unwrap() {
        let dir = e.unwrap().path();
        let crate_name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files = vec![];
        rust_files(&dir.join("src"), &mut files);
        for f in files {
            let source = std::fs::read_to_string(&f).unwrap();
            for t in trespasses(&map, &crate_name, &source) {
                failures.push(format!("{}: {t}", f.strip_prefix(&root).unwrap().display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "queries of another crate's tables that docs/architecture.md does not list:\n{}",
        failures.join("\n")
    );
}

/// The check catches a planted query: notifications reading identity's
/// sessions, which no line of the page allows.
#[test]
fn a_planted_cross_crate_query_is_caught() {
    let map = read_map(&std::fs::read_to_string(root().join("docs/architecture.md")).unwrap());
    let planted = r#"sqlx::query!("select count(*) from sessions where revoked_at is null")"#;
    let found = trespasses(&map, "notifications", planted);
    assert_eq!(found, ["line 1: sessions (owned by identity)"]);
    // Its own tables are its own.
    assert!(trespasses(&map, "identity", planted).is_empty());
}
