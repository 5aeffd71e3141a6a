//! What law 09-08 asks of a site that collects personal data (#14 §2): on
//! every site — each collectivity's and the national space — the terms of
//! use, the personal-data notice, the legal notice, the accessibility
//! statement and the contact page, at `/legal/{kind}`, in every language
//! the site offers. Their words are national templates that the
//! collectivity's admin completes (who the controller is, its desk, its CNDP
//! reference…) and may replace per language, at `/admin/legal`.
//!
//! The terms of use and the personal-data notice are what a person accepts
//! at sign-up: a substantive change to either makes a new version of the
//! terms, and everyone who accepted an older one is asked again, at
//! `/account/terms`, before they next take part (see `auth::Verified`).

mod accept;
pub(crate) mod admin;
pub mod repo;
pub mod text;

use askama::Template;
use axum::{Router, extract::Path, http::StatusCode, response::Response, routing::get};
use infitah_platform::{AppError, AppResult, Page, i18n::Lang, texts::date_label, web::Shell};

use crate::IdentityState;

pub fn router() -> Router<IdentityState> {
    Router::new()
        .route("/legal/{kind}", get(legal_page))
        .merge(accept::router())
        .merge(admin::router())
}

/// The five pages, in the order the footer lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Terms,
    Privacy,
    LegalNotice,
    Accessibility,
    Contact,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Terms,
        Kind::Privacy,
        Kind::LegalNotice,
        Kind::Accessibility,
        Kind::Contact,
    ];

    /// Its name in addresses and in the database.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Terms => "terms",
            Kind::Privacy => "privacy",
            Kind::LegalNotice => "legal-notice",
            Kind::Accessibility => "accessibility",
            Kind::Contact => "contact",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// The message id of its name ("Terms of use").
    pub fn label_id(self) -> &'static str {
        match self {
            Kind::Terms => "legal-terms",
            Kind::Privacy => "legal-privacy",
            Kind::LegalNotice => "legal-notice",
            Kind::Accessibility => "legal-accessibility",
            Kind::Contact => "legal-contact",
        }
    }

    pub fn href(self) -> String {
        format!("/legal/{}", self.slug())
    }

    /// Whether a person accepts this text at sign-up (a change makes a new version).
    pub fn accepted(self) -> bool {
        matches!(self, Kind::Terms | Kind::Privacy)
    }
}

/// A page's words in one language, ready to show.
pub struct Rendered {
    pub title: String,
    pub html: String,
    /// The collectivity's own text (not the national template), and since when.
    pub own: Option<String>,
    pub own_since: Option<String>,
}

/// The page of `kind` in `lang` on this site: the collectivity's own text or
/// the national template, with its details filled in.
pub async fn rendered(
    page: &Page,
    tx: &mut infitah_platform::db::TenantTx,
    kind: Kind,
    lang: Lang,
) -> AppResult<Rendered> {
    let details = repo::details(tx).await?;
    let own = repo::own_text(tx, kind, lang).await?;
    let tr = page.state.i18n.tr(lang);
    let collectivity = collectivity_name(page, lang);
    let settings = &page.state.settings;
    let host = match page.site.tenant() {
        Some(t) => settings.origin_for(&t.primary_host(&settings.base_domain)),
        None => settings.origin_for(&settings.base_domain),
    };
    let get = |p: &str| -> Option<String> {
        match p {
            "collectivity" => Some(collectivity.clone()),
            "host" => Some(host.clone()),
            "address" => details.address.clone(),
            "email" => details.email.clone(),
            "phone" => details.phone.clone(),
            "publisher" => details.publisher.clone(),
            "hosting" => details.hosting.clone(),
            "cndp" => details
                .cndp
                .clone()
                .or_else(|| Some(tr.t("legal-cndp-pending"))),
            _ => None,
        }
    };
    let missing = tr.t("legal-missing");
    let source = own
        .as_ref()
        .map(|(b, _)| b.as_str())
        .unwrap_or(text::template(kind, lang));
    let label = tr.t(kind.label_id());
    Ok(Rendered {
        title: text::title(source, &label).to_owned(),
        html: text::render(
            source,
            &text::Values {
                get: &get,
                missing: &missing,
            },
        ),
        own_since: own.as_ref().map(|(_, at)| date_label(lang, at.date())),
        own: own.map(|(body, _)| body),
    })
}

/// "Kénitra (commune)", "جماعة القنيطرة": how the texts name the controller.
fn collectivity_name(page: &Page, lang: Lang) -> String {
    let tr = page.state.i18n.tr(lang);
    match page.site.tenant() {
        Some(t) => {
            let kind = tr.t(&format!("kind-{}", t.record.kind.as_str()));
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("kind", kind);
            args.set("name", t.name(lang).to_owned());
            tr.args("legal-collectivity", &args)
        }
        None => tr.t("national-name"),
    }
}

/// The footer's and the forms' links to the five pages.
pub struct LegalLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

pub fn links(
    page: &Page,
    kinds: impl IntoIterator<Item = Kind>,
    current: Option<Kind>,
) -> Vec<LegalLink> {
    kinds
        .into_iter()
        .map(|k| LegalLink {
            href: k.href(),
            label: page.t(k.label_id()),
            current: Some(k) == current,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "legal.html")]
struct LegalPage<'a> {
    shell: Shell<'a>,
    body: Rendered,
    /// For the terms and the notice: the version in force, and since when.
    version: Option<(i64, Option<String>)>,
    others: Vec<LegalLink>,
}

/// `GET /legal/{kind}`: one of the five pages, in the visitor's language.
async fn legal_page(page: Page, Path(kind): Path<String>) -> AppResult<Response> {
    let kind = Kind::parse(&kind).ok_or(AppError::NotFound)?;
    let mut tx = page.tx().await?;
    let body = rendered(&page, &mut tx, kind, page.lang).await?;
    let version = if kind.accepted() {
        let v = repo::current_terms(&mut tx).await?;
        Some((
            i64::from(v.version),
            v.published_at.map(|at| date_label(page.lang, at.date())),
        ))
    } else {
        None
    };
    tx.commit().await?;
    page.render(
        StatusCode::OK,
        &LegalPage {
            shell: page.shell(body.title.clone()),
            body,
            version,
            others: links(&page, Kind::ALL, Some(kind)),
        },
    )
}
