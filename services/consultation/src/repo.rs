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

// ---------------------------------------------------------------------------
// Comments.

/// A comment as a page shows it (hidden ones included: the page says they were hidden).
#[derive(Debug, Clone)]
pub struct CommentRow {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub author_id: Option<Uuid>,
    /// None for an erased account or a paper contribution.
    pub author_name: Option<String>,
    /// For a contribution gathered on paper: the workshop's title.
    pub workshop: Option<Bilingual>,
    pub profile: String,
    pub age_bracket: String,
    pub body: String,
    pub created_at: OffsetDateTime,
    pub created_local: PrimitiveDateTime,
    pub hidden_reason: Option<String>,
    /// Its author changed the text after posting it (the page says so).
    pub edited: bool,
    /// Its author took it back: the thread keeps a placeholder.
    pub withdrawn: bool,
}

impl CommentRow {
    pub fn hidden(&self) -> bool {
        self.hidden_reason.is_some()
    }
    /// Whether the public sees its text (neither hidden nor withdrawn).
    pub fn shown(&self) -> bool {
        !self.hidden() && !self.withdrawn
    }
}

/// One page of a consultation's threads: the `per_page` top-level comments
/// after the first `(page - 1) · per_page`, oldest first, each followed by its
/// replies (oldest first). Hidden ones keep their place.
pub async fn comments(
    tx: &mut TenantTx,
    consultation: Uuid,
    time_zone: &str,
    page: ThreadPage,
    per_page: i64,
) -> Result<Vec<CommentRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"with top as (
               select t.id, t.created_at from comments t
                where t.consultation_id = $1 and t.parent_id is null
                order by t.created_at, t.id
                limit $3 offset $4
           )
           select c.id as "id!", c.parent_id, c.author_id, a.display_name as "author_name?",
                  c.workshop_id, w.title_ar as "workshop_ar?", w.title_fr as "workshop_fr?",
                  c.profile as "profile!", c.age_bracket as "age_bracket!", c.body as "body!",
                  c.created_at as "created_at!",
                  (c.created_at at time zone $2) as "created_local!", c.hidden_reason,
                  c.edited_at is not null as "edited!", c.withdrawn_at is not null as "withdrawn!"
             from top
             cross join lateral (
                 select * from comments r where r.id = top.id
                 union all
                 select * from comments r where r.parent_id = top.id
             ) c
             left join account_names a on a.id = c.author_id
             left join workshops w on w.id = c.workshop_id
            order by top.created_at, top.id, c.parent_id nulls first, c.created_at, c.id"#,
        consultation,
        time_zone,
        per_page,
        (page.get() as i64 - 1) * per_page
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CommentRow {
            id: r.id,
            parent_id: r.parent_id,
            author_id: r.author_id,
            author_name: r.author_name,
            workshop: r
                .workshop_id
                .map(|_| Bilingual::new(r.workshop_ar, r.workshop_fr)),
            profile: r.profile,
            age_bracket: r.age_bracket,
            body: r.body,
            created_at: r.created_at,
            created_local: r.created_local,
            hidden_reason: r.hidden_reason,
            edited: r.edited,
            withdrawn: r.withdrawn,
        })
        .collect())
}

/// How many threads a consultation has (hidden ones included: they keep
/// their place) and how many comments the public sees.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommentTotals {
    pub threads: i64,
    pub visible: i64,
}

impl CommentTotals {
    /// How many pages of `per_page` threads there are (at least one).
    pub fn pages(&self, per_page: i64) -> u32 {
        (((self.threads + per_page - 1) / per_page).max(1)) as u32
    }
}

pub async fn comment_totals(
    tx: &mut TenantTx,
    consultation: Uuid,
) -> Result<CommentTotals, sqlx::Error> {
    let r = sqlx::query!(
        r#"select count(*) filter (where c.parent_id is null) as "threads!",
                  count(*) filter (where c.shown) as "visible!"
             from comments c
            where c.consultation_id = $1"#,
        consultation
    )
    .fetch_one(tx.conn())
    .await?;
    Ok(CommentTotals {
        threads: r.threads,
        visible: r.visible,
    })
}

/// Where a comment is: its consultation, and the page (of `per_page`
/// threads) its thread is on. None: no such comment in this collectivity.
pub async fn comment_place(
    tx: &mut TenantTx,
    comment: Uuid,
    per_page: i64,
) -> Result<Option<(Uuid, u32)>, sqlx::Error> {
    let r = sqlx::query!(
        r#"select t.consultation_id,
                  (select count(*) from comments b
                    where b.consultation_id = t.consultation_id and b.parent_id is null
                      and (b.created_at, b.id) < (t.created_at, t.id)) as "before!"
             from comments c
             join comments t on t.id = coalesce(c.parent_id, c.id)
            where c.id = $1"#,
        comment
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(r.map(|r| (r.consultation_id, (r.before / per_page + 1) as u32)))
}

/// What a write needs to know of a comment.
#[derive(Debug, Clone)]
pub struct CommentRef {
    pub id: Uuid,
    pub consultation_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub author_id: Option<Uuid>,
    pub hidden: bool,
}

pub async fn comment_ref(tx: &mut TenantTx, id: Uuid) -> Result<Option<CommentRef>, sqlx::Error> {
    sqlx::query_as!(
        CommentRef,
        r#"select id, consultation_id, parent_id, author_id, hidden_at is not null as "hidden!"
             from comments where id = $1"#,
        id
    )
    .fetch_optional(tx.conn())
    .await
}

/// Public comment counts (hidden ones left out) of these consultations; absent = zero.
pub async fn counts_by_consultation(
    tx: &mut TenantTx,
    consultations: &[Uuid],
) -> Result<HashMap<Uuid, i64>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select consultation_id, count(*) as "n!" from comments
            where consultation_id = any($1) and shown group by consultation_id"#,
        consultations
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(|r| (r.consultation_id, r.n)).collect())
}

/// Public comment counts of these projects, over all their consultations; absent = zero.
pub async fn counts_by_project(
    tx: &mut TenantTx,
    projects: &[Uuid],
) -> Result<HashMap<Uuid, i64>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select c.project_id as "project_id!", count(*) as "n!" from comments m
             join consultations c on c.id = m.consultation_id
            where c.project_id = any($1) and m.shown group by c.project_id"#,
        projects
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(|r| (r.project_id, r.n)).collect())
}

/// What a comment's form is checked against, in one statement
/// (`comment_check`, migrations/0010): the consultation's window now, whether
/// the profile and age bracket are on offer, whether the parent is a visible
/// top-level comment of the same consultation. None: no such consultation
/// (or a draft one, for a viewer who may not see drafts).
pub struct CommentCheck {
    pub state: WindowState,
    pub profile_ok: bool,
    pub age_ok: bool,
    pub parent_ok: bool,
}

pub async fn check_comment(
    call: &TenantCall<'_>,
    consultation: Uuid,
    drafts: bool,
    profile: &str,
    age_bracket: &str,
    parent: Option<Uuid>,
) -> Result<Option<CommentCheck>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select state as "state!", profile_ok as "profile_ok!", age_ok as "age_ok!", parent_ok as "parent_ok!"
             from comment_check($1, $2, $3, $4, $5, $6)"#,
        call.tenant().0,
        consultation,
        drafts,
        profile,
        age_bracket,
        parent
    )
    .fetch_optional(call.pool())
    .await?;
    Ok(row.map(|r| CommentCheck {
        state: WindowState::parse(&r.state),
        profile_ok: r.profile_ok,
        age_ok: r.age_ok,
        parent_ok: r.parent_ok,
    }))
}

/// What became of a checked comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Saved,
    /// Its author posted this very text within the duplicate window.
    Duplicate,
    /// The consultation closed between the check and the write.
    Closed,
}

/// The profile and age bracket this account chose last, to preselect them.
pub async fn last_choice(
    tx: &mut TenantTx,
    account: Uuid,
) -> Result<Option<(String, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "select profile, age_bracket from comments where author_id = $1 order by created_at desc limit 1",
        account
    )
    .fetch_optional(tx.conn())
    .await?
    .map(|r| (r.profile, r.age_bracket)))
}

/// A new comment (or reply) by a citizen.
pub struct NewComment<'a> {
    pub consultation_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub author_id: Uuid,
    pub profile: &'a str,
    pub age_bracket: &'a str,
    pub body: &'a CommentBody,
}

/// Writes a checked comment in one statement (`comment_insert`,
/// migrations/0010): under a lock on its author, unless it repeats the
/// author's text of the last `duplicate_minutes` or the consultation closed.
/// The content version is bumped after (`ContentVersions::bump_after_commit`).
pub async fn write_comment(
    call: &TenantCall<'_>,
    id: Uuid,
    c: &NewComment<'_>,
    duplicate_minutes: i32,
) -> Result<Written, sqlx::Error> {
    let outcome = sqlx::query_scalar!(
        r#"select comment_insert($1, $2, $3, $4, $5, $6, $7, $8, $9) as "outcome!""#,
        call.tenant().0,
        id,
        c.consultation_id,
        c.parent_id,
        c.author_id,
        c.profile,
        c.age_bracket,
        c.body.as_str(),
        duplicate_minutes
    )
    .fetch_one(call.pool())
    .await?;
    Ok(match outcome.as_str() {
        "ok" => Written::Saved,
        "duplicate" => Written::Duplicate,
        _ => Written::Closed,
    })
}

// ---------------------------------------------------------------------------
// Flags, moderation and official answers, for comments and ideas alike.

/// What moderation needs to know of an item.
#[derive(Debug, Clone)]
pub struct ItemRef {
    pub id: Uuid,
    pub author_id: Option<Uuid>,
    pub hidden: bool,
    /// Where the item is shown: its consultation, or None for an idea.
    pub consultation_id: Option<Uuid>,
}

pub async fn item_ref(
    tx: &mut TenantTx,
    kind: ItemKind,
    id: Uuid,
) -> Result<Option<ItemRef>, sqlx::Error> {
    Ok(match kind {
        ItemKind::Comment => comment_ref(tx, id).await?.map(|c| ItemRef {
            id: c.id,
            author_id: c.author_id,
            hidden: c.hidden,
            consultation_id: Some(c.consultation_id),
        }),
        ItemKind::Idea => sqlx::query!(
            r#"select id, author_id, hidden_at is not null as "hidden!" from ideas where id = $1"#,
            id
        )
        .fetch_optional(tx.conn())
        .await?
        .map(|r| ItemRef {
            id: r.id,
            author_id: Some(r.author_id),
            hidden: r.hidden,
            consultation_id: None,
        }),
    })
}

/// Records a flag; false when this person had already flagged the item.
pub async fn flag(
    tx: &mut TenantTx,
    kind: ItemKind,
    item: Uuid,
    account: Uuid,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant().0;
    let done = sqlx::query!(
        "insert into flags (tenant_id, item_kind, item_id, account_id) values ($1, $2, $3, $4)
         on conflict do nothing",
        tenant,
        kind.as_str(),
        item,
        account
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Which of these items this person has flagged.
pub async fn flagged_by(
    tx: &mut TenantTx,
    kind: ItemKind,
    account: Uuid,
    items: &[Uuid],
) -> Result<HashSet<Uuid>, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "select item_id from flags where item_kind = $1 and account_id = $2 and item_id = any($3)",
        kind.as_str(),
        account,
        items
    )
    .fetch_all(tx.conn())
    .await?
    .into_iter()
    .collect())
}

async fn record(
    tx: &mut TenantTx,
    kind: ItemKind,
    item: Uuid,
    action: &str,
    reason: Option<Reason>,
    note: &ModerationNote,
    moderator: Uuid,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into moderation_actions (tenant_id, id, item_kind, item_id, action, reason_category, reason_note, moderator_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        tenant,
        Uuid::now_v7(),
        kind.as_str(),
        item,
        action,
        reason.map(Reason::as_str),
        note.as_str(),
        moderator
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Hides an item, keeping the reason on record; false when it was hidden already.
pub async fn hide(
    tx: &mut TenantTx,
    kind: ItemKind,
    item: Uuid,
    reason: Reason,
    note: &ModerationNote,
    moderator: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = match kind {
        ItemKind::Comment => sqlx::query!(
            "update comments set hidden_at = now(), hidden_reason = $2 where id = $1 and hidden_at is null",
            item,
            reason.as_str()
        )
        .execute(tx.conn())
        .await?,
        ItemKind::Idea => sqlx::query!(
            "update ideas set hidden_at = now(), hidden_reason = $2 where id = $1 and hidden_at is null",
            item,
            reason.as_str()
        )
        .execute(tx.conn())
        .await?,
    };
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    record(tx, kind, item, "hide", Some(reason), note, moderator).await?;
    infitah_platform::content::bump(tx).await?;
    Ok(true)
}

/// Shows a hidden item again, on record; false when it was not hidden.
pub async fn restore(
    tx: &mut TenantTx,
    kind: ItemKind,
    item: Uuid,
    note: &ModerationNote,
    moderator: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = match kind {
        ItemKind::Comment => sqlx::query!(
            "update comments set hidden_at = null, hidden_reason = null where id = $1 and hidden_at is not null",
            item
        )
        .execute(tx.conn())
        .await?,
        ItemKind::Idea => sqlx::query!(
            "update ideas set hidden_at = null, hidden_reason = null where id = $1 and hidden_at is not null",
            item
        )
        .execute(tx.conn())
        .await?,
    };
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    record(tx, kind, item, "restore", None, note, moderator).await?;
    infitah_platform::content::bump(tx).await?;
    Ok(true)
}

/// Keeps a flagged item: its flags are cleared, the decision stays on record.
pub async fn dismiss(
    tx: &mut TenantTx,
    kind: ItemKind,
    item: Uuid,
    note: &ModerationNote,
    moderator: Uuid,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "delete from flags where item_kind = $1 and item_id = $2",
        kind.as_str(),
        item
    )
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    record(tx, kind, item, "dismiss", None, note, moderator).await?;
    Ok(true)
}

/// An official answer, in the collectivity's name.
#[derive(Debug, Clone)]
pub struct Answer {
    pub id: Uuid,
    pub item_id: Uuid,
    pub body: String,
    pub created_at: OffsetDateTime,
    pub created_local: PrimitiveDateTime,
}

/// The collectivity's answer to an item; `at` None is now (a date for an
/// answer entered after the fact, as the demo's).
pub async fn add_answer(
    tx: &mut TenantTx,
    kind: ItemKind,
    item: Uuid,
    body: &AnswerBody,
    author: Uuid,
    at: Option<OffsetDateTime>,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into official_answers (tenant_id, id, item_kind, item_id, body, author_id, created_at)
         values ($1, $2, $3, $4, $5, $6, coalesce($7, now()))",
        tenant,
        id,
        kind.as_str(),
        item,
        body.as_str(),
        author,
        at
    )
    .execute(tx.conn())
    .await?;
    infitah_platform::content::bump(tx).await?;
    Ok(id)
}

/// The official answers to these items, oldest first, by item.
pub async fn answers(
    tx: &mut TenantTx,
    kind: ItemKind,
    items: &[Uuid],
    time_zone: &str,
) -> Result<HashMap<Uuid, Vec<Answer>>, sqlx::Error> {
    let rows = sqlx::query_as!(
        Answer,
        r#"select id, item_id, body, created_at, (created_at at time zone $3) as "created_local!"
             from official_answers where item_kind = $1 and item_id = any($2) order by created_at, id"#,
        kind.as_str(),
        items,
        time_zone
    )
    .fetch_all(tx.conn())
    .await?;
    let mut out: HashMap<Uuid, Vec<Answer>> = HashMap::new();
    for a in rows {
        out.entry(a.item_id).or_default().push(a);
    }
    Ok(out)
}

/// A flagged item awaiting a moderator, or a hidden one that may be restored.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub kind: ItemKind,
    pub id: Uuid,
    pub body: String,
    pub author_name: Option<String>,
    /// Where it is read: the consultation's page, or the idea's.
    pub consultation_id: Option<Uuid>,
    pub flags: i64,
    pub first_flag_local: Option<PrimitiveDateTime>,
    pub hidden_reason: Option<String>,
}

/// Flagged items not hidden, most flagged first.
pub async fn flagged_items(
    tx: &mut TenantTx,
    time_zone: &str,
) -> Result<Vec<QueueItem>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select f.item_kind as "item_kind!", f.item_id as "item_id!", count(*) as "flags!",
                  (min(f.created_at) at time zone $1) as "first!",
                  coalesce(c.body, i.title || E'\n' || i.body) as "body!",
                  a.display_name as "author_name?", c.consultation_id as "consultation_id?"
             from flags f
             left join comments c on f.item_kind = 'comment' and c.id = f.item_id
             left join ideas i on f.item_kind = 'idea' and i.id = f.item_id
             left join account_names a on a.id = coalesce(c.author_id, i.author_id)
            where coalesce(c.hidden_at, i.hidden_at) is null and coalesce(c.id, i.id) is not null
            group by f.item_kind, f.item_id, c.body, i.title, i.body, a.display_name, c.consultation_id
            order by count(*) desc, min(f.created_at)
            limit 200"#,
        time_zone
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(QueueItem {
                kind: ItemKind::parse(&r.item_kind)?,
                id: r.item_id,
                body: r.body,
                author_name: r.author_name,
                consultation_id: r.consultation_id,
                flags: r.flags,
                first_flag_local: Some(r.first),
                hidden_reason: None,
            })
        })
        .collect())
}

/// Hidden comments and ideas, most recently hidden first.
pub async fn hidden_items(tx: &mut TenantTx) -> Result<Vec<QueueItem>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select kind as "kind!", id as "id!", body as "body!", author_name, consultation_id, hidden_reason as "hidden_reason!"
             from (select 'comment' as kind, c.id, c.body, a.display_name as author_name, c.consultation_id,
                          c.hidden_reason, c.hidden_at
                     from comments c left join account_names a on a.id = c.author_id
                    where c.hidden_at is not null
                   union all
                   select 'idea', i.id, i.title || E'\n' || i.body, a.display_name, null::uuid, i.hidden_reason, i.hidden_at
                     from ideas i left join account_names a on a.id = i.author_id
                    where i.hidden_at is not null) h
            order by hidden_at desc limit 100"#
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(QueueItem {
                kind: ItemKind::parse(&r.kind)?,
                id: r.id,
                body: r.body,
                author_name: r.author_name,
                consultation_id: r.consultation_id,
                flags: 0,
                first_flag_local: None,
                hidden_reason: Some(r.hidden_reason),
            })
        })
        .collect())
}

/// One entry of the moderators' record.
#[derive(Debug, Clone)]
pub struct ActionRow {
    pub kind: String,
    pub item_id: Uuid,
    pub action: String,
    pub reason: Option<String>,
    pub note: String,
    pub moderator: Option<String>,
    pub at_local: PrimitiveDateTime,
}

/// The latest moderation decisions.
pub async fn recent_actions(
    tx: &mut TenantTx,
    time_zone: &str,
    limit: i64,
) -> Result<Vec<ActionRow>, sqlx::Error> {
    sqlx::query_as!(
        ActionRow,
        r#"select m.item_kind as kind, m.item_id, m.action, m.reason_category as reason, m.reason_note as note,
                  a.display_name as "moderator?", (m.at at time zone $1) as "at_local!"
             from moderation_actions m left join account_names a on a.id = m.moderator_id
            order by m.at desc limit $2"#,
        time_zone,
        limit
    )
    .fetch_all(tx.conn())
    .await
}

// ---------------------------------------------------------------------------
// What authors do with what they wrote (migrations/0013_authors.sql).

/// An author's own comment or idea, locked for the change, with what
/// decides whether it may still be edited.
#[derive(Debug, Clone)]
pub struct OwnItem {
    pub id: Uuid,
    /// A comment's consultation (None for an idea).
    pub consultation_id: Option<Uuid>,
    /// An idea's title (None for a comment).
    pub title: Option<String>,
    pub body: String,
    pub hidden: bool,
    pub withdrawn: bool,
    /// Still open to edits: a comment's consultation is open, an idea is
    /// still "submitted"; and the collectivity has not answered it.
    pub editable: bool,
}

/// The viewer's own item, locked until the transaction ends; None when it
/// is not theirs, not in this collectivity, or (a comment) in a
/// consultation the public may not see.
pub async fn own_item(
    tx: &mut TenantTx,
    kind: ItemKind,
    id: Uuid,
    author: Uuid,
) -> Result<Option<OwnItem>, sqlx::Error> {
    Ok(match kind {
        ItemKind::Comment => sqlx::query!(
            r#"select c.id, c.consultation_id, c.body, c.hidden_at is not null as "hidden!",
                      c.withdrawn_at is not null as "withdrawn!",
                      (now() >= k.opens_at and now() < k.closes_at
                       and not exists (select 1 from official_answers a
                                        where a.item_kind = 'comment' and a.item_id = c.id)) as "editable!"
                 from comments c join consultations k on k.id = c.consultation_id
                where c.id = $1 and c.author_id = $2
                  and exists (select 1 from consultation_visibility v where v.id = k.id and v.public)
                  for update of c"#,
            id,
            author
        )
        .fetch_optional(tx.conn())
        .await?
        .map(|r| OwnItem {
            id: r.id,
            consultation_id: Some(r.consultation_id),
            title: None,
            body: r.body,
            hidden: r.hidden,
            withdrawn: r.withdrawn,
            editable: r.editable,
        }),
        ItemKind::Idea => sqlx::query!(
            r#"select i.id, i.title, i.body, i.hidden_at is not null as "hidden!",
                      i.withdrawn_at is not null as "withdrawn!",
                      (i.status = 'submitted'
                       and not exists (select 1 from official_answers a
                                        where a.item_kind = 'idea' and a.item_id = i.id)) as "editable!"
                 from ideas i
                where i.id = $1 and i.author_id = $2
                  for update"#,
            id,
            author
        )
        .fetch_optional(tx.conn())
        .await?
        .map(|r| OwnItem {
            id: r.id,
            consultation_id: None,
            title: Some(r.title),
            body: r.body,
            hidden: r.hidden,
            withdrawn: r.withdrawn,
            editable: r.editable,
        }),
    })
}

/// Replaces an item's text, keeping the replaced one for the moderators.
/// `title` is an idea's (ignored for a comment).
pub async fn edit_item(
    tx: &mut TenantTx,
    kind: ItemKind,
    id: Uuid,
    title: &str,
    body: &str,
) -> Result<(), sqlx::Error> {
    let version = Uuid::now_v7();
    match kind {
        ItemKind::Comment => {
            sqlx::query!(
                "insert into contribution_versions (tenant_id, id, item_kind, item_id, body, written_at)
                 select tenant_id, $2, 'comment', id, body, coalesce(edited_at, created_at) from comments where id = $1",
                id,
                version
            )
            .execute(tx.conn())
            .await?;
            sqlx::query!(
                "update comments set body = $2, edited_at = now() where id = $1",
                id,
                body
            )
            .execute(tx.conn())
            .await?;
        }
        ItemKind::Idea => {
            sqlx::query!(
                "insert into contribution_versions (tenant_id, id, item_kind, item_id, title, body, written_at)
                 select tenant_id, $2, 'idea', id, title, body, coalesce(edited_at, created_at) from ideas where id = $1",
                id,
                version
            )
            .execute(tx.conn())
            .await?;
            sqlx::query!(
                "update ideas set title = $2, body = $3, edited_at = now() where id = $1",
                id,
                title,
                body
            )
            .execute(tx.conn())
            .await?;
        }
    }
    Ok(())
}

/// Withdraws an item (its row and text stay, for the moderators' record).
pub async fn withdraw_item(tx: &mut TenantTx, kind: ItemKind, id: Uuid) -> Result<(), sqlx::Error> {
    match kind {
        ItemKind::Comment => {
            sqlx::query!(
                "update comments set withdrawn_at = now() where id = $1 and withdrawn_at is null",
                id
            )
            .execute(tx.conn())
            .await?
        }
        ItemKind::Idea => {
            sqlx::query!(
                "update ideas set withdrawn_at = now() where id = $1 and withdrawn_at is null",
                id
            )
            .execute(tx.conn())
            .await?
        }
    };
    Ok(())
}

/// A text an edit replaced, as moderators read it.
#[derive(Debug, Clone)]
pub struct Version {
    pub title: Option<String>,
    pub body: String,
    pub written_local: PrimitiveDateTime,
}

/// The replaced texts of these items, oldest first, by item.
pub async fn versions(
    tx: &mut TenantTx,
    kind: ItemKind,
    ids: &[Uuid],
    time_zone: &str,
) -> Result<HashMap<Uuid, Vec<Version>>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select item_id, title, body, (written_at at time zone $3) as "written_local!"
             from contribution_versions where item_kind = $1 and item_id = any($2)
            order by replaced_at, id"#,
        kind.as_str(),
        ids,
        time_zone
    )
    .fetch_all(tx.conn())
    .await?;
    let mut out: HashMap<Uuid, Vec<Version>> = HashMap::new();
    for r in rows {
        out.entry(r.item_id).or_default().push(Version {
            title: r.title,
            body: r.body,
            written_local: r.written_local,
        });
    }
    Ok(out)
}
