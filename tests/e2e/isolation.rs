//! Isolation between collectivities, as `infitah_app`: what row-level
//! security must guarantee whatever the application code does.

use infitah_plans::{model::Bilingual, repo, write};
use infitah_platform::{db::TenantTx, migrate::tenant_tables, types::TenantId};
use infitah_tests::{TestDb, pg_app_base, tenant_id, two_communes};
use sqlx::postgres::PgPoolOptions;
use std::collections::HashSet;

struct World {
    db: TestDb,
    pool: sqlx::PgPool,
    a: TenantId,
    b: TenantId,
    a_project: uuid::Uuid,
    b_programme: uuid::Uuid,
    b_project: uuid::Uuid,
}

async fn world(max_connections: u32) -> World {
    let db = TestDb::new().await;
    two_communes(&db).await;
    let (a, b) = (
        TenantId(tenant_id(&db, "kenitra").await),
        TenantId(tenant_id(&db, "rabat").await),
    );
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .connect(&db.app_url())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&pool, a).await.unwrap();
    let prog = infitah_tests::new_programme(&mut tx).await.unwrap();
    let a_project = write::create_project(
        &mut tx,
        prog,
        &Bilingual::new(Some("احداث هيئات استشارية".into()), None),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&pool, b).await.unwrap();
    let b_programme = infitah_tests::new_programme(&mut tx).await.unwrap();
    let b_project = write::create_project(
        &mut tx,
        b_programme,
        &Bilingual::new(None, Some("Budget participatif".into())),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    World {
        db,
        pool,
        a,
        b,
        a_project,
        b_programme,
        b_project,
    }
}

#[tokio::test]
async fn a_collectivity_sees_and_touches_only_its_own_rows() {
    let w = world(4).await;
    let mut tx = TenantTx::begin(&w.pool, w.a).await.unwrap();
    let projects = repo::list_projects(&mut tx).await.unwrap();
    assert_eq!(
        projects.iter().map(|p| p.id).collect::<Vec<_>>(),
        [w.a_project]
    );
    // B's rows: not readable, not updatable, not deletable — 0 rows, no error.
    let seen: Option<uuid::Uuid> = sqlx::query_scalar("select id from projects where id = $1")
        .bind(w.b_project)
        .fetch_optional(tx.conn())
        .await
        .unwrap();
    assert_eq!(seen, None);
    assert_eq!(
        repo::rename_project(&mut tx, w.b_project, "pirate")
            .await
            .unwrap(),
        0
    );
    assert_eq!(repo::delete_project(&mut tx, w.b_project).await.unwrap(), 0);
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&w.pool, w.b).await.unwrap();
    let b_projects = repo::list_projects(&mut tx).await.unwrap();
    assert_eq!(b_projects.len(), 1);
    assert_eq!(
        b_projects[0].title_fr.as_deref(),
        Some("Budget participatif")
    );
}

#[tokio::test]
async fn an_insert_carrying_another_tenant_id_is_rejected() {
    let w = world(4).await;
    let mut tx = TenantTx::begin(&w.pool, w.a).await.unwrap();
    let err = sqlx::query("insert into programmes (tenant_id, id, period_start, period_end) values ($1, gen_random_uuid(), 2030, 2032)")
        .bind(w.b.0)
        .execute(tx.conn())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("row-level security"), "{err}");
    drop(tx);
    // And an update cannot move a row to another collectivity.
    let mut tx = TenantTx::begin(&w.pool, w.a).await.unwrap();
    let err = sqlx::query("update projects set tenant_id = $1 where id = $2")
        .bind(w.b.0)
        .bind(w.a_project)
        .execute(tx.conn())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("row-level security") || err.to_string().contains("foreign key"),
        "{err}"
    );
}

#[tokio::test]
async fn with_no_tenant_set_every_tenant_table_reads_empty() {
    let w = world(4).await;
    let mut conn = w.db.app_conn().await;
    let tables = tenant_tables(&mut conn).await.unwrap();
    assert!(tables.len() >= 2);
    for t in tables {
        let n: i64 = sqlx::query_scalar(&format!("select count(*) from {}", t.name))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(n, 0, "{} shows {n} rows with no tenant set", t.name);
    }
    // The same as the owner of the tables: forced RLS holds it too.
    let mut admin = w.db.admin_conn().await;
    sqlx::query("set role infitah_owner")
        .execute(&mut admin)
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("select count(*) from projects")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn the_tenant_setting_does_not_outlive_its_transaction() {
    let w = world(1).await;
    for _ in 0..3 {
        let mut tx = TenantTx::begin(&w.pool, w.a).await.unwrap();
        assert_eq!(repo::list_projects(&mut tx).await.unwrap().len(), 1);
        tx.commit().await.unwrap();
        // The one connection, now for B: nothing of A's.
        let mut tx = TenantTx::begin(&w.pool, w.b).await.unwrap();
        let ids: Vec<_> = repo::list_projects(&mut tx)
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(ids, [w.b_project]);
        tx.rollback().await.unwrap();
        // And outside any tenant transaction, the same connection sees nothing.
        let n: i64 = sqlx::query_scalar("select count(*) from projects")
            .fetch_one(&w.pool)
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
}

/// Many transactions of both collectivities at once, over more client
/// connections than there are server connections behind them when the app
/// goes through PgBouncer in transaction pooling mode (`INFITAH_TEST_APP_PG`;
/// 2 per database and role in tests/scripts/pgbouncer.sh): each transaction
/// sees its own collectivity only, and between transactions no tenant is set,
/// whichever server session comes next. Without the variable it runs against
/// PostgreSQL directly, where the same must hold.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interleaved_transactions_of_two_collectivities_never_mix() {
    const CLIENTS: u32 = 8;
    const ROUNDS: usize = 25;
    let w = world(CLIENTS).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..2 * CLIENTS as usize {
        let pool = w.pool.clone();
        let (tenant, mine) = if i % 2 == 0 {
            (w.a, w.a_project)
        } else {
            (w.b, w.b_project)
        };
        tasks.spawn(async move {
            let mut backends = HashSet::new();
            for round in 0..ROUNDS {
                let mut tx = TenantTx::begin(&pool, tenant).await.unwrap();
                let (backend, setting): (i32, String) =
                    sqlx::query_as("select pg_backend_pid(), current_setting('app.tenant_id')")
                        .fetch_one(tx.conn())
                        .await
                        .unwrap();
                assert_eq!(setting, tenant.0.to_string(), "backend {backend}");
                backends.insert(backend);
                // Let the other transactions run in between.
                tokio::task::yield_now().await;
                let rows: Vec<(uuid::Uuid, uuid::Uuid)> =
                    sqlx::query_as("select tenant_id, id from projects")
                        .fetch_all(tx.conn())
                        .await
                        .unwrap();
                assert_eq!(rows, [(tenant.0, mine)], "{tenant:?} on backend {backend}");
                if round % 2 == 0 {
                    tx.commit().await.unwrap();
                } else {
                    tx.rollback().await.unwrap();
                }
                // Outside any transaction, on whatever session comes next.
                let (setting, n): (Option<String>, i64) = sqlx::query_as(
                    "select current_setting('app.tenant_id', true), (select count(*) from projects)",
                )
                .fetch_one(&pool)
                .await
                .unwrap();
                assert_eq!(setting.as_deref().unwrap_or(""), "", "a tenant outlived its transaction");
                assert_eq!(n, 0, "rows visible with no tenant set");
            }
            (tenant, backends)
        });
    }
    let (mut of_a, mut of_b) = (HashSet::new(), HashSet::new());
    while let Some(done) = tasks.join_next().await {
        let (tenant, backends) = done.unwrap();
        if tenant == w.a {
            of_a.extend(backends);
        } else {
            of_b.extend(backends);
        }
    }
    // The proof is worth something only if server sessions served both.
    assert!(
        of_a.intersection(&of_b).next().is_some(),
        "no server session served both collectivities: {of_a:?} / {of_b:?}"
    );
    if pg_app_base().is_some() {
        // Through the pooler, fewer server sessions than client connections:
        // the transactions really were multiplexed.
        let sessions = of_a.union(&of_b).count();
        let clients = w.pool.size() as usize;
        assert!(
            sessions < clients,
            "{sessions} server sessions for {clients} client connections: \
             is INFITAH_TEST_APP_PG a pooler in transaction mode?"
        );
    }
}

#[tokio::test]
async fn a_row_cannot_reference_another_collectivitys_parent() {
    let w = world(4).await;
    let mut tx = TenantTx::begin(&w.pool, w.a).await.unwrap();
    let err = write::create_project(
        &mut tx,
        w.b_programme,
        &Bilingual::new(Some("تسلل".into()), None),
    )
    .await
    .unwrap_err();
    let write::WriteError::Db(err) = err else {
        panic!("not a database refusal: {err}")
    };
    let db_err = err.as_database_error().expect("a database refusal");
    assert_eq!(db_err.code().as_deref(), Some("23503"), "{err}"); // foreign_key_violation
}

#[tokio::test]
async fn the_national_role_reads_across_collectivities_and_writes_nothing() {
    let w = world(4).await;
    let mut nat = sqlx::PgConnection::connect(&w.db.national_url())
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("select count(*) from projects")
        .fetch_one(&mut nat)
        .await
        .unwrap();
    assert_eq!(n, 2);
    let err = sqlx::query("delete from projects")
        .execute(&mut nat)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
    let err = sqlx::query("update tenants set name_fr = 'x'")
        .execute(&mut nat)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
}

#[tokio::test]
async fn the_app_role_cannot_write_the_registry() {
    let w = world(4).await;
    let mut app = w.db.app_conn().await;
    for sql in [
        "update tenants set name_fr = 'x'",
        "delete from tenant_hosts",
        "insert into tenant_hosts (collectivity_id, host) select id, 'evil.example' from tenants limit 1",
    ] {
        let err = sqlx::query(sql).execute(&mut app).await.unwrap_err();
        assert!(
            err.to_string().contains("permission denied"),
            "{sql}: {err}"
        );
    }
}

use sqlx::Connection;

/// The hottest paths are one statement each (`TenantCall`, migrations/0010):
/// a session looked up for another collectivity is no session; a comment
/// checked or written for another collectivity's consultation finds nothing
/// and writes nothing; the duplicate check holds; and the connection, back
/// in the pool, carries no collectivity into its next statement.
#[tokio::test]
async fn one_statement_calls_hold_to_their_collectivity_and_leave_nothing_behind() {
    use infitah_consultation::{model::CommentBody, repo as cons};
    let w = world(1).await;
    let db = infitah_platform::db::Db::connect(&secrecy::SecretString::from(w.db.app_url()), 1)
        .await
        .unwrap();
    let mut admin = w.db.admin_conn().await;
    let account = uuid::Uuid::now_v7();
    sqlx::query(
        "insert into accounts (tenant_id, id, email, display_name, lang, email_verified_at)
         values ($1, $2, 'citoyenne@kenitra.ma', 'Citoyenne', 'fr', now())",
    )
    .bind(w.a.0)
    .bind(account)
    .execute(&mut admin)
    .await
    .unwrap();
    let token_hash = vec![7u8; 32];
    sqlx::query(
        "insert into sessions (tenant_id, id, token_hash, account_id, expires_at)
         values ($1, gen_random_uuid(), $2, $3, now() + interval '1 day')",
    )
    .bind(w.a.0)
    .bind(&token_hash)
    .bind(account)
    .execute(&mut admin)
    .await
    .unwrap();
    let consultation: uuid::Uuid = sqlx::query_scalar(
        "insert into consultations (tenant_id, id, programme_id, title_fr, opens_at, closes_at)
         select $1, gen_random_uuid(), id, 'Consultation', now() - interval '1 hour', now() + interval '1 day'
           from programmes where tenant_id = $1 returning id",
    )
    .bind(w.a.0)
    .fetch_one(&mut admin)
    .await
    .unwrap();
    sqlx::query("update programmes set published = true where tenant_id = $1")
        .bind(w.a.0)
        .execute(&mut admin)
        .await
        .unwrap();

    // The session: its own collectivity's, nobody's elsewhere.
    let (a, b) = (db.tenant_call(w.a), db.tenant_call(w.b));
    let own = infitah_identity::repo::live_session(&a, &token_hash, 60)
        .await
        .unwrap();
    assert_eq!(own.map(|s| s.account_id), Some(account));
    assert!(
        infitah_identity::repo::live_session(&b, &token_hash, 60)
            .await
            .unwrap()
            .is_none()
    );
    // Used after five idle minutes: found, and its use recorded (the idle
    // time-out counts from now); unused for longer than the time-out: gone.
    let idle = |minutes: i32| {
        sqlx::query("update sessions set last_seen_at = now() - make_interval(mins => $1)")
            .bind(minutes)
    };
    idle(5).execute(&mut admin).await.unwrap();
    assert!(
        infitah_identity::repo::live_session(&a, &token_hash, 60)
            .await
            .unwrap()
            .is_some()
    );
    let recent: bool = sqlx::query_scalar(
        "select bool_and(last_seen_at > now() - interval '1 minute') from sessions",
    )
    .fetch_one(&mut admin)
    .await
    .unwrap();
    assert!(recent, "the session's use is recorded");
    idle(61).execute(&mut admin).await.unwrap();
    assert!(
        infitah_identity::repo::live_session(&a, &token_hash, 60)
            .await
            .unwrap()
            .is_none()
    );
    idle(0).execute(&mut admin).await.unwrap();

    // The checks and the write, through the other collectivity: nothing.
    let other = cons::check_comment(&b, consultation, false, "citizen", "18_24", None);
    assert!(other.await.unwrap().is_none());
    let seen = cons::check_comment(&a, consultation, false, "citizen", "18_24", None)
        .await
        .unwrap()
        .expect("its own consultation");
    assert!(seen.profile_ok && seen.age_ok && seen.parent_ok);
    let body = CommentBody::parse("Un avis").unwrap();
    let new = cons::NewComment {
        consultation_id: consultation,
        parent_id: None,
        author_id: account,
        profile: "citizen",
        age_bracket: "18_24",
        body: &body,
    };
    let written = cons::write_comment(&b, uuid::Uuid::now_v7(), &new, 10).await;
    assert!(
        !matches!(written, Ok(cons::Written::Saved)),
        "written through another collectivity: {written:?}"
    );
    let count = "select count(*) from comments";
    let n: i64 = sqlx::query_scalar(count)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(n, 0);
    // Through its own: saved once; the same text again is a duplicate.
    let id = uuid::Uuid::now_v7();
    assert_eq!(
        cons::write_comment(&a, id, &new, 10).await.unwrap(),
        cons::Written::Saved
    );
    assert_eq!(
        cons::write_comment(&a, uuid::Uuid::now_v7(), &new, 10)
            .await
            .unwrap(),
        cons::Written::Duplicate
    );
    let n: i64 = sqlx::query_scalar(count)
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(n, 1);

    // The pool's one connection, after all that: no collectivity set, nothing visible.
    let left: String =
        sqlx::query_scalar("select coalesce(current_setting('app.tenant_id', true), '')")
            .fetch_one(a.pool())
            .await
            .unwrap();
    assert_eq!(left, "");
    let visible: i64 = sqlx::query_scalar("select count(*) from comments")
        .fetch_one(a.pool())
        .await
        .unwrap();
    assert_eq!(visible, 0);
}
