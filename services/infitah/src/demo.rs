//! `infitah demo`: the demo's collectivities, idempotently. The whole national
//! list from the HCP, then seven communes in five regions given their own
//! colours and languages so that their spaces look like theirs.

use infitah_platform::{
    config::Settings,
    i18n::Lang,
    import,
    migrate::owner_connection,
    registry::{self, ImportReport},
    types::Color,
};
use sqlx::Connection;

/// (slug, primary colour, languages, English name)
pub const BRANDED: &[(&str, &str, &[Lang], &str)] = &[
    ("kenitra", "#0b6e4f", &[Lang::Ar, Lang::Fr], "Kenitra"),
    ("rabat", "#1d4e89", &[Lang::Ar, Lang::Fr, Lang::En], "Rabat"),
    (
        "tanger",
        "#00708a",
        &[Lang::Ar, Lang::Fr, Lang::En],
        "Tangier",
    ),
    ("fes", "#8a1c2b", &[Lang::Ar, Lang::Fr], "Fez"),
    (
        "marrakech",
        "#a4452c",
        &[Lang::Ar, Lang::Fr, Lang::En],
        "Marrakesh",
    ),
    ("agadir", "#005f8f", &[Lang::Ar, Lang::Fr], "Agadir"),
    ("oujda", "#5b3f8c", &[Lang::Ar, Lang::Fr], "Oujda"),
];

pub struct DemoReport {
    pub national: ImportReport,
}

impl std::fmt::Display for DemoReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "demo collectivities: {} created, {} updated, {} unchanged (branded: {})",
            self.national.created,
            self.national.updated,
            self.national.unchanged,
            BRANDED.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
        )
    }
}

pub async fn seed(settings: &Settings) -> anyhow::Result<DemoReport> {
    let mut specs = import::national_list()?;
    for (slug, color, langs, en) in BRANDED {
        let (_, spec) = specs
            .iter_mut()
            .find(|(_, s)| s.slug.as_str() == *slug)
            .ok_or_else(|| anyhow::anyhow!("the national list has no commune {slug}"))?;
        spec.primary_color = Some(Color::parse(color).map_err(anyhow::Error::msg)?);
        spec.languages = Some(langs.to_vec());
        spec.name_en = Some((*en).to_owned());
    }
    let mut conn = owner_connection(&settings.database_admin_url).await?;
    let result = registry::upsert(&mut conn, &settings.base_domain, &specs).await;
    conn.close().await.ok();
    Ok(DemoReport { national: result? })
}
