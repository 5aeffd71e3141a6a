//! The ideas table, reached only through a tenant transaction. Public reads
//! leave hidden and withdrawn ideas out (the publication rule's
//! `idea_visibility`); the one read that includes them (`get`) is for the
//! idea's own page, which then shows the moderation's or the author's
//! notice instead of the text, and for staff.

use infitah_platform::db::TenantTx;
use time::Date;
use uuid::Uuid;

/// An idea as pages show it, its dates in the collectivity's time zone.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Idea {
    pub id: Uuid,
    pub axis: String,
    pub profile: String,
    pub age_bracket: String,
    pub title: String,
    pub body: String,
    pub status: String,
    pub project_id: Option<Uuid>,
    /// Who sent it (its own page offers them to edit or withdraw it).
    #[serde(skip)]
    pub author_id: Uuid,
    pub created_on: Date,
    pub hidden_reason: Option<String>,
    /// Its author changed it after sending it (the page says so).
    pub edited: bool,
    /// Its author took it back: its page says so, lists leave it out.
    pub withdrawn: bool,
}

/// What a citizen submits.
pub struct NewIdea<'a> {
    pub programme_id: Uuid,
    pub author_id: Uuid,
    pub axis: &'a str,
    pub profile: &'a str,
    pub age_bracket: &'a str,
    pub title: &'a str,
    pub body: &'a str,
}

/// Saves a submitted idea; `at` None is now (a date for an idea entered
/// after the fact, as the demo's).
pub async fn create(
    tx: &mut TenantTx,
    idea: &NewIdea<'_>,
    at: Option<time::OffsetDateTime>,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into ideas (tenant_id, id, programme_id, axis, author_id, profile, age_bracket, title, body, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, now()))",
        tenant,
        id,
        idea.programme_id,
        idea.axis,
        idea.author_id,
        idea.profile,
        idea.age_bracket,
        idea.title,
        idea.body,
        at
    )
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// Visible ideas, newest first, optionally of one axis.
pub async fn list_public(
    tx: &mut TenantTx,
    tz: &str,
    axis: Option<&str>,
) -> Result<Vec<Idea>, sqlx::Error> {
    sqlx::query_as!(
        Idea,
        r#"select i.id, i.axis, i.profile, i.age_bracket, i.title, i.body, i.status, i.project_id, i.author_id,
                  (i.created_at at time zone $1)::date as "created_on!", i.hidden_reason,
                  i.edited_at is not null as "edited!", i.withdrawn_at is not null as "withdrawn!"
             from ideas i join idea_visibility v on v.tenant_id = i.tenant_id and v.id = i.id
            where v.public and ($2::text is null or i.axis = $2)
            order by i.created_at desc, i.id desc"#,
        tz,
        axis
    )
    .fetch_all(tx.conn())
    .await
}

/// Every idea, hidden ones included, newest first: the staff's list.
pub async fn list_all(tx: &mut TenantTx, tz: &str) -> Result<Vec<Idea>, sqlx::Error> {
    sqlx::query_as!(
        Idea,
        r#"select id, axis, profile, age_bracket, title, body, status, project_id, author_id,
                  (created_at at time zone $1)::date as "created_on!", hidden_reason,
                  edited_at is not null as "edited!", withdrawn_at is not null as "withdrawn!"
             from ideas order by created_at desc, id desc"#,
        tz
    )
    .fetch_all(tx.conn())
    .await
}

/// One idea, hidden or not (another collectivity's is simply not found).
pub async fn get(tx: &mut TenantTx, tz: &str, id: Uuid) -> Result<Option<Idea>, sqlx::Error> {
    sqlx::query_as!(
        Idea,
        r#"select id, axis, profile, age_bracket, title, body, status, project_id, author_id,
                  (created_at at time zone $1)::date as "created_on!", hidden_reason,
                  edited_at is not null as "edited!", withdrawn_at is not null as "withdrawn!"
             from ideas where id = $2"#,
        tz,
        id
    )
    .fetch_optional(tx.conn())
    .await
}

/// The visible ideas accepted for or merged into a project.
pub async fn of_project(
    tx: &mut TenantTx,
    tz: &str,
    project: Uuid,
) -> Result<Vec<Idea>, sqlx::Error> {
    sqlx::query_as!(
        Idea,
        r#"select i.id, i.axis, i.profile, i.age_bracket, i.title, i.body, i.status, i.project_id, i.author_id,
                  (i.created_at at time zone $1)::date as "created_on!", i.hidden_reason,
                  i.edited_at is not null as "edited!", i.withdrawn_at is not null as "withdrawn!"
             from ideas i join idea_visibility v on v.tenant_id = i.tenant_id and v.id = i.id
            where i.project_id = $2 and v.public and i.status in ('accepted', 'merged')
            order by i.created_at, i.id"#,
        tz,
        project
    )
    .fetch_all(tx.conn())
    .await
}

/// Accepts an idea, for a project or not; false when there is no such idea here.
pub async fn accept(
    tx: &mut TenantTx,
    id: Uuid,
    project: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "update ideas set status = 'accepted', project_id = $2 where id = $1",
        id,
        project
    )
    .execute(tx.conn())
    .await?
    .rows_affected()
        == 1)
}

/// Merges an idea into a project; false when there is no such idea here.
pub async fn merge(tx: &mut TenantTx, id: Uuid, project: Uuid) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "update ideas set status = 'merged', project_id = $2 where id = $1",
        id,
        project
    )
    .execute(tx.conn())
    .await?
    .rows_affected()
        == 1)
}

/// Submissions by one account since an instant, to tell a duplicate post apart.
pub async fn same_recent(
    tx: &mut TenantTx,
    author: Uuid,
    title: &str,
    body: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "select id from ideas where author_id = $1 and title = $2 and body = $3
            and created_at > now() - interval '10 minutes' limit 1",
        author,
        title,
        body
    )
    .fetch_optional(tx.conn())
    .await
}
