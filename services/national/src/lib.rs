//! The national space, on the base domain: progress of every collectivity's
//! openness programme compared nationally, then by region, by province or
//! prefecture, and commune by commune (drilling down and back up), with
//! server-drawn charts beside sortable tables; and, for national managers
//! signed in, working lists (collectivities whose progress has stalled).
//!
//! Everything here is read through the `infitah_national` role — a
//! read-only role that sees every collectivity through SELECT policies —
//! from summaries the database keeps current (`migrations/0007_national.sql`).
//! Reads are cached twice: the data (one snapshot per national version) and
//! the rendered pages (in process, then Redis), both keyed by the national
//! version, which is the sum of every collectivity's content version — so a
//! change anywhere is visible on the next read.
//!
//! `synth` fills the whole country with deterministic demo programmes
//! (`infitah demo --national-scale`).

pub mod catalogues;
pub mod charts;
pub mod manage;
pub mod opendata;
pub mod pages;
pub mod reports;
pub mod rollup;

use std::{ops::Deref, sync::Arc, time::Duration};

use axum::{
    Router,
    extract::{FromRef, FromRequestParts},
    http::request::Parts,
    routing::get,
};
use infitah_platform::{
    AppError, AppResult, AppState, Page, config::Settings, i18n::Catalog, tenancy::Site,
};

use crate::rollup::{NationalDb, Snapshot};

pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/ar.ftl"),
    fr: include_str!("../locales/fr.ftl"),
    en: include_str!("../locales/en.ftl"),
};

/// The national space's own state: the national role's pool and the
/// snapshots of the roll-ups.
pub struct National {
    pub db: NationalDb,
    snapshots: Option<moka::future::Cache<String, Arc<Snapshot>>>,
}

impl National {
    /// With `page_cache_entries = 0` nothing is cached here either (the
    /// benchmark's "uncached" server).
    pub fn new(settings: &Settings) -> Self {
        let max = settings.database_max_connections.clamp(2, 8);
        National {
            db: NationalDb::connect_lazy(&settings.database_national_url, max),
            snapshots: (settings.page_cache_entries > 0).then(|| {
                moka::future::Cache::builder()
                    .max_capacity(4)
                    .time_to_live(Duration::from_secs(settings.page_cache_ttl_secs.max(1)))
                    .build()
            }),
        }
    }

    /// What the national data is at for this request: the national version
    /// (known in memory, or derived from the database once after any
    /// collectivity's change, see `content::NATIONAL_ROLLUP`) and the
    /// fingerprint of the registry the request was resolved with (names,
    /// catalogue labels: what moves the registry, not the content versions).
    pub async fn version(&self, state: &AppState, site: &Site) -> AppResult<Reading> {
        let fingerprint = site.scope().registry_fingerprint;
        let (known, epoch) = state.versions.national();
        if let Some(content) = known {
            return Ok(Reading {
                content,
                fingerprint,
            });
        }
        let mut tx = self.db.read().await?;
        let content = rollup::content_version(&mut tx).await?;
        tx.commit().await?;
        state.versions.note_national(epoch, content);
        Ok(Reading {
            content,
            fingerprint,
        })
    }

    /// The roll-ups for this reading (read once, shared by every page and
    /// every concurrent request that needs them).
    pub async fn snapshot(&self, version: Reading) -> AppResult<Arc<Snapshot>> {
        let load = async {
            let mut tx = self.db.read().await?;
            let s = rollup::load(&mut tx).await?;
            tx.commit().await?;
            anyhow::Ok(Arc::new(s))
        };
        match &self.snapshots {
            None => Ok(load.await?),
            Some(cache) => cache
                .try_get_with(
                    format!(
                        "{}:{:016x}:{}",
                        version.content,
                        version.fingerprint,
                        hour_key()
                    ),
                    load,
                )
                .await
                .map_err(|e| AppError::Internal(anyhow::anyhow!("national roll-ups: {e:#}"))),
        }
    }
}

/// The version of what the national pages show (see [`National::version`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub content: i64,
    pub fingerprint: u64,
}

/// The UTC hour: keys caches, so that what depends on the date ("late", "for
/// 90 days") is read again at least hourly even when nothing is written.
pub fn hour_key() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!("{}T{:02}", now.date(), now.hour())
}

/// The national routes' state: the app's, and the national space's own.
#[derive(Clone)]
pub struct NationalState {
    pub app: AppState,
    pub national: Arc<National>,
}

impl FromRef<NationalState> for AppState {
    fn from_ref(s: &NationalState) -> AppState {
        s.app.clone()
    }
}

/// A page of the national space (on a collectivity's host: 404), with the
/// national data it is drawn from.
pub struct NationalPage {
    pub page: Page,
    pub national: Arc<National>,
}

impl NationalPage {
    /// What the national data is at, and its roll-ups.
    pub async fn reading(&self) -> AppResult<(Reading, Arc<Snapshot>)> {
        let version = self
            .national
            .version(&self.page.state, &self.page.site)
            .await?;
        Ok((version, self.national.snapshot(version).await?))
    }
}

impl Deref for NationalPage {
    type Target = Page;
    fn deref(&self) -> &Page {
        &self.page
    }
}

impl FromRequestParts<NationalState> for NationalPage {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &NationalState) -> AppResult<Self> {
        let page = Page::from_request_parts(parts, state).await?;
        if !page.site.is_national() {
            return Err(AppError::NotFound);
        }
        Ok(NationalPage {
            page,
            national: state.national.clone(),
        })
    }
}

/// The national space's routes. Replaces the platform's national pages
/// (`/` and `/regions/{slug}` keep their addresses).
pub fn router(state: &AppState) -> Router<AppState> {
    let national = Arc::new(National::new(&state.settings));
    Router::new()
        .route("/", get(pages::nation))
        .route("/regions/{slug}", get(pages::region))
        .route("/provinces/{slug}", get(pages::province))
        .route("/collectivities/{slug}", get(pages::collectivity))
        .route("/manage", get(manage::home))
        .route("/manage/stale", get(manage::stale_page))
        .route("/manage/participation", get(reports::participation_page))
        .route("/manage/gap", get(reports::gap_page))
        .route("/manage/gap.csv", get(reports::gap_csv))
        .merge(opendata::router())
        .merge(catalogues::router())
        .with_state(NationalState {
            app: state.clone(),
            national,
        })
}
