//! Backing up and restoring one collectivity (`tenant export`, `tenant import
//! --collectivity`): the file restores the collectivity exactly — every row of
//! every tenant table, compared by count and content hash — into an empty
//! database or over itself (`--replace`), never touches another
//! collectivity, and every refusal writes nothing.

use std::collections::BTreeMap;

use infitah_notifications::outbox::{self, Mail, MailKind};
use infitah_plans::{
    model::Bilingual,
    write::{self, CardFields, Percent},
};
use infitah_platform::{
    config::Settings,
    db::TenantTx,
    i18n::Lang,
    migrate::{owner_connection, tenant_tables},
    types::TenantId,
};
use infitah_tests::{TestApp, TestDb, browser::Browser, tenant, tenant_id, two_communes};
use serde_json::{Value, json};
use sqlx::{Connection, PgPool, postgres::PgPoolOptions};
use time::macros::date;
use uuid::Uuid;

const PASSWORD: &str = "une phrase assez longue pour la sauvegarde";

struct Fixture {
    db: TestDb,
    settings: Settings,
    app: TestApp,
    pool: PgPool,
    kenitra: Uuid,
    rabat: Uuid,
    /// Kénitra's first activity, with one progress change.
    activity: Uuid,
    /// Kénitra's programme.
    programme: Uuid,
}

async fn staff(settings: &Settings, tenant: &str, email: &str, role: &str, password: bool) {
    let mut input = std::io::Cursor::new(format!("{PASSWORD}\n"));
    let mut argv = vec![
        "infitah", "user", "add", "--tenant", tenant, "--email", email, "--role", role,
    ];
    if password {
        argv.push("--password-stdin");
    }
    let cli = <infitah::cli::Cli as clap::Parser>::try_parse_from(argv).unwrap();
    let infitah::cli::Command::User(cmd) = cli.command else {
        unreachable!()
    };
    infitah::user_cmd::run(settings.clone(), cmd, &mut input, &mut vec![])
        .await
        .unwrap();
}

async fn sign_in(app: &TestApp, host: &str, email: &str) {
    let mut b = Browser::new(app, host);
    let p = b
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", email), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(p.status, 303, "sign-in on {host}: {}", p.body);
}

/// A programme with its stages, a project with every field of its card, two
/// activities (one with a progress change), an indicator and a measurement,
/// the council's decision, and a message in the outbox — through the
/// plans and notifications code, under row-level security.
async fn fill(pool: &PgPool, tenant: Uuid, label: &str) -> (Uuid, Uuid) {
    let mut tx = TenantTx::begin(pool, TenantId(tenant)).await.unwrap();
    let programme = infitah_tests::new_programme(&mut tx).await.unwrap();
    sqlx::query("update programmes set published = true, title_ar = $1, title_fr = $2")
        .bind(format!("برنامج عمل {label}"))
        .bind(format!("Programme d'action de {label}"))
        .execute(tx.conn())
        .await
        .unwrap();
    sqlx::query(
        "insert into programme_stages (tenant_id, programme_id, stage, planned_start, planned_end, actual_start)
         values ($1, $2, 'axes', '2024-01-01', '2024-03-31', '2024-01-15'),
                ($1, $2, 'workshops', '2024-04-01', null, null)",
    )
    .bind(tenant)
    .bind(programme)
    .execute(tx.conn())
    .await
    .unwrap();
    let project = write::create_project(
        &mut tx,
        programme,
        &Bilingual::new(
            Some(format!("احداث هيئات استشارية ب{label}")),
            Some(format!(
                "Instances consultatives « {label} »\nsur deux lignes"
            )),
        ),
    )
    .await
    .unwrap();
    write::save_card(
        &mut tx,
        project,
        1,
        &CardFields {
            title: Bilingual::new(
                Some(format!("احداث هيئات استشارية ب{label}")),
                Some(format!(
                    "Instances consultatives « {label} »\nsur deux lignes"
                )),
            ),
            problem_category: Some("participation".into()),
            problems: vec![Bilingual::new(
                Some("ضعف المشاركة".into()),
                Some("Participation faible \"entre guillemets\" et \\ barre".into()),
            )],
            solutions: vec![Bilingual::new(
                None,
                Some("Des conseils de quartier".into()),
            )],
            results: vec![Bilingual::new(Some("مجالس فاعلة".into()), None)],
            pillars: vec!["participation".into(), "transparency".into()],
            outcomes: vec!["trust".into()],
            budget_mad: Some("1234567.89".into()),
        },
    )
    .await
    .unwrap();
    let mut activities = vec![];
    for (ar, fr) in [
        ("خلق محلس محلي للشباب", "Créer un conseil local des jeunes"),
        ("خلق مجلس محلي للطفل", "Créer un conseil local de l'enfant"),
    ] {
        activities.push(
            write::add_activity(
                &mut tx,
                project,
                &Bilingual::new(Some(ar.into()), Some(fr.into())),
                date!(2024 - 10 - 01),
                date!(2024 - 12 - 01),
            )
            .await
            .unwrap(),
        );
    }
    let indicator = write::add_indicator(
        &mut tx,
        project,
        &Bilingual::new(None, Some("Conseils installés".into())),
        Some("%"),
        Some("10.50"),
        Some("100"),
    )
    .await
    .unwrap();
    sqlx::query(
        "insert into indicator_measurements (tenant_id, id, indicator_id, measured_on, value, note)
         values ($1, $2, $3, '2025-01-31', 12.25, 'première mesure')",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(indicator)
    .execute(tx.conn())
    .await
    .unwrap();
    write::set_progress(
        &mut tx,
        activities[0],
        1,
        write::Progress {
            completion: Percent::parse("40").unwrap(),
            note: Some("تم تشكيل لجنة التحضير"),
            evidence: Some("https://example.ma/pv-1"),
            at: None,
        },
        write::Actor {
            id: Uuid::now_v7(),
            name: "Rédactrice",
        },
    )
    .await
    .unwrap();
    write::set_published(&mut tx, project, true, None)
        .await
        .unwrap();
    write::record_decision(&mut tx, programme, &write::NewDecision { decided_on: date!(2024 - 03 - 15), session_ref: "Session ordinaire de mars", votes: (25, 3, 2), text: &Bilingual::new(Some("صادق المجلس".into()), Some("Le conseil adopte".into())) }, json!({"projects": [{"title": label, "budget": 1234567.89, "big": 12345678901234567890u64}]}), Uuid::now_v7())
    .await
    .unwrap();
    outbox::enqueue(
        &mut tx,
        Mail {
            dedupe_key: format!("test:{label}"),
            recipient: "citoyenne@example.ma",
            lang: Lang::Fr,
            kind: MailKind::VerifyEmail,
            payload: json!({"name": "Citoyenne", "link": "https://example.ma/v?t=1"}),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (programme, activities[0])
}

/// Two communes with data in every tenant table; Kénitra also has a logo.
async fn fixture() -> Fixture {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let (kenitra, rabat) = (
        tenant_id(&db, "kenitra").await,
        tenant_id(&db, "rabat").await,
    );
    let logo = std::env::temp_dir().join(format!("{}-logo.png", db.name));
    // A real PNG of noisy pixels: bytes of every value, which base64 and JSON must carry intact.
    let img = image::RgbImage::from_fn(40, 40, |x, y| {
        image::Rgb([(x * 37 + y * 11) as u8, (x * y) as u8, (y * 53) as u8])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    std::fs::write(&logo, png.into_inner()).unwrap();
    tenant(
        &settings,
        &["update", "kenitra", "--logo", logo.to_str().unwrap()],
    )
    .await
    .unwrap();
    std::fs::remove_file(&logo).ok();
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&db.app_url())
        .await
        .unwrap();
    let (programme, activity) = fill(&pool, kenitra, "Kénitra").await;
    fill(&pool, rabat, "Rabat").await;
    for (slug, domain) in [("kenitra", "kenitra.ma"), ("rabat", "rabat.ma")] {
        staff(&settings, slug, &format!("editor@{domain}"), "editor", true).await;
        staff(&settings, slug, &format!("admin@{domain}"), "admin", false).await;
    }
    let app = TestApp::spawn(settings.clone()).await;
    sign_in(&app, "kenitra.localhost", "editor@kenitra.ma").await;
    sign_in(&app, "rabat.localhost", "editor@rabat.ma").await;
    Fixture {
        db,
        settings,
        app,
        pool,
        kenitra,
        rabat,
        activity,
        programme,
    }
}

/// Per tenant table, the collectivity's rows: (count, md5 of their JSON in a
/// fixed order), read as the owner with the collectivity set, as the export
/// reads them. "registry" is its row (the parent by HCP code, since parents
/// get new ids in another database) and its hosts.
async fn fingerprint(settings: &Settings, tenant: Uuid) -> BTreeMap<String, (i64, String)> {
    let mut conn = owner_connection(&settings.database_admin_url)
        .await
        .unwrap();
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)")
        .bind(tenant.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    let mut all = BTreeMap::new();
    for t in tenant_tables(&mut tx).await.unwrap() {
        let row: (i64, String) = sqlx::query_as(&format!(
            "select count(*), md5(coalesce(string_agg(to_jsonb(t)::text, ',' order by to_jsonb(t)::text), ''))
               from {} t",
            t.name
        ))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        all.insert(t.name, row);
    }
    let registry: (i64, String) = sqlx::query_as(
        "select count(*), md5(string_agg(((to_jsonb(t) - 'parent_id') || jsonb_build_object('parent', p.hcp_code,
                'hosts', (select jsonb_agg(h.host order by h.host) from tenant_hosts h where h.collectivity_id = t.id)))::text, ','))
           from tenants t left join tenants p on p.id = t.parent_id where t.id = $1",
    )
    .bind(tenant)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    all.insert("registry".into(), registry);
    tx.rollback().await.unwrap();
    all
}

/// Everything in the database that a refused import could have touched.
async fn everything(f: &Fixture) -> Vec<BTreeMap<String, (i64, String)>> {
    let mut c = f.db.admin_conn().await;
    let registry: (String, String) = sqlx::query_as(
        "select (select md5(string_agg(to_jsonb(t)::text, ',' order by id)) from tenants t),
                (select md5(string_agg(to_jsonb(h)::text, ',' order by host)) from tenant_hosts h)",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    vec![
        fingerprint(&f.settings, f.kenitra).await,
        fingerprint(&f.settings, f.rabat).await,
        BTreeMap::from([("all registry".into(), (0, format!("{registry:?}")))]),
    ]
}

async fn refused(settings: &Settings, args: &[&str], expect: &[&str]) {
    let err = tenant(settings, args)
        .await
        .err()
        .unwrap_or_else(|| panic!("{args:?} was accepted"));
    let msg = format!("{err:#}");
    assert!(msg.starts_with("nothing was written"), "{msg}");
    for e in expect {
        assert!(msg.contains(e), "{args:?}: {msg:?} lacks {e:?}");
    }
}

fn temp(db: &TestDb, name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("{}-{name}", db.name))
}

async fn export(f: &Fixture, slug: &str) -> std::path::PathBuf {
    let file = temp(&f.db, &format!("{slug}.jsonl"));
    let out = tenant(
        &f.settings,
        &["export", slug, "--output", file.to_str().unwrap()],
    )
    .await
    .unwrap();
    assert!(
        out.starts_with(&format!("exported {slug} (")) && out.contains("password hashes"),
        "{out}"
    );
    file
}

fn lines(file: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The section of `table` and its rows' line numbers (0-based).
fn section(lines: &[String], table: &str) -> (usize, Vec<usize>) {
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("{{\"table\":\"{table}\"")))
        .unwrap_or_else(|| panic!("no section {table}"));
    let rows = serde_json::from_str::<Value>(&lines[at]).unwrap()["rows"]
        .as_u64()
        .unwrap() as usize;
    (at, (at + 1..at + 1 + rows).collect())
}

#[tokio::test]
async fn a_collectivity_restores_exactly_into_an_empty_database() {
    let f = fixture().await;
    let file = export(&f, "kenitra").await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "a backup is readable by its owner only"
        );
    }
    let source = fingerprint(&f.settings, f.kenitra).await;
    // The test fills every table it knows; tables added later are compared all the same.
    for table in [
        "accounts",
        "account_roles",
        "account_tokens",
        "sessions",
        "security_events",
        "outbox",
        "programmes",
        "programme_stages",
        "projects",
        "project_items",
        "project_pillars",
        "project_outcomes",
        "activities",
        "progress_events",
        "indicators",
        "indicator_measurements",
        "council_decisions",
        "content_versions",
    ] {
        assert!(source[table].0 > 0, "the fixture leaves {table} empty");
    }
    let file_lines = lines(&file);
    let header: Value = serde_json::from_str(&file_lines[0]).unwrap();
    assert_eq!(header["format"], "infitah-collectivity-backup");
    assert_eq!(header["collectivity"]["slug"], "kenitra");
    assert_eq!(header["collectivity"]["hcp_code"], "04.281.01.01");
    assert_eq!(header["collectivity"]["parent"]["hcp_code"], "04.281");
    let applied: i64 =
        sqlx::query_scalar("select max(version) from _sqlx_migrations where success")
            .fetch_one(&mut f.db.admin_conn().await)
            .await
            .unwrap();
    assert_eq!(header["schema_version"], applied);
    assert!(file_lines.last().unwrap().starts_with("{\"end\":true"));
    assert!(
        !file_lines
            .iter()
            .any(|l| l.contains("\"tenant_id\": \"") && l.contains(&f.rabat.to_string())),
        "nothing of Rabat's is in Kénitra's file"
    );

    // The same export on standard output: the same lines but the time.
    let stdout = tenant(&f.settings, &["export", "kenitra"]).await.unwrap();
    assert_eq!(stdout.lines().skip(1).collect::<Vec<_>>(), file_lines[1..]);

    // A new database where Kénitra's parents are registered (under other ids).
    let target_db = TestDb::new().await;
    let target = target_db.settings();
    refused(
        &target,
        &["import", "--collectivity", file.to_str().unwrap()],
        &["its parent", "04.281", "province-kenitra", "not registered"],
    )
    .await;
    let csv = temp(&target_db, "parents.csv");
    std::fs::write(
        &csv,
        "kind,slug,parent,hcp_code,name_ar,name_fr\n\
         region,region-rsk,,04,الرباط-سلا-القنيطرة,Rabat-Salé-Kénitra\n\
         province,province-kenitra,region-rsk,04.281,القنيطرة,Kénitra\n",
    )
    .unwrap();
    tenant(&target, &["import", csv.to_str().unwrap()])
        .await
        .unwrap();
    std::fs::remove_file(&csv).ok();
    let out = tenant(
        &target,
        &["import", "--collectivity", file.to_str().unwrap()],
    )
    .await
    .unwrap();
    assert!(out.starts_with("restored kenitra"), "{out}");
    assert_eq!(fingerprint(&target, f.kenitra).await, source);
    let logo_equal: bool =
        sqlx::query_scalar("select (select logo from tenants where slug = 'kenitra') = $1")
            .bind(
                sqlx::query_scalar::<_, Vec<u8>>("select logo from tenants where slug = 'kenitra'")
                    .fetch_one(&mut f.db.admin_conn().await)
                    .await
                    .unwrap(),
            )
            .fetch_one(&mut target_db.admin_conn().await)
            .await
            .unwrap();
    assert!(logo_equal, "the logo comes back byte for byte");

    // Exported again from there, the file is the same but for the time and
    // the parent's id.
    let again = temp(&target_db, "kenitra.jsonl");
    tenant(
        &target,
        &["export", "kenitra", "--output", again.to_str().unwrap()],
    )
    .await
    .unwrap();
    let again_lines = lines(&again);
    assert_eq!(again_lines.len(), file_lines.len());
    for (i, (a, b)) in file_lines.iter().zip(&again_lines).enumerate() {
        if i != 0 && i != 2 {
            assert_eq!(a, b, "line {}", i + 1);
        }
    }

    // And it works: the restored editor signs in on the restored custom host.
    let app = TestApp::spawn(target.clone()).await;
    sign_in(&app, "kenitra.ma", "editor@kenitra.ma").await;
    assert_eq!(
        Browser::new(&app, "kenitra.localhost")
            .get("/")
            .await
            .status,
        200
    );
    for p in [file, again] {
        std::fs::remove_file(p).ok();
    }
}

async fn content_version(f: &Fixture) -> i64 {
    sqlx::query_scalar("select version from content_versions where tenant_id = $1")
        .bind(f.kenitra)
        .fetch_one(&mut f.db.admin_conn().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn replace_brings_one_collectivity_back_and_leaves_the_others_alone() {
    let f = fixture().await;
    let file = export(&f, "kenitra").await;
    let kenitra_before = fingerprint(&f.settings, f.kenitra).await;
    let rabat_before = fingerprint(&f.settings, f.rabat).await;

    // Kénitra changes after the backup: progress, a new published project,
    // another sign-in. Rabat changes nothing.
    let mut tx = TenantTx::begin(&f.pool, TenantId(f.kenitra)).await.unwrap();
    let version: i32 = sqlx::query_scalar("select version from activities where id = $1")
        .bind(f.activity)
        .fetch_one(tx.conn())
        .await
        .unwrap();
    write::set_progress(
        &mut tx,
        f.activity,
        version,
        write::Progress {
            completion: Percent::parse("100").unwrap(),
            note: None,
            evidence: None,
            at: None,
        },
        write::Actor {
            id: Uuid::now_v7(),
            name: "Rédactrice",
        },
    )
    .await
    .unwrap();
    let added = write::create_project(
        &mut tx,
        f.programme,
        &Bilingual::new(None, Some("Projet ajouté après la sauvegarde".into())),
    )
    .await
    .unwrap();
    write::set_published(&mut tx, added, true, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    sign_in(&f.app, "kenitra.localhost", "editor@kenitra.ma").await;
    assert_ne!(fingerprint(&f.settings, f.kenitra).await, kenitra_before);
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    assert!(
        public
            .get("/")
            .await
            .body
            .contains("Projet ajouté après la sauvegarde"),
        "the home page shows (and caches) the new project"
    );
    let changed_version = content_version(&f).await;

    let replace = [
        "import",
        "--collectivity",
        file.to_str().unwrap(),
        "--replace",
    ];
    let out = tenant(&f.settings, &replace).await.unwrap();
    assert!(out.starts_with("replaced kenitra"), "{out}");
    let same_but_the_version = |after: BTreeMap<String, (i64, String)>| {
        for (table, before) in &kenitra_before {
            if table != "content_versions" {
                assert_eq!(&after[table], before, "{table} is back as it was");
            }
        }
        assert_eq!(after.len(), kenitra_before.len());
    };
    same_but_the_version(fingerprint(&f.settings, f.kenitra).await);
    // The content version moves forward, past what every replica has seen.
    assert!(content_version(&f).await > changed_version);
    assert_eq!(
        fingerprint(&f.settings, f.rabat).await,
        rabat_before,
        "Rabat is untouched"
    );

    // The council decision's trigger was set aside for the deletion only.
    let enabled: String = sqlx::query_scalar(
        "select tgenabled::text from pg_trigger where tgname = 'council_decisions_frozen'",
    )
    .fetch_one(&mut f.db.admin_conn().await)
    .await
    .unwrap();
    assert_eq!(enabled, "O");
    let mut tx = TenantTx::begin(&f.pool, TenantId(f.kenitra)).await.unwrap();
    assert!(
        sqlx::query("delete from council_decisions")
            .execute(tx.conn())
            .await
            .is_err(),
        "decisions are immutable again"
    );
    tx.rollback().await.ok();

    // The running server stops serving the pages it cached before the
    // restore (the registry did not change, so only the content version
    // tells it).
    let mut shown = true;
    for _ in 0..50 {
        shown = public
            .get("/")
            .await
            .body
            .contains("Projet ajouté après la sauvegarde");
        if !shown {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!shown, "the home page still shows the replaced data");

    // The registry entry comes back too: colour and hosts.
    tenant(
        &f.settings,
        &[
            "update",
            "kenitra",
            "--color",
            "#123456",
            "--host",
            "www.kenitra.ma",
        ],
    )
    .await
    .unwrap();
    assert_ne!(
        fingerprint(&f.settings, f.kenitra).await["registry"],
        kenitra_before["registry"]
    );
    tenant(&f.settings, &replace).await.unwrap();
    same_but_the_version(fingerprint(&f.settings, f.kenitra).await);
    assert_eq!(fingerprint(&f.settings, f.rabat).await, rabat_before);
    assert_eq!(
        f.app.get("www.kenitra.ma", "/").await.status(),
        404,
        "the host added after the backup is gone"
    );
    std::fs::remove_file(file).ok();
}

#[tokio::test]
async fn refused_imports_write_nothing() {
    let f = fixture().await;
    let file = export(&f, "kenitra").await;
    let original = lines(&file);
    tenant(&f.settings, &["update", "rabat", "--host", "rabat.ma"])
        .await
        .unwrap();
    let before = everything(&f).await;
    let path = file.to_str().unwrap();

    // Kénitra is there with its data.
    refused(
        &f.settings,
        &["import", "--collectivity", path],
        &["kenitra already has data", "--replace"],
    )
    .await;

    let edited = temp(&f.db, "edited.jsonl");
    let with = |change: &dyn Fn(&mut Vec<String>)| {
        let mut l = original.clone();
        change(&mut l);
        std::fs::write(&edited, l.join("\n") + "\n").unwrap();
    };
    let replace = [
        "import",
        "--collectivity",
        edited.to_str().unwrap(),
        "--replace",
    ];

    // Another schema version.
    with(&|l| {
        let mut h: Value = serde_json::from_str(&l[0]).unwrap();
        h["schema_version"] = json!(3);
        l[0] = h.to_string();
    });
    refused(&f.settings, &replace, &["schema version 3"]).await;

    // A host of another collectivity.
    with(&|l| {
        let (_, rows) = section(l, "tenant_hosts");
        l[rows[0]] = l[rows[0]].replace("kenitra.ma", "rabat.ma");
    });
    refused(
        &f.settings,
        &replace,
        &["the host rabat.ma belongs to rabat"],
    )
    .await;

    // Another collectivity's slug.
    with(&|l| {
        l[0] = l[0].replace("\"slug\":\"kenitra\"", "\"slug\":\"rabat\"");
        l[2] = l[2].replace("\"slug\": \"kenitra\"", "\"slug\": \"rabat\"");
    });
    refused(&f.settings, &replace, &["the slug rabat belongs to rabat"]).await;

    // A row of another collectivity slipped into the file: row-level
    // security refuses it, and the deletions --replace made are undone.
    with(&|l| {
        let (_, rows) = section(l, "projects");
        l[rows[0]] = l[rows[0]].replace(&f.kenitra.to_string(), &f.rabat.to_string());
    });
    refused(&f.settings, &replace, &["projects", "row-level security"]).await;

    // A truncated file.
    with(&|l| {
        l.truncate(l.len() - 3);
    });
    refused(&f.settings, &replace, &["truncated"]).await;

    // Not a backup at all.
    with(&|l| {
        l[0] = "kind,slug,parent".into();
    });
    refused(&f.settings, &replace, &["not a collectivity backup"]).await;

    assert_eq!(everything(&f).await, before, "nothing was written");
    for p in [file, edited] {
        std::fs::remove_file(p).ok();
    }
}
