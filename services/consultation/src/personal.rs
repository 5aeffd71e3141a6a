//! A person's contributions in the download of their data: every comment
//! and idea they wrote (shown, hidden or withdrawn, with the profile and age
//! bracket they chose and the texts an edit replaced) and the flags they
//! sent. On deletion nothing here is erased: the personal-data notice keeps
//! published contributions, as part of the consultation's public record,
//! attributed to "deleted user" once identity has erased the name.

use futures::future::BoxFuture;
use infitah_platform::{
    AppResult,
    addons::{Person, PersonalData},
    db::TenantTx,
};

/// Registered by the binary, whatever services it serves.
pub struct Contributions;

impl PersonalData for Contributions {
    fn export<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        person: &'a Person<'a>,
    ) -> BoxFuture<'a, AppResult<Vec<(&'static str, serde_json::Value)>>> {
        Box::pin(async move {
            let id = person.account_id;
            let comments = sqlx::query_scalar!(
                r#"select coalesce(jsonb_agg(jsonb_build_object(
                       'id', c.id, 'consultation_id', c.consultation_id, 'reply_to', c.parent_id,
                       'text', c.body, 'profile', c.profile, 'age_bracket', c.age_bracket,
                       'written_at', c.created_at, 'edited_at', c.edited_at,
                       'withdrawn_at', c.withdrawn_at, 'hidden_at', c.hidden_at, 'hidden_reason', c.hidden_reason,
                       'earlier_texts', (select coalesce(jsonb_agg(jsonb_build_object(
                                                'text', v.body, 'written_at', v.written_at, 'replaced_at', v.replaced_at)
                                              order by v.replaced_at), '[]')
                                           from contribution_versions v
                                          where v.item_kind = 'comment' and v.item_id = c.id))
                     order by c.created_at), '[]') as "comments!"
                   from comments c where c.author_id = $1"#,
                id
            )
            .fetch_one(tx.conn())
            .await?;
            let ideas = sqlx::query_scalar!(
                r#"select coalesce(jsonb_agg(jsonb_build_object(
                       'id', i.id, 'programme_id', i.programme_id, 'axis', i.axis,
                       'title', i.title, 'text', i.body, 'profile', i.profile, 'age_bracket', i.age_bracket,
                       'status', i.status, 'project_id', i.project_id,
                       'written_at', i.created_at, 'edited_at', i.edited_at,
                       'withdrawn_at', i.withdrawn_at, 'hidden_at', i.hidden_at, 'hidden_reason', i.hidden_reason,
                       'earlier_texts', (select coalesce(jsonb_agg(jsonb_build_object(
                                                'title', v.title, 'text', v.body, 'written_at', v.written_at,
                                                'replaced_at', v.replaced_at) order by v.replaced_at), '[]')
                                           from contribution_versions v
                                          where v.item_kind = 'idea' and v.item_id = i.id))
                     order by i.created_at), '[]') as "ideas!"
                   from ideas i where i.author_id = $1"#,
                id
            )
            .fetch_one(tx.conn())
            .await?;
            let flags = sqlx::query_scalar!(
                r#"select coalesce(jsonb_agg(jsonb_build_object(
                       'item_kind', f.item_kind, 'item_id', f.item_id, 'sent_at', f.created_at)
                     order by f.created_at), '[]') as "flags!"
                   from flags f where f.account_id = $1"#,
                id
            )
            .fetch_one(tx.conn())
            .await?;
            Ok(vec![
                ("comments", comments),
                ("ideas", ideas),
                ("flags", flags),
            ])
        })
    }
}
