//! The identity tables, reached only through the tenant transaction: an
//! account, session or token of another collectivity does not exist here.

use infitah_platform::{
    auth::Role,
    db::{TenantCall, TenantTx},
    i18n::Lang,
};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub lang: Lang,
    pub verified: bool,
    pub created_at: OffsetDateTime,
}

pub async fn find_by_email(tx: &mut TenantTx, email: &str) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select id, email as "email!", display_name as "display_name!", password_hash, lang,
                  email_verified_at is not null as "verified!", created_at
             from accounts where email = $1 and deleted_at is null"#,
        email
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| Account {
        id: r.id,
        email: r.email,
        display_name: r.display_name,
        password_hash: r.password_hash,
        lang: Lang::parse(&r.lang).unwrap_or(Lang::Ar),
        verified: r.verified,
        created_at: r.created_at,
    }))
}

pub async fn find(tx: &mut TenantTx, id: Uuid) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select id, email as "email!", display_name as "display_name!", password_hash, lang,
                  email_verified_at is not null as "verified!", created_at
             from accounts where id = $1 and deleted_at is null"#,
        id
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| Account {
        id: r.id,
        email: r.email,
        display_name: r.display_name,
        password_hash: r.password_hash,
        lang: Lang::parse(&r.lang).unwrap_or(Lang::Ar),
        verified: r.verified,
        created_at: r.created_at,
    }))
}

/// Creates an account; None when the address is taken in this collectivity.
pub async fn create(
    tx: &mut TenantTx,
    email: &str,
    display_name: &str,
    password_hash: Option<&str>,
    lang: Lang,
    terms_version: Option<i32>,
) -> Result<Option<Uuid>, sqlx::Error> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    let done = sqlx::query!(
        "insert into accounts (tenant_id, id, email, display_name, password_hash, lang,
                               terms_version, terms_accepted_at)
         values ($1, $2, $3, $4, $5, $6, $7::integer, case when $7::integer is not null then now() end)
         on conflict (tenant_id, email) do nothing",
        tenant,
        id,
        email,
        display_name,
        password_hash,
        lang.code(),
        terms_version
    )
    .execute(tx.conn())
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

pub async fn set_password(tx: &mut TenantTx, id: Uuid, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update accounts set password_hash = $2 where id = $1 and deleted_at is null",
        id,
        hash
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn mark_verified(tx: &mut TenantTx, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update accounts set email_verified_at = coalesce(email_verified_at, now()) where id = $1 and deleted_at is null",
        id
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Moves the account to a new, verified address; false when another account holds it.
pub async fn change_email(tx: &mut TenantTx, id: Uuid, email: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update accounts set email = $2, email_verified_at = now()
          where id = $1 and deleted_at is null
            and not exists (select 1 from accounts o where o.email = $2 and o.id <> $1)",
        id,
        email
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn update_profile(
    tx: &mut TenantTx,
    id: Uuid,
    display_name: &str,
    lang: Lang,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update accounts set display_name = $2, lang = $3 where id = $1 and deleted_at is null",
        id,
        display_name,
        lang.code()
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Erases the personal data; the row stays so that contributions remain, as "deleted user".
pub async fn delete(tx: &mut TenantTx, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update accounts set email = null, display_name = null, password_hash = null, email_verified_at = null,
                deleted_at = now() where id = $1 and deleted_at is null",
        id
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!("delete from account_roles where account_id = $1", id)
        .execute(tx.conn())
        .await?;
    sqlx::query!(
        "update sessions set revoked_at = now() where account_id = $1 and revoked_at is null",
        id
    )
    .execute(tx.conn())
    .await?;
    sqlx::query!(
        "update account_tokens set used_at = now() where account_id = $1 and used_at is null",
        id
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn roles(tx: &mut TenantTx, account: Uuid) -> Result<Vec<Role>, sqlx::Error> {
    let rows = sqlx::query_scalar!(
        "select role from account_roles where account_id = $1 order by role",
        account
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.iter().filter_map(|r| Role::parse(r)).collect())
}

pub async fn grant(
    tx: &mut TenantTx,
    account: Uuid,
    role: Role,
    by: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant().0;
    let done = sqlx::query!(
        "insert into account_roles (tenant_id, account_id, role, granted_by) values ($1, $2, $3, $4)
         on conflict do nothing",
        tenant,
        account,
        role.as_str(),
        by
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces an account's staff roles; returns (added, removed).
pub async fn set_roles(
    tx: &mut TenantTx,
    account: Uuid,
    wanted: &[Role],
    by: Uuid,
) -> Result<(Vec<Role>, Vec<Role>), sqlx::Error> {
    let current = roles(tx, account).await?;
    let added: Vec<Role> = wanted
        .iter()
        .copied()
        .filter(|r| !current.contains(r))
        .collect();
    let removed: Vec<Role> = current
        .iter()
        .copied()
        .filter(|r| !wanted.contains(r))
        .collect();
    for r in &added {
        grant(tx, account, *r, Some(by)).await?;
    }
    let removed_names: Vec<String> = removed.iter().map(|r| r.as_str().to_owned()).collect();
    sqlx::query!(
        "delete from account_roles where account_id = $1 and role = any($2)",
        account,
        &removed_names
    )
    .execute(tx.conn())
    .await?;
    Ok((added, removed))
}

/// A live session: not revoked, within both time-outs, of an account that still exists.
pub struct SessionRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub display_name: String,
    pub email: String,
    pub verified: bool,
    pub roles: Vec<String>,
    /// A newer version of the terms than the one this person accepted.
    pub terms_due: bool,
}

pub async fn open_session(
    tx: &mut TenantTx,
    account: Uuid,
    token_hash: &[u8],
    absolute_hours: i64,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into sessions (tenant_id, id, token_hash, account_id, expires_at)
         values ($1, $2, $3, $4, now() + make_interval(hours => $5::int))",
        tenant,
        id,
        token_hash,
        account,
        absolute_hours as i32
    )
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// The live session of a cookie's token, in one statement (`session_live`,
/// migrations/0010), which also records its use at most once a minute.
pub async fn live_session(
    call: &TenantCall<'_>,
    token_hash: &[u8],
    idle_minutes: i64,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as!(
        SessionRow,
        r#"select id as "id!", account_id as "account_id!", display_name as "display_name!",
                  email as "email!", verified as "verified!", roles as "roles!",
                  terms_due as "terms_due!"
             from session_live($1, $2, $3)"#,
        call.tenant().0,
        token_hash,
        idle_minutes as i32
    )
    .fetch_optional(call.pool())
    .await
}

pub async fn revoke_session(tx: &mut TenantTx, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update sessions set revoked_at = now() where id = $1 and revoked_at is null",
        id
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Revokes every session of an account but `keep`; returns how many.
pub async fn revoke_sessions(
    tx: &mut TenantTx,
    account: Uuid,
    keep: Option<Uuid>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "update sessions set revoked_at = now()
          where account_id = $1 and revoked_at is null and ($2::uuid is null or id <> $2)",
        account,
        keep
    )
    .execute(tx.conn())
    .await?
    .rows_affected())
}

/// The purposes of one-time tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    Invitation,
    ChangeEmail,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::Invitation => "invitation",
            Purpose::ChangeEmail => "change_email",
        }
    }
}

pub async fn store_token(
    tx: &mut TenantTx,
    hash: &[u8],
    purpose: Purpose,
    account: Uuid,
    email: &str,
    role: Option<Role>,
    valid_minutes: i64,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into account_tokens (tenant_id, token_hash, purpose, account_id, email, role, expires_at)
         values ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7::int))",
        tenant,
        hash,
        purpose.as_str(),
        account,
        email,
        role.map(|r| r.as_str()),
        valid_minutes as i32
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A token's content, when it is valid.
pub struct TokenUse {
    pub account_id: Uuid,
    pub email: String,
    pub role: Option<Role>,
}

/// Consumes a token: valid only once, before it expires, for its purpose, in
/// this collectivity (row-level security sees no other's). The row is locked,
/// so two simultaneous uses cannot both succeed.
pub async fn use_token(
    tx: &mut TenantTx,
    hash: &[u8],
    purpose: Purpose,
) -> Result<Option<TokenUse>, sqlx::Error> {
    let row = sqlx::query!(
        "update account_tokens set used_at = now()
          where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
          returning account_id, email, role",
        hash,
        purpose.as_str()
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| TokenUse {
        account_id: r.account_id,
        email: r.email,
        role: r.role.as_deref().and_then(Role::parse),
    }))
}

/// Reads a token without consuming it (to show the form it leads to).
pub async fn peek_token(
    tx: &mut TenantTx,
    hash: &[u8],
    purpose: Purpose,
) -> Result<Option<TokenUse>, sqlx::Error> {
    let row = sqlx::query!(
        "select account_id, email, role from account_tokens
          where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()",
        hash,
        purpose.as_str()
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| TokenUse {
        account_id: r.account_id,
        email: r.email,
        role: r.role.as_deref().and_then(Role::parse),
    }))
}

/// Voids the unused tokens of a purpose (a new reset link voids the older ones).
pub async fn void_tokens(
    tx: &mut TenantTx,
    account: Uuid,
    purpose: Purpose,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update account_tokens set used_at = now() where account_id = $1 and purpose = $2 and used_at is null",
        account,
        purpose.as_str()
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Writes an entry of the collectivity's security log.
pub async fn log(
    tx: &mut TenantTx,
    kind: &str,
    account: Option<Uuid>,
    actor: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    let tenant = tx.tenant().0;
    sqlx::query!(
        "insert into security_events (tenant_id, id, kind, account_id, actor_id, detail) values ($1, $2, $3, $4, $5, $6)",
        tenant,
        Uuid::now_v7(),
        kind,
        account,
        actor,
        detail
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub struct SecurityEvent {
    pub at: OffsetDateTime,
    pub kind: String,
    pub account: Option<String>,
    pub actor: Option<String>,
    pub detail: serde_json::Value,
}

pub async fn security_log(
    tx: &mut TenantTx,
    limit: i64,
) -> Result<Vec<SecurityEvent>, sqlx::Error> {
    sqlx::query_as!(
        SecurityEvent,
        r#"select e.at, e.kind, a.display_name as account, b.display_name as actor, e.detail
             from security_events e
             left join accounts a on a.id = e.account_id
             left join accounts b on b.id = e.actor_id
            order by e.at desc limit $1"#,
        limit
    )
    .fetch_all(tx.conn())
    .await
}

pub struct StaffMember {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub verified: bool,
    pub roles: Vec<String>,
    pub sessions: i64,
    pub pending: bool,
}

/// Accounts holding a staff role, and pending invitations.
pub async fn staff(tx: &mut TenantTx) -> Result<Vec<StaffMember>, sqlx::Error> {
    sqlx::query_as!(
        StaffMember,
        r#"select a.id, a.email as "email!", a.display_name as "display_name!",
                  a.email_verified_at is not null as "verified!",
                  coalesce(array(select r.role from account_roles r where r.account_id = a.id order by r.role), '{}') as "roles!",
                  (select count(*) from sessions s where s.account_id = a.id and s.revoked_at is null and s.expires_at > now()) as "sessions!",
                  (a.password_hash is null) as "pending!"
             from accounts a
            where a.deleted_at is null
              and (exists (select 1 from account_roles r where r.account_id = a.id)
                   or exists (select 1 from account_tokens t where t.account_id = a.id and t.purpose = 'invitation'
                                                       and t.used_at is null and t.expires_at > now()))
            order by a.display_name"#
    )
    .fetch_all(tx.conn())
    .await
}

/// Everything an account holds, for "download my data".
pub async fn export(tx: &mut TenantTx, id: Uuid) -> Result<serde_json::Value, sqlx::Error> {
    let Some(a) = find(tx, id).await? else {
        return Ok(json!(null));
    };
    let roles = roles(tx, id).await?;
    let sessions = sqlx::query!(
        "select created_at, last_seen_at, expires_at, revoked_at from sessions where account_id = $1 order by created_at",
        id
    )
    .fetch_all(tx.conn())
    .await?;
    let events = sqlx::query!(
        "select at, kind from security_events where account_id = $1 order by at",
        id
    )
    .fetch_all(tx.conn())
    .await?;
    let terms = sqlx::query!(
        "select terms_version, terms_accepted_at from accounts where id = $1",
        id
    )
    .fetch_one(tx.conn())
    .await?;
    let fmt = |t: OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    Ok(json!({
        "account": {
            "id": a.id, "email": a.email, "display_name": a.display_name, "language": a.lang.code(),
            "email_verified": a.verified, "created_at": fmt(a.created_at),
        },
        "terms": {"version": terms.terms_version, "accepted_at": terms.terms_accepted_at.map(fmt)},
        "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "sessions": sessions.iter().map(|s| json!({
            "created_at": fmt(s.created_at), "last_seen_at": fmt(s.last_seen_at),
            "expires_at": fmt(s.expires_at), "revoked_at": s.revoked_at.map(fmt),
        })).collect::<Vec<_>>(),
        "security_events": events.iter().map(|e| json!({"at": fmt(e.at), "kind": e.kind})).collect::<Vec<_>>(),
    }))
}
