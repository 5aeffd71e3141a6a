//! The national participation report: contributions by area, profile and age bracket.

use super::*;

/// One collectivity's visible contributions of one profile and age bracket.
#[derive(Debug, Clone)]
pub struct Contribution {
    pub tenant_id: Uuid,
    pub profile: String,
    pub age_bracket: String,
    pub paper: bool,
    pub n: i64,
}

/// What the participation report reads (as the national role): the visible
/// contributions grouped by collectivity, and each collectivity's opened
/// consultations.
pub struct Participation {
    pub contributions: Vec<Contribution>,
    pub consultations: HashMap<Uuid, i64>,
    pub profiles: Vec<CatalogEntry>,
    pub ages: Vec<CatalogEntry>,
}

pub async fn load_participation(conn: &mut PgConnection) -> Result<Participation, sqlx::Error> {
    let contributions = sqlx::query!(
        r#"select c.tenant_id, c.profile, c.age_bracket, (c.workshop_id is not null) as "paper!",
                  count(*) as "n!"
             from comments c
             join comment_visibility v on v.tenant_id = c.tenant_id and v.id = c.id
            where v.public
            group by 1, 2, 3, 4"#
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Contribution {
        tenant_id: r.tenant_id,
        profile: r.profile,
        age_bracket: r.age_bracket,
        paper: r.paper,
        n: r.n,
    })
    .collect();
    let consultations = sqlx::query!(
        r#"select k.tenant_id, count(*) as "n!"
             from consultations k
             join consultation_visibility v on v.tenant_id = k.tenant_id and v.id = k.id
            where k.opens_at <= now() and v.public
            group by 1"#
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.tenant_id, r.n))
    .collect();
    Ok(Participation {
        contributions,
        consultations,
        profiles: infitah_platform::catalog::catalog_on(&mut *conn, "profile").await?,
        ages: infitah_platform::catalog::catalog_on(&mut *conn, "age_bracket").await?,
    })
}

/// The area a report is about, from `?area=` (a region's or a province's slug).
#[derive(Deserialize, Default)]
pub struct AreaQuery {
    pub(super) area: Option<String>,
}

/// The area named by `?area=`: the nation when absent, 404 when unknown.
pub(super) fn area_of<'s>(
    snap: &'s Snapshot,
    q: &AreaQuery,
) -> AppResult<(Area, Option<&'s Collectivity>)> {
    let Some(slug) = q.area.as_deref().filter(|s| !s.is_empty()) else {
        return Ok((Area::Nation, None));
    };
    let c = snap
        .collectivities
        .iter()
        .find(|c| c.slug == slug)
        .ok_or(AppError::NotFound)?;
    match c.kind.as_str() {
        "region" => Ok((Area::Region(c.id), Some(c))),
        "province" | "prefecture" => Ok((Area::Province(c.id), Some(c))),
        _ => Err(AppError::NotFound),
    }
}

/// Where a collectivity's figures go within an area: the sub-area row it
/// counts in (a region of the nation, a province of a region, itself within
/// a province), or None when it lies outside the area.
pub fn sub_area(area: Area, c: &Collectivity) -> Option<Uuid> {
    match area {
        Area::Nation => c.region_id,
        Area::Region(r) => (c.region_id == Some(r)).then(|| c.province_id.unwrap_or(c.id)),
        Area::Province(p) => (c.province_id == Some(p)).then_some(c.id),
    }
}

pub struct SubAreaRow {
    pub name: String,
    /// Region, province, commune…: a region's or province's own council is a row of its own.
    pub kind_label: String,
    /// Where the row drills to (regions and provinces), or the collectivity's page.
    pub href: String,
    pub consultations: String,
    pub figure: String,
    pub kind: &'static str,
}

#[derive(Template)]
#[template(path = "nat_participation.html")]
pub(super) struct ParticipationPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) crumbs: Vec<Crumb>,
    pub(super) area_name: String,
    pub(super) total: String,
    pub(super) online: String,
    pub(super) paper: String,
    pub(super) consultations: String,
    pub(super) charts: Vec<Chart>,
    pub(super) sub_heading: String,
    pub(super) rows: Vec<SubAreaRow>,
    pub(super) exact: bool,
}

/// The participation report's figures for one area: by profile, by age
/// bracket, and per sub-area (contributions, consultations opened), in the
/// snapshot's order of collectivities.
pub struct ParticipationFigures {
    pub total: Tally,
    pub consultations: i64,
    pub profiles: Vec<(String, Tally)>,
    pub ages: Vec<(String, Tally)>,
    /// (sub-area, contributions, consultations), sub-areas in order.
    pub subs: Vec<(Uuid, i64, i64)>,
}

pub fn participation_figures(
    snap: &Snapshot,
    data: &Participation,
    area: Area,
) -> ParticipationFigures {
    // Each collectivity of the area → the index of its sub-area's row.
    let mut row_of: HashMap<Uuid, usize> = HashMap::new();
    let mut subs: Vec<(Uuid, i64, i64)> = vec![];
    for c in &snap.collectivities {
        if let Some(s) = sub_area(area, c) {
            let i = match subs.iter().position(|(id, _, _)| *id == s) {
                Some(i) => i,
                None => {
                    subs.push((s, 0, 0));
                    subs.len() - 1
                }
            };
            row_of.insert(c.id, i);
        }
    }
    let mut groups = vec![];
    for g in &data.contributions {
        let Some(&i) = row_of.get(&g.tenant_id) else {
            continue;
        };
        subs[i].1 += g.n;
        groups.push(stats_model::Group {
            profile: g.profile.clone(),
            age_bracket: g.age_bracket.clone(),
            paper: g.paper,
            // No time axis here: every group in one period, which `breakdown` then ignores.
            week: snap.today,
            n: g.n,
        });
    }
    let mut consultations = 0;
    for (t, n) in &data.consultations {
        if let Some(&i) = row_of.get(t) {
            consultations += n;
            subs[i].2 += n;
        }
    }
    let b = stats_model::breakdown(
        &groups,
        &offered_codes(&data.profiles),
        &offered_codes(&data.ages),
        None,
    );
    ParticipationFigures {
        total: b.total,
        consultations,
        profiles: b.profiles,
        ages: b.ages,
        subs,
    }
}

pub(super) fn manage_crumbs(
    tr: &Tr,
    title_id: &str,
    base: &str,
    area: Option<&Collectivity>,
    snap: &Snapshot,
    lang: infitah_platform::i18n::Lang,
) -> Vec<Crumb> {
    let mut crumbs = vec![Crumb {
        name: tr.t("nat-manage-title"),
        href: Some("/manage".into()),
    }];
    crumbs.push(Crumb {
        name: tr.t(title_id),
        href: area.is_some().then(|| base.to_owned()),
    });
    if let Some(a) = area {
        if let Some(r) = a.region_id.filter(|r| *r != a.id).and_then(|r| snap.get(r)) {
            crumbs.push(Crumb {
                name: r.name(lang).to_owned(),
                href: Some(format!("{base}?area={}", r.slug)),
            });
        }
        crumbs.push(Crumb {
            name: a.name(lang).to_owned(),
            href: None,
        });
    }
    crumbs
}

/// `/manage/participation[?area=slug]`.
pub async fn participation_page(
    page: NationalPage,
    _: Staff<ReadNation>,
    Query(q): Query<AreaQuery>,
) -> AppResult<Response> {
    let (_, snap) = page.reading().await?;
    let (area, area_c) = area_of(&snap, &q)?;
    let data = {
        let mut tx = page.national.db.read().await?;
        let d = load_participation(&mut tx).await?;
        tx.commit().await?;
        d
    };
    let (tr, lang) = (page.tr(), page.lang);
    let f = participation_figures(&snap, &data, area);
    let charts = profile_and_age_charts(
        &tr,
        (&f.profiles, &data.profiles),
        (&f.ages, &data.ages),
        false,
    );
    let shown = stats_model::suppress(&f.subs.iter().map(|s| s.1).collect::<Vec<_>>());
    let rows = f
        .subs
        .iter()
        .zip(shown)
        .filter_map(|((id, _, k), s)| {
            let c = snap.get(*id)?;
            let (figure, kind) = match s {
                Shown::Exact(v) => (tr.number(v), "exact"),
                Shown::Small => (tr.t("stats-small"), "small"),
                Shown::Masked => (tr.t("stats-masked"), "masked"),
            };
            Some(SubAreaRow {
                name: c.name(lang).to_owned(),
                // Under the nation every row is a region, as the heading says.
                kind_label: match area {
                    Area::Nation => String::new(),
                    _ => tr.t(&format!("kind-{}", c.kind)),
                },
                href: match (c.kind.as_str(), area) {
                    ("region", Area::Nation) | ("province" | "prefecture", Area::Region(_)) => {
                        format!("/manage/participation?area={}", c.slug)
                    }
                    _ => format!("/collectivities/{}", c.slug),
                },
                consultations: tr.number(*k),
                figure,
                kind,
            })
        })
        .collect();
    let area_name = area_c
        .map(|c| c.name(lang).to_owned())
        .unwrap_or_else(|| tr.t("nav-nation"));
    let view = ParticipationPage {
        shell: page.shell(tr.t("nat-report-participation")),
        crumbs: manage_crumbs(
            &tr,
            "nat-report-participation",
            "/manage/participation",
            area_c,
            &snap,
            lang,
        ),
        area_name,
        total: tr.n("stats-total", f.total.total()),
        online: tr.number(f.total.online),
        paper: tr.number(f.total.paper),
        consultations: tr.n("nat-n-consultations", f.consultations),
        charts,
        sub_heading: tr.t(match area {
            Area::Nation => "nat-by-region",
            Area::Region(_) => "nat-by-province",
            Area::Province(_) => "nat-by-collectivity",
        }),
        rows,
        exact: false,
    };
    page.render(StatusCode::OK, &view)
}
