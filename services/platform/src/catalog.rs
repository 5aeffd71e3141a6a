//! The national catalogues every collectivity shares — pillars, standard
//! expected results, problem categories, commenters' profiles, age
//! brackets: the vocabulary of the card and of participation. The platform
//! owns the table (`catalog_entries`); the services read it here, and the
//! national managers' page edits it here. Codes never change and nothing
//! is deleted: a retired entry is no longer offered in forms but still
//! shows on the records that hold it. The table's policies let only the
//! nation's transaction write (migrations/0004_plans.sql).

use sqlx::PgConnection;

use crate::{db::TenantTx, i18n::Lang};

/// The catalogues, in the order pages list them.
pub const CATALOGS: [&str; 5] = [
    "pillar",
    "outcome",
    "problem_category",
    "profile",
    "age_bracket",
];

/// A catalogue entry, in every language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CatalogEntry {
    pub code: String,
    pub label_ar: String,
    pub label_fr: String,
    pub label_en: Option<String>,
    pub retired: bool,
}

impl CatalogEntry {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ar => &self.label_ar,
            Lang::Fr => &self.label_fr,
            Lang::En => self.label_en.as_deref().unwrap_or(&self.label_fr),
        }
    }
}

/// One catalogue (retired entries included: old records keep showing them).
pub async fn catalog(tx: &mut TenantTx, name: &str) -> Result<Vec<CatalogEntry>, sqlx::Error> {
    catalog_on(tx.conn(), name).await
}

/// [`catalog`] on any connection: the catalogues are national, read alike by
/// a collectivity's transaction and by the national role.
pub async fn catalog_on(
    conn: &mut PgConnection,
    name: &str,
) -> Result<Vec<CatalogEntry>, sqlx::Error> {
    sqlx::query_as!(
        CatalogEntry,
        r#"select code, label_ar, label_fr, label_en, retired_at is not null as "retired!"
             from catalog_entries where catalog = $1 order by position, code"#,
        name
    )
    .fetch_all(conn)
    .await
}

/// An entry as the managers' page edits it.
pub struct Entry {
    pub catalog: String,
    pub code: String,
    pub position: i32,
    pub label_ar: String,
    pub label_fr: String,
    pub label_en: Option<String>,
    pub retired: bool,
}

/// Every entry of every catalogue, in page order.
pub async fn entries(tx: &mut TenantTx) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as!(
        Entry,
        r#"select catalog, code, position, label_ar, label_fr, label_en,
                  retired_at is not null as "retired!"
             from catalog_entries order by catalog, position, code"#
    )
    .fetch_all(tx.conn())
    .await
}

/// The labels and place of an entry.
pub struct Labels<'a> {
    pub position: i32,
    pub label_ar: &'a str,
    pub label_fr: &'a str,
    pub label_en: Option<&'a str>,
}

/// A new entry; false when the code is taken in that catalogue.
pub async fn add(
    tx: &mut TenantTx,
    catalog: &str,
    code: &str,
    l: &Labels<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "insert into catalog_entries (catalog, code, position, label_ar, label_fr, label_en)
         values ($1, $2, $3, $4, $5, $6) on conflict (catalog, code) do nothing",
        catalog,
        code,
        l.position,
        l.label_ar,
        l.label_fr,
        l.label_en
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn exists(tx: &mut TenantTx, catalog: &str, code: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from catalog_entries where catalog = $1 and code = $2) as "e!""#,
        catalog,
        code
    )
    .fetch_one(tx.conn())
    .await
}

/// New labels and place for an entry; false when there is no such entry.
pub async fn edit(
    tx: &mut TenantTx,
    catalog: &str,
    code: &str,
    l: &Labels<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update catalog_entries set position = $3, label_ar = $4, label_fr = $5, label_en = $6
          where catalog = $1 and code = $2",
        catalog,
        code,
        l.position,
        l.label_ar,
        l.label_fr,
        l.label_en
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Retires an entry (or brings it back); false when there is no such entry.
pub async fn retire(
    tx: &mut TenantTx,
    catalog: &str,
    code: &str,
    retired: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "update catalog_entries
            set retired_at = case when $3 then coalesce(retired_at, now()) end
          where catalog = $1 and code = $2",
        catalog,
        code,
        retired
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}
