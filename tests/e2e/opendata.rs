//! Open data, end to end: the national and per-collectivity exports hold
//! what is published and nothing else — no draft, no hidden (or any)
//! consultation contribution, no account's e-mail or name — with formula
//! cells neutralised in CSV, the same identifiers from one export to the
//! next, and a collectivity's own export limited to that collectivity.

use infitah_plans::{
    evaluation::{self, Level, NewEvaluation, Period},
    write::{self, Percent},
};
use infitah_platform::db::TenantTx;
use infitah_tests::browser::Browser;
use sqlx::postgres::PgPoolOptions;
use uuid::Uuid;

use crate::evaluation::{fixture, staff};

const DATASETS: [&str; 9] = [
    "collectivities",
    "programmes",
    "projects",
    "project_items",
    "activities",
    "indicators",
    "indicator_measurements",
    "progress_history",
    "evaluations",
];

async fn download(app: &infitah_tests::TestApp, host: &str, path: &str) -> String {
    let r = app.get(host, path).await;
    assert_eq!(r.status(), 200, "{host}{path}");
    r.text().await.unwrap()
}

/// Every dataset of a site, CSV and JSON, as one text (for grepping).
async fn everything(app: &infitah_tests::TestApp, host: &str) -> String {
    let mut all = String::new();
    for d in DATASETS {
        for ext in ["csv", "json"] {
            let body = download(app, host, &format!("/open-data/{d}.{ext}")).await;
            if ext == "json" {
                let v: serde_json::Value = serde_json::from_str(&body)
                    .unwrap_or_else(|e| panic!("{d}.json is not JSON: {e}"));
                assert_eq!(v["dataset"], d);
                assert_eq!(v["licence"]["id"], "etalab-2.0");
                assert!(v["generated_at"].is_string());
                assert!(v["rows"].is_array());
            } else {
                let header = body.trim_start_matches('\u{feff}').lines().next().unwrap();
                assert!(
                    header.starts_with("id,") || header.starts_with("id"),
                    "{d}: {header}"
                );
            }
            all.push_str(&body);
        }
    }
    all
}

fn ids(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn exports_hold_published_data_only_with_stable_ids_and_safe_cells() {
    let f = fixture().await;
    // A person with a unique e-mail and name, who records an evaluation and a progress change.
    let (email, name) = ("personne-9d41@example.ma", "Personne Unique 9d41");
    staff(&f.app, "kenitra", email, "committee", name).await;
    let mut admin = f.db.admin_conn().await;
    let account: Uuid = sqlx::query_scalar("select id from accounts where email = $1")
        .bind(email)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&f.db.app_url())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&pool, f.kenitra).await.unwrap();
    evaluation::record(
        &mut tx,
        f.project,
        &NewEvaluation {
            period: Period::parse("2025-H1").unwrap(),
            level: Level::parse("limited").unwrap(),
            justification: "Justification publique du comité 2b7e".into(),
            evidence_urls: vec!["https://kenitra.ma/preuve-2b7e".into()],
        },
        account,
        None,
    )
    .await
    .unwrap();
    write::set_progress(
        &mut tx,
        f.activity,
        1,
        write::Progress {
            completion: Percent::parse("60").unwrap(),
            note: Some("=HYPERLINK(\"https://evil.example\",\"clic\")"),
            evidence: None,
            at: None,
        },
        write::Actor { id: account, name },
    )
    .await
    .unwrap();
    // The same trick in full-width signs, after spaces: some spreadsheets fold them to ASCII.
    write::set_progress(
        &mut tx,
        f.activity,
        2,
        write::Progress {
            completion: Percent::parse("70").unwrap(),
            note: Some("  ＠SUM(A1:A9)"),
            evidence: None,
            at: None,
        },
        write::Actor { id: account, name },
    )
    .await
    .unwrap();
    // A hidden comment and a hidden idea, by that person.
    let programme: Uuid = sqlx::query_scalar("select programme_id from projects where id = $1")
        .bind(f.project)
        .fetch_one(tx.conn())
        .await
        .unwrap();
    let consultation = Uuid::now_v7();
    sqlx::query(
        "insert into consultations (tenant_id, id, programme_id, project_id, opens_at, closes_at)
         values ($1, $2, $3, $4, now() - interval '1 day', now() + interval '1 day')",
    )
    .bind(f.kenitra.0)
    .bind(consultation)
    .bind(programme)
    .bind(f.project)
    .execute(tx.conn())
    .await
    .unwrap();
    sqlx::query(
        "insert into comments (tenant_id, id, consultation_id, author_id, profile, age_bracket, body, hidden_at, hidden_reason)
         values ($1, $2, $3, $4, 'citizen', '25_34', 'Commentaire masqué 3b9d', now(), 'abuse')",
    )
    .bind(f.kenitra.0)
    .bind(Uuid::now_v7())
    .bind(consultation)
    .bind(account)
    .execute(tx.conn())
    .await
    .unwrap();
    sqlx::query(
        "insert into ideas (tenant_id, id, programme_id, axis, author_id, profile, age_bracket, title, body, hidden_at, hidden_reason)
         values ($1, $2, $3, 'participation', $4, 'citizen', '25_34', 'Idée masquée 8c0a', 'Corps de l''idée masquée 8c0a', now(), 'spam')",
    )
    .bind(f.kenitra.0)
    .bind(Uuid::now_v7())
    .bind(programme)
    .bind(account)
    .execute(tx.conn())
    .await
    .unwrap();
    // A problem on the published card, another on the draft's.
    for (project, text) in [
        (f.project, "Problème public 6a1f"),
        (f.draft, "Problème du brouillon 0e3d"),
    ] {
        sqlx::query(
            "insert into project_items (tenant_id, id, project_id, kind, position, text_fr)
             values ($1, $2, $3, 'problem', 1, $4)",
        )
        .bind(f.kenitra.0)
        .bind(Uuid::now_v7())
        .bind(project)
        .bind(text)
        .execute(tx.conn())
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    // The whole nation.
    let all = everything(&f.app, "localhost").await;
    for present in [
        "Création d'instances consultatives",
        "Budget participatif de Rabat",
        "04.281.01.01",
        &f.project.to_string(),
        &f.rabat_project.to_string(),
        "Justification publique du comité 2b7e",
        "https://kenitra.ma/preuve-2b7e",
        "limited",
        "Problème public 6a1f",
    ] {
        assert!(all.contains(present), "national exports hold {present}");
    }
    for absent in [
        "Brouillon confidentiel 7c1e",
        &f.draft.to_string(),
        "Problème du brouillon 0e3d",
        email,
        name,
        &account.to_string(),
        "Commentaire masqué 3b9d",
        "Idée masquée 8c0a",
    ] {
        assert!(!all.contains(absent), "national exports leak {absent}");
    }

    // A formula in a note is neutralised in CSV, and intact in JSON.
    let csv = download(&f.app, "localhost", "/open-data/progress_history.csv").await;
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"clic\"\")\""),
        "{csv}"
    );
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"));
    assert!(
        csv.contains(",'  ＠SUM(A1:A9),") && !csv.contains(",  ＠SUM"),
        "{csv}"
    );
    let json = download(&f.app, "localhost", "/open-data/progress_history.json").await;
    assert!(json.contains("=HYPERLINK"));

    // Stable identifiers: two exports, the same rows under the same ids.
    let (a, b) = (
        download(&f.app, "localhost", "/open-data/projects.csv").await,
        download(&f.app, "localhost", "/open-data/projects.csv").await,
    );
    assert_eq!(a, b);
    let (a, b) = (
        download(&f.app, "localhost", "/open-data/activities.json").await,
        download(&f.app, "localhost", "/open-data/activities.json").await,
    );
    assert_eq!(ids(&a), ids(&b));
    assert!(ids(&a).contains(&f.activity.to_string()));

    // One collectivity's own export: that collectivity only.
    let kenitra = everything(&f.app, "kenitra.localhost").await;
    assert!(kenitra.contains("Création d'instances consultatives"));
    assert!(kenitra.contains("Justification publique du comité 2b7e"));
    for absent in [
        "Budget participatif de Rabat",
        &f.rabat_project.to_string(),
        &f.rabat.0.to_string(),
        "04.421",
        "Brouillon confidentiel 7c1e",
        email,
        name,
        "Commentaire masqué 3b9d",
    ] {
        assert!(!kenitra.contains(absent), "Kénitra's exports leak {absent}");
    }
    let coll: serde_json::Value = serde_json::from_str(
        &download(
            &f.app,
            "kenitra.localhost",
            "/open-data/collectivities.json",
        )
        .await,
    )
    .unwrap();
    assert_eq!(coll["rows"].as_array().unwrap().len(), 1);
    assert_eq!(coll["rows"][0]["hcp_code"], "04.281.01.01");

    // Unknown files are 404; the listing page and the metadata describe every column.
    assert_eq!(
        f.app
            .get("localhost", "/open-data/accounts.csv")
            .await
            .status(),
        404
    );
    assert_eq!(
        f.app
            .get("localhost", "/open-data/projects.xlsx")
            .await
            .status(),
        404
    );
    let mut visitor = Browser::new(&f.app, "localhost");
    visitor.cookies.insert("lang".into(), "fr".into());
    let page = visitor.get("/open-data").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Licence Ouverte"));
    assert!(page.body.contains("/open-data/evaluations.csv"));
    assert!(page.body.contains("Code géographique HCP"));
    visitor.cookies.insert("lang".into(), "ar".into());
    let page = visitor.get("/open-data").await;
    assert!(page.body.contains("البيانات المفتوحة"));
    assert!(page.body.contains("الرمز الجغرافي"));
    let meta: serde_json::Value =
        serde_json::from_str(&download(&f.app, "localhost", "/open-data/datapackage.json").await)
            .unwrap();
    assert_eq!(meta["licenses"][0]["name"], "etalab-2.0");
    assert!(meta["resources"].as_array().unwrap().iter().all(|r| {
        r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["description"].is_string() && f["description_ar"].is_string())
    }));
    let page = Browser::new(&f.app, "kenitra.localhost")
        .get("/open-data")
        .await;
    assert_eq!(page.status, 200);
}
