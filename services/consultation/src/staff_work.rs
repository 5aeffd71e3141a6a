//! What the participation asks of its staff, for the back-office home
//! (`/admin`, identity's): contributions flagged by readers (moderators),
//! ideas nobody has answered yet, and consultations that open or close this
//! week (editors).

use futures::future::BoxFuture;
use infitah_platform::{
    AppResult,
    addons::{StaffContext, StaffWork, Task, TaskItem},
    auth::{EditProgramme, Moderate, Permission},
    db::TenantTx,
    texts::{Text, excerpt},
};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::{model::ItemKind, moderation::item_path, repo, section::datetime_label};

/// "This week": how far ahead a consultation's opening or closing is announced.
const WEEK: Duration = Duration::days(7);

/// Consultation's part of the staff's home.
pub struct ParticipationWork;

impl StaffWork for ParticipationWork {
    fn tasks<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a StaffContext<'a>,
    ) -> BoxFuture<'a, AppResult<Vec<Task>>> {
        Box::pin(async move {
            let mut tasks = vec![];
            let tz = &cx.tenant.record.time_zone;
            if Moderate::allows(&cx.viewer.roles) {
                let count = flagged_count(tx).await?;
                let items = match count {
                    0 => vec![],
                    _ => repo::flagged_items(tx, tz).await?,
                };
                tasks.extend(
                    Task::of(
                        "/admin/moderation",
                        |_| cx.tr.n("staff-task-flagged", count),
                        &items,
                        |q| TaskItem {
                            href: item_path(q.kind, q.id, q.consultation_id),
                            title: plain(excerpt(q.body.lines().next().unwrap_or_default(), 120)),
                            note: cx.tr.n("cons-mod-flags", q.flags),
                        },
                    )
                    // The queue lists 200 at most; the count is the whole queue's.
                    .map(|t| Task { count, ..t }),
                );
            }
            if EditProgramme::allows(&cx.viewer.roles) {
                let ideas = unanswered_ideas(tx, tz).await?;
                tasks.extend(Task::of(
                    "/admin/ideas",
                    |n| cx.tr.n("staff-task-ideas", n),
                    &ideas,
                    |(id, title, sent)| TaskItem {
                        href: format!("/admin/ideas/{id}"),
                        title: plain(title.clone()),
                        note: cx.tr.s("staff-task-sent", &datetime_label(&cx.tr, *sent)),
                    },
                ));
                let now = OffsetDateTime::now_utc();
                let all = repo::all_consultations(tx, tz).await?;
                let opening: Vec<_> = all
                    .iter()
                    .filter(|c| c.opens_at > now && c.opens_at <= now + WEEK)
                    .map(|c| (c, c.opens_local))
                    .collect();
                let closing: Vec<_> = all
                    .iter()
                    .filter(|c| c.opens_at <= now && c.closes_at > now && c.closes_at <= now + WEEK)
                    .map(|c| (c, c.closes_local))
                    .collect();
                for (list, label, when) in [
                    (opening, "staff-task-opening", "staff-task-opens"),
                    (closing, "staff-task-closing", "staff-task-closes"),
                ] {
                    tasks.extend(Task::of(
                        "/admin/consultations",
                        |n| cx.tr.n(label, n),
                        &list,
                        |(c, at)| TaskItem {
                            href: format!("/admin/consultations/{}", c.id),
                            title: Text::of(&c.display_title(), cx.lang),
                            note: cx.tr.s(when, &datetime_label(&cx.tr, *at)),
                        },
                    ));
                }
            }
            Ok(tasks)
        })
    }
}

/// A citizen's text: shown as written, in whatever language it is.
fn plain(text: String) -> Text {
    Text {
        text,
        fallback: None,
    }
}

/// The contributions readers flagged that are still shown (the queue's length).
async fn flagged_count(tx: &mut TenantTx) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(distinct (f.item_kind, f.item_id)) as "n!"
             from flags f
             left join comments c on f.item_kind = 'comment' and c.id = f.item_id
             left join ideas i on f.item_kind = 'idea' and i.id = f.item_id
            where coalesce(c.hidden_at, i.hidden_at) is null and coalesce(c.id, i.id) is not null"#
    )
    .fetch_one(tx.conn())
    .await
}

/// Ideas still submitted (neither accepted nor merged), shown, and without
/// an official answer: the oldest first, with when they were sent (local).
async fn unanswered_ideas(
    tx: &mut TenantTx,
    time_zone: &str,
) -> Result<Vec<(Uuid, String, time::PrimitiveDateTime)>, sqlx::Error> {
    let kind = ItemKind::Idea.as_str();
    let rows = sqlx::query!(
        r#"select i.id, i.title, (i.created_at at time zone $1) as "sent!"
             from ideas i
            where i.status = 'submitted' and i.hidden_at is null
              and not exists (select 1 from official_answers o where o.item_kind = $2 and o.item_id = i.id)
            order by i.created_at"#,
        time_zone,
        kind
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.title, r.sent)).collect())
}
