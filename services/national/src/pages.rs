//! The public national pages: the nation, a region, a province or
//! prefecture (each an *area*: its figures, its spread, its parts compared,
//! its process stages, pillars and months), and a collectivity's national
//! card (its programme, where it stands in its province, region and the
//! nation, its published projects). Tables sort on the server through the
//! query string (`?sort=median&dir=desc`), so they work without script.
//! Anonymous views are cached under the national version; signed-in views
//! are rendered for their viewer from the same cached data.

use std::{cmp::Ordering, future::Future};

use askama::Template;
use axum::{
    extract::{Path, Query},
    response::{IntoResponse, Response},
};
use infitah_plans::pages::{StageView, stage_views};
use infitah_platform::texts::{Text, month_label};
use infitah_platform::{
    AppError, AppResult, AppState,
    cache::{CacheKey, CachedPage},
    content::NATIONAL_ROLLUP,
    i18n::{Lang, Tr},
    types::TenantId,
    web::{Shell, html_page},
};
use serde::Deserialize;
use time::Date;
use uuid::Uuid;

use crate::{
    NationalPage,
    charts::{self, percent},
    rollup::{self, Area, AreaStats, Collectivity, MonthPoint, STAGES, Snapshot},
};

mod sorting;
pub use sorting::*;
mod views;
pub use views::*;
mod area;
pub use area::*;
mod collectivity;
pub use collectivity::*;

// ---------------------------------------------------------------------------
// Caching and the shell.

/// Renders through the page cache for anonymous visitors (keyed by the
/// national version, the registry, the hour, the language and the page with
/// its canonical sort); afresh for a signed-in viewer.
pub async fn respond<F, Fut>(
    page: &NationalPage,
    version: crate::Reading,
    key: &str,
    render: F,
) -> AppResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = AppResult<CachedPage>>,
{
    let state = &page.state;
    if page.viewer.is_some() {
        return Ok(render().await?.into_response());
    }
    let fp = version.fingerprint;
    let key = CacheKey::national(&[
        "nat",
        &version.content.to_string(),
        &format!("{fp:016x}"),
        &crate::hour_key(),
        page.lang.code(),
        key,
    ]);
    let mut resp = state
        .pages
        .get_or_render(&state.redis, &state.metrics, key, render)
        .await?
        .into_response();
    resp.extensions_mut()
        .insert(infitah_platform::fastpath::Cacheable {
            tenant: NATIONAL_ROLLUP,
            version: Some(version.content),
            fingerprint: fp,
        });
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_columns_sort() {
        let cols = PART_COLUMNS;
        let default = Sort {
            key: "name",
            desc: false,
        };
        let q = SortQuery {
            sort: Some("median".into()),
            dir: None,
            page: None,
        };
        assert_eq!(
            Sort::parse(&q, cols, default),
            Sort {
                key: "median",
                desc: true
            }
        );
        let q = SortQuery {
            sort: Some("<script>".into()),
            dir: Some("desc".into()),
            page: None,
        };
        assert_eq!(Sort::parse(&q, cols, default), default);
        assert_eq!(crate::charts::esc("a<b"), "a&lt;b");
    }
}
