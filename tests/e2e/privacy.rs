//! Who may store an answer: a sweep over every route of the router, found in
//! the services' source (every `.route("…")`), asked with GET and POST on a
//! commune's host and on the national one, signed out and signed in as staff
//! of every role (a national manager on the national host), against the
//! demo data. Whatever depends on a session must say `private, no-store`; an
//! anonymous page kept for everyone says `Vary: Cookie`.

use std::collections::BTreeSet;

use infitah_tests::{TestApp, TestDb};
use reqwest::header;
use sqlx::Connection;

use crate::evaluation::{sign_in, staff};

/// Every route path the services declare, read from their source.
pub(crate) fn declared_routes() -> BTreeSet<String> {
    let services = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../services");
    let mut found = BTreeSet::new();
    let mut dirs = vec![services];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let src = std::fs::read_to_string(&p).unwrap();
                let mut rest = src.as_str();
                while let Some(i) = rest.find(".route(") {
                    rest = rest[i + 7..].trim_start();
                    if let Some(r) = rest.strip_prefix('"') {
                        let end = r.find('"').unwrap();
                        found.insert(r[..end].to_owned());
                    }
                }
            }
        }
    }
    found
}

async fn one(db: &TestDb, sql: &str) -> String {
    let mut c = sqlx::PgConnection::connect(&db.admin_url()).await.unwrap();
    sqlx::query_scalar::<_, String>(sql)
        .fetch_optional(&mut c)
        .await
        .unwrap()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// A real row of the demo data for each collection a path names, so that
/// the sweeps reach pages that answer 200, not only 404.
pub(crate) struct DemoIds {
    project: String,
    consultation: String,
    idea: String,
    workshop: String,
    comment: String,
    activity: String,
    region: String,
    province: String,
}

impl DemoIds {
    pub(crate) async fn load(db: &TestDb) -> Self {
        let kenitra = "(select id from tenants where slug = 'kenitra')";
        let of = |table: &str, cond: &str| {
            format!("select id::text from {table} where tenant_id = {kenitra} {cond} limit 1")
        };
        DemoIds {
            project: one(db, &of("projects", "and published")).await,
            consultation: one(db, &of("consultations", "")).await,
            idea: one(db, &of("ideas", "")).await,
            workshop: one(db, &of("workshops", "")).await,
            comment: one(db, &of("comments", "")).await,
            activity: one(db, &of("activities", "")).await,
            region: one(db, "select slug from tenants where kind = 'region' limit 1").await,
            province: one(
                db,
                "select slug from tenants where kind = 'province' limit 1",
            )
            .await,
        }
    }

    /// The route with its placeholders filled: a real row by the collection
    /// the path names, anything else a random id.
    pub(crate) fn fill(&self, route: &str) -> String {
        let collection = route
            .trim_start_matches("/admin")
            .trim_start_matches("/api/v1")
            .split('/')
            .nth(1)
            .unwrap_or("");
        let id = match collection {
            "projects" => self.project.clone(),
            "consultations" => self.consultation.clone(),
            "ideas" => self.idea.clone(),
            "workshops" => self.workshop.clone(),
            "comments" => self.comment.clone(),
            "activities" => self.activity.clone(),
            _ => uuid::Uuid::new_v4().to_string(),
        };
        let slug = match collection {
            "regions" => self.region.clone(),
            "provinces" => self.province.clone(),
            _ => "kenitra".to_owned(),
        };
        route
            .replace("{id}", &id)
            .replace("{comment}", &self.comment)
            .replace("{slug}", &slug)
            .replace("/lang/{code}", "/lang/fr")
            .replace("{file}", "projects.csv")
            .replace("{token}", "not-a-token")
            .replace("{catalog}", "pillars")
            .replace("{code}", "transparency")
    }
}

#[tokio::test]
async fn nothing_that_depends_on_a_session_may_be_stored() {
    let db = TestDb::new().await;
    let settings = db.settings();
    infitah::demo::seed(&settings).await.expect("demo data");
    let app = TestApp::spawn(settings).await;
    let email = "sweep@kenitra.ma";
    for role in ["admin", "editor", "moderator", "committee"] {
        staff(&app, "kenitra", email, role, "Nour Sweep").await;
    }
    staff(
        &app,
        "national",
        "manager@maroc.ma",
        "national_manager",
        "Hind Sweep",
    )
    .await;
    let commune = sign_in(&app, "kenitra.localhost", email).await;
    let nation = sign_in(&app, "localhost", "manager@maroc.ma").await;

    let ids = DemoIds::load(&db).await;
    let fill = |route: &str| ids.fill(route);

    let routes = declared_routes();
    assert!(routes.len() >= 90, "found only {} routes", routes.len());
    let (mut checked, mut kept_for_everyone, mut private) = (0, 0, 0);
    let mut failures = Vec::new();
    for route in &routes {
        let path = fill(route);
        for (host, browser) in [("kenitra.localhost", &commune), ("localhost", &nation)] {
            let session = browser.cookie_header();
            for signed_in in [false, true] {
                for method in [reqwest::Method::GET, reqwest::Method::POST] {
                    let mut req = app
                        .client
                        .request(method.clone(), app.url(&path))
                        .header("host", host);
                    if signed_in {
                        req = req.header(header::COOKIE, &session);
                    }
                    if method == reqwest::Method::POST {
                        req = req
                            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                            .body("");
                    }
                    let r = req.send().await.unwrap();
                    let status = r.status();
                    let h = r.headers().clone();
                    let body = r.text().await.unwrap_or_default();
                    checked += 1;
                    let cc = h
                        .get(header::CACHE_CONTROL)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    let vary = h
                        .get_all(header::VARY)
                        .iter()
                        .filter_map(|v| v.to_str().ok())
                        .collect::<Vec<_>>()
                        .join(",");
                    let what = format!(
                        "{method} {host}{path} ({status}, signed {})",
                        if signed_in { "in" } else { "out" }
                    );
                    let public = cc.split(',').any(|d| d.trim() == "public");
                    let personal = body.contains("Nour Sweep")
                        || body.contains("Hind Sweep")
                        || body.contains(email)
                        || body.contains("name=\"_csrf\"")
                        || h.contains_key(header::SET_COOKIE);
                    if cc == "private, no-store" {
                        private += 1;
                    } else if public {
                        if personal {
                            failures.push(format!("{what}: public ({cc}) but personal"));
                        }
                    } else if signed_in {
                        failures.push(format!("{what}: Cache-Control {cc:?} with a session"));
                    } else if personal {
                        failures.push(format!(
                            "{what}: Cache-Control {cc:?} on a page with a token or cookie"
                        ));
                    } else if !vary.to_ascii_lowercase().contains("cookie") {
                        failures.push(format!("{what}: kept for everyone without Vary: Cookie"));
                    } else {
                        kept_for_everyone += 1;
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The sweep saw both kinds, so neither rule went untested.
    assert!(
        kept_for_everyone >= 4,
        "only {kept_for_everyone} anonymous pages kept for everyone"
    );
    assert!(
        private >= checked / 2,
        "only {private} of {checked} private"
    );
}
