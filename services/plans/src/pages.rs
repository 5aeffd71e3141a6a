//! The public pages of a programme: the collectivity's home (stages,
//! progress, projects with filters), each project's card in the card's own
//! order, and a print view of the whole programme. Anonymous views are cached
//! per collectivity, content version, language and address; signed-in views
//! are rendered for their viewer (staff see drafts, marked as such).

use askama::Template;
use axum::{
    extract::{Path, Query, RawQuery},
    response::Response,
};
use infitah_platform::{
    AppError, AppResult, AppState, TenantPage,
    addons::{HomeContext, ProjectContext},
    catalog::{self},
    i18n::Lang,
    web::{Shell, html_page},
};
use serde::Deserialize;
use time::Date;
use uuid::Uuid;

use crate::{
    model::{self, Status},
    repo,
};

pub use infitah_platform::texts::{Text, date_label, month_label};

pub use infitah_platform::auth::sees_drafts;

pub struct StageView {
    pub number: usize,
    pub title: String,
    pub steps: Vec<StepView>,
    pub dates: String,
    pub current: bool,
    pub done: bool,
}

pub struct StepView {
    pub title: String,
    pub dates: String,
    pub current: bool,
    pub done: bool,
}

fn span_label(lang: Lang, start: Option<Date>, end: Option<Date>) -> String {
    infitah_platform::texts::month_range(lang, start, end)
}

/// The three stages (the first with its four steps), with their dates and where the programme stands.
pub fn stage_views(state: &AppState, lang: Lang, stages: &[model::Stage]) -> Vec<StageView> {
    let tr = state.i18n.tr(lang);
    let current = model::current_stage(stages);
    let index = |s: &str| model::STAGES.iter().position(|x| *x == s);
    let cur = current.and_then(index);
    let dated = |code: &str| {
        stages
            .iter()
            .find(|s| s.stage == code)
            .map(|s| {
                span_label(
                    lang,
                    s.actual_start.or(s.planned_start),
                    s.actual_end.or(s.planned_end),
                )
            })
            .unwrap_or_default()
    };
    let step = |code: &str| StepView {
        title: tr.t(&format!("stage-{code}")),
        dates: dated(code),
        current: current == Some(code),
        done: matches!((cur, index(code)), (Some(c), Some(i)) if i < c),
    };
    let prep: Vec<StepView> = ["axes", "workshops", "consultation", "approval"]
        .iter()
        .map(|c| step(c))
        .collect();
    let prep_current = prep.iter().any(|s| s.current);
    let prep_done = cur.is_some_and(|c| c >= 4);
    vec![
        StageView {
            number: 1,
            title: tr.t("stage-preparation"),
            steps: prep,
            dates: String::new(),
            current: prep_current,
            done: prep_done,
        },
        StageView {
            number: 2,
            title: tr.t("stage-implementation"),
            steps: vec![],
            dates: dated("implementation"),
            current: current == Some("implementation"),
            done: cur.is_some_and(|c| c > 4),
        },
        StageView {
            number: 3,
            title: tr.t("stage-monitoring"),
            steps: vec![],
            dates: dated("monitoring"),
            current: current == Some("monitoring"),
            done: false,
        },
    ]
}

pub struct ProjectCardView {
    pub id: Uuid,
    pub title: Text,
    pub progress: i16,
    pub status: Status,
    pub status_label: String,
    pub pillars: Vec<String>,
    pub published: bool,
    pub comments: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home<'a> {
    shell: Shell<'a>,
    other_name: String,
    programme: Option<ProgrammeView>,
    stages: Vec<StageView>,
    projects: Vec<ProjectCardView>,
    total: usize,
    pillars: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    filter_pillar: String,
    filter_status: String,
    facts: Vec<(String, String)>,
    /// HTML the other services add (see `infitah_platform::addons`), already escaped by them.
    sections: Vec<String>,
}

pub struct ProgrammeView {
    pub title: Text,
    pub period: String,
    pub progress: i16,
    pub published: bool,
}

#[derive(Deserialize, Default)]
pub struct Filters {
    #[serde(default)]
    pillar: String,
    #[serde(default)]
    status: String,
}

pub async fn home(
    page: TenantPage,
    Query(filters): Query<Filters>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let path = format!("/?{}", raw.unwrap_or_default());
    let (state, tenant, lang) = (&page.state, &page.tenant, page.lang);
    page.cached(&path, || async {
        let tr = page.tr();
        let drafts = page.sees_drafts();
        let mut tx = page.tx().await?;
        let today = repo::today(&mut tx, &tenant.record.time_zone).await?;
        let pillar_catalog = catalog::catalog(&mut tx, "pillar").await?;
        let programme = repo::current_programme(&mut tx, drafts).await?;
        let (stages, rows) = match &programme {
            Some(p) => (
                repo::stages(&mut tx, p.id).await?,
                repo::projects(&mut tx, p.id, drafts).await?,
            ),
            None => (vec![], vec![]),
        };
        // What the other services add: comment counts on the cards, sections below the timeline.
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut counts = std::collections::HashMap::new();
        let mut sections = vec![];
        let cx = HomeContext {
            tenant,
            viewer: page.viewer(),
            lang,
            tr: page.tr(),
            programme_id: programme.as_ref().map(|p| p.id),
            csrf: &page.csrf,
            drafts,
            changes_at: Default::default(),
        };
        for addon in &state.addons.project {
            counts.extend(addon.comment_counts(&mut tx, &ids).await?);
            sections.push(addon.home_section(&mut tx, &cx).await?);
        }
        sections.retain(|s| !s.is_empty());
        let volatile = cx.changes_at.within(state.settings.page_cache_ttl_secs + 5);
        tx.commit().await?;
        let all: Vec<ProjectCardView> = rows
            .iter()
            .map(|r| {
                let status = model::project_status(&r.spans, today);
                ProjectCardView {
                    id: r.id,
                    title: Text::of(&r.title, lang),
                    progress: r.progress,
                    status,
                    status_label: tr.t(&format!("status-{}", status.as_str())),
                    pillars: r
                        .pillars
                        .iter()
                        .filter_map(|p| pillar_catalog.iter().find(|c| &c.code == p))
                        .map(|c| c.label(lang).to_owned())
                        .collect(),
                    published: r.published,
                    comments: tr.n("comments-count", counts.get(&r.id).copied().unwrap_or(0)),
                }
            })
            .collect();
        let progress = model::programme_progress(
            &all.iter()
                .filter(|p| p.published)
                .map(|p| p.progress)
                .collect::<Vec<_>>(),
        );
        let total = all.len();
        let projects = all
            .into_iter()
            .zip(rows.iter())
            .filter(|(_, r)| filters.pillar.is_empty() || r.pillars.contains(&filters.pillar))
            .filter(|(p, _)| Status::parse(&filters.status).is_none_or(|s| s == p.status))
            .map(|(p, _)| p)
            .collect();
        let other = if lang == Lang::Ar { Lang::Fr } else { Lang::Ar };
        let mut facts = vec![];
        if let Some(p) = tenant.record.population {
            facts.push((tr.t("home-population"), tr.number(p as i64)));
        }
        if let Some(code) = &tenant.record.hcp_code {
            facts.push((tr.t("home-hcp-code"), code.to_string()));
        }
        let view = Home {
            shell: page.shell_at("/", tr.t("home-title")),
            other_name: tenant.name(other).to_owned(),
            programme: programme.as_ref().map(|p| ProgrammeView {
                title: Text::of(&p.title, lang),
                period: format!("{}–{}", p.period_start, p.period_end),
                progress,
                published: p.published,
            }),
            stages: stage_views(state, lang, &stages),
            projects,
            total,
            sections,
            pillars: pillar_catalog
                .iter()
                .filter(|c| !c.retired)
                .map(|c| (c.code.clone(), c.label(lang).to_owned()))
                .collect(),
            statuses: Status::ALL
                .iter()
                .map(|s| {
                    (
                        s.as_str().to_owned(),
                        tr.t(&format!("status-{}", s.as_str())),
                    )
                })
                .collect(),
            filter_pillar: filters.pillar.clone(),
            filter_status: filters.status.clone(),
            facts,
        };
        let mut html = html_page(&view)?;
        html.volatile = volatile;
        Ok(html)
    })
    .await
}

pub struct ActivityView {
    pub title: Text,
    pub start: String,
    pub end: String,
    pub completion: i16,
    pub late: bool,
}

pub struct IndicatorView {
    pub name: Text,
    pub unit: String,
    pub baseline: String,
    pub target: String,
    pub measurements: Vec<(String, String)>,
}

pub struct HistoryView {
    pub at: String,
    pub activity: Text,
    pub actor: String,
    pub old_value: i16,
    pub new_value: i16,
    pub note: String,
    pub evidence_url: String,
}

pub struct CardView {
    pub id: Uuid,
    pub title: Text,
    /// The editor's switch (the programme's progress counts these).
    pub published: bool,
    /// What the public sees (migration 0012): staff see a draft mark otherwise.
    pub public: bool,
    pub progress: i16,
    pub status_label: String,
    pub late: bool,
    pub category: String,
    pub problems: Vec<Text>,
    pub solutions: Vec<Text>,
    pub pillars: Vec<(String, bool)>,
    pub budget: Option<String>,
    pub outcomes: Vec<(String, bool)>,
    pub results: Vec<Text>,
    pub indicators: Vec<IndicatorView>,
    pub activities: Vec<ActivityView>,
    pub history: Vec<HistoryView>,
    /// HTML the other services add to the project page (the consultation, …), already escaped by them.
    pub sections: Vec<String>,
    /// HTML the other services place by the title (the follow button).
    pub actions: Vec<String>,
    /// Since the council adopted the programme: its date, and what changed (or that the project came later).
    pub adoption: Option<AdoptionView>,
    /// The co-monitoring committee's evaluations (project page only; see `crate::evaluation`).
    pub evaluation: Option<crate::evaluation::CardSection>,
}

pub struct AdoptionView {
    pub date: String,
    pub added_later: bool,
    pub changed: Vec<String>,
}

/// A card as a page in `lang` shows it.
pub fn card_view(
    state: &AppState,
    lang: Lang,
    card: &repo::Card,
    today: Date,
    catalogues: &repo::CardCatalogues,
    decision: Option<&repo::Decision>,
) -> CardView {
    let tr = state.i18n.tr(lang);
    let repo::CardCatalogues {
        pillars,
        outcomes,
        categories,
    } = catalogues;
    let adoption = decision.map(|d| {
        let now = serde_json::to_value(card).unwrap_or_default();
        let changes = model::changes_since_adoption(&d.snapshot, card.id, &now);
        AdoptionView {
            date: date_label(lang, d.decided_on),
            added_later: changes.is_none(),
            changed: changes
                .unwrap_or_default()
                .into_iter()
                .map(|id| tr.t(id))
                .collect(),
        }
    });
    let spans: Vec<model::Span> = card.activities.iter().map(|a| a.span()).collect();
    let status = model::project_status(&spans, today);
    let texts = |items: &[repo::Item]| {
        items
            .iter()
            .map(|i| Text::of(&i.text, lang))
            .collect::<Vec<_>>()
    };
    let fmt_at = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    CardView {
        id: card.id,
        title: Text::of(&card.title, lang),
        published: card.published,
        public: card.public,
        progress: card.progress,
        status_label: tr.t(&format!("status-{}", status.as_str())),
        late: status == Status::Late,
        category: card
            .problem_category
            .as_ref()
            .and_then(|c| categories.iter().find(|x| &x.code == c))
            .map(|c| c.label(lang).to_owned())
            .unwrap_or_default(),
        problems: texts(&card.problems),
        solutions: texts(&card.solutions),
        pillars: pillars
            .iter()
            .filter(|p| !p.retired || card.pillars.contains(&p.code))
            .map(|p| (p.label(lang).to_owned(), card.pillars.contains(&p.code)))
            .collect(),
        budget: card.budget_mad.as_ref().map(|b| {
            let whole = b.split('.').next().unwrap_or(b).parse::<i64>().unwrap_or(0);
            tr.s("budget-amount", &tr.number(whole))
        }),
        outcomes: outcomes
            .iter()
            .filter(|o| !o.retired || card.outcomes.contains(&o.code))
            .map(|o| (o.label(lang).to_owned(), card.outcomes.contains(&o.code)))
            .collect(),
        results: texts(&card.results),
        indicators: card
            .indicators
            .iter()
            .map(|i| IndicatorView {
                name: Text::of(&i.name, lang),
                unit: i.unit.clone().unwrap_or_default(),
                baseline: i.baseline.clone().unwrap_or_default(),
                target: i.target.clone().unwrap_or_default(),
                measurements: i
                    .measurements
                    .iter()
                    .map(|m| (date_label(lang, m.measured_on), m.value.clone()))
                    .collect(),
            })
            .collect(),
        activities: card
            .activities
            .iter()
            .map(|a| ActivityView {
                title: Text::of(&a.title, lang),
                start: month_label(lang, a.start_month),
                end: month_label(lang, a.end_month),
                completion: a.completion,
                late: a.span().is_late(today),
            })
            .collect(),
        history: card
            .history
            .iter()
            .map(|h| HistoryView {
                at: h.at.format(&fmt_at).unwrap_or_default(),
                activity: Text::of(&h.activity, lang),
                actor: h
                    .actor
                    .clone()
                    .unwrap_or_else(|| tr.t("history-unknown-actor")),
                old_value: h.old_value,
                new_value: h.new_value,
                note: h.note.clone().unwrap_or_default(),
                evidence_url: h.evidence_url.clone().unwrap_or_default(),
            })
            .collect(),
        sections: vec![],
        actions: vec![],
        adoption,
        evaluation: None,
    }
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage<'a> {
    shell: Shell<'a>,
    card: CardView,
}

pub async fn project(page: TenantPage, Path(id): Path<String>) -> AppResult<Response> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let (state, tenant, lang) = (&page.state, &page.tenant, page.lang);
    let path = format!("/projects/{id}");
    page.cached(&path, || async {
        let drafts = page.sees_drafts();
        let mut tx = page.tx().await?;
        let card = repo::card(&mut tx, id, drafts)
            .await?
            .ok_or(AppError::NotFound)?;
        let today = repo::today(&mut tx, &tenant.record.time_zone).await?;
        let catalogues = repo::card_catalogues(&mut tx).await?;
        let decision = repo::decision(&mut tx, card.programme_id).await?;
        let evaluations = crate::evaluation::history(&mut tx, id).await?;
        let cx = ProjectContext {
            tenant,
            viewer: page.viewer(),
            lang,
            tr: page.tr(),
            project_id: id,
            csrf: &page.csrf,
            drafts,
            changes_at: Default::default(),
        };
        let (mut sections, mut actions) = (vec![], vec![]);
        for addon in &state.addons.project {
            actions.push(addon.project_actions(&mut tx, &cx).await?);
            sections.push(addon.project_section(&mut tx, &cx).await?);
        }
        sections.retain(|s| !s.is_empty());
        actions.retain(|s| !s.is_empty());
        let volatile = cx.changes_at.within(state.settings.page_cache_ttl_secs + 5);
        tx.commit().await?;
        let mut card = card_view(state, lang, &card, today, &catalogues, decision.as_ref());
        card.sections = sections;
        card.actions = actions;
        card.evaluation = Some(crate::evaluation::card_section(
            &page.tr(),
            lang,
            card.progress,
            &evaluations,
        ));
        let view = ProjectPage {
            shell: page.shell_at(&path, card.title.text.clone()),
            card,
        };
        let mut html = html_page(&view)?;
        html.volatile = volatile;
        Ok(html)
    })
    .await
}

#[derive(Template)]
#[template(path = "print.html")]
struct PrintPage<'a> {
    shell: Shell<'a>,
    programme: Option<ProgrammeView>,
    stages: Vec<StageView>,
    cards: Vec<CardView>,
}

pub async fn print(page: TenantPage) -> AppResult<Response> {
    let (state, tenant, lang) = (&page.state, &page.tenant, page.lang);
    page.cached("/print", || async {
        let tr = page.tr();
        let drafts = page.sees_drafts();
        let mut tx = page.tx().await?;
        let today = repo::today(&mut tx, &tenant.record.time_zone).await?;
        let catalogues = repo::card_catalogues(&mut tx).await?;
        let programme = repo::current_programme(&mut tx, drafts).await?;
        let mut cards = vec![];
        let mut stages = vec![];
        if let Some(p) = &programme {
            stages = repo::stages(&mut tx, p.id).await?;
            let decision = repo::decision(&mut tx, p.id).await?;
            for row in repo::projects(&mut tx, p.id, drafts).await? {
                if let Some(c) = repo::card(&mut tx, row.id, drafts).await? {
                    let mut card =
                        card_view(state, lang, &c, today, &catalogues, decision.as_ref());
                    // The committee's evaluations are part of the card, on paper too.
                    let evaluations = crate::evaluation::history(&mut tx, row.id).await?;
                    card.evaluation = Some(crate::evaluation::card_section(
                        &tr,
                        lang,
                        card.progress,
                        &evaluations,
                    ));
                    cards.push(card);
                }
            }
        }
        tx.commit().await?;
        let progress = model::programme_progress(
            &cards
                .iter()
                .filter(|c| c.published)
                .map(|c| c.progress)
                .collect::<Vec<_>>(),
        );
        let view = PrintPage {
            shell: page.shell_at("/print", tr.t("print-title")),
            programme: programme.as_ref().map(|p| ProgrammeView {
                title: Text::of(&p.title, lang),
                period: format!("{}–{}", p.period_start, p.period_end),
                progress,
                published: p.published,
            }),
            stages: stage_views(state, lang, &stages),
            cards,
        };
        html_page(&view)
    })
    .await
}
