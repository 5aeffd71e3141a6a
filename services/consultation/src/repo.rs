//! The consultation tables, reached only through the tenant transaction (a
//! consultation, comment or idea of another collectivity does not exist
//! here): consultations and their windows, comments with their authors'
//! names, flags, the moderators' record and the official answers. Whether a
//! consultation is open is computed by PostgreSQL's clock (`now()`) in the
//! same statement that reads it, at every request.

use std::collections::{HashMap, HashSet};

use infitah_platform::db::{TenantCall, TenantTx};
use infitah_platform::texts::Bilingual;
use time::{OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

use crate::model::{
    AnswerBody, CommentBody, ItemKind, LocalDateTime, ModerationNote, Reason, ThreadPage,
    WindowState,
};

mod comments;
pub use comments::*;
mod moderation;
pub use moderation::*;
mod authors;
pub use authors::*;

/// A consultation as pages show it.
#[derive(Debug, Clone)]
pub struct Consultation {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub project_id: Option<Uuid>,
    pub title: Bilingual,
    pub description: Bilingual,
    /// The project's title, for a project's consultation.
    pub project_title: Option<Bilingual>,
    /// Whether the public may see it (its project, or its programme, is published).
    pub public: bool,
    pub opens_at: OffsetDateTime,
    pub closes_at: OffsetDateTime,
    /// The window in the collectivity's time zone.
    pub opens_local: PrimitiveDateTime,
    pub closes_local: PrimitiveDateTime,
    pub state: WindowState,
}

impl Consultation {
    /// The title a page shows: its own, else its project's.
    pub fn display_title(&self) -> Bilingual {
        if self.title.ar.is_some() || self.title.fr.is_some() {
            self.title.clone()
        } else {
            self.project_title.clone().unwrap_or_default()
        }
    }
}

/// Which consultations [`read`] returns.
enum Which {
    One(Uuid),
    /// Of a project (`Some`), or of the programme as a whole (`None`).
    Of {
        programme: Option<Uuid>,
        project: Option<Uuid>,
    },
    All,
}

/// The consultations `which` names, latest first, with their window in
/// `time_zone` and whether the public sees them: one statement for the three
/// ways they are read.
async fn read(
    tx: &mut TenantTx,
    which: Which,
    time_zone: &str,
) -> Result<Vec<Consultation>, sqlx::Error> {
    let (one, scoped, programme, project) = match which {
        Which::One(id) => (Some(id), false, None, None),
        Which::Of { programme, project } => (None, true, programme, project),
        Which::All => (None, false, None, None),
    };
    let rows = sqlx::query!(
        r#"select c.id, c.programme_id, c.project_id, c.title_ar, c.title_fr, c.description_ar, c.description_fr,
                  p.title_ar as "project_title_ar?", p.title_fr as "project_title_fr?",
                  v.public as "public!",
                  c.opens_at, c.closes_at,
                  (c.opens_at at time zone $1) as "opens_local!", (c.closes_at at time zone $1) as "closes_local!",
                  case when now() < c.opens_at then 'upcoming' when now() < c.closes_at then 'open' else 'closed' end as "state!"
             from consultations c
             join consultation_visibility v on v.tenant_id = c.tenant_id and v.id = c.id
             left join plan_subjects p on p.kind = 'project' and p.id = c.project_id
            where ($2::uuid is null or c.id = $2)
              and (not $3 or (($4::uuid is null or c.programme_id = $4)
                              and (case when $5::uuid is null then c.project_id is null else c.project_id = $5 end)))
            order by c.opens_at desc, c.id"#,
        time_zone,
        one,
        scoped,
        programme,
        project
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Consultation {
            id: r.id,
            programme_id: r.programme_id,
            project_id: r.project_id,
            title: Bilingual::new(r.title_ar, r.title_fr),
            description: Bilingual::new(r.description_ar, r.description_fr),
            project_title: r
                .project_id
                .map(|_| Bilingual::new(r.project_title_ar, r.project_title_fr)),
            public: r.public,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            opens_local: r.opens_local,
            closes_local: r.closes_local,
            state: WindowState::parse(&r.state),
        })
        .collect())
}

/// One consultation; `drafts` also shows those of unpublished projects and programmes.
pub async fn consultation(
    tx: &mut TenantTx,
    id: Uuid,
    time_zone: &str,
    drafts: bool,
) -> Result<Option<Consultation>, sqlx::Error> {
    let found = read(tx, Which::One(id), time_zone).await?;
    Ok(found.into_iter().next().filter(|c| drafts || c.public))
}

/// The consultations of a project (`Some`) or of the programme as a whole (`None`), latest first.
pub async fn consultations_of(
    tx: &mut TenantTx,
    programme: Option<Uuid>,
    project: Option<Uuid>,
    time_zone: &str,
    drafts: bool,
) -> Result<Vec<Consultation>, sqlx::Error> {
    let all = read(tx, Which::Of { programme, project }, time_zone).await?;
    Ok(all.into_iter().filter(|c| drafts || c.public).collect())
}

/// Every consultation of the collectivity, for the back-office.
pub async fn all_consultations(
    tx: &mut TenantTx,
    time_zone: &str,
) -> Result<Vec<Consultation>, sqlx::Error> {
    read(tx, Which::All, time_zone).await
}

/// What staff set on a consultation.
pub struct ConsultationFields {
    pub project_id: Option<Uuid>,
    pub title: Bilingual,
    pub description: Bilingual,
    pub opens: LocalDateTime,
    pub closes: LocalDateTime,
}

/// Why a consultation could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ConsultationError {
    /// The project is not in this collectivity's programme.
    #[error("unknown project")]
    UnknownProject,
    /// Once converted to instants, the close is not after the opening (a DST gap can do that).
    #[error("closes before it opens")]
    ClosesFirst,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Whether `closes` comes after `opens` once both are instants in `time_zone`.
pub async fn window_ok(
    tx: &mut TenantTx,
    opens: LocalDateTime,
    closes: LocalDateTime,
    time_zone: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select ($2::timestamp at time zone $3) > ($1::timestamp at time zone $3) as "ok!""#,
        opens.get(),
        closes.get(),
        time_zone
    )
    .fetch_one(tx.conn())
    .await
}

/// Creates a consultation in `programme`; the window is converted from the collectivity's local time.
pub async fn create_consultation(
    tx: &mut TenantTx,
    programme: Uuid,
    f: &ConsultationFields,
    time_zone: &str,
    by: Option<Uuid>,
) -> Result<Uuid, ConsultationError> {
    check_consultation(tx, programme, f, time_zone).await?;
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into consultations (tenant_id, id, programme_id, project_id, title_ar, title_fr, description_ar,
                                    description_fr, opens_at, closes_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp at time zone $11, $10::timestamp at time zone $11, $12)",
        tenant,
        id,
        programme,
        f.project_id,
        f.title.ar,
        f.title.fr,
        f.description.ar,
        f.description.fr,
        f.opens.get(),
        f.closes.get(),
        time_zone,
        by
    )
    .execute(tx.conn())
    .await?;
    infitah_platform::content::bump(tx).await?;
    Ok(id)
}

async fn check_consultation(
    tx: &mut TenantTx,
    programme: Uuid,
    f: &ConsultationFields,
    time_zone: &str,
) -> Result<(), ConsultationError> {
    if let Some(p) = f.project_id {
        let known = sqlx::query_scalar!(
            "select 1 as one from plan_subjects where kind = 'project' and id = $1 and programme_id = $2",
            p,
            programme
        )
        .fetch_optional(tx.conn())
        .await?;
        if known.is_none() {
            return Err(ConsultationError::UnknownProject);
        }
    }
    if !window_ok(tx, f.opens, f.closes, time_zone).await? {
        return Err(ConsultationError::ClosesFirst);
    }
    Ok(())
}

/// Changes a consultation; false when it does not exist here.
pub async fn update_consultation(
    tx: &mut TenantTx,
    id: Uuid,
    programme: Uuid,
    f: &ConsultationFields,
    time_zone: &str,
) -> Result<bool, ConsultationError> {
    check_consultation(tx, programme, f, time_zone).await?;
    let done = sqlx::query!(
        "update consultations set project_id = $2, title_ar = $3, title_fr = $4, description_ar = $5,
                description_fr = $6, opens_at = $7::timestamp at time zone $9,
                closes_at = $8::timestamp at time zone $9, updated_at = now()
          where id = $1",
        id,
        f.project_id,
        f.title.ar,
        f.title.fr,
        f.description.ar,
        f.description.fr,
        f.opens.get(),
        f.closes.get(),
        time_zone
    )
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    infitah_platform::content::bump(tx).await?;
    Ok(true)
}
