//! The gap between the progress collectivities report and what their
//! co-monitoring committees evaluated.

use super::*;
use infitah_platform::pager::{self, Pager};

/// Reported and evaluated means over some collectivities' evaluated
/// projects, each collectivity weighted by how many projects it had evaluated.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GapSum {
    pub collectivities: i64,
    pub projects: i64,
    pub(super) reported: f64,
    pub(super) evaluated: f64,
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
    pub(super) sort_gap: f64,
    pub(super) sort_reported: f64,
    pub(super) sort_evaluated: f64,
    pub(super) sort_projects: i64,
    pub(super) code: String,
}

#[derive(Template)]
#[template(path = "nat_gap.html")]
pub(super) struct GapPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) crumbs: Vec<Crumb>,
    pub(super) nation: GapRow,
    pub(super) evaluated_count: String,
    pub(super) regions: Vec<GapRow>,
    pub(super) rows: Vec<GapRow>,
    /// "Collectivities 51 to 100 of 743", and the links to the other pages.
    pub(super) range: Option<String>,
    pub(super) pager: Option<Pager>,
    pub(super) heads: Vec<Head>,
    pub(super) legend_reported: String,
    pub(super) legend_evaluated: String,
}

pub(super) const GAP_COLUMNS: &[(&str, bool, &str)] = &[
    ("name", false, "nat-col-name"),
    ("region", false, "nat-col-area"),
    ("projects", true, "nat-col-evaluated-projects"),
    ("reported", true, "nat-col-reported"),
    ("evaluated", true, "nat-col-evaluated"),
    ("gap", true, "nat-col-gap"),
];

pub(super) fn signed_points(tr: &Tr, v: f64) -> String {
    let r = v.round() as i64;
    let n = tr.number(r.abs());
    let sign = match r.cmp(&0) {
        Ordering::Greater => "+",
        Ordering::Less => "−",
        Ordering::Equal => "",
    };
    tr.s("nat-points", &format!("{sign}{n}"))
}

pub(super) fn gap_row(
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

/// Rows of the gap report a page shows.
const GAP_PER_PAGE: usize = 50;

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
    // 743 collectivities were one page of ~35,000 px on a phone: fifty a page,
    // in the order chosen, the pager keeping the order.
    let pages = pager::pages(rows.len(), GAP_PER_PAGE);
    let at = pager::page_asked(q.page.as_deref(), pages);
    let first = (at as usize - 1) * GAP_PER_PAGE;
    let shown = rows.len();
    let rows: Vec<_> = rows.into_iter().skip(first).take(GAP_PER_PAGE).collect();
    let range = (!rows.is_empty()).then(|| {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("from", tr.number(first as i64 + 1));
        args.set("to", tr.number((first + rows.len()) as i64));
        args.set("total", tr.number(shown as i64));
        tr.args("nat-gap-range", &args)
    });
    let order = format!(
        "sort={}&dir={}",
        sort.key,
        if sort.desc { "desc" } else { "asc" }
    );
    let pager = Pager::new(&tr, at, pages, |n| {
        format!("/manage/gap?{order}&page={n}#gap")
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
            tr.t("nav-nation"),
            "/".into(),
            String::new(),
            String::new(),
            &nation,
            String::new(),
        ),
        regions,
        heads: heads_for(&tr, "/manage/gap", "gap", GAP_COLUMNS, sort),
        rows,
        range,
        pager,
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
