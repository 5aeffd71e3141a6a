//! The operator's commands: migrate, serve's refusal, and the registry's
//! validation (bad input names its field and row, and writes nothing).

use infitah_platform::migrate::migrate;
use infitah_tests::{TestApp, TestDb, pg_admin_base, tenant, two_communes};
use secrecy::{ExposeSecret, SecretString};
use sqlx::{Connection, PgConnection};

async fn count_tenants(db: &TestDb) -> i64 {
    let mut c = db.app_conn().await;
    sqlx::query_scalar("select count(*) from tenants")
        .fetch_one(&mut c)
        .await
        .unwrap()
}

async fn schema_snapshot(url: &str) -> Vec<String> {
    let mut c = PgConnection::connect(url).await.unwrap();
    // Roles are global, and another test gives the owner LOGIN for a moment
    // (serve must refuse it): their LOGIN is not compared, or the two would race.
    sqlx::query_scalar(
        "select format('%s.%s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull)
           from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped
         union all select format('policy %s.%s', tablename, policyname) from pg_policies
         union all select format('migration %s %s', version, success) from _sqlx_migrations
         union all select format('role %s %s %s', rolname, rolsuper, rolbypassrls) from pg_roles where rolname like 'infitah_%'
         order by 1",
    )
    .fetch_all(&mut c)
    .await
    .unwrap()
}

#[tokio::test]
async fn migrate_twice_changes_nothing() {
    let name = format!("infitah_test_{}", uuid::Uuid::new_v4().simple());
    let url = format!("{}/{name}", pg_admin_base());
    let first = migrate(&SecretString::from(url.clone())).await.unwrap();
    assert!(first.database_created);
    assert!(first.migrations_applied >= 2);
    let before = schema_snapshot(&url).await;
    let second = migrate(&SecretString::from(url.clone())).await.unwrap();
    assert_eq!(
        second,
        Default::default(),
        "second run did something: {second}"
    );
    assert_eq!(
        second.to_string(),
        "nothing to do: roles, database and schema are up to date"
    );
    assert_eq!(schema_snapshot(&url).await, before);
    // The owner owns the tables, not the administrator who ran it.
    let mut c = PgConnection::connect(&url).await.unwrap();
    let owners: Vec<String> = sqlx::query_scalar(
        "select distinct pg_get_userbyid(relowner)::text from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    assert_eq!(owners, ["infitah_owner"]);
    // The tables citizens' activity grows are analysed after a fixed number of
    // changes, not 10% of the table (migrations/0011: a commune's burst must
    // not leave the planner believing it has no rows).
    let fixed: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and c.reloptions @> array['autovacuum_analyze_scale_factor=0', 'autovacuum_analyze_threshold=2000']
          order by 1",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    for t in [
        "accounts",
        "sessions",
        "comments",
        "comment_authors",
        "ideas",
        "flags",
        "outbox",
        "notifications",
    ] {
        assert!(
            fixed.iter().any(|f| f == t),
            "{t} is analysed after 10% only: {fixed:?}"
        );
    }
}

#[tokio::test]
async fn serve_refuses_a_role_that_bypasses_row_level_security() {
    let db = TestDb::new().await;
    let settings = db.settings_with(&[("INFITAH_DATABASE_URL", &db.admin_url())]);
    let err = infitah::server::start(settings, &[], false)
        .await
        .err()
        .expect("serve must refuse a superuser");
    let msg = format!("{err:#}");
    assert!(
        msg.contains("refusing to serve") && msg.contains("superuser"),
        "{msg}"
    );
    // And as the owner (who owns the tables).
    sqlx::query("alter role infitah_owner login")
        .execute(&mut db.admin_conn().await)
        .await
        .unwrap();
    let owner_url = db.admin_url().replace("postgres@", "infitah_owner@");
    let err = infitah::server::start(
        db.settings_with(&[("INFITAH_DATABASE_URL", &owner_url)]),
        &[],
        false,
    )
    .await
    .err()
    .unwrap();
    sqlx::query("alter role infitah_owner nologin")
        .execute(&mut db.admin_conn().await)
        .await
        .unwrap();
    assert!(format!("{err:#}").contains("owns"), "{err:#}");
}

#[tokio::test]
async fn the_national_list_imports_whole_and_twice_changes_nothing() {
    let db = TestDb::new().await;
    let settings = db.settings();
    let out = tenant(&settings, &["import", "--national"]).await.unwrap();
    assert!(out.contains("1598 created"), "{out}");
    let out = tenant(&settings, &["import", "--national"]).await.unwrap();
    assert!(
        out.contains("0 created, 0 updated, 1598 unchanged"),
        "{out}"
    );
    let mut c = db.app_conn().await;
    let kinds: Vec<(String, i64)> =
        sqlx::query_as("select kind, count(*) from tenants group by kind order by kind")
            .fetch_all(&mut c)
            .await
            .unwrap();
    assert_eq!(
        kinds,
        [
            ("commune".into(), 1503),
            ("nation".into(), 1),
            ("prefecture".into(), 21),
            ("province".into(), 62),
            ("region".into(), 12)
        ]
    );
    // Kénitra is both a commune and a province, with distinct slugs.
    let k: Vec<(String, String)> =
        sqlx::query_as("select slug, kind from tenants where name_fr = 'Kénitra' order by kind")
            .fetch_all(&mut c)
            .await
            .unwrap();
    assert_eq!(
        k,
        [
            ("kenitra".into(), "commune".into()),
            ("province-kenitra".into(), "province".into())
        ]
    );
    let chain: String = sqlx::query_scalar(
        "select r.slug from tenants c join tenants p on p.id = c.parent_id join tenants r on r.id = p.parent_id where c.slug = 'kenitra'",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!(chain, "region-rabat-sale-kenitra");
    refused(
        &settings,
        &[
            "add",
            "--slug",
            "maroc",
            "--kind",
            "nation",
            "--name-ar",
            "م",
            "--name-fr",
            "M",
        ],
        &["kind", "the nation exists already"],
    )
    .await;
    let list = tenant(&settings, &["list", "--kind", "region"])
        .await
        .unwrap();
    assert!(list.contains("12 collectivities"), "{list}");
}

async fn refused(settings: &infitah_platform::config::Settings, args: &[&str], expect: &[&str]) {
    let err = tenant(settings, args)
        .await
        .err()
        .unwrap_or_else(|| panic!("{args:?} was accepted"));
    let msg = format!("{err:#}");
    for e in expect {
        assert!(msg.contains(e), "{args:?}: {msg:?} lacks {e:?}");
    }
}

#[tokio::test]
async fn bad_registry_input_names_the_field_and_writes_nothing() {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let before = count_tenants(&db).await;
    let add = |slug: &'static str, kind: &'static str, parent: &'static str| {
        vec![
            "add",
            "--slug",
            slug,
            "--kind",
            kind,
            "--parent",
            parent,
            "--name-ar",
            "سلا",
            "--name-fr",
            "Salé",
        ]
    };
    refused(
        &settings,
        &add("Sale!", "commune", "prefecture-rabat"),
        &["slug", "invalid slug"],
    )
    .await;
    refused(
        &settings,
        &add("rabat", "commune", "prefecture-rabat"),
        &["slug", "already exists"],
    )
    .await;
    refused(
        &settings,
        &add("sale", "commune", "prefecture-nowhere"),
        &["parent", "no collectivity"],
    )
    .await;
    refused(
        &settings,
        &add("sale", "commune", "kenitra"),
        &["parent", "a commune cannot sit in a commune"],
    )
    .await;
    refused(
        &settings,
        &add("sale", "village", "prefecture-rabat"),
        &["kind"],
    )
    .await;
    let mut with_host = add("sale", "commune", "prefecture-rabat");
    with_host.extend(["--host", "kenitra.ma"]);
    refused(
        &settings,
        &with_host,
        &["hosts", "kenitra.ma already belongs"],
    )
    .await;
    let mut bad_host = add("sale", "commune", "prefecture-rabat");
    bad_host.extend(["--host", "<script>.ma"]);
    refused(&settings, &bad_host, &["host", "invalid host name"]).await;
    let mut under_base = add("sale", "commune", "prefecture-rabat");
    under_base.extend(["--host", "rabat.localhost"]);
    refused(&settings, &under_base, &["hosts", "base domain"]).await;
    let mut bad_tz = add("sale", "commune", "prefecture-rabat");
    bad_tz.extend(["--time-zone", "Mars/Olympus"]);
    refused(&settings, &bad_tz, &["time_zone"]).await;
    let mut bad_color = add("sale", "commune", "prefecture-rabat");
    bad_color.extend(["--color", "green"]);
    refused(&settings, &bad_color, &["color", "#rrggbb"]).await;
    let mut long_name = add("sale", "commune", "prefecture-rabat");
    let long = "س".repeat(201);
    long_name[8] = &long;
    refused(&settings, &long_name, &["name_ar", "1 to 200"]).await;
    refused(
        &settings,
        &["update", "rabat", "--host", "kenitra.ma"],
        &["hosts", "already belongs"],
    )
    .await;
    refused(
        &settings,
        &["update", "rabat", "--parent", "kenitra"],
        &["parent", "commune cannot sit in a commune"],
    )
    .await;
    refused(
        &settings,
        &["update", "nowhere", "--name-fr", "x"],
        &["slug", "no collectivity"],
    )
    .await;
    assert_eq!(count_tenants(&db).await, before);

    // A file with one bad row among good ones: its row and field, and nothing written.
    let csv = "kind,slug,parent,name_ar,name_fr\n\
               commune,sale,prefecture-rabat,سلا,Salé\n\
               commune,temara,prefecture-rabat,تمارة,Témara\n\
               commune,skhirat,kenitra,الصخيرات,Skhirate\n";
    let path = std::env::temp_dir().join(format!("{}-bad.csv", db.name));
    std::fs::write(&path, csv).unwrap();
    refused(
        &settings,
        &["import", path.to_str().unwrap()],
        &["row 3, parent", "commune cannot sit in a commune"],
    )
    .await;
    std::fs::write(&path, "kind,slug,parent,name_ar,name_fr\ncommune,sale,prefecture-rabat,سلا,Salé\ncommune,sale,prefecture-rabat,سلا,Salé\n").unwrap();
    refused(
        &settings,
        &["import", path.to_str().unwrap()],
        &["row 2, slug", "also on row 1"],
    )
    .await;
    std::fs::write(
        &path,
        "kind,slug,name_ar,name_fr,colour\ncommune,sale,سلا,Salé,#fff\n",
    )
    .unwrap();
    refused(
        &settings,
        &["import", path.to_str().unwrap()],
        &["colour", "unknown column"],
    )
    .await;
    std::fs::write(&path, "kind,slug,parent,name_ar,name_fr\ncommune,sale,prefecture-rabat,سلا,Salé\ncommune,temara,prefecture-rabat,,Témara\n").unwrap();
    refused(
        &settings,
        &["import", path.to_str().unwrap()],
        &["row 2, name_ar"],
    )
    .await;
    std::fs::remove_file(&path).ok();
    assert_eq!(count_tenants(&db).await, before);

    // The same file, corrected, goes in whole.
    let ok = tenant(
        &settings,
        &[
            "add",
            "--slug",
            "sale",
            "--kind",
            "commune",
            "--parent",
            "prefecture-rabat",
            "--name-ar",
            "سلا",
            "--name-fr",
            "Salé",
        ],
    )
    .await
    .unwrap();
    assert!(ok.contains("added sale"), "{ok}");
    assert_eq!(count_tenants(&db).await, before + 1);
}

#[tokio::test]
async fn serve_refuses_https_with_the_development_secret() {
    let db = TestDb::new().await;
    let settings = db.settings_with(&[("INFITAH_PUBLIC_SCHEME", "https")]);
    let err = infitah::server::start(settings, &[], false)
        .await
        .err()
        .expect("must refuse");
    assert!(format!("{err:#}").contains("secret_key"), "{err:#}");
    let settings = db.settings_with(&[
        ("INFITAH_PUBLIC_SCHEME", "https"),
        (
            "INFITAH_SECRET_KEY",
            "a-real-secret-of-enough-length-0123456789",
        ),
    ]);
    let running = infitah::server::start(settings, &[], false)
        .await
        .expect("a real secret is accepted");
    running.shutdown().await.unwrap();
}

/// tests/scripts/services.sh lets a fixed list of roles in from loopback on a
/// fresh Debian cluster: it must name every role `migrate` lets log in, or
/// that role's service (the mail worker, once) is asked for a password.
#[tokio::test]
async fn set_up_script_names_every_login_role() {
    let db = TestDb::new().await;
    let mut c = db.admin_conn().await;
    let login: Vec<String> = sqlx::query_scalar(
        "select rolname::text from pg_roles where rolname like 'infitah\\_%' and rolcanlogin order by 1",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    assert!(login.len() >= 3, "{login:?}");
    let script = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/services.sh"),
    )
    .unwrap();
    let listed = script
        .lines()
        .find_map(|l| l.strip_prefix("roles=("))
        .and_then(|l| l.strip_suffix(')'))
        .expect("services.sh lists its roles as roles=(…)");
    let listed: Vec<&str> = listed.split_whitespace().collect();
    for role in &login {
        assert!(
            listed.contains(&role.as_str()),
            "services.sh does not let {role} in: {listed:?}"
        );
    }
}

/// Settings as `serve` loads them from an environment that names only
/// `INFITAH_DATABASE_URL` for the database (plus ports, Redis and SMTP).
fn only_database_url(db: &TestDb, extra: &[(&str, String)]) -> infitah_platform::config::Settings {
    let mut vars = vec![
        ("INFITAH_DATABASE_URL".to_owned(), db.app_direct_url()),
        ("INFITAH_REDIS_URL".to_owned(), infitah_tests::redis_url()),
        ("INFITAH_LISTEN".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "INFITAH_METRICS_LISTEN".to_owned(),
            "127.0.0.1:0".to_owned(),
        ),
        ("INFITAH_WORKER_POLL_MS".to_owned(), "100".to_owned()),
    ];
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    infitah_platform::config::Settings::load_from(&infitah_tests::config_dir(), "test", vars)
        .expect("settings")
}

const ALL: [infitah::cli::Service; 4] = [
    infitah::cli::Service::Identity,
    infitah::cli::Service::Plans,
    infitah::cli::Service::Consultation,
    infitah::cli::Service::Notifications,
];

/// One database setting: pointed at a database that is not `infitah`, the
/// national role, the worker and the administrator follow it, so the national
/// space answers and the worker delivers an invitation queued by `user add`.
#[tokio::test]
async fn serve_with_only_the_database_url_reaches_every_role() {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let sink = infitah_tests::smtp::SmtpSink::start().await;
    let settings = only_database_url(&db, &[("INFITAH_SMTP_URL", sink.url())]);
    assert!(
        settings
            .database_national_url
            .expose_secret()
            .ends_with(&format!("/{}", db.name)),
        "the national role follows database_url"
    );
    let running = infitah::server::start(settings.clone(), &ALL, true)
        .await
        .expect("serve starts with only database_url");
    let client = reqwest::Client::new();
    let url = |p: &str| format!("http://{}{p}", running.addr);
    for path in ["/", "/regions/region-rsk"] {
        let r = client
            .get(url(path))
            .header("host", "localhost")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "national {path}");
        assert!(r.text().await.unwrap().contains("Kénitra") || path == "/");
    }
    // The administrator's URL is derived too: `user add` queues an invitation.
    let cli = <infitah::cli::Cli as clap::Parser>::try_parse_from([
        "infitah",
        "user",
        "add",
        "--tenant",
        "kenitra",
        "--email",
        "invitee@example.org",
        "--role",
        "editor",
    ])
    .unwrap();
    let infitah::cli::Command::User(cmd) = cli.command else {
        unreachable!()
    };
    infitah::user_cmd::run(settings, cmd, &mut std::io::empty(), &mut vec![])
        .await
        .expect("user add with only database_url");
    let got = sink.wait_for(1, std::time::Duration::from_secs(20)).await;
    assert!(
        got.iter().any(|m| m.to.contains("invitee@example.org")),
        "the worker delivered the invitation"
    );
    running.shutdown().await.unwrap();
}

/// A role URL that reaches another database makes `serve` refuse to start,
/// naming the setting, instead of serving national pages that answer 500.
#[tokio::test]
async fn serve_refuses_a_role_url_that_reaches_another_database() {
    let db = TestDb::new().await;
    let other = TestDb::new().await;
    for (key, url) in [
        ("INFITAH_DATABASE_NATIONAL_URL", other.national_url()),
        ("INFITAH_DATABASE_WORKER_URL", other.worker_url()),
    ] {
        let settings = only_database_url(&db, &[(key, url)]);
        let e = match infitah::server::start(settings, &ALL, true).await {
            Ok(_) => panic!("serve started with {key} on another database"),
            Err(e) => e.to_string(),
        };
        let setting = key.strip_prefix("INFITAH_").unwrap().to_ascii_lowercase();
        assert!(e.contains(&setting), "{e}");
        assert!(e.contains(&other.name) && e.contains(&db.name), "{e}");
    }
    // Unreachable: named too, and the password is not repeated.
    let settings = only_database_url(
        &db,
        &[(
            "INFITAH_DATABASE_WORKER_URL",
            "postgres://infitah_worker:s3cr3t-pw@127.0.0.1:1/x".into(),
        )],
    );
    let e = match infitah::server::start(settings, &ALL, true).await {
        Ok(_) => panic!("serve started with an unreachable worker URL"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("database_worker_url") && !e.contains("s3cr3t-pw"),
        "{e}"
    );
}

/// Every collectivity as stored: what "nothing changed" is compared on.
async fn registry_rows(db: &TestDb) -> Vec<String> {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar("select to_jsonb(t)::text from tenants t order by id")
        .fetch_all(&mut c)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_command_line_cannot_break_the_country() {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let before = registry_rows(&db).await;
    let path = std::env::temp_dir().join(format!("{}-country.csv", db.name));
    let import = |csv: &str| {
        std::fs::write(&path, csv).unwrap();
        vec!["import".to_owned(), path.to_str().unwrap().to_owned()]
    };
    let cases: &[(&str, &[&str])] = &[
        // The national space cannot become a commune, in a file or by update.
        (
            "kind,slug,parent,name_ar,name_fr\ncommune,national,prefecture-rabat,المغرب,Maroc\n",
            &["row 1, slug", "national is reserved"],
        ),
        // An HCP code already stored under another slug would move its address.
        (
            "kind,slug,parent,hcp_code,name_ar,name_fr\ncommune,kenitra-ville,province-kenitra,04.281.01.01,القنيطرة,Kénitra\n",
            &[
                "row 1, slug",
                "HCP code of kenitra",
                "--new-slug kenitra-ville",
            ],
        ),
        // Reserved slugs and IP literals as hosts.
        (
            "kind,slug,parent,name_ar,name_fr\ncommune,www,prefecture-rabat,سلا,Salé\n",
            &["row 1, slug", "www is reserved"],
        ),
        (
            "kind,slug,parent,name_ar,name_fr,hosts\ncommune,sale,prefecture-rabat,سلا,Salé,10.0.0.7\n",
            &["row 1, hosts", "IP address"],
        ),
        // An HCP code must fit its kind and lie under its parent's.
        (
            "kind,slug,parent,hcp_code,name_ar,name_fr\ncommune,sale,prefecture-rabat,04.421,سلا,Salé\n",
            &["row 1, hcp_code", "not the code of a commune"],
        ),
        (
            "kind,slug,parent,hcp_code,name_ar,name_fr\ncommune,sale,prefecture-rabat,04.281.05.01,سلا,Salé\n",
            &[
                "row 1, hcp_code",
                "does not lie under its parent's code 04.421",
            ],
        ),
        // Bad bytes, by row and column, before the database sees them.
        (
            "kind,slug,parent,name_ar,name_fr,time_zone\ncommune,sale,prefecture-rabat,سلا,Salé,Africa/Casa\0blanca\n",
            &["row 1, time_zone", "U+0000"],
        ),
    ];
    for (csv, expect) in cases {
        let args = import(csv);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&settings, &args, expect).await;
    }
    refused(
        &settings,
        &[
            "update",
            "national",
            "--kind",
            "commune",
            "--parent",
            "prefecture-rabat",
        ],
        &["national"],
    )
    .await;
    refused(
        &settings,
        &["update", "rabat", "--new-slug", "admin"],
        &["admin is reserved"],
    )
    .await;
    // Logos by what they decode to, not by their first bytes.
    let logo = std::env::temp_dir().join(format!("{}-logo.png", db.name));
    let mut fake = b"\x89PNG\r\n\x1a\n".to_vec();
    fake.extend_from_slice(b"<html><script>alert(1)</script></html>");
    for (bytes, expect) in [
        (fake, "cannot be read"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec(),
            "SVG is not accepted",
        ),
    ] {
        std::fs::write(&logo, bytes).unwrap();
        refused(
            &settings,
            &["update", "kenitra", "--logo", logo.to_str().unwrap()],
            &["logo", expect],
        )
        .await;
    }
    std::fs::remove_file(&logo).ok();
    std::fs::remove_file(&path).ok();
    assert_eq!(
        registry_rows(&db).await,
        before,
        "a refused command changed the registry"
    );

    // What the operator says explicitly is still possible.
    tenant(
        &settings,
        &["update", "kenitra", "--new-slug", "kenitra-ville"],
    )
    .await
    .expect("an explicit rename");
    let app = TestApp::spawn(settings).await;
    assert_eq!(app.get("kenitra-ville.localhost", "/").await.status(), 200);
    assert_eq!(
        app.get("localhost", "/").await.status(),
        200,
        "the national space stands"
    );
}
