//! One formula of progress (migration 0014): the database's
//! `project_progress` aggregate is held to its cases on the application
//! role, and every reader of a project's progress — the programme's and the
//! project's JSON, the open data of the commune and the national roll-up —
//! gives the same figure for every published project of the demo commune,
//! which is also the one computed here from its activities.

use infitah_tests::{TestApp, TestDb, tenant_id};
use sqlx::Row;

const COMMUNE: &str = "tanger";
const HOST: &str = "tanger.localhost";

#[tokio::test]
async fn one_formula_for_every_reader() {
    let db = TestDb::new().await;
    let settings = db.settings();
    infitah::demo::seed(&settings).await.expect("demo data");

    // The cases, on the role the application runs as.
    let mut app_conn = db.app_conn().await;
    let cases: [(&str, i16); 6] = [
        // No activity: 0.
        ("select 1 where false", 0),
        // Every activity done: 100.
        (
            "values (100::smallint, '2024-10-01'::date, '2024-12-01'::date), (100, '2025-01-01', '2025-01-01')",
            100,
        ),
        // Weighted by months: 3 months at 40 %, 1 month at 0 % → 30 %.
        (
            "values (40::smallint, '2027-01-01'::date, '2027-03-01'::date), (0, '2027-04-01', '2027-04-01')",
            30,
        ),
        // Half a point rounds up: (50 + 51) / 2.
        (
            "values (50::smallint, '2025-01-01'::date, '2025-01-01'::date), (51, '2025-02-01', '2025-02-01')",
            51,
        ),
        // Across a year's end: November to February is 4 months (4 × 10 + 1 × 100) / 5.
        (
            "values (10::smallint, '2024-11-01'::date, '2025-02-01'::date), (100, '2025-03-01', '2025-03-01')",
            28,
        ),
        // An end before its start still weighs one month.
        (
            "values (60::smallint, '2025-05-01'::date, '2025-03-01'::date), (0, '2025-01-01', '2025-01-01')",
            30,
        ),
    ];
    for (rows, expected) in cases {
        let sql = if rows.starts_with("select") {
            // A project without activities is a left join's nulls.
            "select project_progress(a.c, a.s, a.e) as p from (select 1) x \
             left join (select null::smallint as c, null::date as s, null::date as e where false) a on true"
                .to_owned()
        } else {
            format!("select project_progress(c::smallint, s, e) as p from ({rows}) as v(c, s, e)")
        };
        let got: i16 = sqlx::query(&sql)
            .fetch_one(&mut app_conn)
            .await
            .unwrap()
            .get("p");
        assert_eq!(got, expected, "{rows}");
    }

    // Every reader of the demo commune's projects.
    let tenant = tenant_id(&db, COMMUNE).await;
    let mut admin = db.admin_conn().await;
    let projects = sqlx::query(
        "select p.id, coalesce(array_agg(a.completion order by a.id) filter (where a.id is not null), '{}') as c,
                coalesce(array_agg(a.start_month order by a.id) filter (where a.id is not null), '{}') as s,
                coalesce(array_agg(a.end_month order by a.id) filter (where a.id is not null), '{}') as e
           from projects p join project_visibility v on v.tenant_id = p.tenant_id and v.id = p.id and v.public
           left join activities a on a.project_id = p.id
          where p.tenant_id = $1 group by p.id",
    )
    .bind(tenant)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(projects.len() >= 2, "the demo commune has public projects");
    let app = TestApp::spawn(settings).await;
    let programme: serde_json::Value = app
        .get(HOST, "/api/v1/programme")
        .await
        .json()
        .await
        .unwrap();
    let open_data: serde_json::Value = app
        .get(HOST, "/open-data/projects.json")
        .await
        .json()
        .await
        .unwrap();
    let mut moved = 0;
    for row in &projects {
        let id: uuid::Uuid = row.get("id");
        let c: Vec<i16> = row.get("c");
        let s: Vec<time::Date> = row.get("s");
        let e: Vec<time::Date> = row.get("e");
        // Written out here once more, so that the readers are held to
        // something they do not share.
        let months = |i: usize| {
            ((e[i].year() - s[i].year()) * 12 + e[i].month() as i32 - s[i].month() as i32 + 1)
                .max(1) as f64
        };
        let total: f64 = (0..c.len()).map(months).sum();
        let expected = if total == 0.0 {
            0
        } else {
            ((0..c.len()).map(|i| c[i] as f64 * months(i)).sum::<f64>() / total).round() as i64
        };
        if expected > 0 {
            moved += 1;
        }
        let project: serde_json::Value = app
            .get(HOST, &format!("/api/v1/projects/{id}"))
            .await
            .json()
            .await
            .unwrap();
        let in_programme = programme["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id.to_string())
            .unwrap_or_else(|| panic!("{id} in the programme's JSON"));
        let in_open_data = open_data["rows"]
            .as_array()
            .expect("the open data's rows")
            .iter()
            .find(|p| p["id"] == id.to_string())
            .unwrap_or_else(|| panic!("{id} in the open data"));
        let national: i16 = sqlx::query_scalar(
            "select progress from national_projects where tenant_id = $1 and project_id = $2",
        )
        .bind(tenant)
        .bind(id)
        .fetch_optional(&mut admin)
        .await
        .unwrap()
        .unwrap_or(-1);
        assert_eq!(
            project["progress"].as_i64(),
            Some(expected),
            "{id}: the project's JSON"
        );
        assert_eq!(
            in_programme["progress"].as_i64(),
            Some(expected),
            "{id}: the programme's JSON"
        );
        assert_eq!(
            in_open_data["progress"].as_i64(),
            Some(expected),
            "{id}: the open data"
        );
        assert_eq!(national as i64, expected, "{id}: the national roll-up");
    }
    assert!(
        moved > 0,
        "some demo project has progress, so 0 = 0 is not all that is checked"
    );
}
