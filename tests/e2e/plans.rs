//! The programme, end to end: the public pages show what editors publish and
//! nothing of drafts or of other collectivities; the back-office validates
//! every field, refuses stale forms and objects of another collectivity, and
//! keeps every change of progress in the public history.

use infitah_plans::{model::Bilingual, write};
use infitah_platform::{db::TenantTx, types::TenantId};
use infitah_tests::{TestApp, TestDb, browser::Browser, tenant_id, two_communes};
use sqlx::postgres::PgPoolOptions;
use time::macros::date;
use uuid::Uuid;

struct Fixture {
    db: TestDb,
    app: TestApp,
    kenitra: TenantId,
    rabat: TenantId,
    project: Uuid,
    activities: Vec<Uuid>,
    draft: Uuid,
    rabat_project: Uuid,
    rabat_activity: Uuid,
}

/// Kénitra with a published project of three activities (October–December
/// 2024, 0 %) and a draft; Rabat with a project of its own.
async fn fixture() -> Fixture {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let (kenitra, rabat) = (
        TenantId(tenant_id(&db, "kenitra").await),
        TenantId(tenant_id(&db, "rabat").await),
    );
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&db.app_url())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&pool, kenitra).await.unwrap();
    let programme = infitah_tests::new_programme(&mut tx).await.unwrap();
    sqlx::query("update programmes set published = true, title_ar = 'برنامج عمل الانفتاح', title_fr = 'Programme d''action d''ouverture'")
        .execute(tx.conn())
        .await
        .unwrap();
    let project = write::create_project(
        &mut tx,
        programme,
        &Bilingual::new(
            Some("احداث هيئات استشارية".into()),
            Some("Création d'instances consultatives".into()),
        ),
    )
    .await
    .unwrap();
    let mut activities = vec![];
    for (ar, fr) in [
        ("خلق محلس محلي للشباب", "Créer un conseil local des jeunes"),
        ("خلق مجلس محلي للطفل", "Créer un conseil local de l'enfant"),
        (
            "خلق مجلس محلي للاشخاص في وضعية اعاقة",
            "Créer un conseil local des personnes en situation de handicap",
        ),
    ] {
        activities.push(
            write::add_activity(
                &mut tx,
                project,
                &Bilingual::new(Some(ar.into()), Some(fr.into())),
                date!(2024 - 10 - 01),
                date!(2024 - 12 - 01),
            )
            .await
            .unwrap(),
        );
    }
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
        &Bilingual::new(None, Some("Budget participatif de Rabat".into())),
    )
    .await
    .unwrap();
    let rabat_activity = write::add_activity(
        &mut tx,
        rabat_project,
        &Bilingual::new(None, Some("Ateliers de quartier".into())),
        date!(2025 - 01 - 01),
        date!(2025 - 06 - 01),
    )
    .await
    .unwrap();
    write::set_published(&mut tx, rabat_project, true, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let app = TestApp::spawn(settings).await;
    Fixture {
        db,
        app,
        kenitra,
        rabat,
        project,
        activities,
        draft,
        rabat_project,
        rabat_activity,
    }
}

async fn completion(db: &TestDb, activity: Uuid) -> (i16, i32) {
    let mut c = db.admin_conn().await;
    sqlx::query_as("select completion, version from activities where id = $1")
        .bind(activity)
        .fetch_one(&mut c)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_editor_sets_progress_and_the_public_page_shows_it_with_its_history() {
    let f = fixture().await;
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    let before = public.get(&format!("/projects/{}", f.project)).await;
    assert_eq!(before.status, 200);
    assert!(before.body.contains("احداث هيئات استشارية") && before.body.contains("<bdi>0 %</bdi>"));
    assert!(
        before.body.contains("أكتوبر 2024") && before.body.contains("دجنبر 2024"),
        "Moroccan month names"
    );

    infitah_tests::staff(
        &f.app,
        "kenitra",
        "editor@kenitra.ma",
        "editor",
        "Rédactrice",
    )
    .await;
    let mut editor = infitah_tests::sign_in(&f.app, "kenitra.localhost", "editor@kenitra.ma").await;
    let form = editor
        .get(&format!("/admin/plan/projects/{}", f.project))
        .await;
    assert_eq!(form.status, 200);
    let (_, version) = completion(&f.db, f.activities[0]).await;
    let p = editor
        .post(
            &format!("/admin/plan/activities/{}/progress", f.activities[0]),
            &[
                ("_csrf", &form.csrf()),
                ("version", &version.to_string()),
                ("completion", "40"),
                ("note", "تم تشكيل لجنة التحضير"),
                ("evidence_url", "https://kenitra.ma/pv-1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);

    // The next public read shows the new progress: 40 % on one of three equal activities → 13 %.
    let after = public.get(&format!("/projects/{}", f.project)).await;
    assert!(
        after.body.contains("<bdi>13 %</bdi>"),
        "project progress not updated"
    );
    assert!(after.body.contains(r#"<bdi class="pct">40 %</bdi>"#));
    assert!(
        after.body.contains("0 % → 40 %")
            && after.body.contains("تم تشكيل لجنة التحضير")
            && after.body.contains("https://kenitra.ma/pv-1")
    );
    assert!(
        after.body.contains("Rédactrice"),
        "the history names who changed it"
    );
    let home = public.get("/").await;
    assert!(home.body.contains("<bdi>13 %</bdi>"));

    // A second change: the history keeps both, newest first.
    let form = editor
        .get(&format!("/admin/plan/projects/{}", f.project))
        .await;
    let (_, version) = completion(&f.db, f.activities[0]).await;
    editor
        .post(
            &format!("/admin/plan/activities/{}/progress", f.activities[0]),
            &[
                ("_csrf", &form.csrf()),
                ("version", &version.to_string()),
                ("completion", "100"),
            ],
        )
        .await;
    let page = public.get(&format!("/projects/{}", f.project)).await.body;
    let (second, first) = (
        page.find("40 % → 100 %").unwrap(),
        page.find("0 % → 40 %").unwrap(),
    );
    assert!(second < first);
    let mut c = f.db.admin_conn().await;
    let events: i64 = sqlx::query_scalar("select count(*) from progress_events")
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert_eq!(events, 2);
}

#[tokio::test]
async fn drafts_and_other_collectivities_projects_are_404() {
    let f = fixture().await;
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    assert_eq!(
        public.get(&format!("/projects/{}", f.draft)).await.status,
        404
    );
    for path in ["/", "/print"] {
        let page = public.get(path).await;
        assert_eq!(page.status, 200);
        assert!(
            !page.body.contains("مشروع سري قيد الإعداد"),
            "draft on {path}"
        );
        assert!(!page.body.contains("Budget participatif de Rabat"));
    }
    // Rabat's project through Kénitra's host, and the reverse.
    assert_eq!(
        public
            .get(&format!("/projects/{}", f.rabat_project))
            .await
            .status,
        404
    );
    let mut rabat = Browser::new(&f.app, "rabat.localhost");
    assert_eq!(
        rabat.get(&format!("/projects/{}", f.project)).await.status,
        404
    );
    // Staff see the draft, marked.
    infitah_tests::staff(
        &f.app,
        "kenitra",
        "editor@kenitra.ma",
        "editor",
        "Rédactrice",
    )
    .await;
    let mut editor = infitah_tests::sign_in(&f.app, "kenitra.localhost", "editor@kenitra.ma").await;
    let page = editor.get(&format!("/projects/{}", f.draft)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("مسودة"));
    // And the anonymous cache was not polluted by the staff view.
    assert!(!public.get("/").await.body.contains("مشروع سري قيد الإعداد"));
}

#[tokio::test]
async fn an_editor_cannot_touch_another_collectivitys_objects() {
    let f = fixture().await;
    infitah_tests::staff(
        &f.app,
        "kenitra",
        "editor@kenitra.ma",
        "editor",
        "Rédactrice",
    )
    .await;
    let mut editor = infitah_tests::sign_in(&f.app, "kenitra.localhost", "editor@kenitra.ma").await;
    let token = editor.get("/admin/plan").await.csrf();
    let before = completion(&f.db, f.rabat_activity).await;
    let p = editor
        .post(
            &format!("/admin/plan/activities/{}/progress", f.rabat_activity),
            &[
                ("_csrf", &token),
                ("version", &before.1.to_string()),
                ("completion", "90"),
            ],
        )
        .await;
    assert_eq!(p.status, 404);
    assert_eq!(
        editor
            .get(&format!("/admin/plan/projects/{}", f.rabat_project))
            .await
            .status,
        404
    );
    let p = editor
        .post(
            &format!("/admin/plan/projects/{}/publish", f.rabat_project),
            &[("_csrf", &token), ("published", "false")],
        )
        .await;
    assert_eq!(p.status, 404);
    let p = editor
        .post(
            &format!("/admin/plan/projects/{}/activities", f.rabat_project),
            &[
                ("_csrf", &token),
                ("title_fr", "x"),
                ("start_month", "2025-01"),
                ("end_month", "2025-02"),
            ],
        )
        .await;
    assert_eq!(p.status, 404);
    assert_eq!(
        completion(&f.db, f.rabat_activity).await,
        before,
        "Rabat's activity changed"
    );
    let mut c = f.db.admin_conn().await;
    let (published, acts): (bool, i64) = sqlx::query_as("select published, (select count(*) from activities where project_id = $1) from projects where id = $1")
        .bind(f.rabat_project)
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert!(published);
    assert_eq!(acts, 1);
    // A citizen, or a Rabat editor, gets 404 for Kénitra's back-office.
    infitah_tests::staff(&f.app, "rabat", "editor@rabat.ma", "editor", "Rédactrice").await;
    let mut other = infitah_tests::sign_in(&f.app, "rabat.localhost", "editor@rabat.ma").await;
    other.host = "kenitra.localhost".into();
    assert_eq!(other.get("/admin/plan").await.status, 404);
    let mut anonymous = Browser::new(&f.app, "kenitra.localhost");
    assert_eq!(
        anonymous
            .get(&format!("/admin/plan/projects/{}", f.project))
            .await
            .status,
        404
    );
    let _ = (f.kenitra, f.rabat);
}

#[tokio::test]
async fn bad_input_is_refused_with_the_field_named_and_nothing_saved() {
    let f = fixture().await;
    infitah_tests::staff(
        &f.app,
        "kenitra",
        "editor@kenitra.ma",
        "editor",
        "Rédactrice",
    )
    .await;
    let mut editor = infitah_tests::sign_in(&f.app, "kenitra.localhost", "editor@kenitra.ma").await;
    editor.cookies.insert("lang".into(), "fr".into());
    let form = editor
        .get(&format!("/admin/plan/projects/{}", f.project))
        .await;
    let token = form.csrf();
    let (c0, v0) = completion(&f.db, f.activities[1]).await;
    for (value, message) in [
        ("101", "entre 0 et 100"),
        ("-1", "entre 0 et 100"),
        ("quarante", "entre 0 et 100"),
        ("", "entre 0 et 100"),
    ] {
        let p = editor
            .post(
                &format!("/admin/plan/activities/{}/progress", f.activities[1]),
                &[
                    ("_csrf", &token),
                    ("version", &v0.to_string()),
                    ("completion", value),
                ],
            )
            .await;
        assert_eq!(p.status, 422, "completion {value:?}");
        assert!(p.body.contains(message), "completion {value:?}");
    }
    let p = editor
        .post(
            &format!("/admin/plan/activities/{}/progress", f.activities[1]),
            &[
                ("_csrf", &token),
                ("version", &v0.to_string()),
                ("completion", "50"),
                ("evidence_url", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("https://"));
    let long_note = "x".repeat(2001);
    let p = editor
        .post(
            &format!("/admin/plan/activities/{}/progress", f.activities[1]),
            &[
                ("_csrf", &token),
                ("version", &v0.to_string()),
                ("completion", "50"),
                ("note", &long_note),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert_eq!(
        completion(&f.db, f.activities[1]).await,
        (c0, v0),
        "a refused form changed the activity"
    );

    // An activity ending before it starts.
    let p = editor
        .post(
            &format!("/admin/plan/projects/{}/activities", f.project),
            &[
                ("_csrf", &token),
                ("title_fr", "À l'envers"),
                ("start_month", "2025-06"),
                ("end_month", "2025-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Le mois de fin précède le mois de début"));

    // The card: unknown pillar, negative and non-numeric budgets, a title over its limit.
    let version: i32 = {
        let mut c = f.db.admin_conn().await;
        sqlx::query_scalar("select version from projects where id = $1")
            .bind(f.project)
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    let long_title = "ع".repeat(301);
    let v = version.to_string();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("title_ar", "احداث هيئات استشارية"),
                ("pillar", "astrology"),
            ],
            "Pilier inconnu",
        ),
        (
            vec![
                ("title_ar", "احداث هيئات استشارية"),
                ("budget_stated", "on"),
                ("budget_mad", "-5"),
            ],
            "montant positif",
        ),
        (
            vec![
                ("title_ar", "احداث هيئات استشارية"),
                ("budget_stated", "on"),
                ("budget_mad", "beaucoup"),
            ],
            "montant positif",
        ),
        (vec![("title_ar", &long_title)], "300 caractères au plus"),
        (vec![("title_ar", "")], "Saisissez l"),
    ];
    for (fields, message) in cases {
        let mut all = vec![("_csrf", token.as_str()), ("version", v.as_str())];
        all.extend(fields.iter().copied());
        let p = editor
            .post(&format!("/admin/plan/projects/{}", f.project), &all)
            .await;
        assert_eq!(p.status, 422, "{message}");
        assert!(p.body.contains(message), "{message} missing");
    }
    let mut c = f.db.admin_conn().await;
    let (v_now, pillars, budget): (i32, i64, bool) = sqlx::query_as(
        "select version, (select count(*) from project_pillars where project_id = $1), budget_stated from projects where id = $1",
    )
    .bind(f.project)
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!(
        (v_now, pillars, budget),
        (version, 0, false),
        "a refused card was saved"
    );

    // A stale form over a newer edit.
    let ok = editor
        .post(
            &format!("/admin/plan/projects/{}", f.project),
            &[
                ("_csrf", &token),
                ("version", &v),
                ("title_ar", "احداث هيئات استشارية"),
                ("pillar", "participation"),
            ],
        )
        .await;
    assert_eq!(ok.status, 200);
    let stale = editor
        .post(
            &format!("/admin/plan/projects/{}", f.project),
            &[
                ("_csrf", &token),
                ("version", &v),
                ("title_ar", "عنوان قديم"),
            ],
        )
        .await;
    assert_eq!(stale.status, 422);
    assert!(
        stale.body.contains("Quelqu&#39;un d&#39;autre a modifié")
            || stale.body.contains("Quelqu'un d'autre a modifié")
    );
    let title: String = sqlx::query_scalar("select title_ar from projects where id = $1")
        .bind(f.project)
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert_eq!(title, "احداث هيئات استشارية");
}

#[tokio::test]
async fn two_editors_updating_one_activity_at_once_never_lose_an_update_silently() {
    let f = fixture().await;
    infitah_tests::staff(&f.app, "kenitra", "one@kenitra.ma", "editor", "Rédactrice").await;
    infitah_tests::staff(&f.app, "kenitra", "two@kenitra.ma", "editor", "Rédactrice").await;
    let mut one = infitah_tests::sign_in(&f.app, "kenitra.localhost", "one@kenitra.ma").await;
    let mut two = infitah_tests::sign_in(&f.app, "kenitra.localhost", "two@kenitra.ma").await;
    let t1 = one.get("/admin/plan").await.csrf();
    let t2 = two.get("/admin/plan").await.csrf();
    let (_, version) = completion(&f.db, f.activities[2]).await;
    let v = version.to_string();
    let path = format!("/admin/plan/activities/{}/progress", f.activities[2]);
    let (f1, f2) = (
        [
            ("_csrf", t1.as_str()),
            ("version", v.as_str()),
            ("completion", "30"),
        ],
        [
            ("_csrf", t2.as_str()),
            ("version", v.as_str()),
            ("completion", "60"),
        ],
    );
    let (a, b) = tokio::join!(one.post(&path, &f1), two.post(&path, &f2));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(
        statuses,
        [303, 422],
        "exactly one update wins, the other is told"
    );
    let (value, new_version) = completion(&f.db, f.activities[2]).await;
    assert!(value == 30 || value == 60);
    assert_eq!(new_version, version + 1);
    let mut c = f.db.admin_conn().await;
    let events: Vec<(i16, i16)> =
        sqlx::query_as("select old_value, new_value from progress_events where activity_id = $1")
            .bind(f.activities[2])
            .fetch_all(&mut c)
            .await
            .unwrap();
    assert_eq!(events, [(0, value)]);
}

#[tokio::test]
async fn the_adopted_snapshot_cannot_change() {
    let f = fixture().await;
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&f.db.app_url())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&pool, f.kenitra).await.unwrap();
    let programme: Uuid = sqlx::query_scalar("select id from programmes")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    let snapshot =
        serde_json::json!({"projects": [{"id": f.project, "title_ar": "احداث هيئات استشارية"}]});
    write::record_decision(
        &mut tx,
        programme,
        &write::NewDecision {
            decided_on: date!(2021 - 07 - 06),
            session_ref: "الدورة العادية لشهر يوليوز 2021",
            votes: (41, 0, 2),
            text: &Bilingual::new(Some("صادق المجلس".into()), None),
        },
        snapshot.clone(),
        Uuid::now_v7(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&pool, f.kenitra).await.unwrap();
    let again = write::record_decision(
        &mut tx,
        programme,
        &write::NewDecision {
            decided_on: date!(2022 - 01 - 01),
            session_ref: "x",
            votes: (0, 0, 0),
            text: &Bilingual::default(),
        },
        serde_json::json!({}),
        Uuid::now_v7(),
    )
    .await;
    assert!(matches!(again, Err(write::WriteError::Frozen)));
    tx.rollback().await.unwrap();
    for sql in [
        "update council_decisions set snapshot = '{}'",
        "update council_decisions set votes_for = 99",
        "delete from council_decisions",
    ] {
        let mut tx = TenantTx::begin(&pool, f.kenitra).await.unwrap();
        let err = sqlx::query(sql).execute(tx.conn()).await.unwrap_err();
        assert!(
            err.to_string().contains("cannot change once recorded"),
            "{sql}: {err}"
        );
    }
    let mut tx = TenantTx::begin(&pool, f.kenitra).await.unwrap();
    let stored: serde_json::Value = sqlx::query_scalar("select snapshot from council_decisions")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(stored, snapshot);
}

#[tokio::test]
async fn the_api_serves_published_data_and_takes_progress_with_the_same_rules() {
    let f = fixture().await;
    let client = &f.app.client;
    let get =
        |host: &'static str, path: String| client.get(f.app.url(&path)).header("host", host).send();
    let prog: serde_json::Value = get("kenitra.localhost", "/api/v1/programme".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(prog["collectivity"]["slug"], "kenitra");
    infitah_tests::assert_matches_openapi("Programme", &prog);
    let ids: Vec<&str> = prog["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [f.project.to_string()], "drafts must not appear");
    assert_eq!(prog["projects"][0]["status"], "late");
    let card = get(
        "kenitra.localhost",
        format!("/api/v1/projects/{}", f.project),
    )
    .await
    .unwrap();
    assert_eq!(card.headers()["content-type"], "application/json");
    let card: serde_json::Value = card.json().await.unwrap();
    infitah_tests::assert_matches_openapi("Card", &card);
    assert_eq!(card["title"]["ar"], "احداث هيئات استشارية");
    assert_eq!(card["budget"]["stated"], false);
    assert_eq!(card["activities"].as_array().unwrap().len(), 3);
    for (host, id) in [
        ("kenitra.localhost", f.draft),
        ("kenitra.localhost", f.rabat_project),
        ("rabat.localhost", f.project),
    ] {
        let r = get(host, format!("/api/v1/projects/{id}")).await.unwrap();
        assert_eq!(r.status(), 404, "{host} {id}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"], "not_found");
    }
    let doc: serde_json::Value = get("kenitra.localhost", "/api/v1/openapi.json".into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["paths"]["/api/v1/activities/{id}/progress"]["post"].is_object());
    // Every status a read route answers — to good input, to a missing id, to
    // bytes that are not UTF-8, to a control or bidi character in its query —
    // is in the document, with the Error schema when it is an error.
    let reads = [
        ("/api/v1/programme", "/api/v1/programme".to_owned()),
        (
            "/api/v1/projects/{id}",
            format!("/api/v1/projects/{}", f.project),
        ),
        (
            "/api/v1/projects/{id}",
            format!("/api/v1/projects/{}", Uuid::new_v4()),
        ),
        ("/api/v1/projects/{id}", "/api/v1/projects/%FF".to_owned()),
        (
            "/api/v1/consultations/{id}/comments",
            format!("/api/v1/consultations/{}/comments", Uuid::new_v4()),
        ),
        ("/api/v1/ideas", "/api/v1/ideas".to_owned()),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (template, path) in reads {
        for query in ["", "?axis=a%00b", "?axis=%E2%80%AEx", "?page=%FF"] {
            let r = get("kenitra.localhost", format!("{path}{query}"))
                .await
                .unwrap();
            let status = r.status().as_u16();
            let documented = &doc["paths"][template]["get"]["responses"][status.to_string()];
            assert!(
                documented.is_object(),
                "{path}{query} answered {status}, not in openapi.json"
            );
            seen.insert(status);
            if status >= 400 {
                let body: serde_json::Value = r.json().await.unwrap();
                infitah_tests::assert_matches_openapi("Error", &body);
            }
        }
    }
    assert!(
        [200, 400, 404, 422].iter().all(|s| seen.contains(s)),
        "the sweep reached only {seen:?}"
    );

    // Writing: an editor's session, its CSRF token, the back-office's rules.
    infitah_tests::staff(
        &f.app,
        "kenitra",
        "editor@kenitra.ma",
        "editor",
        "Rédactrice",
    )
    .await;
    let editor = infitah_tests::sign_in(&f.app, "kenitra.localhost", "editor@kenitra.ma").await;
    let cookie = editor
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let token: serde_json::Value = client
        .get(f.app.url("/api/v1/csrf"))
        .header("host", "kenitra.localhost")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["csrf_token"].as_str().unwrap().to_owned();
    let (_, version) = completion(&f.db, f.activities[0]).await;
    let post = |id: Uuid, body: serde_json::Value, with_token: bool| {
        let mut rq = client
            .post(f.app.url(&format!("/api/v1/activities/{id}/progress")))
            .header("host", "kenitra.localhost")
            .header("cookie", &cookie)
            .header("accept-language", "fr")
            .json(&body);
        if with_token {
            rq = rq.header("x-csrf-token", &token);
        }
        rq.send()
    };
    assert_eq!(
        post(
            f.activities[0],
            serde_json::json!({"completion": 50, "version": version}),
            false
        )
        .await
        .unwrap()
        .status(),
        403
    );
    let r = post(
        f.activities[0],
        serde_json::json!({"completion": 150, "version": version}),
        true,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "completion");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("entre 0 et 100")
    );
    assert_eq!(
        post(
            f.rabat_activity,
            serde_json::json!({"completion": 50, "version": 1}),
            true
        )
        .await
        .unwrap()
        .status(),
        404
    );
    let r = post(
        f.activities[0],
        serde_json::json!({"completion": 50, "version": version, "note": "via l'API"}),
        true,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let r = post(
        f.activities[0],
        serde_json::json!({"completion": 60, "version": version}),
        true,
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422, "a stale version must be refused");
    assert_eq!(completion(&f.db, f.activities[0]).await, (50, version + 1));
    // The public JSON shows it at once.
    let card: serde_json::Value = get(
        "kenitra.localhost",
        format!("/api/v1/projects/{}", f.project),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(card["progress"], 17);
    assert_eq!(card["history"][0]["note"], "via l'API");
}

#[tokio::test]
async fn the_council_approval_freezes_the_programme_and_pages_show_what_changed_since() {
    let f = fixture().await;
    infitah_tests::staff(&f.app, "kenitra", "admin@kenitra.ma", "admin", "Rédactrice").await;
    let mut admin = infitah_tests::sign_in(&f.app, "kenitra.localhost", "admin@kenitra.ma").await;
    admin.cookies.insert("lang".into(), "fr".into());
    // Stage dates: the end of a stage before its start is refused, whole.
    let p = admin
        .submit(
            "/admin/plan/council",
            "/admin/plan/stages",
            &[
                ("approval_actual_start", "2021-07-06"),
                ("approval_actual_end", "2021-07-01"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Le mois de fin précède") || p.body.contains("précède"));
    let p = admin
        .submit(
            "/admin/plan/council",
            "/admin/plan/stages",
            &[
                ("consultation_actual_start", "2021-05-03"),
                ("consultation_actual_end", "2021-05-31"),
                ("approval_actual_start", "2021-07-06"),
                ("approval_actual_end", "2021-07-06"),
            ],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let home = Browser::new(&f.app, "kenitra.localhost")
        .get("/")
        .await
        .body;
    assert!(home.contains("ماي 2021"), "stage dates on the public page");

    // Bad votes are refused; a good decision is recorded once.
    let p = admin
        .submit(
            "/admin/plan/council",
            "/admin/plan/council",
            &[
                ("decided_on", "2021-07-06"),
                ("session_ref", "Session ordinaire de juillet 2021"),
                ("votes_for", "-3"),
                ("votes_against", "0"),
                ("votes_abstain", "0"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    let p = admin
        .submit(
            "/admin/plan/council",
            "/admin/plan/council",
            &[
                ("decided_on", "2021-07-06"),
                ("session_ref", "Session ordinaire de juillet 2021"),
                ("votes_for", "41"),
                ("votes_against", "0"),
                ("votes_abstain", "2"),
                ("text_fr", "Le conseil approuve le programme."),
            ],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let p = admin
        .submit(
            "/admin/plan/council",
            "/admin/plan/council",
            &[
                ("decided_on", "2022-01-01"),
                ("session_ref", "x"),
                ("votes_for", "1"),
                ("votes_against", "0"),
                ("votes_abstain", "0"),
            ],
        )
        .await;
    assert_eq!(p.status, 422, "a second decision must be refused");

    let mut public = Browser::new(&f.app, "kenitra.localhost");
    public.cookies.insert("lang".into(), "fr".into());
    let page = public.get(&format!("/projects/{}", f.project)).await.body;
    assert!(
        page.contains("n&#39;a pas changé depuis") || page.contains("n'a pas changé depuis"),
        "unchanged since adoption"
    );

    // An editor changes the title and the activities: the page says so.
    let version: i32 = {
        let mut c = f.db.admin_conn().await;
        sqlx::query_scalar("select version from projects where id = $1")
            .bind(f.project)
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    let p = admin
        .submit(
            &format!("/admin/plan/projects/{}", f.project),
            &format!("/admin/plan/projects/{}", f.project),
            &[
                ("version", &version.to_string()),
                ("title_ar", "احداث هيئات استشارية جديدة"),
            ],
        )
        .await;
    assert_eq!(p.status, 200);
    let page = public.get(&format!("/projects/{}", f.project)).await.body;
    assert!(
        page.contains("Ces parties ont changé"),
        "changes since adoption"
    );
    assert!(page.contains("<li>Intitulé</li>"));
    // A measurement with a bad value is refused; a good one shows on the card.
    let ind = {
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect(&f.db.app_url())
            .await
            .unwrap();
        let mut tx = TenantTx::begin(&pool, f.kenitra).await.unwrap();
        let id = write::add_indicator(
            &mut tx,
            f.project,
            &Bilingual::new(Some("عدد الطلبات المقدمة عن كل مجلس محلي".into()), None),
            Some("طلب"),
            Some("0"),
            Some("120"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    };
    let p = admin
        .submit(
            &format!("/admin/plan/projects/{}", f.project),
            &format!("/admin/plan/indicators/{ind}/measurements"),
            &[("measured_on", "2025-03-01"), ("value", "beaucoup")],
        )
        .await;
    assert_eq!(p.status, 422);
    let p = admin
        .submit(
            &format!("/admin/plan/projects/{}", f.project),
            &format!("/admin/plan/indicators/{ind}/measurements"),
            &[("measured_on", "2025-03-01"), ("value", "35")],
        )
        .await;
    assert_eq!(p.status, 303);
    let page = public.get(&format!("/projects/{}", f.project)).await.body;
    assert!(
        page.contains("35.00 طلب") || page.contains("35 طلب") || page.contains("35.00"),
        "the measurement on the card"
    );
}
