//! Co-monitoring evaluations, end to end: committee members record them per
//! project and half-year with a justification and https evidence; bad input
//! is refused with the field named and nothing saved; anyone else (even an
//! editor) gets 404, as does another collectivity's project; every record is
//! kept, the newest of a period superseding the older one; the public
//! project page and the API show them beside the commune's own progress.

use infitah_plans::{model::Bilingual, write};
use infitah_platform::{db::TenantTx, types::TenantId};
use infitah_tests::{TestApp, TestDb, browser::Browser, tenant_id, two_communes};
use sqlx::postgres::PgPoolOptions;
use time::macros::date;
use uuid::Uuid;

pub use infitah_tests::{PASSWORD, staff};

pub struct Fixture {
    pub db: TestDb,
    pub app: TestApp,
    pub kenitra: TenantId,
    pub rabat: TenantId,
    pub project: Uuid,
    pub activity: Uuid,
    pub draft: Uuid,
    pub rabat_project: Uuid,
}

/// Signed in as `email`, reading the pages in French.
pub async fn sign_in<'a>(app: &'a TestApp, host: &str, email: &str) -> Browser<'a> {
    let mut b = infitah_tests::sign_in(app, host, email).await;
    b.cookies.insert("lang".into(), "fr".into());
    b
}

/// Kénitra (programme 2024–2026) with a published project of one activity
/// (40 %) and a draft; Rabat with a published project.
pub async fn fixture() -> Fixture {
    let db = TestDb::new().await;
    let settings = two_communes(&db).await;
    let (kenitra, rabat) = (
        TenantId(tenant_id(&db, "kenitra").await),
        TenantId(tenant_id(&db, "rabat").await),
    );
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&db.app_url())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&pool, kenitra).await.unwrap();
    let programme = infitah_tests::new_programme(&mut tx).await.unwrap();
    sqlx::query("update programmes set published = true, title_fr = 'Programme d''ouverture'")
        .execute(tx.conn())
        .await
        .unwrap();
    let project = write::create_project(
        &mut tx,
        programme,
        &Bilingual::new(
            Some("احداث هيئات استشارية".into()),
            Some("Création d'instances consultatives".into()),
        ),
    )
    .await
    .unwrap();
    let activity = write::add_activity(
        &mut tx,
        project,
        &Bilingual::new(None, Some("Créer un conseil local des jeunes".into())),
        date!(2024 - 10 - 01),
        date!(2024 - 12 - 01),
    )
    .await
    .unwrap();
    sqlx::query("update activities set completion = 40")
        .execute(tx.conn())
        .await
        .unwrap();
    write::set_published(&mut tx, project, true, None)
        .await
        .unwrap();
    let draft = write::create_project(
        &mut tx,
        programme,
        &Bilingual::new(None, Some("Brouillon confidentiel 7c1e".into())),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&pool, rabat).await.unwrap();
    let rp = infitah_tests::new_programme(&mut tx).await.unwrap();
    sqlx::query("update programmes set published = true")
        .execute(tx.conn())
        .await
        .unwrap();
    let rabat_project = write::create_project(
        &mut tx,
        rp,
        &Bilingual::new(None, Some("Budget participatif de Rabat".into())),
    )
    .await
    .unwrap();
    write::set_published(&mut tx, rabat_project, true, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let app = TestApp::spawn(settings).await;
    Fixture {
        db,
        app,
        kenitra,
        rabat,
        project,
        activity,
        draft,
        rabat_project,
    }
}

async fn count(db: &TestDb) -> i64 {
    let mut c = db.admin_conn().await;
    sqlx::query_scalar("select count(*) from evaluations")
        .fetch_one(&mut c)
        .await
        .unwrap()
}

#[tokio::test]
async fn committee_members_evaluate_with_history_and_the_public_page_shows_it() {
    let f = fixture().await;
    staff(
        &f.app,
        "kenitra",
        "comite@kenitra.ma",
        "committee",
        "Membre Comité",
    )
    .await;
    let mut member = sign_in(&f.app, "kenitra.localhost", "comite@kenitra.ma").await;
    let path = format!("/admin/evaluations/projects/{}", f.project);
    let list = member.get("/admin/evaluations").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains(&path), "the index links the project");
    assert!(
        !list.body.contains(&f.draft.to_string()),
        "drafts are not evaluated"
    );

    let p = member
        .submit(
            &path,
            &path,
            &[
                ("period", "2025-H1"),
                ("level", "limited"),
                (
                    "justification",
                    "Deux conseils sur trois créés ; procès-verbaux publiés.",
                ),
                ("evidence_urls", "https://kenitra.ma/pv-conseil-jeunes.pdf"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = member
        .submit(
            &path,
            &path,
            &[
                ("period", "2025-H1"),
                ("level", "substantial"),
                (
                    "justification",
                    "Le troisième conseil a tenu sa première séance.",
                ),
                ("evidence_urls", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(count(&f.db).await, 2, "both records kept");

    // Who and when are kept in the database.
    let mut c = f.db.admin_conn().await;
    let rows: Vec<(String, String, Uuid)> = sqlx::query_as(
        "select period, level, recorded_by from evaluations where tenant_id = $1 order by recorded_at",
    )
    .bind(f.kenitra.0)
    .fetch_all(&mut c)
    .await
    .unwrap();
    assert_eq!(rows[0].1, "limited");
    assert_eq!(rows[1].1, "substantial");
    assert_eq!(rows[0].2, rows[1].2);

    // The public page (anonymous, cached): the current one, the superseded one in the history,
    // beside the progress the commune reports.
    let mut public = Browser::new(&f.app, "kenitra.localhost");
    public.cookies.insert("lang".into(), "fr".into());
    let page = public.get(&format!("/projects/{}", f.project)).await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(body.contains("Suivi et évaluation conjoints"));
    assert!(body.contains("Avancement déclaré par la collectivité"));
    assert!(body.contains("40 %"));
    assert!(body.contains("Substantiel"));
    assert!(body.contains("1er semestre 2025"));
    assert!(body.contains("Le troisième conseil a tenu sa première séance."));
    assert!(
        body.contains("Deux conseils sur trois créés"),
        "the superseded record stays"
    );
    assert!(body.contains("remplacée"));
    assert!(body.contains("https://kenitra.ma/pv-conseil-jeunes.pdf"));
    assert!(body.contains("rel=\"nofollow ugc noopener\""));
    assert!(
        !body.contains("Membre Comité"),
        "the member's name is not shown"
    );

    // The printable programme carries them on the card too.
    let print = public.get("/print").await;
    assert_eq!(print.status, 200);
    assert!(print.body.contains("Suivi et évaluation conjoints"));
    assert!(
        print
            .body
            .contains("Le troisième conseil a tenu sa première séance.")
    );
    assert!(!print.body.contains("Membre Comité"));

    // Arabic too.
    let mut ar = Browser::new(&f.app, "kenitra.localhost");
    ar.cookies.insert("lang".into(), "ar".into());
    let page = ar.get(&format!("/projects/{}", f.project)).await;
    assert!(page.body.contains("التتبع والتقييم المشترك"));
    assert!(page.body.contains("جوهري"));

    // And the API.
    let json: serde_json::Value = f
        .app
        .get(
            "kenitra.localhost",
            &format!("/api/v1/projects/{}", f.project),
        )
        .await
        .json()
        .await
        .unwrap();
    let evals = json["evaluations"].as_array().unwrap();
    assert_eq!(evals.len(), 2);
    assert_eq!(evals[0]["level"], "substantial");
    assert_eq!(evals[0]["current"], true);
    assert_eq!(evals[0]["percent"], 67);
    assert_eq!(evals[1]["current"], false);
    assert!(evals[0].get("recorded_by").is_none());

    // The national role reads the latest evaluation, as a percentage.
    let mut n = sqlx::PgConnection::connect_with_url(&f.db.national_url()).await;
    let (level, percent): (String, Option<i16>) = sqlx::query_as(
        "select level, percent from project_evaluation_latest where project_id = $1",
    )
    .bind(f.project)
    .fetch_one(&mut n)
    .await
    .unwrap();
    assert_eq!((level.as_str(), percent), ("substantial", Some(67)));
    // And, per collectivity, the gap between reported and evaluated.
    let gap: (i32, i16, i16) = sqlx::query_as(
        "select projects_evaluated, reported_progress, evaluated_progress
           from national_evaluation_gap where tenant_id = $1",
    )
    .bind(f.kenitra.0)
    .fetch_one(&mut n)
    .await
    .unwrap();
    assert_eq!(gap, (1, 40, 67));
}

trait ConnectUrl {
    async fn connect_with_url(url: &str) -> sqlx::PgConnection;
}
impl ConnectUrl for sqlx::PgConnection {
    async fn connect_with_url(url: &str) -> sqlx::PgConnection {
        <sqlx::PgConnection as sqlx::Connection>::connect(url)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn bad_input_is_refused_with_the_field_named_and_nothing_saved() {
    let f = fixture().await;
    staff(
        &f.app,
        "kenitra",
        "comite@kenitra.ma",
        "committee",
        "Membre Comité",
    )
    .await;
    let mut member = sign_in(&f.app, "kenitra.localhost", "comite@kenitra.ma").await;
    let path = format!("/admin/evaluations/projects/{}", f.project);
    let good = [
        ("period", "2025-H1"),
        ("level", "limited"),
        ("justification", "Justification valable."),
        ("evidence_urls", "https://kenitra.ma/preuve"),
    ];
    let cases: &[(&str, &str, &str)] = &[
        (
            "period",
            "2031-H1",
            "Choisissez un semestre de la période du programme.",
        ),
        (
            "period",
            "2025-H3",
            "Choisissez un semestre de la période du programme.",
        ),
        (
            "period",
            "",
            "Choisissez un semestre de la période du programme.",
        ),
        (
            "level",
            "excellent",
            "Choisissez un niveau de l&#39;échelle.",
        ),
        ("level", "", "Choisissez un niveau de l&#39;échelle."),
        ("justification", "   ", "Justifiez l&#39;évaluation."),
        (
            "evidence_urls",
            "http://kenitra.ma/preuve",
            "commençant par https://",
        ),
        (
            "evidence_urls",
            "javascript:alert(1)",
            "commençant par https://",
        ),
        (
            "evidence_urls",
            "https://kenitra.ma/a\nnot a url",
            "commençant par https://",
        ),
    ];
    for (field, value, message) in cases {
        let fields: Vec<(&str, &str)> = good
            .iter()
            .map(|(k, v)| if k == field { (*k, *value) } else { (*k, *v) })
            .collect();
        let p = member.submit(&path, &path, &fields).await;
        assert_eq!(p.status, 422, "{field}={value:?}");
        let msg = message.replace('\'', "&#39;");
        assert!(
            p.body.contains(message) || p.body.contains(&msg),
            "{field}={value:?}: {message}"
        );
        assert!(
            p.body.contains("has-error"),
            "{field}: marked beside the field"
        );
    }
    let long = "x".repeat(4001);
    let fields: Vec<(&str, &str)> = good
        .iter()
        .map(|(k, v)| {
            if *k == "justification" {
                (*k, long.as_str())
            } else {
                (*k, *v)
            }
        })
        .collect();
    let p = member.submit(&path, &path, &fields).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("4000"));
    assert_eq!(count(&f.db).await, 0, "nothing saved");
    // A good one goes through.
    let p = member.submit(&path, &path, &good).await;
    assert_eq!(p.status, 303);
    assert_eq!(count(&f.db).await, 1);
}

#[tokio::test]
async fn only_committee_members_of_the_collectivity_may_evaluate() {
    let f = fixture().await;
    staff(
        &f.app,
        "kenitra",
        "comite@kenitra.ma",
        "committee",
        "Membre Comité",
    )
    .await;
    staff(&f.app, "kenitra", "editeur@kenitra.ma", "editor", "Éditeur").await;
    staff(
        &f.app,
        "rabat",
        "comite@rabat.ma",
        "committee",
        "Comité Rabat",
    )
    .await;
    let path = format!("/admin/evaluations/projects/{}", f.project);
    let fields = [
        ("period", "2025-H1"),
        ("level", "complete"),
        ("justification", "Tout est fait."),
    ];

    // Anonymous and an editor: 404 on the pages, and a POST changes nothing.
    let mut anon = Browser::new(&f.app, "kenitra.localhost");
    assert_eq!(anon.get(&path).await.status, 404);
    assert_eq!(anon.get("/admin/evaluations").await.status, 404);
    let mut editor = sign_in(&f.app, "kenitra.localhost", "editeur@kenitra.ma").await;
    assert_eq!(editor.get(&path).await.status, 404);
    assert_eq!(editor.get("/admin/evaluations").await.status, 404);
    let p = editor.submit("/", &path, &fields).await;
    assert_eq!(p.status, 404);

    // A committee member of Kénitra: another collectivity's project, a draft, a bad id → 404.
    let mut member = sign_in(&f.app, "kenitra.localhost", "comite@kenitra.ma").await;
    for other in [
        format!("/admin/evaluations/projects/{}", f.rabat_project),
        format!("/admin/evaluations/projects/{}", f.draft),
        "/admin/evaluations/projects/not-a-uuid".to_owned(),
    ] {
        assert_eq!(member.get(&other).await.status, 404, "{other}");
        let p = member.submit("/admin/evaluations", &other, &fields).await;
        assert_eq!(p.status, 404, "{other}");
    }
    // Rabat's committee member on Kénitra's host: 404 (a session is worth nothing elsewhere).
    let mut rabat = Browser::new(&f.app, "kenitra.localhost");
    let p = rabat
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", "comite@rabat.ma"), ("password", PASSWORD)],
        )
        .await;
    assert_ne!(p.status, 303, "Rabat's account does not sign in on Kénitra");
    assert_eq!(rabat.get(&path).await.status, 404);
    assert_eq!(count(&f.db).await, 0, "nothing recorded");
    let _ = (f.rabat, f.activity);
}
