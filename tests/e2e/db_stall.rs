//! A stalled PostgreSQL answers 503 within seconds, not after the 30 s
//! request time-out: frozen (a proxy that stops passing bytes, as a stopped
//! server or a dead network looks), and slow (a lock held elsewhere, which the
//! role's statement_timeout cuts). /readyz says so, and the server recovers.

use std::time::{Duration, Instant};

use infitah_tests::{TestApp, TestDb, freeze::FreezableProxy, two_communes};
use sqlx::{Connection, Executor};

async fn get(app: &TestApp, path: &str) -> (u16, String, Duration) {
    let start = Instant::now();
    let r = app
        .client
        .get(app.url(path))
        .header("host", "kenitra.localhost")
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap(), start.elapsed())
}

#[tokio::test]
async fn a_frozen_database_answers_503_within_seconds() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let proxy = FreezableProxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let through = format!(
        "postgres://infitah_app@127.0.0.1:{}/{}",
        proxy.port, db.name
    );
    let settings = db.settings_with(&[
        ("INFITAH_DATABASE_URL", &through),
        ("INFITAH_DATABASE_LISTEN_URL", &db.app_direct_url()),
    ]);
    let app = TestApp::spawn(settings).await;
    let page = format!("/consultations/{}", uuid::Uuid::new_v4());
    assert_eq!(
        get(&app, &page).await.0,
        404,
        "a page that reads the database"
    );

    proxy.freeze();
    let (status, body, took) = get(&app, &page).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("Service momentanément indisponible"),
        "{body}"
    );
    assert!(
        took < Duration::from_secs(15),
        "answered after {took:?}, not within the time-out"
    );
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    assert!(
        ready
            .text()
            .await
            .unwrap()
            .contains(r#""database":"unavailable""#)
    );

    proxy.thaw();
    let mut recovered = false;
    for _ in 0..40 {
        if get(&app, &page).await.0 == 404 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(recovered, "the server came back once the database answered");
}

#[tokio::test]
async fn a_statement_stuck_behind_a_lock_is_cut_by_the_role_time_out() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let app = TestApp::spawn(db.settings()).await;
    let page = format!("/consultations/{}", uuid::Uuid::new_v4());
    assert_eq!(get(&app, &page).await.0, 404);
    // The role's own setting, as `migrate` leaves it.
    let mut app_conn = db.app_conn().await;
    let timeout: String = sqlx::query_scalar("show statement_timeout")
        .fetch_one(&mut app_conn)
        .await
        .unwrap();
    assert_eq!(timeout, "5s");
    let mut holder = sqlx::PgConnection::connect(&db.admin_url()).await.unwrap();
    holder
        .execute("begin; lock table consultations in access exclusive mode")
        .await
        .unwrap();
    let (status, body, took) = get(&app, &page).await;
    holder.execute("rollback").await.unwrap();
    assert_eq!(status, 503, "{body}");
    assert!(
        took >= Duration::from_secs(4),
        "cut by the 5 s statement time-out, after {took:?}"
    );
    assert_eq!(get(&app, &page).await.0, 404);
}
