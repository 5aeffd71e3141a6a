//! What authors do with what they wrote (migrations/0013_authors.sql):
//! find their own items, edit them with their history, withdraw them.

use super::*;

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
