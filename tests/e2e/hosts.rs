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
