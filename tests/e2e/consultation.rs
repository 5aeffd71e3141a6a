//! Consultations and comments, end to end over HTTP as browsers do it,
//! against real PostgreSQL as `infitah_app` and real Redis: the window is
//! decided by the server's clock at each request and typed by staff in
//! Casablanca's local time; a profile and an age bracket from the national
//! catalogues are required, refusals come in the visitor's language and save
//! nothing; markup stays inert on the page and in the JSON; hidden comments
//! leave the public page and JSON and come back when restored, on record;
//! another collectivity's ids are 404 for every verb; flags count once and
//! floods are throttled; the counts use each language's plural forms.

use std::time::Duration;

use infitah_consultation::{
    model::LocalDateTime,
    repo::{self, ConsultationFields},
};
use infitah_identity::repo as accounts;
use infitah_plans::{model::Bilingual, write};
use infitah_platform::{
    auth::Role,
    db::TenantTx,
    i18n::{I18n, Lang},
    types::TenantId,
};
use infitah_tests::{
    TestApp, TestDb,
    browser::{Browser, Page},
    tenant_id, two_communes,
};
use sqlx::postgres::PgPoolOptions;
use time::{OffsetDateTime, PrimitiveDateTime, macros::datetime};
use uuid::Uuid;

const PASSWORD: &str = "une phrase assez longue pour Kénitra";

/// A refused post: its fields, the field named, the message expected.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
/// (as staff?, action, fields)
type Attempt<'a> = (bool, String, Vec<(&'a str, &'a str)>);
const TZ: &str = "Africa/Casablanca";

struct Fx {
    db: TestDb,
    app: TestApp,
    kenitra: TenantId,
    rabat: TenantId,
    project: Uuid,
    /// Open, on Kénitra's project.
    open: Uuid,
    /// Open, on Rabat's programme, with one comment.
    rabat_cons: Uuid,
    rabat_comment: Uuid,
}

/// Now in Casablanca, plus `secs`, as the database's clock says.
async fn local_now(db: &TestDb, secs: i64) -> PrimitiveDateTime {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar(
        "select (now() at time zone 'Africa/Casablanca') + make_interval(secs => $1::double precision)",
    )
    .bind(secs as f64)
    .fetch_one(&mut c)
    .await
    .unwrap()
}

async fn consultation(
    tx: &mut TenantTx,
    programme: Uuid,
    project: Option<Uuid>,
    title: Option<&str>,
    opens: PrimitiveDateTime,
    closes: PrimitiveDateTime,
) -> Uuid {
    repo::create_consultation(
        tx,
        programme,
        &ConsultationFields {
            project_id: project,
            title: Bilingual::new(title.map(str::to_owned), None),
            description: Bilingual::default(),
            opens: LocalDateTime::new(opens),
            closes: LocalDateTime::new(closes),
        },
        TZ,
        None,
    )
    .await
    .unwrap()
}

async fn fixture() -> Fx {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let (kenitra, rabat) = (
        TenantId(tenant_id(&db, "kenitra").await),
        TenantId(tenant_id(&db, "rabat").await),
    );
    let (yesterday, later) = (
        local_now(&db, -86_400).await,
        local_now(&db, 10 * 86_400).await,
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
    write::set_published(&mut tx, project, true, None)
        .await
        .unwrap();
    let open = consultation(&mut tx, programme, Some(project), None, yesterday, later).await;
    tx.commit().await.unwrap();

    let mut tx = TenantTx::begin(&pool, rabat).await.unwrap();
    let rp = infitah_tests::new_programme(&mut tx).await.unwrap();
    sqlx::query("update programmes set published = true")
        .execute(tx.conn())
        .await
        .unwrap();
    let rabat_cons = consultation(&mut tx, rp, None, Some("تشاور الرباط"), yesterday, later).await;
    let author = accounts::create(
        &mut tx,
        "rabati@example.ma",
        "Rbati",
        None,
        Lang::Fr,
        Some(1),
    )
    .await
    .unwrap()
    .unwrap();
    accounts::mark_verified(&mut tx, author).await.unwrap();
    let rabat_comment = Uuid::now_v7();
    sqlx::query(
        "insert into comments (tenant_id, id, consultation_id, author_id, profile, age_bracket, body)
         values ($1, $2, $3, $4, 'citizen', '25_34', 'Un commentaire de Rabat')",
    )
    .bind(rabat.0)
    .bind(rabat_comment)
    .bind(rabat_cons)
    .bind(author)
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
        rabat,
        project,
        open,
        rabat_cons,
        rabat_comment,
    }
}

/// An account of `tenant`, created as the identity service does, then signed in.
async fn person<'a>(
    f: &'a Fx,
    tenant: TenantId,
    host: &str,
    email: &str,
    name: &str,
    verified: bool,
    roles: &[Role],
) -> (Browser<'a>, Uuid) {
    let state = &f.app.running.state;
    let hash = infitah_identity::password::Passwords::new(1)
        .hash(PASSWORD)
        .await;
    let mut tx = state.db.tenant_tx(tenant).await.unwrap();
    let id = accounts::create(&mut tx, email, name, Some(&hash), Lang::Ar, Some(1))
        .await
        .unwrap()
        .unwrap();
    if verified {
        accounts::mark_verified(&mut tx, id).await.unwrap();
    }
    for r in roles {
        accounts::grant(&mut tx, id, *r, None).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut b = Browser::new(&f.app, host);
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

async fn citizen<'a>(f: &'a Fx, email: &str, name: &str) -> Browser<'a> {
    person(f, f.kenitra, "kenitra.localhost", email, name, true, &[])
        .await
        .0
}

async fn post_comment(b: &mut Browser<'_>, cons: Uuid, fields: &[(&str, &str)]) -> Page {
    let token = b.get(&format!("/consultations/{cons}")).await.csrf();
    let mut all = vec![("_csrf", token.as_str())];
    all.extend_from_slice(fields);
    b.post(&format!("/consultations/{cons}/comments"), &all)
        .await
}

async fn comment(b: &mut Browser<'_>, cons: Uuid, body: &str) -> Page {
    post_comment(
        b,
        cons,
        &[
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
            ("body", body),
            ("next", &format!("/consultations/{cons}")),
        ],
    )
    .await
}

async fn scalar_i64(db: &TestDb, sql: &str) -> i64 {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
}

/// The new comment, from the post's redirect to its own address
/// (`/consultations/{id}/comments/{comment}?next=…`).
fn comment_id(p: &Page) -> Uuid {
    let loc = p.location.as_deref().expect("a redirect");
    let after = loc.split("/comments/").nth(1).expect("a comment's address");
    after.split(['?', '#']).next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_window_is_decided_by_the_servers_clock_and_typed_in_casablanca_time() {
    let f = fixture().await;
    let (mut editor, _) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "editrice@kenitra.ma",
        "سناء",
        true,
        &[Role::Editor],
    )
    .await;
    let fmt = LocalDateTime::input_value;
    let edit = format!("/admin/consultations/{}", f.open);

    // Local midnights become the right instants, Ramadan's hour (UTC+0 in 2025) included.
    for (local, utc) in [
        ("2026-12-01T00:00", datetime!(2026-11-30 23:00 UTC)),
        ("2025-03-15T00:00", datetime!(2025-03-15 00:00 UTC)),
        ("2021-05-31T23:59", datetime!(2021-05-31 22:59 UTC)),
    ] {
        let opens = "2021-04-15T00:00";
        let p = editor
            .submit(
                &edit,
                &edit,
                &[
                    ("scope", &f.project.to_string()),
                    ("opens_at", opens),
                    ("closes_at", local),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let mut c = f.db.admin_conn().await;
        let stored: OffsetDateTime =
            sqlx::query_scalar("select closes_at from consultations where id = $1")
                .bind(f.open)
                .fetch_one(&mut c)
                .await
                .unwrap();
        assert_eq!(stored, utc, "{local} in {TZ}");
    }
    // The form shows it back in local time.
    let page = editor.get(&edit).await;
    assert!(page.body.contains(r#"value="2021-05-31T23:59""#));

    // Refused input: 422, each error beside its field, in the editor's language, nothing saved.
    for (fields, message) in [
        (
            [
                ("scope", "programme"),
                ("opens_at", "2025-01-01T00:00"),
                ("closes_at", "2025-02-01T00:00"),
            ],
            "استشارة البرنامج تحتاج إلى عنوان بلغة واحدة على الأقل.",
        ),
        (
            [
                ("scope", "programme"),
                ("title_ar", "تشاور"),
                ("closes_at", "31/05/2021"),
            ],
            "أدخل تاريخا ووقتا صالحين (مثال: 2021-05-31 23:59).",
        ),
        (
            [
                ("title_ar", "تشاور"),
                ("opens_at", "2025-02-01T00:00"),
                ("closes_at", "2025-01-01T00:00"),
            ],
            "يجب أن يأتي الاختتام بعد الافتتاح.",
        ),
    ] {
        let p = editor
            .submit("/admin/consultations", "/admin/consultations", &fields)
            .await;
        assert_eq!(p.status, 422, "{message}");
        // Beside its field, and in the summary at the top, linked to it.
        let beside = regex::Regex::new(&format!(
            r#"<p class="error"( id="[a-z_]+-error")?>{}</p>"#,
            regex::escape(message)
        ))
        .unwrap();
        assert!(beside.is_match(&p.body), "{message}");
        assert!(
            p.body.contains(&format!(r##"">{message}</a></li>"##)),
            "{message}"
        );
    }
    let p = editor
        .submit(
            "/admin/consultations",
            "/admin/consultations",
            &[
                ("scope", &Uuid::now_v7().to_string()),
                ("opens_at", "2025-01-01T00:00"),
                ("closes_at", "2025-02-01T00:00"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert_eq!(
        scalar_i64(&f.db, "select count(*) from consultations").await,
        2
    );
    // A citizen does not even see the back-office.
    let mut amina = citizen(&f, "amina@example.ma", "أمينة").await;
    assert_eq!(amina.get("/admin/consultations").await.status, 404);

    // A close typed in local time three seconds from now: a comment just before is
    // accepted, one just after is refused, by the server's clock alone.
    let closes = local_now(&f.db, 3).await;
    let p = editor
        .submit(
            &edit,
            &edit,
            &[
                ("scope", &f.project.to_string()),
                ("opens_at", "2021-04-15T00:00"),
                ("closes_at", &fmt(closes)),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut anon = Browser::new(&f.app, "kenitra.localhost");
    let page = format!("/consultations/{}", f.open);
    assert!(
        anon.get(&page)
            .await
            .body
            .contains("الاستشارة مفتوحة إلى غاية")
    );
    let before = comment(&mut amina, f.open, "قبل الإغلاق بلحظات").await;
    assert_eq!(before.status, 303, "{}", before.body);
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let after = comment(&mut amina, f.open, "بعد الإغلاق").await;
    assert_eq!(after.status, 409);
    // Nobody is shown the open form from a cache after the close.
    assert!(anon.get(&page).await.body.contains("انتهت فترة الاستشارة ("));
    assert!(
        after
            .body
            .contains("انتهت فترة الاستشارة: لم يعد بالإمكان التعليق."),
        "{}",
        after.body
    );
    assert_eq!(
        scalar_i64(
            &f.db,
            "select count(*) from comments where consultation_id is not null and body like 'بعد%'"
        )
        .await,
        0
    );
    assert_eq!(
        scalar_i64(
            &f.db,
            "select count(*) from comments where body = 'قبل الإغلاق بلحظات'"
        )
        .await,
        1
    );
    // The page now says it ended, with the Moroccan month name, and offers no form.
    let page = amina.get(&format!("/consultations/{}", f.open)).await;
    let month = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ماي",
        "يونيو",
        "يوليوز",
        "غشت",
        "شتنبر",
        "أكتوبر",
        "نونبر",
        "دجنبر",
    ][closes.month() as usize - 1];
    assert!(
        page.body
            .contains(&format!("انتهت فترة الاستشارة ({month} {})", closes.year())),
        "{}",
        page.body
    );
    assert!(!page.body.contains(r#"name="body""#));
}

#[tokio::test]
async fn profile_and_age_bracket_are_required_and_refusals_speak_the_visitors_language() {
    let f = fixture().await;
    let mut ar = citizen(&f, "amina@example.ma", "أمينة").await;
    let next = format!("/consultations/{}", f.open);
    let long = "ب".repeat(2001);
    let cases: [Case; 5] = [
        (
            &[("age_bracket", "25_34"), ("body", "رأي")],
            "profile",
            "المرجو اختيار الصفة.",
        ),
        (
            &[("profile", "citizen"), ("body", "رأي")],
            "age_bracket",
            "المرجو اختيار الفئة العمرية.",
        ),
        (
            &[
                ("profile", "mayor"),
                ("age_bracket", "25_34"),
                ("body", "رأي"),
            ],
            "profile",
            "هذه الصفة غير موجودة في اللائحة.",
        ),
        (
            &[
                ("profile", "citizen"),
                ("age_bracket", "25_34"),
                ("body", "   "),
            ],
            "body",
            "المرجو كتابة نص التعليق.",
        ),
        (
            &[
                ("profile", "citizen"),
                ("age_bracket", "25_34"),
                ("body", &long),
            ],
            "body",
            "لا يمكن أن يتجاوز النص 2000 حرف.",
        ),
    ];
    for (fields, field, message) in cases {
        let mut all = fields.to_vec();
        all.push(("next", &next));
        let p = post_comment(&mut ar, f.open, &all).await;
        assert_eq!(p.status, 422, "{field}");
        assert!(p.body.contains(message), "{field}: {message}");
        assert!(p.body.contains(r#"aria-invalid="true""#) || field == "body");
    }
    // In French for a French-speaking visitor.
    let mut fr = citizen(&f, "youssef@example.ma", "Youssef").await;
    fr.accept_language = Some("fr-MA,fr;q=0.9".into());
    let p = post_comment(
        &mut fr,
        f.open,
        &[("profile", "citizen"), ("body", "Mon avis")],
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("Veuillez choisir une tranche d&#39;âge.")
            || p.body.contains("Veuillez choisir une tranche d'âge.")
    );
    assert!(p.body.contains("Mon avis"), "what was typed is kept");
    let p = post_comment(
        &mut fr,
        f.open,
        &[("age_bracket", "18_24"), ("body", "Mon avis")],
    )
    .await;
    assert!(p.body.contains("Veuillez choisir un profil."));
    // A retired entry cannot be chosen for a new comment.
    let mut c = f.db.admin_conn().await;
    sqlx::query("update catalog_entries set retired_at = now() where catalog = 'profile' and code = 'other'")
        .execute(&mut c)
        .await
        .unwrap();
    let p = post_comment(
        &mut fr,
        f.open,
        &[
            ("profile", "other"),
            ("age_bracket", "18_24"),
            ("body", "Mon avis"),
        ],
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Ce profil ne figure pas dans la liste."));
    assert_eq!(
        scalar_i64(&f.db, "select count(*) from comments").await,
        1,
        "only Rabat's"
    );

    // Unverified accounts and anonymous visitors cannot post.
    let (mut unverified, _) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "new@example.ma",
        "Nouveau",
        false,
        &[],
    )
    .await;
    let p = comment(&mut unverified, f.open, "Je ne suis pas vérifié").await;
    assert_eq!(p.status, 403);
    let page = unverified.get(&next).await;
    assert!(page.body.contains("أكّد عنوان بريدك الإلكتروني"));
    let mut anon = Browser::new(&f.app, "kenitra.localhost");
    let page = anon.get(&next).await;
    assert!(page.body.contains("سجّل الدخول للمشاركة في الاستشارة"));
    assert!(!page.body.contains(r#"name="body""#));
    assert_eq!(scalar_i64(&f.db, "select count(*) from comments").await, 1);

    // A reply to a reply is refused; a reply to a top-level comment is kept under it.
    let top = comment_id(&comment(&mut ar, f.open, "تعليق رئيسي").await);
    let reply = post_comment(
        &mut ar,
        f.open,
        &[
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
            ("body", "رد"),
            ("parent_id", &top.to_string()),
            ("next", &next),
        ],
    )
    .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let reply = comment_id(&reply);
    let p = post_comment(
        &mut ar,
        f.open,
        &[
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
            ("body", "رد على رد"),
            ("parent_id", &reply.to_string()),
            ("next", &next),
        ],
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("لا يمكن الرد إلا على تعليق رئيسي من هذه الاستشارة.")
    );
    // The same text twice in a row is refused as a duplicate.
    let p = comment(&mut ar, f.open, "تعليق رئيسي").await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("سبق أن نشرت هذا التعليق نفسه قبل قليل."));
    assert_eq!(scalar_i64(&f.db, "select count(*) from comments").await, 3);
}

#[tokio::test]
async fn markup_in_comments_replies_and_names_is_inert_on_the_page_and_in_the_json() {
    let f = fixture().await;
    let mut b = citizen(&f, "x@example.ma", r#"<img src=x onerror=alert(1)>"#).await;
    let evil = r#"<script>alert("x")</script> voir https://evil.example/page"#;
    let top = comment_id(&comment(&mut b, f.open, evil).await);
    let next = format!("/consultations/{}", f.open);
    let p = post_comment(
        &mut b,
        f.open,
        &[
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
            ("body", "<b>gras</b> & <i>"),
            ("parent_id", &top.to_string()),
            ("next", &next),
        ],
    )
    .await;
    assert_eq!(p.status, 303);
    for path in [next.clone(), format!("/projects/{}", f.project)] {
        let page = Browser::new(&f.app, "kenitra.localhost").get(&path).await;
        assert_eq!(page.status, 200);
        let body = &page.body;
        assert!(!body.contains("<script>alert"), "{path}");
        assert!(!body.contains("<img src=x"), "{path}");
        assert!(!body.contains("<b>gras</b>"), "{path}");
        // Escaped as entities (askama writes &#60; for <), shown as text.
        let inert = |s: &str| {
            s.replace('<', "&#60;")
                .replace('>', "&#62;")
                .replace('"', "&#34;")
        };
        assert!(
            body.contains(&inert(r#"<script>alert("x")</script>"#)),
            "{path}: {body}"
        );
        assert!(
            body.contains(&inert("<img src=x onerror=alert(1)>")),
            "{path}"
        );
        assert!(body.contains(&inert("<b>gras</b>")), "{path}");
        assert!(
            !body.contains(r#"href="https://evil.example"#),
            "links are not made"
        );
    }
    let r = f
        .app
        .client
        .get(
            f.app
                .url(&format!("/api/v1/consultations/{}/comments", f.open)),
        )
        .header("host", "kenitra.localhost")
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let text = r.text().await.unwrap();
    assert!(!text.contains('<') && !text.contains('>'), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let comments = v["comments"].as_array().unwrap();
    assert_eq!(comments[0]["body"], evil);
    assert_eq!(comments[0]["author"], "<img src=x onerror=alert(1)>");
    assert_eq!(comments[1]["body"], "<b>gras</b> & <i>");
    assert_eq!(comments[1]["parent_id"], top.to_string());
    assert_eq!(comments[0]["profile"]["code"], "citizen");
    infitah_tests::assert_matches_openapi("ConsultationComments", &v);
    assert_eq!(v["consultation"]["comment_count"], 2);
}

#[tokio::test]
async fn hidden_comments_leave_the_public_page_and_json_and_come_back_on_restore() {
    let f = fixture().await;
    let mut b = citizen(&f, "amina@example.ma", "أمينة").await;
    let id = comment_id(&comment(&mut b, f.open, "نص سيُخفى لاحقا").await);
    let (mut moderator, moderator_id) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "moderateur@kenitra.ma",
        "Modérateur",
        true,
        &[Role::Moderator],
    )
    .await;
    let page = format!("/consultations/{}", f.open);
    // A reason category is required: 422, nothing changes.
    let p = moderator
        .submit(
            &page,
            &format!("/admin/comments/{id}/hide"),
            &[("note", "x")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("المرجو اختيار السبب.") && p.body.contains(r#"data-field="reason""#));
    assert_eq!(
        scalar_i64(
            &f.db,
            "select count(*) from comments where hidden_at is not null"
        )
        .await,
        0
    );
    // A citizen cannot hide anything (404, the route does not even exist for them).
    let p = b
        .submit(
            &page,
            &format!("/admin/comments/{id}/hide"),
            &[("reason", "spam")],
        )
        .await;
    assert_eq!(p.status, 404);

    let p = moderator
        .submit(
            &page,
            &format!("/admin/comments/{id}/hide"),
            &[("reason", "spam"), ("note", "إشهار متكرر"), ("next", &page)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let mut anon = Browser::new(&f.app, "kenitra.localhost");
    for path in [page.clone(), format!("/projects/{}", f.project)] {
        let html = anon.get(&path).await.body;
        assert!(!html.contains("نص سيُخفى لاحقا"), "{path}");
        assert!(html.contains("أخفاه الإشراف — السبب: رسائل مزعجة"), "{path}");
        assert!(
            html.contains("صفر"),
            "the count leaves hidden ones out: {path}"
        );
    }
    anon.accept_language = Some("fr".into());
    let html = anon.get(&page).await.body;
    assert!(html.contains("Masqué par la modération — motif\u{a0}: Spam"));
    let json: serde_json::Value = f
        .app
        .client
        .get(
            f.app
                .url(&format!("/api/v1/consultations/{}/comments", f.open)),
        )
        .header("host", "kenitra.localhost")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let c = &json["comments"][0];
    assert_eq!(c["hidden"], true);
    assert_eq!(c["hidden_reason"], "spam");
    assert!(c.get("body").is_none() && c.get("author").is_none() && c.get("profile").is_none());
    assert!(!json.to_string().contains("نص سيُخفى"));
    infitah_tests::assert_matches_openapi("ConsultationComments", &json);
    // The moderator still sees the text, marked, to decide on restoring it.
    assert!(moderator.get(&page).await.body.contains("نص سيُخفى لاحقا"));
    let queue = moderator.get("/admin/moderation").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("نص سيُخفى لاحقا") && queue.body.contains("إشهار متكرر"));

    let p = moderator
        .submit(
            &page,
            &format!("/admin/comments/{id}/restore"),
            &[("note", "خطأ في التقدير"), ("next", &page)],
        )
        .await;
    assert_eq!(p.status, 303);
    let html = Browser::new(&f.app, "kenitra.localhost")
        .get(&page)
        .await
        .body;
    assert!(html.contains("نص سيُخفى لاحقا") && !html.contains("أخفاه الإشراف"));
    assert!(html.contains("تعليق واحد"));
    let mut c = f.db.admin_conn().await;
    let record: Vec<(String, Option<String>, String, Uuid)> = sqlx::query_as(
        "select action, reason_category, reason_note, moderator_id from moderation_actions where item_id = $1 order by at",
    )
    .bind(id)
    .fetch_all(&mut c)
    .await
    .unwrap();
    assert_eq!(
        record,
        vec![
            (
                "hide".into(),
                Some("spam".into()),
                "إشهار متكرر".into(),
                moderator_id
            ),
            (
                "restore".into(),
                None,
                "خطأ في التقدير".into(),
                moderator_id
            ),
        ]
    );
}

#[tokio::test]
async fn another_collectivitys_ids_are_404_for_every_verb_and_nothing_changes() {
    let f = fixture().await;
    let (mut staff, _) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "admin@kenitra.ma",
        "Admin",
        true,
        &[Role::Admin],
    )
    .await;
    let mut b = citizen(&f, "amina@example.ma", "أمينة").await;
    let own = format!("/consultations/{}", f.open);
    let (rc, rm) = (f.rabat_cons, f.rabat_comment);
    assert_eq!(b.get(&format!("/consultations/{rc}")).await.status, 404);
    assert_eq!(
        b.get(&format!("/api/v1/consultations/{rc}/comments"))
            .await
            .status,
        404
    );
    assert_eq!(
        b.get(&format!("/admin/consultations/{rc}")).await.status,
        404
    );
    assert_eq!(
        staff
            .get(&format!("/admin/consultations/{rc}"))
            .await
            .status,
        404
    );
    let attempts: [Attempt; 7] = [
        (
            false,
            format!("/consultations/{rc}/comments"),
            vec![
                ("profile", "citizen"),
                ("age_bracket", "25_34"),
                ("body", "x"),
            ],
        ),
        (false, format!("/comments/{rm}/flag"), vec![]),
        (
            true,
            format!("/admin/comments/{rm}/hide"),
            vec![("reason", "spam")],
        ),
        (true, format!("/admin/comments/{rm}/restore"), vec![]),
        (true, format!("/admin/comments/{rm}/dismiss"), vec![]),
        (
            true,
            format!("/admin/comments/{rm}/answer"),
            vec![("body", "Réponse")],
        ),
        (
            true,
            format!("/admin/consultations/{rc}"),
            vec![
                ("scope", "programme"),
                ("title_fr", "x"),
                ("opens_at", "2025-01-01T00:00"),
                ("closes_at", "2025-02-01T00:00"),
            ],
        ),
    ];
    for (as_staff, action, fields) in attempts {
        let who = if as_staff { &mut staff } else { &mut b };
        let p = who.submit(&own, &action, &fields).await;
        assert_eq!(p.status, 404, "{action}");
    }
    // Unknown and malformed ids too.
    assert_eq!(b.get("/consultations/not-a-uuid").await.status, 404);
    assert_eq!(
        b.submit(&own, &format!("/comments/{}/flag", Uuid::now_v7()), &[])
            .await
            .status,
        404
    );
    let mut c = f.db.admin_conn().await;
    let (comments, hidden, flags, answers, actions): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from comments), (select count(*) from comments where hidden_at is not null),
                (select count(*) from flags), (select count(*) from official_answers), (select count(*) from moderation_actions)",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!((comments, hidden, flags, answers, actions), (1, 0, 0, 0, 0));
    let title: Option<String> =
        sqlx::query_scalar("select title_fr from consultations where id = $1")
            .bind(rc)
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert_eq!(title, None);
    let _ = f.rabat;
}

/// Sends the same form `n` times at once with `b`'s session.
async fn concurrently(
    f: &Fx,
    b: &Browser<'_>,
    path: &str,
    form: Vec<(String, String)>,
    n: usize,
) -> Vec<u16> {
    let cookie = b
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let rq = f
            .app
            .client
            .post(f.app.url(path))
            .header("host", "kenitra.localhost")
            .header("origin", "http://kenitra.localhost")
            .header("cookie", cookie.clone())
            .form(&form);
        set.spawn(async move { rq.send().await.map(|r| r.status().as_u16()).unwrap_or(0) });
    }
    let mut out = vec![];
    while let Some(s) = set.join_next().await {
        out.push(s.unwrap());
    }
    out
}

#[tokio::test]
async fn fifty_concurrent_flags_count_once_and_fifty_identical_posts_are_throttled() {
    let f = fixture().await;
    let mut author = citizen(&f, "author@example.ma", "Auteur").await;
    let id = comment_id(&comment(&mut author, f.open, "Un avis qui dérange").await);
    let mut flagger = citizen(&f, "flagger@example.ma", "Signaleur").await;
    let token = flagger
        .get(&format!("/consultations/{}", f.open))
        .await
        .csrf();
    let statuses = concurrently(
        &f,
        &flagger,
        &format!("/comments/{id}/flag"),
        vec![("_csrf".into(), token.clone()), ("next".into(), "/".into())],
        50,
    )
    .await;
    assert!(
        statuses.iter().all(|s| *s == 303 || *s == 429),
        "{statuses:?}"
    );
    assert_eq!(scalar_i64(&f.db, "select count(*) from flags").await, 1);
    // The flagger sees it as flagged; the moderators' queue lists it once, with one flag.
    assert!(
        flagger
            .get(&format!("/consultations/{}", f.open))
            .await
            .body
            .contains("تم التبليغ")
    );

    let form = vec![
        ("_csrf".to_owned(), token),
        ("profile".into(), "citizen".into()),
        ("age_bracket".into(), "25_34".into()),
        ("body".into(), "Spam spam spam".into()),
        ("next".into(), format!("/consultations/{}", f.open)),
    ];
    let statuses = concurrently(
        &f,
        &flagger,
        &format!("/consultations/{}/comments", f.open),
        form,
        50,
    )
    .await;
    let saved = scalar_i64(
        &f.db,
        "select count(*) from comments where body = 'Spam spam spam'",
    )
    .await;
    assert_eq!(saved, 1, "one saved, the others refused: {statuses:?}");
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!(throttled >= 40, "most are throttled: {statuses:?}");
    assert!(
        statuses.iter().all(|s| [303, 422, 429].contains(s)),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn counts_follow_each_languages_plural_rules_on_the_project_page_and_the_home_card() {
    let f = fixture().await;
    let mut anon = Browser::new(&f.app, "kenitra.localhost");
    let project = format!("/projects/{}", f.project);
    let page = anon.get(&project).await.body;
    assert!(
        page.contains("عدد التعليقات") && page.contains("<bdi>صفر</bdi>"),
        "{page}"
    );
    let mut b = citizen(&f, "amina@example.ma", "أمينة").await;
    for (n, expected) in [(1, "تعليق واحد"), (2, "تعليقان"), (3, "3 تعليقات")]
    {
        let p = comment(&mut b, f.open, &format!("الرأي رقم {n}")).await;
        assert_eq!(p.status, 303);
        let page = anon.get(&project).await.body;
        assert!(
            page.contains(&format!("<bdi>{expected}</bdi>")),
            "{n}: project page"
        );
        let home = anon.get("/").await.body;
        assert!(home.contains(expected), "{n}: home card");
    }
    anon.accept_language = Some("fr".into());
    let page = anon.get(&project).await.body;
    assert!(page.contains("Nombre de commentaires") && page.contains("<bdi>3</bdi>"));
    assert!(anon.get("/").await.body.contains("3 commentaires"));

    // The six Arabic forms, through the same messages.
    let i18n = I18n::new(&[
        &infitah_platform::CATALOG,
        &infitah_plans::CATALOG,
        &infitah_consultation::CATALOG,
    ])
    .unwrap();
    let tr = i18n.tr(Lang::Ar);
    let forms: Vec<String> = [0, 1, 2, 3, 11, 100]
        .iter()
        .map(|n| tr.n("cons-count-value", *n))
        .collect();
    assert_eq!(
        forms,
        [
            "صفر",
            "تعليق واحد",
            "تعليقان",
            "3 تعليقات",
            "11 تعليقًا",
            "100 تعليق"
        ]
    );
    let forms: Vec<String> = [0, 1, 2, 3, 11, 100]
        .iter()
        .map(|n| tr.n("cons-comments", *n))
        .collect();
    assert_eq!(
        forms[1..],
        [
            "تعليق واحد",
            "تعليقان",
            "3 تعليقات",
            "11 تعليقًا",
            "100 تعليق"
        ]
    );
    let fr = i18n.tr(Lang::Fr);
    assert_eq!(fr.n("cons-comments", 0), "Aucun commentaire");
    assert_eq!(fr.n("cons-comments", 1), "1 commentaire");
    assert_eq!(fr.n("cons-comments", 11), "11 commentaires");
}

#[tokio::test]
async fn an_official_answer_is_shown_under_the_comment_and_its_author_is_told() {
    let f = fixture().await;
    let (mut b, author) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "amina@example.ma",
        "أمينة",
        true,
        &[],
    )
    .await;
    let id = comment_id(&comment(&mut b, f.open, "متى ستنطلق الأشغال؟").await);
    let (mut editor, _) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "editrice@kenitra.ma",
        "سناء",
        true,
        &[Role::Editor],
    )
    .await;
    let page = format!("/consultations/{}", f.open);
    // An empty answer: 422, the field named.
    let p = editor
        .submit(
            &page,
            &format!("/admin/comments/{id}/answer"),
            &[("body", " ")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains(r#"data-field="body""#));
    // A moderator who is not an editor cannot answer.
    let (mut moderator, _) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "mod@kenitra.ma",
        "Mod",
        true,
        &[Role::Moderator],
    )
    .await;
    assert_eq!(
        moderator
            .submit(
                &page,
                &format!("/admin/comments/{id}/answer"),
                &[("body", "x")]
            )
            .await
            .status,
        404
    );
    let p = editor
        .submit(
            &page,
            &format!("/admin/comments/{id}/answer"),
            &[("body", "تنطلق الأشغال في أكتوبر 2024."), ("next", &page)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        p.location.as_deref(),
        Some(format!("{page}?saved=answered#comment-{id}").as_str())
    );
    let html = Browser::new(&f.app, "kenitra.localhost")
        .get(&page)
        .await
        .body;
    assert!(
        html.contains("تنطلق الأشغال في أكتوبر 2024.") && html.contains("جواب رسمي باسم القنيطرة")
    );
    let mut c = f.db.admin_conn().await;
    let answers: i64 =
        sqlx::query_scalar("select count(*) from official_answers where item_id = $1")
            .bind(id)
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert_eq!(answers, 1);
    // The notification is queued for the author in the same transaction
    // (through notifications' notify_account).
    let n: i64 = sqlx::query_scalar(
        "select count(*) from notifications where account_id = $1 and event_key like 'answer:%'",
    )
    .bind(author)
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn kenitras_demo_consultation_ended_in_may_2021_with_no_comment() {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let pool = infitah_platform::db::Db::connect(&settings.database_url, 2)
        .await
        .unwrap();
    let k = infitah_tests::demo_commune(&db, "kenitra").await;
    let communes = [k.commune()];
    infitah_demo::programmes::seed(&pool, &communes)
        .await
        .unwrap();
    let first = infitah_demo::consultations::seed(&pool, &communes)
        .await
        .unwrap();
    assert_eq!(
        (first.created, first.consultations, first.comments),
        (1, 1, 0)
    );
    let again = infitah_demo::consultations::seed(&pool, &communes)
        .await
        .unwrap();
    assert_eq!((again.created, again.skipped), (0, 1), "idempotent");
    pool.close().await;
    let app = TestApp::spawn(settings).await;
    let mut c = db.admin_conn().await;
    let project: Uuid =
        sqlx::query_scalar("select id from projects where title_ar = 'احداث هيئات استشارية'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    let mut anon = Browser::new(&app, "kenitra.localhost");
    let ar = anon.get(&format!("/projects/{project}")).await.body;
    assert!(ar.contains("انتهت فترة الاستشارة (ماي 2021)"), "{ar}");
    // A closed consultation says so, with no ghost of a form (#14 §6).
    assert!(
        ar.contains("التعليقات مغلقة") && ar.contains("<bdi>صفر</bdi>"),
        "{ar}"
    );
    assert!(
        !ar.contains("cons-closed-form") && !ar.contains(" disabled"),
        "{ar}"
    );
    anon.accept_language = Some("fr".into());
    let fr = anon.get(&format!("/projects/{project}")).await.body;
    assert!(fr.contains("La période de la consultation est achevée (mai 2021)"));
    assert!(fr.contains("Les commentaires sont fermés") && fr.contains("Nombre de commentaires"));
}

#[tokio::test]
async fn other_demo_communes_get_consultations_people_took_part_in() {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let pool = infitah_platform::db::Db::connect(&settings.database_url, 2)
        .await
        .unwrap();
    let r = infitah_tests::demo_commune(&db, "rabat").await;
    let communes = [r.commune()];
    infitah_demo::programmes::seed(&pool, &communes)
        .await
        .unwrap();
    let r = infitah_demo::consultations::seed(&pool, &communes)
        .await
        .unwrap();
    assert_eq!(r.consultations, 2);
    assert!(r.comments >= 8);
    pool.close().await;
    let app = TestApp::spawn(settings).await;
    let mut anon = Browser::new(&app, "rabat.localhost");
    let home = anon.get("/").await.body;
    assert!(
        home.contains("الاستشارة العمومية حول مشروع برنامج العمل"),
        "{home}"
    );
    let link = home.split(r#"href="/consultations/"#).nth(1).unwrap();
    let id = &link[..36];
    let page = anon.get(&format!("/consultations/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("الاستشارة مفتوحة إلى غاية"));
    assert!(
        page.body
            .contains("Notre association de quartier salue la démarche")
    );
    assert!(page.body.contains("جواب رسمي باسم"));
}

#[tokio::test]
async fn ideas_are_flagged_hidden_restored_and_answered_like_comments() {
    let f = fixture().await;
    let (mut b, author) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "amina@example.ma",
        "أمينة",
        true,
        &[],
    )
    .await;
    let mut c = f.db.admin_conn().await;
    let programme: Uuid = sqlx::query_scalar("select id from programmes where tenant_id = $1")
        .bind(f.kenitra.0)
        .fetch_one(&mut c)
        .await
        .unwrap();
    let idea = Uuid::now_v7();
    sqlx::query(
        "insert into ideas (tenant_id, id, programme_id, axis, author_id, profile, age_bracket, title, body)
         values ($1, $2, $3, 'participation', $4, 'citizen', '25_34', 'مجلس للشباب', 'فكرة مجلس محلي للشباب')",
    )
    .bind(f.kenitra.0)
    .bind(idea)
    .bind(programme)
    .bind(author)
    .execute(&mut c)
    .await
    .unwrap();
    // Rabat's idea, for the 404s.
    let rabat_programme: Uuid =
        sqlx::query_scalar("select id from programmes where tenant_id = $1")
            .bind(f.rabat.0)
            .fetch_one(&mut c)
            .await
            .unwrap();
    let rabat_author: Uuid =
        sqlx::query_scalar("select id from accounts where email = 'rabati@example.ma'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    let rabat_idea = Uuid::now_v7();
    sqlx::query(
        "insert into ideas (tenant_id, id, programme_id, axis, author_id, profile, age_bracket, title, body)
         values ($1, $2, $3, 'participation', $4, 'citizen', '25_34', 'Idée de Rabat', 'Texte')",
    )
    .bind(f.rabat.0)
    .bind(rabat_idea)
    .bind(rabat_programme)
    .bind(rabat_author)
    .execute(&mut c)
    .await
    .unwrap();

    let own = format!("/consultations/{}", f.open);
    let mut flagger = citizen(&f, "flagger@example.ma", "Signaleur").await;
    for _ in 0..3 {
        let p = flagger
            .submit(&own, &format!("/ideas/{idea}/flag"), &[])
            .await;
        assert_eq!(p.status, 303);
    }
    let _ = &mut b;
    let (mut admin, _) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "admin@kenitra.ma",
        "Admin",
        true,
        &[Role::Admin],
    )
    .await;
    let queue = admin.get("/admin/moderation").await.body;
    assert!(
        queue.contains("فكرة مجلس محلي للشباب") && queue.contains("تبليغ واحد"),
        "{queue}"
    );
    for (path, fields) in [
        (format!("/ideas/{rabat_idea}/flag"), vec![]),
        (
            format!("/admin/ideas/{rabat_idea}/hide"),
            vec![("reason", "spam")],
        ),
        (
            format!("/admin/ideas/{rabat_idea}/answer"),
            vec![("body", "x")],
        ),
    ] {
        assert_eq!(
            admin
                .submit("/admin/moderation", &path, &fields)
                .await
                .status,
            404,
            "{path}"
        );
    }
    let p = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/ideas/{idea}/hide"),
            &[("reason", "off_topic"), ("next", "/admin/moderation")],
        )
        .await;
    assert_eq!(p.status, 303);
    let hidden: Option<String> =
        sqlx::query_scalar("select hidden_reason from ideas where id = $1")
            .bind(idea)
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert_eq!(hidden.as_deref(), Some("off_topic"));
    let queue = admin.get("/admin/moderation").await.body;
    assert!(queue.contains("أخفاه الإشراف — السبب: خارج الموضوع"));
    let p = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/ideas/{idea}/restore"),
            &[("next", "/admin/moderation")],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = admin
        .submit(
            "/admin/moderation",
            &format!("/admin/ideas/{idea}/answer"),
            &[
                ("body", "فكرة وجيهة، أُدرجت في المشروع."),
                ("next", "/admin/moderation"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let (flags, actions, answers, hidden_rabat): (i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from flags where item_kind = 'idea'),
                (select count(*) from moderation_actions where item_kind = 'idea'),
                (select count(*) from official_answers where item_kind = 'idea'),
                (select count(*) from ideas where hidden_at is not null)",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!((flags, actions, answers, hidden_rabat), (1, 2, 1, 0));
}

/// Inserts `n` top-level comments by `author` (one a second, from `start`
/// seconds ago), as the owner would have them; returns their ids in order.
async fn many_comments(f: &Fx, cons: Uuid, author: Uuid, n: usize, start: i64) -> Vec<Uuid> {
    let mut c = f.db.admin_conn().await;
    let ids: Vec<Uuid> = (0..n).map(|_| Uuid::now_v7()).collect();
    sqlx::query(
        "insert into comments (tenant_id, id, consultation_id, author_id, profile, age_bracket, body, created_at)
         select $1, i.id, $2, $3, 'citizen', '25_34', 'Fil n° ' || i.n, now() - make_interval(secs => $4 - i.n)
           from unnest($5::uuid[]) with ordinality i(id, n)",
    )
    .bind(f.kenitra.0)
    .bind(cons)
    .bind(author)
    .bind(start as f64)
    .bind(&ids)
    .execute(&mut c)
    .await
    .unwrap();
    ids
}

#[tokio::test]
async fn a_busy_consultation_is_read_a_page_of_threads_at_a_time() {
    let f = fixture().await;
    let (mut alice, alice_id) = person(
        &f,
        f.kenitra,
        "kenitra.localhost",
        "alice@example.ma",
        "Alice",
        true,
        &[],
    )
    .await;
    // 120 threads: pages of 50, 50 and 20. Thread 3 has two replies, and
    // thread 60 (on page 2) one, hidden by moderation.
    let threads = many_comments(&f, f.open, alice_id, 120, 100_000).await;
    let mut c = f.db.admin_conn().await;
    for (parent, body, hidden) in [
        (threads[2], "Réponse A au fil 3", false),
        (threads[2], "Réponse B au fil 3", false),
        (threads[59], "Réponse cachée au fil 60", true),
    ] {
        sqlx::query(
            "insert into comments (tenant_id, id, consultation_id, parent_id, author_id, profile, age_bracket, body, hidden_at, hidden_reason)
             values ($1, $2, $3, $4, $5, 'citizen', '25_34', $6, case when $7 then now() end, case when $7 then 'spam' end)",
        )
        .bind(f.kenitra.0)
        .bind(Uuid::now_v7())
        .bind(f.open)
        .bind(parent)
        .bind(alice_id)
        .bind(body)
        .bind(hidden)
        .execute(&mut c)
        .await
        .unwrap();
    }
    let page_of = |html: &str| -> Vec<usize> {
        threads
            .iter()
            .enumerate()
            .filter(|(_, id)| html.contains(&format!(r#"id="comment-{id}""#)))
            .map(|(i, _)| i + 1)
            .collect()
    };
    let mut anon = Browser::new(&f.app, "kenitra.localhost");
    let base = format!("/consultations/{}", f.open);
    let first = anon.get(&base).await;
    assert_eq!(first.status, 200);
    assert_eq!(page_of(&first.body), (1..=50).collect::<Vec<_>>());
    assert!(first.body.contains("Réponse A au fil 3") && first.body.contains("Réponse B au fil 3"));
    // The count is the whole consultation's (122 visible), not the page's.
    assert!(first.body.contains("122"), "the total count");
    assert!(
        first
            .body
            .contains(&format!(r#"href="{base}?page=2#consultation-{}""#, f.open))
    );
    assert!(
        first
            .body
            .contains(&format!(r#"href="{base}?page=3#consultation-{}""#, f.open)),
        "a link to the last page"
    );
    let second = anon.get(&format!("{base}?page=2")).await;
    assert_eq!(page_of(&second.body), (51..=100).collect::<Vec<_>>());
    assert!(
        !second.body.contains("Réponse cachée au fil 60"),
        "a hidden reply's text stays out"
    );
    assert!(!second.body.contains("Réponse A au fil 3"));
    let third = anon.get(&format!("{base}?page=3")).await;
    assert_eq!(page_of(&third.body), (101..=120).collect::<Vec<_>>());
    assert!(
        third
            .body
            .contains(&format!(r#"href="{base}?page=2#consultation-{}""#, f.open))
    );
    // No such page: past the last, zero, junk. Each 404, none cached as a page.
    for bad in [
        "4",
        "0",
        "02",
        "-1",
        "abc",
        "1e3",
        "999999999999",
        "%3Cscript%3E",
    ] {
        assert_eq!(
            anon.get(&format!("{base}?page={bad}")).await.status,
            404,
            "page={bad}"
        );
    }
    // The project page shows the first page, and leads to the next on the consultation's page.
    let project = anon.get(&format!("/projects/{}", f.project)).await;
    assert_eq!(page_of(&project.body), (1..=50).collect::<Vec<_>>());
    assert!(
        project
            .body
            .contains(&format!(r#"href="{base}?page=2#consultation-{}""#, f.open))
    );

    // The JSON is paged the same way.
    for (n, range) in [(1, 1..=50), (2, 51..=100), (3, 101..=120)] {
        let r = f
            .app
            .client
            .get(f.app.url(&format!(
                "/api/v1/consultations/{}/comments?page={n}",
                f.open
            )))
            .header("host", "kenitra.localhost")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        infitah_tests::assert_matches_openapi("ConsultationComments", &v);
        assert_eq!(
            (
                v["page"].as_i64(),
                v["pages"].as_i64(),
                v["threads"].as_i64()
            ),
            (Some(n), Some(3), Some(120))
        );
        assert_eq!(v["consultation"]["comment_count"], 122);
        let tops: Vec<Uuid> = v["comments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["parent_id"].is_null())
            .map(|c| c["id"].as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(tops, threads[range.start() - 1..*range.end()].to_vec());
    }
    let r = f
        .app
        .client
        .get(
            f.app
                .url(&format!("/api/v1/consultations/{}/comments?page=4", f.open)),
        )
        .header("host", "kenitra.localhost")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // A comment's own address leads to the page its thread is on.
    let link = |comment: Uuid| format!("{base}/comments/{comment}");
    for (comment, to) in [
        (threads[0], format!("{base}#comment-{}", threads[0])),
        (
            threads[75],
            format!("{base}?page=2#comment-{}", threads[75]),
        ),
        (
            threads[119],
            format!("{base}?page=3#comment-{}", threads[119]),
        ),
    ] {
        let p = anon.get(&link(comment)).await;
        assert_eq!(
            (p.status.as_u16(), p.location.as_deref()),
            (303, Some(to.as_str()))
        );
    }
    // A reply's leads to its parent's page; a first-page thread back where the citizen was.
    let reply: Uuid =
        sqlx::query_scalar("select id from comments where body = 'Réponse cachée au fil 60'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert_eq!(
        anon.get(&link(reply)).await.location,
        Some(format!("{base}?page=2#comment-{reply}"))
    );
    let p = anon
        .get(&format!(
            "{}?next=/projects/{}",
            link(threads[1]),
            f.project
        ))
        .await;
    assert_eq!(
        p.location,
        Some(format!("/projects/{}#comment-{}", f.project, threads[1]))
    );
    let p = anon
        .get(&format!("{}?next=https://evil.example/", link(threads[1])))
        .await;
    assert_eq!(
        p.location,
        Some(format!("/#comment-{}", threads[1])),
        "no way off the site"
    );
    // Another collectivity's comment, or this one's under another consultation: 404.
    assert_eq!(anon.get(&link(f.rabat_comment)).await.status, 404);
    assert_eq!(
        anon.get(&format!(
            "/consultations/{}/comments/{}",
            f.rabat_cons, threads[0]
        ))
        .await
        .status,
        404
    );
    assert_eq!(
        anon.get(&format!("{base}/comments/not-a-uuid"))
            .await
            .status,
        404
    );

    // A new thread lands on the last page, which now holds 21; a reply to
    // thread 3 lands on the first page, where it was posted from.
    let p = post_comment(
        &mut alice,
        f.open,
        &[
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
            ("body", "Le fil 121"),
            ("next", &format!("/projects/{}", f.project)),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let new = comment_id(&p);
    let landed = alice.get(p.location.as_deref().unwrap()).await;
    assert_eq!(
        landed.location,
        Some(format!("{base}?page=3#comment-{new}"))
    );
    let last = alice.get(&format!("{base}?page=3")).await;
    assert!(
        last.body.contains(&format!(r#"id="comment-{new}""#)) && last.body.contains("Le fil 121")
    );
    let p = post_comment(
        &mut alice,
        f.open,
        &[
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
            ("body", "Réponse C au fil 3"),
            ("parent_id", &threads[2].to_string()),
            ("next", &format!("/projects/{}", f.project)),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let reply = comment_id(&p);
    let landed = alice.get(p.location.as_deref().unwrap()).await;
    assert_eq!(
        landed.location,
        Some(format!("/projects/{}#comment-{reply}", f.project))
    );
    // The anonymous first page is fresh too (the cache follows the content version).
    let first = anon.get(&base).await;
    assert!(first.body.contains("Réponse C au fil 3"));
    // The forms of page 2 come back to page 2, and a flag sent without a
    // `next` comes back through the comment's own address, to its page.
    let p2 = alice.get(&format!("{base}?page=2")).await;
    assert!(
        p2.body
            .contains(&format!(r#"name="next" value="{base}?page=2""#))
    );
    let flagged = alice
        .submit(
            &format!("{base}?page=2"),
            &format!("/comments/{}/flag", threads[75]),
            &[],
        )
        .await;
    assert_eq!(flagged.status, 303, "{}", flagged.body);
    let to = flagged.location.unwrap();
    assert!(to.starts_with(&link(threads[75])), "{to}");
    assert_eq!(
        alice.get(&to).await.location,
        Some(format!("{base}?page=2#comment-{}", threads[75]))
    );
    // A refused reply to a thread of page 2 comes back on page 2, with its text kept.
    let p = post_comment(
        &mut alice,
        f.open,
        &[
            ("profile", "citizen"),
            ("age_bracket", ""),
            ("body", "Réponse refusée"),
            ("parent_id", &threads[80].to_string()),
        ],
    )
    .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains(&format!(r#"id="comment-{}""#, threads[80]))
            && p.body.contains("Réponse refusée")
    );
}

async fn edit_page(b: &mut Browser<'_>, path: &str, fields: &[(&str, &str)]) -> Page {
    b.submit(&format!("{path}/edit"), &format!("{path}/edit"), fields)
        .await
}

async fn one_text(db: &TestDb, sql: &str, id: Uuid) -> Option<String> {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&mut c)
        .await
        .unwrap()
}

/// Citizens own what they wrote: the author edits a comment or an idea (the
/// page says "edited", the moderators keep the earlier text) until an
/// official answer or the close, and withdraws it at any time (a placeholder
/// keeps its place; lists, counts and the API leave it out); nobody else may
/// do either; deleting an account withdraws everything its owner wrote.
#[tokio::test]
async fn authors_edit_and_withdraw_what_they_wrote_and_nobody_else_may() {
    let f = fixture().await;
    let host = "kenitra.localhost";
    let (mut amina, _) = person(&f, f.kenitra, host, "amina@example.ma", "أمينة", true, &[]).await;
    let (mut bilal, bilal_id) =
        person(&f, f.kenitra, host, "bilal@example.ma", "بلال", true, &[]).await;
    let (mut moderator, _) = person(
        &f,
        f.kenitra,
        host,
        "mod@kenitra.ma",
        "Mod",
        true,
        &[Role::Moderator, Role::Editor],
    )
    .await;
    let page = format!("/consultations/{}", f.open);
    let api = format!("/api/v1/consultations/{}/comments", f.open);
    let id = comment_id(&comment(&mut amina, f.open, "النص الأول للتعليق").await);
    let bilals = comment_id(&comment(&mut bilal, f.open, "تعليق بلال قبل حذف حسابه").await);
    let path = format!("/comments/{id}");
    let count = |b: serde_json::Value| b["consultation"]["comment_count"].as_i64().unwrap();
    let json = |s: &str| -> serde_json::Value { s.parse().unwrap() };
    let before = f.db.digest(&["sessions", "security_events"]).await;

    // Nobody but the author: another citizen, a moderator, a visitor.
    for (who, b) in [
        ("another citizen", &mut bilal),
        ("a moderator", &mut moderator),
    ] {
        assert_eq!(b.get(&format!("{path}/edit")).await.status, 404, "{who}");
        let token = b.get(&page).await.csrf();
        for action in ["edit", "withdraw"] {
            let p = b
                .post(
                    &format!("{path}/{action}"),
                    &[("_csrf", &token), ("body", "réécrit par un autre")],
                )
                .await;
            assert_eq!(p.status, 404, "{who} {action}");
        }
    }
    let p = Browser::new(&f.app, host)
        .get(&format!("{path}/edit"))
        .await;
    assert_ne!(p.status, 200, "a visitor reaches the edit page");
    // The author's own refusals: empty, a NUL, too long. Nothing changes.
    for (body, status) in [
        ("  ", 422),
        ("a\u{0}b", 422),
        (&"x".repeat(2001) as &str, 422),
    ] {
        let p = edit_page(&mut amina, &path, &[("body", body)]).await;
        assert_eq!(p.status, status, "{body:?}: {}", p.body);
        // (A NUL is refused by the platform's text layer, before the handler.)
        assert!(
            body.contains('\u{0}') || p.body.contains("body-error"),
            "{body:?}: {}",
            p.body
        );
    }
    assert_eq!(before, f.db.digest(&["sessions", "security_events"]).await);

    // The edit: the page says so, the earlier text is the moderators' only.
    let p = edit_page(&mut amina, &path, &[("body", "النص بعد التصحيح")]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let public = Browser::new(&f.app, host).get(&page).await.body;
    assert!(public.contains("النص بعد التصحيح") && public.contains("cons-edited"));
    assert!(!public.contains("النص الأول للتعليق"));
    let j = json(&Browser::new(&f.app, host).get(&api).await.body);
    let c = j["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.to_string())
        .unwrap()
        .clone();
    assert_eq!(
        (c["edited"].clone(), c["withdrawn"].clone()),
        (true.into(), false.into())
    );
    infitah_tests::assert_matches_openapi("ConsultationComments", &j);
    let staff_view = moderator.get(&page).await.body;
    assert!(staff_view.contains("النص الأول للتعليق") && staff_view.contains("cons-versions"));
    let versions: i64 = scalar_i64(
        &f.db,
        &format!("select count(*) from contribution_versions where item_id = '{id}'"),
    )
    .await;
    assert_eq!(versions, 1);
    let visible = count(j);

    // Once the collectivity answers, the text is frozen: 409, nothing written.
    let p = moderator
        .submit(
            &page,
            &format!("/admin/comments/{id}/answer"),
            &[("body", "شكرًا."), ("next", &page)],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = edit_page(&mut amina, &path, &[("body", "نص ثالث")]).await;
    assert_eq!(p.status, 409, "{}", p.body);
    assert_eq!(
        one_text(&f.db, "select body from comments where id = $1", id)
            .await
            .as_deref(),
        Some("النص بعد التصحيح")
    );

    // Withdrawn: a placeholder in its place, out of the count and the JSON's texts.
    let token = amina.get(&format!("{path}/edit")).await.csrf();
    let p = amina
        .post(&format!("{path}/withdraw"), &[("_csrf", &token)])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let public = Browser::new(&f.app, host).get(&page).await.body;
    assert!(public.contains(&format!("comment-{id}")) && !public.contains("النص بعد التصحيح"));
    assert!(public.contains("سحبه صاحبه"), "no placeholder");
    let j = json(&Browser::new(&f.app, host).get(&api).await.body);
    let c = j["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.to_string())
        .unwrap()
        .clone();
    assert_eq!(c["withdrawn"], true);
    assert!(c.get("body").is_none() && c.get("author").is_none() && c.get("profile").is_none());
    assert_eq!(count(j), visible - 1);
    assert!(
        moderator.get(&page).await.body.contains("النص بعد التصحيح"),
        "moderators keep the record"
    );
    // A withdrawn text cannot be edited back, nor replied to.
    assert_eq!(amina.get(&format!("{path}/edit")).await.status, 303);
    let reply = post_comment(
        &mut bilal,
        f.open,
        &[
            ("profile", "citizen"),
            ("age_bracket", "25_34"),
            ("body", "ردّ"),
            ("parent_id", &id.to_string()),
        ],
    )
    .await;
    assert_eq!(reply.status, 422, "a reply under a withdrawn comment");

    // After the close: no more edits, a withdrawal still.
    let late = comment_id(&comment(&mut amina, f.open, "تعليق قبل الإغلاق").await);
    let mut c = f.db.admin_conn().await;
    sqlx::query("update consultations set closes_at = now() - interval '1 second', opens_at = now() - interval '2 days' where id = $1")
        .bind(f.open)
        .execute(&mut c)
        .await
        .unwrap();
    let late_path = format!("/comments/{late}");
    let p = amina.get(&format!("{late_path}/edit")).await;
    assert!(
        p.status == 200 && !p.body.contains("<textarea"),
        "a closed consultation's comment offers an edit"
    );
    assert_eq!(
        edit_page(&mut amina, &late_path, &[("body", "بعد الإغلاق")])
            .await
            .status,
        409
    );
    let token = amina.get(&format!("{late_path}/edit")).await.csrf();
    assert_eq!(
        amina
            .post(&format!("{late_path}/withdraw"), &[("_csrf", &token)])
            .await
            .status,
        303
    );

    // Ideas: edited while submitted, withdrawn out of every list.
    let p = amina
        .submit(
            "/ideas/new",
            "/ideas",
            &[
                ("axis", "participation"),
                ("title", "مكتبة في الحي"),
                ("body", "نقترح مكتبة صغيرة في الحي."),
                ("profile", "citizen"),
                ("age_bracket", "25_34"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let idea_path = p.location.unwrap();
    let idea: Uuid = idea_path.trim_start_matches("/ideas/").parse().unwrap();
    assert_eq!(bilal.get(&format!("{idea_path}/edit")).await.status, 404);
    let p = edit_page(&mut amina, &idea_path, &[("title", ""), ("body", "x")]).await;
    assert_eq!(p.status, 422);
    let p = edit_page(
        &mut amina,
        &idea_path,
        &[
            ("title", "مكتبة وقاعة مطالعة"),
            ("body", "نقترح مكتبة وقاعة مطالعة."),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let shown = Browser::new(&f.app, host).get(&idea_path).await.body;
    assert!(shown.contains("مكتبة وقاعة مطالعة") && shown.contains("cons-edited"));
    let kept = one_text(
        &f.db,
        "select title from contribution_versions where item_id = $1",
        idea,
    )
    .await;
    assert_eq!(kept.as_deref(), Some("مكتبة في الحي"));
    let staff_view = moderator.get(&format!("/admin/ideas/{idea}")).await.body;
    assert!(staff_view.contains("مكتبة في الحي") && staff_view.contains("cons-versions"));
    let token = amina.get(&format!("{idea_path}/edit")).await.csrf();
    assert_eq!(
        amina
            .post(&format!("{idea_path}/withdraw"), &[("_csrf", &token)])
            .await
            .status,
        303
    );
    for list in ["/ideas", "/api/v1/ideas", "/ideas.csv"] {
        let body = Browser::new(&f.app, host).get(list).await.body;
        assert!(
            !body.contains(&idea.to_string()),
            "{list} lists a withdrawn idea"
        );
    }
    let shown = Browser::new(&f.app, host).get(&idea_path).await.body;
    assert!(!shown.contains("مكتبة وقاعة مطالعة") && shown.contains("سحبه صاحبه"));

    // Deleting an account withdraws everything its owner wrote.
    let p = bilal
        .submit("/account", "/account/delete", &[("current", PASSWORD)])
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let left: i64 = scalar_i64(
        &f.db,
        &format!(
            "select (select count(*) from comments where author_id = '{bilal_id}' and withdrawn_at is null)
                  + (select count(*) from ideas where author_id = '{bilal_id}' and withdrawn_at is null)"
        ),
    )
    .await;
    assert_eq!(left, 0, "a deleted account's contributions are still shown");
    let public = Browser::new(&f.app, host).get(&page).await.body;
    assert!(!public.contains("تعليق بلال قبل حذف حسابه"));
    assert!(public.contains(&format!("comment-{bilals}")));
}
