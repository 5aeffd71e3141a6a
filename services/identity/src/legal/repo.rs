//! The legal pages' SQL: the collectivity's details, its own texts, the
//! versions of its terms and the acceptance of each person — every one over
//! the tenant transaction, held to the collectivity by row-level security.

use infitah_platform::{db::TenantTx, i18n::Lang};
use time::OffsetDateTime;
use uuid::Uuid;

use super::Kind;

/// What the templates' placeholders are filled with (absent = not given yet).
#[derive(Debug, Default, Clone)]
pub struct Details {
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub publisher: Option<String>,
    pub hosting: Option<String>,
    pub cndp: Option<String>,
    pub updated_at: Option<OffsetDateTime>,
}

pub async fn details(tx: &mut TenantTx) -> Result<Details, sqlx::Error> {
    let row = sqlx::query!(
        "select address, email, phone, publisher, hosting, cndp, updated_at from legal_details"
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row
        .map(|r| Details {
            address: r.address,
            email: r.email,
            phone: r.phone,
            publisher: r.publisher,
            hosting: r.hosting,
            cndp: r.cndp,
            updated_at: Some(r.updated_at),
        })
        .unwrap_or_default())
}

pub async fn save_details(tx: &mut TenantTx, d: &Details, by: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into legal_details (tenant_id, address, email, phone, publisher, hosting, cndp, updated_by)
         values (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4, $5, $6, $7)
         on conflict (tenant_id) do update set address = excluded.address, email = excluded.email,
             phone = excluded.phone, publisher = excluded.publisher, hosting = excluded.hosting,
             cndp = excluded.cndp, updated_at = now(), updated_by = excluded.updated_by",
        d.address,
        d.email,
        d.phone,
        d.publisher,
        d.hosting,
        d.cndp,
        by
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The collectivity's own text of `kind` in `lang`, with when it was written.
pub async fn own_text(
    tx: &mut TenantTx,
    kind: Kind,
    lang: Lang,
) -> Result<Option<(String, OffsetDateTime)>, sqlx::Error> {
    let row = sqlx::query!(
        "select body, updated_at from legal_texts where kind = $1 and lang = $2",
        kind.slug(),
        lang.code()
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(|r| (r.body, r.updated_at)))
}

/// Which (kind, language) pairs hold the collectivity's own text, and since when.
pub async fn own_texts(
    tx: &mut TenantTx,
) -> Result<Vec<(String, String, OffsetDateTime)>, sqlx::Error> {
    let rows = sqlx::query!("select kind, lang, updated_at from legal_texts order by kind, lang")
        .fetch_all(tx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.kind, r.lang, r.updated_at))
        .collect())
}

pub async fn save_text(
    tx: &mut TenantTx,
    kind: Kind,
    lang: Lang,
    body: &str,
    by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into legal_texts (tenant_id, kind, lang, body, updated_by)
         values (current_setting('app.tenant_id')::uuid, $1, $2, $3, $4)
         on conflict (tenant_id, kind, lang) do update
             set body = excluded.body, updated_at = now(), updated_by = excluded.updated_by",
        kind.slug(),
        lang.code(),
        body,
        by
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Back to the national template; whether there was a text of its own.
pub async fn drop_text(tx: &mut TenantTx, kind: Kind, lang: Lang) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "delete from legal_texts where kind = $1 and lang = $2",
        kind.slug(),
        lang.code()
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// A version of the terms: its number, since when, and what changed.
#[derive(Debug, Clone)]
pub struct TermsVersion {
    pub version: i32,
    pub published_at: Option<OffsetDateTime>,
    pub summary: Option<String>,
}

/// Every version after the first, newest first.
pub async fn terms_versions(tx: &mut TenantTx) -> Result<Vec<TermsVersion>, sqlx::Error> {
    let rows = sqlx::query!(
        "select version, published_at, summary from terms_versions order by version desc"
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TermsVersion {
            version: r.version,
            published_at: Some(r.published_at),
            summary: r.summary,
        })
        .collect())
}

/// The version in force: the newest, or the first (the templates as shipped).
pub async fn current_terms(tx: &mut TenantTx) -> Result<TermsVersion, sqlx::Error> {
    Ok(terms_versions(tx)
        .await?
        .into_iter()
        .next()
        .unwrap_or(TermsVersion {
            version: 1,
            published_at: None,
            summary: None,
        }))
}

/// A new version of the terms; everyone who accepted an older one is asked again.
/// Concurrent saves take the next number in turn (the row lock of the insert's
/// conflict), never the same.
pub async fn new_terms_version(
    tx: &mut TenantTx,
    summary: Option<&str>,
    by: Uuid,
) -> Result<i32, sqlx::Error> {
    sqlx::query!("lock table terms_versions in share row exclusive mode")
        .execute(tx.conn())
        .await?;
    sqlx::query_scalar!(
        r#"insert into terms_versions (tenant_id, version, summary, published_by)
           select current_setting('app.tenant_id')::uuid, coalesce(max(version), 1) + 1, $1, $2
             from terms_versions
           returning version"#,
        summary,
        by
    )
    .fetch_one(tx.conn())
    .await
}

/// Records that `account` accepted `version` now.
pub async fn accept_terms(
    tx: &mut TenantTx,
    account: Uuid,
    version: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update accounts set terms_version = $2, terms_accepted_at = now()
          where id = $1 and deleted_at is null",
        account,
        version
    )
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The version `account` accepted, and when (none for accounts an operator made).
pub async fn accepted(
    tx: &mut TenantTx,
    account: Uuid,
) -> Result<(Option<i32>, Option<OffsetDateTime>), sqlx::Error> {
    let row = sqlx::query!(
        "select terms_version, terms_accepted_at from accounts where id = $1",
        account
    )
    .fetch_optional(tx.conn())
    .await?;
    Ok(row
        .map(|r| (r.terms_version, r.terms_accepted_at))
        .unwrap_or((None, None)))
}

/// Whether `account` accepted a version older than the one in force (as the
/// live session says it, `session_live` in migrations/0016).
pub async fn terms_due(tx: &mut TenantTx, account: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select coalesce(a.terms_version < (select max(v.version) from terms_versions v), false) as "due!"
             from accounts a where a.id = $1"#,
        account
    )
    .fetch_one(tx.conn())
    .await
}
