//! `/admin/legal`: what the collectivity's admin completes (the details the
//! templates name: address, desk, phone, director of publication, host,
//! CNDP reference) and, per page and language, its own text in place of the
//! national template — with, for the terms and the personal-data notice, a
//! new version that asks everyone again unless the change is a correction.

use askama::Template;
use axum::{
    Form, Router,
    extract::Path,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use infitah_platform::{
    AppError, AppResult, Page,
    auth::{PublishLegal, Staff},
    form::{self, Fields},
    i18n::Lang,
    texts::date_label,
    web::Shell,
};
use serde_json::json;

use super::{Kind, repo, text};
use crate::forms::{self as identity_forms, Errors};

pub fn router() -> Router<crate::IdentityState> {
    Router::new()
        .route("/admin/legal", get(index))
        .route("/admin/legal/details", post(save_details))
        .route("/admin/legal/{kind}/{lang}", get(edit).post(save_text))
        .route("/admin/legal/{kind}/{lang}/reset", post(reset))
}

/// The longest own text accepted (a form stays under the body limit in any script).
const MAX_BODY: usize = 20_000;

struct PageRow {
    kind: Kind,
    label: String,
    langs: Vec<LangCell>,
}

struct LangCell {
    lang: Lang,
    href: String,
    /// "Own text since 3 December 2026", or "national template".
    state: String,
    own: bool,
}

struct DetailField {
    name: &'static str,
    label: String,
    hint: String,
    value: String,
    dir: &'static str,
    max: usize,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_legal.html")]
struct IndexPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    fields: Vec<DetailField>,
    /// The placeholders still without a value, by their label.
    missing: Vec<String>,
    pages: Vec<PageRow>,
    versions: Vec<(i64, String, String)>,
    errors: Errors,
    message: Option<String>,
}

/// The details form's fields: (name, dir, max length).
const DETAILS: [(&str, &str, usize); 6] = [
    ("address", "auto", 300),
    ("email", "ltr", 254),
    ("phone", "ltr", 40),
    ("publisher", "auto", 200),
    ("hosting", "auto", 300),
    ("cndp", "ltr", 100),
];

fn detail_of<'d>(d: &'d repo::Details, name: &str) -> &'d Option<String> {
    match name {
        "address" => &d.address,
        "email" => &d.email,
        "phone" => &d.phone,
        "publisher" => &d.publisher,
        "hosting" => &d.hosting,
        _ => &d.cndp,
    }
}

/// The details the templates name that the collectivity has not given yet.
pub(crate) fn missing_details(d: &repo::Details) -> Vec<&'static str> {
    DETAILS
        .iter()
        .filter(|(name, _, _)| detail_of(d, name).is_none())
        .map(|(name, _, _)| *name)
        .collect()
}

async fn index_view(
    page: &Page,
    shown: Option<(&repo::Details, Errors)>,
    message: Option<String>,
) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let stored = repo::details(&mut tx).await?;
    let own = repo::own_texts(&mut tx).await?;
    let versions = repo::terms_versions(&mut tx).await?;
    tx.commit().await?;
    let (details, errors) = match shown {
        Some((d, e)) => (d.clone(), e),
        None => (stored.clone(), Errors::default()),
    };
    let tr = page.tr();
    let fields = DETAILS
        .iter()
        .map(|&(name, dir, max)| DetailField {
            name,
            label: tr.t(&format!("legal-field-{name}")),
            hint: tr.t(&format!("legal-field-{name}-hint")),
            value: detail_of(&details, name).clone().unwrap_or_default(),
            dir,
            max,
            error: errors.get(name).cloned(),
        })
        .collect();
    let missing = missing_details(&stored)
        .into_iter()
        .map(|name| tr.t(&format!("legal-field-{name}")))
        .collect();
    let pages = Kind::ALL
        .into_iter()
        .map(|kind| PageRow {
            kind,
            label: tr.t(kind.label_id()),
            langs: page
                .site
                .languages()
                .iter()
                .map(|&lang| {
                    let since = own
                        .iter()
                        .find(|(k, l, _)| k == kind.slug() && l == lang.code())
                        .map(|(_, _, at)| date_label(page.lang, at.date()));
                    LangCell {
                        lang,
                        href: format!("/admin/legal/{}/{}", kind.slug(), lang.code()),
                        own: since.is_some(),
                        state: match since {
                            Some(d) => tr.s("legal-own-since", &d),
                            None => tr.t("legal-national-template"),
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let versions = versions
        .into_iter()
        .map(|v| {
            (
                i64::from(v.version),
                v.published_at
                    .map(|at| date_label(page.lang, at.date()))
                    .unwrap_or_default(),
                v.summary.unwrap_or_default(),
            )
        })
        .collect();
    page.render(
        errors.status(),
        &IndexPage {
            shell: page.shell_at("/admin/legal", tr.t("legal-admin-title")),
            csrf: page.csrf.clone(),
            fields,
            missing,
            pages,
            versions,
            errors,
            message,
        },
    )
}

async fn index(page: Page, _: Staff<PublishLegal>) -> AppResult<Response> {
    index_view(&page, None, None).await
}

async fn save_details(
    page: Page,
    admin: Staff<PublishLegal>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let f = Fields(f);
    let tr = page.tr();
    let mut errors = Errors::default();
    let mut one = |name: &str, max: usize| form::text(&tr, &mut errors, name, f.one(name), max);
    let mut d = repo::Details {
        address: one("address", 300),
        email: None,
        phone: one("phone", 40),
        publisher: one("publisher", 200),
        hosting: one("hosting", 300),
        cndp: one("cndp", 100),
        updated_at: None,
    };
    let raw_email = f.one("email").trim();
    if !raw_email.is_empty() {
        d.email = identity_forms::email(&tr, &mut errors, "email", raw_email);
        if d.email.is_none() {
            d.email = Some(raw_email.to_owned());
        }
    }
    for name in ["phone", "cndp"] {
        let v = detail_of(&d, name).as_deref().unwrap_or("");
        if !errors.has(name) && v.chars().any(infitah_platform::text::is_bidi_control) {
            errors.add(name, tr.t("field-invalid-characters"));
        }
    }
    if !errors.is_empty() {
        return index_view(&page, Some((&d, errors)), None).await;
    }
    let mut tx = page.tx().await?;
    repo::save_details(&mut tx, &d, admin.viewer().account_id).await?;
    let who = Some(admin.viewer().account_id);
    crate::repo::log(&mut tx, "legal_details_saved", None, who, json!({})).await?;
    tx.commit().await?;
    index_view(&page, None, Some(tr.t("legal-details-saved"))).await
}

#[derive(Template)]
#[template(path = "admin_legal_edit.html")]
struct EditPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    kind: Kind,
    label: String,
    lang: Lang,
    body: String,
    own: bool,
    /// Whether saving makes a new version of the terms (asks everyone again).
    versioned: bool,
    correction: bool,
    summary: String,
    preview: String,
    placeholders: Vec<&'static str>,
    errors: Errors,
    message: Option<String>,
}

fn target(page: &Page, kind: &str, lang: &str) -> AppResult<(Kind, Lang)> {
    let kind = Kind::parse(kind).ok_or(AppError::NotFound)?;
    let lang = Lang::parse(lang)
        .filter(|l| page.site.languages().contains(l))
        .ok_or(AppError::NotFound)?;
    Ok((kind, lang))
}

struct Draft {
    body: String,
    correction: bool,
    summary: String,
}

async fn edit_view(
    page: &Page,
    kind: Kind,
    lang: Lang,
    draft: Option<Draft>,
    errors: Errors,
    message: Option<String>,
) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let preview = super::rendered(page, &mut tx, kind, lang).await?;
    tx.commit().await?;
    let has_own = preview.own.is_some();
    let draft = draft.unwrap_or_else(|| Draft {
        body: preview
            .own
            .clone()
            .unwrap_or_else(|| text::template(kind, lang).to_owned()),
        correction: false,
        summary: String::new(),
    });
    let tr = page.tr();
    let label = tr.t(kind.label_id());
    page.render(
        errors.status(),
        &EditPage {
            shell: page.shell_at(
                &format!("/admin/legal/{}/{}", kind.slug(), lang.code()),
                format!("{label} · {}", lang.native_name()),
            ),
            csrf: page.csrf.clone(),
            kind,
            label,
            lang,
            body: draft.body,
            own: has_own,
            versioned: kind.accepted(),
            correction: draft.correction,
            summary: draft.summary,
            preview: preview.html,
            placeholders: text::PLACEHOLDERS.to_vec(),
            errors,
            message,
        },
    )
}

async fn edit(
    page: Page,
    _: Staff<PublishLegal>,
    Path((kind, lang)): Path<(String, String)>,
) -> AppResult<Response> {
    let (kind, lang) = target(&page, &kind, &lang)?;
    edit_view(&page, kind, lang, None, Errors::default(), None).await
}

async fn save_text(
    page: Page,
    admin: Staff<PublishLegal>,
    Path((kind, lang)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (kind, lang) = target(&page, &kind, &lang)?;
    let f = Fields(f);
    let tr = page.tr();
    let mut errors = Errors::default();
    let body = form::required_text(
        &tr,
        &mut errors,
        "body",
        f.one("body"),
        MAX_BODY,
        "field-required",
    );
    let correction = kind.accepted() && f.one("correction") == "on";
    let summary = form::text(&tr, &mut errors, "summary", f.one("summary"), 500);
    if kind.accepted() && !correction && summary.is_none() && !errors.has("summary") {
        errors.add("summary", tr.t("legal-summary-required"));
    }
    let Some(body) = body.filter(|_| errors.is_empty()) else {
        let draft = Draft {
            body: f.one("body").to_owned(),
            correction,
            summary: f.one("summary").to_owned(),
        };
        return edit_view(&page, kind, lang, Some(draft), errors, None).await;
    };
    let by = admin.viewer().account_id;
    let mut tx = page.tx().await?;
    repo::save_text(&mut tx, kind, lang, &body, by).await?;
    let version = if kind.accepted() && !correction {
        Some(repo::new_terms_version(&mut tx, summary.as_deref(), by).await?)
    } else {
        None
    };
    let detail = json!({"page": kind.slug(), "lang": lang.code(), "terms_version": version});
    crate::repo::log(&mut tx, "legal_text_saved", None, Some(by), detail).await?;
    tx.commit().await?;
    let message = match version {
        Some(v) => tr.n("legal-saved-new-version", v as i64),
        None => tr.t("legal-saved"),
    };
    edit_view(&page, kind, lang, None, Errors::default(), Some(message)).await
}

/// Back to the national template (for the terms, a new version too).
async fn reset(
    page: Page,
    admin: Staff<PublishLegal>,
    Path((kind, lang)): Path<(String, String)>,
) -> AppResult<Response> {
    let (kind, lang) = target(&page, &kind, &lang)?;
    let by = admin.viewer().account_id;
    let mut tx = page.tx().await?;
    if repo::drop_text(&mut tx, kind, lang).await? {
        let version = if kind.accepted() {
            let summary = page.t("legal-reset-summary");
            Some(repo::new_terms_version(&mut tx, Some(&summary), by).await?)
        } else {
            None
        };
        let detail = json!({"page": kind.slug(), "lang": lang.code(), "terms_version": version});
        crate::repo::log(&mut tx, "legal_text_reset", None, Some(by), detail).await?;
    }
    tx.commit().await?;
    let to = format!("/admin/legal/{}/{}", kind.slug(), lang.code());
    Ok(Redirect::to(&to).into_response())
}
