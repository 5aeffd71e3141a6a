//! The area pages: the nation, a region, a province or prefecture.

use super::*;

#[derive(Template)]
#[template(path = "nat_area.html")]
pub(super) struct AreaPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) crumbs: Vec<Crumb>,
    pub(super) eyebrow: String,
    pub(super) heading: String,
    pub(super) other_name: String,
    pub(super) as_of: String,
    pub(super) figures: Vec<Figure>,
    /// Region cards (the nation only).
    pub(super) cards: Vec<RegionCard>,
    /// The parts compared (regions, or provinces and prefectures).
    pub(super) parts_title: String,
    pub(super) parts: Vec<AreaRow>,
    pub(super) parts_heads: Vec<Head>,
    /// The collectivities compared one by one (a province's communes).
    pub(super) members_title: String,
    pub(super) members: Vec<MemberRow>,
    pub(super) members_heads: Vec<Head>,
    pub(super) strip: String,
    /// The area's own council, when it has one.
    pub(super) council: Option<MemberRow>,
    pub(super) stages: Vec<StageRow>,
    pub(super) stages_title: String,
    pub(super) pillars: Vec<PillarRow>,
    pub(super) pillars_title: String,
    pub(super) months: MonthsView,
    pub(super) directory: Vec<DirectoryBlock>,
    pub(super) legend_box: Vec<(&'static str, String)>,
    pub(super) legend_months: Vec<(&'static str, String)>,
}

pub(super) const PART_COLUMNS: &[(&str, bool, &str)] = &[
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

pub(super) const MEMBER_COLUMNS: &[(&str, bool, &str)] = &[
    ("name", false, "nat-col-name"),
    ("progress", true, "nat-col-progress"),
    ("stage", true, "nat-col-stage"),
    ("projects", true, "nat-col-projects"),
    ("done", true, "nat-col-done"),
    ("late", true, "nat-col-late"),
];

pub(super) fn sort_parts(rows: &mut [AreaRow], sort: Sort, lang: Lang) {
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

pub(super) fn sort_members(rows: &mut [MemberRow], sort: Sort, lang: Lang) {
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
pub(super) fn collate(a: &str, b: &str, _lang: Lang) -> Ordering {
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
pub(super) fn area_id(state: &AppState, slug: &str, kinds: &[&str]) -> AppResult<Uuid> {
    state
        .directory
        .snapshot()
        .by_slug(slug)
        .filter(|t| kinds.contains(&t.record.kind.as_str()))
        .map(|t| t.id().0)
        .ok_or(AppError::NotFound)
}

pub(super) async fn area_page(
    page: &NationalPage,
    id: Option<Uuid>,
    q: &SortQuery,
) -> AppResult<Response> {
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
            .unwrap_or_else(|| tr.t("nav-nation"));
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
    pub(super) fn standings(&self, c: &Collectivity) -> Vec<Standing> {
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
        areas.push((Area::Nation, tr.t("nav-nation"), "/".into()));
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
    pub(super) fn collectivity_months(
        &self,
        c: &Collectivity,
        own: &[(Date, i16)],
    ) -> Option<MonthsView> {
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
                &tr.t("nat-chart-time"),
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
    pub(super) fn project_views(
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
