//! What the worker does because time passed rather than because someone
//! asked: consultations that opened, or close within 48 hours, are told to
//! their followers; daily and weekly digests are built.
//!
//! Both run one collectivity at a time, in a [`TenantTx`] opened by the
//! worker's role (`infitah_worker`, whose grants in migration 0006 are
//! column by column and whose rows are held to that collectivity by the same
//! tenant_isolation policies as the application's). Both are idempotent:
//! a consultation event is recorded in `notification_events` by the fan-out,
//! so a rescan finds it done; a digest marks its notifications with its id
//! in the transaction that queues its e-mail, so nothing is mailed twice and
//! nothing is lost. They take `now` so that tests need not wait.
//!
//! Digest periods are the collectivity's local time: a daily digest takes
//! what arrived before the last `digest_hour` o'clock, a weekly one what
//! arrived before the last `digest_weekday` at that hour. A digest covers one
//! collectivity, accounts being per collectivity.

use std::time::Duration;

use infitah_platform::{config::Settings, db::TenantTx, i18n::Lang, types::TenantId};
use serde_json::{Value, json};
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    follow::{self, Event, EventKind, Subject},
    outbox::{self, Mail, MailKind},
};

/// When the periodic work happens.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// How often the worker scans consultations and builds due digests.
    pub every: Duration,
    /// Local hour (0–23) at which daily and weekly periods end.
    pub digest_hour: u8,
    /// ISO day of the week (1 = Monday … 7 = Sunday) on which weekly periods end.
    pub digest_weekday: u8,
    /// How long before its close a consultation is "closing".
    pub closing_window: Duration,
    /// Entries listed in one digest; the rest are counted, and on the in-app list.
    pub digest_max_items: usize,
}

impl Schedule {
    pub fn from_settings(s: &Settings) -> Self {
        if weekday_number(&s.digest_weekday).is_none() || s.digest_hour > 23 {
            tracing::warn!(
                "digest_weekday must be monday … sunday and digest_hour 0–23; using monday and at most 23"
            );
        }
        Schedule {
            every: Duration::from_secs(s.notify_scan_secs.max(1)),
            digest_hour: s.digest_hour.min(23),
            digest_weekday: weekday_number(&s.digest_weekday).unwrap_or(1),
            closing_window: Duration::from_secs(s.consultation_closing_hours * 3600),
            digest_max_items: 50,
        }
    }
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            every: Duration::from_secs(60),
            digest_hour: 7,
            digest_weekday: 1,
            closing_window: Duration::from_secs(48 * 3600),
            digest_max_items: 50,
        }
    }
}

/// 1 for "monday" … 7 for "sunday".
pub fn weekday_number(s: &str) -> Option<u8> {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let s = s.trim().to_ascii_lowercase();
    DAYS.iter().position(|d| *d == s).map(|i| i as u8 + 1)
}

/// Tells followers of consultations that opened, or that close within the
/// window, in every collectivity. Returns how many people were notified.
/// A collectivity that fails is logged and left for the next scan.
pub async fn run_scans(
    pool: &PgPool,
    now: OffsetDateTime,
    schedule: &Schedule,
) -> Result<u64, sqlx::Error> {
    let mut told = 0;
    for (tenant, tz) in infitah_platform::registry::active_time_zones(pool).await? {
        match scan_tenant(pool, tenant, &tz, now, schedule).await {
            Ok(n) => told += n,
            Err(e) => {
                tracing::warn!(tenant_id = %tenant.0, error = %e, "consultation scan failed; next scan retries")
            }
        }
    }
    Ok(told)
}

async fn scan_tenant(
    pool: &PgPool,
    tenant: TenantId,
    tz: &str,
    now: OffsetDateTime,
    schedule: &Schedule,
) -> Result<u64, sqlx::Error> {
    let mut tx = TenantTx::begin(pool, tenant).await?;
    let due = sqlx::query!(
        r#"select c.id as "id!", c.programme_id as "programme_id!", c.project_id, c.title_ar, c.title_fr,
                  to_char(c.closes_at at time zone $3, 'YYYY-MM-DD HH24:MI') as "closes!",
                  c.closes_at <= $1::timestamptz + make_interval(secs => $2) as "closing!",
                  exists(select 1 from notification_events e
                          where e.event_key = 'consultation-opened:' || c.id) as "opened_done!",
                  exists(select 1 from notification_events e
                          where e.event_key = 'consultation-closing:' || c.id) as "closing_done!"
             from public_consultations c
            where c.opens_at <= $1 and c.closes_at > $1
            order by c.opens_at, c.id"#,
        now,
        schedule.closing_window.as_secs_f64(),
        tz,
    )
    .fetch_all(tx.conn())
    .await?;
    let mut told = 0;
    for c in due {
        let subject = match c.project_id {
            Some(p) => Subject::Project(p),
            None => Subject::Programme(c.programme_id),
        };
        let payload = json!({
            "title_ar": c.title_ar, "title_fr": c.title_fr,
            "closes_at": c.closes, "path": format!("/consultations/{}", c.id),
        });
        let mut events = vec![];
        if !c.opened_done {
            events.push(Event {
                key: format!("consultation-opened:{}", c.id),
                kind: EventKind::ConsultationOpened,
                payload: payload.clone(),
            });
        }
        if c.closing && !c.closing_done {
            events.push(Event {
                key: format!("consultation-closing:{}", c.id),
                kind: EventKind::ConsultationClosing,
                payload,
            });
        }
        for e in events {
            told += follow::notify_followers(&mut tx, subject, &e).await?;
        }
    }
    tx.commit().await?;
    Ok(told)
}

/// Builds the digests that are due in every collectivity: one e-mail per
/// person and period, listing what waited for it. Returns how many were queued.
pub async fn run_digests(
    pool: &PgPool,
    now: OffsetDateTime,
    schedule: &Schedule,
) -> Result<u64, sqlx::Error> {
    let mut queued = 0;
    for (tenant, tz) in infitah_platform::registry::active_time_zones(pool).await? {
        match digest_tenant(pool, tenant, &tz, now, schedule).await {
            Ok(n) => queued += n,
            Err(e) => {
                tracing::warn!(tenant_id = %tenant.0, error = %e, "digests failed; next run retries")
            }
        }
    }
    Ok(queued)
}

async fn digest_tenant(
    pool: &PgPool,
    tenant: TenantId,
    tz: &str,
    now: OffsetDateTime,
    schedule: &Schedule,
) -> Result<u64, sqlx::Error> {
    let mut tx = TenantTx::begin(pool, tenant).await?;
    // The ends of the current daily and weekly periods, in local time.
    let bounds = sqlx::query!(
        r#"select (case when d <= l then d else d - interval '1 day' end) at time zone $2 as "daily!",
                  (case when w <= l then w else w - interval '7 days' end) at time zone $2 as "weekly!"
             from (select $1::timestamptz at time zone $2 as l) x,
                  lateral (select date_trunc('day', x.l) + make_interval(hours => $3) as d,
                                  date_trunc('week', x.l) + make_interval(days => $4 - 1, hours => $3) as w) y"#,
        now,
        tz,
        i32::from(schedule.digest_hour),
        i32::from(schedule.digest_weekday),
    )
    .fetch_one(tx.conn())
    .await?;
    // Pending entries of people who turned e-mail off since will never be mailed.
    sqlx::query!(
        "update notifications n set mail = 'none'
           from notification_prefs p
          where n.mail = 'pending' and p.tenant_id = n.tenant_id and p.account_id = n.account_id
            and p.delivery = 'off'"
    )
    .execute(tx.conn())
    .await?;
    // Who has something due: daily and weekly people at their period's end;
    // people who went back to immediate, at once.
    let due = sqlx::query!(
        r#"select n.account_id, coalesce(p.delivery, 'immediate') as "delivery!"
             from notifications n
             left join notification_prefs p on p.tenant_id = n.tenant_id and p.account_id = n.account_id
            where n.mail = 'pending'
              and n.created_at < case coalesce(p.delivery, 'immediate')
                                     when 'daily' then $1::timestamptz when 'weekly' then $2::timestamptz
                                     else $3::timestamptz end
            group by 1, 2"#,
        bounds.daily,
        bounds.weekly,
        now,
    )
    .fetch_all(tx.conn())
    .await?;
    let mut queued = 0;
    for row in due {
        let (period, bound) = match row.delivery.as_str() {
            "weekly" => ("weekly", bounds.weekly),
            "daily" => ("daily", bounds.daily),
            _ => ("daily", now),
        };
        if digest_one(&mut tx, row.account_id, period, bound, schedule).await? {
            queued += 1;
        }
    }
    tx.commit().await?;
    Ok(queued)
}

/// Takes this person's pending entries from before `bound` into one digest
/// and queues its e-mail, in the caller's transaction.
async fn digest_one(
    tx: &mut TenantTx,
    account: Uuid,
    period: &str,
    bound: OffsetDateTime,
    schedule: &Schedule,
) -> Result<bool, sqlx::Error> {
    let digest = Uuid::now_v7();
    // One statement claims the entries: a concurrent run finds them taken.
    let entries = sqlx::query!(
        r#"update notifications set mail = 'digest', digest_id = $2
            where account_id = $1 and mail = 'pending' and created_at < $3
        returning kind, payload, created_at"#,
        account,
        digest,
        bound,
    )
    .fetch_all(tx.conn())
    .await?;
    if entries.is_empty() {
        return Ok(false);
    }
    let person = sqlx::query!(
        r#"select email, lang as "lang!", display_name from mail_recipients where id = $1"#,
        account
    )
    .fetch_optional(tx.conn())
    .await?;
    let Some((Some(email), lang, name)) = person.map(|p| (p.email, p.lang, p.display_name)) else {
        // Nobody to mail any more: the entries stay on the in-app list only.
        sqlx::query!(
            "update notifications set mail = 'none', digest_id = null where digest_id = $1",
            digest
        )
        .execute(tx.conn())
        .await?;
        return Ok(false);
    };
    let mut entries = entries;
    entries.sort_by_key(|e| e.created_at);
    let total = entries.len();
    let items: Vec<Value> = entries
        .into_iter()
        .take(schedule.digest_max_items)
        .filter(|e| EventKind::parse(&e.kind).is_some())
        .map(|e| {
            let mut item = match e.payload {
                Value::Object(m) => m,
                _ => Default::default(),
            };
            item.insert("event".into(), Value::String(e.kind));
            Value::Object(item)
        })
        .collect();
    let more = total - items.len();
    outbox::enqueue(
        tx,
        Mail {
            dedupe_key: format!("digest:{digest}"),
            recipient: &email,
            lang: Lang::parse(&lang).unwrap_or(Lang::Fr),
            kind: MailKind::Digest,
            payload: json!({
                "name": name, "account": account, "list": "all",
                "period": period, "items": items, "more": more,
            }),
        },
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_are_iso_numbers() {
        assert_eq!(weekday_number("Monday"), Some(1));
        assert_eq!(weekday_number(" sunday "), Some(7));
        assert_eq!(weekday_number("lundi"), None);
    }
}
