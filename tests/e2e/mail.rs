//! The mail worker against a real SMTP server (`smtp_sink.py`) and real
//! PostgreSQL: messages are enqueued as `infitah_app` in a tenant
//! transaction, exactly as the services do, and delivered by a worker
//! connected as `infitah_worker`. What is proven: delivery in the
//! recipient's language and the collectivity's colours, retries, parking,
//! no loss when a worker dies mid-batch, nothing sent for a rolled-back
//! event, and one mail per event and recipient.

use std::{collections::BTreeSet, sync::Arc, time::Duration};

use infitah_notifications::{
    outbox::{self, Mail, MailKind},
    worker::{self, WorkerConfig},
};
use infitah_platform::{
    config::Settings,
    db::{Db, TenantTx},
    i18n::{I18n, Lang},
    telemetry::Metrics,
    tenancy::TenantDirectory,
    types::TenantId,
};
use infitah_tests::{TestDb, smtp::SmtpSink, tenant_id, two_communes};
use secrecy::SecretString;
use serde_json::json;
use sqlx::{PgPool, postgres::PgPoolOptions};
use tokio::{sync::watch, task::JoinHandle};
use uuid::Uuid;

const NATION: Uuid = Uuid::from_u128(1);

struct World {
    _db: TestDb,
    settings: Settings,
    app: PgPool,
    worker_pool: PgPool,
    directory: Arc<TenantDirectory>,
    i18n: Arc<I18n>,
    kenitra: TenantId,
    sink: SmtpSink,
}

/// A running worker, its stop switch and its figures.
struct Running {
    stop: watch::Sender<bool>,
    handle: JoinHandle<anyhow::Result<()>>,
    metrics: Arc<Metrics>,
}

impl Running {
    async fn shutdown(self) {
        self.stop.send(true).unwrap();
        tokio::time::timeout(Duration::from_secs(10), self.handle)
            .await
            .expect("the worker stops when asked")
            .unwrap()
            .unwrap();
    }
}

#[derive(Debug, Clone)]
struct Row {
    id: Uuid,
    recipient: String,
    status: String,
    attempts: i32,
    last_error: Option<String>,
    sent: bool,
}

async fn world() -> World {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let kenitra = TenantId(tenant_id(&db, "kenitra").await);
    let app = PgPoolOptions::new()
        .max_connections(4)
        .connect(&db.app_url())
        .await
        .unwrap();
    // As `serve` would: the worker's own pool, from database_worker_url.
    let settings = db.settings_with(&[("INFITAH_DATABASE_WORKER_URL", &db.worker_url())]);
    let worker_pool = worker::connect_lazy(&settings).unwrap();
    let directory = Arc::new(TenantDirectory::new(
        Db::connect_lazy(&SecretString::from(db.app_url()), 2).unwrap(),
    ));
    directory.reload().await.unwrap();
    // Composed as the binary composes them: any duplicate message id would fail here.
    let mut catalogs = vec![&infitah_platform::CATALOG];
    catalogs.extend(infitah::server::catalogs());
    let i18n = Arc::new(I18n::new(&catalogs).unwrap());
    let sink = SmtpSink::start().await;
    World {
        _db: db,
        settings,
        app,
        worker_pool,
        directory,
        i18n,
        kenitra,
        sink,
    }
}

impl World {
    /// The configuration of `serve`, pointed at the sink, with short waits.
    fn config(&self) -> WorkerConfig {
        let mut cfg = WorkerConfig::from_settings(&self.settings);
        cfg.smtp_url = SecretString::from(self.sink.url());
        cfg.poll = Duration::from_millis(50);
        cfg.retry_base = Duration::from_millis(25);
        cfg.lease = Duration::from_secs(10);
        cfg.smtp_timeout = Duration::from_secs(2);
        cfg
    }

    fn start(&self, cfg: WorkerConfig) -> Running {
        let (stop, rx) = watch::channel(false);
        let metrics = Arc::new(Metrics::new());
        let handle = tokio::spawn(worker::run(
            cfg,
            self.worker_pool.clone(),
            self.directory.clone(),
            self.i18n.clone(),
            metrics.clone(),
            rx,
        ));
        Running {
            stop,
            handle,
            metrics,
        }
    }

    /// Enqueues one message in its own committed tenant transaction.
    async fn enqueue(
        &self,
        tenant: TenantId,
        key: &str,
        to: &str,
        lang: Lang,
        kind: MailKind,
        payload: serde_json::Value,
    ) -> bool {
        let mut tx = TenantTx::begin(&self.app, tenant).await.unwrap();
        let queued = outbox::enqueue(
            &mut tx,
            Mail {
                dedupe_key: key.into(),
                recipient: to,
                lang,
                kind,
                payload,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        queued
    }

    async fn verify(&self, key: &str, to: &str, lang: Lang, name: &str) {
        self.enqueue(
            self.kenitra,
            key,
            to,
            lang,
            MailKind::VerifyEmail,
            json!({ "name": name, "link": format!("http://kenitra.localhost:8080/verify?token={key}") }),
        )
        .await;
    }

    /// Every outbox row, as the worker's role sees them.
    async fn rows(&self) -> Vec<Row> {
        sqlx::query_as::<_, (Uuid, String, String, i32, Option<String>, bool)>(
            "select id, recipient, status, attempts, last_error, sent_at is not null
               from outbox order by created_at, id",
        )
        .fetch_all(&self.worker_pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(id, recipient, status, attempts, last_error, sent)| Row {
            id,
            recipient,
            status,
            attempts,
            last_error,
            sent,
        })
        .collect()
    }

    async fn row(&self, recipient: &str) -> Row {
        self.rows()
            .await
            .into_iter()
            .find(|r| r.recipient == recipient)
            .expect("the row")
    }

    /// Waits until every row satisfies `done`.
    async fn wait_rows(&self, timeout: Duration, done: impl Fn(&Row) -> bool) -> Vec<Row> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let rows = self.rows().await;
            if rows.iter().all(&done) {
                return rows;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "rows not done after {timeout:?}: {rows:#?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn settled(r: &Row) -> bool {
    r.status != "pending"
}

#[tokio::test]
async fn a_queued_message_arrives_once_as_text_and_html_in_the_recipients_language() {
    let w = world().await;
    w.verify("v1", "samir@example.ma", Lang::Fr, "<b>Samir & Co</b>")
        .await;
    w.verify("v2", "salma@example.ma", Lang::Ar, "سلمى").await;
    let running = w.start(w.config());
    let got = w.sink.wait_for(2, Duration::from_secs(15)).await;
    let rows = w.wait_rows(Duration::from_secs(10), settled).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(w.sink.messages().len(), 2, "each message arrives once");

    for r in &rows {
        assert_eq!(
            (r.status.as_str(), r.attempts, r.sent),
            ("sent", 1, true),
            "{r:?}"
        );
        assert_eq!(r.last_error, None);
    }
    let by_to = |to: &str| {
        got.iter()
            .find(|m| m.rcpt_tos == [to])
            .unwrap_or_else(|| panic!("a message to {to}"))
    };
    for (to, row) in [
        ("samir@example.ma", &rows[0]),
        ("salma@example.ma", &rows[1]),
    ] {
        let m = by_to(to);
        assert_eq!(m.content_type, "multipart/alternative");
        let types: Vec<&str> = m.parts.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(types, ["text/plain", "text/html"]);
        assert_eq!(m.message_id, format!("<{}@infitah>", row.id));
        assert!(m.from.contains("no-reply@localhost"), "{}", m.from);
        assert_eq!(m.to, to);
        assert!(m.html().unwrap().contains("#0b6e4f"), "the brand colour");
    }

    let fr = by_to("samir@example.ma");
    assert_eq!(fr.content_language, "fr-MA");
    assert!(fr.subject.contains("Kénitra"), "{}", fr.subject);
    let (text, html) = (fr.text().unwrap(), fr.html().unwrap());
    assert!(html.contains(r#"<html lang="fr-MA" dir="ltr">"#));
    assert!(text.contains("Bonjour <b>Samir & Co</b>,"), "{text}");
    assert!(!html.contains("<b>Samir"), "the name is escaped");
    assert!(html.contains("Samir &#38; Co") || html.contains("Samir &amp; Co"));
    let link = "http://kenitra.localhost:8080/verify?token=v1";
    assert!(text.contains(link));
    assert!(html.contains(&format!(r#"<a href="{link}""#)), "the button");
    assert!(html.contains(&format!(">{link}</a>")), "the bare URL");

    let ar = by_to("salma@example.ma");
    assert_eq!(ar.content_language, "ar-MA");
    assert!(ar.subject.contains("القنيطرة"), "{}", ar.subject);
    let html = ar.html().unwrap();
    assert!(html.contains(r#"<html lang="ar-MA" dir="rtl">"#), "{html}");
    assert!(html.contains("القنيطرة") && html.contains("مرحبًا سلمى"));
    assert!(ar.text().unwrap().contains("مرحبًا سلمى"));

    assert_eq!(running.metrics.mail_sent.get(), 2);
    assert_eq!(running.metrics.mail_retried.get(), 0);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(running.metrics.outbox_backlog.get(), 0);
    running.shutdown().await;
}

#[tokio::test]
async fn a_temporary_failure_is_retried_and_the_mail_arrives_once() {
    let w = world().await;
    w.verify("v1", "tempfail-1@example.ma", Lang::Fr, "Amal")
        .await;
    let running = w.start(w.config());
    w.sink.wait_for(1, Duration::from_secs(15)).await;
    let rows = w.wait_rows(Duration::from_secs(10), settled).await;
    assert_eq!((rows[0].status.as_str(), rows[0].attempts), ("sent", 2));
    assert_eq!(
        rows[0].last_error, None,
        "a delivered message keeps no error"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(w.sink.messages().len(), 1);
    assert_eq!(running.metrics.mail_retried.get(), 1);
    assert_eq!(running.metrics.mail_sent.get(), 1);
    running.shutdown().await;
}

#[tokio::test]
async fn a_permanent_failure_parks_its_message_and_the_others_still_go() {
    let w = world().await;
    w.verify("v1", "reject-me@example.ma", Lang::Fr, "X").await;
    w.verify("v2", "good@example.ma", Lang::Fr, "Y").await;
    let running = w.start(w.config());
    w.wait_rows(Duration::from_secs(15), settled).await;
    let parked = w.row("reject-me@example.ma").await;
    assert_eq!((parked.status.as_str(), parked.attempts), ("parked", 1));
    let reason = parked.last_error.unwrap();
    assert!(reason.contains("550"), "{reason}");
    assert_eq!(w.row("good@example.ma").await.status, "sent");
    let got = w.sink.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_tos, ["good@example.ma"]);
    assert_eq!(running.metrics.mail_parked.get(), 1);
    running.shutdown().await;
}

#[tokio::test]
async fn too_many_temporary_failures_park_the_message() {
    let w = world().await;
    w.verify("v1", "tempfail-99@example.ma", Lang::En, "Z")
        .await;
    let mut cfg = w.config();
    cfg.max_attempts = 3;
    let running = w.start(cfg);
    let rows = w.wait_rows(Duration::from_secs(15), settled).await;
    assert_eq!((rows[0].status.as_str(), rows[0].attempts), ("parked", 3));
    let reason = rows[0].last_error.clone().unwrap();
    assert!(
        reason.contains("gave up after 3 attempts") && reason.contains("451"),
        "{reason}"
    );
    assert!(w.sink.messages().is_empty());
    assert_eq!(running.metrics.mail_retried.get(), 2);
    assert_eq!(running.metrics.mail_parked.get(), 1);
    running.shutdown().await;
}

#[tokio::test]
async fn a_worker_killed_mid_batch_loses_nothing() {
    let w = world().await;
    const N: usize = 12;
    for i in 0..N {
        w.verify(
            &format!("v{i}"),
            &format!("slow-{i}@example.ma"),
            Lang::Fr,
            "S",
        )
        .await;
    }
    let mut cfg = w.config();
    cfg.batch = N as i64;
    // Short, so the second worker need not wait long for the dead one's rows.
    cfg.lease = Duration::from_secs(4);
    cfg.smtp_timeout = Duration::from_secs(1);
    let first = w.start(cfg.clone());
    w.sink.wait_for(3, Duration::from_secs(15)).await;
    first.handle.abort();
    assert!(first.handle.await.unwrap_err().is_cancelled());
    let before = w.sink.messages().len();
    assert!(
        before < N,
        "killed in the middle of the batch ({before} sent)"
    );
    assert!(
        w.rows().await.iter().any(|r| r.status == "pending"),
        "some rows were left claimed"
    );

    // A fresh worker takes the dead one's rows once their lease ends.
    let second = w.start(cfg);
    let rows = w
        .wait_rows(Duration::from_secs(30), |r| r.status == "sent")
        .await;
    let got = w.sink.wait_for(N, Duration::from_secs(5)).await;
    let ids: BTreeSet<String> = got.iter().map(|m| m.message_id.clone()).collect();
    let want: BTreeSet<String> = rows.iter().map(|r| format!("<{}@infitah>", r.id)).collect();
    assert_eq!(ids, want, "every message delivered (at least once)");
    second.shutdown().await;
}

#[tokio::test]
async fn shutdown_finishes_the_message_in_hand_and_gives_the_rest_back() {
    let w = world().await;
    for i in 0..6 {
        w.verify(
            &format!("v{i}"),
            &format!("slow-{i}@example.ma"),
            Lang::Fr,
            "S",
        )
        .await;
    }
    let running = w.start(w.config());
    w.sink.wait_for(1, Duration::from_secs(15)).await;
    running.shutdown().await;
    let rows = w.rows().await;
    let sent = rows.iter().filter(|r| r.status == "sent").count();
    assert!(sent < 6, "stopped before the end of the batch");
    assert_eq!(w.sink.messages().len(), sent, "what was sent is recorded");
    for r in rows.iter().filter(|r| r.status == "pending") {
        assert_eq!(r.attempts, 0, "given back unattempted: {r:?}");
    }
    let due: i64 = sqlx::query_scalar(
        "select count(*) from outbox where status = 'pending' and next_attempt_at <= now()",
    )
    .fetch_one(&w.worker_pool)
    .await
    .unwrap();
    assert_eq!(
        due as usize,
        6 - sent,
        "given back due now, not after the lease"
    );
}

#[tokio::test]
async fn a_rolled_back_event_sends_nothing() {
    let w = world().await;
    let mut tx = TenantTx::begin(&w.app, w.kenitra).await.unwrap();
    outbox::enqueue(
        &mut tx,
        Mail {
            dedupe_key: "ghost".into(),
            recipient: "ghost@example.ma",
            lang: Lang::Fr,
            kind: MailKind::PasswordChanged,
            payload: json!({ "name": "G" }),
        },
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    w.verify("real", "real@example.ma", Lang::Fr, "R").await;
    let running = w.start(w.config());
    w.sink.wait_for(1, Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got = w.sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_tos, ["real@example.ma"]);
    assert_eq!(w.rows().await.len(), 1, "the rolled-back row never existed");
    running.shutdown().await;
}

#[tokio::test]
async fn one_event_mails_one_recipient_once() {
    let w = world().await;
    let payload = || json!({ "name": "N" });
    let t = w.kenitra;
    assert!(
        w.enqueue(
            t,
            "pw:1",
            "a@example.ma",
            Lang::Fr,
            MailKind::PasswordChanged,
            payload()
        )
        .await
    );
    assert!(
        !w.enqueue(
            t,
            "pw:1",
            "a@example.ma",
            Lang::Fr,
            MailKind::PasswordChanged,
            payload()
        )
        .await,
        "the second enqueue is a no-op"
    );
    assert!(
        w.enqueue(
            t,
            "pw:1",
            "b@example.ma",
            Lang::Fr,
            MailKind::PasswordChanged,
            payload()
        )
        .await,
        "the same event for someone else is another message"
    );
    let running = w.start(w.config());
    w.sink.wait_for(2, Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut to: Vec<String> = w
        .sink
        .messages()
        .into_iter()
        .flat_map(|m| m.rcpt_tos)
        .collect();
    to.sort();
    assert_eq!(to, ["a@example.ma", "b@example.ma"]);
    running.shutdown().await;
}

#[tokio::test]
async fn national_mail_is_signed_by_the_platform() {
    let w = world().await;
    w.enqueue(
        TenantId(NATION),
        "pw:n",
        "manager@example.ma",
        Lang::Ar,
        MailKind::PasswordChanged,
        json!({ "name": "مدير" }),
    )
    .await;
    let running = w.start(w.config());
    let got = w.sink.wait_for(1, Duration::from_secs(15)).await;
    assert!(got[0].subject.contains("انفتاح"), "{}", got[0].subject);
    assert!(got[0].text().unwrap().contains("http://localhost:8080"));
    running.shutdown().await;
}
