//! The web shell: language and direction, the language switch, security
//! headers, request ids, error pages and metrics by matched route.

use infitah_tests::{TestApp, TestDb, two_communes};

#[tokio::test]
async fn pages_speak_the_visitors_language_in_its_direction() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let app = TestApp::spawn(db.settings()).await;

    // Default: the collectivity's first language, Arabic, right to left.
    let r = app.get("kenitra.localhost", "/").await;
    let headers = r.headers().clone();
    let body = r.text().await.unwrap();
    assert!(body.contains(r#"<html lang="ar-MA" dir="rtl">"#), "{body}");
    assert!(body.contains("<h1>القنيطرة</h1>"));
    assert!(
        body.contains("إقليم</span> القنيطرة") && body.contains("الرباط-سلا-القنيطرة"),
        "chain missing"
    );

    // The security headers.
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'")
            && csp.contains("frame-ancestors 'none'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers.contains_key("referrer-policy"));
    assert!(headers.contains_key("x-request-id"));
    assert!(
        !body.contains("<script>") && !body.contains("style="),
        "inline script or style in the page"
    );

    // The browser's preference among those offered.
    let r = app
        .client
        .get(app.url("/"))
        .header("host", "kenitra.localhost")
        .header("accept-language", "fr-FR,fr;q=0.9")
        .send()
        .await
        .unwrap();
    let body = r.text().await.unwrap();
    assert!(body.contains(r#"<html lang="fr-MA" dir="ltr">"#));
    assert!(body.contains("<h1>Kénitra</h1>"));

    // The switch sticks, and only goes back to a local path.
    let r = app.get("kenitra.localhost", "/lang/fr?next=%2F").await;
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("lang=fr")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert_eq!(r.headers()["location"], "/");
    let r = app
        .client
        .get(app.url("/"))
        .header("host", "kenitra.localhost")
        .header("cookie", "lang=fr")
        .header("accept-language", "ar")
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("<h1>Kénitra</h1>"));
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let enc: String = url_encode(evil);
        let r = app
            .get("kenitra.localhost", &format!("/lang/ar?next={enc}"))
            .await;
        assert_eq!(r.headers()["location"], "/", "{evil}");
    }
    // A language the collectivity does not offer.
    assert_eq!(app.get("kenitra.localhost", "/lang/en").await.status(), 404);
    assert_eq!(app.get("kenitra.localhost", "/lang/xx").await.status(), 404);

    // The brand colour reaches the page through /brand.css.
    let css = app
        .get("kenitra.localhost", "/brand.css")
        .await
        .text()
        .await
        .unwrap();
    assert!(css.contains("--brand:#0b6e4f"), "{css}");
    let css = app
        .get("rabat.localhost", "/brand.css")
        .await
        .text()
        .await
        .unwrap();
    assert!(css.contains("--brand:#1d4e89"), "{css}");
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn unknown_pages_get_a_page_in_the_visitors_language() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let app = TestApp::spawn(db.settings()).await;
    let r = app.get("kenitra.localhost", "/no/such/page").await;
    assert_eq!(r.status(), 404);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("الصفحة غير موجودة") && body.contains(r#"dir="rtl""#),
        "{body}"
    );
    let r = app.get("localhost", "/regions/nowhere").await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn metrics_count_requests_by_matched_route() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let app = TestApp::spawn(db.settings()).await;
    app.get("kenitra.localhost", "/").await;
    app.get("localhost", "/regions/region-rsk").await;
    app.get("localhost", "/regions/region-rsk").await;
    app.get("kenitra.localhost", "/secret-token-in-path").await;
    let m = app
        .client
        .get(format!("http://{}/metrics", app.running.metrics_addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        m.contains(r#"infitah_http_requests_total{method="GET",route="/",status="200"} 1"#),
        "{m}"
    );
    assert!(
        m.contains(
            r#"infitah_http_requests_total{method="GET",route="/regions/{slug}",status="200"} 2"#
        ),
        "{m}"
    );
    assert!(m.contains(r#"route="unmatched",status="404""#));
    assert!(!m.contains("secret-token"), "raw paths leak into metrics");
    assert!(m.contains("infitah_http_request_duration_seconds_bucket"));
    assert!(m.contains("infitah_db_pool_connections"));
    // The main listener does not serve metrics.
    assert_eq!(app.get("localhost", "/metrics").await.status(), 404);
}

#[tokio::test]
async fn repeated_anonymous_views_come_from_the_fast_path_with_fresh_headers() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let app = TestApp::spawn(db.settings()).await;
    let first = app.get("kenitra.localhost", "/").await;
    let (h1, b1) = (first.headers().clone(), first.text().await.unwrap());
    let second = app.get("kenitra.localhost", "/").await;
    let (h2, b2) = (second.headers().clone(), second.text().await.unwrap());
    assert_eq!(b1, b2);
    assert!(
        h2.contains_key("content-security-policy") && h2.contains_key("x-content-type-options")
    );
    assert_ne!(
        h1["x-request-id"], h2["x-request-id"],
        "a replayed answer carries its own request id"
    );
    let m = app
        .client
        .get(format!("http://{}/metrics", app.running.metrics_addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        m.contains(r#"infitah_cache_requests_total{cache="page_fast",result="hit"} 1"#),
        "{m}"
    );
    assert!(
        m.contains(r#"infitah_http_requests_total{method="GET",route="/",status="200"} 2"#),
        "replays are counted: {m}"
    );
    // Another language, another host: other pages.
    let fr = app
        .client
        .get(app.url("/"))
        .header("host", "kenitra.localhost")
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fr.contains("<h1>Kénitra</h1>"));
    let rabat = app.get("rabat.localhost", "/").await.text().await.unwrap();
    assert!(rabat.contains("<h1>الرباط</h1>") && !rabat.contains("<h1>القنيطرة</h1>"));
    // A session cookie always goes the long way (and a stale one is cleared there).
    let r = app
        .client
        .get(app.url("/"))
        .header("host", "kenitra.localhost")
        .header(
            "cookie",
            "infitah_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()
            .get("set-cookie")
            .is_some_and(|c| c.to_str().unwrap().contains("infitah_session="))
    );
}
