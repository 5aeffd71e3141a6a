//! The application state every handler receives: one `Arc`, cloned per request.

use std::{ops::Deref, sync::Arc, time::Duration};

use crate::{
    cache::{PageCache, Redis},
    config::Settings,
    db::Db,
    i18n::{Catalog, I18n},
    telemetry::Metrics,
    tenancy::TenantDirectory,
    throttle::Throttle,
};

pub struct App {
    pub settings: Settings,
    pub db: Db,
    pub directory: Arc<TenantDirectory>,
    pub versions: Arc<crate::content::ContentVersions>,
    pub redis: Redis,
    pub pages: PageCache,
    pub i18n: I18n,
    pub metrics: Arc<Metrics>,
    pub throttle: Throttle,
    pub fast: crate::fastpath::FastPath,
    /// Sections other services add to the plans pages (see [`crate::addons`]).
    pub addons: crate::addons::Addons,
}

#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl AppState {
    /// Builds the state. Nothing here waits for PostgreSQL or Redis: both
    /// connect lazily, and `/readyz` tells whether they answer.
    pub fn new(settings: Settings, catalogs: &[&Catalog]) -> anyhow::Result<Self> {
        let metrics = Arc::new(Metrics::new());
        let db = Db::connect_lazy(&settings.database_url, settings.database_max_connections)?
            .with_listen_url(&settings.database_listen_url)?;
        let redis = Redis::new(
            &settings.redis_url,
            Duration::from_millis(settings.redis_timeout_ms),
            Duration::from_secs(settings.redis_warn_interval_secs),
            metrics.clone(),
        );
        let pages = PageCache::new(
            settings.page_cache_entries,
            Duration::from_secs(settings.page_cache_ttl_secs),
        );
        let mut all = vec![&crate::CATALOG];
        all.extend_from_slice(catalogs);
        Ok(AppState(Arc::new(App {
            directory: Arc::new(TenantDirectory::new(db.clone())),
            versions: Arc::new(crate::content::ContentVersions::new(db.clone())),
            db,
            redis,
            pages,
            i18n: I18n::new(&all)?,
            metrics: metrics.clone(),
            throttle: Throttle::new(),
            fast: crate::fastpath::FastPath::new(
                settings.page_cache_entries,
                Duration::from_secs(settings.page_cache_ttl_secs),
                &metrics,
            ),
            settings,
            addons: Default::default(),
        })))
    }

    /// Adds the sections of the services this process runs; called once,
    /// while composing, before the state is shared.
    pub fn with_addons(mut self, addons: crate::addons::Addons) -> Self {
        Arc::get_mut(&mut self.0)
            .expect("addons are set before the state is shared")
            .addons = addons;
        self
    }
}
