//! The catalog guard: row-level security is enabled and forced on every
//! tenant table, and the application role can see past none of it.

use infitah_platform::migrate::{catalog_problems, tenant_tables};
use infitah_tests::TestDb;

#[tokio::test]
async fn every_tenant_table_is_guarded_and_the_app_role_is_confined() {
    let db = TestDb::new().await;
    let mut app = db.app_conn().await;
    let tables = tenant_tables(&mut app).await.unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    for expected in ["programmes", "projects"] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    for t in &tables {
        assert!(t.rls_enabled, "{}: RLS not enabled", t.name);
        assert!(t.rls_forced, "{}: RLS not forced", t.name);
        assert!(
            t.pk_starts_with_tenant,
            "{}: primary key does not start with tenant_id",
            t.name
        );
    }
    let (is_super, bypass): (bool, bool) =
        sqlx::query_as("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")
            .fetch_one(&mut app)
            .await
            .unwrap();
    assert!(!is_super && !bypass);
    let owned: i64 = sqlx::query_scalar(
        "select count(*) from pg_class where relowner = (select oid from pg_roles where rolname = 'infitah_app')",
    )
    .fetch_one(&mut app)
    .await
    .unwrap();
    assert_eq!(owned, 0);
    assert_eq!(
        catalog_problems(&mut app).await.unwrap(),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn the_guard_sees_a_table_without_forced_rls_and_a_superuser() {
    let db = TestDb::new().await;
    let mut admin = db.admin_conn().await;
    // As a superuser, the guard names the role problem.
    let problems = catalog_problems(&mut admin).await.unwrap();
    assert!(
        problems.iter().any(|p| p.contains("superuser")),
        "{problems:?}"
    );
    // A table that forgot `force row level security`, as the app sees it.
    sqlx::query("set role infitah_owner")
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query("create table careless (tenant_id uuid not null, id uuid not null, primary key (id, tenant_id))")
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query("alter table careless enable row level security")
        .execute(&mut admin)
        .await
        .unwrap();
    let mut app = db.app_conn().await;
    let problems = catalog_problems(&mut app).await.unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("careless") && p.contains("forced")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("careless") && p.contains("primary key")),
        "{problems:?}"
    );
    // A table that forgot its tenant_id altogether.
    sqlx::query("create table forgetful (id uuid primary key)")
        .execute(&mut admin)
        .await
        .unwrap();
    let problems = catalog_problems(&mut app).await.unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("forgetful") && p.contains("no tenant_id")),
        "{problems:?}"
    );
}
