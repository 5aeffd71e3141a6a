//! Logs and metrics. Every request gets a span with its request id, method,
//! matched route (never the raw path, which may hold tokens) and tenant slug;
//! Prometheus figures are served on a separate listener.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};
use prometheus::{
    HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

/// Starts the global subscriber: "json" for collectors, anything else for a terminal.
pub fn init_tracing(format: &str, filter: &str) {
    use tracing_subscriber::{EnvFilter, fmt, prelude::*};
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(filter));
    let registry = tracing_subscriber::registry().with(filter);
    let result = if format == "json" {
        registry
            .with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init()
    } else {
        registry.with(fmt::layer().compact()).try_init()
    };
    // A second init (tests start several apps in one process) keeps the first.
    let _ = result;
}

/// The process's Prometheus figures.
pub struct Metrics {
    pub registry: Registry,
    pub http_requests: IntCounterVec,
    pub http_duration: HistogramVec,
    pub cache: IntCounterVec,
    pub redis_errors: IntCounter,
    pub pool_connections: IntGaugeVec,
    pub registry_tenants: IntGauge,
    /// Mail: messages sent, retried after a temporary failure, parked for good; due messages waiting.
    pub mail_sent: IntCounter,
    pub mail_retried: IntCounter,
    pub mail_parked: IntCounter,
    pub outbox_backlog: IntGauge,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new();
        let http_requests = IntCounterVec::new(
            Opts::new(
                "infitah_http_requests_total",
                "HTTP requests answered, by matched route, method and status",
            ),
            &["route", "method", "status"],
        )
        .expect("metric");
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "infitah_http_request_duration_seconds",
                "Time to answer, by matched route, method and status",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["route", "method", "status"],
        )
        .expect("metric");
        let cache = IntCounterVec::new(
            Opts::new(
                "infitah_cache_requests_total",
                "Cache look-ups by cache and result",
            ),
            &["cache", "result"],
        )
        .expect("metric");
        let redis_errors = IntCounter::new(
            "infitah_redis_errors_total",
            "Redis commands that failed or timed out (and were bypassed)",
        )
        .expect("metric");
        let pool_connections = IntGaugeVec::new(
            Opts::new(
                "infitah_db_pool_connections",
                "PostgreSQL pool connections by state",
            ),
            &["state"],
        )
        .expect("metric");
        let registry_tenants = IntGauge::new(
            "infitah_registry_collectivities",
            "Collectivities in this replica's registry snapshot",
        )
        .expect("metric");
        let mail_sent = IntCounter::new(
            "infitah_mail_sent_total",
            "E-mails accepted by the SMTP relay",
        )
        .expect("metric");
        let mail_retried = IntCounter::new(
            "infitah_mail_retried_total",
            "E-mail attempts that failed temporarily and will be retried",
        )
        .expect("metric");
        let mail_parked = IntCounter::new(
            "infitah_mail_parked_total",
            "E-mails given up on (permanent failure or too many attempts)",
        )
        .expect("metric");
        let outbox_backlog =
            IntGauge::new("infitah_outbox_backlog", "Messages waiting in the outbox")
                .expect("metric");
        for c in [
            Box::new(http_requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(http_duration.clone()),
            Box::new(cache.clone()),
            Box::new(redis_errors.clone()),
            Box::new(pool_connections.clone()),
            Box::new(registry_tenants.clone()),
            Box::new(mail_sent.clone()),
            Box::new(mail_retried.clone()),
            Box::new(mail_parked.clone()),
            Box::new(outbox_backlog.clone()),
        ] {
            registry.register(c).expect("metric registration");
        }
        Metrics {
            registry,
            http_requests,
            http_duration,
            cache,
            redis_errors,
            pool_connections,
            registry_tenants,
            mail_sent,
            mail_retried,
            mail_parked,
            outbox_backlog,
        }
    }

    pub fn render(&self) -> String {
        TextEncoder::new()
            .encode_to_string(&self.registry.gather())
            .unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Middleware: counts and times each request by its matched route.
pub async fn track(State(state): State<crate::AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    tracing::Span::current().record("route", route.as_str());
    let method = req.method().as_str().to_owned();
    let start = Instant::now();
    let mut response = next.run(req).await;
    response
        .extensions_mut()
        .insert(crate::fastpath::RouteLabel(route.clone()));
    let status = response.status().as_u16().to_string();
    let labels = [route.as_str(), method.as_str(), status.as_str()];
    state.metrics.http_requests.with_label_values(&labels).inc();
    state
        .metrics
        .http_duration
        .with_label_values(&labels)
        .observe(start.elapsed().as_secs_f64());
    response
}
