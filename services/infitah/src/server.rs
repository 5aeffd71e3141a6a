//! The HTTP server: every service's router behind one stack of layers
//! (request id, trace span, security headers, time-out, host resolution),
//! the national space on the base domain, collectivities on their hosts,
//! Prometheus on its own listener, and a graceful shutdown.

use std::{net::SocketAddr, time::Duration};

use axum::{
    Router,
    extract::Request,
    http::{HeaderName, StatusCode},
    middleware::from_fn_with_state,
    response::IntoResponse,
    routing::get,
};
use infitah_platform::{
    AppState,
    config::Settings,
    migrate::catalog_problems,
    telemetry,
    tenancy::{Site, resolve_site},
    web,
};
use secrecy::ExposeSecret;
use sqlx::{Connection, PgConnection};
use tokio::{net::TcpListener, sync::watch};
use tower::ServiceExt;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::{Level, field::Empty};

use crate::cli::Service;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Every service's messages.
pub fn catalogs() -> Vec<&'static infitah_platform::i18n::Catalog> {
    vec![
        &infitah_identity::CATALOG,
        &infitah_plans::CATALOG,
        &infitah_notifications::CATALOG,
        &infitah_consultation::CATALOG,
        &infitah_national::CATALOG,
        &infitah_national::opendata::CATALOG,
    ]
}

/// The sections the services running here add to the plans pages, in page order.
pub fn addons(services: &[Service]) -> infitah_platform::addons::Addons {
    let mut project: Vec<std::sync::Arc<dyn infitah_platform::addons::ProjectAddon>> = Vec::new();
    let mut staff: Vec<std::sync::Arc<dyn infitah_platform::addons::StaffWork>> = Vec::new();
    if services.contains(&Service::Plans) {
        staff.push(std::sync::Arc::new(infitah_plans::staff_work::PlanWork));
    }
    if services.contains(&Service::Consultation) {
        staff.push(std::sync::Arc::new(
            infitah_consultation::staff_work::ParticipationWork,
        ));
        project.push(std::sync::Arc::new(infitah_consultation::ConsultationAddon));
        project.push(std::sync::Arc::new(infitah_consultation::ideas::IdeasAddon));
    }
    if services.contains(&Service::Notifications) {
        project.push(std::sync::Arc::new(infitah_notifications::FollowAddon));
    }
    // Personal data is never left to the choice of services: a process that
    // serves only identity still exports and erases everything a person has.
    let personal: Vec<std::sync::Arc<dyn infitah_platform::addons::PersonalData>> = vec![
        std::sync::Arc::new(infitah_consultation::personal::Contributions),
        std::sync::Arc::new(infitah_notifications::personal::Subscriptions),
    ];
    infitah_platform::addons::Addons {
        project,
        personal,
        staff,
    }
}

/// The whole application router for these services.
pub fn app(state: AppState, services: &[Service]) -> Router {
    let identity = infitah_identity::IdentityState::new(&state);
    let mut tenant_routes = web::router();
    for s in services {
        tenant_routes = tenant_routes.merge(match s {
            Service::Identity => infitah_identity::router(&identity),
            Service::Plans => infitah_plans::router(),
            Service::Consultation => infitah_consultation::router(),
            Service::Notifications => infitah_notifications::router(),
        });
    }
    // The API document (of every service: see `openapi::document`).
    tenant_routes = tenant_routes.merge(crate::openapi::router());
    // A collectivity's open data, beside its programme.
    if services.contains(&Service::Plans) {
        tenant_routes = tenant_routes.merge(infitah_national::opendata::tenant_router());
    }
    // Accounts exist on every site, the national space included (national managers).
    let national_routes = web::router().merge(infitah_national::router(&state)).merge(
        if services.contains(&Service::Identity) {
            infitah_identity::router(&identity)
        } else {
            Router::new()
        },
    );
    // Sessions and CSRF are infrastructure: whatever services run, a session
    // is resolved and every state-changing request is checked.
    let finish = |routes: Router<AppState>| -> Router {
        routes
            // Inside the guard: text is checked once a request may change something.
            .layer(from_fn_with_state(
                state.clone(),
                infitah_platform::text::clean_input,
            ))
            .layer(from_fn_with_state(
                state.clone(),
                infitah_identity::csrf_guard,
            ))
            .layer(from_fn_with_state(
                state.clone(),
                infitah_identity::load_viewer,
            ))
            .layer(from_fn_with_state(state.clone(), telemetry::track))
            .with_state(state.clone())
    };
    let (tenant_routes, national_routes) = (finish(tenant_routes), finish(national_routes));

    // The national space and the collectivities are two routers; the host decides.
    let dispatch = tower::service_fn(move |req: Request| {
        let (national, tenant) = (national_routes.clone(), tenant_routes.clone());
        async move {
            match req.extensions().get::<Site>() {
                Some(Site::National(_)) => national.oneshot(req).await,
                _ => tenant.oneshot(req).await,
            }
        }
    });
    let sites = Router::new()
        .fallback_service(dispatch)
        .layer(from_fn_with_state(state.clone(), web::html_errors))
        .layer(from_fn_with_state(state.clone(), resolve_site));

    let mut router = web::health_router().with_state(state.clone()).merge(sites);
    for (name, value) in web::security_headers() {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(state.settings.request_timeout_secs),
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", request_id = %id, method = %req.method(), route = Empty, tenant = Empty)
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
        // Who may store each answer (private, no-store unless public for
        // everyone): around everything, timeouts and errors included, and
        // inside the fast path so that replays carry the same headers.
        .layer(axum::middleware::from_fn(
            infitah_platform::privacy::cache_policy,
        ))
        // Outermost: a replayed page needs no timer, span or routing; it carries
        // the security headers it was stored with, and a request id of its own.
        .layer(from_fn_with_state(
            state.clone(),
            infitah_platform::fastpath::fast_path,
        ))
}

/// Refuses to serve with a role that could see past row-level security, or
/// with role URLs that do not all reach the same database.
pub async fn preflight(settings: &Settings, worker: bool) -> anyhow::Result<()> {
    if settings.https() && settings.uses_development_secret() {
        anyhow::bail!(
            "refusing to serve over https with the development secret_key: set INFITAH_SECRET_KEY to a random value of at least 32 characters"
        );
    }
    let mut conn = app_connection(settings).await?;
    let problems = catalog_problems(&mut conn).await?;
    // Not a reason to refuse, but the statistics would never follow a
    // collectivity's growth (migrations/0011) and tables would bloat.
    let autovacuum: String = sqlx::query_scalar("select current_setting('autovacuum')")
        .fetch_one(&mut conn)
        .await?;
    if autovacuum != "on" {
        tracing::warn!(
            "PostgreSQL's autovacuum is off: query plans will go wrong as collectivities grow (see docs/operations.md); turn it on"
        );
    }
    let reached = database_identity(&mut conn).await?;
    conn.close().await.ok();
    if !problems.is_empty() {
        anyhow::bail!(
            "refusing to serve: the database role of database_url is not confined by row-level security:\n  - {}\n\
             Connect as infitah_app (created by `infitah migrate`).",
            problems.join("\n  - ")
        );
    }
    let mut others = vec![("database_national_url", &settings.database_national_url)];
    if worker {
        others.push(("database_worker_url", &settings.database_worker_url));
    }
    if !settings.database_listen_url.expose_secret().is_empty() {
        others.push(("database_listen_url", &settings.database_listen_url));
    }
    same_database(&reached, &others).await
}

/// One connection as `database_url`'s role, for the start-up checks.
async fn app_connection(settings: &Settings) -> anyhow::Result<PgConnection> {
    PgConnection::connect(settings.database_url.expose_secret())
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect with database_url: {e}"))
}

/// Which database a connection reached: the cluster's system identifier (the
/// same through PgBouncer or another host name) and the database's name.
async fn database_identity(conn: &mut PgConnection) -> anyhow::Result<(i64, String)> {
    Ok(sqlx::query_as(
        "select (select system_identifier from pg_control_system()), current_database()::text",
    )
    .fetch_one(conn)
    .await?)
}

/// Every role's URL must reach the database `database_url` reached: a role
/// pointed elsewhere (another database, another server) would make the
/// national pages or the mail worker fail later with nothing saying why.
async fn same_database(
    expected: &(i64, String),
    urls: &[(&str, &secrecy::SecretString)],
) -> anyhow::Result<()> {
    for (key, url) in urls {
        let connect = PgConnection::connect(url.expose_secret());
        let mut conn = tokio::time::timeout(Duration::from_secs(10), connect)
            .await
            .map_err(|_| {
                anyhow::anyhow!(
                    "refusing to start: cannot connect with {key} (no answer within 10 s)"
                )
            })?
            .map_err(|e| anyhow::anyhow!("refusing to start: cannot connect with {key}: {e}"))?;
        let got = database_identity(&mut conn).await?;
        conn.close().await.ok();
        if got.1 != expected.1 {
            anyhow::bail!(
                "refusing to start: {key} reaches the database «{}», not «{}» as database_url does; \
                 point it at the same database, or leave it empty to derive it from database_url",
                got.1,
                expected.1
            );
        }
        if got.0 != expected.0 {
            anyhow::bail!(
                "refusing to start: {key} reaches a database «{}» on another PostgreSQL server than database_url; \
                 point it at the same server, or leave it empty to derive it from database_url",
                got.1
            );
        }
    }
    Ok(())
}

/// A running server, for tests and for `serve`.
pub struct Running {
    pub addr: SocketAddr,
    pub metrics_addr: SocketAddr,
    pub state: AppState,
    shutdown: watch::Sender<bool>,
    done: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Stops accepting, lets in-flight requests finish (within the grace period), returns.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.shutdown.send(true);
        self.done.await?
    }
    /// Waits until the server stops by itself (a signal).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.done.await?
    }
}

/// The Prometheus listener's one route: the registry's metrics, with the
/// pool's and the registry's gauges read at the moment of the scrape.
fn metrics_router(metrics_state: AppState) -> Router {
    Router::new().route(
        "/metrics",
        get(move || {
            let s = metrics_state.clone();
            async move {
                let (size, idle) = s.db.pool_stats();
                s.metrics
                    .pool_connections
                    .with_label_values(&["open"])
                    .set(size as i64);
                s.metrics
                    .pool_connections
                    .with_label_values(&["idle"])
                    .set(idle as i64);
                s.metrics
                    .registry_tenants
                    .set(s.directory.snapshot().len() as i64);
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4",
                    )],
                    s.metrics.render(),
                )
                    .into_response()
            }
        }),
    )
}

/// Checks the catalog, loads the registry and starts both listeners.
/// `worker` also runs the mail worker in this process (`serve` does unless `--no-worker`).
pub async fn start(
    settings: Settings,
    services: &[Service],
    worker: bool,
) -> anyhow::Result<Running> {
    preflight(&settings, worker).await?;
    let state = AppState::new(settings, &catalogs())?.with_addons(addons(services));
    state.directory.reload().await?;
    // One signal stops everything: the listeners first (so the pool's closing
    // does not look like a lost connection), then the server and the worker.
    let (tx, rx) = watch::channel(false);
    let followers = [
        tokio::spawn(state.versions.clone().keep_fresh(rx.clone())),
        tokio::spawn(state.directory.clone().keep_fresh(
            Duration::from_secs(state.settings.registry_refresh_secs),
            rx.clone(),
        )),
    ];
    if !state.versions.listening(Duration::from_secs(5)).await {
        tracing::warn!("not yet listening for content changes; starting anyway");
    }

    let listener = TcpListener::bind(state.settings.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", state.settings.listen))?;
    let metrics_listener = TcpListener::bind(state.settings.metrics_listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", state.settings.metrics_listen))?;
    let (addr, metrics_addr) = (listener.local_addr()?, metrics_listener.local_addr()?);

    let app = app(state.clone(), services);
    let metrics_app = metrics_router(state.clone());
    let grace = Duration::from_secs(state.settings.shutdown_grace_secs);
    let stopping = {
        let mut rx = rx.clone();
        async move {
            let _ = rx.wait_for(|v| *v).await;
        }
    };
    let mail_worker = if worker {
        Some(tokio::spawn(infitah_notifications::worker::run(
            infitah_notifications::worker::WorkerConfig::from_settings(&state.settings),
            infitah_notifications::worker::connect_lazy(&state.settings)?,
            state.directory.clone(),
            state.clone(),
            state.metrics.clone(),
            rx.clone(),
        )))
    } else {
        None
    };
    let done = tokio::spawn(async move {
        let mut rx2 = rx.clone();
        let metrics =
            axum::serve(metrics_listener, metrics_app).with_graceful_shutdown(async move {
                let _ = rx2.wait_for(|v| *v).await;
            });
        tokio::spawn(async move {
            if let Err(e) = metrics.await {
                tracing::error!(error = %e, "metrics listener failed");
            }
        });
        let server = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stopping);
        let mut rx3 = rx.clone();
        tokio::select! {
            r = server => r?,
            _ = async move { let _ = rx3.wait_for(|v| *v).await; tokio::time::sleep(grace).await } => {
                tracing::warn!("grace period over; closing the remaining connections");
            }
        }
        for f in followers {
            let _ = f.await;
        }
        // The worker finishes the message in hand and gives the rest back.
        if let Some(w) = mail_worker {
            match tokio::time::timeout(grace, w).await {
                Ok(Ok(Err(e))) => {
                    tracing::error!(error = %format!("{e:#}"), "mail worker stopped with an error")
                }
                Ok(Err(e)) => tracing::error!(error = %e, "mail worker panicked"),
                Err(_) => tracing::warn!("mail worker did not stop within the grace period"),
                Ok(Ok(Ok(()))) => {}
            }
        }
        Ok(())
    });
    tracing::info!(%addr, %metrics_addr, "serving");
    Ok(Running {
        addr,
        metrics_addr,
        state,
        shutdown: tx,
        done,
    })
}

/// `infitah serve`: runs until SIGTERM or Ctrl-C.
pub async fn serve(settings: Settings, services: &[Service], worker: bool) -> anyhow::Result<()> {
    let base = settings.base_domain.clone();
    let running = start(settings, services, worker).await?;
    let port = running.addr.port();
    println!("infitah is serving on {}", running.addr);
    println!("  national space:     http://{base}:{port}/");
    println!("  Commune of Kénitra: http://kenitra.{base}:{port}/");
    println!(
        "  metrics:            http://{}/metrics",
        running.metrics_addr
    );
    let shutdown = running.shutdown.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing in-flight requests");
        let _ = shutdown.send(true);
    });
    let state = running.state.clone();
    running.wait().await?;
    state.db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// `infitah worker`: the mail worker alone, until SIGTERM or Ctrl-C.
pub async fn worker(settings: Settings) -> anyhow::Result<()> {
    let mut conn = app_connection(&settings).await?;
    let reached = database_identity(&mut conn).await?;
    conn.close().await.ok();
    same_database(
        &reached,
        &[("database_worker_url", &settings.database_worker_url)],
    )
    .await?;
    let state = AppState::new(settings, &catalogs())?;
    state.directory.reload().await?;
    let (tx, rx) = watch::channel(false);
    tokio::spawn(state.directory.clone().keep_fresh(
        Duration::from_secs(state.settings.registry_refresh_secs),
        rx.clone(),
    ));
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing the message in hand");
        let _ = tx.send(true);
    });
    println!("infitah worker: delivering mail through the configured SMTP relay");
    infitah_notifications::worker::run(
        infitah_notifications::worker::WorkerConfig::from_settings(&state.settings),
        infitah_notifications::worker::connect_lazy(&state.settings)?,
        state.directory.clone(),
        state.clone(),
        state.metrics.clone(),
        rx,
    )
    .await
}
