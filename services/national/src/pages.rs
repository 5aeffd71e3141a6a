//! The public national pages: the nation, a region, a province or
//! prefecture (each an *area*: its figures, its spread, its parts compared,
//! its process stages, pillars and months), and a collectivity's national
//! card (its programme, where it stands in its province, region and the
//! nation, its published projects). Tables sort on the server through the
//! query string (`?sort=median&dir=desc`), so they work without script.
//! Anonymous views are cached under the national version; signed-in views
//! are rendered for their viewer from the same cached data.

use std::{cmp::Ordering, future::Future};

use askama::Template;
use axum::{
    extract::{Path, Query},
    response::{IntoResponse, Response},
};
use infitah_plans::pages::{StageView, stage_views};
use infitah_platform::texts::{Text, month_label};
use infitah_platform::{
    AppError, AppResult, AppState,
    cache::{CacheKey, CachedPage},
    content::NATIONAL_ROLLUP,
    i18n::{Lang, Tr},
    types::TenantId,
    web::{Shell, html_page},
};
use serde::Deserialize;
use time::Date;
use uuid::Uuid;

use crate::{
    NationalPage,
    charts::{self, percent},
    rollup::{self, Area, AreaStats, Collectivity, MonthPoint, STAGES, Snapshot},
};

// ---------------------------------------------------------------------------
// Caching and the shell.

/// Renders through the page cache for anonymous visitors (keyed by the
/// national version, the registry, the hour, the language and the page with
/// its canonical sort); afresh for a signed-in viewer.
pub async fn respond<F, Fut>(
    page: &NationalPage,
    version: crate::Reading,
    key: &str,
    render: F,
) -> AppResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = AppResult<CachedPage>>,
{
    let state = &page.state;
    if page.viewer.is_some() {
        return Ok(render().await?.into_response());
    }
    let fp = version.fingerprint;
    let key = CacheKey::national(&[
        "nat",
        &version.content.to_string(),
        &format!("{fp:016x}"),
        &crate::hour_key(),
        page.lang.code(),
        key,
    ]);
    let mut resp = state
        .pages
        .get_or_render(&state.redis, &state.metrics, key, render)
        .await?
        .into_response();
    resp.extensions_mut()
        .insert(infitah_platform::fastpath::Cacheable {
            tenant: NATIONAL_ROLLUP,
            version: Some(version.content),
            fingerprint: fp,
        });
    Ok(resp)
}

// ---------------------------------------------------------------------------
// Sorting.

#[derive(Deserialize, Default)]
pub struct SortQuery {
    sort: Option<String>,
    dir: Option<String>,
}

/// A validated sort: one of the table's columns, and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: &'static str,
    pub desc: bool,
}

impl Sort {
    /// Only known columns: anything else is the default (and one cache entry).
    /// `columns` as the tables declare them: (key, descending by default, label id).
    pub fn parse(q: &SortQuery, columns: &[(&'static str, bool, &str)], default: Sort) -> Sort {
        let Some(&(key, desc_first, _)) = q
            .sort
            .as_deref()
            .and_then(|s| columns.iter().find(|(k, _, _)| *k == s))
        else {
            return default;
        };
        let desc = match q.dir.as_deref() {
            Some("asc") => false,
            Some("desc") => true,
            _ => desc_first,
        };
        Sort { key, desc }
    }
    pub fn cache_part(&self) -> String {
        format!("{}.{}", self.key, if self.desc { "desc" } else { "asc" })
    }
}

/// A column header: its label, and the link that sorts by it.
pub struct Head {
    pub label: String,
    pub href: String,
    /// `ascending`/`descending` on the sorted column (aria-sort).
    pub aria_sort: Option<&'static str>,
    pub hint: String,
    pub numeric: bool,
    /// ▲ or ▼ on the sorted column, nothing elsewhere.
    pub mark: &'static str,
}

/// The headers of a sortable table.
pub fn heads_for(
    tr: &Tr,
    base: &str,
    anchor: &str,
    columns: &[(&'static str, bool, &str)],
    sort: Sort,
) -> Vec<Head> {
    columns
        .iter()
        .map(|(key, numeric, label_id)| {
            let label = tr.t(label_id);
            let current = sort.key == *key;
            // Numbers sort largest first, names in order; a second click turns it round.
            let desc = if current { !sort.desc } else { *numeric };
            Head {
                href: format!(
                    "{base}?sort={key}&dir={}#{anchor}",
                    if desc { "desc" } else { "asc" }
                ),
                aria_sort: current.then_some(if sort.desc { "descending" } else { "ascending" }),
                hint: if current {
                    tr.t(if sort.desc {
                        "nat-sorted-desc"
                    } else {
                        "nat-sorted-asc"
                    })
                } else {
                    tr.s("nat-sort-by", &label)
                },
                label,
                numeric: *numeric,
                mark: match (current, sort.desc) {
                    (false, _) => "",
                    (true, true) => "▼",
                    (true, false) => "▲",
                },
            }
        })
        .collect()
}

fn cmp_f(a: Option<f64>, b: Option<f64>) -> Ordering {
    // "No programme" (None) always sorts last, whichever the direction.
    match (a, b) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

// ---------------------------------------------------------------------------
// Views.

pub struct Crumb {
    pub name: String,
    pub href: Option<String>,
}

pub struct Figure {
    pub label: String,
    pub value: String,
    pub note: String,
}

/// A region or province compared with its siblings.
pub struct AreaRow {
    pub name: String,
    pub href: String,
    pub code: String,
    pub kind: String,
    pub collectivities: i64,
    pub with_programme: i64,
    pub without: i64,
    pub median: String,
    pub q1: String,
    pub q3: String,
    pub mean: String,
    pub spread: String,
    pub activities_late: i64,
    pub activities_done: String,
    pub card_median: i16,
    stats: AreaStats,
}

/// One collectivity in a table.
pub struct MemberRow {
    pub name: String,
    pub other_name: String,
    pub href: String,
    pub kind: String,
    pub code: String,
    pub has_programme: bool,
    pub progress: i16,
    pub progress_text: String,
    pub stage: String,
    pub since: String,
    pub projects: i32,
    pub activities_done: String,
    pub activities_late: i32,
    pub bar_label: String,
    c: Collectivity,
}

pub struct StageRow {
    pub label: String,
    pub count: i64,
    pub share: i16,
    pub share_text: String,
    pub since: String,
    pub class: &'static str,
}

pub struct PillarRow {
    pub label: String,
    pub count: i64,
    pub share: i16,
}

pub struct MonthRow {
    pub label: String,
    pub collectivities: i64,
    pub mean: String,
    pub median: String,
    pub q1: String,
    pub q3: String,
}

pub struct MonthsView {
    pub svg: String,
    pub rows: Vec<MonthRow>,
    pub title: String,
}

pub struct RegionCard {
    pub name: String,
    pub href: String,
    pub code: String,
    pub median: i16,
    pub median_text: String,
    pub meta: String,
}

pub struct DirectoryBlock {
    pub name: String,
    pub kind: String,
    pub href: String,
    pub communes: Vec<(String, String, String)>,
}

/// What a page in `lang` needs from the shared pieces.
pub struct Ctx<'a> {
    pub state: &'a AppState,
    pub tr: Tr<'a>,
    pub lang: Lang,
    pub snap: &'a Snapshot,
}

impl<'a> Ctx<'a> {
    pub fn pct(&self, v: Option<f64>) -> String {
        v.map(|v| percent(v, self.lang))
            .unwrap_or_else(|| "—".into())
    }
    pub fn kind(&self, kind: &str) -> String {
        self.tr.t(&format!("kind-{kind}"))
    }
    pub fn stage(&self, c: &Collectivity) -> String {
        match (&c.stage, c.has_programme) {
            (_, false) => self.tr.t("nat-no-programme"),
            (Some(s), true) => self.tr.t(&format!("nat-stage-{s}")),
            (None, true) => self.tr.t("nat-stage-none"),
        }
    }
    pub fn month(&self, d: Option<Date>) -> String {
        d.map(|d| month_label(self.lang, d)).unwrap_or_default()
    }
    /// The link to a collectivity's own space.
    pub fn space_href(&self, id: Uuid) -> Option<String> {
        let reg = self.state.directory.snapshot();
        reg.get(TenantId(id)).map(|t| {
            self.state
                .settings
                .origin_for(&t.primary_host(&self.state.settings.base_domain))
                + "/"
        })
    }
    pub fn area_href(&self, c: &Collectivity) -> String {
        match c.kind.as_str() {
            "region" => format!("/regions/{}", c.slug),
            "province" | "prefecture" => format!("/provinces/{}", c.slug),
            _ => format!("/collectivities/{}", c.slug),
        }
    }
    pub fn nation_median(&self) -> Option<f64> {
        self.snap.area(Area::Nation).median
    }

    pub fn figures(&self, a: &AreaStats) -> Vec<Figure> {
        let tr = &self.tr;
        let n = |v: i64| tr.number(v);
        vec![
            Figure {
                label: tr.t("nat-fig-collectivities"),
                value: n(a.collectivities),
                note: format!(
                    "{} · {}",
                    tr.t("nat-fig-with-programme"),
                    n(a.with_programme)
                ),
            },
            Figure {
                label: tr.t("nat-fig-without-programme"),
                value: n(a.without_programme()),
                note: tr.n("nat-n-collectivities", a.collectivities),
            },
            Figure {
                label: tr.t("nat-fig-median"),
                value: self.pct(a.median),
                note: match (a.q1, a.q3) {
                    (Some(q1), Some(q3)) => format!(
                        "{} {} – {}",
                        tr.t("nat-fig-quartiles"),
                        percent(q1, self.lang),
                        percent(q3, self.lang)
                    ),
                    _ => String::new(),
                },
            },
            Figure {
                label: tr.t("nat-fig-mean"),
                value: self.pct(a.mean),
                note: tr.n("nat-n-projects", a.projects),
            },
            Figure {
                label: tr.t("nat-fig-activities-done"),
                value: n(a.activities_done),
                note: tr.n("nat-n-activities", a.activities),
            },
            Figure {
                label: tr.t("nat-fig-activities-late"),
                value: n(a.activities_late),
                note: if a.activities > 0 {
                    percent(
                        a.activities_late as f64 * 100.0 / a.activities as f64,
                        self.lang,
                    )
                } else {
                    String::new()
                },
            },
        ]
    }

    pub fn area_row(&self, c: &Collectivity, area: Area) -> AreaRow {
        let a = self.snap.area(area);
        let name = c.name(self.lang).to_owned();
        AreaRow {
            spread: match (a.min, a.q1, a.median, a.q3, a.max) {
                (Some(mn), Some(q1), Some(md), Some(q3), Some(mx)) => charts::boxplot(
                    charts::Spread {
                        min: mn as f64,
                        q1,
                        median: md,
                        q3,
                        max: mx as f64,
                    },
                    self.nation_median(),
                    None,
                    self.lang.is_rtl(),
                    &self.tr.s("nat-chart-box", &name),
                ),
                _ => String::new(),
            },
            href: self.area_href(c),
            code: c.hcp_code.clone().unwrap_or_default(),
            kind: self.kind(&c.kind),
            collectivities: a.collectivities,
            with_programme: a.with_programme,
            without: a.without_programme(),
            median: self.pct(a.median),
            q1: self.pct(a.q1),
            q3: self.pct(a.q3),
            mean: self.pct(a.mean),
            activities_late: a.activities_late,
            activities_done: if a.activities > 0 {
                percent(
                    a.activities_done as f64 * 100.0 / a.activities as f64,
                    self.lang,
                )
            } else {
                "—".into()
            },
            card_median: a.median.map(|m| m.round() as i16).unwrap_or(0),
            name,
            stats: a,
        }
    }

    pub fn member_row(&self, c: &Collectivity) -> MemberRow {
        let other = if self.lang == Lang::Ar {
            Lang::Fr
        } else {
            Lang::Ar
        };
        let name = c.name(self.lang).to_owned();
        MemberRow {
            other_name: c.name(other).to_owned(),
            href: format!("/collectivities/{}", c.slug),
            kind: self.kind(&c.kind),
            code: c.hcp_code.clone().unwrap_or_default(),
            has_programme: c.has_programme,
            progress: c.progress.unwrap_or(0),
            progress_text: c
                .progress
                .map(|p| percent(p as f64, self.lang))
                .unwrap_or_else(|| self.tr.t("nat-no-programme")),
            stage: self.stage(c),
            since: self.month(c.stage_since),
            projects: c.projects,
            activities_done: if c.activities > 0 {
                format!(
                    "{} / {}",
                    self.tr.number(c.activities_done as i64),
                    self.tr.number(c.activities as i64)
                )
            } else {
                "—".into()
            },
            activities_late: c.activities_late,
            bar_label: self.tr.t("nat-legend-progress"),
            name,
            c: c.clone(),
        }
    }

    pub fn stage_rows(&self, a: &AreaStats) -> Vec<StageRow> {
        let total = a.collectivities.max(1) as f64;
        let share = |n: i64| ((n as f64) * 100.0 / total).round() as i16;
        let mut rows = vec![StageRow {
            label: self.tr.t("nat-no-programme"),
            count: a.without_programme(),
            share: share(a.without_programme()),
            share_text: percent(a.without_programme() as f64 * 100.0 / total, self.lang),
            since: String::new(),
            class: "none",
        }];
        rows.push(StageRow {
            label: self.tr.t("nat-stage-none"),
            count: a.stage_none,
            share: share(a.stage_none),
            share_text: percent(a.stage_none as f64 * 100.0 / total, self.lang),
            since: String::new(),
            class: "waiting",
        });
        for (i, s) in STAGES.iter().enumerate() {
            let (n, since) = a.stages[i];
            rows.push(StageRow {
                label: self.tr.t(&format!("nat-stage-{s}")),
                count: n,
                share: share(n),
                share_text: percent(n as f64 * 100.0 / total, self.lang),
                since: self.month(since),
                class: if i < 4 { "prep" } else { "impl" },
            });
        }
        rows
    }

    pub fn pillar_rows(&self, a: &AreaStats, labels: &[(String, String)]) -> Vec<PillarRow> {
        let max = a.pillars.iter().map(|p| p.1).max().unwrap_or(0).max(1) as f64;
        let mut rows: Vec<PillarRow> = labels
            .iter()
            .map(|(code, label)| {
                let count = a
                    .pillars
                    .iter()
                    .find(|p| &p.0 == code)
                    .map(|p| p.1)
                    .unwrap_or(0);
                PillarRow {
                    label: label.clone(),
                    count,
                    share: ((count as f64) * 100.0 / max).round() as i16,
                }
            })
            .collect();
        // Pillars no longer in the catalogue still count, under their code.
        for (code, count) in &a.pillars {
            if !labels.iter().any(|(c, _)| c == code) {
                rows.push(PillarRow {
                    label: code.clone(),
                    count: *count,
                    share: ((*count as f64) * 100.0 / max).round() as i16,
                });
            }
        }
        rows
    }

    pub fn months_view(&self, points: &[MonthPoint], area_name: &str) -> MonthsView {
        let tr = &self.tr;
        let labels: Vec<(Date, String)> = points
            .iter()
            .map(|p| (p.month, short_month(self.lang, p.month)))
            .collect();
        let q1: Vec<f64> = points.iter().map(|p| p.q1).collect();
        let q3: Vec<f64> = points.iter().map(|p| p.q3).collect();
        let title = tr.s("nat-chart-months", area_name);
        let svg = charts::months(
            &labels,
            Some((&q1, &q3)),
            &[
                charts::Series {
                    class: "nat-series-mean",
                    values: points.iter().map(|p| p.mean).collect(),
                },
                charts::Series {
                    class: "nat-series-median",
                    values: points.iter().map(|p| p.median).collect(),
                },
            ],
            self.lang.is_rtl(),
            &title,
            &self.ticks(),
        );
        MonthsView {
            svg,
            rows: points
                .iter()
                .rev()
                .map(|p| MonthRow {
                    label: month_label(self.lang, p.month),
                    collectivities: p.collectivities,
                    mean: percent(p.mean, self.lang),
                    median: percent(p.median, self.lang),
                    q1: percent(p.q1, self.lang),
                    q3: percent(p.q3, self.lang),
                })
                .collect(),
            title,
        }
    }

    pub fn ticks(&self) -> [String; 5] {
        [0.0, 25.0, 50.0, 75.0, 100.0].map(|v| percent(v, self.lang))
    }

    pub fn crumbs(&self, c: Option<&Collectivity>) -> Vec<Crumb> {
        let mut chain = vec![];
        let mut up = c;
        while let Some(x) = up {
            chain.push(Crumb {
                name: x.name(self.lang).to_owned(),
                href: Some(self.area_href(x)),
            });
            up = x.parent_id.and_then(|p| self.snap.get(p));
        }
        chain.push(Crumb {
            name: self.tr.t("nat-nation"),
            href: Some("/".into()),
        });
        chain.reverse();
        if let Some(last) = chain.last_mut() {
            last.href = None;
        }
        chain
    }
}

/// "oct. 2024" / "أكتوبر 2024": the x-axis labels.
fn short_month(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Ar => lang.month_year(d.year(), d.month() as u8),
        _ => {
            let name = lang.month_name(d.month() as u8);
            let short: String = name.chars().take(3).collect();
            format!("{short} {}", d.year() % 100)
        }
    }
}

// ---------------------------------------------------------------------------
// The area pages: the nation, a region, a province or prefecture.

#[derive(Template)]
#[template(path = "nat_area.html")]
struct AreaPage<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    eyebrow: String,
    heading: String,
    other_name: String,
    as_of: String,
    figures: Vec<Figure>,
    /// Region cards (the nation only).
    cards: Vec<RegionCard>,
    /// The parts compared (regions, or provinces and prefectures).
    parts_title: String,
    parts: Vec<AreaRow>,
    parts_heads: Vec<Head>,
    /// The collectivities compared one by one (a province's communes).
    members_title: String,
    members: Vec<MemberRow>,
    members_heads: Vec<Head>,
    strip: String,
    /// The area's own council, when it has one.
    council: Option<MemberRow>,
    stages: Vec<StageRow>,
    stages_title: String,
    pillars: Vec<PillarRow>,
    pillars_title: String,
    months: MonthsView,
    directory: Vec<DirectoryBlock>,
    credit: &'static str,
    legend_box: Vec<(&'static str, String)>,
    legend_months: Vec<(&'static str, String)>,
}

const PART_COLUMNS: &[(&str, bool, &str)] = &[
    ("name", false, "nat-col-name"),
    ("median", true, "nat-col-median"),
    ("collectivities", true, "nat-col-collectivities"),
    ("without", true, "nat-col-without"),
    ("q1", true, "nat-col-q1"),
    ("q3", true, "nat-col-q3"),
    ("mean", true, "nat-col-mean"),
    ("late", true, "nat-col-late"),
    ("done", true, "nat-col-done"),
];

const MEMBER_COLUMNS: &[(&str, bool, &str)] = &[
    ("name", false, "nat-col-name"),
    ("progress", true, "nat-col-progress"),
    ("stage", true, "nat-col-stage"),
    ("projects", true, "nat-col-projects"),
    ("done", true, "nat-col-done"),
    ("late", true, "nat-col-late"),
];

fn sort_parts(rows: &mut [AreaRow], sort: Sort, lang: Lang) {
    rows.sort_by(|a, b| {
        let (x, y) = (&a.stats, &b.stats);
        let done = |s: &AreaStats| {
            (s.activities > 0).then(|| s.activities_done as f64 / s.activities as f64)
        };
        let o = match sort.key {
            "collectivities" => x.collectivities.cmp(&y.collectivities),
            "without" => x.without_programme().cmp(&y.without_programme()),
            "median" => cmp_f(x.median, y.median),
            "q1" => cmp_f(x.q1, y.q1),
            "q3" => cmp_f(x.q3, y.q3),
            "mean" => cmp_f(x.mean, y.mean),
            "late" => x.activities_late.cmp(&y.activities_late),
            "done" => cmp_f(done(x), done(y)),
            _ => collate(&a.name, &b.name, lang),
        };
        let o = if sort.desc { o.reverse() } else { o };
        o.then_with(|| a.code.cmp(&b.code))
    });
}

fn sort_members(rows: &mut [MemberRow], sort: Sort, lang: Lang) {
    let stage_rank = |c: &Collectivity| -> i32 {
        match (&c.stage, c.has_programme) {
            (_, false) => -2,
            (None, true) => -1,
            (Some(s), true) => STAGES.iter().position(|x| x == s).unwrap_or(0) as i32,
        }
    };
    rows.sort_by(|a, b| {
        let (x, y) = (&a.c, &b.c);
        let o = match sort.key {
            "progress" => {
                // Without a programme: last in either direction.
                match (x.progress, y.progress) {
                    (Some(p), Some(q)) => p.cmp(&q),
                    (Some(_), None) => return Ordering::Less,
                    (None, Some(_)) => return Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            }
            "stage" => stage_rank(x).cmp(&stage_rank(y)),
            "projects" => x.projects.cmp(&y.projects),
            "done" => x.activities_done.cmp(&y.activities_done),
            "late" => x.activities_late.cmp(&y.activities_late),
            _ => collate(&a.name, &b.name, lang),
        };
        let o = if sort.desc { o.reverse() } else { o };
        o.then_with(|| a.code.cmp(&b.code))
    });
}

/// Names in a reading order good enough for both scripts: case and accents folded for Latin.
fn collate(a: &str, b: &str, _lang: Lang) -> Ordering {
    fn key(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
                'à' | 'â' | 'ä' => 'a',
                'î' | 'ï' => 'i',
                'ô' | 'ö' => 'o',
                'û' | 'ù' | 'ü' => 'u',
                'ç' => 'c',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    }
    key(a).cmp(&key(b))
}

/// The nation: `/`.
pub async fn nation(page: NationalPage, Query(q): Query<SortQuery>) -> AppResult<Response> {
    area_page(&page, None, &q).await
}

/// A region: `/regions/{slug}`.
pub async fn region(
    page: NationalPage,
    Path(slug): Path<String>,
    Query(q): Query<SortQuery>,
) -> AppResult<Response> {
    let id = area_id(&page.state, &slug, &["region"])?;
    area_page(&page, Some(id), &q).await
}

/// A province or prefecture: `/provinces/{slug}`.
pub async fn province(
    page: NationalPage,
    Path(slug): Path<String>,
    Query(q): Query<SortQuery>,
) -> AppResult<Response> {
    let id = area_id(&page.state, &slug, &["province", "prefecture"])?;
    area_page(&page, Some(id), &q).await
}

/// A collectivity of one of `kinds`, by slug, from the registry (unknown: 404).
fn area_id(state: &AppState, slug: &str, kinds: &[&str]) -> AppResult<Uuid> {
    state
        .directory
        .snapshot()
        .by_slug(slug)
        .filter(|t| kinds.contains(&t.record.kind.as_str()))
        .map(|t| t.id().0)
        .ok_or(AppError::NotFound)
}

async fn area_page(page: &NationalPage, id: Option<Uuid>, q: &SortQuery) -> AppResult<Response> {
    let (state, lang) = (&page.state, page.lang);
    let (version, snap) = page.reading().await?;
    // A collectivity the registry knows but the snapshot does not (just added): 404 until it shows.
    let here = match id {
        Some(id) => Some(snap.get(id).ok_or(AppError::NotFound)?.clone()),
        None => None,
    };
    let (area, path) = match &here {
        None => (Area::Nation, "/".to_owned()),
        Some(c) if c.kind == "region" => (Area::Region(c.id), format!("/regions/{}", c.slug)),
        Some(c) => (Area::Province(c.id), format!("/provinces/{}", c.slug)),
    };
    let part_sort = Sort::parse(
        q,
        PART_COLUMNS,
        Sort {
            key: "name",
            desc: false,
        },
    );
    let member_sort = Sort::parse(
        q,
        MEMBER_COLUMNS,
        Sort {
            key: "progress",
            desc: true,
        },
    );
    let cache_page = format!(
        "{path}|{}|{}",
        part_sort.cache_part(),
        member_sort.cache_part()
    );
    respond(page, version, &cache_page, || async {
        let tr = state.i18n.tr(lang);
        let cx = Ctx {
            state,
            tr,
            lang,
            snap: &snap,
        };
        let stats = snap.area(area);
        let (heading, eyebrow, other_name) = match &here {
            None => (tr.t("nat-title"), tr.t("national-kind"), String::new()),
            Some(c) => (
                c.name(lang).to_owned(),
                cx.kind(&c.kind),
                c.name(if lang == Lang::Ar { Lang::Fr } else { Lang::Ar })
                    .to_owned(),
            ),
        };
        let area_name = here
            .as_ref()
            .map(|c| c.name(lang).to_owned())
            .unwrap_or_else(|| tr.t("nat-nation"));
        let points = match area {
            Area::Nation => snap.nation_months.clone(),
            _ => snap.months(area),
        };
        let labels = snap.pillar_labels(lang);
        // The parts: regions of the nation, provinces of a region.
        let mut parts: Vec<AreaRow> = match &here {
            None => snap
                .children(None)
                .map(|r| cx.area_row(r, Area::Region(r.id)))
                .collect(),
            Some(c) if c.kind == "region" => snap
                .children(Some(c.id))
                .map(|p| cx.area_row(p, Area::Province(p.id)))
                .collect(),
            Some(_) => vec![],
        };
        sort_parts(&mut parts, part_sort, lang);
        let cards = match &here {
            None => cx.region_cards(),
            Some(_) => vec![],
        };
        // A province's communes, one by one.
        let mut members: Vec<MemberRow> = match &here {
            Some(c) if c.kind != "region" => snap
                .children(Some(c.id))
                .map(|m| cx.member_row(m))
                .collect(),
            _ => vec![],
        };
        sort_members(&mut members, member_sort, lang);
        let strip = match &here {
            Some(c) if c.kind != "region" => cx.members_strip(area, &stats, &area_name),
            _ => String::new(),
        };
        let directory = match &here {
            Some(c) if c.kind == "region" => cx.region_directory(c),
            _ => vec![],
        };
        let view = AreaPage {
            shell: page.shell_at(&path, heading.clone()),
            crumbs: if here.is_some() {
                cx.crumbs(here.as_ref())
            } else {
                vec![]
            },
            eyebrow,
            heading,
            other_name,
            as_of: tr.s(
                "nat-as-of",
                &infitah_platform::texts::date_label(lang, snap.today),
            ),
            figures: cx.figures(&stats),
            cards,
            parts_title: match &here {
                None => tr.t("nat-h-compare-regions"),
                _ => tr.t("nat-h-compare-provinces"),
            },
            parts_heads: heads_for(&tr, &path, "compare", PART_COLUMNS, part_sort),
            parts,
            members_title: tr.t("nat-h-compare-communes"),
            members_heads: heads_for(&tr, &path, "members", MEMBER_COLUMNS, member_sort),
            members,
            strip,
            council: here.as_ref().map(|c| cx.member_row(c)),
            stages: cx.stage_rows(&stats),
            stages_title: tr.s("nat-chart-stages", &area_name),
            pillars: cx.pillar_rows(&stats, &labels),
            pillars_title: tr.s("nat-chart-pillars", &area_name),
            months: cx.months_view(&points, &area_name),
            directory,
            credit: infitah_platform::import::HCP_CREDIT,
            legend_box: vec![
                ("nat-median", tr.t("nat-legend-median")),
                ("nat-iqr-swatch", tr.t("nat-legend-iqr")),
                ("nat-reference", tr.t("nat-legend-reference")),
            ],
            legend_months: vec![
                ("nat-series-median", tr.t("nat-legend-median")),
                ("nat-series-mean", tr.t("nat-legend-mean")),
                ("nat-band-swatch", tr.t("nat-legend-iqr")),
            ],
        };
        html_page(&view)
    })
    .await
}

/// The pieces of the area and collectivity pages, each drawn from the snapshot.
impl Ctx<'_> {
    /// The nation's regions as cards: median progress, how many
    /// collectivities, how many without a programme.
    fn region_cards(&self) -> Vec<RegionCard> {
        let (snap, tr, lang) = (self.snap, &self.tr, self.lang);
        snap.children(None)
            .map(|r| {
                let a = snap.area(Area::Region(r.id));
                RegionCard {
                    name: r.name(lang).to_owned(),
                    href: format!("/regions/{}", r.slug),
                    code: r.hcp_code.clone().unwrap_or_default(),
                    median: a.median.map(|m| m.round() as i16).unwrap_or(0),
                    median_text: self.pct(a.median),
                    meta: format!(
                        "{} · {}",
                        tr.n("nat-n-collectivities", a.collectivities),
                        tr.n("nat-n-without", a.without_programme())
                    ),
                }
            })
            .collect()
    }

    /// A province's communes as points on a strip, over the box of its quartiles.
    fn members_strip(&self, area: Area, stats: &AreaStats, area_name: &str) -> String {
        let (snap, lang) = (self.snap, self.lang);
        let mut pts: Vec<(f64, String, bool)> = snap
            .members(area)
            .filter_map(|m| {
                m.progress.map(|p| {
                    (
                        p as f64,
                        format!("{} — {}", m.name(lang), percent(p as f64, lang)),
                        false,
                    )
                })
            })
            .collect();
        pts.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal));
        charts::strip(
            &pts,
            stats
                .q1
                .zip(stats.median)
                .zip(stats.q3)
                .map(|((a, b), c)| (a, b, c)),
            lang.is_rtl(),
            &self.tr.s("nat-chart-strip", area_name),
            &self.ticks(),
        )
    }

    /// A region's provinces with their communes, each linked to its own space.
    fn region_directory(&self, region: &Collectivity) -> Vec<DirectoryBlock> {
        let (snap, lang, state) = (self.snap, self.lang, self.state);
        let reg = state.directory.snapshot();
        let other = if lang == Lang::Ar { Lang::Fr } else { Lang::Ar };
        snap.children(Some(region.id))
            .map(|p| DirectoryBlock {
                name: p.name(lang).to_owned(),
                kind: self.kind(&p.kind),
                href: format!("/provinces/{}", p.slug),
                communes: snap
                    .children(Some(p.id))
                    .map(|m| {
                        (
                            m.name(lang).to_owned(),
                            m.name(other).to_owned(),
                            reg.get(TenantId(m.id))
                                .map(|t| {
                                    state
                                        .settings
                                        .origin_for(&t.primary_host(&state.settings.base_domain))
                                        + "/"
                                })
                                .unwrap_or_else(|| format!("/collectivities/{}", m.slug)),
                        )
                    })
                    .collect(),
            })
            .collect()
    }

    /// Where a collectivity stands: in its province or prefecture, its
    /// region, the nation — a box of each, its rank and the median.
    fn standings(&self, c: &Collectivity) -> Vec<Standing> {
        let (snap, tr, lang) = (self.snap, &self.tr, self.lang);
        let mut standings = vec![];
        let mut areas: Vec<(Area, String, String)> = vec![];
        if let Some(p) = c
            .province_id
            .filter(|p| *p != c.id)
            .and_then(|p| snap.get(p))
        {
            areas.push((
                Area::Province(p.id),
                p.name(lang).to_owned(),
                self.area_href(p),
            ));
        }
        if let Some(r) = c.region_id.and_then(|r| snap.get(r)) {
            areas.push((
                Area::Region(r.id),
                r.name(lang).to_owned(),
                self.area_href(r),
            ));
        }
        areas.push((Area::Nation, tr.t("nat-nation"), "/".into()));
        for (area, name, href) in areas {
            let a = snap.area(area);
            let (Some(mn), Some(q1), Some(md), Some(q3), Some(mx)) =
                (a.min, a.q1, a.median, a.q3, a.max)
            else {
                continue;
            };
            let rank = c.progress.map(|p| {
                let ahead = snap
                    .members(area)
                    .filter(|m| m.progress.is_some_and(|x| x < p))
                    .count() as i64;
                let mut args = fluent_bundle::FluentArgs::new();
                args.set("ahead", ahead);
                args.set("total", a.with_programme);
                args.set("name", name.clone());
                tr.args("nat-rank", &args)
            });
            standings.push(Standing {
                svg: charts::boxplot(
                    charts::Spread {
                        min: mn as f64,
                        q1,
                        median: md,
                        q3,
                        max: mx as f64,
                    },
                    None,
                    c.progress.map(|p| p as f64),
                    lang.is_rtl(),
                    &tr.s("nat-chart-box", &name),
                ),
                rank: rank.unwrap_or_default(),
                median: self.pct(a.median),
                area_name: name,
                href,
            });
        }
        standings
    }

    /// A collectivity's progress month by month, beside the nation's median.
    fn collectivity_months(&self, c: &Collectivity, own: &[(Date, i16)]) -> Option<MonthsView> {
        let (snap, tr, lang) = (self.snap, &self.tr, self.lang);
        if own.is_empty() {
            return None;
        }
        let labels: Vec<(Date, String)> = own
            .iter()
            .map(|(m, _)| (*m, short_month(lang, *m)))
            .collect();
        let nation: Vec<f64> = own
            .iter()
            .map(|(m, _)| {
                snap.nation_months
                    .iter()
                    .find(|p| p.month == *m)
                    .map(|p| p.median)
                    .unwrap_or(0.0)
            })
            .collect();
        let title = tr.s("nat-chart-months", c.name(lang));
        Some(MonthsView {
            svg: charts::months(
                &labels,
                None,
                &[
                    charts::Series {
                        class: "nat-series-reference",
                        values: nation.clone(),
                    },
                    charts::Series {
                        class: "nat-series-median",
                        values: own.iter().map(|(_, v)| *v as f64).collect(),
                    },
                ],
                lang.is_rtl(),
                &title,
                &self.ticks(),
            ),
            rows: own
                .iter()
                .zip(nation.iter())
                .rev()
                .map(|((m, v), n)| MonthRow {
                    label: month_label(lang, *m),
                    collectivities: 1,
                    mean: percent(*v as f64, lang),
                    median: percent(*n, lang),
                    q1: String::new(),
                    q3: String::new(),
                })
                .collect(),
            title,
        })
    }

    /// A collectivity's published projects, linked on its own space.
    fn project_views(
        &self,
        projects: &[rollup::ProjectFacts],
        labels: &[(String, String)],
        space: Option<&str>,
    ) -> Vec<ProjectView> {
        let (tr, lang) = (&self.tr, self.lang);
        projects
            .iter()
            .map(|p| ProjectView {
                title: Text::of(
                    &infitah_platform::texts::Bilingual::new(
                        p.title_ar.clone(),
                        p.title_fr.clone(),
                    ),
                    lang,
                ),
                href: space
                    .map(|s| format!("{s}projects/{}", p.id))
                    .unwrap_or_default(),
                progress: p.progress,
                status: p.status.as_str(),
                status_label: tr.t(&format!("status-{}", p.status.as_str())),
                activities: format!(
                    "{} / {}",
                    tr.number(p.activities_done as i64),
                    tr.number(p.activities as i64)
                ),
                pillars: p
                    .pillars
                    .iter()
                    .map(|code| {
                        labels
                            .iter()
                            .find(|(c, _)| c == code)
                            .map(|(_, l)| l.clone())
                            .unwrap_or_else(|| code.clone())
                    })
                    .collect(),
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------
// A collectivity's national card.

pub struct Standing {
    pub area_name: String,
    pub href: String,
    pub svg: String,
    pub rank: String,
    pub median: String,
}

pub struct ProjectView {
    pub title: Text,
    pub href: String,
    pub progress: i16,
    pub status: &'static str,
    pub status_label: String,
    pub activities: String,
    pub pillars: Vec<String>,
}

#[derive(Template)]
#[template(path = "nat_collectivity.html")]
struct CollectivityPage<'a> {
    shell: Shell<'a>,
    crumbs: Vec<Crumb>,
    kind: String,
    name: String,
    other_name: String,
    code: String,
    population: String,
    space_href: Option<String>,
    row: MemberRow,
    period: String,
    evaluated: Option<String>,
    standings: Vec<Standing>,
    stages: Vec<StageView>,
    projects: Vec<ProjectView>,
    months: Option<MonthsView>,
    area_link: Option<(String, String)>,
    legend_box: Vec<(&'static str, String)>,
    legend_months: Vec<(&'static str, String)>,
}

/// `/collectivities/{slug}`.
pub async fn collectivity(page: NationalPage, Path(slug): Path<String>) -> AppResult<Response> {
    let (state, lang) = (&page.state, page.lang);
    let kinds = ["region", "province", "prefecture", "commune"];
    let id = area_id(state, &slug, &kinds)?;
    let (version, snap) = page.reading().await?;
    let c = snap.get(id).ok_or(AppError::NotFound)?.clone();
    let path = format!("/collectivities/{}", c.slug);
    respond(&page, version, &path, || async {
        let tr = state.i18n.tr(lang);
        let cx = Ctx {
            state,
            tr,
            lang,
            snap: &snap,
        };
        let mut tx = page.national.db.read().await?;
        let projects = rollup::projects(&mut tx, c.id).await?;
        let stages = sqlx::query_as!(
            infitah_plans::model::Stage,
            "select s.stage, s.planned_start, s.planned_end, s.actual_start, s.actual_end
               from programme_stages s join national_programmes n on n.tenant_id = s.tenant_id and n.programme_id = s.programme_id
              where s.tenant_id = $1",
            c.id
        )
        .fetch_all(&mut *tx)
        .await?;
        let labels = snap.pillar_labels(lang);
        tx.commit().await?;
        let own_months = snap.collectivity_months(c.id);
        let space = cx.space_href(c.id);
        let standings = cx.standings(&c);
        let months = cx.collectivity_months(&c, &own_months);
        let other = if lang == Lang::Ar { Lang::Fr } else { Lang::Ar };
        let view = CollectivityPage {
            shell: page.shell_at(&path, c.name(lang).to_owned()),
            crumbs: cx.crumbs(Some(&c)),
            kind: cx.kind(&c.kind),
            name: c.name(lang).to_owned(),
            other_name: c.name(other).to_owned(),
            code: c.hcp_code.clone().unwrap_or_default(),
            population: c
                .population
                .map(|p| tr.number(p as i64))
                .unwrap_or_default(),
            period: c
                .period
                .map(|(a, b)| format!("{a}–{b}"))
                .unwrap_or_default(),
            evaluated: c.evaluated_progress.map(|p| percent(p as f64, lang)),
            standings,
            stages: if c.has_programme {
                stage_views(state, lang, &stages)
            } else {
                vec![]
            },
            projects: cx.project_views(&projects, &labels, space.as_deref()),
            months,
            area_link: match c.kind.as_str() {
                "region" | "province" | "prefecture" => {
                    Some((cx.area_href(&c), tr.t("nat-open-area")))
                }
                _ => None,
            },
            space_href: space,
            row: cx.member_row(&c),
            legend_box: vec![
                ("nat-marker-swatch", tr.t("nat-legend-here")),
                ("nat-median", tr.t("nat-legend-median")),
                ("nat-iqr-swatch", tr.t("nat-legend-iqr")),
            ],
            legend_months: vec![
                ("nat-series-median", tr.t("nat-legend-progress")),
                ("nat-series-reference", tr.t("nat-legend-reference")),
            ],
        };
        html_page(&view)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_columns_sort() {
        let cols = PART_COLUMNS;
        let default = Sort {
            key: "name",
            desc: false,
        };
        let q = SortQuery {
            sort: Some("median".into()),
            dir: None,
        };
        assert_eq!(
            Sort::parse(&q, cols, default),
            Sort {
                key: "median",
                desc: true
            }
        );
        let q = SortQuery {
            sort: Some("<script>".into()),
            dir: Some("desc".into()),
        };
        assert_eq!(Sort::parse(&q, cols, default), default);
        assert_eq!(crate::charts::esc("a<b"), "a&lt;b");
    }
}
