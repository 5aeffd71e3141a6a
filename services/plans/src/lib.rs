//! Plans: a collectivity's openness action programme — its process stages,
//! projects, activities and progress. This first part serves the
//! collectivity's home page and owns the programme and project tables.

pub mod repo;

use askama::Template;
use axum::{
    Router,
    extract::State,
    response::{IntoResponse, Response},
    routing::get,
};
use infitah_platform::{
    AppResult, AppState,
    cache::CacheKey,
    i18n::Catalog,
    tenancy::{CurrentTenant, Site},
    web::{ReqLang, Shell, html_page},
};

pub static CATALOG: Catalog = Catalog {
    ar: include_str!("../locales/ar.ftl"),
    fr: include_str!("../locales/fr.ftl"),
    en: include_str!("../locales/en.ftl"),
};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// The openness process, in order (DOMAIN.md): co-preparation in four steps,
/// co-implementation, co-monitoring and evaluation.
pub const STAGES: [(&str, &[&str]); 3] = [
    (
        "stage-preparation",
        &[
            "stage-axes",
            "stage-workshops",
            "stage-consultation",
            "stage-approval",
        ],
    ),
    ("stage-implementation", &[]),
    ("stage-monitoring", &[]),
];

/// A stage of the process as shown on the page.
pub struct StageView {
    pub number: usize,
    pub title: String,
    pub steps: Vec<String>,
}

pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home<'a> {
    shell: Shell<'a>,
    other_name: String,
    facts: Vec<Fact>,
    stages: Vec<StageView>,
}

async fn home(
    State(state): State<AppState>,
    site: Site,
    CurrentTenant(tenant): CurrentTenant,
    ReqLang(lang): ReqLang,
) -> AppResult<Response> {
    let generation = format!("{:016x}", state.directory.snapshot().fingerprint);
    let key = CacheKey::tenant(tenant.id(), &["page", &generation, lang.code(), "/"]);
    let page = state
        .pages
        .get_or_render(&state.redis, &state.metrics, key, || async {
            let tr = state.i18n.tr(lang);
            let other = if lang == infitah_platform::i18n::Lang::Ar {
                infitah_platform::i18n::Lang::Fr
            } else {
                infitah_platform::i18n::Lang::Ar
            };
            let mut facts = vec![];
            if let Some(p) = tenant.record.population {
                facts.push(Fact {
                    label: tr.t("home-population"),
                    value: tr.number(p as i64),
                });
            }
            if let Some(code) = &tenant.record.hcp_code {
                facts.push(Fact {
                    label: tr.t("home-hcp-code"),
                    value: code.to_string(),
                });
            }
            facts.push(Fact {
                label: tr.t("home-languages"),
                value: tenant
                    .languages()
                    .iter()
                    .map(|l| l.native_name())
                    .collect::<Vec<_>>()
                    .join(" · "),
            });
            html_page(&Home {
                shell: Shell::new(&state, &site, lang, "/", tr.t("home-title")),
                other_name: tenant.name(other).to_owned(),
                facts,
                stages: STAGES
                    .iter()
                    .enumerate()
                    .map(|(i, (title, steps))| StageView {
                        number: i + 1,
                        title: tr.t(title),
                        steps: steps.iter().map(|s| tr.t(s)).collect(),
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(page.into_response())
}
