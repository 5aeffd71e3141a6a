//! The area tables' sort orders: by name, by progress, by lateness…, as
//! the query string asks, each column's link to sort by it.

use super::*;

#[derive(Deserialize, Default)]
pub struct SortQuery {
    pub(super) sort: Option<String>,
    pub(super) dir: Option<String>,
    /// The page of a long table (`/manage/gap`), from 1.
    pub page: Option<String>,
}

/// A validated sort: one of the table's columns, and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: &'static str,
    pub desc: bool,
}

impl Sort {
    /// Only known columns: anything else is the default (and one cache entry).
    /// `columns` as the tables declare them: (key, descending by default, label id).
    pub fn parse(q: &SortQuery, columns: &[(&'static str, bool, &str)], default: Sort) -> Sort {
        let Some(&(key, desc_first, _)) = q
            .sort
            .as_deref()
            .and_then(|s| columns.iter().find(|(k, _, _)| *k == s))
        else {
            return default;
        };
        let desc = match q.dir.as_deref() {
            Some("asc") => false,
            Some("desc") => true,
            _ => desc_first,
        };
        Sort { key, desc }
    }
    pub fn cache_part(&self) -> String {
        format!("{}.{}", self.key, if self.desc { "desc" } else { "asc" })
    }
}

/// A column header: its label, and the link that sorts by it.
pub struct Head {
    pub label: String,
    pub href: String,
    /// `ascending`/`descending` on the sorted column (aria-sort).
    pub aria_sort: Option<&'static str>,
    pub hint: String,
    pub numeric: bool,
    /// ▲ or ▼ on the sorted column, nothing elsewhere.
    pub mark: &'static str,
}

/// The headers of a sortable table.
pub fn heads_for(
    tr: &Tr,
    base: &str,
    anchor: &str,
    columns: &[(&'static str, bool, &str)],
    sort: Sort,
) -> Vec<Head> {
    columns
        .iter()
        .map(|(key, numeric, label_id)| {
            let label = tr.t(label_id);
            let current = sort.key == *key;
            // Numbers sort largest first, names in order; a second click turns it round.
            let desc = if current { !sort.desc } else { *numeric };
            Head {
                href: format!(
                    "{base}?sort={key}&dir={}#{anchor}",
                    if desc { "desc" } else { "asc" }
                ),
                aria_sort: current.then_some(if sort.desc { "descending" } else { "ascending" }),
                hint: if current {
                    tr.t(if sort.desc {
                        "nat-sorted-desc"
                    } else {
                        "nat-sorted-asc"
                    })
                } else {
                    tr.s("nat-sort-by", &label)
                },
                label,
                numeric: *numeric,
                mark: match (current, sort.desc) {
                    (false, _) => "",
                    (true, true) => "▼",
                    (true, false) => "▲",
                },
            }
        })
        .collect()
}

pub(super) fn cmp_f(a: Option<f64>, b: Option<f64>) -> Ordering {
    // "No programme" (None) always sorts last, whichever the direction.
    match (a, b) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
