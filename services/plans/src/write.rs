//! Changes to a programme, each in the caller's tenant transaction, each
//! bumping the collectivity's content version (so cached pages are redrawn on
//! the next read). Concurrent edits never overwrite each other silently: a
//! change carries the version it was based on, and a stale one is refused.

use infitah_platform::db::TenantTx;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::model::Bilingual;

/// Why a change was refused.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("not found")]
    NotFound,
    #[error("changed by someone else since the form was loaded")]
    Stale,
    #[error("the programme was approved; its adopted version cannot change")]
    Frozen,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A percentage 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent(i16);

impl Percent {
    pub fn parse(s: &str) -> Option<Percent> {
        s.trim()
            .trim_end_matches('%')
            .trim()
            .parse::<i16>()
            .ok()
            .filter(|v| (0..=100).contains(v))
            .map(Percent)
    }
    pub fn new(v: i16) -> Option<Percent> {
        (0..=100).contains(&v).then_some(Percent(v))
    }
    pub fn get(self) -> i16 {
        self.0
    }
}

/// A month, "2024-10", stored as its first day.
pub fn parse_month(s: &str) -> Option<Date> {
    let (y, m) = s.trim().split_once('-')?;
    let (y, m): (i32, u8) = (y.parse().ok()?, m.parse().ok()?);
    if !infitah_platform::text::YEARS.contains(&y) {
        return None;
    }
    Date::from_calendar_date(y, time::Month::try_from(m).ok()?, 1).ok()
}

/// A new completion of an activity, with what the editor says of it.
pub struct Progress<'a> {
    pub completion: Percent,
    pub note: Option<&'a str>,
    /// An https link to the evidence.
    pub evidence: Option<&'a str>,
    /// When the change was made, for a history entered after the fact (the
    /// demo's); None: now.
    pub at: Option<OffsetDateTime>,
}

/// Who makes a change, as the public history names them.
pub struct Actor<'a> {
    pub id: Uuid,
    pub name: &'a str,
}

/// Sets an activity's completion, with the note and evidence, and keeps the
/// change in the public history. `expected_version` is the version the editor saw.
pub async fn set_progress(
    tx: &mut TenantTx,
    activity: Uuid,
    expected_version: i32,
    progress: Progress<'_>,
    by: Actor<'_>,
) -> Result<(), WriteError> {
    let Progress {
        completion,
        note,
        evidence,
        at,
    } = progress;
    let (actor, actor_name) = (by.id, by.name);
    let row = sqlx::query!(
        "select project_id, completion, version, title_ar, title_fr from activities where id = $1 for update",
        activity
    )
    .fetch_optional(tx.conn())
    .await?
    .ok_or(WriteError::NotFound)?;
    if row.version != expected_version {
        return Err(WriteError::Stale);
    }
    sqlx::query!(
        "update activities set completion = $2, version = version + 1 where id = $1",
        activity,
        completion.get()
    )
    .execute(tx.conn())
    .await?;
    let tenant = tx.tenant().0;
    let event_id = Uuid::now_v7();
    sqlx::query!(
        "insert into progress_events (tenant_id, id, project_id, activity_id, actor_id, actor_name, old_value, new_value, note, evidence_url, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11, now()))",
        tenant,
        event_id,
        row.project_id,
        activity,
        actor,
        actor_name,
        row.completion,
        completion.get(),
        note,
        evidence,
        at
    )
    .execute(tx.conn())
    .await?;
    // The project's followers (and its programme's) are told, in this transaction.
    use infitah_notifications::follow::{Event, Subject, notify_followers};
    let event = Event::progress_changed(
        event_id,
        row.title_ar.as_deref(),
        row.title_fr.as_deref(),
        row.completion,
        completion.get(),
    );
    if row.completion != completion.get() {
        notify_followers(tx, Subject::Project(row.project_id), &event).await?;
    }
    infitah_platform::content::bump(tx).await?;
    Ok(())
}

/// The card's fields an editor changes together.
pub struct CardFields {
    pub title: Bilingual,
    pub problem_category: Option<String>,
    pub problems: Vec<Bilingual>,
    pub solutions: Vec<Bilingual>,
    pub results: Vec<Bilingual>,
    pub pillars: Vec<String>,
    pub outcomes: Vec<String>,
    /// None: not stated; Some: an amount in dirhams (validated, as text).
    pub budget_mad: Option<String>,
}

/// A new programme: its years, its title, and whether the public sees it.
pub struct NewProgramme<'a> {
    pub period: (i16, i16),
    pub title: &'a Bilingual,
    pub published: bool,
}

pub async fn create_programme(tx: &mut TenantTx, p: &NewProgramme<'_>) -> Result<Uuid, WriteError> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into programmes (tenant_id, id, period_start, period_end, title_ar, title_fr, published)
         values ($1, $2, $3, $4, $5, $6, $7)",
        tenant,
        id,
        p.period.0,
        p.period.1,
        p.title.ar,
        p.title.fr,
        p.published
    )
    .execute(tx.conn())
    .await?;
    infitah_platform::content::bump(tx).await?;
    Ok(id)
}

pub async fn create_project(
    tx: &mut TenantTx,
    programme: Uuid,
    title: &Bilingual,
) -> Result<Uuid, WriteError> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into projects (tenant_id, id, programme_id, title_ar, title_fr, position)
         values ($1, $2, $3, $4, $5, coalesce((select max(position) + 1 from projects where programme_id = $3), 1))",
        tenant,
        id,
        programme,
        title.ar,
        title.fr
    )
    .execute(tx.conn())
    .await?;
    infitah_platform::content::bump(tx).await?;
    Ok(id)
}

/// Replaces the card's fields, if nobody changed the project meanwhile.
pub async fn save_card(
    tx: &mut TenantTx,
    project: Uuid,
    expected_version: i32,
    f: &CardFields,
) -> Result<(), WriteError> {
    let done = sqlx::query!(
        "update projects set title_ar = $3, title_fr = $4, problem_category = $5,
                budget_stated = $6, budget_mad = $7::text::numeric, version = version + 1, updated_at = now()
          where id = $1 and version = $2",
        project,
        expected_version,
        f.title.ar,
        f.title.fr,
        f.problem_category,
        f.budget_mad.is_some(),
        f.budget_mad
    )
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        let exists = sqlx::query_scalar!("select 1 as one from projects where id = $1", project)
            .fetch_optional(tx.conn())
            .await?;
        return Err(if exists.is_some() {
            WriteError::Stale
        } else {
            WriteError::NotFound
        });
    }
    let tenant = tx.tenant().0;
    sqlx::query!("delete from project_items where project_id = $1", project)
        .execute(tx.conn())
        .await?;
    for (kind, items) in [
        ("problem", &f.problems),
        ("solution", &f.solutions),
        ("result", &f.results),
    ] {
        for (i, item) in items.iter().enumerate() {
            sqlx::query!(
                "insert into project_items (tenant_id, id, project_id, kind, position, text_ar, text_fr) values ($1, $2, $3, $4, $5, $6, $7)",
                tenant,
                Uuid::now_v7(),
                project,
                kind,
                i as i32 + 1,
                item.ar,
                item.fr
            )
            .execute(tx.conn())
            .await?;
        }
    }
    sqlx::query!("delete from project_pillars where project_id = $1", project)
        .execute(tx.conn())
        .await?;
    sqlx::query!(
        "insert into project_pillars (tenant_id, project_id, pillar) select $1, $2, unnest($3::text[])",
        tenant,
        project,
        &f.pillars
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "delete from project_outcomes where project_id = $1",
        project
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "insert into project_outcomes (tenant_id, project_id, outcome) select $1, $2, unnest($3::text[])",
        tenant,
        project,
        &f.outcomes
    )
    .execute(tx.conn())
    .await?;
    infitah_platform::content::bump(tx).await?;
    Ok(())
}

/// Publishes or withdraws a project; `at` is when it was first published,
/// for a card entered after the fact (None: now; a republished project keeps
/// its first date).
pub async fn set_published(
    tx: &mut TenantTx,
    project: Uuid,
    published: bool,
    at: Option<OffsetDateTime>,
) -> Result<(), WriteError> {
    let done = sqlx::query!(
        "update projects set published = $2, published_at = case when $2 then coalesce(published_at, $3, now()) end,
                version = version + 1, updated_at = now() where id = $1",
        project,
        published,
        at
    )
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(WriteError::NotFound);
    }
    infitah_platform::content::bump(tx).await?;
    Ok(())
}

pub async fn add_activity(
    tx: &mut TenantTx,
    project: Uuid,
    title: &Bilingual,
    start: Date,
    end: Date,
) -> Result<Uuid, WriteError> {
    let exists = sqlx::query_scalar!("select 1 as one from projects where id = $1", project)
        .fetch_optional(tx.conn())
        .await?;
    if exists.is_none() {
        return Err(WriteError::NotFound);
    }
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into activities (tenant_id, id, project_id, position, title_ar, title_fr, start_month, end_month)
         values ($1, $2, $3, coalesce((select max(position) + 1 from activities where project_id = $3), 1), $4, $5, $6, $7)",
        tenant,
        id,
        project,
        title.ar,
        title.fr,
        start,
        end
    )
    .execute(tx.conn())
    .await?;
    infitah_platform::content::bump(tx).await?;
    Ok(id)
}

pub async fn add_indicator(
    tx: &mut TenantTx,
    project: Uuid,
    name: &Bilingual,
    unit: Option<&str>,
    baseline: Option<&str>,
    target: Option<&str>,
) -> Result<Uuid, WriteError> {
    let exists = sqlx::query_scalar!("select 1 as one from projects where id = $1", project)
        .fetch_optional(tx.conn())
        .await?;
    if exists.is_none() {
        return Err(WriteError::NotFound);
    }
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into indicators (tenant_id, id, project_id, position, name_ar, name_fr, unit, baseline, target)
         values ($1, $2, $3, coalesce((select max(position) + 1 from indicators where project_id = $3), 1), $4, $5, $6,
                 $7::text::numeric, $8::text::numeric)",
        tenant,
        id,
        project,
        name.ar,
        name.fr,
        unit,
        baseline,
        target
    )
    .execute(tx.conn())
    .await?;
    infitah_platform::content::bump(tx).await?;
    Ok(id)
}

/// What the council decided, as the decision's record says it.
pub struct NewDecision<'a> {
    pub decided_on: Date,
    /// The session it was taken in ("ordinary session of July 2021").
    pub session_ref: &'a str,
    /// For, against, abstaining.
    pub votes: (i32, i32, i32),
    pub text: &'a Bilingual,
}

/// The council's decision: recorded once, with the programme frozen as adopted.
pub async fn record_decision(
    tx: &mut TenantTx,
    programme: Uuid,
    decision: &NewDecision<'_>,
    snapshot: serde_json::Value,
    by: Uuid,
) -> Result<(), WriteError> {
    let NewDecision {
        decided_on,
        session_ref,
        votes,
        text,
    } = *decision;
    let tenant = tx.tenant().0;
    let done = sqlx::query!(
        "insert into council_decisions (tenant_id, programme_id, decided_on, session_ref, votes_for, votes_against,
                                        votes_abstain, text_ar, text_fr, snapshot, recorded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict do nothing",
        tenant,
        programme,
        decided_on,
        session_ref,
        votes.0,
        votes.1,
        votes.2,
        text.ar,
        text.fr,
        snapshot,
        by
    )
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(WriteError::Frozen);
    }
    // The programme's followers are told, in this transaction.
    use infitah_notifications::follow::{Event, Subject, notify_followers};
    let event = Event::programme_adopted(programme, decided_on);
    notify_followers(tx, Subject::Programme(programme), &event).await?;
    infitah_platform::content::bump(tx).await?;
    Ok(())
}

/// A stage's four dates, as an editor sets them.
pub struct StageDates {
    pub stage: &'static str,
    pub planned_start: Option<Date>,
    pub planned_end: Option<Date>,
    pub actual_start: Option<Date>,
    pub actual_end: Option<Date>,
}

/// Replaces the dates of the programme's stages.
pub async fn save_stages(
    tx: &mut TenantTx,
    programme: Uuid,
    stages: &[StageDates],
) -> Result<(), WriteError> {
    let exists = sqlx::query_scalar!("select 1 as one from programmes where id = $1", programme)
        .fetch_optional(tx.conn())
        .await?;
    if exists.is_none() {
        return Err(WriteError::NotFound);
    }
    let tenant = tx.tenant().0;
    for s in stages {
        sqlx::query!(
            "insert into programme_stages (tenant_id, programme_id, stage, planned_start, planned_end, actual_start, actual_end)
             values ($1, $2, $3, $4, $5, $6, $7)
             on conflict (tenant_id, programme_id, stage) do update
                set planned_start = excluded.planned_start, planned_end = excluded.planned_end,
                    actual_start = excluded.actual_start, actual_end = excluded.actual_end",
            tenant,
            programme,
            s.stage,
            s.planned_start,
            s.planned_end,
            s.actual_start,
            s.actual_end
        )
        .execute(tx.conn())
        .await?;
    }
    infitah_platform::content::bump(tx).await?;
    Ok(())
}

/// Records a measured value of an indicator; `recorded_at` None is now.
pub async fn add_measurement(
    tx: &mut TenantTx,
    indicator: Uuid,
    measured_on: Date,
    value: &str,
    note: Option<&str>,
    by: Uuid,
    recorded_at: Option<OffsetDateTime>,
) -> Result<Uuid, WriteError> {
    let project = sqlx::query_scalar!("select project_id from indicators where id = $1", indicator)
        .fetch_optional(tx.conn())
        .await?
        .ok_or(WriteError::NotFound)?;
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into indicator_measurements (tenant_id, id, indicator_id, measured_on, value, note, recorded_by, recorded_at)
         values ($1, $2, $3, $4, $5::text::numeric, $6, $7, coalesce($8, now()))",
        tenant,
        id,
        indicator,
        measured_on,
        value,
        note,
        by,
        recorded_at
    )
    .execute(tx.conn())
    .await?;
    let _ = project;
    infitah_platform::content::bump(tx).await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_month() {
        assert_eq!(Percent::parse("40").map(Percent::get), Some(40));
        assert_eq!(Percent::parse(" 100 % ").map(Percent::get), Some(100));
        for bad in ["-1", "101", "", "abc", "40.5"] {
            assert!(Percent::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            parse_month("2024-10"),
            Date::from_calendar_date(2024, time::Month::October, 1).ok()
        );
        for bad in ["2024-13", "24-10", "2024/10", "", "1999-01"] {
            assert!(parse_month(bad).is_none(), "{bad}");
        }
    }
}
