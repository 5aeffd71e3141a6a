//! What citizens follow, end to end: follows made over HTTP as browsers do,
//! events raised as the services raise them (plans' progress and council
//! decision, the consultation scan of the worker, an official answer), mail
//! delivered by the real worker (as `infitah_worker`) to a real SMTP server
//! on loopback. What is proven: each kind of event reaches each follower
//! once, in their language, however often the scans and the worker run;
//! digests hold what they should and nothing twice; "off" mails nothing but
//! keeps the in-app list; the one-click unsubscribe link works without a
//! session and for its own recipient and list only; user text is inert.

use std::{sync::Arc, time::Duration};

use infitah_identity::repo as accounts;
use infitah_notifications::{
    digest::{self, Schedule},
    follow::{self, Event},
    worker::{self, WorkerConfig},
};
use infitah_plans::{
    model::Bilingual,
    write::{self, Percent},
};
use infitah_platform::{
    db::{Db, TenantTx},
    i18n::{I18n, Lang},
    telemetry::Metrics,
    tenancy::TenantDirectory,
    types::TenantId,
};
use infitah_tests::{
    TestApp, TestDb,
    browser::{Browser, Page},
    smtp::{SinkMessage, SmtpSink},
    tenant_id, two_communes,
};
use secrecy::SecretString;
use serde_json::json;
use sqlx::{PgPool, postgres::PgPoolOptions};
use time::{OffsetDateTime, macros::date};
use tokio::sync::watch;
use uuid::Uuid;

const PASSWORD: &str = "une phrase assez longue pour Kénitra";
const EVIL: &str = "<script>alert(1)</script><b>x</b> & \"y\"";

struct World {
    db: TestDb,
    app: TestApp,
    pool: PgPool,
    worker_pool: PgPool,
    directory: Arc<TenantDirectory>,
    i18n: Arc<I18n>,
    sink: SmtpSink,
    kenitra: TenantId,
    rabat: TenantId,
    programme: Uuid,
    project: Uuid,
    activity: Uuid,
    draft: Uuid,
    rabat_project: Uuid,
}

/// Kénitra: a published programme with a published project (one activity)
/// and a draft; Rabat: a published programme and project.
async fn world() -> World {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let (kenitra, rabat) = (
        TenantId(tenant_id(&db, "kenitra").await),
        TenantId(tenant_id(&db, "rabat").await),
    );
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect(&db.app_url())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&pool, kenitra).await.unwrap();
    let programme = infitah_tests::new_programme(&mut tx).await.unwrap();
    sqlx::query(
        "update programmes set published = true, title_ar = 'برنامج عمل الانفتاح',
                title_fr = 'Programme d''action d''ouverture'",
    )
    .execute(tx.conn())
    .await
    .unwrap();
    let project = write::create_project(
        &mut tx,
        programme,
        &Bilingual::new(
            Some("احداث هيئات استشارية".into()),
            Some(format!("Instances consultatives {EVIL}")),
        ),
    )
    .await
    .unwrap();
    let activity = write::add_activity(
        &mut tx,
        project,
        &Bilingual::new(
            Some("خلق محلس محلي للشباب".into()),
            Some("Créer un conseil local des jeunes".into()),
        ),
        date!(2024 - 10 - 01),
        date!(2024 - 12 - 01),
    )
    .await
    .unwrap();
    write::set_published(&mut tx, project, true, None)
        .await
        .unwrap();
    let draft = write::create_project(
        &mut tx,
        programme,
        &Bilingual::new(Some("مشروع سري قيد الإعداد".into()), None),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&pool, rabat).await.unwrap();
    let rp = infitah_tests::new_programme(&mut tx).await.unwrap();
    sqlx::query("update programmes set published = true")
        .execute(tx.conn())
        .await
        .unwrap();
    let rabat_project = write::create_project(
        &mut tx,
        rp,
        &Bilingual::new(None, Some("Budget participatif".into())),
    )
    .await
    .unwrap();
    write::set_published(&mut tx, rabat_project, true, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let worker_pool = worker::connect_lazy(&settings).unwrap();
    let directory = Arc::new(TenantDirectory::new(
        Db::connect_lazy(&SecretString::from(db.app_url()), 2).unwrap(),
    ));
    directory.reload().await.unwrap();
    let mut catalogs = vec![&infitah_platform::CATALOG];
    catalogs.extend(infitah::server::catalogs());
    let i18n = Arc::new(I18n::new(&catalogs).unwrap());
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn(settings).await;
    World {
        db,
        app,
        pool,
        worker_pool,
        directory,
        i18n,
        sink,
        kenitra,
        rabat,
        programme,
        project,
        activity,
        draft,
        rabat_project,
    }
}

impl World {
    fn config(&self) -> WorkerConfig {
        let mut cfg = WorkerConfig::from_settings(&self.app.running.state.settings);
        cfg.smtp_url = SecretString::from(self.sink.url());
        cfg.poll = Duration::from_millis(50);
        cfg.retry_base = Duration::from_millis(25);
        cfg.lease = Duration::from_secs(10);
        cfg.smtp_timeout = Duration::from_secs(2);
        // The tests call the scans themselves.
        cfg.schedule.every = Duration::from_secs(3600);
        cfg
    }

    /// Runs the worker until nothing is pending any more, then stops it.
    async fn deliver(&self) {
        self.deliver_with(self.config()).await
    }

    async fn deliver_with(&self, cfg: WorkerConfig) {
        let (stop, rx) = watch::channel(false);
        let handle = tokio::spawn(worker::run(
            cfg,
            self.worker_pool.clone(),
            self.directory.clone(),
            self.i18n.clone(),
            Arc::new(Metrics::new()),
            rx,
        ));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let pending: i64 =
                sqlx::query_scalar("select count(*) from outbox where status = 'pending'")
                    .fetch_one(&self.worker_pool)
                    .await
                    .unwrap();
            if pending == 0 {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{pending} messages still pending"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        stop.send(true).unwrap();
        tokio::time::timeout(Duration::from_secs(10), handle)
            .await
            .expect("the worker stops")
            .unwrap()
            .unwrap();
        let parked: i64 = sqlx::query_scalar("select count(*) from outbox where status <> 'sent'")
            .fetch_one(&self.worker_pool)
            .await
            .unwrap();
        assert_eq!(parked, 0, "every message was sent");
    }

    /// A citizen of Kénitra (verified unless said otherwise), signed in.
    async fn citizen(
        &self,
        email: &str,
        name: &str,
        lang: Lang,
        verified: bool,
    ) -> (Browser<'_>, Uuid) {
        self.person(
            self.kenitra,
            "kenitra.localhost",
            email,
            name,
            lang,
            verified,
        )
        .await
    }

    async fn person(
        &self,
        tenant: TenantId,
        host: &str,
        email: &str,
        name: &str,
        lang: Lang,
        verified: bool,
    ) -> (Browser<'_>, Uuid) {
        let state = &self.app.running.state;
        let hash = infitah_identity::password::Passwords::new(1)
            .hash(PASSWORD)
            .await;
        let mut tx = state.db.tenant_tx(tenant).await.unwrap();
        let id = accounts::create(&mut tx, email, name, Some(&hash), lang, Some(1))
            .await
            .unwrap()
            .unwrap();
        if verified {
            accounts::mark_verified(&mut tx, id).await.unwrap();
        }
        tx.commit().await.unwrap();
        let mut b = Browser::new(&self.app, host);
        b.accept_language = Some(lang.code().to_owned());
        let p = b
            .submit(
                "/sign-in",
                "/sign-in",
                &[("email", email), ("password", PASSWORD), ("next", "/")],
            )
            .await;
        assert_eq!(p.status, 303, "sign-in of {email}: {}", p.body);
        (b, id)
    }

    async fn tx(&self, tenant: TenantId) -> TenantTx {
        TenantTx::begin(&self.pool, tenant).await.unwrap()
    }

    /// An activity's progress set by an editor, as the back-office does.
    async fn progress(&self, version: i32, value: &str) {
        let mut tx = self.tx(self.kenitra).await;
        write::set_progress(
            &mut tx,
            self.activity,
            version,
            write::Progress {
                completion: Percent::parse(value).unwrap(),
                note: Some("note"),
                evidence: None,
                at: None,
            },
            write::Actor {
                id: Uuid::now_v7(),
                name: "Rédactrice",
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }

    /// A consultation of the project, opened an hour ago, closing in `hours`.
    async fn consultation(&self, title_fr: &str, hours: i64) -> Uuid {
        let id = Uuid::now_v7();
        let mut tx = self.tx(self.kenitra).await;
        sqlx::query(
            "insert into consultations (tenant_id, id, programme_id, project_id, title_ar, title_fr, opens_at, closes_at)
             values ($1, $2, $3, $4, 'تشاور حول الهيئات', $5, now() - interval '1 hour',
                     now() + make_interval(hours => $6::int))",
        )
        .bind(self.kenitra.0)
        .bind(id)
        .bind(self.programme)
        .bind(self.project)
        .bind(title_fr)
        .bind(hours as i32)
        .execute(tx.conn())
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// An official answer (`answer`) to a contribution of `account`.
    async fn answer(&self, account: Uuid, answer: Uuid) -> bool {
        let mut tx = self.tx(self.kenitra).await;
        let told = follow::notify_account(
            &mut tx,
            account,
            &Event::official_answer(
                answer,
                "/consultations/x#comment-1",
                None,
                Some("Consultation sur les instances"),
                &format!("Mon avis {EVIL}"),
                "Merci, nous en tiendrons compte.",
            ),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        told
    }

    async fn scalar(&self, sql: &str) -> i64 {
        let mut c = self.db.admin_conn().await;
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    }

    fn to(&self, address: &str) -> Vec<SinkMessage> {
        self.sink
            .messages()
            .into_iter()
            .filter(|m| m.rcpt_tos == [address])
            .collect()
    }
}

async fn follow(b: &mut Browser<'_>, page: &str, kind: &str, id: Uuid) -> Page {
    let token = b.get(page).await.csrf();
    b.post(
        "/follow",
        &[
            ("_csrf", token.as_str()),
            ("kind", kind),
            ("id", &id.to_string()),
            ("next", page),
        ],
    )
    .await
}

async fn set_delivery(b: &mut Browser<'_>, delivery: &str) -> Page {
    b.submit(
        "/notifications/preferences",
        "/notifications/preferences",
        &[("delivery", delivery)],
    )
    .await
}

/// The one-click URL of a message, from its List-Unsubscribe header.
fn unsubscribe_path(m: &SinkMessage) -> String {
    let start = m
        .raw
        .find("List-Unsubscribe: <")
        .unwrap_or_else(|| panic!("no List-Unsubscribe header:\n{}", m.raw))
        + "List-Unsubscribe: <".len();
    let url = &m.raw[start..start + m.raw[start..].find('>').unwrap()];
    let path = &url[url.find("://").unwrap() + 3..];
    path[path.find('/').unwrap()..].to_owned()
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

#[tokio::test]
async fn each_kind_of_event_reaches_each_follower_once_in_their_language() {
    let w = world().await;
    // A follows the project, B the programme, C both (one mail per event all the same).
    let (mut a, _) = w.citizen("amina@example.ma", "Amina", Lang::Fr, true).await;
    let (mut b, _) = w.citizen("badr@example.ma", "بدر", Lang::Ar, true).await;
    let (mut c, c_id) = w
        .citizen(
            "chama@example.ma",
            "<img src=x onerror=alert(1)>",
            Lang::Fr,
            true,
        )
        .await;
    let project_page = format!("/projects/{}", w.project);
    // The project page offers the button to a signed-in citizen.
    let page = a.get(&project_page).await;
    assert!(
        page.body.contains("Suivre ce projet") || page.body.contains("متابعة هذا المشروع"),
        "{}",
        page.body
    );
    assert_eq!(
        follow(&mut a, &project_page, "project", w.project)
            .await
            .status,
        303
    );
    let page = a.get(&project_page).await;
    assert!(
        page.body.contains("action=\"/unfollow\""),
        "the button turns into Unfollow: {}",
        page.body
    );
    // The home page offers to follow the whole programme (B reads Arabic).
    let home = b.get("/").await;
    assert!(home.body.contains("متابعة البرنامج كله"), "{}", home.body);
    assert_eq!(
        follow(&mut b, "/", "programme", w.programme).await.status,
        303
    );
    assert!(b.get("/").await.body.contains("إلغاء متابعة البرنامج"));
    assert_eq!(
        follow(&mut c, &project_page, "project", w.project)
            .await
            .status,
        303
    );
    assert_eq!(
        follow(&mut c, "/", "programme", w.programme).await.status,
        303
    );
    // Following twice changes nothing.
    assert_eq!(
        follow(&mut c, "/", "programme", w.programme).await.status,
        303
    );
    // Nobody unverified or from elsewhere is told.
    let (_, u_id) = w
        .citizen("unverified@example.ma", "U", Lang::Fr, false)
        .await;
    let mut tx = w.tx(w.kenitra).await;
    assert!(
        follow::follow(&mut tx, u_id, follow::Subject::Project(w.project))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let (mut r, _) = w
        .person(
            w.rabat,
            "rabat.localhost",
            "rabati@example.ma",
            "R",
            Lang::Fr,
            true,
        )
        .await;
    assert_eq!(
        follow(
            &mut r,
            &format!("/projects/{}", w.rabat_project),
            "project",
            w.rabat_project
        )
        .await
        .status,
        303
    );
    assert_eq!(w.scalar("select count(*) from follows").await, 6);

    // Events: a consultation (opened, and closing within 48 hours), a
    // progress change, the council's adoption, an official answer to C.
    let cons = w.consultation(&format!("Consultation {EVIL}"), 24).await;
    let told = digest::run_scans(&w.worker_pool, now(), &Schedule::default())
        .await
        .unwrap();
    assert_eq!(told, 6, "opened and closing, to A, B and C");
    w.progress(1, "40").await;
    let mut tx = w.tx(w.kenitra).await;
    write::record_decision(
        &mut tx,
        w.programme,
        &write::NewDecision {
            decided_on: date!(2024 - 10 - 03),
            session_ref: "session ordinaire",
            votes: (30, 2, 1),
            text: &Bilingual::new(None, None),
        },
        json!({}),
        Uuid::now_v7(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let answer_id = Uuid::now_v7();
    assert!(w.answer(c_id, answer_id).await);
    w.deliver().await;

    let count = |to: &str| w.to(to).len();
    assert_eq!(count("amina@example.ma"), 3, "opened, closing, progress");
    assert_eq!(
        count("badr@example.ma"),
        4,
        "opened, closing, progress, adopted"
    );
    assert_eq!(count("chama@example.ma"), 5, "all five, once each");
    assert_eq!(count("unverified@example.ma"), 0);
    assert_eq!(count("rabati@example.ma"), 0);
    assert_eq!(w.sink.messages().len(), 12);

    // Again: the scans, the same events raised again, the worker: nothing more.
    digest::run_scans(&w.worker_pool, now(), &Schedule::default())
        .await
        .unwrap();
    assert!(
        !w.answer(c_id, answer_id).await,
        "the same answer, told again"
    );
    let mut tx = w.tx(w.kenitra).await;
    let again = follow::notify_followers(
        &mut tx,
        follow::Subject::Project(w.project),
        &Event {
            key: format!("consultation-opened:{cons}"),
            kind: follow::EventKind::ConsultationOpened,
            payload: json!({}),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(again, 0);
    w.deliver().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(w.sink.messages().len(), 12, "nothing twice");
    assert_eq!(w.scalar("select count(*) from notifications").await, 12);
    assert_eq!(
        w.scalar("select count(distinct (recipient, dedupe_key)) from outbox")
            .await,
        w.scalar("select count(*) from outbox").await
    );

    // In each recipient's language, with the unsubscribe headers, user text inert.
    for m in w.sink.messages() {
        // Links go to the collectivity's own host (kenitra.ma, its custom host).
        assert!(
            m.raw
                .contains("List-Unsubscribe: <http://kenitra.ma:8080/unsubscribe/"),
            "{}",
            m.raw
        );
        assert!(
            m.raw
                .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{}",
            m.raw
        );
        let html = m.html().unwrap();
        assert!(
            !html.contains("<script>") && !html.contains("<img") && !html.contains("<b>x"),
            "{html}"
        );
        let text = m.text().unwrap();
        assert!(text.contains("/unsubscribe/"));
        if m.rcpt_tos == ["badr@example.ma"] {
            assert_eq!(m.content_language, "ar-MA");
            assert!(html.contains("dir=\"rtl\""));
        } else {
            assert_eq!(m.content_language, "fr-MA");
        }
    }
    let amina = w.to("amina@example.ma");
    let opened = amina
        .iter()
        .find(|m| m.subject.starts_with("Consultation ouverte"))
        .expect("the opening mail");
    assert!(
        opened
            .text()
            .unwrap()
            .contains(&format!("Consultation {EVIL}")),
        "the title as text"
    );
    assert!(
        opened.html().unwrap().contains("&#60;script&#62;")
            || opened.html().unwrap().contains("&lt;script&gt;")
    );
    assert!(
        opened
            .text()
            .unwrap()
            .contains(&format!("http://kenitra.ma:8080/consultations/{cons}"))
    );
    assert!(
        amina
            .iter()
            .any(|m| m.subject.starts_with("Plus que 48 heures"))
    );
    let progress = amina
        .iter()
        .find(|m| m.subject.starts_with("Avancement du projet"))
        .expect("the progress mail");
    assert!(
        progress.text().unwrap().contains("de 0 % à 40 %"),
        "{}",
        progress.text().unwrap()
    );
    assert!(
        progress
            .text()
            .unwrap()
            .contains("Créer un conseil local des jeunes")
    );
    let badr = w.to("badr@example.ma");
    assert!(badr.iter().any(|m| {
        m.text()
            .unwrap()
            .contains("صادق المجلس على البرنامج «برنامج عمل الانفتاح»")
    }));
    let chama = w.to("chama@example.ma");
    let answer = chama
        .iter()
        .find(|m| m.subject.starts_with("Réponse officielle"))
        .expect("the answer mail");
    assert!(
        answer
            .text()
            .unwrap()
            .contains("Merci, nous en tiendrons compte.")
    );
    assert!(
        answer
            .text()
            .unwrap()
            .contains("Bonjour <img src=x onerror=alert(1)>,")
    );
    // The answer comes with the "all" list; follows with their own.
    assert_ne!(unsubscribe_path(answer), unsubscribe_path(&chama[0]));
}

#[tokio::test]
async fn the_worker_scans_consultations_by_itself() {
    let w = world().await;
    let (mut a, _) = w.citizen("amina@example.ma", "Amina", Lang::Fr, true).await;
    assert_eq!(
        follow(
            &mut a,
            &format!("/projects/{}", w.project),
            "project",
            w.project
        )
        .await
        .status,
        303
    );
    w.consultation("Consultation", 24 * 10).await;
    let mut cfg = w.config();
    cfg.schedule.every = Duration::from_millis(100);
    let (stop, rx) = watch::channel(false);
    let handle = tokio::spawn(worker::run(
        cfg,
        w.worker_pool.clone(),
        w.directory.clone(),
        w.i18n.clone(),
        Arc::new(Metrics::new()),
        rx,
    ));
    let got = w.sink.wait_for(1, Duration::from_secs(20)).await;
    assert!(
        got[0].subject.starts_with("Consultation ouverte"),
        "{}",
        got[0].subject
    );
    // Several more scans: still one mail (the closing one is days away).
    tokio::time::sleep(Duration::from_millis(600)).await;
    stop.send(true).unwrap();
    handle.await.unwrap().unwrap();
    assert_eq!(w.sink.messages().len(), 1);
}

#[tokio::test]
async fn digests_hold_what_they_should_and_nothing_twice() {
    let w = world().await;
    let project_page = format!("/projects/{}", w.project);
    let (mut d, _) = w
        .citizen("daily@example.ma", "Dounia", Lang::Fr, true)
        .await;
    let (mut k, _) = w.citizen("weekly@example.ma", "كريم", Lang::Ar, true).await;
    let (mut i, _) = w.citizen("now@example.ma", "Ilyas", Lang::Fr, true).await;
    for b in [&mut d, &mut k, &mut i] {
        assert_eq!(
            follow(b, &project_page, "project", w.project).await.status,
            303
        );
    }
    // A bad choice is refused, field named, in the visitor's language; nothing saved.
    let bad = set_delivery(&mut d, "hourly").await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("Recevoir les courriels") || bad.body.contains("تلقي الرسائل"),
        "{}",
        bad.body
    );
    assert_eq!(w.scalar("select count(*) from notification_prefs").await, 0);
    assert_eq!(set_delivery(&mut d, "daily").await.status, 200);
    assert_eq!(set_delivery(&mut k, "weekly").await.status, 200);

    // Periods that end well away from now: the daily one twelve hours from
    // now each day; the weekly one on the day after tomorrow.
    let mut c = w.db.admin_conn().await;
    let (hour, dow): (f64, f64) = sqlx::query_as(
        "select extract(hour from now() at time zone 'Africa/Casablanca')::float8,
                extract(isodow from now() at time zone 'Africa/Casablanca')::float8",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    let schedule = Schedule {
        digest_hour: ((hour as u8) + 12) % 24,
        digest_weekday: ((dow as u8 + 1) % 7) + 1,
        ..Schedule::default()
    };

    w.consultation("Consultation sur les instances", 24 * 10)
        .await;
    digest::run_scans(&w.worker_pool, now(), &schedule)
        .await
        .unwrap();
    w.progress(1, "40").await;
    w.progress(2, "60").await;
    let pending = |who: &str| {
        format!(
            "select count(*) from notifications n join accounts a on a.tenant_id = n.tenant_id and a.id = n.account_id
              where a.email = '{who}' and n.mail = 'pending'"
        )
    };
    assert_eq!(w.scalar(&pending("daily@example.ma")).await, 3);
    assert_eq!(w.scalar(&pending("weekly@example.ma")).await, 3);
    assert_eq!(w.scalar(&pending("now@example.ma")).await, 0);

    // Not yet due.
    assert_eq!(
        digest::run_digests(&w.worker_pool, now(), &schedule)
            .await
            .unwrap(),
        0
    );
    // A day later: the daily digest, once.
    let day = now() + time::Duration::hours(25);
    assert_eq!(
        digest::run_digests(&w.worker_pool, day, &schedule)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        digest::run_digests(&w.worker_pool, day, &schedule)
            .await
            .unwrap(),
        0
    );
    assert_eq!(w.scalar(&pending("daily@example.ma")).await, 0);
    assert_eq!(w.scalar(&pending("weekly@example.ma")).await, 3);
    // Something new: the next daily digest holds it alone.
    w.progress(3, "80").await;
    assert_eq!(
        digest::run_digests(&w.worker_pool, day, &schedule)
            .await
            .unwrap(),
        1
    );
    // A week later: the weekly digest, with all four.
    let week = now() + time::Duration::days(7);
    assert_eq!(
        digest::run_digests(&w.worker_pool, week, &schedule)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        digest::run_digests(&w.worker_pool, week, &schedule)
            .await
            .unwrap(),
        0
    );
    w.deliver().await;
    w.deliver().await;

    let daily = w.to("daily@example.ma");
    assert_eq!(daily.len(), 2, "two daily digests, nothing else");
    let first = daily[0].text().unwrap();
    assert!(
        daily[0]
            .subject
            .starts_with("Votre résumé du jour\u{a0}: 3 nouvelles"),
        "{}",
        daily[0].subject
    );
    assert!(
        first.contains("Ce résumé ne concerne que Kénitra"),
        "{first}"
    );
    assert!(
        first.contains("de 0 % à 40 %") && first.contains("de 40 % à 60 %"),
        "{first}"
    );
    assert!(
        first.contains("La consultation «\u{a0}Consultation sur les instances\u{a0}» est ouverte"),
        "{first}"
    );
    assert!(!first.contains("de 60 % à 80 %"));
    let second = daily[1].text().unwrap();
    assert!(
        second.contains("de 60 % à 80 %") && !second.contains("de 0 % à 40 %"),
        "{second}"
    );
    assert!(
        daily[1].subject.contains("une nouvelle"),
        "{}",
        daily[1].subject
    );
    for m in &daily {
        assert!(
            m.raw
                .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        );
        assert!(
            !m.html().unwrap().contains("<script>"),
            "the project's title is inert"
        );
    }
    let weekly = w.to("weekly@example.ma");
    assert_eq!(weekly.len(), 1);
    assert_eq!(weekly[0].content_language, "ar-MA");
    // The count travels between Unicode isolates (it keeps its place in the
    // Arabic sentence); the words are the same without them.
    let words: String = weekly[0]
        .subject
        .chars()
        .filter(|c| !matches!(c, '\u{2066}' | '\u{2069}'))
        .collect();
    assert!(
        words.starts_with("ملخصك الأسبوعي: 4 أخبار")
            && weekly[0].subject.contains("\u{2066}4\u{2069}"),
        "{}",
        weekly[0].subject
    );
    let text = weekly[0].text().unwrap();
    assert!(text.contains("يخص هذا الملخص القنيطرة وحدها"), "{text}");
    assert_eq!(
        text.matches("http://kenitra.ma:8080/projects/").count(),
        3,
        "{text}"
    );
    assert_eq!(
        w.to("now@example.ma").len(),
        4,
        "immediate: one mail per event"
    );
    assert_eq!(
        w.scalar("select count(*) from notifications where mail = 'digest'")
            .await,
        8
    );
    assert_eq!(
        w.scalar("select count(distinct digest_id) from notifications")
            .await,
        3
    );
}

#[tokio::test]
async fn off_gets_no_mail_but_keeps_the_in_app_list() {
    let w = world().await;
    let (mut o, o_id) = w.citizen("off@example.ma", "Omar", Lang::Fr, true).await;
    assert_eq!(
        follow(
            &mut o,
            &format!("/projects/{}", w.project),
            "project",
            w.project
        )
        .await
        .status,
        303
    );
    assert_eq!(set_delivery(&mut o, "off").await.status, 200);
    w.progress(1, "40").await;
    assert!(w.answer(o_id, Uuid::now_v7()).await);
    let later = now() + time::Duration::days(8);
    digest::run_scans(&w.worker_pool, later, &Schedule::default())
        .await
        .unwrap();
    digest::run_digests(&w.worker_pool, later, &Schedule::default())
        .await
        .unwrap();
    w.deliver().await;
    assert_eq!(w.sink.messages().len(), 0);
    assert_eq!(w.scalar("select count(*) from outbox").await, 0);
    assert_eq!(
        w.scalar("select count(*) from notifications where mail = 'none'")
            .await,
        2
    );

    let page = o.get("/notifications").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("de 0 % à 40 %"), "{}", page.body);
    assert!(
        page.body.contains("Kénitra a répondu officiellement"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("2 notifications non lues"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("<script>alert"),
        "titles are inert on the page"
    );
    // Newest first: the answer before the progress.
    assert!(page.body.find("répondu").unwrap() < page.body.find("de 0 % à 40 %").unwrap());
    let token = page.csrf();
    let read = o
        .post("/notifications/read", &[("_csrf", token.as_str())])
        .await;
    assert_eq!(read.status, 303);
    assert_eq!(
        w.scalar("select count(*) from notifications where read_at is null")
            .await,
        0
    );
    assert!(o.get("/notifications").await.body.contains("Tout est lu."));
    // Anonymous visitors are sent to sign in.
    let anon = w.app.get("kenitra.localhost", "/notifications").await;
    assert_eq!(anon.status(), 303);
}

#[tokio::test]
async fn the_unsubscribe_link_works_without_a_session_for_its_own_recipient_and_list_only() {
    let w = world().await;
    let project_page = format!("/projects/{}", w.project);
    let (mut a, a_id) = w.citizen("amina@example.ma", "Amina", Lang::Fr, true).await;
    let (mut b, b_id) = w.citizen("badr@example.ma", "Badr", Lang::Fr, true).await;
    for x in [&mut a, &mut b] {
        assert_eq!(
            follow(x, &project_page, "project", w.project).await.status,
            303
        );
    }
    w.progress(1, "40").await;
    assert!(w.answer(b_id, Uuid::now_v7()).await);
    w.deliver().await;
    let a_link = unsubscribe_path(&w.to("amina@example.ma")[0]);
    let b_mails = w.to("badr@example.ma");
    let b_follow_link = unsubscribe_path(
        b_mails
            .iter()
            .find(|m| m.subject.starts_with("Avancement"))
            .unwrap(),
    );
    let b_all_link = unsubscribe_path(
        b_mails
            .iter()
            .find(|m| m.subject.starts_with("Réponse"))
            .unwrap(),
    );
    let follows = |who: Uuid| format!("select count(*) from follows where account_id = '{who}'");
    let off = |who: Uuid| {
        format!(
            "select count(*) from notification_prefs where account_id = '{who}' and delivery = 'off'"
        )
    };

    // No session, no cookie: the page asks to confirm, and changes nothing.
    let anon = |path: &str| {
        w.app
            .client
            .get(w.app.url(path))
            .header("host", "kenitra.localhost")
            .send()
    };
    let page = anon(&a_link).await.unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(
        body.contains("Confirmer le désabonnement") || body.contains("تأكيد إلغاء الاشتراك"),
        "{body}"
    );
    assert!(!body.contains("<script>alert"), "{body}");
    assert_eq!(w.scalar(&follows(a_id)).await, 1);

    let one_click = |host: &'static str, path: String| {
        w.app
            .client
            .post(w.app.url(&path))
            .header("host", host)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
    };
    // Altered, or another account under this MAC, or on another collectivity's host: refused.
    let token = a_link.trim_start_matches("/unsubscribe/").to_owned();
    let mut altered = token.clone().into_bytes();
    let mid = altered.len() / 2;
    altered[mid] = if altered[mid] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    assert_eq!(
        one_click("kenitra.localhost", format!("/unsubscribe/{altered}"))
            .await
            .unwrap()
            .status(),
        404
    );
    let b_token = b_all_link.trim_start_matches("/unsubscribe/");
    // A's account id with B's MAC.
    let swapped = format!("{}{}", &token[..22], &b_token[22..]);
    assert_ne!(swapped, b_token);
    let st = one_click("kenitra.localhost", format!("/unsubscribe/{swapped}"))
        .await
        .unwrap()
        .status();
    assert!(st == 404 || st == 400, "{st}");
    assert_eq!(
        one_click("rabat.localhost", a_link.clone())
            .await
            .unwrap()
            .status(),
        404
    );
    // A token made without the server's secret.
    let forged = infitah_notifications::unsubscribe::token(
        b"not-the-server-secret-not-the-server-secret",
        w.kenitra,
        a_id,
        infitah_notifications::unsubscribe::List::All,
    );
    assert_eq!(
        one_click("kenitra.localhost", format!("/unsubscribe/{forged}"))
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        anon(&format!("/unsubscribe/{altered}"))
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(w.scalar(&follows(a_id)).await, 1);
    assert_eq!(w.scalar(&follows(b_id)).await, 1);
    assert_eq!(w.scalar("select count(*) from notification_prefs").await, 0);

    // The exemption is this route's alone: a session-less POST elsewhere is refused.
    let elsewhere = one_click("kenitra.localhost", "/follow".into())
        .await
        .unwrap()
        .status();
    assert_eq!(elsewhere, 403);

    // One click, no session: A no longer follows the project; B still does.
    let done = one_click("kenitra.localhost", a_link.clone())
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert_eq!(w.scalar(&follows(a_id)).await, 0);
    assert_eq!(w.scalar(&follows(b_id)).await, 1);
    // Again: still fine, still nothing else changed.
    assert_eq!(
        one_click("kenitra.localhost", a_link)
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(w.scalar(&off(a_id)).await, 0);
    // B's "all" link turns B's e-mail off; B's follow stays (the in-app list goes on).
    assert_eq!(
        one_click("kenitra.localhost", b_all_link)
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(w.scalar(&off(b_id)).await, 1);
    assert_eq!(w.scalar(&follows(b_id)).await, 1);
    let _ = b_follow_link;
    // The next event: nothing for either by mail.
    w.progress(2, "60").await;
    w.deliver().await;
    assert_eq!(w.to("amina@example.ma").len(), 1);
    assert_eq!(w.to("badr@example.ma").len(), 2);
}

async fn post_follow(b: &mut Browser<'_>, token: &str, kind: &str, id: &str) -> Page {
    b.post(
        "/follow",
        &[("_csrf", token), ("kind", kind), ("id", id), ("next", "/")],
    )
    .await
}

#[tokio::test]
async fn only_published_subjects_of_this_collectivity_can_be_followed() {
    let w = world().await;
    let (mut a, _) = w.citizen("amina@example.ma", "Amina", Lang::Fr, true).await;
    let token = a.get("/notifications/preferences").await.csrf();
    let (draft, rabat, project) = (
        w.draft.to_string(),
        w.rabat_project.to_string(),
        w.project.to_string(),
    );
    assert_eq!(
        post_follow(&mut a, &token, "project", &draft).await.status,
        404,
        "a draft"
    );
    assert_eq!(
        post_follow(&mut a, &token, "project", &rabat).await.status,
        404,
        "Rabat's"
    );
    let unknown = Uuid::now_v7().to_string();
    assert_eq!(
        post_follow(&mut a, &token, "project", &unknown)
            .await
            .status,
        404
    );
    let bad_kind = post_follow(&mut a, &token, "comment", &project).await;
    assert_eq!(bad_kind.status, 422);
    assert!(
        bad_kind.body.contains("«\u{a0}kind\u{a0}»"),
        "{}",
        bad_kind.body
    );
    let bad_id = post_follow(&mut a, &token, "project", "nope").await;
    assert_eq!(bad_id.status, 422);
    assert!(bad_id.body.contains("«\u{a0}id\u{a0}»"), "{}", bad_id.body);
    assert_eq!(w.scalar("select count(*) from follows").await, 0);
    // No CSRF token: refused, nothing written.
    let no_token = a
        .post("/follow", &[("kind", "project"), ("id", &project)])
        .await;
    assert_eq!(no_token.status, 403);
    assert_eq!(w.scalar("select count(*) from follows").await, 0);
    // Anonymous visitors are offered to sign in to follow.
    let anon = w
        .app
        .get("kenitra.localhost", &format!("/projects/{}", w.project))
        .await
        .text()
        .await
        .unwrap();
    assert!(anon.contains("/sign-in?next=%2Fprojects%2F"), "{anon}");
    // Follow, then unfollow from the preferences page.
    assert_eq!(
        post_follow(&mut a, &token, "project", &project)
            .await
            .status,
        303
    );
    let prefs = a.get("/notifications/preferences").await;
    assert!(
        prefs.body.contains("Instances consultatives"),
        "{}",
        prefs.body
    );
    assert!(!prefs.body.contains("<script>alert"));
    let token = prefs.csrf();
    let un = a
        .post(
            "/unfollow",
            &[
                ("_csrf", token.as_str()),
                ("kind", "project"),
                ("id", &project),
                ("next", "/notifications/preferences"),
            ],
        )
        .await;
    assert_eq!(un.status, 303);
    assert_eq!(un.location.as_deref(), Some("/notifications/preferences"));
    assert_eq!(w.scalar("select count(*) from follows").await, 0);
}

/// Following sends mail, so it needs an address its owner has confirmed
/// (docs/security.md): an unverified account is refused, nothing written,
/// and the project page tells it how to confirm instead of a follow button.
#[tokio::test]
async fn an_unverified_account_cannot_follow() {
    let w = world().await;
    let (mut u, _) = w
        .citizen("pending@example.ma", "Pending", Lang::Fr, false)
        .await;
    let page = u.get(&format!("/projects/{}", w.project)).await;
    assert!(
        page.body.contains("confirmez d’abord votre adresse"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"action="/account/verify""#),
        "{}",
        page.body
    );
    assert!(!page.body.contains(r#"action="/follow""#), "{}", page.body);
    let token = page.csrf();
    let refused = post_follow(&mut u, &token, "project", &w.project.to_string()).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(w.scalar("select count(*) from follows").await, 0);
}
