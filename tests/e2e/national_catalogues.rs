//! The national catalogues, end to end: national managers edit labels, add,
//! retire and bring back entries on the national site; a change shows on
//! every collectivity's (cached) pages at the next read; a retired entry
//! still shows on the records that hold it and is no longer offered in
//! forms; commune staff get 404; nothing can be deleted.

use infitah_platform::db::TenantTx;
use infitah_tests::browser::Browser;
use sqlx::postgres::PgPoolOptions;

use crate::evaluation::{PASSWORD, fixture, sign_in, staff};

async fn national_manager(app: &infitah_tests::TestApp) -> Browser<'_> {
    staff(
        app,
        "national",
        "gestionnaire@maroc.ma",
        "national_manager",
        "Gestionnaire",
    )
    .await;
    let mut b = Browser::new(app, "localhost");
    let p = b
        .submit(
            "/sign-in",
            "/sign-in",
            &[
                ("email", "gestionnaire@maroc.ma"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    b.cookies.insert("lang".into(), "fr".into());
    b
}

#[tokio::test]
async fn a_catalogue_change_reaches_every_collectivity_and_retired_entries_stay_on_old_records() {
    let f = fixture().await;
    // Kénitra's project holds the "digitalisation" pillar.
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(&f.db.app_url())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&pool, f.kenitra).await.unwrap();
    sqlx::query("insert into project_pillars (tenant_id, project_id, pillar) values ($1, $2, 'digitalisation')")
        .bind(f.kenitra.0)
        .bind(f.project)
        .execute(tx.conn())
        .await
        .unwrap();
    infitah_platform::content::bump(&mut tx).await.unwrap();
    tx.commit().await.unwrap();

    let mut kenitra = Browser::new(&f.app, "kenitra.localhost");
    kenitra.cookies.insert("lang".into(), "fr".into());
    let mut rabat = Browser::new(&f.app, "rabat.localhost");
    rabat.cookies.insert("lang".into(), "fr".into());
    let k_path = format!("/projects/{}", f.project);
    let r_path = format!("/projects/{}", f.rabat_project);
    // Warm every cache.
    for _ in 0..2 {
        assert!(
            kenitra
                .get(&k_path)
                .await
                .body
                .contains("Transparence et redevabilité")
        );
        let r = rabat.get(&r_path).await.body;
        assert!(r.contains("Transparence et redevabilité"));
        assert!(r.contains("Digitalisation"));
    }

    let mut manager = national_manager(&f.app).await;
    let page = manager.get("/admin/catalogues").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Transparence et redevabilité"));

    // A label changes: both collectivities show it at the next read.
    let p = manager
        .submit(
            "/admin/catalogues",
            "/admin/catalogues/pillar/transparency",
            &[
                ("label_ar", "الشفافية والمساءلة"),
                ("label_fr", "Transparence et reddition des comptes 4d2f"),
                ("label_en", "Transparency and accountability"),
                ("position", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let k = kenitra.get(&k_path).await.body;
    assert!(k.contains("Transparence et reddition des comptes 4d2f"));
    let r = rabat.get(&r_path).await.body;
    assert!(r.contains("Transparence et reddition des comptes 4d2f"));
    assert!(!r.contains("Transparence et redevabilité"));

    // Bad input: 422, the field named, nothing changed.
    let p = manager
        .submit(
            "/admin/catalogues",
            "/admin/catalogues/pillar/transparency",
            &[
                ("label_ar", "الشفافية"),
                ("label_fr", ""),
                ("position", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Libellé obligatoire"));
    // The summary at the top leads to the very field.
    assert!(
        p.body.contains(r##"<a href="#pillar-transparency-fr">"##),
        "{}",
        p.body
    );
    assert!(p.body.contains(r#"id="pillar-transparency-fr""#));
    let mut admin = f.db.admin_conn().await;
    let label: String = sqlx::query_scalar(
        "select label_fr from catalog_entries where catalog = 'pillar' and code = 'transparency'",
    )
    .fetch_one(&mut admin)
    .await
    .unwrap();
    assert_eq!(label, "Transparence et reddition des comptes 4d2f");

    // Retire "digitalisation": still on Kénitra's record, gone from Rabat's card and from forms.
    let p = manager
        .submit(
            "/admin/catalogues",
            "/admin/catalogues/pillar/digitalisation/retire",
            &[("retired", "true")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(kenitra.get(&k_path).await.body.contains("Digitalisation"));
    assert!(!rabat.get(&r_path).await.body.contains("Digitalisation"));
    staff(
        &f.app,
        "rabat",
        "editeur@rabat.ma",
        "editor",
        "Éditeur Rabat",
    )
    .await;
    let mut editor = sign_in(&f.app, "rabat.localhost", "editeur@rabat.ma").await;
    let form = editor
        .get(&format!("/admin/plan/projects/{}", f.rabat_project))
        .await;
    assert_eq!(form.status, 200);
    assert!(
        !form
            .body
            .contains("name=\"pillar\" value=\"digitalisation\""),
        "a retired entry is not offered"
    );
    assert!(
        form.body
            .contains("name=\"pillar\" value=\"participation\"")
    );
    // Brought back, it is offered again.
    let p = manager
        .submit(
            "/admin/catalogues",
            "/admin/catalogues/pillar/digitalisation/retire",
            &[("retired", "false")],
        )
        .await;
    assert_eq!(p.status, 303);
    let form = editor
        .get(&format!("/admin/plan/projects/{}", f.rabat_project))
        .await;
    assert!(
        form.body
            .contains("name=\"pillar\" value=\"digitalisation\"")
    );

    // A new entry.
    let p = manager
        .submit(
            "/admin/catalogues",
            "/admin/catalogues/profile",
            &[
                ("code", "student"),
                ("label_ar", "طالب(ة)"),
                ("label_fr", "Étudiant·e"),
                ("position", "7"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = manager
        .submit(
            "/admin/catalogues",
            "/admin/catalogues/profile",
            &[("code", "Bad Code"), ("label_ar", "x"), ("label_fr", "x")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("lettres minuscules"));
    let n: i64 =
        sqlx::query_scalar("select count(*) from catalog_entries where catalog = 'profile'")
            .fetch_one(&mut admin)
            .await
            .unwrap();
    assert_eq!(n, 7);

    // Nothing can be deleted: no route, and the database refuses the application role.
    let p = manager
        .submit(
            "/admin/catalogues",
            "/admin/catalogues/pillar/transparency/delete",
            &[],
        )
        .await;
    assert!(p.status == 404 || p.status == 405, "{}", p.status);
    let mut tx = TenantTx::begin(
        &pool,
        infitah_platform::types::TenantId("00000000-0000-0000-0000-000000000001".parse().unwrap()),
    )
    .await
    .unwrap();
    let err =
        sqlx::query("delete from catalog_entries where catalog = 'profile' and code = 'student'")
            .execute(tx.conn())
            .await
            .unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
    tx.rollback().await.unwrap();
    // A collectivity's transaction cannot write them either.
    let mut tx = TenantTx::begin(&pool, f.kenitra).await.unwrap();
    let changed =
        sqlx::query("update catalog_entries set label_fr = 'piraté' where catalog = 'pillar'")
            .execute(tx.conn())
            .await
            .unwrap()
            .rows_affected();
    assert_eq!(changed, 0);
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn only_national_managers_reach_the_catalogues() {
    let f = fixture().await;
    staff(
        &f.app,
        "kenitra",
        "admin@kenitra.ma",
        "admin",
        "Admin Kénitra",
    )
    .await;
    let mut commune_admin = sign_in(&f.app, "kenitra.localhost", "admin@kenitra.ma").await;
    assert_eq!(commune_admin.get("/admin/catalogues").await.status, 404);
    let p = commune_admin
        .submit(
            "/",
            "/admin/catalogues/pillar/transparency",
            &[("label_ar", "x"), ("label_fr", "piraté"), ("position", "1")],
        )
        .await;
    assert_eq!(p.status, 404);
    // Anonymous on the national site.
    let mut anon = Browser::new(&f.app, "localhost");
    assert_eq!(anon.get("/admin/catalogues").await.status, 404);
    // A commune's account does not exist on the national site.
    let p = anon
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", "admin@kenitra.ma"), ("password", PASSWORD)],
        )
        .await;
    assert_ne!(p.status, 303);
    assert_eq!(anon.get("/admin/catalogues").await.status, 404);
    let mut admin = f.db.admin_conn().await;
    let label: String = sqlx::query_scalar(
        "select label_fr from catalog_entries where catalog = 'pillar' and code = 'transparency'",
    )
    .fetch_one(&mut admin)
    .await
    .unwrap();
    assert_eq!(label, "Transparence et redevabilité");
}
