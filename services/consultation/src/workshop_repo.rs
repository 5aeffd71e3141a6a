//! The workshops, their attendance and their paper contributions, reached
//! only through a tenant transaction. Paper contributions are rows of
//! `comments` with the workshop set and no author, dated on the workshop's
//! day, so that they count with the online ones everywhere.

use infitah_platform::db::TenantTx;
use time::Date;
use uuid::Uuid;

use crate::workshop_paper::PaperRow;

#[derive(Debug, Clone)]
pub struct Workshop {
    pub id: Uuid,
    pub kind: String,
    pub consultation_id: Option<Uuid>,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub held_on: Date,
    pub place: String,
    pub minutes: String,
    pub attendance: i64,
    pub paper: i64,
    /// Whether the consultation it fed may be seen by the public (migration 0012).
    pub consultation_public: bool,
}

impl Workshop {
    /// The workshop as the public sees it: the consultation it fed, and the
    /// count of what it gave that consultation, only when the public may
    /// see that consultation.
    pub fn for_public(mut self) -> Self {
        if !self.consultation_public {
            self.consultation_id = None;
            self.paper = 0;
        }
        self
    }
}

/// What staff write about a workshop.
pub struct WorkshopFields {
    pub kind: String,
    pub consultation_id: Option<Uuid>,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub held_on: Date,
    pub place: String,
    pub minutes: String,
}

pub async fn list(tx: &mut TenantTx) -> Result<Vec<Workshop>, sqlx::Error> {
    sqlx::query_as!(
        Workshop,
        r#"select w.id, w.kind, w.consultation_id, w.title_ar, w.title_fr, w.held_on, w.place, w.minutes,
                  coalesce((select sum(a.attendees) from workshop_attendance a where a.workshop_id = w.id), 0)::bigint as "attendance!",
                  (select count(*) from comments c where c.workshop_id = w.id and c.shown) as "paper!",
                  coalesce(k.public, false) as "consultation_public!"
             from workshops w left join consultation_visibility k on k.tenant_id = w.tenant_id and k.id = w.consultation_id order by w.held_on desc, w.created_at desc"#
    )
    .fetch_all(tx.conn())
    .await
}

pub async fn get(tx: &mut TenantTx, id: Uuid) -> Result<Option<Workshop>, sqlx::Error> {
    sqlx::query_as!(
        Workshop,
        r#"select w.id, w.kind, w.consultation_id, w.title_ar, w.title_fr, w.held_on, w.place, w.minutes,
                  coalesce((select sum(a.attendees) from workshop_attendance a where a.workshop_id = w.id), 0)::bigint as "attendance!",
                  (select count(*) from comments c where c.workshop_id = w.id and c.shown) as "paper!",
                  coalesce(k.public, false) as "consultation_public!"
             from workshops w left join consultation_visibility k on k.tenant_id = w.tenant_id and k.id = w.consultation_id where w.id = $1"#,
        id
    )
    .fetch_optional(tx.conn())
    .await
}

pub async fn create(
    tx: &mut TenantTx,
    programme: Uuid,
    f: &WorkshopFields,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into workshops (tenant_id, id, programme_id, kind, consultation_id, title_ar, title_fr, held_on, place, minutes)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        tenant,
        id,
        programme,
        f.kind,
        f.consultation_id,
        f.title_ar,
        f.title_fr,
        f.held_on,
        f.place,
        f.minutes
    )
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// Saves a workshop's fields; false when there is no such workshop here.
pub async fn update(tx: &mut TenantTx, id: Uuid, f: &WorkshopFields) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "update workshops set kind = $2, consultation_id = $3, title_ar = $4, title_fr = $5,
                held_on = $6, place = $7, minutes = $8 where id = $1",
        id,
        f.kind,
        f.consultation_id,
        f.title_ar,
        f.title_fr,
        f.held_on,
        f.place,
        f.minutes
    )
    .execute(tx.conn())
    .await?
    .rows_affected()
        == 1)
}

/// (gender, age bracket, attendees) of a workshop.
pub async fn attendance(
    tx: &mut TenantTx,
    id: Uuid,
) -> Result<Vec<(String, String, i32)>, sqlx::Error> {
    Ok(sqlx::query!(
        "select gender, age_bracket, attendees from workshop_attendance where workshop_id = $1",
        id
    )
    .fetch_all(tx.conn())
    .await?
    .into_iter()
    .map(|r| (r.gender, r.age_bracket, r.attendees))
    .collect())
}

/// Replaces a workshop's attendance grid (cells at zero are not stored).
pub async fn set_attendance(
    tx: &mut TenantTx,
    id: Uuid,
    cells: &[(String, String, i32)],
) -> Result<(), sqlx::Error> {
    sqlx::query!("delete from workshop_attendance where workshop_id = $1", id)
        .execute(tx.conn())
        .await?;
    let tenant = tx.tenant().0;
    let kept: Vec<&(String, String, i32)> = cells.iter().filter(|c| c.2 > 0).collect();
    let genders: Vec<String> = kept.iter().map(|c| c.0.clone()).collect();
    let ages: Vec<String> = kept.iter().map(|c| c.1.clone()).collect();
    let counts: Vec<i32> = kept.iter().map(|c| c.2).collect();
    sqlx::query!(
        "insert into workshop_attendance (tenant_id, workshop_id, gender, age_bracket, attendees)
         select $1, $2, g, a, n from unnest($3::text[], $4::text[], $5::int[]) as t(g, a, n)",
        tenant,
        id,
        &genders,
        &ages,
        &counts
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Saves paper contributions of a workshop to its consultation, all or none
/// (the caller's transaction), dated at noon of the workshop's day in the
/// collectivity's time zone. Returns how many were saved.
pub async fn insert_paper(
    tx: &mut TenantTx,
    workshop: &Workshop,
    consultation: Uuid,
    tz: &str,
    rows: &[PaperRow],
) -> Result<u64, sqlx::Error> {
    let tenant = tx.tenant().0;
    let ids: Vec<Uuid> = rows.iter().map(|_| Uuid::now_v7()).collect();
    let profiles: Vec<String> = rows.iter().map(|r| r.profile.clone()).collect();
    let ages: Vec<String> = rows.iter().map(|r| r.age_bracket.clone()).collect();
    let bodies: Vec<String> = rows.iter().map(|r| r.body.clone()).collect();
    Ok(sqlx::query!(
        "insert into comments (tenant_id, id, consultation_id, workshop_id, author_id, profile, age_bracket, body, created_at)
         select $1, i, $2, $3, null, p, a, b, ($7::date + time '12:00') at time zone $8
           from unnest($4::uuid[], $5::text[], $6::text[], $9::text[]) as t(i, p, a, b)",
        tenant,
        consultation,
        workshop.id,
        &ids,
        &profiles,
        &ages,
        workshop.held_on,
        tz,
        &bodies
    )
    .execute(tx.conn())
    .await?
    .rows_affected())
}

/// The visible paper contributions of a workshop, for the staff's export.
pub async fn paper_rows(tx: &mut TenantTx, id: Uuid) -> Result<Vec<PaperRow>, sqlx::Error> {
    sqlx::query_as!(
        PaperRow,
        "select profile, age_bracket, body from comments
          where workshop_id = $1 and shown order by created_at, id",
        id
    )
    .fetch_all(tx.conn())
    .await
}

/// A consultation a workshop may feed: its id and titles.
pub struct ConsultationChoice {
    pub id: Uuid,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    pub project_id: Option<Uuid>,
    pub opens_on: Date,
}

/// The collectivity's consultations, newest first.
pub async fn consultations(
    tx: &mut TenantTx,
    tz: &str,
) -> Result<Vec<ConsultationChoice>, sqlx::Error> {
    sqlx::query_as!(
        ConsultationChoice,
        r#"select id, title_ar, title_fr, project_id, (opens_at at time zone $1)::date as "opens_on!"
             from consultations order by opens_at desc"#,
        tz
    )
    .fetch_all(tx.conn())
    .await
}
