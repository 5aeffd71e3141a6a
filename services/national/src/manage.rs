//! The national managers' pages (`/manage…`), for signed-in accounts of the
//! national space holding the `national_manager` (or `operator`) role;
//! everyone else — anonymous visitors, and any collectivity's staff, whose
//! sessions are worth nothing on the national host — gets 404. These pages
//! are rendered for their viewer and never cached as pages; their data is
//! the same cached snapshot the public pages read.
//!
//! The stale list lives here; the comparative reports (participation, the
//! reported-versus-evaluated gap) in [`crate::reports`]. Each report has a
//! route in `crate::router` and an entry in [`REPORTS`].

use std::cmp::Ordering;

use askama::Template;
use axum::{extract::Query, http::StatusCode, response::Response};
use infitah_platform::{
    AppResult,
    auth::{ReadNation, Staff},
    web::Shell,
};
use time::{Duration, OffsetDateTime};

use crate::{
    NationalPage,
    pages::{Ctx, Head, Sort, SortQuery},
    rollup::Collectivity,
};

/// How long without a change of progress makes a programme stale.
pub const STALE_AFTER: Duration = Duration::days(90);

/// The managers' reports: (message id, address).
pub const REPORTS: &[(&str, &str)] = &[
    ("nat-stale-title", "/manage/stale"),
    ("nat-report-participation", "/manage/participation"),
    ("nat-report-gap", "/manage/gap"),
];

#[derive(Template)]
#[template(path = "nat_manage.html")]
struct ManagePage<'a> {
    shell: Shell<'a>,
    reports: Vec<(String, &'static str)>,
}

/// `/manage`.
pub async fn home(page: NationalPage, _: Staff<ReadNation>) -> AppResult<Response> {
    let tr = page.tr();
    let view = ManagePage {
        shell: page.shell(tr.t("nat-manage-title")),
        reports: REPORTS.iter().map(|(id, href)| (tr.t(id), *href)).collect(),
    };
    page.render(StatusCode::OK, &view)
}

pub struct StaleRow {
    pub name: String,
    pub href: String,
    pub kind: String,
    pub region: String,
    pub province: String,
    pub last_update: String,
    pub idle: String,
    pub progress: String,
    days: i64,
    c: Collectivity,
}

#[derive(Template)]
#[template(path = "nat_stale.html")]
struct StalePage<'a> {
    shell: Shell<'a>,
    rows: Vec<StaleRow>,
    heads: Vec<Head>,
    count: String,
    without: String,
}

const COLUMNS: &[(&str, bool, &str)] = &[
    ("name", false, "nat-col-name"),
    ("region", false, "nat-col-area"),
    ("idle", true, "nat-col-idle"),
    ("progress", true, "nat-col-progress"),
];

/// The collectivities with a published programme whose progress has not
/// changed for [`STALE_AFTER`] (or ever, for a programme older than that).
pub fn stale(snapshot: &crate::rollup::Snapshot, now: OffsetDateTime) -> Vec<&Collectivity> {
    snapshot
        .collectivities
        .iter()
        .filter(|c| c.has_programme && c.last_update().is_some_and(|t| now - t >= STALE_AFTER))
        .collect()
}

/// `/manage/stale`.
pub async fn stale_page(
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
    let now = OffsetDateTime::now_utc();
    let sort = Sort::parse(
        &q,
        COLUMNS,
        Sort {
            key: "idle",
            desc: true,
        },
    );
    let name_of = |id: Option<uuid::Uuid>| {
        id.and_then(|i| snap.get(i))
            .map(|x| x.name(lang).to_owned())
            .unwrap_or_default()
    };
    let mut rows: Vec<StaleRow> = stale(&snap, now)
        .into_iter()
        .map(|c| {
            let last = c.last_update().unwrap_or(now);
            let days = (now - last).whole_days();
            StaleRow {
                name: c.name(lang).to_owned(),
                href: format!("/collectivities/{}", c.slug),
                kind: cx.kind(&c.kind),
                region: name_of(c.region_id.filter(|r| *r != c.id)),
                province: name_of(c.province_id.filter(|p| *p != c.id)),
                last_update: if c.last_progress_at.is_some() {
                    infitah_platform::texts::date_label(lang, last.date())
                } else {
                    tr.t("nat-never")
                },
                idle: tr.n("nat-n-days", days),
                progress: cx.pct(c.progress.map(|p| p as f64)),
                days,
                c: c.clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let o = match sort.key {
            "idle" => a.days.cmp(&b.days),
            "progress" => a.c.progress.cmp(&b.c.progress),
            "region" => a
                .region
                .cmp(&b.region)
                .then_with(|| a.province.cmp(&b.province)),
            _ => a.name.cmp(&b.name),
        };
        let o = if sort.desc { o.reverse() } else { o };
        if o == Ordering::Equal {
            a.c.hcp_code.cmp(&b.c.hcp_code)
        } else {
            o
        }
    });
    let without = snap
        .collectivities
        .iter()
        .filter(|c| !c.has_programme)
        .count() as i64;
    let view = StalePage {
        shell: page.shell(tr.t("nat-stale-title")),
        count: tr.n("nat-stale-count", rows.len() as i64),
        without: tr.s("nat-stale-without", &tr.n("nat-n-collectivities", without)),
        heads: crate::pages::heads_for(&tr, "/manage/stale", "stale", COLUMNS, sort),
        rows,
    };
    page.render(StatusCode::OK, &view)
}
