//! What the programme asks of its staff, for the back-office home
//! (`/admin`, identity's): the activities that are late, those started and
//! not updated for a month (editors), and the projects the co-monitoring
//! committee has not yet evaluated for the last half-year (committee).

use futures::future::BoxFuture;
use infitah_platform::{
    AppResult,
    addons::{StaffContext, StaffWork, Task, TaskItem},
    auth::{EditProgramme, Evaluate, Permission},
    db::TenantTx,
    texts::{Bilingual, Text},
};
use time::{Date, Month};
use uuid::Uuid;

use crate::evaluation::Period;

/// Plans' part of the staff's home.
pub struct PlanWork;

impl StaffWork for PlanWork {
    fn tasks<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a StaffContext<'a>,
    ) -> BoxFuture<'a, AppResult<Vec<Task>>> {
        Box::pin(async move {
            let mut tasks = vec![];
            let Some(programme) = crate::repo::current_programme(tx, true).await? else {
                return Ok(tasks);
            };
            let today = crate::repo::today(tx, &cx.tenant.record.time_zone).await?;
            if EditProgramme::allows(&cx.viewer.roles) {
                let rows = activities(tx, programme.id, today).await?;
                let (late, stale): (Vec<_>, Vec<_>) = rows.into_iter().partition(|a| a.late);
                tasks.extend(activity_task(cx, &late, "staff-task-late"));
                tasks.extend(activity_task(cx, &stale, "staff-task-stale"));
            }
            if Evaluate::allows(&cx.viewer.roles)
                && let Some(period) = last_half_year(today)
                    .filter(|p| (programme.period_start..=programme.period_end).contains(&p.year()))
            {
                let due = unevaluated(tx, programme.id, &period.code()).await?;
                tasks.extend(Task::of(
                    "/admin/evaluations",
                    |n| cx.tr.ns("staff-task-evaluate", n, &period.label(&cx.tr)),
                    &due,
                    |(id, title)| TaskItem {
                        href: format!("/admin/evaluations/projects/{id}"),
                        title: Text::of(title, cx.lang),
                        note: String::new(),
                    },
                ));
            }
            Ok(tasks)
        })
    }
}

/// The half-year that ended last: on 4 December 2026, January–June 2026.
fn last_half_year(today: Date) -> Option<Period> {
    let code = if today.month() <= Month::June {
        format!("{}-H2", today.year() - 1)
    } else {
        format!("{}-H1", today.year())
    };
    Period::parse(&code)
}

/// An activity that waits for its editor.
struct Waiting {
    id: Uuid,
    project_id: Uuid,
    title: Bilingual,
    project: Bilingual,
    /// Its end month is over unfinished; otherwise it is under way and its
    /// completion has not been set for a month.
    late: bool,
    end_month: Date,
}

/// The programme's activities that are late, or under way and not updated
/// for a month (no change of completion since, or since they began), the
/// longest waiting first.
async fn activities(
    tx: &mut TenantTx,
    programme: Uuid,
    today: Date,
) -> Result<Vec<Waiting>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select a.id, a.project_id, a.title_ar, a.title_fr, a.end_month,
                  p.title_ar as project_ar, p.title_fr as project_fr,
                  a.end_month < date_trunc('month', $2::date) as "late!"
             from activities a join projects p on p.id = a.project_id
            where p.programme_id = $1 and a.completion < 100 and a.start_month <= $2
              and (a.end_month < date_trunc('month', $2::date)
                   or coalesce((select max(e.at) from progress_events e where e.activity_id = a.id),
                               a.start_month::timestamptz) < now() - interval '1 month')
            order by a.end_month, p.position, a.position"#,
        programme,
        today
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Waiting {
            id: r.id,
            project_id: r.project_id,
            title: Bilingual::new(r.title_ar, r.title_fr),
            project: Bilingual::new(r.project_ar, r.project_fr),
            late: r.late,
            end_month: r.end_month,
        })
        .collect())
}

fn activity_task(cx: &StaffContext, rows: &[Waiting], label: &str) -> Option<Task> {
    Task::of(
        "/admin/plan",
        |n| cx.tr.n(label, n),
        rows,
        |a| TaskItem {
            href: format!("/admin/plan/projects/{}#activity-{}", a.project_id, a.id),
            title: Text::of(&a.title, cx.lang),
            note: format!(
                "{} · {}",
                Text::of(&a.project, cx.lang).text,
                cx.tr.s(
                    "staff-task-due",
                    &cx.lang
                        .month_year(a.end_month.year(), a.end_month.month() as u8),
                )
            ),
        },
    )
}

/// The published projects without an evaluation of `period`.
async fn unevaluated(
    tx: &mut TenantTx,
    programme: Uuid,
    period: &str,
) -> Result<Vec<(Uuid, Bilingual)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select p.id, p.title_ar, p.title_fr
             from projects p join project_visibility v on v.tenant_id = p.tenant_id and v.id = p.id
            where p.programme_id = $1 and v.public
              and not exists (select 1 from evaluations e where e.project_id = p.id and e.period = $2)
            order by p.position, p.created_at"#,
        programme,
        period
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, Bilingual::new(r.title_ar, r.title_fr)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_last_half_year_is_the_one_that_ended() {
        assert_eq!(
            last_half_year(date!(2026 - 12 - 04)).unwrap().code(),
            "2026-H1"
        );
        assert_eq!(
            last_half_year(date!(2026 - 07 - 01)).unwrap().code(),
            "2026-H1"
        );
        assert_eq!(
            last_half_year(date!(2026 - 06 - 30)).unwrap().code(),
            "2025-H2"
        );
        assert_eq!(
            last_half_year(date!(2027 - 01 - 01)).unwrap().code(),
            "2026-H2"
        );
    }
}
