//! The back-office without dead ends (#14 §7), over HTTP on Kénitra's demo
//! programme: the staff's home (`/admin`) says what waits for each role —
//! and only what that role can do — and follows the work as it is done;
//! and no staff page of any role links to a page that role cannot open
//! (every link of every back-office page, crawled per role).

use std::collections::{BTreeSet, HashMap, VecDeque};

use infitah_consultation::{
    model::LocalDateTime,
    repo::{self, ConsultationFields},
};
use infitah_platform::{texts::Bilingual, types::TenantId};
use infitah_tests::{
    PASSWORD, TestApp, TestDb, browser::Browser, sign_in, staff, tenant_id, two_communes,
    verified_citizen,
};
use uuid::Uuid;

/// Kénitra with its demo programme, consultations and ideas, and Rabat.
async fn demo() -> (TestDb, TestApp) {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let k = infitah_tests::demo_commune(&db, "kenitra").await;
    let communes = [k.commune()];
    let pool = infitah_platform::db::Db::connect(&secrecy::SecretString::from(db.app_url()), 2)
        .await
        .unwrap();
    infitah_demo::programmes::seed(&pool, &communes)
        .await
        .unwrap();
    infitah_demo::consultations::seed(&pool, &communes)
        .await
        .unwrap();
    infitah_demo::workshops::ideas_demo(&pool, &communes)
        .await
        .unwrap();
    pool.close().await;
    let app = TestApp::spawn(settings).await;
    (db, app)
}

async fn scalar(db: &TestDb, sql: &str) -> i64 {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
}

/// A member of Kénitra's staff with `role`, signed in, reading French.
async fn member<'a>(app: &'a TestApp, role: &str) -> Browser<'a> {
    let email = format!("{role}@kenitra.ma");
    staff(app, "kenitra", &email, role, role).await;
    let mut b = sign_in(app, "kenitra.localhost", &email).await;
    b.cookies.insert("lang".into(), "fr".into());
    b
}

/// The staff home's task headings, as read: ["3 activités en retard", …].
fn tasks(body: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<h2 id="task-\d+"><a href="[^"]*">([^<]*)</a></h2>"#).unwrap();
    re.captures_iter(body)
        .map(|c| c[1].replace("&#39;", "'"))
        .collect()
}

fn plural(n: i64, one: &str, other: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { other })
}

/// Kénitra's late activities, by the rule the pages state: the end month is
/// over and the activity unfinished (computed here from the rows).
async fn late(db: &TestDb) -> i64 {
    scalar(
        db,
        "select count(*) from activities a join tenants t on t.id = a.tenant_id
          where t.slug = 'kenitra' and a.completion < 100
            and a.end_month < date_trunc('month', now() at time zone t.time_zone)",
    )
    .await
}

async fn unanswered(db: &TestDb) -> i64 {
    scalar(
        db,
        "select count(*) from ideas i join tenants t on t.id = i.tenant_id
          where t.slug = 'kenitra' and i.status = 'submitted' and i.hidden_at is null
            and not exists (select 1 from official_answers o where o.item_id = i.id)",
    )
    .await
}

#[tokio::test]
async fn the_staff_home_says_what_waits_for_each_role_and_follows_the_work() {
    let (db, app) = demo().await;
    let kenitra = TenantId(tenant_id(&db, "kenitra").await);

    // Nobody but staff opens it: anonymous, a citizen, Rabat's editor all get 404.
    assert_eq!(
        Browser::new(&app, "kenitra.localhost")
            .get("/admin")
            .await
            .status,
        404
    );
    let mut citizen = verified_citizen(
        &app,
        &db,
        "kenitra.localhost",
        "citoyen@example.ma",
        "Citoyen",
        PASSWORD,
        "fr",
    )
    .await;
    assert_eq!(citizen.get("/admin").await.status, 404);
    staff(&app, "rabat", "editor@rabat.ma", "editor", "Rabat").await;
    let mut rabat = sign_in(&app, "rabat.localhost", "editor@rabat.ma").await;
    assert_eq!(
        rabat.get("/admin").await.status,
        200,
        "Rabat's editor has Rabat's home"
    );
    let mut stray = Browser::new(&app, "kenitra.localhost");
    stray.cookies = rabat.cookies.clone();
    assert_eq!(stray.get("/admin").await.status, 404);

    // The editor: late activities and unanswered ideas, counted as the rows say.
    let mut editor = member(&app, "editor").await;
    let home = editor.get("/admin").await;
    assert_eq!(home.status, 200);
    let (late_before, ideas_before) = (late(&db).await, unanswered(&db).await);
    assert!(
        late_before > 1 && ideas_before > 1,
        "{late_before} {ideas_before}"
    );
    let seen = tasks(&home.body);
    assert!(
        seen.contains(&plural(
            late_before,
            "activité en retard",
            "activités en retard"
        )),
        "{seen:?}"
    );
    assert!(
        seen.contains(&plural(
            ideas_before,
            "idée attend une réponse",
            "idées attendent une réponse"
        )),
        "{seen:?}"
    );
    assert!(
        !seen.iter().any(|t| t.contains("signalé")),
        "moderation is not the editor's: {seen:?}"
    );
    assert!(
        home.body.contains(r#"href="/admin" aria-current="page""#),
        "the home is in the back-office bar"
    );

    // The editor finishes the late activity listed first: one fewer.
    let re = regex::Regex::new(
        r#"href="/admin/plan/projects/([0-9a-f-]{36})#activity-([0-9a-f-]{36})""#,
    )
    .unwrap();
    let c = re.captures(&home.body).expect("a late activity is linked");
    let (project, activity) = (c[1].to_owned(), c[2].to_owned());
    let form = editor.get(&format!("/admin/plan/projects/{project}")).await;
    assert!(
        form.body.contains(&format!(r#"id="activity-{activity}""#)),
        "the link leads to its form"
    );
    let version: i32 = {
        let mut c = db.admin_conn().await;
        sqlx::query_scalar("select version from activities where id = $1::uuid")
            .bind(&activity)
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    let p =
        infitah_tests::set_progress(&mut editor, &project, &activity, version, "100", "terminée")
            .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(late(&db).await, late_before - 1);
    // The page it comes back to says what was saved, to the editor only.
    let back = p.location.clone().unwrap();
    assert!(back.contains("?saved=progress#activity-"), "{back}");
    let saved = r#"<p class="ok-box saved" role="status">Avancement enregistré"#;
    assert!(editor.get(&back).await.body.contains(saved));
    let mut anon = Browser::new(&app, "kenitra.localhost");
    anon.cookies.insert("lang".into(), "fr".into());
    assert!(
        !anon
            .get(&format!("/projects/{project}?saved=progress"))
            .await
            .body
            .contains("ok-box saved")
    );
    // A made-up confirmation says nothing.
    let odd = editor
        .get(&format!(
            "/admin/plan/projects/{project}?saved=%3Cscript%3E"
        ))
        .await;
    assert!(odd.status == 200 && !odd.body.contains("ok-box saved"));
    let seen = tasks(&editor.get("/admin").await.body);
    assert!(
        seen.contains(&plural(
            late_before - 1,
            "activité en retard",
            "activités en retard"
        )),
        "{seen:?}"
    );

    // A consultation opening tomorrow is announced; one a month away is not.
    let programme: Uuid = {
        let mut c = db.admin_conn().await;
        sqlx::query_scalar("select id from programmes where tenant_id = $1")
            .bind(kenitra.0)
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    let mut tx = app.running.state.db.tenant_tx(kenitra).await.unwrap();
    let now: time::PrimitiveDateTime =
        sqlx::query_scalar("select (now() at time zone 'Africa/Casablanca')::timestamp(0)")
            .fetch_one(tx.conn())
            .await
            .unwrap();
    for (title, days) in [
        ("Consultation de demain", 1),
        ("Consultation du mois prochain", 30),
    ] {
        repo::create_consultation(
            &mut tx,
            programme,
            &ConsultationFields {
                project_id: None,
                title: Bilingual::new(None, Some(title.to_owned())),
                description: Bilingual::default(),
                opens: LocalDateTime::new(now + time::Duration::days(days)),
                closes: LocalDateTime::new(now + time::Duration::days(days + 14)),
            },
            "Africa/Casablanca",
            None,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let home = editor.get("/admin").await.body;
    assert!(
        tasks(&home).contains(&"1 consultation ouvre dans les sept jours".to_owned()),
        "{home}"
    );
    assert!(
        home.contains("Consultation de demain") && !home.contains("Consultation du mois prochain")
    );

    // A reader flags an idea: the moderator is told, and not of activities.
    let mut moderator = member(&app, "moderator").await;
    let before = tasks(&moderator.get("/admin").await.body);
    assert!(
        !before
            .iter()
            .any(|t| t.contains("retard") || t.contains("signalé")),
        "{before:?}"
    );
    let idea: Uuid = {
        let mut c = db.admin_conn().await;
        sqlx::query_scalar("select id from ideas where tenant_id = $1 and hidden_at is null order by created_at limit 1")
            .bind(kenitra.0)
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    let p = citizen
        .submit(
            &format!("/ideas/{idea}"),
            &format!("/ideas/{idea}/flag"),
            &[],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let home = moderator.get("/admin").await.body;
    assert!(
        tasks(&home).contains(&"1 contribution signalée attend d'être examinée".to_owned()),
        "{home}"
    );
    assert!(home.contains(&format!(r#"href="/ideas/{idea}""#)) && home.contains("1 signalement"));
    let p = moderator
        .submit(
            "/admin/moderation",
            &format!("/admin/ideas/{idea}/dismiss"),
            &[("next", "/admin")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(
        !tasks(&moderator.get("/admin").await.body)
            .iter()
            .any(|t| t.contains("signalé"))
    );

    // The editor answers the oldest idea: one fewer waits.
    let oldest: Uuid = {
        let mut c = db.admin_conn().await;
        sqlx::query_scalar(
            "select id from ideas i where tenant_id = $1 and status = 'submitted' and hidden_at is null
               and not exists (select 1 from official_answers o where o.item_id = i.id) order by created_at limit 1",
        )
        .bind(kenitra.0)
        .fetch_one(&mut c)
        .await
        .unwrap()
    };
    let p = editor
        .submit(
            &format!("/admin/ideas/{oldest}"),
            &format!("/admin/ideas/{oldest}/answer"),
            &[
                ("body", "Merci, la commune étudie votre idée."),
                ("next", "/admin"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let seen = tasks(&editor.get("/admin").await.body);
    assert!(
        seen.contains(&plural(
            ideas_before - 1,
            "idée attend une réponse",
            "idées attendent une réponse"
        )),
        "{seen:?}"
    );

    // The committee: the published projects without an evaluation of the last half-year.
    let mut committee = member(&app, "committee").await;
    let due = scalar(
        &db,
        "select count(*) from projects p join tenants t on t.id = p.tenant_id
          where t.slug = 'kenitra' and p.published
            and not exists (select 1 from evaluations e where e.project_id = p.id
                  and e.period = case when extract(month from now()) <= 6
                                      then (extract(year from now())::int - 1) || '-H2'
                                      else extract(year from now())::int || '-H1' end)",
    )
    .await;
    let seen = tasks(&committee.get("/admin").await.body);
    assert!(
        !seen
            .iter()
            .any(|t| t.contains("retard") || t.contains("idée")),
        "{seen:?}"
    );
    if due > 0 {
        assert!(
            seen.iter().any(|t| t.starts_with(&plural(
                due,
                "projet publié sans évaluation",
                "projets publiés sans évaluation"
            ))),
            "{seen:?}"
        );
    }

    // The admin: the legal details still to be given, all six of them.
    let mut admin = member(&app, "admin").await;
    let seen = tasks(&admin.get("/admin").await.body);
    assert!(
        seen.contains(&"6 informations des pages légales restent à compléter".to_owned()),
        "{seen:?}"
    );
    let legal = admin.get("/admin").await.body;
    assert!(
        legal.contains(r#"href="/admin/legal#legal-address""#),
        "each missing detail links to its field"
    );
    // Arabic: the same home, right to left, with Arabic plurals.
    admin.cookies.insert("lang".into(), "ar".into());
    let ar = admin.get("/admin").await.body;
    assert!(
        ar.contains(r#"dir="rtl""#) && ar.contains("ما ينتظرك"),
        "{ar}"
    );
    assert!(
        ar.contains("6 معلومات من معلومات الصفحات القانونية"),
        "{ar}"
    );
}

/// The pages a crawl reads more than once are the same page for another id:
/// `/admin/ideas/…` is read for two ideas, not for all of them.
fn pattern(path: &str) -> String {
    let re =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    re.replace_all(path.split('?').next().unwrap_or(path), ":id")
        .into_owned()
}

/// Every same-site link (`<a href>`) of a page.
fn links(body: &str) -> Vec<String> {
    let re = regex::Regex::new(r##"<a [^>]*href="(/[^"#]*)"##).unwrap();
    re.captures_iter(body)
        .map(|c| c[1].replace("&#38;", "&"))
        .filter(|l| !l.starts_with("/lang/") && !l.starts_with("/static/"))
        .collect()
}

/// Reads every back-office page a viewer reaches from `start` by links, and
/// every page those link to: none may answer 403, 404 or a server error.
async fn crawl(b: &mut Browser<'_>, start: &str) -> usize {
    let mut queue = VecDeque::from([(start.to_owned(), "(start)".to_owned())]);
    let mut seen = BTreeSet::new();
    let mut per_pattern: HashMap<String, usize> = HashMap::new();
    let mut read = 0;
    while let Some((path, from)) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let n = per_pattern.entry(pattern(&path)).or_default();
        *n += 1;
        if *n > 2 {
            continue;
        }
        let page = b.get(&path).await;
        read += 1;
        let code = page.status.as_u16();
        assert!(
            code == 200 || code == 303,
            "{} on {}: {path} answers {code} (linked from {from})",
            b.host,
            pattern(&path)
        );
        // A redirect is a page moving on, never a way back to the sign-in page.
        if let Some(to) = page.location.as_deref() {
            assert!(
                !to.contains("/sign-in"),
                "{} on {path}: sent to {to} (linked from {from})",
                b.host
            );
        }
        let staff_page = ["/admin", "/manage"]
            .iter()
            .any(|p| path == *p || path.starts_with(&format!("{p}/")));
        if code == 200 && staff_page {
            for l in links(&page.body) {
                queue.push_back((l, path.clone()));
            }
        }
        assert!(read < 600, "the crawl does not end");
    }
    read
}

#[tokio::test]
async fn no_staff_page_links_to_a_page_its_reader_cannot_open() {
    let (_db, app) = demo().await;
    for role in ["editor", "moderator", "committee", "admin"] {
        let mut b = member(&app, role).await;
        let home = b.get("/admin").await.body;
        // Each back-office section is in the bar only for the roles it opens for.
        assert_eq!(
            home.contains(r#"href="/admin/moderation""#),
            matches!(role, "admin" | "moderator"),
            "{role}"
        );
        assert_eq!(
            home.contains(r#"href="/admin/evaluations""#),
            role == "committee",
            "{role}"
        );
        assert_eq!(
            home.contains(r#"href="/admin/plan""#),
            matches!(role, "admin" | "editor"),
            "{role}"
        );
        let read = crawl(&mut b, "/admin").await;
        assert!(read > 5, "{role} read {read} pages");
        b.cookies.insert("lang".into(), "ar".into());
        crawl(&mut b, "/admin").await;
    }
    for (role, email) in [
        ("national_manager", "gestion@maroc.ma"),
        ("operator", "ops@maroc.ma"),
    ] {
        staff(&app, "national", email, role, role).await;
        let mut b = sign_in(&app, "localhost", email).await;
        let read = crawl(&mut b, "/manage").await;
        assert!(read > 5, "{role} read {read} pages");
    }
}

#[tokio::test]
async fn a_refused_back_office_form_lists_its_errors_at_the_top_linked_to_each_field() {
    let (_db, app) = demo().await;
    let mut editor = member(&app, "editor").await;
    // A workshop without a title or a date.
    let p = editor
        .submit(
            "/admin/workshops",
            "/admin/workshops",
            &[
                ("title_ar", ""),
                ("title_fr", ""),
                ("kind", "consultative"),
                ("held_on", "31/02/2026"),
                ("place", "Salle"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    for field in ["title", "held_on"] {
        assert!(
            p.body.contains(&format!(r##"<a href="#f-{field}">"##)),
            "{field}: {}",
            p.body
        );
        assert!(p.body.contains(&format!(r#"id="f-{field}""#)), "{field}");
    }
    assert!(
        p.body.contains("Le formulaire n&#39;a pas été enregistré"),
        "in French"
    );
    // A project without a title, on the plan page.
    let p = editor
        .submit(
            "/admin/plan",
            "/admin/plan/projects",
            &[("title_ar", ""), ("title_fr", "")],
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(p.body.contains(r##"<a href="#f-title">"##) && p.body.contains(r#"id="f-title""#));
}
