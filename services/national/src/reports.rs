//! The national managers' two comparative reports (`/manage/participation`
//! and `/manage/gap`), which only the national space can draw because only
//! it sees every collectivity:
//!
//! - **Participation** in consultations across the nation, by profile and by
//!   age bracket, online and on paper together, and by region, province or
//!   commune (drilling down with `?area=`). Read from the contributions
//!   themselves (visible ones, to consultations of the programme or of a
//!   published project), under the public suppression rule of
//!   `infitah_consultation::stats_model`: managers see no cell below 5 either.
//! - **The gap** between the progress collectivities report and what their
//!   co-monitoring committees evaluate, per collectivity and per region, from
//!   the roll-ups' snapshot (`evaluated_*`, kept by migrations/0009).

use std::{cmp::Ordering, collections::HashMap};

use askama::Template;
use axum::{extract::Query, http::StatusCode, response::Response};
use infitah_consultation::{
    stats::{Chart, offered_codes, profile_and_age_charts},
    stats_model::{self, Shown, Tally},
};
use infitah_platform::catalog::CatalogEntry;
use infitah_platform::{
    AppError, AppResult,
    auth::{ReadNation, Staff},
    i18n::Tr,
    web::Shell,
};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::{
    NationalPage,
    pages::{Crumb, Ctx, Head, Sort, SortQuery, heads_for},
    rollup::{Area, Collectivity, Snapshot},
};

// ---------------------------------------------------------------------------
// Participation.

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
    area: Option<String>,
}

/// The area named by `?area=`: the nation when absent, 404 when unknown.
fn area_of<'s>(snap: &'s Snapshot, q: &AreaQuery) -> AppResult<(Area, Option<&'s Collectivity>)> {
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
struct ParticipationPage<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    area_name: String,
    total: String,
    online: String,
    paper: String,
    consultations: String,
    charts: Vec<Chart>,
    sub_heading: String,
    rows: Vec<SubAreaRow>,
    exact: bool,
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

fn manage_crumbs(
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
        .unwrap_or_else(|| tr.t("nat-nation"));
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

// ---------------------------------------------------------------------------
// The gap between reported and evaluated progress.

/// Reported and evaluated means over some collectivities' evaluated
/// projects, each collectivity weighted by how many projects it had evaluated.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GapSum {
    pub collectivities: i64,
    pub projects: i64,
    reported: f64,
    evaluated: f64,
}

impl GapSum {
    pub fn add(&mut self, c: &Collectivity) {
        if let (Some(r), Some(e)) = (c.evaluated_reported, c.evaluated_progress)
            && c.evaluated_projects > 0
        {
            let k = c.evaluated_projects as f64;
            self.collectivities += 1;
            self.projects += c.evaluated_projects as i64;
            self.reported += r as f64 * k;
            self.evaluated += e as f64 * k;
        }
    }
    pub fn reported(&self) -> Option<f64> {
        (self.projects > 0).then(|| self.reported / self.projects as f64)
    }
    pub fn evaluated(&self) -> Option<f64> {
        (self.projects > 0).then(|| self.evaluated / self.projects as f64)
    }
    /// Reported minus evaluated, in points: above zero, the collectivities
    /// report more than their committees find.
    pub fn gap(&self) -> Option<f64> {
        Some(self.reported()? - self.evaluated()?)
    }
}

pub struct GapRow {
    pub name: String,
    pub href: String,
    pub kind: String,
    pub area: String,
    pub projects: String,
    pub reported: String,
    pub evaluated: String,
    pub gap: String,
    /// "over" (reports more than evaluated), "under" or "even".
    pub tone: &'static str,
    /// Bar widths (0–100) for the paired bars.
    pub reported_w: String,
    pub evaluated_w: String,
    pub count_line: String,
    sort_gap: f64,
    sort_reported: f64,
    sort_evaluated: f64,
    sort_projects: i64,
    code: String,
}

#[derive(Template)]
#[template(path = "nat_gap.html")]
struct GapPage<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    nation: GapRow,
    evaluated_count: String,
    regions: Vec<GapRow>,
    rows: Vec<GapRow>,
    heads: Vec<Head>,
    legend_reported: String,
    legend_evaluated: String,
}

const GAP_COLUMNS: &[(&str, bool, &str)] = &[
    ("name", false, "nat-col-name"),
    ("region", false, "nat-col-area"),
    ("projects", true, "nat-col-evaluated-projects"),
    ("reported", true, "nat-col-reported"),
    ("evaluated", true, "nat-col-evaluated"),
    ("gap", true, "nat-col-gap"),
];

fn signed_points(tr: &Tr, v: f64) -> String {
    let r = v.round() as i64;
    let n = tr.number(r.abs());
    let sign = match r.cmp(&0) {
        Ordering::Greater => "+",
        Ordering::Less => "−",
        Ordering::Equal => "",
    };
    tr.s("nat-points", &format!("{sign}{n}"))
}

fn gap_row(
    cx: &Ctx,
    name: String,
    href: String,
    kind: String,
    area: String,
    s: &GapSum,
    code: String,
) -> GapRow {
    let tr = &cx.tr;
    let gap = s.gap().unwrap_or(0.0);
    GapRow {
        name,
        href,
        kind,
        area,
        projects: tr.number(s.projects),
        reported: cx.pct(s.reported()),
        evaluated: cx.pct(s.evaluated()),
        gap: signed_points(tr, gap),
        tone: if gap.round() > 0.0 {
            "over"
        } else if gap.round() < 0.0 {
            "under"
        } else {
            "even"
        },
        reported_w: format!("{:.1}", s.reported().unwrap_or(0.0).clamp(0.0, 100.0)),
        evaluated_w: format!("{:.1}", s.evaluated().unwrap_or(0.0).clamp(0.0, 100.0)),
        count_line: tr.n("nat-n-collectivities", s.collectivities),
        sort_gap: gap,
        sort_reported: s.reported().unwrap_or(0.0),
        sort_evaluated: s.evaluated().unwrap_or(0.0),
        sort_projects: s.projects,
        code,
    }
}

/// `/manage/gap`.
pub async fn gap_page(
    page: NationalPage,
    _: Staff<ReadNation>,
    Query(q): Query<SortQuery>,
) -> AppResult<Response> {
    let (_, snap) = page.reading().await?;
    let (tr, lang) = (page.tr(), page.lang);
    let cx = Ctx {
        state: &page.state,
        tr,
        lang,
        snap: &snap,
    };
    let sort = Sort::parse(
        &q,
        GAP_COLUMNS,
        Sort {
            key: "gap",
            desc: true,
        },
    );
    let name_of = |id: Option<Uuid>| {
        id.and_then(|i| snap.get(i))
            .map(|x| x.name(lang).to_owned())
            .unwrap_or_default()
    };
    let mut nation = GapSum::default();
    let mut by_region: Vec<(Uuid, GapSum)> = vec![];
    let mut rows = vec![];
    for c in &snap.collectivities {
        let mut one = GapSum::default();
        one.add(c);
        if one.projects == 0 {
            continue;
        }
        nation.add(c);
        if let Some(r) = c.region_id {
            match by_region.iter_mut().find(|(id, _)| *id == r) {
                Some((_, s)) => s.add(c),
                None => by_region.push((r, one)),
            }
        }
        let province = name_of(c.province_id.filter(|p| *p != c.id));
        let region = name_of(c.region_id.filter(|r| *r != c.id));
        let area = match (province.is_empty(), region.is_empty()) {
            (false, false) => format!("{province} · {region}"),
            (true, _) => region,
            (_, true) => province,
        };
        rows.push(gap_row(
            &cx,
            c.name(lang).to_owned(),
            format!("/collectivities/{}", c.slug),
            cx.kind(&c.kind),
            area,
            &one,
            c.hcp_code.clone().unwrap_or_default(),
        ));
    }
    rows.sort_by(|a, b| {
        let o = match sort.key {
            "gap" => a.sort_gap.total_cmp(&b.sort_gap),
            "reported" => a.sort_reported.total_cmp(&b.sort_reported),
            "evaluated" => a.sort_evaluated.total_cmp(&b.sort_evaluated),
            "projects" => a.sort_projects.cmp(&b.sort_projects),
            "region" => a.area.cmp(&b.area),
            _ => a.name.cmp(&b.name),
        };
        let o = if sort.desc { o.reverse() } else { o };
        o.then_with(|| a.code.cmp(&b.code))
    });
    by_region.sort_by_key(|(id, _)| snap.get(*id).and_then(|c| c.hcp_code.clone()));
    let regions = by_region
        .iter()
        .filter_map(|(id, s)| {
            let c = snap.get(*id)?;
            Some(gap_row(
                &cx,
                c.name(lang).to_owned(),
                format!("/regions/{}", c.slug),
                cx.kind(&c.kind),
                String::new(),
                s,
                c.hcp_code.clone().unwrap_or_default(),
            ))
        })
        .collect();
    let with_programme = snap
        .collectivities
        .iter()
        .filter(|c| c.has_programme)
        .count() as i64;
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("n", nation.collectivities);
    args.set("of", with_programme);
    let view = GapPage {
        shell: page.shell(tr.t("nat-report-gap")),
        crumbs: manage_crumbs(&tr, "nat-report-gap", "/manage/gap", None, &snap, lang),
        evaluated_count: tr.args("nat-gap-evaluated-count", &args),
        nation: gap_row(
            &cx,
            tr.t("nat-nation"),
            "/".into(),
            String::new(),
            String::new(),
            &nation,
            String::new(),
        ),
        regions,
        heads: heads_for(&tr, "/manage/gap", "gap", GAP_COLUMNS, sort),
        rows,
        legend_reported: tr.t("nat-col-reported"),
        legend_evaluated: tr.t("nat-col-evaluated"),
    };
    page.render(StatusCode::OK, &view)
}

/// `/manage/gap.csv`: the gap per collectivity, exact, for the managers'
/// own analyses — codes and names in both languages, the area, the number of
/// projects evaluated, the two means and their difference in points.
pub async fn gap_csv(page: NationalPage, _: Staff<ReadNation>) -> AppResult<Response> {
    let (_, snap) = page.reading().await?;
    let name_fr = |id: Option<Uuid>| {
        id.and_then(|i| snap.get(i))
            .map(|x| x.name_fr.clone())
            .unwrap_or_default()
    };
    use serde_json::{Value, json};
    let mut rows: Vec<Vec<Value>> = snap
        .collectivities
        .iter()
        .filter(|c| c.evaluated_projects > 0)
        .filter_map(|c| {
            let (r, e) = (c.evaluated_reported?, c.evaluated_progress?);
            Some(vec![
                json!(c.hcp_code.clone().unwrap_or_default()),
                json!(c.name_ar),
                json!(c.name_fr),
                json!(c.kind),
                json!(name_fr(c.region_id.filter(|x| *x != c.id))),
                json!(name_fr(c.province_id.filter(|x| *x != c.id))),
                json!(c.evaluated_projects),
                json!(r),
                json!(e),
                json!(r - e),
            ])
        })
        .collect();
    rows.sort_by(|a, b| a[0].as_str().cmp(&b[0].as_str()));
    // Numbers as numbers (a gap may be negative), text neutralised, as the open data's CSV.
    let mut csv = infitah_platform::csv::Csv::new(&[
        "hcp_code",
        "name_ar",
        "name_fr",
        "kind",
        "region_fr",
        "province_fr",
        "projects_evaluated",
        "reported_progress",
        "evaluated_progress",
        "gap_points",
    ])?;
    for row in &rows {
        csv.json_row(row)?;
    }
    Ok(infitah_platform::csv::response(
        "infitah-reported-evaluated-gap.csv",
        csv.finish()?,
        false,
    ))
}
