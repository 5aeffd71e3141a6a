//! The open-data pages and files: the index of datasets, the data package
//! (its metadata) and each file, on the national space and on every
//! collectivity's host, and the routers that serve them.

use super::*;

/// The metadata (a Frictionless Data Package): datasets, columns described
/// in French, Arabic and English, licence, sources, date.
pub fn datapackage(scope: &str, title_fr: &str, title_ar: &str) -> Value {
    let now = OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    json!({
        "profile": "tabular-data-package",
        "name": format!("infitah-{scope}"),
        "title": title_fr,
        "title_ar": title_ar,
        "created": now,
        "licenses": [{"name": LICENCE_ID, "title": LICENCE_TITLE, "path": LICENCE_URL}],
        "sources": [{"title": REGISTRY_CREDIT}],
        "description": "Données publiées des programmes d'action d'ouverture : identifiants stables (uuid des lignes, codes HCP), aucune donnée personnelle, aucun brouillon.",
        "resources": DATASETS.iter().flat_map(|d| {
            [Format::Csv, Format::Json].into_iter().map(move |f| {
                let (ext, media) = match f { Format::Csv => ("csv", "text/csv"), Format::Json => ("json", "application/json") };
                json!({
                    "name": format!("{}-{ext}", d.name).replace('_', "-"),
                    "path": format!("{}.{ext}", d.name),
                    "format": ext,
                    "mediatype": media,
                    "encoding": "utf-8",
                    "title": d.fr, "title_ar": d.ar, "title_en": d.en,
                    "schema": {"fields": d.columns.iter().map(|c| json!({
                        "name": c.name, "type": c.kind,
                        "description": c.fr, "description_ar": c.ar, "description_en": c.en,
                    })).collect::<Vec<_>>()},
                })
            })
        }).collect::<Vec<_>>(),
    })
}

pub struct DatasetView {
    pub name: &'static str,
    pub title: &'static str,
    pub columns: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "od_index.html")]
pub(super) struct IndexPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) scope_name: String,
    pub(super) national: bool,
    pub(super) datasets: Vec<DatasetView>,
    pub(super) licence_title: &'static str,
    pub(super) licence_url: &'static str,
    pub(super) credit: &'static str,
}

pub(super) fn index_page(page: &Page) -> AppResult<Response> {
    let (tr, lang) = (page.tr(), page.lang);
    let view = IndexPage {
        shell: page.shell_at("/open-data", tr.t("od-title")),
        scope_name: match &page.site {
            Site::Tenant(t) => t.name(lang).to_owned(),
            Site::National(_) => tr.t("od-scope-nation"),
        },
        national: page.site.is_national(),
        datasets: DATASETS
            .iter()
            .map(|d| DatasetView {
                name: d.name,
                title: d.title(lang),
                columns: d
                    .columns
                    .iter()
                    .map(|c| (c.name, c.description(lang)))
                    .collect(),
            })
            .collect(),
        licence_title: LICENCE_TITLE,
        licence_url: LICENCE_URL,
        credit: REGISTRY_CREDIT,
    };
    page.render(StatusCode::OK, &view)
}

pub(super) async fn national_index(page: NationalPage) -> AppResult<Response> {
    index_page(&page)
}

pub(super) async fn national_package(_: NationalPage) -> Json<Value> {
    Json(datapackage(
        "national",
        "Maroc — données ouvertes",
        "المغرب — البيانات المفتوحة",
    ))
}

pub(super) async fn national_file(
    page: NationalPage,
    Path(file): Path<String>,
) -> AppResult<Response> {
    export(Source::Nation(page.national), "national".to_owned(), &file).await
}

pub(super) async fn tenant_index(page: TenantPage) -> AppResult<Response> {
    index_page(&page)
}

pub(super) async fn tenant_package(CurrentTenant(tenant): CurrentTenant) -> Json<Value> {
    Json(datapackage(
        tenant.slug(),
        &format!("{} — données ouvertes", tenant.record.name_fr),
        &format!("{} — البيانات المفتوحة", tenant.record.name_ar),
    ))
}

pub(super) async fn tenant_file(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let id = tenant.id();
    export(Source::Tenant(state, id), tenant.slug().to_owned(), &file).await
}

/// The national site's routes (merged into [`crate::router`]).
pub fn router() -> Router<NationalState> {
    Router::new()
        .route("/open-data", get(national_index))
        .route("/open-data/datapackage.json", get(national_package))
        .route("/open-data/{file}", get(national_file))
}

/// A collectivity's routes (merged into the collectivities' router by the binary).
pub fn tenant_router() -> Router<AppState> {
    Router::new()
        .route("/open-data", get(tenant_index))
        .route("/open-data/datapackage.json", get(tenant_package))
        .route("/open-data/{file}", get(tenant_file))
}
