//! What law 09-08 asks of the site, end to end over HTTP (#14 §2): the five
//! legal pages of every collectivity and of the national space in every
//! language, completed and replaced by the collectivity's admin; the
//! version of the terms each person accepted, asked again when it changes;
//! the download of everything a person has and the deletion that leaves
//! only what the notice keeps; the retention the notice promises; and a
//! sign-in throttle that counts failures only.

use infitah_platform::types::TenantId;
use infitah_tests::{
    PASSWORD, TestApp, TestDb, browser::Browser, sign_in, staff, tenant_id, two_communes,
    verified_citizen,
};
use uuid::Uuid;

const KINDS: [&str; 5] = [
    "terms",
    "privacy",
    "legal-notice",
    "accessibility",
    "contact",
];

async fn app() -> (TestDb, TestApp) {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let app = TestApp::spawn(settings).await;
    (db, app)
}

async fn scalar(db: &TestDb, sql: &str) -> i64 {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
}

fn browser_in<'a>(app: &'a TestApp, host: &str, lang: &str) -> Browser<'a> {
    let mut b = Browser::new(app, host);
    b.cookies.insert("lang".into(), lang.into());
    b
}

/// Kénitra's programme, published, for citizens to follow.
async fn published_programme(app: &TestApp, db: &TestDb) -> Uuid {
    let kenitra = TenantId(tenant_id(db, "kenitra").await);
    let mut tx = app.running.state.db.tenant_tx(kenitra).await.unwrap();
    let id = infitah_tests::new_programme(&mut tx).await.unwrap();
    sqlx::query("update programmes set published = true, title_ar = 'برنامج عمل الانفتاح'")
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn follow(b: &mut Browser<'_>, programme: Uuid) -> infitah_tests::browser::Page {
    let token = b.get("/").await.csrf();
    b.post(
        "/follow",
        &[
            ("_csrf", token.as_str()),
            ("kind", "programme"),
            ("id", &programme.to_string()),
            ("next", "/"),
        ],
    )
    .await
}

#[tokio::test]
async fn every_site_has_its_legal_pages_in_every_language_it_offers() {
    let (_db, app) = app().await;
    for host in ["kenitra.localhost", "rabat.localhost", "localhost"] {
        for (lang, dir, heading) in [
            ("ar", "rtl", "شروط الاستخدام"),
            ("fr", "ltr", "Conditions d"),
        ] {
            let mut b = browser_in(&app, host, lang);
            let home = b.get("/").await;
            for kind in KINDS {
                assert!(
                    home.body.contains(&format!("href=\"/legal/{kind}\"")),
                    "the footer of {host} links to /legal/{kind}"
                );
                let p = b.get(&format!("/legal/{kind}")).await;
                assert_eq!(p.status, 200, "{host} /legal/{kind} in {lang}");
                assert!(
                    p.body
                        .contains(&format!("<html lang=\"{lang}-MA\" dir=\"{dir}\"")),
                    "{host} /legal/{kind} is in {lang}"
                );
                assert!(
                    p.body.contains("<h1>"),
                    "{host} /legal/{kind} has its title"
                );
                // No placeholder is left as such, and none is invented: what
                // the collectivity has not given is marked as missing.
                for placeholder in [
                    "{collectivity}",
                    "{email}",
                    "{address}",
                    "{cndp}",
                    "{host}",
                    "{hosting}",
                    "{phone}",
                    "{publisher}",
                ] {
                    assert!(
                        !p.body.contains(placeholder),
                        "{host} /legal/{kind} ({lang}) shows {placeholder}"
                    );
                }
                if kind == "contact" {
                    assert!(
                        p.body.contains("class=\"missing\""),
                        "{host}: the missing desk is marked"
                    );
                }
            }
            let terms = b.get("/legal/terms").await;
            assert!(
                terms.body.contains(heading),
                "{host} {lang}: {}",
                &terms.body[..200]
            );
        }
    }
    let mut b = browser_in(&app, "kenitra.localhost", "fr");
    assert_eq!(b.get("/legal/cookies").await.status, 404);
    let privacy = b.get("/legal/privacy").await;
    assert!(
        privacy.body.contains("Commune de Kénitra"),
        "the controller is named"
    );
    // Sign-up links to what it asks the citizen to accept.
    let form = b.get("/sign-up").await;
    assert!(
        form.body.contains("href=\"/legal/terms\"")
            && form.body.contains("href=\"/legal/privacy\"")
    );
    assert!(form.body.contains("name=\"terms_version\" value=\"1\""));
}

#[tokio::test]
async fn an_admin_completes_the_details_and_replaces_a_template_and_nobody_else_can() {
    let (db, app) = app().await;
    staff(&app, "kenitra", "admin@kenitra.ma", "admin", "Admin").await;
    staff(&app, "kenitra", "editor@kenitra.ma", "editor", "Éditeur").await;
    let mut editor = sign_in(&app, "kenitra.localhost", "editor@kenitra.ma").await;
    assert_eq!(editor.get("/admin/legal").await.status, 404);
    let home = editor.get("/admin/plan").await;
    assert!(
        !home.body.contains("href=\"/admin/legal\""),
        "an editor is not shown the way"
    );

    let mut admin = sign_in(&app, "kenitra.localhost", "admin@kenitra.ma").await;
    admin.cookies.insert("lang".into(), "fr".into());
    let page = admin.get("/admin/legal").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("href=\"/admin/legal\""),
        "the staff bar leads here"
    );
    assert!(page.body.contains("Encore à compléter"));

    // A wrong address: 422 naming the field, nothing written.
    let bad = admin
        .submit(
            "/admin/legal",
            "/admin/legal/details",
            &[
                ("address", "Avenue Mohammed V, Kénitra"),
                ("email", "pas une adresse"),
                ("cndp", "D-123\u{202e}"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.body.contains("href=\"#legal-email\""),
        "the summary links to the field"
    );
    assert!(
        bad.body.contains("id=\"legal-cndp-error\""),
        "a bidi override in the reference is refused"
    );
    assert_eq!(scalar(&db, "select count(*) from legal_details").await, 0);

    let ok = admin
        .submit(
            "/admin/legal",
            "/admin/legal/details",
            &[
                ("address", "Avenue Mohammed V, Kénitra"),
                ("email", "Participation@Kenitra.ma"),
                ("phone", "+212 5 37 37 00 00"),
                ("publisher", "La présidence du conseil"),
                ("hosting", "Infitah SARL, Rabat"),
                ("cndp", "D-GC-123/2026"),
            ],
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("role=\"status\""));
    let mut reader = browser_in(&app, "kenitra.localhost", "ar");
    let privacy = reader.get("/legal/privacy").await;
    assert!(
        privacy.body.contains("<bdi>D-GC-123/2026</bdi>"),
        "the CNDP reference, isolated in Arabic"
    );
    let contact = reader.get("/legal/contact").await;
    assert!(
        contact
            .body
            .contains("href=\"mailto:participation@kenitra.ma\"")
    );
    assert!(
        !contact.body.contains("class=\"missing\""),
        "nothing is missing any more"
    );
    let page = admin.get("/admin/legal").await;
    assert!(
        !page.body.contains("Encore à compléter"),
        "and the admin page lists nothing to complete"
    );
    // Another collectivity's pages are its own.
    let rabat = browser_in(&app, "rabat.localhost", "ar")
        .get("/legal/contact")
        .await;
    assert!(!rabat.body.contains("participation@kenitra.ma"));

    // Its own text, in one language; markup typed in stays text.
    let own = "# Nous contacter\n\nÉcrivez à {email}.\n\n<script>alert(1)</script> [x](javascript:alert(1))";
    let saved = admin
        .submit(
            "/admin/legal/contact/fr",
            "/admin/legal/contact/fr",
            &[("body", own)],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let fr = browser_in(&app, "kenitra.localhost", "fr")
        .get("/legal/contact")
        .await;
    assert!(fr.body.contains("Nous contacter") && fr.body.contains("&lt;script&gt;"));
    assert!(!fr.body.contains("<script") && !fr.body.contains("href=\"javascript:"));
    let ar = browser_in(&app, "kenitra.localhost", "ar")
        .get("/legal/contact")
        .await;
    assert!(
        !ar.body.contains("Nous contacter"),
        "the Arabic page keeps the template"
    );
    // A language the site does not offer, a kind that does not exist: 404.
    assert_eq!(admin.get("/admin/legal/contact/en").await.status, 404);
    assert_eq!(admin.get("/admin/legal/cookies/fr").await.status, 404);
    // An empty text is refused, the stored one stays.
    let empty = admin
        .submit(
            "/admin/legal/contact/fr",
            "/admin/legal/contact/fr",
            &[("body", "  ")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert_eq!(
        scalar(
            &db,
            "select count(*) from legal_texts where body like '# Nous contacter%'"
        )
        .await,
        1
    );
    // Back to the template.
    let reset = admin
        .submit(
            "/admin/legal/contact/fr",
            "/admin/legal/contact/fr/reset",
            &[],
        )
        .await;
    assert_eq!(reset.status, 303);
    assert_eq!(scalar(&db, "select count(*) from legal_texts").await, 0);
    // The contact page is not what people accept: no new version of the terms.
    assert_eq!(scalar(&db, "select count(*) from terms_versions").await, 0);
    assert_eq!(
        scalar(&db, "select count(*) from security_events where kind in ('legal_details_saved', 'legal_text_saved', 'legal_text_reset')").await,
        3
    );
}

#[tokio::test]
async fn a_new_version_of_the_terms_asks_everyone_again_before_they_take_part() {
    let (db, app) = app().await;
    let programme = published_programme(&app, &db).await;
    staff(&app, "kenitra", "admin@kenitra.ma", "admin", "Admin").await;
    let mut amina = verified_citizen(
        &app,
        &db,
        "kenitra.localhost",
        "amina@example.ma",
        "أمينة",
        PASSWORD,
        "ar",
    )
    .await;
    assert_eq!(
        scalar(&db, "select count(*) from accounts where email = 'amina@example.ma' and terms_version = 1 and terms_accepted_at is not null").await,
        1,
        "sign-up records the version accepted"
    );

    // A substantive change says what changes; a correction does not make a version.
    let mut admin = sign_in(&app, "kenitra.localhost", "admin@kenitra.ma").await;
    let text = "# Conditions d'utilisation\n\nNouvelle règle : un seul compte par personne.";
    let unsaid = admin
        .submit(
            "/admin/legal/terms/fr",
            "/admin/legal/terms/fr",
            &[("body", text)],
        )
        .await;
    assert_eq!(unsaid.status, 422, "{}", unsaid.body);
    assert_eq!(scalar(&db, "select count(*) from legal_texts").await, 0);
    let corrected = admin
        .submit(
            "/admin/legal/terms/fr",
            "/admin/legal/terms/fr",
            &[("body", text), ("correction", "on")],
        )
        .await;
    assert_eq!(corrected.status, 200);
    assert_eq!(scalar(&db, "select count(*) from terms_versions").await, 0);
    let changed = admin
        .submit(
            "/admin/legal/terms/fr",
            "/admin/legal/terms/fr",
            &[("body", text), ("summary", "Un seul compte par personne.")],
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(
        scalar(&db, "select max(version)::bigint from terms_versions").await,
        2
    );

    // Amina, signed in before the change, is asked before she takes part…
    let refused = follow(&mut amina, programme).await;
    assert_eq!(refused.status, 303);
    assert!(
        refused
            .location
            .as_deref()
            .unwrap_or("")
            .starts_with("/account/terms?next="),
        "{:?}",
        refused.location
    );
    assert_eq!(scalar(&db, "select count(*) from follows").await, 0);
    let ask = amina.get("/account/terms").await;
    assert_eq!(ask.status, 200);
    assert!(
        ask.body.contains("Un seul compte par personne."),
        "what changed is shown"
    );
    assert!(ask.body.contains("name=\"version\" value=\"2\""));
    // …accepting what she read, not a version she did not see.
    let stale = amina
        .submit(
            "/account/terms",
            "/account/terms",
            &[("version", "1"), ("next", "/")],
        )
        .await;
    assert_eq!(stale.status, 409);
    let accepted = amina
        .submit(
            "/account/terms",
            "/account/terms",
            &[("version", "2"), ("next", "/")],
        )
        .await;
    assert_eq!(accepted.status, 303);
    assert_eq!(
        scalar(
            &db,
            "select count(*) from accounts where email = 'amina@example.ma' and terms_version = 2"
        )
        .await,
        1
    );
    assert_eq!(
        scalar(
            &db,
            "select count(*) from security_events where kind = 'terms_accepted'"
        )
        .await,
        1
    );
    assert_eq!(follow(&mut amina, programme).await.status, 303);
    assert_eq!(scalar(&db, "select count(*) from follows").await, 1);

    // Someone who signs in later is taken to the new terms first.
    let mut c = db.admin_conn().await;
    sqlx::query("update accounts set terms_version = 1 where email = 'amina@example.ma'")
        .execute(&mut c)
        .await
        .unwrap();
    let mut again = Browser::new(&app, "kenitra.localhost");
    let p = again
        .submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "amina@example.ma"),
                ("password", PASSWORD),
                ("next", "/ideas"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(p.location.as_deref(), Some("/account/terms?next=%2Fideas"));

    // A sign-up form shown before the change cannot accept the old version.
    let mut late = Browser::new(&app, "kenitra.localhost");
    let fields = [
        ("email", "late@example.ma"),
        ("display_name", "Late"),
        ("password", PASSWORD),
        ("lang", "fr"),
        ("terms", "on"),
    ];
    let mut old = fields.to_vec();
    old.push(("terms_version", "1"));
    let p = late.submit("/sign-up", "/sign-up", &old).await;
    assert_eq!(p.status, 409, "{}", p.body);
    assert!(p.body.contains("name=\"terms_version\" value=\"2\""));
    assert_eq!(
        scalar(
            &db,
            "select count(*) from accounts where email = 'late@example.ma'"
        )
        .await,
        0
    );
    let mut new = fields.to_vec();
    new.push(("terms_version", "2"));
    assert_eq!(late.submit("/sign-up", "/sign-up", &new).await.status, 200);
    assert_eq!(
        scalar(
            &db,
            "select count(*) from accounts where email = 'late@example.ma' and terms_version = 2"
        )
        .await,
        1
    );
    // Staff created by an operator are not asked: they work under their mandate.
    let mut admin = sign_in(&app, "kenitra.localhost", "admin@kenitra.ma").await;
    assert_eq!(admin.get("/admin/plan").await.status, 200);
}

#[tokio::test]
async fn a_citizen_downloads_everything_and_deletion_leaves_only_what_the_notice_keeps() {
    let (db, app) = app().await;
    let programme = published_programme(&app, &db).await;
    let mut b = verified_citizen(
        &app,
        &db,
        "kenitra.localhost",
        "yassine@example.ma",
        "Yassine",
        PASSWORD,
        "fr",
    )
    .await;
    assert_eq!(follow(&mut b, programme).await.status, 303);
    let prefs = b
        .submit(
            "/notifications/preferences",
            "/notifications/preferences",
            &[("delivery", "weekly")],
        )
        .await;
    assert!(
        prefs.status.is_redirection() || prefs.status == 200,
        "{}",
        prefs.status
    );
    // A comment of theirs, on a consultation of the programme.
    let kenitra = tenant_id(&db, "kenitra").await;
    let mut c = db.admin_conn().await;
    let account: Uuid =
        sqlx::query_scalar("select id from accounts where email = 'yassine@example.ma'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    let cons = Uuid::now_v7();
    sqlx::query(
        "insert into consultations (tenant_id, id, programme_id, title_fr, opens_at, closes_at)
         values ($1, $2, $3, 'Le quartier', now() - interval '1 day', now() + interval '1 day')",
    )
    .bind(kenitra)
    .bind(cons)
    .bind(programme)
    .execute(&mut c)
    .await
    .unwrap();
    let token = b.get(&format!("/consultations/{cons}")).await.csrf();
    let posted = b
        .post(
            &format!("/consultations/{cons}/comments"),
            &[
                ("_csrf", token.as_str()),
                ("profile", "association"),
                ("age_bracket", "35_44"),
                ("body", "Un trottoir pour l'école"),
                ("next", &format!("/consultations/{cons}")),
            ],
        )
        .await;
    assert_eq!(posted.status, 303, "{}", posted.body);

    let export = b.get("/account/export").await;
    assert_eq!(export.status, 200);
    let data: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(data["account"]["email"], "yassine@example.ma");
    assert_eq!(data["terms"]["version"], 1);
    assert_eq!(data["comments"][0]["text"], "Un trottoir pour l'école");
    assert_eq!(data["comments"][0]["age_bracket"], "35_44");
    assert_eq!(data["follows"].as_array().unwrap().len(), 1);
    assert_eq!(data["notification_settings"]["delivery"], "weekly");
    assert!(
        data["emails"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "verify_email"),
        "the mails sent to the address: {}",
        data["emails"]
    );
    assert!(
        !export.body.contains("token="),
        "never the links a mail carried"
    );
    // The profile and age bracket are never shown beside the name.
    let page = b.get(&format!("/consultations/{cons}")).await;
    assert!(page.body.contains("Un trottoir pour l"), "{}", page.status);
    assert!(
        !page.body.contains("35 à 44 ans</span>"),
        "no age tag beside the comment"
    );

    let token = b.get("/account").await.csrf();
    let gone = b
        .post(
            "/account/delete",
            &[("_csrf", token.as_str()), ("current", PASSWORD)],
        )
        .await;
    assert_eq!(gone.status, 200, "{}", gone.body);
    for (what, sql) in [
        ("follows", "select count(*) from follows"),
        ("preferences", "select count(*) from notification_prefs"),
        ("notifications", "select count(*) from notifications"),
        (
            "mail to the address",
            "select count(*) from outbox where recipient = 'yassine@example.ma'",
        ),
        (
            "the address",
            "select count(*) from accounts where email = 'yassine@example.ma' or display_name = 'Yassine'",
        ),
        (
            "live sessions",
            "select count(*) from sessions where revoked_at is null",
        ),
    ] {
        assert_eq!(scalar(&db, sql).await, 0, "{what} left behind");
    }
    // What the notice says: the comment is withdrawn, its place kept for
    // the replies, its text in the moderation record only.
    assert_eq!(
        scalar(&db, &format!("select count(*) from comments where author_id = '{account}' and withdrawn_at is not null")).await,
        1
    );
    let page = browser_in(&app, "kenitra.localhost", "fr")
        .get(&format!("/consultations/{cons}"))
        .await;
    assert!(
        page.body.contains("Retiré par son auteur"),
        "{}",
        page.status
    );
    assert!(!page.body.contains("Un trottoir") && !page.body.contains("Yassine"));
}

#[tokio::test]
async fn retention_erases_what_the_notice_says_is_not_kept() {
    let (db, app) = app().await;
    let _ = verified_citizen(
        &app,
        &db,
        "kenitra.localhost",
        "old@example.ma",
        "Old",
        PASSWORD,
        "fr",
    )
    .await;
    let mut c = db.admin_conn().await;
    sqlx::query("insert into security_events (tenant_id, id, at, kind, account_id)
                 select tenant_id, gen_random_uuid(), now() - interval '13 months', 'sign_in', id from accounts")
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("update sessions set created_at = now() - interval '60 days', expires_at = now() - interval '31 days'")
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("update outbox set status = 'sent', sent_at = now() - interval '91 days'")
        .execute(&mut c)
        .await
        .unwrap();
    let before = scalar(&db, "select count(*) from security_events").await;
    // As the worker runs it, with the worker's own role.
    let mut w = <sqlx::PgConnection as sqlx::Connection>::connect(&db.worker_url())
        .await
        .unwrap();
    let erased: i64 = sqlx::query_scalar("select infitah_retention()")
        .fetch_one(&mut w)
        .await
        .unwrap();
    assert!(erased >= 3, "{erased}");
    assert_eq!(
        scalar(
            &db,
            "select count(*) from security_events where at < now() - interval '12 months'"
        )
        .await,
        0
    );
    assert!(
        scalar(&db, "select count(*) from security_events").await > 0,
        "the recent log stays"
    );
    assert!(scalar(&db, "select count(*) from security_events").await < before);
    assert_eq!(scalar(&db, "select count(*) from sessions").await, 0);
    assert_eq!(scalar(&db, "select count(*) from outbox").await, 0);
    // The worker's role reaches nothing else by it.
    assert!(
        sqlx::query("select count(*) from security_events")
            .fetch_one(&mut w)
            .await
            .is_err()
    );
}

/// One sign-in attempt from a new browser of the same address: its status.
async fn attempt(app: &TestApp, email: &str, password: &str) -> reqwest::StatusCode {
    let mut b = Browser::new(app, "kenitra.localhost");
    let fields = [("email", email), ("password", password), ("next", "/")];
    b.submit("/sign-in", "/sign-in", &fields).await.status
}

#[tokio::test]
async fn sign_ins_that_succeed_never_lock_anyone_out_failures_do() {
    let (_db, app) = app().await;
    staff(&app, "kenitra", "manager@kenitra.ma", "editor", "Manager").await;
    staff(&app, "kenitra", "other@kenitra.ma", "editor", "Other").await;
    // A workshop hall: the same person signs in again and again from one address.
    for i in 0..12 {
        let status = attempt(&app, "manager@kenitra.ma", PASSWORD).await;
        assert_eq!(status, 303, "sign-in {i} succeeds");
    }
    // Five wrong passwords for one account from this address…
    for _ in 0..5 {
        let status = attempt(&app, "manager@kenitra.ma", "not the password at all").await;
        assert_eq!(status, 401);
    }
    // …and that account waits, even with the right one…
    assert_eq!(attempt(&app, "manager@kenitra.ma", PASSWORD).await, 429);
    // …while the next person in the room signs in.
    assert_eq!(attempt(&app, "other@kenitra.ma", PASSWORD).await, 303);
}
