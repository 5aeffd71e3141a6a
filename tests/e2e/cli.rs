//! The operator's commands: migrate, serve's refusal, and the registry's
//! validation (bad input names its field and row, and writes nothing).

use infitah_platform::migrate::migrate;
use infitah_tests::{TestDb, pg_admin_base, tenant, two_communes};
use secrecy::SecretString;
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
