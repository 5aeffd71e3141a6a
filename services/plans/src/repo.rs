//! The programme and project tables, reached only through a tenant
//! transaction: row-level security shows the current collectivity's rows.

use infitah_platform::db::TenantTx;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSummary {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub title_ar: Option<String>,
    pub title_fr: Option<String>,
    /// The publication rule's verdict (migration 0012): published, in a public programme.
    pub public: bool,
}

pub async fn list_projects(tx: &mut TenantTx) -> Result<Vec<ProjectSummary>, sqlx::Error> {
    sqlx::query_as!(
        ProjectSummary,
        r#"select p.id, p.programme_id, p.title_ar, p.title_fr, v.public as "public!"
             from projects p join project_visibility v on v.tenant_id = p.tenant_id and v.id = p.id
            order by p.position, p.created_at"#
    )
    .fetch_all(tx.conn())
    .await
}

/// Renames a project; returns how many rows changed (0 for another collectivity's id).
pub async fn rename_project(
    tx: &mut TenantTx,
    id: Uuid,
    title_fr: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "update projects set title_fr = $2, updated_at = now() where id = $1",
        id,
        title_fr
    )
    .execute(tx.conn())
    .await?
    .rows_affected())
}

/// Deletes a project; returns how many rows went (0 for another collectivity's id).
pub async fn delete_project(tx: &mut TenantTx, id: Uuid) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!("delete from projects where id = $1", id)
        .execute(tx.conn())
        .await?
        .rows_affected())
}

// ---------------------------------------------------------------------------
// The programme and its cards, as pages and the API read them.

use crate::model::{Bilingual, Programme, Span, Stage};
use time::Date;

/// Today in the collectivity's time zone (months and lateness follow it).
pub async fn today(tx: &mut TenantTx, time_zone: &str) -> Result<Date, sqlx::Error> {
    sqlx::query_scalar!(r#"select (now() at time zone $1)::date as "d!""#, time_zone)
        .fetch_one(tx.conn())
        .await
}

/// The collectivity's current programme (the latest period); drafts only for staff.
pub async fn current_programme(
    tx: &mut TenantTx,
    include_drafts: bool,
) -> Result<Option<Programme>, sqlx::Error> {
    let row = sqlx::query!(
        "select g.id, g.period_start, g.period_end, g.title_ar, g.title_fr, g.published
           from programmes g join programme_visibility v on v.tenant_id = g.tenant_id and v.id = g.id
          where v.public or $1 order by g.period_start desc limit 1",
        include_drafts
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| Programme {
        id: r.id,
        period_start: r.period_start,
        period_end: r.period_end,
        title: Bilingual::new(r.title_ar, r.title_fr),
        published: r.published,
    }))
}

pub async fn stages(tx: &mut TenantTx, programme: Uuid) -> Result<Vec<Stage>, sqlx::Error> {
    sqlx::query_as!(
        Stage,
        "select stage, planned_start, planned_end, actual_start, actual_end from programme_stages where programme_id = $1",
        programme
    )
    .fetch_all(tx.conn())
    .await
}

/// A project on the programme's page.
#[derive(Debug, Clone)]
pub struct ProjectRow {
    pub id: Uuid,
    pub position: i32,
    pub title: Bilingual,
    pub published: bool,
    pub pillars: Vec<String>,
    pub spans: Vec<Span>,
    /// Its activities' weighted completion (the database's `project_progress`, migration 0014).
    pub progress: i16,
}

pub async fn projects(
    tx: &mut TenantTx,
    programme: Uuid,
    include_drafts: bool,
) -> Result<Vec<ProjectRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select p.id, p.position, p.title_ar, p.title_fr, p.published,
                  coalesce(array(select pp.pillar from project_pillars pp where pp.project_id = p.id order by pp.pillar), '{}') as "pillars!",
                  (select project_progress(a.completion, a.start_month, a.end_month)
                     from activities a where a.project_id = p.id) as "progress!"
             from projects p join project_visibility v on v.tenant_id = p.tenant_id and v.id = p.id
            where p.programme_id = $1 and (v.public or $2)
            order by p.position, p.created_at"#,
        programme,
        include_drafts
    )
    .fetch_all(tx.conn())
    .await?;
    let acts = sqlx::query!(
        "select a.project_id, a.start_month, a.end_month, a.completion from activities a
           join projects p on p.id = a.project_id where p.programme_id = $1",
        programme
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ProjectRow {
            spans: acts
                .iter()
                .filter(|a| a.project_id == r.id)
                .map(|a| Span {
                    start: a.start_month,
                    end: a.end_month,
                    completion: a.completion,
                })
                .collect(),
            id: r.id,
            position: r.position,
            title: Bilingual::new(r.title_ar, r.title_fr),
            published: r.published,
            pillars: r.pillars,
            progress: r.progress,
        })
        .collect())
}

/// A problem, a solution or an expected result of the card.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Item {
    pub id: Uuid,
    pub text: Bilingual,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Measurement {
    pub measured_on: Date,
    pub value: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Indicator {
    pub id: Uuid,
    pub name: Bilingual,
    pub unit: Option<String>,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub measurements: Vec<Measurement>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Activity {
    pub id: Uuid,
    pub title: Bilingual,
    pub start_month: Date,
    pub end_month: Date,
    pub completion: i16,
    pub version: i32,
}

impl Activity {
    pub fn span(&self) -> Span {
        Span {
            start: self.start_month,
            end: self.end_month,
            completion: self.completion,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct HistoryEntry {
    pub at: time::OffsetDateTime,
    pub activity: Bilingual,
    pub actor: Option<String>,
    pub old_value: i16,
    pub new_value: i16,
    pub note: Option<String>,
    pub evidence_url: Option<String>,
}

/// Every field of a project card, in the card's order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Card {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub title: Bilingual,
    /// The project's own switch (what the editor sets).
    pub published: bool,
    /// Whether the public sees it: published, in a public programme (migration 0012).
    /// Not in the API: what the API returns to the public is public.
    #[serde(skip)]
    pub public: bool,
    /// Its activities' weighted completion (`project_progress`, migration 0014);
    /// the API says it once, beside the card, not inside the council's snapshot.
    #[serde(skip)]
    pub progress: i16,
    pub version: i32,
    pub problem_category: Option<String>,
    pub problems: Vec<Item>,
    pub solutions: Vec<Item>,
    pub pillars: Vec<String>,
    /// None: "not stated" (the card's "///"); Some: an amount in dirhams.
    pub budget_mad: Option<String>,
    pub outcomes: Vec<String>,
    pub results: Vec<Item>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub history: Vec<HistoryEntry>,
}

pub async fn card(
    tx: &mut TenantTx,
    id: Uuid,
    include_drafts: bool,
) -> Result<Option<Card>, sqlx::Error> {
    let Some(p) = sqlx::query!(
        r#"select p.id, p.programme_id, p.title_ar, p.title_fr, p.published, v.public as "public!",
                  p.version, p.problem_category,
                  case when p.budget_stated then p.budget_mad::text end as budget_mad,
                  (select project_progress(a.completion, a.start_month, a.end_month)
                     from activities a where a.project_id = p.id) as "progress!"
             from projects p join project_visibility v on v.tenant_id = p.tenant_id and v.id = p.id
            where p.id = $1 and (v.public or $2)"#,
        id,
        include_drafts
    )
    .fetch_optional(tx.conn())
    .await?
    else {
        return Ok(None);
    };
    let items = sqlx::query!(
        "select id, kind, text_ar, text_fr from project_items where project_id = $1 order by kind, position",
        id
    )
    .fetch_all(tx.conn())
    .await?;
    let of_kind = |k: &str| -> Vec<Item> {
        items
            .iter()
            .filter(|i| i.kind == k)
            .map(|i| Item {
                id: i.id,
                text: Bilingual::new(i.text_ar.clone(), i.text_fr.clone()),
            })
            .collect()
    };
    let pillars = sqlx::query_scalar!(
        "select pillar from project_pillars where project_id = $1 order by pillar",
        id
    )
    .fetch_all(tx.conn())
    .await?;
    let outcomes = sqlx::query_scalar!(
        "select outcome from project_outcomes where project_id = $1 order by outcome",
        id
    )
    .fetch_all(tx.conn())
    .await?;
    let inds = sqlx::query!(
        r#"select id, name_ar, name_fr, unit, baseline::text as baseline, target::text as target
             from indicators where project_id = $1 order by position"#,
        id
    )
    .fetch_all(tx.conn())
    .await?;
    let measures = sqlx::query!(
        r#"select m.indicator_id, m.measured_on, m.value::text as "value!", m.note
             from indicator_measurements m join indicators i on i.id = m.indicator_id
            where i.project_id = $1 order by m.measured_on"#,
        id
    )
    .fetch_all(tx.conn())
    .await?;
    let acts = sqlx::query!(
        "select id, title_ar, title_fr, start_month, end_month, completion, version from activities
          where project_id = $1 order by position, start_month",
        id
    )
    .fetch_all(tx.conn())
    .await?;
    let history = sqlx::query!(
        "select e.at, a.title_ar, a.title_fr, e.actor_name, e.old_value, e.new_value, e.note, e.evidence_url
           from progress_events e join activities a on a.id = e.activity_id
          where e.project_id = $1 order by e.at desc, e.id desc",
        id
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(Some(Card {
        id: p.id,
        programme_id: p.programme_id,
        title: Bilingual::new(p.title_ar, p.title_fr),
        published: p.published,
        public: p.public,
        progress: p.progress,
        version: p.version,
        problem_category: p.problem_category,
        problems: of_kind("problem"),
        solutions: of_kind("solution"),
        pillars,
        budget_mad: p.budget_mad,
        outcomes,
        results: of_kind("result"),
        indicators: inds
            .into_iter()
            .map(|i| Indicator {
                measurements: measures
                    .iter()
                    .filter(|m| m.indicator_id == i.id)
                    .map(|m| Measurement {
                        measured_on: m.measured_on,
                        value: m.value.clone(),
                        note: m.note.clone(),
                    })
                    .collect(),
                id: i.id,
                name: Bilingual::new(i.name_ar, i.name_fr),
                unit: i.unit,
                baseline: i.baseline,
                target: i.target,
            })
            .collect(),
        activities: acts
            .into_iter()
            .map(|a| Activity {
                id: a.id,
                title: Bilingual::new(a.title_ar, a.title_fr),
                start_month: a.start_month,
                end_month: a.end_month,
                completion: a.completion,
                version: a.version,
            })
            .collect(),
        history: history
            .into_iter()
            .map(|h| HistoryEntry {
                at: h.at,
                activity: Bilingual::new(h.title_ar, h.title_fr),
                actor: h.actor_name,
                old_value: h.old_value,
                new_value: h.new_value,
                note: h.note,
                evidence_url: h.evidence_url,
            })
            .collect(),
    }))
}

use infitah_platform::catalog::CatalogEntry;
use infitah_platform::catalog::catalog;

/// The catalogues a project's card names its entries from.
pub struct CardCatalogues {
    pub pillars: Vec<CatalogEntry>,
    pub outcomes: Vec<CatalogEntry>,
    pub categories: Vec<CatalogEntry>,
}

pub async fn card_catalogues(tx: &mut TenantTx) -> Result<CardCatalogues, sqlx::Error> {
    Ok(CardCatalogues {
        pillars: catalog(tx, "pillar").await?,
        outcomes: catalog(tx, "outcome").await?,
        categories: catalog(tx, "problem_category").await?,
    })
}

/// The council's decision on a programme, with its frozen snapshot.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Decision {
    pub decided_on: Date,
    pub session_ref: String,
    pub votes_for: i32,
    pub votes_against: i32,
    pub votes_abstain: i32,
    pub text: Bilingual,
    pub snapshot: serde_json::Value,
}

pub async fn decision(tx: &mut TenantTx, programme: Uuid) -> Result<Option<Decision>, sqlx::Error> {
    let row = sqlx::query!(
        "select decided_on, session_ref, votes_for, votes_against, votes_abstain, text_ar, text_fr, snapshot
           from council_decisions where programme_id = $1",
        programme
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| Decision {
        decided_on: r.decided_on,
        session_ref: r.session_ref,
        votes_for: r.votes_for,
        votes_against: r.votes_against,
        votes_abstain: r.votes_abstain,
        text: Bilingual::new(r.text_ar, r.text_fr),
        snapshot: r.snapshot,
    }))
}
