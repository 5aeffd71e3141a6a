//! One rule decides what the public may see (migration 0012): every public
//! format — pages, print, JSON API, CSV, statistics and participation pages,
//! workshops, ideas, open data on the commune's host and the nation's,
//! national pages, following and the consultation scan — is asked, signed
//! out and signed in as a citizen, about each case the rule excludes, on
//! the demo data:
//!
//! - a draft project in the published programme, with a consultation, a
//!   comment and an idea accepted for it;
//! - a project published inside a draft programme (the next period's), with
//!   the same, and a workshop that fed its consultation;
//! - a hidden comment in a public consultation, a hidden idea, and one of
//!   each withdrawn by its author;
//! - a disabled collectivity (Rabat) and its published programme.
//!
//! What none of them may show is recognisable: its id (every format carries
//! ids) and a marker written into its texts. Each format is also checked to
//! show what is public, so that an empty answer cannot pass.

use infitah_notifications::{
    digest::{self, Schedule},
    follow::{self, Event, Subject},
};
use infitah_platform::{db::TenantTx, types::TenantId};
use infitah_tests::{TestApp, TestDb, browser::Browser, tenant_id};
use sqlx::{Connection, postgres::PgPoolOptions};
use uuid::Uuid;

use crate::evaluation::{sign_in, staff};

const MARK: &str = "ZZQUNSEEN";
/// The demo commune with every kind of content (comments online and on
/// paper, ideas, workshops); Rabat, as rich, is the disabled one.
const COMMUNE: &str = "tanger";
const HOST: &str = "tanger.localhost";
const PASSWORD: &str = "une phrase assez longue pour Kénitra";

/// The unpublished cases, by their ids.
struct Unseen {
    draft_project: Uuid,
    inner_project: Uuid,
    draft_consultation: Uuid,
    inner_consultation: Uuid,
    inner_comment: Uuid,
    hidden_comment: Uuid,
    hidden_idea: Uuid,
    idea_for_draft: Uuid,
    idea_for_inner: Uuid,
    workshop: Uuid,
    rabat_project: Uuid,
    /// A public project and consultation of the commune, the controls.
    public_project: Uuid,
    public_consultation: Uuid,
}

impl Unseen {
    fn ids(&self) -> Vec<(&'static str, Uuid)> {
        vec![
            ("draft project", self.draft_project),
            ("project of a draft programme", self.inner_project),
            ("draft project's consultation", self.draft_consultation),
            ("draft programme's consultation", self.inner_consultation),
            ("comment of a draft programme", self.inner_comment),
            ("project of a disabled collectivity", self.rabat_project),
        ]
    }

    /// What must not appear in a public answer: the ids of what the public
    /// may not see, and the marker in their texts. (A hidden comment or idea
    /// keeps its place, and its id, as a notice: only its text is withheld.)
    fn leaks(&self, body: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .ids()
            .into_iter()
            .filter(|(_, id)| body.contains(&id.to_string()))
            .map(|(what, _)| what.to_owned())
            .collect();
        if body.contains(MARK) {
            out.push(format!("the marker {MARK}"));
        }
        out
    }
}

async fn exec(c: &mut sqlx::PgConnection, sql: &str) {
    sqlx::raw_sql(sql)
        .execute(c)
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
}

async fn scalar(c: &mut sqlx::PgConnection, sql: &str) -> Uuid {
    sqlx::query_scalar(sql)
        .fetch_one(c)
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"))
}

/// The cases, written into the demo data past row-level security (what is
/// tested is reading them, not writing them).
async fn unseen(db: &TestDb) -> Unseen {
    let mut c = db.admin_conn().await;
    let k = tenant_id(db, COMMUNE).await;
    let rabat = tenant_id(db, "rabat").await;
    let current: Uuid = scalar(
        &mut c,
        &format!(
            "select id from programmes where tenant_id = '{k}' and published order by period_start desc limit 1"
        ),
    )
    .await;
    let public_project = scalar(
        &mut c,
        &format!(
            "select id from projects where tenant_id = '{k}' and programme_id = '{current}' and published
              order by position limit 1"
        ),
    )
    .await;
    let public_consultation = scalar(
        &mut c,
        &format!(
            "select c.id from consultations c where c.tenant_id = '{k}' and c.programme_id = '{current}'
                and (c.project_id is null or c.project_id in (select id from projects where published))
                and exists (select 1 from comments m where m.consultation_id = c.id and m.hidden_at is null
                              and m.author_id is not null)
              order by c.opens_at limit 1"
        ),
    )
    .await;
    let rabat_project = scalar(
        &mut c,
        &format!(
            "select p.id from projects p join programmes g on g.id = p.programme_id and g.published
              where p.tenant_id = '{rabat}' and p.published limit 1"
        ),
    )
    .await;
    let (draft_project, inner_project, draft_consultation, inner_consultation) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let (inner_comment, idea_for_draft, idea_for_inner, workshop, next) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    // Someone who has commented, for the authorship of the new rows.
    let author: Uuid = scalar(
        &mut c,
        &format!(
            "select author_id from comments where tenant_id = '{k}' and author_id is not null limit 1"
        ),
    )
    .await;
    exec(
        &mut c,
        &format!(
            r#"
            insert into programmes (tenant_id, id, period_start, period_end, title_ar, title_fr, published)
            values ('{k}', '{next}', 2090, 2095, 'برنامج {MARK}', 'Programme {MARK}', false);
            insert into projects (tenant_id, id, programme_id, position, title_ar, title_fr, published, published_at)
            values ('{k}', '{draft_project}', '{current}', 99, 'مشروع {MARK}', 'Projet brouillon {MARK}', false, null),
                   ('{k}', '{inner_project}', '{next}', 1, 'مشروع {MARK}', 'Projet publié {MARK}', true, now());
            insert into project_items (tenant_id, id, project_id, kind, position, text_ar, text_fr)
            values ('{k}', gen_random_uuid(), '{draft_project}', 'problem', 0, 'إشكال {MARK}', 'Problème {MARK}'),
                   ('{k}', gen_random_uuid(), '{inner_project}', 'problem', 0, 'إشكال {MARK}', 'Problème {MARK}');
            insert into activities (tenant_id, id, project_id, position, title_ar, title_fr, start_month, end_month, completion)
            values ('{k}', gen_random_uuid(), '{draft_project}', 0, 'نشاط {MARK}', 'Activité {MARK}', '2025-01-01', '2025-06-01', 30),
                   ('{k}', gen_random_uuid(), '{inner_project}', 0, 'نشاط {MARK}', 'Activité {MARK}', '2090-01-01', '2090-06-01', 10);
            insert into consultations (tenant_id, id, programme_id, project_id, title_ar, title_fr,
                                       description_ar, description_fr, opens_at, closes_at)
            values ('{k}', '{draft_consultation}', '{current}', '{draft_project}', 'استشارة {MARK}', 'Consultation {MARK}',
                    'وصف {MARK}', 'Description {MARK}', now() - interval '1 day', now() + interval '1 day'),
                   ('{k}', '{inner_consultation}', '{next}', '{inner_project}', 'استشارة {MARK}', 'Consultation {MARK}',
                    'وصف {MARK}', 'Description {MARK}', now() - interval '1 day', now() + interval '1 day');
            insert into comments (tenant_id, id, consultation_id, author_id, profile, age_bracket, body)
            select '{k}', x.id, x.consultation, '{author}', m.profile, m.age_bracket, 'Avis {MARK}'
              from (values ('{inner_comment}'::uuid, '{inner_consultation}'::uuid),
                           (gen_random_uuid(), '{draft_consultation}'::uuid)) x (id, consultation),
                   lateral (select profile, age_bracket from comments where tenant_id = '{k}' limit 1) m;
            insert into ideas (tenant_id, id, programme_id, axis, author_id, profile, age_bracket, title, body, status, project_id)
            select '{k}', x.id, '{current}', i.axis, '{author}', i.profile, i.age_bracket,
                   'Idée acceptée', 'Une idée retenue, sans marque', 'accepted', x.project
              from (values ('{idea_for_draft}'::uuid, '{draft_project}'::uuid),
                           ('{idea_for_inner}'::uuid, '{inner_project}'::uuid)) x (id, project),
                   lateral (select axis, profile, age_bracket from ideas where tenant_id = '{k}' limit 1) i;
            insert into workshops (tenant_id, id, programme_id, kind, consultation_id, title_ar, title_fr, held_on, place, minutes)
            select '{k}', '{workshop}', '{next}', w.kind, '{inner_consultation}', 'ورشة مفتوحة', 'Atelier ouvert',
                   current_date - 1, 'Tanger', ''
              from workshops w where w.tenant_id = '{k}' limit 1;
            insert into comments (tenant_id, id, consultation_id, workshop_id, profile, age_bracket, body)
            select '{k}', gen_random_uuid(), '{inner_consultation}', '{workshop}', profile, age_bracket, 'Papier {MARK}'
              from comments where tenant_id = '{k}' limit 1;
            "#
        ),
    )
    .await;
    // A comment of the public consultation and an idea, hidden by a moderator.
    let hidden_comment = scalar(
        &mut c,
        &format!(
            "update comments set hidden_at = now(), hidden_reason = 'abuse', body = 'Insulte {MARK}'
              where id = (select id from comments where consultation_id = '{public_consultation}'
                             and hidden_at is null and parent_id is null and author_id is not null
                           order by created_at desc limit 1)
             returning id"
        ),
    )
    .await;
    let hidden_idea = scalar(
        &mut c,
        &format!(
            "update ideas set hidden_at = now(), hidden_reason = 'spam', title = 'Pub {MARK}', body = 'Pub {MARK}'
              where id = (select id from ideas where tenant_id = '{k}' and hidden_at is null
                           order by created_at desc limit 1)
             returning id"
        ),
    )
    .await;
    // And one of each withdrawn by its author (migration 0013): out of the same readers.
    exec(
        &mut c,
        &format!(
            "update comments set withdrawn_at = now(), body = 'Retiré {MARK}'
              where id = (select id from comments where consultation_id = '{public_consultation}'
                             and hidden_at is null and author_id is not null and id <> '{hidden_comment}'
                           order by created_at limit 1);
             update ideas set withdrawn_at = now(), title = 'Retirée {MARK}', body = 'Retirée {MARK}'
              where id = (select id from ideas where tenant_id = '{k}' and hidden_at is null
                             and id not in ('{idea_for_draft}', '{idea_for_inner}')
                           order by created_at limit 1)"
        ),
    )
    .await;
    exec(
        &mut c,
        &format!("update tenants set disabled_at = now() where id = '{rabat}'"),
    )
    .await;
    Unseen {
        draft_project,
        inner_project,
        draft_consultation,
        inner_consultation,
        inner_comment,
        hidden_comment,
        hidden_idea,
        idea_for_draft,
        idea_for_inner,
        workshop,
        rabat_project,
        public_project,
        public_consultation,
    }
}

#[tokio::test]
async fn the_public_sees_one_rule_in_every_format() {
    let db = TestDb::new().await;
    let settings = db.settings();
    infitah::demo::seed(&settings).await.expect("demo data");
    let u = unseen(&db).await;
    let app = TestApp::spawn(settings.clone()).await;
    let region = {
        let mut c = db.admin_conn().await;
        sqlx::query_scalar::<_, String>(
            "select r.slug from tenants k join tenants p on p.id = k.parent_id join tenants r on r.id = p.parent_id
              where k.slug = $1",
        )
        .bind(COMMUNE)
        .fetch_one(&mut c)
        .await
        .unwrap()
    };

    let mut readers = [
        ("signed out", Browser::new(&app, HOST)),
        (
            "a citizen",
            infitah_tests::verified_citizen(
                &app,
                &db,
                HOST,
                "lectrice@tanger.ma",
                "Salma",
                PASSWORD,
                "fr",
            )
            .await,
        ),
    ];
    let mut failures = Vec::new();
    for (who, b) in readers.iter_mut() {
        // Lists and documents: nothing unseen, and what is public is there.
        let shown = [
            ("/", Some(u.public_project)),
            // The print view carries no links, hence no ids: the marker tells.
            ("/print", None),
            ("/api/v1/programme", Some(u.public_project)),
            (&format!("/projects/{}", u.public_project) as &str, None),
            (
                &format!("/api/v1/projects/{}", u.public_project),
                Some(u.public_project),
            ),
            (
                &format!("/projects/{}/participation", u.public_project),
                None,
            ),
            (
                &format!("/consultations/{}", u.public_consultation),
                Some(u.hidden_comment),
            ),
            (
                &format!("/api/v1/consultations/{}/comments", u.public_consultation),
                Some(u.public_consultation),
            ),
            (
                &format!("/consultations/{}/stats", u.public_consultation),
                None,
            ),
            ("/ideas", None),
            ("/ideas.csv", None),
            ("/api/v1/ideas", Some(u.idea_for_inner)),
            (&format!("/ideas/{}", u.idea_for_draft), None),
            (&format!("/ideas/{}", u.hidden_idea), None),
            (&format!("/ideas/{}", u.idea_for_inner), None),
            ("/workshops", Some(u.workshop)),
            (&format!("/workshops/{}", u.workshop), None),
            ("/open-data/projects.csv", Some(u.public_project)),
            ("/open-data/projects.json", Some(u.public_project)),
            ("/open-data/project_items.csv", Some(u.public_project)),
            ("/open-data/activities.csv", Some(u.public_project)),
            ("/open-data/programmes.csv", None),
            ("/open-data/progress_history.csv", None),
        ];
        for (path, must_show) in shown {
            let p = b.get(path).await;
            if p.status != 200 {
                failures.push(format!("{who}: {path} answered {}", p.status));
                continue;
            }
            for leak in u.leaks(&p.body) {
                failures.push(format!("{who}: {path} shows the {leak}"));
            }
            if let Some(id) = must_show
                && !p.body.contains(&id.to_string())
            {
                failures.push(format!("{who}: {path} does not show {id}, which is public"));
            }
        }
        // What the rule excludes has no address for the public.
        let gone = [
            format!("/projects/{}", u.draft_project),
            format!("/projects/{}", u.inner_project),
            format!("/api/v1/projects/{}", u.draft_project),
            format!("/api/v1/projects/{}", u.inner_project),
            format!("/projects/{}/participation", u.inner_project),
            format!("/projects/{}/participation.csv", u.inner_project),
            format!("/projects/{}/participation", u.draft_project),
            format!("/consultations/{}", u.draft_consultation),
            format!("/consultations/{}", u.inner_consultation),
            format!("/consultations/{}/stats", u.inner_consultation),
            format!("/consultations/{}/stats.csv", u.inner_consultation),
            format!("/api/v1/consultations/{}/comments", u.inner_consultation),
            format!(
                "/consultations/{}/comments/{}",
                u.inner_consultation, u.inner_comment
            ),
        ];
        for path in &gone {
            let p = b.get(path).await;
            if p.status != 404 {
                failures.push(format!("{who}: {path} answered {}, not 404", p.status));
            }
        }
        // Following what the public may not see is refused, and writes nothing.
        if *who == "a citizen" {
            let page = format!("/projects/{}", u.public_project);
            for id in [u.draft_project, u.inner_project] {
                let p = b
                    .submit(
                        &page,
                        "/follow",
                        &[("kind", "project"), ("id", &id.to_string())],
                    )
                    .await;
                if p.status != 404 {
                    failures.push(format!("following {id} answered {}", p.status));
                }
            }
            let p = b
                .submit(
                    &page,
                    "/follow",
                    &[("kind", "project"), ("id", &u.public_project.to_string())],
                )
                .await;
            assert_eq!(p.status, 303, "following a public project: {}", p.body);
        }
    }
    // The hidden comment keeps its place, without its text; the count leaves it out.
    let api: serde_json::Value = readers[0]
        .1
        .get(&format!(
            "/api/v1/consultations/{}/comments",
            u.public_consultation
        ))
        .await
        .body
        .parse()
        .unwrap();
    let mut c = db.admin_conn().await;
    let visible: i64 = sqlx::query_scalar(
        "select count(*) from comments where consultation_id = $1 and hidden_at is null and withdrawn_at is null",
    )
    .bind(u.public_consultation)
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!(api["consultation"]["comment_count"], visible);

    // The disabled collectivity: its host and its national page are gone,
    // and nothing of it is in the nation's pages and files.
    let mut nation = Browser::new(&app, "localhost");
    assert_eq!(
        Browser::new(&app, "rabat.localhost").get("/").await.status,
        404
    );
    assert_eq!(nation.get("/collectivities/rabat").await.status, 404);
    let national = [
        "/".to_owned(),
        format!("/regions/{region}"),
        format!("/collectivities/{COMMUNE}"),
        "/open-data/projects.csv".to_owned(),
        "/open-data/projects.json".to_owned(),
        "/open-data/programmes.csv".to_owned(),
        "/open-data/activities.csv".to_owned(),
        "/open-data/project_items.csv".to_owned(),
        "/open-data/indicators.csv".to_owned(),
        "/open-data/evaluations.csv".to_owned(),
        "/open-data/progress_history.csv".to_owned(),
    ];
    for path in &national {
        let p = nation.get(path).await;
        if p.status != 200 {
            failures.push(format!("nation: {path} answered {}", p.status));
            continue;
        }
        for leak in u.leaks(&p.body) {
            failures.push(format!("nation: {path} shows the {leak}"));
        }
        if path.contains("projects") && !p.body.contains(&u.public_project.to_string()) {
            failures.push(format!("nation: {path} misses a public project"));
        }
    }
    // The national managers' participation report counts public contributions only.
    staff(
        &app,
        "national",
        "manager@maroc.ma",
        "national_manager",
        "Hind",
    )
    .await;
    let mut manager = sign_in(&app, "localhost", "manager@maroc.ma").await;
    let p = manager.get("/manage/participation").await;
    assert_eq!(p.status, 200, "{}", p.body);
    for leak in u.leaks(&p.body) {
        failures.push(format!("manager: /manage/participation shows the {leak}"));
    }

    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Followers hear nothing of what the public may not see. A follow row
    // written by hand (as one made before the project's programme went back
    // to draft) is not told of its news.
    let k = TenantId(tenant_id(&db, COMMUNE).await);
    let account: Uuid =
        sqlx::query_scalar("select id from accounts where email = 'lectrice@tanger.ma'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    sqlx::query(
        "insert into follows (tenant_id, account_id, kind, subject_id) values ($1, $2, 'project', $3)",
    )
    .bind(k.0)
    .bind(account)
    .bind(u.inner_project)
    .execute(&mut c)
    .await
    .unwrap();
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&db.app_url())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&pool, k).await.unwrap();
    let told = follow::notify_followers(
        &mut tx,
        Subject::Project(u.inner_project),
        &Event::progress_changed(Uuid::new_v4(), Some("نشاط"), Some("Activité"), 10, 20),
    )
    .await
    .unwrap();
    assert_eq!(told, 0, "a project of a draft programme told its followers");
    let told = follow::notify_followers(
        &mut tx,
        Subject::Project(u.public_project),
        &Event::progress_changed(Uuid::new_v4(), Some("نشاط"), Some("Activité"), 10, 20),
    )
    .await
    .unwrap();
    assert_eq!(told, 1, "the public project's follower is told");
    tx.commit().await.unwrap();
    // The consultation scan (as the worker) tells nobody of the draft
    // programme's open consultation.
    let worker = PgPoolOptions::new()
        .max_connections(2)
        .connect(&db.worker_url())
        .await
        .unwrap();
    digest::run_scans(
        &worker,
        time::OffsetDateTime::now_utc(),
        &Schedule::default(),
    )
    .await
    .unwrap();
    let mut w = sqlx::PgConnection::connect(&db.admin_url()).await.unwrap();
    let events: Vec<String> = sqlx::query_scalar(
        "select event_key from notification_events where event_key like '%' || $1 || '%' or event_key like '%' || $2 || '%'",
    )
    .bind(u.inner_consultation.to_string())
    .bind(u.draft_consultation.to_string())
    .fetch_all(&mut w)
    .await
    .unwrap();
    assert!(
        events.is_empty(),
        "scanned unseen consultations: {events:?}"
    );
}
