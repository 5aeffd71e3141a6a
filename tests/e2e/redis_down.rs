//! Redis is a cache only: when it is down or frozen, pages keep serving and
//! readiness says "degraded".

use infitah_tests::{TestApp, TestDb, two_communes};

#[tokio::test]
async fn with_redis_stopped_pages_still_answer() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    // A port where nothing listens.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::spawn(
        db.settings_with(&[("INFITAH_REDIS_URL", &format!("redis://127.0.0.1:{port}/0"))]),
    )
    .await;
    for _ in 0..3 {
        let r = app.get("kenitra.localhost", "/").await;
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("القنيطرة"));
    }
    assert_eq!(app.get("localhost", "/").await.status(), 200);
    let r = app.get("anything", "/readyz").await;
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["redis"], "degraded");
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn with_redis_frozen_pages_still_answer() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    // A "Redis" that accepts connections and never answers.
    let frozen = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = frozen.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = vec![];
        while let Ok((s, _)) = frozen.accept().await {
            held.push(s);
        }
    });
    let app = TestApp::spawn(
        db.settings_with(&[("INFITAH_REDIS_URL", &format!("redis://127.0.0.1:{port}/0"))]),
    )
    .await;
    for path in ["/", "/", "/lang/fr?next=/"] {
        let r = app.get("kenitra.localhost", path).await;
        assert!(
            r.status().is_success() || r.status().is_redirection(),
            "{path}: {}",
            r.status()
        );
    }
    let body: serde_json::Value = app.get("x", "/readyz").await.json().await.unwrap();
    assert_eq!(body["redis"], "degraded");
}

#[tokio::test]
async fn with_redis_up_readiness_is_ok_and_pages_are_shared_through_it() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let app = TestApp::spawn(db.settings()).await;
    let first = app
        .get("kenitra.localhost", "/")
        .await
        .text()
        .await
        .unwrap();
    let body: serde_json::Value = app.get("x", "/readyz").await.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    // A second replica (same database) gets the page from Redis, not from rendering.
    let other = TestApp::spawn(db.settings()).await;
    let second = other
        .get("kenitra.localhost", "/")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(first, second);
    let metrics = other
        .client
        .get(format!("http://{}/metrics", other.running.metrics_addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"infitah_cache_requests_total{cache="page_redis",result="hit"} 1"#),
        "{metrics}"
    );
}
