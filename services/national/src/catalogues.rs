//! The national catalogues every collectivity shares — pillars, standard
//! expected results, problem categories, commenters' profiles, age brackets —
//! maintained by national managers on the national site
//! (`/admin/catalogues`): add an entry, edit its labels (ar, fr, en) and
//! order, retire it or bring it back. Nothing is ever deleted (the
//! application role may not, and records refer to entries by code): a
//! retired entry is no longer offered in forms but still shows on the
//! records that hold it. Codes never change.
//!
//! Writes go through a tenant transaction of the nation, which the
//! `catalog_entries` policies allow (migrations/0004_plans.sql); everyone
//! else is refused by the database too.
//!
//! A change reaches every collectivity at once: collectivities' pages read
//! the catalogues fresh whenever they render, and every cached page is keyed
//! by the registry's fingerprint, which a trigger moves on every catalogue
//! change (migrations/0008_evaluations.sql: it touches the nation's row, so
//! `infitah_registry` is notified and every replica reloads). This replica
//! reloads at once, so the manager's next read — anywhere — is fresh.

use std::collections::HashMap;

use askama::Template;
use axum::{
    Form, Router,
    extract::{Path, Query},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use infitah_platform::{
    AppError, AppResult, AppState,
    auth::{ReadNation, Staff},
    catalog::{self, Labels},
    form,
    i18n::Tr,
    web::Shell,
};

use crate::{National, NationalPage, NationalState};

pub use infitah_platform::catalog::CATALOGS;

pub struct Entry {
    /// The key of its form ("catalog:code").
    pub key: String,
    pub code: String,
    pub position_text: String,
    pub position: i32,
    pub label_ar: String,
    pub label_fr: String,
    pub label_en: String,
    pub retired: bool,
    pub uses: i64,
}

pub struct CatalogView {
    pub name: &'static str,
    /// The key of its "add" form ("catalog:").
    pub new_key: String,
    pub title: String,
    pub entries: Vec<Entry>,
}

/// The form values of one entry (or of a new one: `code` set by the manager).
#[derive(Default, Clone)]
pub struct Values {
    pub code: String,
    pub position: String,
    pub label_ar: String,
    pub label_fr: String,
    pub label_en: String,
}

impl Values {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut v = Values::default();
        for (k, x) in pairs {
            let x = x.trim().to_owned();
            match k.as_str() {
                "code" => v.code = x,
                "position" => v.position = x,
                "label_ar" => v.label_ar = x,
                "label_fr" => v.label_fr = x,
                "label_en" => v.label_en = x,
                _ => {}
            }
        }
        v
    }
}

/// Errors by field, for the one form that was sent (its key: "catalog:code", or "catalog:" for a new entry).
#[derive(Default)]
pub struct Errors {
    pub form: String,
    pub fields: form::Errors,
    pub values: Values,
}

impl Errors {
    /// The id of the field an error names, on the page: the sent form's
    /// entry (`catalog-code-…`, or `catalog-new-…` for a new entry).
    pub fn anchor(&self, field: &str) -> String {
        let (catalog, code) = self.form.split_once(':').unwrap_or((&self.form, ""));
        let entry = if code.is_empty() { "new" } else { code };
        let suffix = match field {
            "label_ar" => "ar",
            "label_fr" => "fr",
            "label_en" => "en",
            "position" => "pos",
            other => other,
        };
        format!("{catalog}-{entry}-{suffix}")
    }
    pub fn get(&self, form: &str, field: &str) -> Option<&String> {
        (self.form == form)
            .then(|| self.fields.get(field))
            .flatten()
    }
    /// The value to show in a field of `form`: what was sent, if this form failed.
    pub fn value<'a>(&'a self, form: &str, field: &str, stored: &'a str) -> &'a str {
        if self.form != form {
            return stored;
        }
        match field {
            "code" => &self.values.code,
            "position" => &self.values.position,
            "label_ar" => &self.values.label_ar,
            "label_fr" => &self.values.label_fr,
            "label_en" => &self.values.label_en,
            _ => stored,
        }
    }
}

struct Checked {
    position: i32,
    label_ar: String,
    label_fr: String,
    label_en: Option<String>,
}

impl Checked {
    fn labels(&self) -> Labels<'_> {
        Labels {
            position: self.position,
            label_ar: &self.label_ar,
            label_fr: &self.label_fr,
            label_en: self.label_en.as_deref(),
        }
    }
}

fn label_ok(s: &str) -> bool {
    let n = s.chars().count();
    (1..=200).contains(&n) && !s.chars().any(char::is_control)
}

fn check(tr: &Tr, v: &Values, new: bool) -> Result<Checked, form::Errors> {
    let mut e = form::Errors::default();
    if new {
        let ok = (1..=40).contains(&v.code.len())
            && v.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            e.add("code", tr.t("natcat-error-code"));
        }
    }
    let position = if v.position.is_empty() {
        Some(0)
    } else {
        v.position
            .parse::<i32>()
            .ok()
            .filter(|p| (0..=1000).contains(p))
    };
    if position.is_none() {
        e.add("position", tr.t("natcat-error-position"));
    }
    if !label_ok(&v.label_ar) {
        e.add("label_ar", tr.t("natcat-error-label"));
    }
    if !label_ok(&v.label_fr) {
        e.add("label_fr", tr.t("natcat-error-label"));
    }
    if !v.label_en.is_empty() && !label_ok(&v.label_en) {
        e.add("label_en", tr.t("natcat-error-label-en"));
    }
    match (position, e.is_empty()) {
        (Some(position), true) => Ok(Checked {
            position,
            label_ar: v.label_ar.clone(),
            label_fr: v.label_fr.clone(),
            label_en: Some(v.label_en.clone()).filter(|s| !s.is_empty()),
        }),
        _ => Err(e),
    }
}

/// How many records of every collectivity use each entry (read through the national role).
async fn uses(national: &National) -> anyhow::Result<HashMap<(String, String), i64>> {
    let mut tx = national.db.read().await?;
    let rows = sqlx::query!(
        r#"select catalog as "catalog!", code as "code!", count(*) as "n!" from (
               select 'pillar' as catalog, pillar as code from project_pillars
               union all select 'outcome', outcome from project_outcomes
               union all select 'problem_category', problem_category from projects where problem_category is not null
               union all select 'profile', profile from comments
               union all select 'age_bracket', age_bracket from comments
               union all select 'pillar', axis from ideas
               union all select 'profile', profile from ideas
               union all select 'age_bracket', age_bracket from ideas
               union all select 'age_bracket', age_bracket from workshop_attendance
           ) u group by catalog, code"#
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|r| ((r.catalog, r.code), r.n))
        .collect())
}

#[derive(Template)]
#[template(path = "natcat_index.html")]
struct IndexPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    catalogs: Vec<CatalogView>,
    errors: Errors,
    saved: bool,
}

/// The catalogues' page: with a refused form's errors (422), or after a save.
async fn view(page: &NationalPage, errors: Errors, saved: bool) -> AppResult<Response> {
    let status = errors.fields.status();
    let tr = page.tr();
    let mut tx = page.state.db.tenant_tx(page.site.scope().id()).await?;
    let rows = catalog::entries(&mut tx).await?;
    tx.commit().await?;
    let used = uses(&page.national).await?;
    let mut catalogs: Vec<CatalogView> = CATALOGS
        .iter()
        .map(|c| CatalogView {
            name: c,
            new_key: format!("{c}:"),
            title: tr.t(&format!("natcat-catalog-{c}")),
            entries: vec![],
        })
        .collect();
    for r in rows {
        if let Some(c) = catalogs.iter_mut().find(|c| c.name == r.catalog) {
            c.entries.push(Entry {
                key: format!("{}:{}", r.catalog, r.code),
                position_text: r.position.to_string(),
                uses: used
                    .get(&(r.catalog.clone(), r.code.clone()))
                    .copied()
                    .unwrap_or(0),
                code: r.code,
                position: r.position,
                label_ar: r.label_ar,
                label_fr: r.label_fr,
                label_en: r.label_en.unwrap_or_default(),
                retired: r.retired,
            });
        }
    }
    let p = IndexPage {
        shell: page.shell_at("/admin/catalogues", tr.t("natcat-title")),
        csrf: page.csrf.clone(),
        catalogs,
        errors,
        saved,
    };
    page.render(status, &p)
}

#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /admin/catalogues`.
async fn index(
    page: NationalPage,
    _: Staff<ReadNation>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    view(&page, Errors::default(), q.saved.is_some()).await
}

fn known(catalog: &str) -> AppResult<&'static str> {
    CATALOGS
        .iter()
        .find(|c| **c == catalog)
        .copied()
        .ok_or(AppError::NotFound)
}

/// After a committed change: this replica sees the new registry fingerprint
/// now (the others on the notification), so no cached page outlives it.
async fn done(state: &AppState, catalog: &str) -> AppResult<Response> {
    if let Err(e) = state.directory.reload().await {
        tracing::warn!(error = %e, "registry reload after a catalogue change failed");
    }
    Ok(Redirect::to(&format!("/admin/catalogues?saved=1#{catalog}")).into_response())
}

/// `POST /admin/catalogues/{catalog}`: a new entry.
async fn add(
    page: NationalPage,
    _: Staff<ReadNation>,
    Path(catalog): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let catalog = known(&catalog)?;
    let tr = page.tr();
    let values = Values::from_pairs(pairs);
    let form = format!("{catalog}:");
    let fail = |fields, values| Errors {
        form: form.clone(),
        fields,
        values,
    };
    let c = match check(&tr, &values, true) {
        Ok(c) => c,
        Err(fields) => {
            return view(&page, fail(fields, values), false).await;
        }
    };
    let mut tx = page.state.db.tenant_tx(page.site.scope().id()).await?;
    if !catalog::add(&mut tx, catalog, &values.code, &c.labels()).await? {
        tx.rollback().await?;
        let mut fields = form::Errors::default();
        fields.add("code", tr.t("natcat-error-code-taken"));
        return view(&page, fail(fields, values), false).await;
    }
    tx.commit().await?;
    done(&page.state, catalog).await
}

/// `POST /admin/catalogues/{catalog}/{code}`: labels and order.
async fn edit(
    page: NationalPage,
    _: Staff<ReadNation>,
    Path((catalog, code)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let catalog = known(&catalog)?;
    let values = Values::from_pairs(pairs);
    let c = match check(&page.tr(), &values, false) {
        Ok(c) => c,
        Err(fields) => {
            let mut tx = page.state.db.tenant_tx(page.site.scope().id()).await?;
            let exists = catalog::exists(&mut tx, catalog, &code).await?;
            tx.commit().await?;
            if !exists {
                return Err(AppError::NotFound);
            }
            let errors = Errors {
                form: format!("{catalog}:{code}"),
                fields,
                values,
            };
            return view(&page, errors, false).await;
        }
    };
    let mut tx = page.state.db.tenant_tx(page.site.scope().id()).await?;
    if !catalog::edit(&mut tx, catalog, &code, &c.labels()).await? {
        tx.rollback().await?;
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    done(&page.state, catalog).await
}

/// `POST /admin/catalogues/{catalog}/{code}/retire` with `retired=true|false`.
async fn retire(
    page: NationalPage,
    _: Staff<ReadNation>,
    Path((catalog, code)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let catalog = known(&catalog)?;
    let retired = pairs.iter().any(|(k, v)| k == "retired" && v == "true");
    let mut tx = page.state.db.tenant_tx(page.site.scope().id()).await?;
    if !catalog::retire(&mut tx, catalog, &code, retired).await? {
        tx.rollback().await?;
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    done(&page.state, catalog).await
}

/// The national site's routes (merged into [`crate::router`]).
pub fn router() -> Router<NationalState> {
    Router::new()
        .route("/admin/catalogues", get(index))
        .route("/admin/catalogues/{catalog}", post(add))
        .route("/admin/catalogues/{catalog}/{code}", post(edit))
        .route("/admin/catalogues/{catalog}/{code}/retire", post(retire))
}
