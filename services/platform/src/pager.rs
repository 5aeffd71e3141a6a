//! Links between the pages of a long list — a consultation's threads, the
//! national gap report — so that no page is tens of thousands of pixels
//! long on a phone: the page asked for (`?page=`), kept within the list, and
//! the first, previous, next and last pages' addresses.

use crate::i18n::Tr;

/// The pager under a list, when it has more than one page.
#[derive(Debug)]
pub struct Pager {
    /// "Page 2 of 15".
    pub label: String,
    pub first: Option<String>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

/// How many pages `total` items make, `per_page` to a page (at least one).
pub fn pages(total: usize, per_page: usize) -> u32 {
    total.div_ceil(per_page.max(1)).max(1) as u32
}

/// The page a request asks for: a number from 1 to `pages`; anything else
/// (missing, not a number, out of range) is the nearest page there is, so a
/// link kept from a longer list still leads somewhere.
pub fn page_asked(raw: Option<&str>, pages: u32) -> u32 {
    match raw.map(str::trim).and_then(|s| s.parse::<u64>().ok()) {
        Some(n) => n.clamp(1, pages.max(1) as u64) as u32,
        None => 1,
    }
}

impl Pager {
    /// The links of page `page` of `pages`; `href` makes a page's address.
    pub fn new(tr: &Tr, page: u32, pages: u32, href: impl Fn(u32) -> String) -> Option<Pager> {
        (pages > 1).then(|| {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("page", tr.number(page.into()));
            args.set("pages", tr.number(pages.into()));
            Pager {
                label: tr.args("pager-page-of", &args),
                first: (page > 2).then(|| href(1)),
                prev: (page > 1).then(|| href(page - 1)),
                next: (page < pages).then(|| href(page + 1)),
                last: (page + 1 < pages).then(|| href(pages)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_asked_is_always_one_there_is() {
        assert_eq!(pages(0, 50), 1);
        assert_eq!(pages(743, 50), 15);
        assert_eq!(page_asked(None, 15), 1);
        assert_eq!(page_asked(Some("3"), 15), 3);
        assert_eq!(page_asked(Some("0"), 15), 1);
        assert_eq!(page_asked(Some("99999999999999999999"), 15), 1);
        assert_eq!(page_asked(Some("400"), 15), 15);
        assert_eq!(page_asked(Some("abc"), 15), 1);
        assert_eq!(page_asked(Some("-2"), 15), 1);
    }
}
