//! Identity, end to end over HTTP as a browser would do it: sign-up,
//! verification, sign-in, sessions bound to their collectivity, CSRF,
//! no account enumeration, throttling, one-time tokens, roles and the
//! security log. Mail is read from the outbox, where each message is written
//! in the transaction of its event (delivery is tested in `mail`).

use infitah_tests::{TestApp, TestDb, browser::Browser, two_communes};
use sqlx::Connection;

const PASSWORD: &str = "une phrase assez longue pour Kénitra";

/// The link of the last message of `kind` queued for `to`. A reset link is
/// queued just after the answer (both answers take the same time), so it is
/// waited for a moment.
async fn mailed_link(db: &TestDb, kind: &str, to: &str) -> String {
    mailed_link_other_than(db, kind, to, None).await
}

/// As [`mailed_link`], waiting for a link other than `previous`.
async fn mailed_link_other_than(
    db: &TestDb,
    kind: &str,
    to: &str,
    previous: Option<&str>,
) -> String {
    let mut c = db.admin_conn().await;
    let mut link: Option<String> = None;
    for _ in 0..50 {
        link = sqlx::query_scalar(
            "select payload->>'link' from outbox where kind = $1 and recipient = $2 order by created_at desc limit 1",
        )
        .bind(kind)
        .bind(to)
        .fetch_optional(&mut c)
        .await
        .unwrap()
        .flatten()
        .filter(|l: &String| Some(l.as_str()) != previous);
        if link.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let link = link.unwrap_or_else(|| panic!("no {kind} mail for {to}"));
    // Links name the collectivity's configured host and port; keep the path.
    let path_start = link
        .find("://")
        .map(|i| link[i + 3..].find('/').unwrap() + i + 3)
        .unwrap();
    link[path_start..].to_owned()
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
}

async fn sign_up(b: &mut Browser<'_>, email: &str, name: &str) -> infitah_tests::browser::Page {
    b.submit(
        "/sign-up",
        "/sign-up",
        &[
            ("email", email),
            ("display_name", name),
            ("password", PASSWORD),
            ("lang", "ar"),
            ("terms", "on"),
            ("terms_version", "1"),
        ],
    )
    .await
}

async fn sign_in(b: &mut Browser<'_>, email: &str, password: &str) -> infitah_tests::browser::Page {
    b.submit(
        "/sign-in",
        "/sign-in",
        &[
            ("email", email),
            ("password", password),
            ("next", "/account"),
        ],
    )
    .await
}

async fn app() -> (TestDb, TestApp) {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let app = TestApp::spawn(settings).await;
    (db, app)
}

#[tokio::test]
async fn a_citizen_signs_up_verifies_signs_in_and_out() {
    let (db, app) = app().await;
    let mut b = Browser::new(&app, "kenitra.localhost");
    let page = sign_up(&mut b, "Amina@Example.ma", "أمينة").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("تفقدوا بريدكم الإلكتروني"));
    // Stored lower-cased, unverified, with an argon2id hash of OWASP's parameters.
    let mut c = db.admin_conn().await;
    let (hash, verified): (String, bool) =
        sqlx::query_as("select password_hash, email_verified_at is not null from accounts where email = 'amina@example.ma'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!verified);

    // The verification link works once.
    let link = mailed_link(&db, "verify_email", "amina@example.ma").await;
    assert!(link.starts_with("/verify?token="));
    assert_eq!(b.get(&link).await.status, 200);
    assert_eq!(b.get(&link).await.status, 400);
    let verified: bool = sqlx::query_scalar(
        "select email_verified_at is not null from accounts where email = 'amina@example.ma'",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert!(verified);

    let page = sign_in(&mut b, "amina@example.ma", PASSWORD).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location.as_deref(), Some("/account"));
    let cookie = page
        .set_cookies
        .iter()
        .find(|c| c.starts_with("infitah_session="))
        .expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && !cookie.to_lowercase().contains("domain"),
        "{cookie}"
    );
    let value = b.cookies["infitah_session"].clone();
    assert!(value.len() >= 43, "at least 256 bits");
    // Stored hashed: the cookie's value is nowhere in the database.
    let stored: i64 = sqlx::query_scalar(
        "select count(*) from sessions where encode(token_hash, 'escape') like '%' || $1 || '%'",
    )
    .bind(&value)
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!(stored, 0);
    let account = b.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("amina@example.ma") && account.body.contains("أمينة"));

    let csrf = account.csrf();
    let out = b.post("/sign-out", &[("_csrf", &csrf)]).await;
    assert_eq!(out.status, 303);
    // The old cookie is worthless now, even replayed.
    b.cookies.insert("infitah_session".into(), value);
    let again = b.get("/account").await;
    assert_eq!(again.status, 303);
    assert!(again.location.unwrap().starts_with("/sign-in"));
}

#[tokio::test]
async fn a_session_is_worthless_on_another_collectivitys_host() {
    let (db, app) = app().await;
    let mut k = Browser::new(&app, "kenitra.localhost");
    sign_up(&mut k, "driss@example.ma", "Driss").await;
    let link = mailed_link(&db, "verify_email", "driss@example.ma").await;
    k.get(&link).await;
    assert_eq!(
        sign_in(&mut k, "driss@example.ma", PASSWORD).await.status,
        303
    );
    assert_eq!(k.get("/account").await.status, 200);

    let mut r = Browser::new(&app, "rabat.localhost");
    r.cookies = k.cookies.clone();
    let page = r.get("/account").await;
    assert_eq!(
        page.status, 303,
        "the kenitra cookie opened an account page on rabat"
    );
    assert!(page.location.unwrap().starts_with("/sign-in"));
    assert!(
        !r.cookies.contains_key("infitah_session"),
        "the foreign cookie should be cleared"
    );
    // And on the national space.
    let mut n = Browser::new(&app, "localhost");
    n.cookies = k.cookies.clone();
    assert_eq!(n.get("/account").await.status, 303);
    // The same address is free to hold an unrelated account in Rabat.
    let page = sign_up(&mut r, "driss@example.ma", "Driss R.").await;
    assert_eq!(page.status, 200);
    assert_eq!(
        count(
            &db,
            "select count(*) from accounts where email = 'driss@example.ma'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn state_changing_requests_need_a_token_and_this_origin() {
    let (db, app) = app().await;
    let mut b = Browser::new(&app, "kenitra.localhost");
    let token = b.get("/sign-up").await.csrf();
    let fields = |t: &str| -> Vec<(String, String)> {
        vec![
            ("_csrf".into(), t.into()),
            ("email".into(), "x@example.ma".into()),
            ("display_name".into(), "X".into()),
            ("password".into(), PASSWORD.into()),
            ("lang".into(), "ar".into()),
            ("terms".into(), "on".into()),
            ("terms_version".into(), "1".into()),
        ]
    };
    // No token, a wrong token, a token from another host's page.
    let without: Vec<(String, String)> = fields("")
        .into_iter()
        .filter(|(k, _)| k != "_csrf")
        .collect();
    assert_eq!(
        post(&mut b, without, Some("http://kenitra.localhost".into())).await,
        403
    );
    assert_eq!(
        post(
            &mut b,
            fields("AAAA"),
            Some("http://kenitra.localhost".into())
        )
        .await,
        403
    );
    let mut r = Browser::new(&app, "rabat.localhost");
    let rabat_token = r.get("/sign-up").await.csrf();
    assert_eq!(
        post(
            &mut b,
            fields(&rabat_token),
            Some("http://kenitra.localhost".into())
        )
        .await,
        403
    );
    // A sibling commune's origin, or a cross-site fetch, with a valid token.
    assert_eq!(
        post(
            &mut b,
            fields(&token),
            Some("http://rabat.localhost".into())
        )
        .await,
        403
    );
    let refs: Vec<(String, String)> = fields(&token);
    let refs: Vec<(&str, &str)> = refs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let status = app
        .client
        .post(app.url("/sign-up"))
        .header("host", "kenitra.localhost")
        .header("sec-fetch-site", "cross-site")
        .header(
            "cookie",
            b.cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; "),
        )
        .form(&refs)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 403);
    assert_eq!(
        count(&db, "select count(*) from accounts").await,
        0,
        "a refused request wrote something"
    );
    // The same request from this origin goes through.
    assert_eq!(
        post(
            &mut b,
            fields(&token),
            Some("http://kenitra.localhost".into())
        )
        .await,
        200
    );
    assert_eq!(count(&db, "select count(*) from accounts").await, 1);
}

async fn post(
    b: &mut Browser<'_>,
    f: Vec<(String, String)>,
    origin: Option<String>,
) -> reqwest::StatusCode {
    let refs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    b.post_from("/sign-up", &refs, origin.as_deref())
        .await
        .status
}

/// The page without what legitimately differs between two answers (tokens).
fn normalised(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(i) = rest.find(r#"name="_csrf" value=""#) {
        let j = i + r#"name="_csrf" value=""#.len();
        out.push_str(&rest[..j]);
        rest = &rest[j..];
        let end = rest.find('"').unwrap();
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn known_and_unknown_addresses_get_the_same_answers() {
    let (db, app) = app().await;
    let mut b = Browser::new(&app, "kenitra.localhost");
    sign_up(&mut b, "known@example.ma", "Known").await;
    let link = mailed_link(&db, "verify_email", "known@example.ma").await;
    b.get(&link).await;

    // Sign-up again with a known address, and with a new one.
    let mut b1 = Browser::new(&app, "kenitra.localhost");
    let known = sign_up(&mut b1, "known@example.ma", "Someone").await;
    let mut b2 = Browser::new(&app, "kenitra.localhost");
    let unknown = sign_up(&mut b2, "nobody@example.ma", "Nobody").await;
    assert_eq!(
        (known.status, normalised(&known.body)),
        (unknown.status, normalised(&unknown.body))
    );
    // The owner of the known address is told, by mail only.
    assert_eq!(count(&db, "select count(*) from outbox where kind = 'already_registered' and recipient = 'known@example.ma'").await, 1);

    // Sign-in: wrong password for a known address, any password for an unknown one.
    let mut b3 = Browser::new(&app, "kenitra.localhost");
    let wrong = sign_in(&mut b3, "known@example.ma", "not the right password at all").await;
    let mut b4 = Browser::new(&app, "kenitra.localhost");
    let none = sign_in(&mut b4, "ghost@example.ma", "not the right password at all").await;
    assert_eq!(wrong.status, 401);
    assert_eq!(
        (
            wrong.status,
            normalised(&wrong.body).replace("known@", "X@")
        ),
        (none.status, normalised(&none.body).replace("ghost@", "X@"))
    );

    // Reset: the same answer; a mail only for the known address.
    let mut b5 = Browser::new(&app, "kenitra.localhost");
    let r1 = b5
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "known@example.ma")],
        )
        .await;
    let mut b6 = Browser::new(&app, "kenitra.localhost");
    let r2 = b6
        .submit(
            "/password/forgot",
            "/password/forgot",
            &[("email", "ghost@example.ma")],
        )
        .await;
    assert_eq!(
        (r1.status, normalised(&r1.body)),
        (r2.status, normalised(&r2.body))
    );
    // The work is done after the answer: the known address's link arrives,
    // and the unknown one's never does.
    mailed_link(&db, "reset_password", "known@example.ma").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        count(
            &db,
            "select count(*) from outbox where kind = 'reset_password'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn sign_in_is_throttled_after_five_failures_per_address() {
    let (db, app) = app().await;
    let mut b = Browser::new(&app, "kenitra.localhost");
    sign_up(&mut b, "target@example.ma", "Target").await;
    let link = mailed_link(&db, "verify_email", "target@example.ma").await;
    b.get(&link).await;
    for i in 0..5 {
        let p = sign_in(&mut b, "target@example.ma", "a wrong password, again").await;
        assert_eq!(p.status, 401, "attempt {i}");
    }
    // The sixth attempt is refused even with the right password.
    let p = sign_in(&mut b, "target@example.ma", PASSWORD).await;
    assert_eq!(p.status, 429);
    assert!(p.body.contains("محاولات كثيرة"));
    // Another address is not affected.
    sign_up(&mut b, "other@example.ma", "Other").await;
    assert_eq!(
        sign_in(&mut b, "other@example.ma", PASSWORD).await.status,
        303
    );
    assert!(
        count(
            &db,
            "select count(*) from security_events where kind = 'sign_in_failed'"
        )
        .await
            >= 5
    );
}

#[tokio::test]
async fn reset_tokens_are_single_use_expiring_and_bound_to_their_collectivity() {
    let (db, app) = app().await;
    let mut b = Browser::new(&app, "kenitra.localhost");
    sign_up(&mut b, "reset@example.ma", "Reset").await;
    let new_password = "another long sentence for the reset";

    // Presented on another collectivity: refused.
    b.submit(
        "/password/forgot",
        "/password/forgot",
        &[("email", "reset@example.ma")],
    )
    .await;
    let link = mailed_link(&db, "reset_password", "reset@example.ma").await;
    let first = link.clone();
    assert!(link.starts_with("/password/reset?token="));
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let mut r = Browser::new(&app, "rabat.localhost");
    assert_eq!(r.get(&link).await.status, 400);
    let p = r
        .submit(
            "/sign-in",
            "/password/reset",
            &[("token", &token), ("password", new_password)],
        )
        .await;
    assert_eq!(p.status, 400);

    // Used once: works; reused: refused.
    let p = b
        .submit(
            &link,
            "/password/reset",
            &[("token", &token), ("password", new_password)],
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.body);
    let p = b
        .submit(
            "/sign-in",
            "/password/reset",
            &[
                ("token", &token),
                ("password", "yet another long sentence here"),
            ],
        )
        .await;
    assert_eq!(p.status, 400);
    assert_eq!(
        sign_in(&mut b, "reset@example.ma", new_password)
            .await
            .status,
        303
    );

    // Expired: refused.
    let mut b2 = Browser::new(&app, "kenitra.localhost");
    b2.submit(
        "/password/forgot",
        "/password/forgot",
        &[("email", "reset@example.ma")],
    )
    .await;
    let link =
        mailed_link_other_than(&db, "reset_password", "reset@example.ma", Some(&first)).await;
    let token = link.split("token=").nth(1).unwrap().to_owned();
    sqlx::query("update account_tokens set expires_at = now() - interval '1 second' where purpose = 'reset_password' and used_at is null")
        .execute(&mut db.admin_conn().await)
        .await
        .unwrap();
    let p = b2
        .submit(
            "/sign-in",
            "/password/reset",
            &[
                ("token", &token),
                ("password", "a third long sentence to try"),
            ],
        )
        .await;
    assert_eq!(p.status, 400);
    // Valid for 30 minutes.
    let minutes: f64 = {
        let mut c = db.admin_conn().await;
        sqlx::query_scalar("select (extract(epoch from expires_at - created_at) / 60)::float8 from account_tokens where purpose = 'reset_password' order by created_at limit 1")
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    assert!((minutes - 30.0).abs() < 0.1, "{minutes}");
}

#[tokio::test]
async fn bad_sign_up_input_is_refused_in_the_visitors_language_and_creates_nothing() {
    let (db, app) = app().await;
    let long_email = format!("{}@example.ma", "a".repeat(250));
    let long_name = "ن".repeat(81);
    // (fields overridden, field, Arabic message, French message)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("email", "not-an-address")],
            "email",
            "أدخلوا عنوان بريد إلكتروني صحيحا",
            "Saisissez une adresse électronique valide",
        ),
        (
            vec![("email", &long_email)],
            "email",
            "أدخلوا عنوان بريد إلكتروني صحيحا",
            "Saisissez une adresse électronique valide",
        ),
        (
            vec![("display_name", &long_name)],
            "display_name",
            "من 1 إلى 80 حرفا",
            "de 1 à 80 caractères",
        ),
        (
            vec![("password", "short")],
            "password",
            "قصيرة جدا",
            "trop court",
        ),
        (
            vec![("password", "passwordpassword")],
            "password",
            "شائعة جدا",
            "trop courant",
        ),
        (
            vec![("lang", "tlh")],
            "lang",
            "اختاروا إحدى اللغات",
            "Choisissez l",
        ),
        (
            vec![("terms", "")],
            "terms",
            "يجب الموافقة",
            "Vous devez accepter",
        ),
    ];
    for (lang, cookie) in [("ar", None), ("fr", Some("fr"))] {
        for (overrides, field, ar, fr) in &cases {
            let mut b = Browser::new(&app, "kenitra.localhost");
            if let Some(c) = cookie {
                b.cookies.insert("lang".into(), c.into());
            }
            let mut fields: Vec<(&str, &str)> = vec![
                ("email", "valid@example.ma"),
                ("display_name", "Valid"),
                ("password", PASSWORD),
                ("lang", "ar"),
                ("terms", "on"),
                ("terms_version", "1"),
            ];
            for (k, v) in overrides {
                fields.retain(|(f, _)| f != k);
                fields.push((k, v));
            }
            let p = b.submit("/sign-up", "/sign-up", &fields).await;
            assert_eq!(p.status, 422, "{field} ({lang})");
            let expected = if lang == "ar" { ar } else { fr };
            assert!(
                p.body.contains(expected),
                "{field} ({lang}): message {expected:?} missing"
            );
            assert!(
                p.body.contains("has-error"),
                "{field}: not marked beside the field"
            );
        }
    }
    assert_eq!(count(&db, "select count(*) from accounts").await, 0);
    assert_eq!(count(&db, "select count(*) from outbox").await, 0);
}

#[tokio::test]
async fn staff_roles_invitations_and_the_security_log() {
    let (db, app) = app().await;
    let settings = app.running.state.settings.clone();
    // The operator creates Kénitra's first admin.
    let mut input = std::io::Cursor::new(format!("{PASSWORD}\n"));
    let mut out = vec![];
    let cli = <infitah::cli::Cli as clap::Parser>::try_parse_from([
        "infitah",
        "user",
        "add",
        "--tenant",
        "kenitra",
        "--email",
        "admin@kenitra.ma",
        "--role",
        "admin",
        "--password-stdin",
    ])
    .unwrap();
    let infitah::cli::Command::User(cmd) = cli.command else {
        unreachable!()
    };
    infitah::user_cmd::run(settings.clone(), cmd, &mut input, &mut out)
        .await
        .unwrap();
    // A platform role is refused in a collectivity, and the reverse.
    for (tenant, role) in [("kenitra", "national_manager"), ("national", "admin")] {
        let cli = <infitah::cli::Cli as clap::Parser>::try_parse_from([
            "infitah",
            "user",
            "add",
            "--tenant",
            tenant,
            "--email",
            "x@example.ma",
            "--role",
            role,
        ])
        .unwrap();
        let infitah::cli::Command::User(cmd) = cli.command else {
            unreachable!()
        };
        let err = infitah::user_cmd::run(settings.clone(), cmd, &mut std::io::empty(), &mut vec![])
            .await
            .unwrap_err();
        assert!(format!("{err}").contains("role"), "{err}");
    }

    let mut admin = Browser::new(&app, "kenitra.localhost");
    assert_eq!(
        sign_in(&mut admin, "admin@kenitra.ma", PASSWORD)
            .await
            .status,
        303
    );
    let staff = admin.get("/admin/staff").await;
    assert_eq!(staff.status, 200);
    assert!(staff.body.contains("admin@kenitra.ma"));

    // Invite an editor; the link works once and signs them in.
    let p = admin
        .submit(
            "/admin/staff",
            "/admin/staff/invite",
            &[("email", "editor@kenitra.ma"), ("role", "editor")],
        )
        .await;
    assert_eq!(p.status, 200);
    let link = mailed_link(&db, "invitation", "editor@kenitra.ma").await;
    let mut editor = Browser::new(&app, "kenitra.localhost");
    let p = editor
        .submit(
            &link,
            "/invitation",
            &[
                ("token", link.split("token=").nth(1).unwrap()),
                ("display_name", "Rédactrice"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        editor.get(&link).await.status,
        400,
        "an invitation works once"
    );
    // An editor is not an admin: the staff pages do not exist for them.
    assert_eq!(editor.get("/admin/staff").await.status, 404);
    assert_eq!(editor.get("/admin/security-log").await.status, 404);

    // An expired invitation cannot be revived through the password reset.
    admin
        .submit(
            "/admin/staff",
            "/admin/staff/invite",
            &[("email", "late@kenitra.ma"), ("role", "moderator")],
        )
        .await;
    sqlx::query("update account_tokens set expires_at = now() - interval '1 second' where email = 'late@kenitra.ma'")
        .execute(&mut db.admin_conn().await)
        .await
        .unwrap();
    let mut late = Browser::new(&app, "kenitra.localhost");
    late.submit(
        "/password/forgot",
        "/password/forgot",
        &[("email", "late@kenitra.ma")],
    )
    .await;
    // (done after the answer: give it the moment a known address's link takes)
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(count(&db, "select count(*) from outbox where kind = 'reset_password' and recipient = 'late@kenitra.ma'").await, 0);

    // Rabat's admin cannot touch Kénitra's staff: objects of another collectivity are 404.
    let mut input = std::io::Cursor::new(format!("{PASSWORD}\n"));
    let cli = <infitah::cli::Cli as clap::Parser>::try_parse_from([
        "infitah",
        "user",
        "add",
        "--tenant",
        "rabat",
        "--email",
        "admin@rabat.ma",
        "--role",
        "admin",
        "--password-stdin",
    ])
    .unwrap();
    let infitah::cli::Command::User(cmd) = cli.command else {
        unreachable!()
    };
    infitah::user_cmd::run(settings.clone(), cmd, &mut input, &mut vec![])
        .await
        .unwrap();
    let editor_id: uuid::Uuid = {
        let mut c = db.admin_conn().await;
        sqlx::query_scalar("select id from accounts where email = 'editor@kenitra.ma'")
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    let mut rabat = Browser::new(&app, "rabat.localhost");
    assert_eq!(
        sign_in(&mut rabat, "admin@rabat.ma", PASSWORD).await.status,
        303
    );
    let p = rabat
        .submit(
            "/admin/staff",
            &format!("/admin/staff/{editor_id}/roles"),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(p.status, 404);
    let p = rabat
        .submit(
            "/admin/staff",
            &format!("/admin/staff/{editor_id}/sessions/revoke"),
            &[],
        )
        .await;
    assert_eq!(p.status, 404);
    // Kénitra's editor with a Kénitra session on Rabat's staff pages: 404 too.
    let mut crossing = Browser::new(&app, "rabat.localhost");
    crossing.cookies = editor.cookies.clone();
    assert_eq!(crossing.get("/admin/staff").await.status, 404);

    // Kénitra's admin makes the editor a moderator too, and revokes their sessions.
    let p = admin
        .submit(
            "/admin/staff",
            &format!("/admin/staff/{editor_id}/roles"),
            &[("role", "editor"), ("role", "moderator")],
        )
        .await;
    assert_eq!(p.status, 200);
    assert_eq!(
        count(
            &db,
            &format!("select count(*) from account_roles where account_id = '{editor_id}'")
        )
        .await,
        2
    );
    let p = admin
        .submit(
            "/admin/staff",
            &format!("/admin/staff/{editor_id}/sessions/revoke"),
            &[],
        )
        .await;
    assert_eq!(p.status, 200);
    assert_eq!(
        editor.get("/account").await.status,
        303,
        "the revoked session still works"
    );
    // An admin cannot remove their own admin role.
    let admin_id: uuid::Uuid = {
        let mut c = db.admin_conn().await;
        sqlx::query_scalar("select id from accounts where email = 'admin@kenitra.ma'")
            .fetch_one(&mut c)
            .await
            .unwrap()
    };
    let p = admin
        .submit(
            "/admin/staff",
            &format!("/admin/staff/{admin_id}/roles"),
            &[("role", "editor")],
        )
        .await;
    assert_eq!(p.status, 422);

    // The security log tells it, without addresses or secrets.
    let log = admin.get("/admin/security-log").await;
    assert_eq!(log.status, 200);
    for event in [
        "تسجيل الدخول",
        "إرسال دعوة",
        "قبول دعوة",
        "تغيير الأدوار",
        "إنهاء الجلسات",
    ] {
        assert!(log.body.contains(event), "{event} missing from the log");
    }
    assert!(!log.body.contains("$argon2id") && !log.body.contains("token"));
    // Rabat's log has nothing of Kénitra's.
    let rlog = rabat.get("/admin/security-log").await;
    assert!(!rlog.body.contains("Rédactrice"));
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_and_deleting_erases_personal_data() {
    let (db, app) = app().await;
    let mut phone = Browser::new(&app, "kenitra.localhost");
    sign_up(&mut phone, "nadia@example.ma", "Nadia").await;
    let link = mailed_link(&db, "verify_email", "nadia@example.ma").await;
    phone.get(&link).await;
    sign_in(&mut phone, "nadia@example.ma", PASSWORD).await;
    let mut laptop = Browser::new(&app, "kenitra.localhost");
    sign_in(&mut laptop, "nadia@example.ma", PASSWORD).await;
    let new_password = "a completely different long sentence";
    let p = laptop
        .submit(
            "/account",
            "/account/password",
            &[("current", PASSWORD), ("password", new_password)],
        )
        .await;
    assert_eq!(p.status, 200);
    assert_eq!(
        laptop.get("/account").await.status,
        200,
        "the session that changed it stays"
    );
    assert_eq!(
        phone.get("/account").await.status,
        303,
        "the other session must end"
    );
    // The export holds the account's data.
    let export = laptop.get("/account/export").await;
    let data: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(data["account"]["email"], "nadia@example.ma");
    assert_eq!(data["collectivity"]["slug"], "kenitra");
    // Deletion needs the password, then erases the personal data and keeps the row.
    let p = laptop
        .submit("/account", "/account/delete", &[("current", "wrong")])
        .await;
    assert_eq!(p.status, 422);
    let p = laptop
        .submit("/account", "/account/delete", &[("current", new_password)])
        .await;
    assert_eq!(p.status, 200);
    let mut c = db.admin_conn().await;
    let (email, name, hash, deleted): (Option<String>, Option<String>, Option<String>, bool) =
        sqlx::query_as(
            "select email, display_name, password_hash, deleted_at is not null from accounts",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert_eq!((email, name, hash, deleted), (None, None, None, true));
    assert_eq!(laptop.get("/account").await.status, 303);
    c.close().await.ok();
}

#[tokio::test]
async fn the_verification_mail_arrives_through_smtp_and_its_link_works_once() {
    use infitah_tests::smtp::SmtpSink;
    let sink = SmtpSink::start().await;
    let db = TestDb::new().await;
    two_communes(&db).await;
    let settings = db.settings_with(&[
        ("INFITAH_SMTP_URL", &sink.url()),
        ("INFITAH_WORKER_POLL_MS", "50"),
    ]);
    let running = infitah::server::start(
        settings,
        &[
            infitah::cli::Service::Identity,
            infitah::cli::Service::Plans,
        ],
        true,
    )
    .await
    .unwrap();
    let app = TestApp {
        running,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    };
    let mut b = Browser::new(&app, "kenitra.localhost");
    assert_eq!(
        sign_up(&mut b, "salma@example.ma", "سلمى").await.status,
        200
    );
    let mails = sink.wait_for(1, std::time::Duration::from_secs(20)).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.rcpt_tos, ["salma@example.ma"]);
    assert_eq!(mail.content_language, "ar-MA");
    assert!(
        mail.html().unwrap().contains(r#"dir="rtl""#) && mail.html().unwrap().contains("القنيطرة")
    );
    // The link names Kénitra's configured host (its custom domain), never the request's.
    let text = mail.text().unwrap();
    let start = text
        .find("http://kenitra.ma:8080/verify?token=")
        .unwrap_or_else(|| panic!("no link to Kénitra in {text}"));
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let path = &link[link.find("/verify").unwrap()..];
    assert_eq!(b.get(path).await.status, 200);
    assert_eq!(b.get(path).await.status, 400);
    assert_eq!(
        sign_in(&mut b, "salma@example.ma", PASSWORD).await.status,
        303
    );
    app.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_lost_or_expired_confirmation_link_is_sent_again_to_unconfirmed_accounts_only() {
    let (db, app) = app().await;
    let mut b = Browser::new(&app, "kenitra.localhost");
    let done = sign_up(&mut b, "late@example.ma", "Late").await;
    // The page after sign-up offers a new link, as does an expired one.
    assert!(
        done.body.contains(r#"href="/verify/resend""#),
        "{}",
        done.body
    );
    let first = mailed_link(&db, "verify_email", "late@example.ma").await;
    let stale = b.get("/verify?token=not-a-token").await;
    assert_eq!(stale.status, 400);
    assert!(stale.body.contains(r#"href="/verify/resend""#));

    // A bad address is named, in the visitor's language, nothing sent.
    b.cookies.insert("lang".into(), "fr".into());
    let bad = b
        .submit(
            "/verify/resend",
            "/verify/resend",
            &[("email", "pas une adresse")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains(r##"<a href="#email">"##), "{}", bad.body);
    assert!(bad.body.contains(r#"lang="fr-MA""#));

    // The same answer for an unconfirmed account, a confirmed one and nobody.
    let mut answers = vec![];
    for to in ["late@example.ma", "ghost@example.ma"] {
        let p = Browser::new(&app, "kenitra.localhost")
            .submit("/verify/resend", "/verify/resend", &[("email", to)])
            .await;
        answers.push((p.status, normalised(&p.body)));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, 200);
    // The unconfirmed account gets a new link; the old one stops working.
    // (queued just after the answer: wait for it)
    for _ in 0..50 {
        let sent = "select count(*) from outbox where kind = 'verify_email' and recipient = 'late@example.ma'";
        if count(&db, sent).await == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let second = mailed_link(&db, "verify_email", "late@example.ma").await;
    assert_ne!(second, first);
    assert_eq!(b.get(&first).await.status, 400, "the earlier link is void");
    assert_eq!(b.get(&second).await.status, 200);
    // Once confirmed, asking again sends nothing.
    let before = count(
        &db,
        "select count(*) from outbox where kind = 'verify_email'",
    )
    .await;
    Browser::new(&app, "kenitra.localhost")
        .submit(
            "/verify/resend",
            "/verify/resend",
            &[("email", "late@example.ma")],
        )
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        count(
            &db,
            "select count(*) from outbox where kind = 'verify_email'"
        )
        .await,
        before
    );
    assert_eq!(
        count(
            &db,
            "select count(*) from outbox where recipient = 'ghost@example.ma'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &db,
            "select count(*) from security_events where kind = 'verification_resent'"
        )
        .await,
        1
    );
    // The national space has no citizens' accounts: no such page.
    assert_eq!(
        Browser::new(&app, "localhost")
            .get("/verify/resend")
            .await
            .status,
        404
    );
}
