//! Flags, moderation and official answers, for comments and ideas alike.

use super::*;

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
