//! `infitah tenant …`: the operator's commands on the collectivity registry.
//! They act as `infitah_owner` through database_admin_url; every write is one
//! transaction, and bad input is reported by field (and row) with nothing written.

use std::io::Write;

use infitah_platform::{
    config::Settings,
    import,
    migrate::owner_connection,
    registry::{self, Logo, ParentRef, RegistryErrors, RowError, TenantRecord, TenantSpec},
    types::{Color, HcpCode, HostName, Slug, TenantKind},
};
use sqlx::Connection;

use crate::cli::{CommonFields, ImportArgs, TenantCommand, TenantFields, TenantUpdate};

fn field_error(field: &str, message: impl Into<String>) -> anyhow::Error {
    RegistryErrors(vec![RowError {
        row: 0,
        field: field.into(),
        message: message.into(),
    }])
    .into()
}

/// Collects every problem of a single command's fields before failing.
struct Fields(Vec<RowError>);

impl Fields {
    fn check<T>(&mut self, field: &str, r: Result<T, String>) -> Option<T> {
        r.map_err(|m| {
            self.0.push(RowError {
                row: 0,
                field: field.into(),
                message: m,
            })
        })
        .ok()
    }
    fn finish(self) -> anyhow::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(RegistryErrors(self.0).into())
        }
    }
}

fn apply_common(f: &mut Fields, common: &CommonFields, spec: &mut TenantSpec) {
    for h in &common.hosts {
        if let Some(h) = f.check("host", HostName::parse(h))
            && !spec.hosts.contains(&h)
        {
            spec.hosts.push(h);
        }
    }
    if let Some(l) = &common.languages {
        spec.languages = f.check("languages", import::parse_languages(l));
    }
    if let Some(tz) = &common.time_zone {
        spec.time_zone = Some(tz.clone());
    }
    if let Some(c) = &common.color {
        spec.primary_color = f.check("color", Color::parse(c));
    }
    if let Some(path) = &common.logo {
        spec.logo = f.check(
            "logo",
            std::fs::read(path)
                .map_err(|e| format!("{}: {e}", path.display()))
                .and_then(Logo::from_bytes),
        );
    }
    if let Some(p) = common.population {
        spec.population = Some(p);
    }
}

async fn write_specs(
    settings: &Settings,
    specs: &[(usize, TenantSpec)],
) -> anyhow::Result<registry::ImportReport> {
    let mut conn = owner_connection(&settings.database_admin_url).await?;
    let result = registry::upsert(
        &mut conn,
        &settings.base_domain,
        specs,
        registry::Renames::Refused,
    )
    .await;
    conn.close().await.ok();
    Ok(result?)
}

async fn load(settings: &Settings) -> anyhow::Result<Vec<TenantRecord>> {
    let mut conn = owner_connection(&settings.database_admin_url).await?;
    let all = registry::load_all(&mut conn).await?;
    conn.close().await.ok();
    Ok(all)
}

fn find<'a>(all: &'a [TenantRecord], slug: &str) -> anyhow::Result<&'a TenantRecord> {
    all.iter()
        .find(|t| t.slug.as_str() == slug)
        .ok_or_else(|| field_error("slug", format!("no collectivity {slug:?}")))
}

pub async fn run(
    settings: &Settings,
    cmd: TenantCommand,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match cmd {
        TenantCommand::Add(a) => add(settings, a, out).await,
        TenantCommand::List { kind, parent, json } => list(settings, kind, parent, json, out).await,
        TenantCommand::Show { slug, json } => show(settings, &slug, json, out).await,
        TenantCommand::Update(u) => update(settings, u, out).await,
        TenantCommand::Disable { slug } => {
            let slug = Slug::parse(&slug).map_err(|m| field_error("slug", m))?;
            let mut conn = owner_connection(&settings.database_admin_url).await?;
            let all = registry::load_all(&mut conn).await?;
            find(&all, slug.as_str())?;
            let changed = registry::set_disabled(&mut conn, &slug, true).await?;
            writeln!(
                out,
                "{slug} {}",
                if changed {
                    "disabled"
                } else {
                    "was already disabled"
                }
            )?;
            Ok(())
        }
        TenantCommand::Import(args) => match &args.source.collectivity {
            Some(file) => crate::backup::import_cmd(settings, file, args.replace, out).await,
            None => import_cmd(settings, args, out).await,
        },
        TenantCommand::Export(args) => {
            crate::backup::export_cmd(settings, &args.slug, args.output.as_deref(), out).await
        }
    }
}

/// `tenant list`: the collectivities, of a kind or under a parent.
async fn list(
    settings: &Settings,
    kind: Option<String>,
    parent: Option<String>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let all = load(settings).await?;
    let kind = kind
        .map(|k| TenantKind::parse(&k).map_err(|m| field_error("kind", m)))
        .transpose()?;
    let parent_id = match parent {
        Some(p) => Some(find(&all, &p)?.id),
        None => None,
    };
    let rows: Vec<&TenantRecord> = all
        .iter()
        .filter(|t| kind.is_none_or(|k| t.kind == k))
        .filter(|t| parent_id.is_none_or(|p| t.parent_id == Some(p)))
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
    } else {
        for t in &rows {
            writeln!(
                out,
                "{:<32} {:<10} {:<14} {:<28} {}{}",
                t.slug,
                t.kind.as_str(),
                t.hcp_code.as_ref().map(|c| c.as_str()).unwrap_or("-"),
                t.name_fr,
                t.name_ar,
                if t.disabled { "  (disabled)" } else { "" }
            )?;
        }
        writeln!(out, "{} collectivities", rows.len())?;
    }
    Ok(())
}

/// `tenant show`: one collectivity, every field.
async fn show(
    settings: &Settings,
    slug: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let all = load(settings).await?;
    let t = find(&all, slug)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, t)?;
        writeln!(out)?;
    } else {
        let parent = t.parent_id.and_then(|p| all.iter().find(|x| x.id == p));
        writeln!(out, "slug:          {}", t.slug)?;
        writeln!(out, "kind:          {}", t.kind.as_str())?;
        writeln!(out, "id:            {}", t.id)?;
        writeln!(
            out,
            "hcp code:      {}",
            t.hcp_code.as_ref().map(|c| c.as_str()).unwrap_or("-")
        )?;
        writeln!(
            out,
            "parent:        {}",
            parent.map(|p| p.slug.as_str()).unwrap_or("-")
        )?;
        writeln!(out, "name (ar):     {}", t.name_ar)?;
        writeln!(out, "name (fr):     {}", t.name_fr)?;
        writeln!(
            out,
            "name (en):     {}",
            t.name_en.as_deref().unwrap_or("-")
        )?;
        let mut hosts = vec![format!("{}.{}", t.slug, settings.base_domain)];
        hosts.extend(t.hosts.iter().map(|h| h.to_string()));
        writeln!(out, "hosts:         {}", hosts.join(" "))?;
        writeln!(
            out,
            "languages:     {}",
            t.languages
                .iter()
                .map(|l| l.code())
                .collect::<Vec<_>>()
                .join(",")
        )?;
        writeln!(out, "time zone:     {}", t.time_zone)?;
        writeln!(out, "colour:        {}", t.primary_color)?;
        writeln!(
            out,
            "logo:          {}",
            if t.has_logo { "yes" } else { "no" }
        )?;
        writeln!(
            out,
            "population:    {}",
            t.population
                .map(|p| p.to_string())
                .unwrap_or_else(|| "-".into())
        )?;
        writeln!(
            out,
            "status:        {}",
            if t.disabled { "disabled" } else { "enabled" }
        )?;
    }
    Ok(())
}

async fn add(settings: &Settings, a: TenantFields, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut f = Fields(vec![]);
    let slug = f.check("slug", Slug::parse(&a.slug));
    let kind = f.check("kind", TenantKind::parse(&a.kind));
    let parent = a
        .parent
        .as_deref()
        .and_then(|p| f.check("parent", ParentRef::parse(p)));
    let hcp_code = a
        .hcp_code
        .as_deref()
        .and_then(|c| f.check("hcp_code", HcpCode::parse(c)));
    let (Some(slug), Some(kind)) = (slug, kind) else {
        f.finish()?;
        unreachable!("finish fails when a field is missing")
    };
    let mut spec = TenantSpec {
        slug,
        kind,
        parent,
        hcp_code,
        name_ar: a.name_ar,
        name_fr: a.name_fr,
        name_en: a.name_en,
        hosts: vec![],
        languages: None,
        time_zone: None,
        primary_color: None,
        logo: None,
        population: None,
    };
    apply_common(&mut f, &a.common, &mut spec);
    f.finish()?;
    let all = load(settings).await?;
    if all.iter().any(|t| t.slug == spec.slug) {
        return Err(field_error(
            "slug",
            format!("{} already exists; use `infitah tenant update`", spec.slug),
        ));
    }
    if let Some(code) = &spec.hcp_code
        && all.iter().any(|t| t.hcp_code.as_ref() == Some(code))
    {
        return Err(field_error(
            "hcp_code",
            format!("{code} already belongs to a collectivity"),
        ));
    }
    write_specs(settings, &[(0, spec.clone())]).await?;
    writeln!(
        out,
        "added {} ({}) at {}.{}",
        spec.slug,
        spec.kind.as_str(),
        spec.slug,
        settings.base_domain
    )?;
    Ok(())
}

async fn update(settings: &Settings, u: TenantUpdate, out: &mut dyn Write) -> anyhow::Result<()> {
    let all = load(settings).await?;
    let t = find(&all, &u.slug)?;
    let parent_slug = t
        .parent_id
        .and_then(|p| all.iter().find(|x| x.id == p))
        .map(|p| ParentRef::Slug(p.slug.clone()));
    let mut f = Fields(vec![]);
    let mut spec = TenantSpec {
        slug: t.slug.clone(),
        kind: t.kind,
        parent: parent_slug,
        hcp_code: t.hcp_code.clone(),
        name_ar: u.name_ar.clone().unwrap_or_else(|| t.name_ar.clone()),
        name_fr: u.name_fr.clone().unwrap_or_else(|| t.name_fr.clone()),
        name_en: u.name_en.clone(),
        hosts: vec![],
        languages: None,
        time_zone: None,
        primary_color: None,
        logo: None,
        population: None,
    };
    if let Some(s) = &u.new_slug {
        spec.slug = f.check("new_slug", Slug::parse(s)).unwrap_or(spec.slug);
    }
    if let Some(k) = &u.kind {
        spec.kind = f.check("kind", TenantKind::parse(k)).unwrap_or(spec.kind);
    }
    if let Some(p) = &u.parent {
        spec.parent = f.check("parent", ParentRef::parse(p));
    }
    if let Some(c) = &u.hcp_code {
        spec.hcp_code = f.check("hcp_code", HcpCode::parse(c));
    }
    apply_common(&mut f, &u.common, &mut spec);
    let remove: Vec<HostName> = u
        .remove_hosts
        .iter()
        .filter_map(|h| f.check("remove-host", HostName::parse(h)))
        .collect();
    f.finish()?;
    // A new slug must match the stored row by id: upsert matches on the HCP code, else on the slug.
    if spec.slug != t.slug && t.hcp_code.is_none() {
        return Err(field_error(
            "new_slug",
            "a collectivity without an HCP code cannot be renamed; give it --hcp-code first",
        ));
    }
    let id = t.id;
    let final_slug = spec.slug.clone();
    // The fields, the hosts removed and the re-enabling: one transaction.
    let mut conn = owner_connection(&settings.database_admin_url).await?;
    let mut tx = conn.begin().await?;
    let report = registry::upsert(
        &mut tx,
        &settings.base_domain,
        &[(0, spec)],
        registry::Renames::Allowed,
    )
    .await?;
    let removed = registry::remove_hosts(&mut tx, id, &remove).await?;
    if u.enable {
        registry::set_disabled(&mut tx, &final_slug, false).await?;
    }
    tx.commit().await?;
    writeln!(
        out,
        "{}{}",
        if report.updated > 0 || removed > 0 || u.enable {
            "updated "
        } else {
            "nothing changed for "
        },
        u.new_slug.as_deref().unwrap_or(&u.slug)
    )?;
    Ok(())
}

async fn import_cmd(
    settings: &Settings,
    args: ImportArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let args = args.source;
    let specs = if args.national {
        import::national_list()?
    } else if let Some(dir) = &args.hcp {
        import::hcp_dir(dir)?
    } else if let Some(file) = &args.file {
        let data = std::fs::read(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        import::parse_csv(&data)?
    } else {
        anyhow::bail!("give a FILE, --hcp DIR, --national or --collectivity FILE")
    };
    let started = std::time::Instant::now();
    let report = write_specs(settings, &specs).await?;
    writeln!(
        out,
        "imported {} rows in {:.2}s: {} created, {} updated, {} unchanged",
        specs.len(),
        started.elapsed().as_secs_f64(),
        report.created,
        report.updated,
        report.unchanged
    )?;
    Ok(())
}
