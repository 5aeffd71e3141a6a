//! A consultation's comments: its threads, page by page, their totals and
//! places, and the one statement that writes a citizen's comment.

use super::*;

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
