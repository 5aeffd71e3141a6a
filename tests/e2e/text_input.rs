//! Text is checked once, where it enters: hostile values (NUL, C0 and C1
//! controls, invalid UTF-8 raw and percent-encoded) posted to every route of
//! the router, as a form, as JSON on the API and as a multipart field, signed
//! in as staff of every role, each answered 422 naming the field in the
//! visitor's language, with the whole database unchanged; then the rules only
//! some fields have (bidi controls in identifiers, NFC, the years of a date,
//! a URL's length once normalised) on the forms that have them.

use infitah_tests::{TestApp, TestDb, browser::Browser};

use crate::evaluation::{sign_in, staff};
use crate::privacy::{DemoIds, declared_routes};

/// Tables that change by reading or by signing in, not by what a form asks.
const MOVING: &[&str] = &["sessions", "security_events"];

/// Raw form values, as bytes after `title=`.
const HOSTILE: &[(&str, &[u8])] = &[
    ("NUL", b"a%00b"),
    ("escape", b"a%1Bb"),
    ("bell", b"a%07b"),
    ("C1 NEL", b"a%C2%85b"),
    ("invalid UTF-8, percent-encoded", b"a%FFb"),
    ("invalid UTF-8, raw", b"a\xffb"),
    ("truncated UTF-8", b"a%D8"),
];

/// The visitor's language (French, the `lang` cookie) in each refusal.
fn names_the_field_in_french(body: &str, field: &str) -> bool {
    let field_named =
        body.contains(&format!("«\u{a0}{field}\u{a0}»")) || body.contains(&format!("\"{field}\""));
    let french = body.contains("caractère de contrôle invisible")
        || body.contains("n’est pas un texte valide");
    field_named && french
}

#[tokio::test]
async fn every_route_refuses_bad_text_and_changes_nothing() {
    let db = TestDb::new().await;
    let settings = db.settings();
    infitah::demo::seed(&settings).await.expect("demo data");
    let app = TestApp::spawn(settings).await;
    let email = "texte@kenitra.ma";
    for role in ["admin", "editor", "moderator", "committee"] {
        staff(&app, "kenitra", email, role, "Nour Texte").await;
    }
    staff(
        &app,
        "national",
        "texte@maroc.ma",
        "national_manager",
        "Hind Texte",
    )
    .await;
    let mut commune = sign_in(&app, "kenitra.localhost", email).await;
    let mut nation = sign_in(&app, "localhost", "texte@maroc.ma").await;
    let tokens = [
        commune.get("/account").await.csrf(),
        nation.get("/account").await.csrf(),
    ];
    let ids = DemoIds::load(&db).await;
    let before = db.digest(MOVING).await;

    let routes = declared_routes();
    let mut failures = Vec::new();
    let mut checked = 0;
    // The probes answer before any site is resolved and read no body.
    for route in routes
        .iter()
        .filter(|r| !matches!(r.as_str(), "/healthz" | "/readyz"))
    {
        let path = ids.fill(route);
        for (browser, token) in [(&mut commune, &tokens[0]), (&mut nation, &tokens[1])] {
            for (what, value) in HOSTILE {
                let mut body = format!("_csrf={token}&note=ok&title=").into_bytes();
                body.extend_from_slice(value);
                let p = browser
                    .post_raw(&path, "application/x-www-form-urlencoded", body)
                    .await;
                checked += 1;
                if p.status != 422 || !names_the_field_in_french(&p.body, "title") {
                    failures.push(format!(
                        "POST {}{path} form with {what}: {} {}",
                        browser.host,
                        p.status,
                        p.body.chars().take(160).collect::<String>()
                    ));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} requests");
    assert!(
        failures.is_empty(),
        "{} of {checked} refusals wrong:\n{}",
        failures.len(),
        failures[..failures.len().min(40)].join("\n")
    );
    assert_eq!(
        db.digest(MOVING).await,
        before,
        "a refused request changed the database"
    );
}

#[tokio::test]
async fn the_api_and_uploads_refuse_bad_text_in_their_own_format() {
    let db = TestDb::new().await;
    let settings = db.settings();
    infitah::demo::seed(&settings).await.expect("demo data");
    let app = TestApp::spawn(settings).await;
    staff(
        &app,
        "kenitra",
        "editeur@kenitra.ma",
        "editor",
        "Salma Éditrice",
    )
    .await;
    let ids = DemoIds::load(&db).await;
    let mut editor = sign_in(&app, "kenitra.localhost", "editeur@kenitra.ma").await;
    let token = editor.get("/account").await.csrf();
    let before = db.digest(MOVING).await;

    // The API as a signed-in client calls it: its session, its token in the header.
    let activity = ids.fill("/api/v1/activities/{id}/progress");
    let session = editor.cookie_header();
    let post_api = |content_type: &'static str, body: String| {
        app.client
            .post(app.url(&activity))
            .header("host", "kenitra.localhost")
            .header("origin", "http://kenitra.localhost")
            .header("cookie", &session)
            .header("x-csrf-token", &token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };

    // The JSON API: the documented error object, the field by its path.
    for note in [r#""a\u0000b""#, r#""a\u001bb""#, r#""\u0085""#] {
        let r = post_api(
            "application/json",
            format!(r#"{{"completion": 50, "version": 1, "note": {note}}}"#),
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 422, "{note}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"], "invalid");
        assert_eq!(v["fields"][0]["field"], "note", "{v}");
        infitah_tests::assert_matches_openapi("Error", &v);
    }

    // What the JSON extractor refuses, as documented: status, then the error code.
    for (content_type, body, status, code) in [
        (
            "text/plain",
            r#"{"completion": 50, "version": 1}"#,
            415,
            "unsupported_media_type",
        ),
        (
            "application/json",
            r#"{"completion": 50, "#,
            400,
            "malformed",
        ),
        ("application/json", r#"{"completion": 50}"#, 422, "invalid"),
        (
            "application/json",
            r#"{"completion": 50, "version": "un"}"#,
            422,
            "invalid",
        ),
    ] {
        let r = post_api(content_type, body.to_owned()).await.unwrap();
        assert_eq!(r.status(), status, "{content_type} {body}");
        let v: serde_json::Value = r.json().await.expect("a JSON error object");
        assert_eq!(v["error"], code, "{body}");
        infitah_tests::assert_matches_openapi("Error", &v);
        assert!(
            !v.to_string().contains("\"un\""),
            "the input is not echoed: {v}"
        );
    }

    // A form with a file: its plain fields are text like any other.
    let workshop = ids.fill("/admin/workshops/{id}/paper/upload");
    let boundary = "----infitah";
    let mut body = Vec::new();
    for (name, value) in [("_csrf", token.as_bytes()), ("note", &b"a\x00b"[..])] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"avis.csv\"\r\n\
             Content-Type: text/csv\r\n\r\ncitizen,18_24,Un avis\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    let p = editor
        .post_raw(
            &workshop,
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(names_the_field_in_french(&p.body, "note"), "{}", p.body);

    // A multipart body cut before its closing boundary: malformed (400), not a forgery (403).
    let cut = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"avis.csv\"\r\n\r\ncitizen,18_24,Un av"
    );
    let p = editor
        .post_raw(
            &workshop,
            &format!("multipart/form-data; boundary={boundary}"),
            cut.into_bytes(),
        )
        .await;
    assert_eq!(p.status, 400, "{}", p.body);
    assert!(p.body.contains("Adresse illisible"), "{}", p.body);

    // A query string is checked too.
    let p = editor.get("/admin/plan?q=%FF").await;
    assert_eq!(p.status, 422);
    assert!(names_the_field_in_french(&p.body, "q"), "{}", p.body);
    assert_eq!(db.digest(MOVING).await, before);
}

#[tokio::test]
async fn fields_with_rules_of_their_own() {
    let db = TestDb::new().await;
    let app = TestApp::spawn(infitah_tests::two_communes(&db).await).await;
    let before = db.digest(MOVING).await;

    // Identifiers: no bidi control, beside the field, in the visitor's language.
    let mut visitor = Browser::new(&app, "kenitra.localhost");
    visitor.cookies.insert("lang".into(), "ar".into());
    for (field, email, name) in [
        ("email", "nour\u{202e}am.artinek@kenitra.ma", "Nour"),
        (
            "display_name",
            "nour@kenitra.ma",
            "Nour\u{2066}admin\u{2069}",
        ),
    ] {
        let p = visitor
            .submit(
                "/sign-up",
                "/sign-up",
                &[
                    ("email", email),
                    ("display_name", name),
                    ("password", "correct horse battery staple 42"),
                    ("lang", "ar"),
                    ("terms", "on"),
                    ("terms_version", "1"),
                ],
            )
            .await;
        assert_eq!(p.status, 422, "{field}");
        assert!(
            p.body.contains("حرف تحكم في اتجاه الكتابة"),
            "{field}: {}",
            p.body
        );
    }
    assert_eq!(
        db.digest(MOVING).await,
        before,
        "a refused sign-up changed something"
    );

    // What is stored is NFC: a name typed with a combining accent.
    let p = visitor
        .submit(
            "/sign-up",
            "/sign-up",
            &[
                ("email", "rene@kenitra.ma"),
                ("display_name", "Rene\u{301}"),
                ("password", "correct horse battery staple 42"),
                ("lang", "fr"),
                ("terms", "on"),
                ("terms_version", "1"),
            ],
        )
        .await;
    assert!(p.body.contains("تفقدوا بريدكم"), "signed up: {}", p.status);
    let mut c = db.admin_conn().await;
    let stored: String =
        sqlx::query_scalar("select display_name from accounts where email = 'rene@kenitra.ma'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert_eq!(stored, "René");
    assert_eq!(stored.chars().count(), 4);
}

#[tokio::test]
async fn dates_keep_to_their_years_and_urls_to_their_stored_length() {
    let f = crate::evaluation::fixture().await;
    staff(
        &f.app,
        "kenitra",
        "admin@kenitra.ma",
        "admin",
        "Amina Admin",
    )
    .await;
    let db = &f.db;
    let mut admin = sign_in(&f.app, "kenitra.localhost", "admin@kenitra.ma").await;
    let before = db.digest(MOVING).await;
    // Dates: within 2000–2100, before any immutable write (the council's decision).
    for day in ["9999-12-31", "0000-01-01", "1999-12-31"] {
        let p = admin
            .submit(
                "/admin/plan/council",
                "/admin/plan/council",
                &[
                    ("decided_on", day),
                    ("session_ref", "Session ordinaire"),
                    ("votes_for", "41"),
                    ("votes_against", "0"),
                    ("votes_abstain", "2"),
                ],
            )
            .await;
        assert_eq!(p.status, 422, "{day}");
        assert!(p.body.contains("entre 2000 et 2100"), "{day}");
        let p = admin
            .submit(
                "/admin/plan/council",
                "/admin/plan/stages",
                &[("approval_actual_start", day)],
            )
            .await;
        assert_eq!(p.status, 422, "stage {day}");
    }
    // A URL that grows past its column once percent-encoded: refused, not a 500.
    let long = format!("https://kenitra.ma/{}", "é".repeat(600));
    assert!(long.len() < 2000);
    let activity = format!("/admin/plan/activities/{}/progress", f.activity);
    let project = format!("/admin/plan/projects/{}", f.project);
    let p = admin
        .submit(
            &project,
            &activity,
            &[
                ("completion", "50"),
                ("evidence_url", &long),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(
        p.status,
        422,
        "{}",
        p.body.chars().take(300).collect::<String>()
    );
    assert_eq!(db.digest(MOVING).await, before);
}

#[tokio::test]
async fn framework_refusals_speak_the_visitors_language_and_close_what_they_did_not_read() {
    let db = TestDb::new().await;
    let app = TestApp::spawn(infitah_tests::two_communes(&db).await).await;
    let mut visitor = Browser::new(&app, "kenitra.localhost");
    visitor.cookies.insert("lang".into(), "fr".into());
    let token = visitor.get("/sign-in").await.csrf();
    // Over the size limit: 413, a page in French, not a JSON word in English.
    let mut body = format!("_csrf={token}&email=").into_bytes();
    body.extend(std::iter::repeat_n(b'a', 300 * 1024));
    let p = visitor
        .post_raw("/sign-in", "application/x-www-form-urlencoded", body)
        .await;
    assert_eq!(p.status, 413);
    assert!(p.body.contains("Envoi trop volumineux"), "{}", p.body);
    // A field given twice to a form read as one struct: a page, not serde's English.
    let token = visitor.get("/sign-in").await.csrf();
    let p = visitor
        .post_raw(
            "/sign-in",
            "application/x-www-form-urlencoded",
            format!("_csrf={token}&email=a%40b.ma&email=c%40d.ma&password=x&next=/").into_bytes(),
        )
        .await;
    assert!(p.status.is_client_error(), "{}", p.status);
    assert!(p.body.contains("Adresse illisible"), "{}", p.body);
    assert!(!p.body.contains("duplicate field"), "{}", p.body);
    // A path segment that is not UTF-8: a page in French, or the API's JSON.
    let p = visitor.get("/projects/%FF").await;
    assert_eq!(p.status, 400);
    assert!(p.body.contains("Adresse illisible"), "{}", p.body);
    let p = visitor.get("/api/v1/projects/%FF").await;
    assert_eq!(p.status, 400);
    let v: serde_json::Value = serde_json::from_str(&p.body).expect("JSON");
    assert_eq!(v["error"], "malformed");
    // Refused before its body is read: the client is told to close.
    let r = app
        .client
        .post(app.url("/sign-in"))
        .header("host", "kenitra.localhost")
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=a&password=b")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        r.headers().get("connection").and_then(|v| v.to_str().ok()),
        Some("close")
    );
}
