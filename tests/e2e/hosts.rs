//! Host resolution: which collectivity a request is for.

use std::time::Duration;

use infitah_tests::{TestApp, TestDb, tenant, two_communes};

#[tokio::test]
async fn hosts_resolve_to_their_collectivity_or_to_nothing() {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let app = TestApp::spawn(settings).await;

    for host in [
        "kenitra.localhost",
        "KENITRA.LocalHost",
        "kenitra.localhost:8080",
        "kenitra.ma",
        "Kenitra.MA:443",
    ] {
        let r = app.get(host, "/").await;
        assert_eq!(r.status(), 200, "{host}");
        let body = r.text().await.unwrap();
        assert!(body.contains("<h1>القنيطرة</h1>"), "{host}: {body}");
        assert!(!body.contains("الرباط</h1>"));
    }
    let r = app.get("rabat.localhost", "/").await;
    assert!(r.text().await.unwrap().contains("<h1>الرباط</h1>"));

    // The base domain is the national space.
    let r = app.get("localhost:8080", "/").await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("برامج عمل الانفتاح للجماعات الترابية"),
        "{body}"
    );
    assert!(body.contains("/regions/region-rsk"));

    // Unknown hosts: a plain 404 naming nothing.
    for host in [
        "nowhere.localhost",
        "kenitra.example.org",
        "deep.kenitra.localhost",
        "localhost.evil",
        "1.2.3.4",
    ] {
        let r = app.get(host, "/").await;
        assert_eq!(r.status(), 404, "{host}");
        let body = r.text().await.unwrap();
        assert_eq!(body, "Not Found\n", "{host}");
    }
    // A collectivity's routes do not exist on the national space, and the reverse.
    assert_eq!(
        app.get("kenitra.localhost", "/regions/region-rsk")
            .await
            .status(),
        404
    );

    // A forwarded host is ignored unless configured.
    let r = app
        .client
        .get(app.url("/"))
        .header("host", "nowhere.localhost")
        .header("x-forwarded-host", "kenitra.localhost")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    app.running.shutdown().await.unwrap();
}

#[tokio::test]
async fn forwarded_host_is_used_only_when_trusted() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let app = TestApp::spawn(db.settings_with(&[("INFITAH_TRUST_FORWARDED_HOST", "true")])).await;
    let r = app
        .client
        .get(app.url("/"))
        .header("host", "10.0.0.7:8080")
        .header("x-forwarded-host", "kenitra.localhost")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("القنيطرة"));
}

#[tokio::test]
async fn a_changed_collectivity_is_seen_at_once_and_a_disabled_one_is_gone() {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let app = TestApp::spawn(settings.clone()).await;
    assert!(
        app.get("kenitra.localhost", "/")
            .await
            .text()
            .await
            .unwrap()
            .contains("<h1>القنيطرة</h1>")
    );

    tenant(
        &settings,
        &[
            "update",
            "kenitra",
            "--name-ar",
            "جماعة القنيطرة",
            "--host",
            "www.kenitra.ma",
        ],
    )
    .await
    .unwrap();
    let mut seen = false;
    for _ in 0..50 {
        if app
            .get("kenitra.localhost", "/")
            .await
            .text()
            .await
            .unwrap()
            .contains("<h1>جماعة القنيطرة</h1>")
        {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen, "the page never showed the new name");
    assert_eq!(app.get("www.kenitra.ma", "/").await.status(), 200);

    tenant(
        &settings,
        &["update", "kenitra", "--remove-host", "www.kenitra.ma"],
    )
    .await
    .unwrap();
    tenant(&settings, &["disable", "kenitra"]).await.unwrap();
    let mut gone = false;
    for _ in 0..50 {
        if app.get("kenitra.localhost", "/").await.status() == 404
            && app.get("www.kenitra.ma", "/").await.status() == 404
        {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "a disabled collectivity still answers");
    assert_eq!(app.get("rabat.localhost", "/").await.status(), 200);
    tenant(&settings, &["update", "kenitra", "--enable"])
        .await
        .unwrap();
    let out = tenant(&settings, &["show", "kenitra"]).await.unwrap();
    assert!(
        out.contains("enabled") && !out.contains("www.kenitra.ma"),
        "{out}"
    );
}

/// One raw HTTP/1.1 exchange, as written: the status line of the answer.
async fn raw_status(app: &TestApp, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let mut got = Vec::new();
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&got)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn a_host_given_twice_is_refused_and_an_absolute_target_must_agree() {
    let db = TestDb::new().await;
    let app = TestApp::spawn(two_communes(&db).await).await;
    let two_hosts = "GET / HTTP/1.1\r\nHost: kenitra.localhost\r\nHost: rabat.localhost\r\nConnection: close\r\n\r\n";
    assert!(
        raw_status(&app, two_hosts)
            .await
            .starts_with("HTTP/1.1 400")
    );
    let disagreeing = "GET http://rabat.localhost/ HTTP/1.1\r\nHost: kenitra.localhost\r\nConnection: close\r\n\r\n";
    assert!(
        raw_status(&app, disagreeing)
            .await
            .starts_with("HTTP/1.1 400")
    );
    // Asked twice, so that a replay from the fast path would show too.
    for _ in 0..2 {
        let agreeing = "GET http://kenitra.localhost/ HTTP/1.1\r\nHost: kenitra.localhost\r\nConnection: close\r\n\r\n";
        assert!(raw_status(&app, agreeing).await.starts_with("HTTP/1.1 200"));
        let plain = "GET / HTTP/1.1\r\nHost: kenitra.localhost\r\nConnection: close\r\n\r\n";
        assert!(raw_status(&app, plain).await.starts_with("HTTP/1.1 200"));
        assert!(
            raw_status(&app, two_hosts)
                .await
                .starts_with("HTTP/1.1 400")
        );
    }
}
