//! Ideas, workshops and participation statistics, end to end over HTTP as a
//! browser does it, against PostgreSQL as the application role: an idea
//! needs its axis, profile and age bracket (422, named in the visitor's
//! language, nothing saved); staff merge an idea into a project and the
//! project page says so; another collectivity's idea is 404 and stays as it
//! was; what a citizen writes stays inert on pages and in CSV files, where
//! no cell can become a formula; a workshop's CSV upload is all or nothing,
//! with the bad row named; paper contributions count with the online ones;
//! public statistics never show a count below 5, staff get exact figures.

use infitah_plans::{model::Bilingual, write};
use infitah_platform::{db::TenantTx, types::TenantId};
use infitah_tests::{
    TestApp, TestDb,
    browser::{Browser, Page},
    tenant_id, two_communes,
};
use sqlx::postgres::PgPoolOptions;
use uuid::Uuid;

const PASSWORD: &str = "une phrase assez longue pour Kénitra";

struct Fx {
    db: TestDb,
    app: TestApp,
    kenitra: TenantId,
    programme: Uuid,
    project: Uuid,
    other_project: Uuid,
    consultation: Uuid,
    rabat_idea: Uuid,
    rabat_consultation: Uuid,
}

/// Kénitra: a published programme with two published projects and an open
/// consultation on the first (opened 70 days ago); Rabat: a project, a
/// consultation and an idea of its own.
async fn fixture() -> Fx {
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
    sqlx::query("update programmes set published = true, title_ar = 'برنامج عمل الانفتاح'")
        .execute(tx.conn())
        .await
        .unwrap();
    let mut projects = vec![];
    for (ar, fr) in [
        ("احداث هيئات استشارية", "Création d'instances consultatives"),
        ("بوابة المعطيات المفتوحة", "Portail des données ouvertes"),
    ] {
        let p = write::create_project(
            &mut tx,
            programme,
            &Bilingual::new(Some(ar.into()), Some(fr.into())),
        )
        .await
        .unwrap();
        write::set_published(&mut tx, p, true, None).await.unwrap();
        projects.push(p);
    }
    let consultation = Uuid::now_v7();
    sqlx::query(
        "insert into consultations (tenant_id, id, programme_id, project_id, title_ar, title_fr, opens_at, closes_at)
         values ($1, $2, $3, $4, 'التشاور حول المشروع', 'Consultation sur le projet', now() - interval '70 days', now() + interval '10 days')",
    )
    .bind(kenitra.0)
    .bind(consultation)
    .bind(programme)
    .bind(projects[0])
    .execute(tx.conn())
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut tx = TenantTx::begin(&pool, rabat).await.unwrap();
    let rp = infitah_tests::new_programme(&mut tx).await.unwrap();
    let author = Uuid::now_v7();
    sqlx::query("insert into accounts (tenant_id, id, email, display_name, lang, email_verified_at) values ($1, $2, 'r@rabat.ma', 'R', 'fr', now())")
        .bind(rabat.0)
        .bind(author)
        .execute(tx.conn())
        .await
        .unwrap();
    let rabat_idea = Uuid::now_v7();
    sqlx::query(
        "insert into ideas (tenant_id, id, programme_id, axis, author_id, profile, age_bracket, title, body)
         values ($1, $2, $3, 'participation', $4, 'citizen', '25_34', 'Idée de Rabat', 'Un budget participatif')",
    )
    .bind(rabat.0)
    .bind(rabat_idea)
    .bind(rp)
    .bind(author)
    .execute(tx.conn())
    .await
    .unwrap();
    let rabat_consultation = Uuid::now_v7();
    sqlx::query(
        "insert into consultations (tenant_id, id, programme_id, title_fr, opens_at, closes_at)
         values ($1, $2, $3, 'Consultation de Rabat', now() - interval '5 days', now() + interval '5 days')",
    )
    .bind(rabat.0)
    .bind(rabat_consultation)
    .bind(rp)
    .execute(tx.conn())
    .await
    .unwrap();
    tx.commit().await.unwrap();
    pool.close().await;
    let app = TestApp::spawn(settings).await;
    Fx {
        db,
        app,
        kenitra,
        programme,
        project: projects[0],
        other_project: projects[1],
        consultation,
        rabat_idea,
        rabat_consultation,
    }
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
}

async fn editor(f: &Fx) -> Browser<'_> {
    infitah_tests::staff(
        &f.app,
        "kenitra",
        "editor@kenitra.ma",
        "editor",
        "Rédactrice",
    )
    .await;
    infitah_tests::sign_in(&f.app, "kenitra.localhost", "editor@kenitra.ma").await
}

/// A citizen of Kénitra who signed up and verified the address.
async fn citizen<'a>(f: &'a Fx, email: &str) -> Browser<'a> {
    infitah_tests::verified_citizen(
        &f.app,
        &f.db,
        "kenitra.localhost",
        email,
        "أمينة",
        PASSWORD,
        "ar",
    )
    .await
}

async fn to_french(b: &mut Browser<'_>) {
    assert_eq!(b.get("/lang/fr?next=/").await.status, 303);
}

async fn submit_idea(b: &mut Browser<'_>, fields: &[(&str, &str)]) -> Page {
    b.submit("/ideas/new", "/ideas", fields).await
}

/// GETs a CSV with the browser's cookies: its status and text.
async fn get_text(b: &mut Browser<'_>, path: &str) -> (u16, String) {
    let p = b.get(path).await;
    (p.status.as_u16(), p.body)
}

/// POSTs a multipart form with a file, as a browser without JavaScript does.
async fn upload(
    app: &TestApp,
    b: &Browser<'_>,
    path: &str,
    csrf: &str,
    file: &str,
) -> (u16, String) {
    let boundary = "----infitahBoundary7MA4YWxkTrZu0gW";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"atelier.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n\
         --{boundary}--\r\n"
    );
    let cookies = b
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let r = app
        .client
        .post(app.url(path))
        .header("host", &b.host)
        .header("origin", format!("http://{}", b.host))
        .header("cookie", cookies)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Creates a consultative workshop feeding `consultation` through the back-office; returns its id.
async fn create_workshop(f: &Fx, ed: &mut Browser<'_>, consultation: Uuid) -> Uuid {
    let p = ed
        .submit(
            "/admin/workshops",
            "/admin/workshops",
            &[
                ("title_ar", "ورشة تشاورية"),
                ("title_fr", "Atelier consultatif"),
                ("kind", "consultative"),
                ("held_on", "2025-03-15"),
                ("place", "Dar Chabab"),
                ("consultation", &consultation.to_string()),
                ("minutes", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let loc = p.location.unwrap();
    let id: Uuid = loc
        .trim_start_matches("/admin/workshops/")
        .trim_end_matches("?saved=workshop")
        .parse()
        .unwrap();
    let stored: i64 = count(
        &f.db,
        &format!("select count(*) from workshops where id = '{id}' and consultation_id = '{consultation}'"),
    )
    .await;
    assert_eq!(stored, 1);
    id
}

// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_idea_needs_its_axis_profile_and_age_bracket_named_in_arabic_and_french() {
    let f = fixture().await;
    let mut b = citizen(&f, "amina@example.ma").await;
    let bare = [("title", "فكرة"), ("body", "نص الفكرة")];
    let p = submit_idea(&mut b, &bare).await;
    assert_eq!(p.status, 422);
    for named in [
        "المحور: اختاروا محورًا",
        "الصفة: هذا الحقل إجباري",
        "الفئة العمرية: هذا الحقل إجباري",
    ] {
        assert!(p.body.contains(named), "missing {named}");
    }
    assert!(p.body.contains("نص الفكرة"), "what was typed is kept");
    to_french(&mut b).await;
    let p = submit_idea(&mut b, &bare).await;
    assert_eq!(p.status, 422);
    for named in [
        "Axe\u{a0}: choisissez un axe",
        "Profil\u{a0}: ce champ est obligatoire",
        "Tranche d&#39;âge\u{a0}: ce champ est obligatoire",
    ] {
        assert!(p.body.contains(named), "missing {named}: {}", p.body);
    }
    // An axis outside the catalogue is no axis.
    let p = submit_idea(
        &mut b,
        &[
            ("axis", "fiscalite"),
            ("title", "t"),
            ("body", "b"),
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
        ],
    )
    .await;
    assert_eq!(p.status, 422);
    assert_eq!(
        count(&f.db, "select count(*) from ideas").await,
        1,
        "only Rabat's"
    );

    let p = submit_idea(
        &mut b,
        &[
            ("axis", "participation"),
            ("title", "مجلس للشباب"),
            ("body", "نقترح مجلسا محليا للشباب"),
            ("profile", "association"),
            ("age_bracket", "18_24"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut c = f.db.admin_conn().await;
    let (axis, profile, age, status): (String, String, String, String) = sqlx::query_as(
        "select axis, profile, age_bracket, status from ideas where title = 'مجلس للشباب'",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!(
        (
            axis.as_str(),
            profile.as_str(),
            age.as_str(),
            status.as_str()
        ),
        ("participation", "association", "18_24", "submitted")
    );
    // Public: listed under its axis, not under another.
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    assert!(
        public
            .get("/ideas?axis=participation")
            .await
            .body
            .contains("مجلس للشباب")
    );
    assert!(
        !public
            .get("/ideas?axis=digitalisation")
            .await
            .body
            .contains("مجلس للشباب")
    );
    let page = public.get(p.location.as_deref().unwrap()).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("نقترح مجلسا محليا للشباب"));
    // Anonymous visitors are sent to sign in; nobody anonymous can post.
    assert_eq!(public.get("/ideas/new").await.status, 303);
}

#[tokio::test]
async fn a_double_post_counts_once_submissions_are_throttled_and_unverified_accounts_refused() {
    let f = fixture().await;
    let mut b = citizen(&f, "karim@example.ma").await;
    let idea = |title: String| {
        vec![
            ("axis", "digitalisation".to_owned()),
            ("title", title),
            ("body", "Un guichet en ligne".to_owned()),
            ("profile", "citizen".to_owned()),
            ("age_bracket", "35_44".to_owned()),
        ]
    };
    // The same idea twice (a double click): one idea, the second answer leads to it.
    let same = idea("Suivi des demandes en ligne".into());
    let same: Vec<(&str, &str)> = same.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let first = submit_idea(&mut b, &same).await;
    let second = submit_idea(&mut b, &same).await;
    assert_eq!((first.status.as_u16(), second.status.as_u16()), (303, 303));
    assert_eq!(first.location, second.location);
    assert_eq!(
        count(
            &f.db,
            "select count(*) from ideas where title = 'Suivi des demandes en ligne'"
        )
        .await,
        1
    );
    // Ten ideas an hour per account: the eleventh and twelfth are refused.
    let mut statuses = vec![];
    for i in 0..11 {
        let fields = idea(format!("Idée numéro {i}"));
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        statuses.push(submit_idea(&mut b, &fields).await.status.as_u16());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        9,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        count(
            &f.db,
            "select count(*) from ideas where author_id is not null and title like 'Idée numéro %'"
        )
        .await,
        9
    );
    // An account whose address is not verified cannot submit.
    let mut c = f.db.admin_conn().await;
    sqlx::query("update accounts set email_verified_at = null where email = 'karim@example.ma'")
        .execute(&mut c)
        .await
        .unwrap();
    let page = b.get("/ideas/new").await;
    assert!(page.body.contains("أكّدوا عنوان بريدكم الإلكتروني أولًا"));
    let token = b.get("/ideas").await.csrf();
    let p = b
        .post(
            "/ideas",
            &[
                ("_csrf", token.as_str()),
                ("axis", "digitalisation"),
                ("title", "Non vérifié"),
                ("body", "x"),
                ("profile", "citizen"),
                ("age_bracket", "35_44"),
            ],
        )
        .await;
    assert_eq!(p.status, 403);
    assert_eq!(
        count(
            &f.db,
            "select count(*) from ideas where title = 'Non vérifié'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn staff_merge_an_idea_into_a_project_and_the_project_page_lists_it() {
    let f = fixture().await;
    let mut b = citizen(&f, "salma@example.ma").await;
    let p = submit_idea(
        &mut b,
        &[
            ("axis", "participation"),
            ("title", "مجلس محلي للأطفال"),
            ("body", "إشراك الأطفال في قرارات الجماعة"),
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
        ],
    )
    .await;
    assert_eq!(p.status, 303);
    let idea: Uuid = p
        .location
        .unwrap()
        .trim_start_matches("/ideas/")
        .parse()
        .unwrap();
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    let before = public.get(&format!("/projects/{}", f.project)).await;
    assert!(!before.body.contains("مجلس محلي للأطفال"));

    let mut ed = editor(&f).await;
    let page = ed.get(&format!("/admin/ideas/{idea}")).await;
    assert_eq!(page.status, 200);
    // Merging needs a project of this collectivity.
    let p = ed
        .post(
            &format!("/admin/ideas/{idea}/merge"),
            &[("_csrf", &page.csrf()), ("project", "")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("المشروع: اختاروا مشروعًا"));
    let p = ed
        .post(
            &format!("/admin/ideas/{idea}/merge"),
            &[("_csrf", &page.csrf()), ("project", &f.project.to_string())],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut c = f.db.admin_conn().await;
    let (status, project): (String, Option<Uuid>) =
        sqlx::query_as("select status, project_id from ideas where id = $1")
            .bind(idea)
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert_eq!((status.as_str(), project), ("merged", Some(f.project)));

    // The project page (anonymous, after the cached copy) names the idea it came from.
    let after = public.get(&format!("/projects/{}", f.project)).await;
    assert!(
        after.body.contains("انبثق من أفكار المواطنين"),
        "{}",
        after.body
    );
    assert!(after.body.contains(&format!("/ideas/{idea}")));
    assert!(after.body.contains("مجلس محلي للأطفال"));
    // The other project does not.
    let other = public.get(&format!("/projects/{}", f.other_project)).await;
    assert!(!other.body.contains("مجلس محلي للأطفال"));
    // The idea's page links to its project.
    let page = public.get(&format!("/ideas/{idea}")).await;
    assert!(page.body.contains(&format!("/projects/{}", f.project)));

    // Accepting for the other project moves it there.
    let token = ed.get(&format!("/admin/ideas/{idea}")).await.csrf();
    let p = ed
        .post(
            &format!("/admin/ideas/{idea}/accept"),
            &[("_csrf", &token), ("project", &f.other_project.to_string())],
        )
        .await;
    assert_eq!(p.status, 303);
    assert!(
        public
            .get(&format!("/projects/{}", f.other_project))
            .await
            .body
            .contains("مجلس محلي للأطفال")
    );
    // Once hidden by moderation it leaves the project page.
    sqlx::query("update ideas set hidden_at = now(), hidden_reason = 'off_topic' where id = $1")
        .bind(idea)
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("update content_versions set version = version + 1")
        .execute(&mut c)
        .await
        .unwrap();
    f.app.running.state.versions.forget(f.kenitra);
    assert!(
        !public
            .get(&format!("/projects/{}", f.other_project))
            .await
            .body
            .contains("مجلس محلي للأطفال")
    );
}

#[tokio::test]
async fn another_collectivitys_idea_is_404_for_reading_accepting_and_merging() {
    let f = fixture().await;
    let mut ed = editor(&f).await;
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    assert_eq!(
        public.get(&format!("/ideas/{}", f.rabat_idea)).await.status,
        404
    );
    assert_eq!(
        ed.get(&format!("/ideas/{}", f.rabat_idea)).await.status,
        404
    );
    assert_eq!(
        ed.get(&format!("/admin/ideas/{}", f.rabat_idea))
            .await
            .status,
        404
    );
    let csrf = ed.get("/admin/workshops").await.csrf();
    for action in ["accept", "merge"] {
        let p = ed
            .post(
                &format!("/admin/ideas/{}/{action}", f.rabat_idea),
                &[("_csrf", &csrf), ("project", &f.project.to_string())],
            )
            .await;
        assert_eq!(p.status, 404, "{action}");
    }
    let mut c = f.db.admin_conn().await;
    let (status, project): (String, Option<Uuid>) =
        sqlx::query_as("select status, project_id from ideas where id = $1")
            .bind(f.rabat_idea)
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert_eq!((status.as_str(), project), ("submitted", None));
    // Nor is it in Kénitra's lists and exports.
    assert!(!public.get("/ideas").await.body.contains("Idée de Rabat"));
    assert!(
        !get_text(&mut public, "/ideas.csv")
            .await
            .1
            .contains("Idée de Rabat")
    );
    assert!(
        !get_text(&mut public, "/api/v1/ideas")
            .await
            .1
            .contains("Idée de Rabat")
    );
    // Another collectivity's consultation has no statistics here.
    assert_eq!(
        public
            .get(&format!("/consultations/{}/stats", f.rabat_consultation))
            .await
            .status,
        404
    );
    assert_eq!(
        ed.get(&format!(
            "/consultations/{}/stats.csv",
            f.rabat_consultation
        ))
        .await
        .status,
        404
    );
    // The staff pages are not there for citizens.
    let mut b = citizen(&f, "nadia@example.ma").await;
    assert_eq!(b.get("/admin/ideas").await.status, 404);
    assert_eq!(b.get("/admin/workshops").await.status, 404);
    assert_eq!(
        b.get(&format!("/consultations/{}/stats.csv", f.consultation))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn html_and_formulas_in_an_idea_stay_inert_on_the_page_and_in_csv() {
    let f = fixture().await;
    let mut b = citizen(&f, "youssef@example.ma").await;
    let title = "<script>alert('x')</script>";
    let body = "=HYPERLINK(\"http://evil.example\",\"clic\")\n<img src=x onerror=alert(1)> <a href=\"http://spam.example\">lien</a>";
    let p = submit_idea(
        &mut b,
        &[
            ("axis", "transparency"),
            ("title", title),
            ("body", body),
            ("profile", "other"),
            ("age_bracket", "60_plus"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let second = submit_idea(
        &mut b,
        &[
            ("axis", "transparency"),
            ("title", "@SUM(1+1)"),
            ("body", "-2+3"),
            ("profile", "other"),
            ("age_bracket", "60_plus"),
        ],
    )
    .await;
    assert_eq!(second.status, 303);
    let id = p.location.unwrap();
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    for path in ["/ideas", id.as_str()] {
        let page = public.get(path).await;
        assert!(!page.body.contains("<script>alert"), "{path}");
        assert!(!page.body.contains("<img src=x"), "{path}");
        assert!(
            !page.body.contains("<a href=\"http://spam.example\""),
            "{path}"
        );
        assert!(page.body.contains("&#60;script&#62;"), "{path}");
    }
    let (status, csv) = get_text(&mut public, "/ideas.csv").await;
    assert_eq!(status, 200);
    // HTML is plain text in a CSV; every formula-looking cell starts with an apostrophe.
    assert!(csv.contains("<script>alert('x')</script>"));
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"clic\"\")"),
        "{csv}"
    );
    assert!(csv.contains(",'@SUM(1+1),'-2+3,"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",@SUM") && !csv.contains(",-2+3"));
    // The staff's export too, with the age bracket.
    let mut ed = editor(&f).await;
    let (status, staff_csv) = get_text(&mut ed, "/admin/ideas.csv").await;
    assert_eq!(status, 200);
    assert!(staff_csv.contains(",'@SUM(1+1),'-2+3,") && staff_csv.contains("60_plus"));
    // JSON escapes nothing it should not, and is JSON.
    let (_, json) = get_text(&mut public, "/api/v1/ideas").await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["ideas"].as_array().unwrap().len(), 2);
    infitah_tests::assert_matches_openapi("Ideas", &v);

    // Hidden by moderation: out of lists, JSON and CSV; its page shows the reason, never its text.
    let mut c = f.db.admin_conn().await;
    sqlx::query("update ideas set hidden_at = now(), hidden_reason = 'abuse' where title = $1")
        .bind(title)
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("update content_versions set version = version + 1")
        .execute(&mut c)
        .await
        .unwrap();
    f.app.running.state.versions.forget(f.kenitra);
    let list = public.get("/ideas").await.body;
    assert!(!list.contains("&#60;script&#62;") && list.contains("@SUM(1+1)"));
    assert!(
        !get_text(&mut public, "/ideas.csv")
            .await
            .1
            .contains("script")
    );
    assert!(
        !get_text(&mut public, "/api/v1/ideas")
            .await
            .1
            .contains("script")
    );
    assert!(
        !get_text(&mut ed, "/admin/ideas.csv")
            .await
            .1
            .contains("script")
    );
    let page = public.get(&id).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"class="cons-hidden-notice""#) && page.body.contains("إساءة"));
    // (Not "script" alone: the page's <meta name="description"> holds it.)
    assert!(!page.body.contains("alert(") && !page.body.contains("HYPERLINK"));
}

// ---------------------------------------------------------------------------
// Workshops and paper contributions.

#[tokio::test]
async fn a_workshop_csv_with_a_bad_row_saves_nothing_and_names_the_row() {
    let f = fixture().await;
    let mut ed = editor(&f).await;
    let w = create_workshop(&f, &mut ed, f.consultation).await;
    let page = ed.get(&format!("/admin/workshops/{w}")).await;
    assert_eq!(page.status, 200);
    let file = "profile,age_bracket,body\r\n\
                citizen,25_34,Plus de bancs\r\n\
                extraterrestre,25_34,Un texte\r\n\
                association,,Un autre\r\n";
    let (status, body) = upload(
        &f.app,
        &ed,
        &format!("/admin/workshops/{w}/paper/upload"),
        &page.csrf(),
        file,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("لم يُحفظ أي شيء"));
    assert!(body.contains("السطر 3 — الصفة: صفة غير معروفة"), "{body}");
    assert!(
        body.contains("السطر 4 — الفئة العمرية: الفئة العمرية إجبارية"),
        "{body}"
    );
    assert_eq!(
        count(
            &f.db,
            "select count(*) from comments where workshop_id is not null"
        )
        .await,
        0
    );
    // In French, the same file is refused in French.
    to_french(&mut ed).await;
    let token = ed.get(&format!("/admin/workshops/{w}")).await.csrf();
    let (status, body) = upload(
        &f.app,
        &ed,
        &format!("/admin/workshops/{w}/paper/upload"),
        &token,
        file,
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Ligne 3 — profil\u{a0}: profil inconnu"),
        "{body}"
    );
    // Not a CSV at all, or no file: refused, nothing saved.
    let (status, _) = upload(
        &f.app,
        &ed,
        &format!("/admin/workshops/{w}/paper/upload"),
        &token,
        "",
    )
    .await;
    assert_eq!(status, 422);
    // Without the CSRF field the upload is refused outright.
    let (status, _) = upload(
        &f.app,
        &ed,
        &format!("/admin/workshops/{w}/paper/upload"),
        "forged",
        "citizen,25_34,x",
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        count(
            &f.db,
            "select count(*) from comments where workshop_id is not null"
        )
        .await,
        0
    );

    // The multi-row form: blank rows ignored, a bad row named beside its field, nothing saved.
    let p = ed
        .post(
            &format!("/admin/workshops/{w}/paper"),
            &[
                ("_csrf", &token),
                ("rows", "10"),
                ("profile_1", "citizen"),
                ("age_1", "18_24"),
                ("body_1", "Un terrain de sport"),
                ("profile_3", "elected"),
                ("age_3", ""),
                ("body_3", "Des réunions le soir"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("Ligne 3 — tranche d&#39;âge\u{a0}: la tranche d&#39;âge est obligatoire"),
        "{}",
        p.body
    );
    assert!(p.body.contains("Un terrain de sport"), "values kept");
    assert_eq!(
        count(
            &f.db,
            "select count(*) from comments where workshop_id is not null"
        )
        .await,
        0
    );
    let p = ed
        .post(
            &format!("/admin/workshops/{w}/paper"),
            &[
                ("_csrf", &token),
                ("rows", "10"),
                ("profile_1", "citizen"),
                ("age_1", "18_24"),
                ("body_1", "Un terrain de sport"),
                ("profile_3", "elected"),
                ("age_3", "45_59"),
                ("body_3", "=cmd|' /C calc'!A0"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut c = f.db.admin_conn().await;
    let rows: Vec<(Option<Uuid>, Uuid, Uuid, String)> = sqlx::query_as(
        "select author_id, workshop_id, consultation_id, profile from comments order by profile",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r.0.is_none() && r.1 == w && r.2 == f.consultation)
    );
    // The staff's export of the workshop's contributions neutralises the formula.
    let (status, csv) = get_text(&mut ed, &format!("/admin/workshops/{w}/paper.csv")).await;
    assert_eq!(status, 200);
    assert!(csv.contains("elected,45_59,'=cmd|' /C calc'!A0"), "{csv}");
}

#[tokio::test]
async fn a_good_upload_counts_with_the_online_comments_in_the_statistics() {
    let f = fixture().await;
    let mut ed = editor(&f).await;
    let w = create_workshop(&f, &mut ed, f.consultation).await;
    // Three online comments, from a citizen.
    let b = citizen(&f, "khadija@example.ma").await;
    drop(b);
    let mut c = f.db.admin_conn().await;
    for body in ["تعليق 1", "تعليق 2", "تعليق 3"] {
        sqlx::query(
            "insert into comments (tenant_id, id, consultation_id, author_id, profile, age_bracket, body)
             select tenant_id, $1, $2, id, 'citizen', '25_34', $3 from accounts where email = 'khadija@example.ma'",
        )
        .bind(Uuid::now_v7())
        .bind(f.consultation)
        .bind(body)
        .execute(&mut c)
        .await
        .unwrap();
    }
    // Twelve on paper: codes and labels, Arabic and French, semicolons, a header.
    let mut file = String::from("\u{feff}profil;tranche d'âge;contribution\r\n");
    for i in 0..6 {
        file.push_str(&format!(
            "Citoyen·ne;25 à 34 ans;Proposition écrite {i}\r\n"
        ));
    }
    for i in 0..6 {
        file.push_str(&format!(
            "جمعية من المجتمع المدني;60 سنة فما فوق;\"اقتراح مكتوب {i}; بخط اليد\"\r\n"
        ));
    }
    let token = ed.get(&format!("/admin/workshops/{w}")).await.csrf();
    let (status, body) = upload(
        &f.app,
        &ed,
        &format!("/admin/workshops/{w}/paper/upload"),
        &token,
        &file,
    )
    .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(
        count(&f.db, &format!("select count(*) from comments where workshop_id = '{w}' and author_id is null and profile = 'association' and age_bracket = '60_plus'")).await,
        6
    );
    let page = ed
        .get(&format!("/admin/workshops/{w}?saved=paper&n=12"))
        .await;
    assert!(page.body.contains("حُفظت 12 مساهمة"));

    // Staff: exact figures, online and paper together.
    let (status, csv) = get_text(
        &mut ed,
        &format!("/consultations/{}/stats.csv", f.consultation),
    )
    .await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines.contains(&"total,,المجموع,Total,3,12,15"), "{csv}");
    assert!(
        lines.contains(&"profile,citizen,مواطن(ة),Citoyen·ne,3,6,9"),
        "{csv}"
    );
    assert!(lines.contains(
        &"profile,association,جمعية من المجتمع المدني,Association de la société civile,0,6,6"
    ));
    assert!(lines.contains(&"age_bracket,25_34,من 25 إلى 34 سنة,25 à 34 ans,3,6,9"));
    // The project's participation page counts them too.
    let (_, pcsv) = get_text(
        &mut ed,
        &format!("/projects/{}/participation.csv", f.project),
    )
    .await;
    assert!(pcsv.lines().any(|l| l == "total,,المجموع,Total,3,12,15"));
    // Public: the same total.
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    to_french(&mut public).await;
    let page = public
        .get(&format!("/consultations/{}/stats", f.consultation))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("15 contributions"), "{}", page.body);
    // Hidden comments leave the figures.
    sqlx::query(
        "update comments set hidden_at = now(), hidden_reason = 'spam' where body = 'تعليق 1'",
    )
    .execute(&mut c)
    .await
    .unwrap();
    let (_, csv) = get_text(
        &mut ed,
        &format!("/consultations/{}/stats.csv", f.consultation),
    )
    .await;
    assert!(
        csv.lines().any(|l| l == "total,,المجموع,Total,2,12,14"),
        "{csv}"
    );
    // The public workshop list shows the attendance and paper count.
    let list = public.get("/workshops").await;
    assert!(
        list.body.contains("12 contributions sur papier"),
        "{}",
        list.body
    );
}

/// The numbers of a page's public cells: what `<td class="exact">` holds.
fn exact_cells(body: &str) -> Vec<i64> {
    body.match_indices(r#"<td class="exact">"#)
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            let end = rest.find('<').unwrap();
            rest[..end]
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap()
        })
        .collect()
}

#[tokio::test]
async fn public_statistics_never_show_a_count_below_5_and_staff_get_exact_ones() {
    let f = fixture().await;
    let mut c = f.db.admin_conn().await;
    let w = Uuid::now_v7();
    sqlx::query(
        "insert into workshops (tenant_id, id, programme_id, kind, consultation_id, title_fr, held_on, place)
         values ($1, $2, $3, 'consultative', $4, 'Atelier', current_date, 'Salle')",
    )
    .bind(f.kenitra.0)
    .bind(w)
    .bind(f.programme)
    .bind(f.consultation)
    .execute(&mut c)
    .await
    .unwrap();
    // Profiles 1, 2, 3, 4, 5, 7; age brackets 6, 5, 4, 3, 2, 2; each profile in its own week: 1 … 7.
    let profiles = [
        ("citizen", 1),
        ("association", 2),
        ("elected", 3),
        ("private_sector", 4),
        ("administration", 5),
        ("other", 7),
    ];
    let mut ages: Vec<&str> = vec![];
    for (a, n) in [
        ("under_18", 6),
        ("18_24", 5),
        ("25_34", 4),
        ("35_44", 3),
        ("45_59", 2),
        ("60_plus", 2),
    ] {
        ages.extend(std::iter::repeat_n(a, n));
    }
    let mut k = 0;
    for (week, (p, n)) in profiles.iter().enumerate() {
        for _ in 0..*n {
            sqlx::query(
                "insert into comments (tenant_id, id, consultation_id, workshop_id, profile, age_bracket, body, created_at)
                 values ($1, $2, $3, $4, $5, $6, 'x',
                         date_trunc('week', now() - interval '70 days') + make_interval(weeks => $7) + interval '2 days')",
            )
            .bind(f.kenitra.0)
            .bind(Uuid::now_v7())
            .bind(f.consultation)
            .bind(w)
            .bind(p)
            .bind(ages[k])
            .bind(week as i32 + 1)
            .execute(&mut c)
            .await
            .unwrap();
            k += 1;
        }
    }
    assert_eq!(k, 22);

    let mut public = Browser::new(&f.app, "kenitra.localhost");
    for path in [
        format!("/consultations/{}/stats", f.consultation),
        format!("/projects/{}/participation", f.project),
    ] {
        for lang in ["ar", "fr"] {
            public.get(&format!("/lang/{lang}?next=/")).await;
            let page = public.get(&path).await;
            assert_eq!(page.status, 200, "{path}");
            let exact = exact_cells(&page.body);
            assert!(!exact.is_empty());
            assert!(exact.iter().all(|n| *n >= 5), "{path} {lang}: {exact:?}");
            // The exact cells shown: 7 (profiles), 6 (ages), 7 (weeks); all else hidden.
            let mut sorted = exact.clone();
            sorted.sort();
            assert_eq!(sorted, vec![6, 7, 7], "{path} {lang}");
            // Per table: the small ones, and one more masked so the total cannot give them back.
            assert_eq!(page.body.matches(r#"<td class="masked">"#).count(), 3);
            assert!(page.body.matches(r#"<td class="small">"#).count() >= 4 + 4 + 4);
            // The same in the charts: no figure under 5 as a number.
            for small in 1..5 {
                for pattern in [
                    format!(r#"<bdi class="hbar-figure">{small}</bdi>"#),
                    format!(r#"text-anchor="middle">{small}</text>"#),
                    format!(r#"<td>{small}</td>"#),
                ] {
                    assert!(!page.body.contains(&pattern), "{path} {lang}: {pattern}");
                }
            }
            let marker = if lang == "ar" {
                "أقل من 5"
            } else {
                "&#60;5"
            };
            assert!(page.body.contains(marker), "{lang}");
            // The two totals are a table too: 0 online is small, so the 22 on
            // paper is masked; the grand total (22, public elsewhere) stays.
            if lang == "fr" {
                assert!(
                    page.body.contains("En ligne\u{a0}: <bdi>&#60;5</bdi>"),
                    "{path}"
                );
                assert!(
                    page.body
                        .contains("Sur papier (ateliers)\u{a0}: <bdi>5+</bdi>"),
                    "{path}"
                );
                assert!(page.body.contains("22 contributions"), "{path}");
                assert!(!page.body.contains("<bdi>22</bdi>"), "{path}");
            }
        }
    }
    // The comment count from elsewhere is 22: the hidden cells' sum cannot single out a small one.
    // Staff see exact numbers, small ones included, and the CSV.
    let mut ed = editor(&f).await;
    let page = ed
        .get(&format!("/consultations/{}/stats", f.consultation))
        .await;
    assert!(exact_cells(&page.body).contains(&1), "staff see the 1");
    assert!(
        page.body.contains("<bdi>22</bdi>"),
        "staff see the exact paper total"
    );
    let (status, csv) = get_text(
        &mut ed,
        &format!("/consultations/{}/stats.csv", f.consultation),
    )
    .await;
    assert_eq!(status, 200);
    for line in [
        "total,,المجموع,Total,0,22,22",
        "profile,citizen,مواطن(ة),Citoyen·ne,0,1,1",
        "profile,private_sector,القطاع الخاص,Secteur privé,0,4,4",
        "profile,other,أخرى,Autre,0,7,7",
        "age_bracket,45_59,من 45 إلى 59 سنة,45 à 59 ans,0,2,2",
    ] {
        assert!(csv.lines().any(|l| l == line), "missing {line}: {csv}");
    }
    let weeks: Vec<i64> = csv
        .lines()
        .filter(|l| l.starts_with("week,"))
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .filter(|n| *n > 0)
        .collect();
    assert_eq!(weeks, vec![1, 2, 3, 4, 5, 7]);
    // And the anonymous cache kept the public view.
    let again = public
        .get(&format!("/consultations/{}/stats", f.consultation))
        .await;
    assert!(!exact_cells(&again.body).contains(&1));
}

#[tokio::test]
async fn the_demo_ideas_and_workshops_are_written_once_and_keep_kenitras_card() {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let (k, r) = (
        infitah_tests::demo_commune(&db, "kenitra").await,
        infitah_tests::demo_commune(&db, "rabat").await,
    );
    let communes = [k.commune(), r.commune()];
    let app_db = infitah_platform::db::Db::connect(&secrecy::SecretString::from(db.app_url()), 4)
        .await
        .unwrap();
    infitah_demo::programmes::seed(&app_db, &communes)
        .await
        .unwrap();
    infitah_demo::consultations::seed(&app_db, &communes)
        .await
        .unwrap();
    let ideas = infitah_demo::workshops::ideas_demo(&app_db, &communes)
        .await
        .unwrap();
    let workshops = infitah_demo::workshops::workshops_demo(&app_db, &communes)
        .await
        .unwrap();
    assert_eq!((ideas.communes, ideas.ideas), (2, 12));
    assert_eq!((workshops.communes, workshops.workshops), (2, 3));
    assert_eq!(workshops.paper, 22);
    // Twice: nothing more.
    let again = infitah_demo::workshops::ideas_demo(&app_db, &communes)
        .await
        .unwrap();
    assert_eq!((again.skipped, again.ideas), (2, 0));
    let again = infitah_demo::workshops::workshops_demo(&app_db, &communes)
        .await
        .unwrap();
    assert_eq!((again.skipped, again.workshops, again.paper), (2, 0, 0));
    // Kénitra's card keeps its "Nombre de commentaires 0"; Rabat's project shows its merged idea.
    let kenitra_comments = count(
        &db,
        "select count(*) from comments c join tenants t on t.id = c.tenant_id where t.slug = 'kenitra'",
    )
    .await;
    assert_eq!(kenitra_comments, 0);
    let merged = count(
        &db,
        "select count(*) from ideas i join tenants t on t.id = i.tenant_id where t.slug = 'rabat' and i.status = 'merged'",
    )
    .await;
    assert_eq!(merged, 1);
    app_db.close().await;
    let app = TestApp::spawn(settings).await;
    let mut rabat = Browser::new(&app, "rabat.localhost");
    let page = rabat.get("/workshops").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("22 مساهمة ورقية"), "{}", page.body);
    let home = rabat.get("/").await;
    assert!(
        home.body.contains("href=\"/ideas/new\""),
        "the home page invites ideas"
    );
    println!("demo database: {}", db.name);
}
