//! `infitah demo`: the demo's collectivities, idempotently. The whole national
//! list from the HCP, then seven communes in five regions given their own
//! colours and languages so that their spaces look like theirs, each with its
//! openness action programme, consultations, ideas and workshops
//! (`infitah_demo`; Kénitra's is the card of the page the platform replaces).

use infitah_platform::{
    config::Settings,
    db::Db,
    i18n::Lang,
    import,
    migrate::owner_connection,
    registry::{self, ImportReport},
    tenancy::TenantDirectory,
    types::Color,
};
use sqlx::Connection;

/// (slug, primary colour, languages). English pages name every place as
/// the registry does in Latin script (Kénitra, Fès, Tanger): a page that said
/// "Kenitra" for the commune beside "Province de Kénitra" and "Rabat-Salé-
/// Kénitra" for its chain spelled one name two ways (#14 §9).
pub const BRANDED: &[(&str, &str, &[Lang])] = &[
    ("kenitra", "#0b6e4f", &[Lang::Ar, Lang::Fr]),
    ("rabat", "#1d4e89", &[Lang::Ar, Lang::Fr, Lang::En]),
    ("tanger", "#00708a", &[Lang::Ar, Lang::Fr, Lang::En]),
    ("fes", "#8a1c2b", &[Lang::Ar, Lang::Fr]),
    ("marrakech", "#a4452c", &[Lang::Ar, Lang::Fr, Lang::En]),
    ("agadir", "#005f8f", &[Lang::Ar, Lang::Fr]),
    ("oujda", "#5b3f8c", &[Lang::Ar, Lang::Fr]),
];

pub struct DemoReport {
    pub national: ImportReport,
    pub plans: infitah_demo::programmes::SeedReport,
    pub consultations: infitah_demo::consultations::SeedReport,
    pub ideas: infitah_demo::workshops::DemoReport,
    pub workshops: infitah_demo::workshops::DemoReport,
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
        )?;
        write!(f, "\n{}", self.plans)?;
        write!(f, "\n{}", self.consultations)?;
        write!(f, "\nideas: {}", self.ideas)?;
        write!(f, "\nworkshops: {}", self.workshops)
    }
}

pub async fn seed(settings: &Settings) -> anyhow::Result<DemoReport> {
    let mut specs = import::national_list()?;
    for (slug, color, langs) in BRANDED {
        let (_, spec) = specs
            .iter_mut()
            .find(|(_, s)| s.slug.as_str() == *slug)
            .ok_or_else(|| anyhow::anyhow!("the national list has no commune {slug}"))?;
        spec.primary_color = Some(Color::parse(color).map_err(anyhow::Error::msg)?);
        spec.languages = Some(langs.to_vec());
    }
    let mut conn = owner_connection(&settings.database_admin_url).await?;
    let result = registry::upsert(
        &mut conn,
        &settings.base_domain,
        &specs,
        registry::Renames::Refused,
    )
    .await;
    conn.close().await.ok();
    let national = result?;

    // The branded communes' programmes, as the application writes them: one
    // tenant transaction each, under row-level security.
    let db = Db::connect(&settings.database_url, 4).await?;
    let directory = TenantDirectory::new(db.clone());
    directory.reload().await?;
    let registry = directory.snapshot();
    let communes = BRANDED
        .iter()
        .map(|(slug, ..)| {
            registry
                .by_slug(slug)
                .map(|t| infitah_demo::Commune::of(t))
                .ok_or_else(|| anyhow::anyhow!("commune {slug} is not in the registry"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Consultations, ideas and workshops build on the programmes just seeded.
    let seeded = async {
        let plans = infitah_demo::programmes::seed(&db, &communes).await?;
        let consultations = infitah_demo::consultations::seed(&db, &communes).await?;
        let ideas = infitah_demo::workshops::ideas_demo(&db, &communes).await?;
        let workshops = infitah_demo::workshops::workshops_demo(&db, &communes).await?;
        anyhow::Ok((plans, consultations, ideas, workshops))
    }
    .await;
    db.close().await;
    let (plans, consultations, ideas, workshops) = seeded?;
    Ok(DemoReport {
        national,
        plans,
        consultations,
        ideas,
        workshops,
    })
}

/// `infitah demo --national-scale`: a synthetic programme for every
/// collectivity that has none yet (`infitah_demo::synth`).
pub async fn national_scale(
    settings: &Settings,
) -> anyhow::Result<infitah_demo::synth::SynthReport> {
    use secrecy::ExposeSecret;
    use sqlx::{ConnectOptions, Executor};
    // Its statements are long on purpose (a few set-based ones): not "slow".
    let options: sqlx::postgres::PgConnectOptions = settings
        .database_admin_url
        .expose_secret()
        .parse()
        .map_err(|_| anyhow::anyhow!("database_admin_url is not a valid PostgreSQL URL"))?;
    let mut conn = options
        .application_name("infitah-admin")
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect with database_admin_url: {e}"))?;
    conn.execute(format!("set role {}", infitah_platform::migrate::OWNER).as_str())
        .await?;
    let report = infitah_demo::synth::seed(&mut conn, &infitah_demo::synth::Scope::All).await;
    conn.close().await.ok();
    report
}
