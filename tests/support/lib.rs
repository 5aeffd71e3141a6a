//! The test harness: a fresh database per test, cloned from a migrated
//! template (made once per schema version, under a lock, so parallel test
//! processes share it), an app connecting as `infitah_app` exactly as in
//! production, real Redis, and the server started on port 0. With
//! `INFITAH_TEST_APP_PG` the connections as `infitah_app` go through that
//! address instead, e.g. PgBouncer in transaction pooling mode
//! (`tests/scripts/pgbouncer.sh`).

pub mod browser;
pub mod freeze;
pub mod smtp;

use std::{path::PathBuf, time::Duration};

use infitah::cli::{Cli, Command, Service};
use infitah_platform::{config::Settings, migrate::MIGRATOR};
use secrecy::SecretString;
use sqlx::{Connection, Executor, PgConnection};

/// The PostgreSQL server the tests use, as an administrator (superuser).
pub fn pg_admin_base() -> String {
    std::env::var("INFITAH_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// Where connections as `infitah_app` go when `INFITAH_TEST_APP_PG` is set
/// (e.g. `postgres://127.0.0.1:6432`, a PgBouncer in transaction pooling mode
/// in front of the same server): `None` means straight to [`pg_admin_base`].
/// Administration (the template, `CREATE DATABASE`) always stays direct.
pub fn pg_app_base() -> Option<String> {
    std::env::var("INFITAH_TEST_APP_PG")
        .ok()
        .filter(|v| !v.trim().is_empty())
}

/// The Redis the tests use: a database of their own (not the development
/// server's 0), emptied once per test run (see [`empty_redis_once`]).
pub fn redis_url() -> String {
    std::env::var("INFITAH_TEST_REDIS").unwrap_or_else(|_| "redis://127.0.0.1:6379/2".into())
}

static REDIS_EMPTIED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

/// Empties the tests' Redis database before the run's first test uses it.
/// Throttles are keyed by collectivity, and the nation's id is the same in
/// every test database: counts left by an earlier run within the throttles'
/// windows would turn this run's sign-ins away.
async fn empty_redis_once() {
    REDIS_EMPTIED
        .get_or_init(|| async {
            let client = redis::Client::open(redis_url()).expect("a valid INFITAH_TEST_REDIS");
            let mut c = client
                .get_multiplexed_async_connection()
                .await
                .expect("connect to the tests' Redis");
            redis::cmd("FLUSHDB")
                .query_async::<()>(&mut c)
                .await
                .expect("empty the tests' Redis database");
        })
        .await;
}

fn with_user(base: &str, user: &str) -> String {
    // postgres://postgres@host:port → postgres://<user>@host:port
    let rest = base
        .split_once('@')
        .map(|(_, r)| r)
        .unwrap_or(base.trim_start_matches("postgres://"));
    format!("postgres://{user}@{rest}")
}

fn template_name() -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    for m in MIGRATOR.iter() {
        (m.version, &m.checksum[..]).hash(&mut h);
    }
    format!("infitah_tpl_{:012x}", h.finish() & 0xffff_ffff_ffff)
}

/// A database of one test, dropped by the test command's clean-up.
pub struct TestDb {
    pub name: String,
}

impl TestDb {
    pub async fn new() -> Self {
        empty_redis_once().await;
        let base = pg_admin_base();
        let tpl = template_name();
        let mut maint = PgConnection::connect(&format!("{base}/postgres"))
            .await
            .expect("connect to PostgreSQL as admin");
        maint
            .execute("select pg_advisory_lock(7302917099)")
            .await
            .unwrap();
        let exists: bool =
            sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
                .bind(&tpl)
                .fetch_one(&mut maint)
                .await
                .unwrap();
        if !exists {
            let building = format!("{tpl}_building");
            maint
                .execute(format!("drop database if exists {building}").as_str())
                .await
                .unwrap();
            infitah_platform::migrate::migrate(&SecretString::from(format!("{base}/{building}")))
                .await
                .expect("migrate the template");
            maint
                .execute(format!("alter database {building} rename to {tpl}").as_str())
                .await
                .unwrap();
        }
        maint
            .execute("select pg_advisory_unlock(7302917099)")
            .await
            .unwrap();
        let name = format!("infitah_test_{}", uuid::Uuid::new_v4().simple());
        maint
            .execute(format!("create database {name} template {tpl} owner infitah_owner").as_str())
            .await
            .expect("create the test database");
        maint
            .execute(format!("revoke all on database {name} from public").as_str())
            .await
            .unwrap();
        maint
            .execute(
                format!(
                    "grant connect, temporary on database {name} to infitah_app, infitah_national, infitah_worker"
                )
                .as_str(),
            )
            .await
            .unwrap();
        maint.close().await.ok();
        TestDb { name }
    }

    pub fn admin_url(&self) -> String {
        format!("{}/{}", pg_admin_base(), self.name)
    }
    /// As `infitah_app`: through `INFITAH_TEST_APP_PG` when set, else direct.
    pub fn app_url(&self) -> String {
        let base = pg_app_base().unwrap_or_else(pg_admin_base);
        format!("{}/{}", with_user(&base, "infitah_app"), self.name)
    }
    /// As `infitah_app`, always straight to the server: what `LISTEN` needs.
    pub fn app_direct_url(&self) -> String {
        format!(
            "{}/{}",
            with_user(&pg_admin_base(), "infitah_app"),
            self.name
        )
    }
    pub fn national_url(&self) -> String {
        format!(
            "{}/{}",
            with_user(&pg_admin_base(), "infitah_national"),
            self.name
        )
    }
    pub fn worker_url(&self) -> String {
        format!(
            "{}/{}",
            with_user(&pg_admin_base(), "infitah_worker"),
            self.name
        )
    }

    /// Settings as `serve` would load them, pointed at this database, on free ports.
    pub fn settings(&self) -> Settings {
        self.settings_with(&[])
    }

    pub fn settings_with(&self, extra: &[(&str, &str)]) -> Settings {
        let mut vars = vec![
            ("INFITAH_DATABASE_URL".to_owned(), self.app_url()),
            ("INFITAH_DATABASE_ADMIN_URL".to_owned(), self.admin_url()),
            (
                "INFITAH_DATABASE_NATIONAL_URL".to_owned(),
                self.national_url(),
            ),
            ("INFITAH_DATABASE_WORKER_URL".to_owned(), self.worker_url()),
            ("INFITAH_REDIS_URL".to_owned(), redis_url()),
            ("INFITAH_LISTEN".to_owned(), "127.0.0.1:0".to_owned()),
            (
                "INFITAH_METRICS_LISTEN".to_owned(),
                "127.0.0.1:0".to_owned(),
            ),
            ("INFITAH_BASE_DOMAIN".to_owned(), "localhost".to_owned()),
            (
                "INFITAH_DATABASE_MAX_CONNECTIONS".to_owned(),
                "4".to_owned(),
            ),
        ];
        if pg_app_base().is_some() {
            // Behind a transaction pooler the change listeners connect directly,
            // as in production (docs/operations.md, "PgBouncer").
            vars.push((
                "INFITAH_DATABASE_LISTEN_URL".to_owned(),
                self.app_direct_url(),
            ));
        }
        vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Settings::load_from(&config_dir(), "test", vars).expect("test settings")
    }

    /// A connection as the application role: what row-level security holds.
    pub async fn app_conn(&self) -> PgConnection {
        PgConnection::connect(&self.app_url())
            .await
            .expect("connect as infitah_app")
    }
    pub async fn admin_conn(&self) -> PgConnection {
        PgConnection::connect(&self.admin_url())
            .await
            .expect("connect as admin")
    }

    /// Every table of the schema with the md5 of its rows, read past
    /// row-level security, but for `except` (tables that change by reading,
    /// such as sessions): what "nothing changed" is compared on.
    pub async fn digest(&self, except: &[&str]) -> Vec<(String, String)> {
        let mut c = self.admin_conn().await;
        let tables: Vec<String> = sqlx::query_scalar(
            "select tablename::text from pg_tables where schemaname = 'public' order by 1",
        )
        .fetch_all(&mut c)
        .await
        .unwrap();
        let mut out = Vec::new();
        for t in tables.into_iter().filter(|t| !except.contains(&t.as_str())) {
            let md5: String = sqlx::query_scalar(&format!(
                "select md5(coalesce(string_agg(to_jsonb(t)::text, ',' order by to_jsonb(t)::text), '')) from \"{t}\" t"
            ))
            .fetch_one(&mut c)
            .await
            .unwrap();
            out.push((t, md5));
        }
        out
    }
}

pub fn config_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../config")
}

/// Runs `infitah <args>` (a tenant command) against the settings; returns its output.
pub async fn tenant(settings: &Settings, args: &[&str]) -> anyhow::Result<String> {
    use clap::Parser;
    let mut argv = vec!["infitah", "tenant"];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv)?;
    let Command::Tenant(cmd) = cli.command else {
        unreachable!()
    };
    let mut out = vec![];
    infitah::tenant_cmd::run(settings, *cmd, &mut out).await?;
    Ok(String::from_utf8(out)?)
}

/// A running server with its HTTP client.
pub struct TestApp {
    pub running: infitah::server::Running,
    pub client: reqwest::Client,
}

impl TestApp {
    pub async fn spawn(settings: Settings) -> Self {
        let running = infitah::server::start(
            settings,
            &[
                Service::Identity,
                Service::Plans,
                Service::Consultation,
                Service::Notifications,
            ],
            false,
        )
        .await
        .expect("start the server");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        TestApp { running, client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.running.addr)
    }

    /// GET `path` with the given Host header.
    pub async fn get(&self, host: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("host", host)
            .send()
            .await
            .expect("request")
    }
}

/// Creates two communes (with their province and region) and returns the settings used.
pub async fn two_communes(db: &TestDb) -> Settings {
    let settings = db.settings();
    let csv = "kind,slug,parent,hcp_code,name_ar,name_fr,hosts,primary_color\n\
               region,region-rsk,,04,الرباط-سلا-القنيطرة,Rabat-Salé-Kénitra,,\n\
               province,province-kenitra,region-rsk,04.281,القنيطرة,Kénitra,,\n\
               prefecture,prefecture-rabat,region-rsk,04.421,الرباط,Rabat,,\n\
               commune,kenitra,province-kenitra,04.281.01.01,القنيطرة,Kénitra,kenitra.ma,#0b6e4f\n\
               commune,rabat,prefecture-rabat,04.421.01.0,الرباط,Rabat,,#1d4e89\n";
    let path = std::env::temp_dir().join(format!("{}.csv", db.name));
    std::fs::write(&path, csv).unwrap();
    tenant(&settings, &["import", path.to_str().unwrap()])
        .await
        .expect("import two communes");
    std::fs::remove_file(&path).ok();
    settings
}

/// A programme 2024–2026, untitled and unpublished, as plans writes it.
pub async fn new_programme(
    tx: &mut infitah_platform::db::TenantTx,
) -> Result<uuid::Uuid, infitah_plans::write::WriteError> {
    infitah_plans::write::create_programme(
        tx,
        &infitah_plans::write::NewProgramme {
            period: (2024, 2026),
            title: &Default::default(),
            published: false,
        },
    )
    .await
}

/// A commune as the demo takes it, read from the registry.
pub struct DemoCommune {
    id: infitah_platform::types::TenantId,
    slug: String,
    name_ar: String,
    name_fr: String,
    time_zone: String,
}

impl DemoCommune {
    pub fn commune(&self) -> infitah_demo::Commune<'_> {
        infitah_demo::Commune {
            id: self.id,
            slug: &self.slug,
            name_ar: &self.name_ar,
            name_fr: &self.name_fr,
            time_zone: &self.time_zone,
        }
    }
}

pub async fn demo_commune(db: &TestDb, slug: &str) -> DemoCommune {
    let mut c = db.app_conn().await;
    let (id, name_ar, name_fr, time_zone): (uuid::Uuid, String, String, String) =
        sqlx::query_as("select id, name_ar, name_fr, time_zone from tenants where slug = $1")
            .bind(slug)
            .fetch_one(&mut c)
            .await
            .unwrap();
    DemoCommune {
        id: infitah_platform::types::TenantId(id),
        slug: slug.to_owned(),
        name_ar,
        name_fr,
        time_zone,
    }
}

/// The id of a collectivity by slug.
pub async fn tenant_id(db: &TestDb, slug: &str) -> uuid::Uuid {
    let mut c = db.app_conn().await;
    sqlx::query_scalar("select id from tenants where slug = $1")
        .bind(slug)
        .fetch_one(&mut c)
        .await
        .unwrap()
}

/// Checks a JSON answer against a schema of the OpenAPI document the server
/// publishes (generated from the answer types, `infitah::openapi`): every
/// required key is there, every key there is documented, every value has a
/// documented type and, for enumerations, a documented value — objects,
/// arrays, `$ref`s and `oneOf`/`anyOf`/`allOf` followed — so the document
/// cannot drift from what the API answers.
pub fn assert_matches_openapi(schema: &str, value: &serde_json::Value) {
    let doc = serde_json::to_value(infitah::openapi::document()).expect("the API document is JSON");
    let root = &doc["components"]["schemas"][schema];
    assert!(root.is_object(), "no schema {schema} in the API document");
    check_schema(&doc, root, value, schema);
}

/// The JSON type names a value may be documented with.
fn json_types(v: &serde_json::Value) -> &'static [&'static str] {
    match v {
        serde_json::Value::Null => &["null"],
        serde_json::Value::Bool(_) => &["boolean"],
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => &["integer", "number"],
        serde_json::Value::Number(_) => &["number"],
        serde_json::Value::String(_) => &["string"],
        serde_json::Value::Array(_) => &["array"],
        serde_json::Value::Object(_) => &["object"],
    }
}

fn check_schema(doc: &serde_json::Value, s: &serde_json::Value, v: &serde_json::Value, at: &str) {
    if let Some(r) = s["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        assert!(target.is_object(), "{at}: {r} is not in the document");
        return check_schema(doc, target, v, at);
    }
    for all in s["allOf"].as_array().into_iter().flatten() {
        check_schema(doc, all, v, at);
    }
    if let Some(branches) = s["oneOf"].as_array().or(s["anyOf"].as_array()) {
        // The branch of the value's type (utoipa writes a nullable reference
        // as `oneOf: [{type: null}, {$ref}]`).
        let fits = |b: &serde_json::Value| {
            let b = match b["$ref"].as_str() {
                Some(r) => {
                    &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")]
                }
                None => b,
            };
            let types: Vec<&str> = match &b["type"] {
                serde_json::Value::String(t) => vec![t.as_str()],
                serde_json::Value::Array(ts) => ts.iter().filter_map(|t| t.as_str()).collect(),
                _ => vec!["object", "string", "integer", "number", "boolean", "array"],
            };
            json_types(v).iter().any(|t| types.contains(t))
        };
        let branch = branches
            .iter()
            .find(|b| fits(b))
            .unwrap_or_else(|| panic!("{at}: {v} fits none of {}", s));
        return check_schema(doc, branch, v, at);
    }
    let types: Vec<&str> = match &s["type"] {
        serde_json::Value::String(t) => vec![t.as_str()],
        serde_json::Value::Array(ts) => ts.iter().filter_map(|t| t.as_str()).collect(),
        _ => Vec::new(),
    };
    assert!(
        types.is_empty() || json_types(v).iter().any(|t| types.contains(t)),
        "{at}: {v} is not of the documented type {types:?}"
    );
    if let Some(values) = s["enum"].as_array() {
        assert!(
            values.contains(v),
            "{at}: {v} is not one of the documented {values:?}"
        );
    }
    if let Some(obj) = v.as_object() {
        let props = s["properties"].as_object();
        for req in s["required"].as_array().into_iter().flatten() {
            let k = req.as_str().unwrap_or_default();
            assert!(obj.contains_key(k), "{at}: required {k} missing in {v}");
        }
        if let Some(props) = props {
            for (k, x) in obj {
                let p = props
                    .get(k)
                    .unwrap_or_else(|| panic!("{at}: {k} is answered but not documented"));
                check_schema(doc, p, x, &format!("{at}.{k}"));
            }
        }
    }
    if let (true, Some(items)) = (s["items"].is_object(), v.as_array()) {
        for (i, x) in items.iter().enumerate() {
            check_schema(doc, &s["items"], x, &format!("{at}[{i}]"));
        }
    }
}

/// A citizen of the collectivity on `host` who signed up as anyone does (in
/// `lang`, accepting the terms), whose address is then marked confirmed, and
/// who is signed in: the browser carries the session.
pub async fn verified_citizen<'a>(
    app: &'a TestApp,
    db: &TestDb,
    host: &str,
    email: &str,
    name: &str,
    password: &str,
    lang: &str,
) -> browser::Browser<'a> {
    let mut b = browser::Browser::new(app, host);
    let p = b
        .submit(
            "/sign-up",
            "/sign-up",
            &[
                ("email", email),
                ("display_name", name),
                ("password", password),
                ("lang", lang),
                ("terms", "on"),
                ("terms_version", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, 200, "sign-up of {email}: {}", p.body);
    let mut c = db.admin_conn().await;
    sqlx::query("update accounts set email_verified_at = now() where email = $1")
        .bind(email)
        .execute(&mut c)
        .await
        .unwrap();
    let p = b
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", email), ("password", password), ("next", "/")],
        )
        .await;
    assert_eq!(p.status, 303, "sign-in of {email}: {}", p.body);
    b
}

/// The password of the accounts the tests add with [`staff`].
pub const PASSWORD: &str = "une phrase assez longue pour Kénitra";

/// Adds an account of `tenant` with `role`, verified, through the command an
/// operator runs (`infitah user add --password-stdin`; password [`PASSWORD`]).
pub async fn staff(app: &TestApp, tenant: &str, email: &str, role: &str, name: &str) {
    let mut input = std::io::Cursor::new(format!("{PASSWORD}\n"));
    let cli = <infitah::cli::Cli as clap::Parser>::try_parse_from([
        "infitah",
        "user",
        "add",
        "--tenant",
        tenant,
        "--email",
        email,
        "--role",
        role,
        "--name",
        name,
        "--password-stdin",
    ])
    .unwrap();
    let infitah::cli::Command::User(cmd) = cli.command else {
        unreachable!()
    };
    infitah::user_cmd::run(
        app.running.state.settings.clone(),
        cmd,
        &mut input,
        &mut vec![],
    )
    .await
    .unwrap();
}

/// A browser signed in as `email` on `host` (password [`PASSWORD`]).
pub async fn sign_in<'a>(app: &'a TestApp, host: &str, email: &str) -> browser::Browser<'a> {
    let mut b = browser::Browser::new(app, host);
    let p = b
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", email), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    b
}

/// Sets an activity's completion as its editor does: the project's
/// back-office page (for its form's token), then the progress form with the
/// activity's `version` as read, a note and no evidence.
pub async fn set_progress(
    b: &mut browser::Browser<'_>,
    project: &str,
    activity: &str,
    version: i32,
    completion: &str,
    note: &str,
) -> browser::Page {
    let form = b.get(&format!("/admin/plan/projects/{project}")).await;
    assert_eq!(form.status, 200, "{}", form.body);
    b.post(
        &format!("/admin/plan/activities/{activity}/progress"),
        &[
            ("_csrf", &form.csrf()),
            ("version", &version.to_string()),
            ("completion", completion),
            ("note", note),
            ("evidence_url", ""),
        ],
    )
    .await
}
