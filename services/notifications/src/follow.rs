//! What citizens follow and what they are told: follows of a project or of
//! the whole programme, each person's delivery preference (immediate, daily
//! or weekly digest, off), the in-app list of notifications, and the fan-out
//! that turns one event into at most one notification per person.
//!
//! The fan-out runs in the caller's transaction, as one set-based statement:
//! the event is recorded (`notification_events`: a second fan-out of the
//! same key does nothing), one in-app row is written per follower
//! (`unique (tenant_id, account_id, event_key)`), and the followers who want
//! e-mail at once get an outbox row (`unique (tenant_id, dedupe_key,
//! recipient)`). Deleted and unverified accounts are skipped.
//!
//! This module reads two tables of plans, `projects` and `programmes`, and
//! only for one thing: whether the subject is published (a draft's news must
//! not reach citizens) and its titles. Notifications cannot call plans (plans
//! calls notifications for its progress and adoption events), so that check
//! is the one place where this service reads another's table.

use infitah_platform::db::TenantTx;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

/// What can be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Programme(Uuid),
    Project(Uuid),
}

impl Subject {
    /// `programme` or `project`, as stored in `follows.kind`.
    pub fn kind(self) -> &'static str {
        match self {
            Subject::Programme(_) => "programme",
            Subject::Project(_) => "project",
        }
    }
    pub fn id(self) -> Uuid {
        match self {
            Subject::Programme(id) | Subject::Project(id) => id,
        }
    }
    /// From the form's `kind` and `id` fields.
    pub fn parse(kind: &str, id: Uuid) -> Option<Subject> {
        match kind {
            "programme" => Some(Subject::Programme(id)),
            "project" => Some(Subject::Project(id)),
            _ => None,
        }
    }
    /// The public page of the subject on its collectivity's site.
    pub fn path(self) -> String {
        match self {
            Subject::Programme(_) => "/".into(),
            Subject::Project(id) => format!("/projects/{id}"),
        }
    }
}

/// The kinds of event citizens are told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    ConsultationOpened,
    ConsultationClosing,
    OfficialAnswer,
    ProgressChanged,
    ProgrammeAdopted,
}

impl EventKind {
    pub const ALL: [EventKind; 5] = [
        EventKind::ConsultationOpened,
        EventKind::ConsultationClosing,
        EventKind::OfficialAnswer,
        EventKind::ProgressChanged,
        EventKind::ProgrammeAdopted,
    ];
    /// As stored in `notifications.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ConsultationOpened => "consultation_opened",
            EventKind::ConsultationClosing => "consultation_closing",
            EventKind::OfficialAnswer => "official_answer",
            EventKind::ProgressChanged => "progress_changed",
            EventKind::ProgrammeAdopted => "programme_adopted",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One event. `key` identifies it: the same key never reaches the same
/// person twice (e.g. `answer:<answer id>`, `progress:<event id>`).
///
/// `payload` is what the e-mail and the in-app entry show; every field is
/// optional but `path`:
///
/// | field | meaning |
/// |---|---|
/// | `path` | a local path on the collectivity's site (`/projects/<id>`); defaults to the subject's page |
/// | `title_ar`, `title_fr` | what the event is about (the consultation, the project, the programme, the idea); default: the subject's titles |
/// | `closes_at` | consultations: the closing instant, local time, `YYYY-MM-DD HH:MM` |
/// | `activity_ar`, `activity_fr`, `old`, `new` | progress: the activity and its completion before and after (0–100) |
/// | `decided_on` | adoption: the council's date, `YYYY-MM-DD` |
/// | `excerpt`, `answer` | official answers: the beginning of the author's contribution, and the answer (plain text) |
///
/// Text in the payload is shown as text, never as HTML.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    pub key: String,
    pub kind: EventKind,
    /// What the e-mail and the in-app entry show: titles in ar/fr, a path on the collectivity's site, …
    pub payload: serde_json::Value,
}

impl Event {
    /// A progress change of an activity (`progress_events.id`), told to the
    /// project's followers and its programme's.
    pub fn progress_changed(
        progress_event: Uuid,
        activity_ar: Option<&str>,
        activity_fr: Option<&str>,
        old: i16,
        new: i16,
    ) -> Event {
        Event {
            key: format!("progress:{progress_event}"),
            kind: EventKind::ProgressChanged,
            payload: json!({
                "activity_ar": activity_ar, "activity_fr": activity_fr,
                "old": old, "new": new,
            }),
        }
    }

    /// The council adopted the programme (its decision is keyed by the programme).
    pub fn programme_adopted(programme: Uuid, decided_on: time::Date) -> Event {
        Event {
            key: format!("adopted:{programme}"),
            kind: EventKind::ProgrammeAdopted,
            payload: json!({ "decided_on": iso_date(decided_on) }),
        }
    }

    /// The collectivity answered a comment or an idea: told to its author
    /// with [`notify_account`]. `path` leads to the answer; `title_*` name
    /// what was answered (the consultation or the idea); `excerpt` is the
    /// beginning of the author's contribution, `answer` the answer itself.
    pub fn official_answer(
        answer_id: Uuid,
        path: &str,
        title_ar: Option<&str>,
        title_fr: Option<&str>,
        excerpt: &str,
        answer: &str,
    ) -> Event {
        Event {
            key: format!("answer:{answer_id}"),
            kind: EventKind::OfficialAnswer,
            payload: json!({
                "path": path, "title_ar": title_ar, "title_fr": title_fr,
                "excerpt": clip_chars(excerpt, 200), "answer": answer,
            }),
        }
    }

    /// The payload as an object, without null fields (so that a default can fill them).
    fn object(&self) -> Value {
        match &self.payload {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            _ => json!({}),
        }
    }
}

fn iso_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// At most `max` characters, with an ellipsis when cut.
pub fn clip_chars(s: &str, max: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_owned(),
    }
}

/// Tells every follower of `subject` (a project's followers and the
/// programme's), in the caller's transaction. Returns how many people.
///
/// Nothing happens when the public may not see the subject (migration
/// 0012's rule: a project published in a draft programme is not seen), or when an event of
/// the same key was fanned out before. Followers whose preference is
/// `immediate` get an e-mail (`MailKind::Notification`) through the outbox;
/// `daily`/`weekly` wait for their digest; `off` only see it in the app.
pub async fn notify_followers(
    tx: &mut TenantTx,
    subject: Subject,
    event: &Event,
) -> Result<u64, sqlx::Error> {
    let tenant = tx.tenant().0;
    let row = sqlx::query!(
        r#"with subject as (
               select s.kind, s.id, s.programme_id, s.title_ar, s.title_fr
                 from plan_subjects s
                where s.kind = $5::text and s.tenant_id = $1 and s.id = $6 and s.public
           ), ev as (
               -- Recorded only when the subject is visible: a draft's event is not spent.
               insert into notification_events (tenant_id, event_key)
               select $1, $2 where exists (select 1 from subject)
               on conflict do nothing
               returning event_key
           ), payload as (
               select jsonb_strip_nulls(jsonb_build_object('title_ar', s.title_ar, 'title_fr', s.title_fr,
                                                           'path', $7::text))
                      || $4::jsonb as p
                 from subject s
           ), who as (
               -- One row per person: by the project's follow when there is one
               -- ('project' sorts after 'programme'), else by the programme's.
               select distinct on (f.account_id) f.account_id, f.kind || ':' || f.subject_id as list
                 from follows f, subject s
                where f.tenant_id = $1
                  and ((f.kind = 'project' and s.kind = 'project' and f.subject_id = s.id)
                    or (f.kind = 'programme' and f.subject_id = s.programme_id))
                order by f.account_id, f.kind desc
           ), ins as (
               insert into notifications (tenant_id, id, account_id, event_key, kind, payload, mail)
               select $1, gen_random_uuid(), a.id, $2, $3::text, pl.p,
                      case coalesce(np.delivery, 'immediate')
                          when 'immediate' then 'immediate' when 'off' then 'none' else 'pending' end
                 from ev, payload pl, who w
                 join mail_recipients a on a.tenant_id = $1 and a.id = w.account_id
                 left join notification_prefs np on np.tenant_id = $1 and np.account_id = w.account_id
               on conflict (tenant_id, account_id, event_key) do nothing
               returning account_id, mail
           ), mailed as (
               insert into outbox (tenant_id, id, dedupe_key, recipient, lang, kind, payload)
               select $1, gen_random_uuid(), $2, a.email, a.lang, 'notification', pl.p
                      || jsonb_build_object('event', $3::text, 'name', a.display_name,
                                            'account', a.id, 'list', w.list)
                 from ins
                 join who w on w.account_id = ins.account_id
                 join mail_recipients a on a.tenant_id = $1 and a.id = ins.account_id
                 cross join payload pl
                where ins.mail = 'immediate'
               on conflict (tenant_id, dedupe_key, recipient) do nothing
               returning 1
           )
           select (select count(*) from ins) as "notified!", (select count(*) from mailed) as "mailed!""#,
        tenant,
        event.key,
        event.kind.as_str(),
        event.object(),
        subject.kind(),
        subject.id(),
        subject.path(),
    )
    .fetch_one(tx.conn())
    .await?;
    let _ = row.mailed;
    Ok(row.notified as u64)
}

/// Tells one person (the author of a comment that was answered), in the
/// caller's transaction, whatever they follow: by e-mail at once, in their
/// next digest, or only in the app when their preference is off. Returns
/// false when the account is deleted or unverified, or already had this event.
pub async fn notify_account(
    tx: &mut TenantTx,
    account_id: Uuid,
    event: &Event,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant().0;
    let row = sqlx::query!(
        r#"with ins as (
               insert into notifications (tenant_id, id, account_id, event_key, kind, payload, mail)
               select $1, gen_random_uuid(), a.id, $3, $4::text, $5::jsonb,
                      case coalesce(np.delivery, 'immediate')
                          when 'immediate' then 'immediate' when 'off' then 'none' else 'pending' end
                 from mail_recipients a
                 left join notification_prefs np on np.tenant_id = $1 and np.account_id = a.id
                where a.tenant_id = $1 and a.id = $2
               on conflict (tenant_id, account_id, event_key) do nothing
               returning account_id, mail
           ), mailed as (
               insert into outbox (tenant_id, id, dedupe_key, recipient, lang, kind, payload)
               select $1, gen_random_uuid(), $3, a.email, a.lang, 'notification', $5::jsonb
                      || jsonb_build_object('event', $4::text, 'name', a.display_name,
                                            'account', a.id, 'list', 'all')
                 from ins join mail_recipients a on a.tenant_id = $1 and a.id = ins.account_id
                where ins.mail = 'immediate'
               on conflict (tenant_id, dedupe_key, recipient) do nothing
               returning 1
           )
           select (select count(*) from ins) as "notified!""#,
        tenant,
        account_id,
        event.key,
        event.kind.as_str(),
        event.object(),
    )
    .fetch_one(tx.conn())
    .await?;
    Ok(row.notified == 1)
}

/// Whether the subject exists in this collectivity and the public may see
/// it (the rule of migration 0012): what following it requires.
pub async fn visible(tx: &mut TenantTx, subject: Subject) -> Result<bool, sqlx::Error> {
    let id = subject.id();
    let found = match subject {
        Subject::Project(_) => sqlx::query_scalar!(
            r#"select exists(select 1 from project_visibility where id = $1 and public) as "e!""#,
            id
        )
        .fetch_one(tx.conn())
        .await?,
        Subject::Programme(_) => sqlx::query_scalar!(
            r#"select exists(select 1 from programme_visibility where id = $1 and public) as "e!""#,
            id
        )
        .fetch_one(tx.conn())
        .await?,
    };
    Ok(found)
}

/// Follows a published subject. Returns false when there is no such
/// published subject in this collectivity (nothing is written then).
pub async fn follow(
    tx: &mut TenantTx,
    account_id: Uuid,
    subject: Subject,
) -> Result<bool, sqlx::Error> {
    if !visible(tx, subject).await? {
        return Ok(false);
    }
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into follows (tenant_id, account_id, kind, subject_id) values ($1, $2, $3, $4)
         on conflict do nothing",
        tenant,
        account_id,
        subject.kind(),
        subject.id(),
    )
    .execute(tx.conn())
    .await?;
    Ok(true)
}

/// Stops following. Returns whether there was such a follow.
pub async fn unfollow(
    tx: &mut TenantTx,
    account_id: Uuid,
    subject: Subject,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "delete from follows where account_id = $1 and kind = $2 and subject_id = $3",
        account_id,
        subject.kind(),
        subject.id(),
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn is_following(
    tx: &mut TenantTx,
    account_id: Uuid,
    subject: Subject,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from follows where account_id = $1 and kind = $2 and subject_id = $3) as "e!""#,
        account_id,
        subject.kind(),
        subject.id(),
    )
    .fetch_one(tx.conn())
    .await
}

/// One follow, with what the preferences page shows of it.
#[derive(Debug, Clone)]
pub struct Followed {
    pub subject: Subject,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
}

/// What this person follows, programme first.
pub async fn follows_of(tx: &mut TenantTx, account_id: Uuid) -> Result<Vec<Followed>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select f.kind, f.subject_id,
                  s.title_ar, s.title_fr
             from follows f
             left join plan_subjects s on s.tenant_id = f.tenant_id and s.kind = f.kind and s.id = f.subject_id
            where f.account_id = $1
            order by f.kind = 'project', f.created_at"#,
        account_id
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Followed {
                subject: Subject::parse(&r.kind, r.subject_id)?,
                title_ar: r.title_ar,
                title_fr: r.title_fr,
            })
        })
        .collect())
}

/// The subject's title in `lang` (the other language when it has none in
/// this one), for the unsubscribe page; empty when it is gone.
pub async fn subject_title(
    tx: &mut TenantTx,
    subject: Subject,
    lang: infitah_platform::i18n::Lang,
) -> Result<String, sqlx::Error> {
    let row = sqlx::query!(
        "select title_ar, title_fr from plan_subjects where kind = $1 and id = $2",
        subject.kind(),
        subject.id()
    )
    .fetch_optional(tx.conn())
    .await?
    .map(|r| (r.title_ar, r.title_fr));
    let (ar, fr) = row.unwrap_or_default();
    Ok(crate::render::pick(
        lang,
        &json!({ "title_ar": ar, "title_fr": fr }),
        "title",
    ))
}
