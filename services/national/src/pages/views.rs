//! What the national pages show of the roll-ups: rows, figures, charts and
//! labels, in the reader's language.

use super::*;

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
    pub(super) stats: AreaStats,
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
    pub(super) c: Collectivity,
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
            &tr.t("nat-chart-time"),
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
            name: self.tr.t("nav-nation"),
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
pub(super) fn short_month(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Ar => lang.month_year(d.year(), d.month() as u8),
        _ => {
            let name = lang.month_name(d.month() as u8);
            let short: String = name.chars().take(3).collect();
            format!("{short} {}", d.year() % 100)
        }
    }
}
