//! The mail worker: delivers what the outbox holds, at least once, and tells
//! apart what is worth retrying from what never will be.
//!
//! Every `poll` it claims up to `batch` due rows (`pending` and
//! `next_attempt_at <= now()`) with `for update skip locked`, in one short
//! statement that also counts the attempt and sets a *lease*
//! (`next_attempt_at = now() + lease`) before it commits: no lock is held
//! while talking to SMTP, several workers (replicas) never take the same row,
//! and a worker that dies mid-batch leaves its rows to be claimed again when
//! the lease runs out. Each message is then rendered, sent, and its row
//! updated:
//!
//! - accepted by the relay: `sent`;
//! - a 4xx reply, a connection error or a time-out: retried after
//!   `min(retry_base · 2^attempts, retry_max)`, with the reason in `last_error`;
//! - a 5xx reply, a payload that cannot be rendered, or `max_attempts`
//!   temporary failures: `parked`, reason kept, for an operator to look at.
//!
//! Every `notify_scan_secs` it also does what time passing calls for (see
//! [`crate::digest`]): consultations that opened or are closing are told to
//! their followers, and due daily and weekly digests are queued — both as
//! outbox rows that the next claims deliver.
//!
//! Notification e-mails get their one-click unsubscribe link here, at send
//! time, from the payload's `account` and `list` and the server's
//! `secret_key` (see [`crate::unsubscribe`]).
//!
//! A crash between the relay's "250 OK" and the update sends the message
//! again after the lease; its `Message-ID` is derived from the outbox row id,
//! so the copy is recognisable. Logs name the outbox id, the collectivity's
//! slug and the kind, never an address, a link or a token.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use infitah_platform::{
    AppState,
    config::Settings,
    i18n::{I18n, Lang},
    telemetry::Metrics,
    tenancy::{Registry, Site, Tenant, TenantDirectory},
    types::{HostName, TenantId},
};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::Mailbox};
use secrecy::{ExposeSecret, SecretString};
use sqlx::{
    PgPool,
    postgres::{PgConnectOptions, PgPoolOptions},
};
use tokio::sync::watch;
use tracing::Instrument;
use uuid::Uuid;

use crate::{
    digest::{self, Schedule},
    outbox::MailKind,
    render::{self, Branding, RenderError},
    unsubscribe::{self, List},
};

mod config;
pub use config::*;

/// The worker's own pool, as `infitah_worker` (`database_worker_url`): the
/// one role that sees every collectivity's outbox, and nothing else.
/// Connects lazily, like the application's pool.
pub fn connect_lazy(settings: &Settings) -> anyhow::Result<PgPool> {
    // The URL may hold a password: the parse error must not repeat it.
    let options: PgConnectOptions = settings
        .database_worker_url
        .expose_secret()
        .parse()
        .map_err(|_| anyhow::anyhow!("database_worker_url is not a valid PostgreSQL URL"))?;
    Ok(PgPoolOptions::new()
        .max_connections(2)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with(options.application_name("infitah-worker")))
}

/// Runs the worker until `shutdown` turns true (or its sender is dropped):
/// the message in hand is finished, the rest of the batch given back at once
/// (not left to its lease), and the function returns. It returns an error
/// only when the configuration is unusable (SMTP URL, From address, lease);
/// database and SMTP failures are logged and retried.
///
/// `pool` connects as `infitah_worker` ([`connect_lazy`]); `directory` is the
/// registry snapshot kept fresh by the server (the worker waits until it has
/// been loaded once); `i18n` must include [`crate::CATALOG`].
pub async fn run(
    cfg: WorkerConfig,
    pool: PgPool,
    directory: Arc<TenantDirectory>,
    i18n: impl Translations,
    metrics: Arc<Metrics>,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    cfg.check()?;
    let from: Mailbox = cfg
        .mail_from
        .parse()
        .map_err(|e| anyhow::anyhow!("mail_from is not a valid mailbox: {e}"))?;
    // The URL may hold credentials: errors must not repeat it.
    let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(cfg.smtp_url.expose_secret())
        .map_err(|_| anyhow::anyhow!("smtp_url is not a valid SMTP URL"))?
        .timeout(Some(cfg.smtp_timeout))
        .build();
    let worker = Worker {
        cfg,
        pool,
        directory,
        i18n,
        metrics,
        mailer,
        from,
    };
    worker.run(&mut shutdown).await;
    Ok(())
}

/// A claimed row.
struct Claimed {
    tenant_id: Uuid,
    id: Uuid,
    recipient: String,
    lang: String,
    kind: String,
    payload: serde_json::Value,
    /// Including this one.
    attempts: i32,
}

/// What became of one attempt.
enum Outcome {
    Sent,
    /// Worth another try; the reason goes to `last_error`.
    Temporary(Failure),
    /// Never worth another try.
    Permanent(Failure),
}

struct Failure {
    /// Stored in the row (may quote the relay, hence the recipient): never logged.
    detail: String,
    /// What the logs may say: the SMTP code or the kind of failure.
    summary: String,
}

impl Failure {
    fn render(e: &RenderError) -> Self {
        // Render errors name fields and kinds, never their values.
        Failure {
            detail: e.to_string(),
            summary: e.to_string(),
        }
    }

    fn smtp(e: &lettre::transport::smtp::Error) -> Self {
        let summary = match e.status() {
            Some(code) => format!("SMTP reply {code}"),
            // Connection, network and TLS errors say nothing of the recipient.
            None if e.is_response() || e.is_client() => "SMTP client or protocol error".into(),
            None => e.to_string(),
        };
        Failure {
            detail: e.to_string(),
            summary,
        }
    }
}

/// Stored reasons are for an operator, not an archive of a relay's prose.
fn clip(s: &str) -> String {
    const MAX: usize = 1000;
    if s.len() <= MAX {
        return s.to_owned();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

struct Worker<T> {
    cfg: WorkerConfig,
    pool: PgPool,
    directory: Arc<TenantDirectory>,
    i18n: T,
    metrics: Arc<Metrics>,
    mailer: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// How often expired personal data is erased (the first time at the first scan).
const RETENTION_EVERY: Duration = Duration::from_secs(3600);

/// True once shutdown was asked for, or nobody is left to ask for it.
fn stopping(shutdown: &watch::Receiver<bool>) -> bool {
    *shutdown.borrow() || shutdown.has_changed().is_err()
}

impl<T: Translations> Worker<T> {
    async fn run(&self, shutdown: &mut watch::Receiver<bool>) {
        tracing::info!(
            batch = self.cfg.batch,
            poll_ms = self.cfg.poll.as_millis() as u64,
            "mail worker started"
        );
        let mut failures = 0u32;
        let mut waiting_for_registry = false;
        // The first scan comes one period after start (a crash loop must not
        // turn into a scan loop).
        let mut last_scan = Instant::now();
        let mut last_retention: Option<Instant> = None;
        while !stopping(shutdown) {
            let mut full = false;
            if last_scan.elapsed() >= self.cfg.schedule.every {
                last_scan = Instant::now();
                self.periodic().await;
                if last_retention.is_none_or(|t| t.elapsed() >= RETENTION_EVERY) {
                    last_retention = Some(Instant::now());
                    self.retention().await;
                }
            }
            if self.nation(&self.directory.snapshot()).is_none() {
                // Before the first load every message would go out unbranded.
                if !waiting_for_registry {
                    tracing::info!("mail worker waiting for the collectivity registry");
                    waiting_for_registry = true;
                }
            } else {
                waiting_for_registry = false;
                self.refresh_backlog().await;
                match self.claim().await {
                    Ok(batch) => {
                        failures = 0;
                        full = batch.len() as i64 >= self.cfg.batch;
                        self.deliver_batch(batch, shutdown).await;
                    }
                    Err(e) => {
                        failures += 1;
                        tracing::warn!(error = %e, "mail worker cannot claim messages; retrying");
                    }
                }
            }
            if full {
                // More may be due right now: no pause while there is a backlog.
                continue;
            }
            let pause = self.cfg.poll * 2u32.pow(failures.min(6));
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = shutdown.changed() => {}
            }
        }
        tracing::info!("mail worker stopped");
    }

    /// What the personal-data notice says is not kept (`infitah_retention`,
    /// migrations/0016): old security events, ended sessions and links, the
    /// record of mails sent long ago. Retried at the next hour on failure.
    async fn retention(&self) {
        match sqlx::query_scalar!(r#"select infitah_retention() as "n!""#)
            .fetch_one(&self.pool)
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, "retention: expired personal data erased"),
            Err(e) => tracing::warn!(error = %e, "retention failed; retrying in an hour"),
        }
    }

    /// Consultation events and digests; failures are logged and retried at the next scan.
    async fn periodic(&self) {
        let now = time::OffsetDateTime::now_utc();
        match digest::run_scans(&self.pool, now, &self.cfg.schedule).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(people = n, "consultation events told to followers"),
            Err(e) => {
                tracing::warn!(error = %e, "consultation scan failed; retrying at the next scan")
            }
        }
        match digest::run_digests(&self.pool, now, &self.cfg.schedule).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(digests = n, "digests queued"),
            Err(e) => tracing::warn!(error = %e, "digests failed; retrying at the next scan"),
        }
    }

    /// The nation's row: its presence tells that the registry was loaded.
    fn nation(&self, reg: &Registry) -> Option<Arc<Tenant>> {
        let host = HostName::parse(&self.cfg.base_domain).ok()?;
        match reg.resolve(&host, &self.cfg.base_domain)? {
            Site::National(n) => Some(n),
            Site::Tenant(_) => None,
        }
    }

    async fn refresh_backlog(&self) {
        match sqlx::query_scalar!(r#"select count(*) as "n!" from outbox where status = 'pending'"#)
            .fetch_one(&self.pool)
            .await
        {
            Ok(n) => self.metrics.outbox_backlog.set(n),
            Err(e) => tracing::warn!(error = %e, "cannot count the outbox backlog"),
        }
    }

    /// Takes up to a batch of due rows: one statement, so one short
    /// transaction that commits before any mail is sent.
    async fn claim(&self) -> Result<Vec<Claimed>, sqlx::Error> {
        let rows = sqlx::query!(
            "with due as (
                 select tenant_id, id from outbox
                  where status = 'pending' and next_attempt_at <= now()
                  order by next_attempt_at
                  limit $1
                  for update skip locked
             )
             update outbox o
                set attempts = o.attempts + 1,
                    next_attempt_at = now() + make_interval(secs => $2)
               from due
              where o.tenant_id = due.tenant_id and o.id = due.id
          returning o.tenant_id, o.id, o.recipient, o.lang, o.kind, o.payload, o.attempts",
            self.cfg.batch,
            self.cfg.lease.as_secs_f64(),
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| Claimed {
                tenant_id: r.tenant_id,
                id: r.id,
                recipient: r.recipient,
                lang: r.lang,
                kind: r.kind,
                payload: r.payload,
                attempts: r.attempts,
            })
            .collect())
    }

    async fn deliver_batch(&self, batch: Vec<Claimed>, shutdown: &watch::Receiver<bool>) {
        let claimed_at = Instant::now();
        let mut rows = batch.into_iter();
        while let Some(row) = rows.next() {
            // Room to send and record it before the lease ends, or another
            // worker could take the row meanwhile and send it a second time.
            let late = claimed_at.elapsed() + self.cfg.smtp_timeout * 2 > self.cfg.lease;
            if stopping(shutdown) || late {
                for r in std::iter::once(row).chain(rows.by_ref()) {
                    self.release(&r).await;
                }
                return;
            }
            self.deliver(row).await;
        }
    }

    /// Gives a claimed row back, unattempted, due now.
    async fn release(&self, row: &Claimed) {
        let done = sqlx::query!(
            "update outbox set attempts = attempts - 1, next_attempt_at = now()
              where tenant_id = $1 and id = $2 and status = 'pending' and attempts = $3",
            row.tenant_id,
            row.id,
            row.attempts,
        )
        .execute(&self.pool)
        .await;
        if let Err(e) = done {
            // The lease will bring it back anyway.
            tracing::warn!(outbox_id = %row.id, error = %e, "cannot give a claimed message back");
        }
    }

    /// The name, colour and address the message is sent under, and the slug for the logs.
    fn branding(&self, tenant: Uuid, lang: Lang) -> (Branding, String) {
        let reg = self.directory.snapshot();
        if let Some(t) = reg.get(TenantId(tenant)) {
            let brand = Branding::new(
                t.name(lang).to_owned(),
                Some(&t.record.primary_color),
                self.cfg.origin(&t.primary_host(&self.cfg.base_domain)),
            );
            return (brand, t.slug().to_owned());
        }
        let platform = self.i18n.i18n().format(lang, "mail-platform-name", None);
        let site = self.cfg.origin(&self.cfg.base_domain);
        match self.nation(&reg).filter(|n| n.id().0 == tenant) {
            // The national space is named after the platform, as on its pages.
            Some(n) => (
                Branding::new(platform, Some(&n.record.primary_color), site),
                n.slug().to_owned(),
            ),
            // A collectivity disabled since the event: the platform speaks.
            None => (Branding::new(platform, None, site), "-".into()),
        }
    }

    fn prepare(&self, row: &Claimed, lang: Lang, brand: &Branding) -> Result<Message, Failure> {
        let kind = MailKind::parse(&row.kind)
            .ok_or_else(|| Failure::render(&RenderError::UnknownKind(row.kind.clone())))?;
        let to: Mailbox = row.recipient.parse().map_err(|_| Failure {
            detail: "the recipient address is not valid".into(),
            summary: "invalid recipient address".into(),
        })?;
        let unsubscribe = self.unsubscribe_link(row, brand)?;
        let rendered = render::render(
            self.i18n.i18n(),
            lang,
            kind,
            &row.payload,
            brand,
            unsubscribe.as_deref(),
        )
        .map_err(|e| Failure::render(&e))?;
        render::build_message(&self.from, to, row.id, lang, rendered).map_err(|e| Failure {
            detail: format!("cannot build the message: {e}"),
            summary: "cannot build the message".into(),
        })
    }

    /// The one-click unsubscribe URL of a notification e-mail (none for the
    /// others); a notification without a valid `account` and `list` is parked.
    fn unsubscribe_link(&self, row: &Claimed, brand: &Branding) -> Result<Option<String>, Failure> {
        if !matches!(
            MailKind::parse(&row.kind),
            Some(MailKind::Notification | MailKind::Digest)
        ) {
            return Ok(None);
        }
        let bad = |field: &'static str| Failure::render(&RenderError::MissingField(field));
        let account: Uuid = row
            .payload
            .get("account")
            .and_then(|v| v.as_str())
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| bad("account"))?;
        let list = row
            .payload
            .get("list")
            .and_then(|v| v.as_str())
            .and_then(List::parse)
            .ok_or_else(|| bad("list"))?;
        let token = unsubscribe::token(
            self.cfg.secret_key.expose_secret().as_bytes(),
            TenantId(row.tenant_id),
            account,
            list,
        );
        render::local_link(brand, &format!("{}{token}", unsubscribe::PREFIX), "list")
            .map(Some)
            .map_err(|e| Failure::render(&e))
    }

    async fn send(&self, message: Message) -> Outcome {
        // lettre's time-out bounds each command; this bounds the whole message.
        match tokio::time::timeout(self.cfg.smtp_timeout, self.mailer.send(message)).await {
            Ok(Ok(_)) => Outcome::Sent,
            Ok(Err(e)) if e.is_permanent() => Outcome::Permanent(Failure::smtp(&e)),
            Ok(Err(e)) => Outcome::Temporary(Failure::smtp(&e)),
            Err(_) => Outcome::Temporary(Failure {
                detail: "SMTP delivery timed out".into(),
                summary: "SMTP delivery timed out".into(),
            }),
        }
    }

    async fn deliver(&self, row: Claimed) {
        let lang = Lang::parse(&row.lang).unwrap_or(Lang::Fr);
        let (brand, slug) = self.branding(row.tenant_id, lang);
        let span = tracing::info_span!(
            "mail",
            outbox_id = %row.id,
            tenant = %slug,
            kind = %row.kind,
            attempt = row.attempts,
        );
        async {
            let outcome = match self.prepare(&row, lang, &brand) {
                Ok(message) => self.send(message).await,
                Err(f) => Outcome::Permanent(f),
            };
            self.record(&row, outcome).await;
        }
        .instrument(span)
        .await
    }

    async fn record(&self, row: &Claimed, outcome: Outcome) {
        match outcome {
            Outcome::Sent => {
                self.metrics.mail_sent.inc();
                // The relay has it: insist on recording that, or it goes out again.
                for attempt in 1..=3 {
                    let done = sqlx::query!(
                        "update outbox set status = 'sent', sent_at = now(), last_error = null
                          where tenant_id = $1 and id = $2",
                        row.tenant_id,
                        row.id,
                    )
                    .execute(&self.pool)
                    .await;
                    match done {
                        Ok(_) => {
                            tracing::info!("mail sent");
                            return;
                        }
                        Err(e) if attempt < 3 => {
                            tracing::warn!(error = %e, "cannot record a sent mail; trying again");
                            tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                        }
                        Err(e) => tracing::error!(
                            error = %e,
                            "mail sent but not recorded: it will be sent again when its lease ends"
                        ),
                    }
                }
            }
            Outcome::Temporary(f) if row.attempts < self.cfg.max_attempts => {
                let wait = self.cfg.backoff(row.attempts);
                let done = sqlx::query!(
                    "update outbox
                        set next_attempt_at = now() + make_interval(secs => $4), last_error = $5
                      where tenant_id = $1 and id = $2 and status = 'pending' and attempts = $3",
                    row.tenant_id,
                    row.id,
                    row.attempts,
                    wait.as_secs_f64(),
                    clip(&f.detail),
                )
                .execute(&self.pool)
                .await;
                self.metrics.mail_retried.inc();
                tracing::warn!(
                    reason = %f.summary,
                    retry_in_secs = wait.as_secs_f64(),
                    "mail delivery failed temporarily; will retry"
                );
                if let Err(e) = done {
                    tracing::warn!(error = %e, "cannot record the retry; the lease will bring it back");
                }
            }
            Outcome::Temporary(f) => {
                let detail = format!("gave up after {} attempts: {}", row.attempts, f.detail);
                self.park(row, &detail, &f.summary).await;
            }
            Outcome::Permanent(f) => self.park(row, &f.detail, &f.summary).await,
        }
    }

    async fn park(&self, row: &Claimed, detail: &str, summary: &str) {
        let done = sqlx::query!(
            "update outbox set status = 'parked', last_error = $4
              where tenant_id = $1 and id = $2 and status = 'pending' and attempts = $3",
            row.tenant_id,
            row.id,
            row.attempts,
            clip(detail),
        )
        .execute(&self.pool)
        .await;
        self.metrics.mail_parked.inc();
        tracing::warn!(reason = %summary, attempts = row.attempts, "mail parked");
        if let Err(e) = done {
            tracing::warn!(error = %e, "cannot record the parking; the lease will bring it back");
        }
    }
}

#[cfg(test)]
mod tests;
