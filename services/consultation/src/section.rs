//! The consultation block as every page shows it — on a project's card, on a
//! consultation's own page: the window (open until…, ended in "ماي 2021"),
//! the comment count with each language's plurals, the comments with one
//! level of replies and the collectivity's answers, hidden ones as "hidden by
//! moderation" with the reason's category, and the form (profile and age
//! bracket required) or what stands in its place. Built here once, rendered by
//! `consultation_section.html`, so the project page (through the addon) and
//! the consultation page cannot drift apart.

use std::collections::{HashMap, HashSet};

use askama::Template;
use infitah_platform::texts::{Text, date_label};
use infitah_platform::{
    AppError, AppResult,
    auth::{EditProgramme, Moderate, Permission, Viewer},
    catalog::CatalogEntry,
    db::TenantTx,
    i18n::{Lang, Tr},
    tenancy::Tenant,
};
use time::PrimitiveDateTime;
use uuid::Uuid;

use crate::{
    model::{ItemKind, Reason, ThreadPage, WindowState},
    repo::{self, Answer, CommentRow, Consultation},
};

/// Fluent arguments from text pairs.
pub fn fargs(pairs: &[(&'static str, String)]) -> fluent_bundle::FluentArgs<'static> {
    let mut a = fluent_bundle::FluentArgs::new();
    for (k, v) in pairs {
        a.set(*k, fluent_bundle::FluentValue::from(v.clone()));
    }
    a
}

pub use infitah_platform::form::Errors;

/// "31 ماي 2021 على الساعة 23:59", "31 mai 2021 à 23:59".
pub fn datetime_label(tr: &Tr, dt: PrimitiveDateTime) -> String {
    let clock = format!("{:02}:{:02}", dt.hour(), dt.minute());
    tr.args(
        "cons-datetime",
        &fargs(&[("date", date_label(tr.lang, dt.date())), ("time", clock)]),
    )
}

/// An ISO 8601 local date-time for `<time datetime>`.
pub fn iso(dt: PrimitiveDateTime) -> String {
    format!("{}T{:02}:{:02}", dt.date(), dt.hour(), dt.minute())
}

/// The window of a consultation in one sentence: open until…, opens on…, or ended ("mai 2021").
pub fn window_label(tr: &Tr, c: &Consultation) -> String {
    match c.state {
        WindowState::Open => tr.args(
            "cons-open-until",
            &fargs(&[("date", datetime_label(tr, c.closes_local))]),
        ),
        WindowState::Upcoming => tr.args(
            "cons-opens-on",
            &fargs(&[("date", datetime_label(tr, c.opens_local))]),
        ),
        WindowState::Closed => {
            // A month on its own keeps the case of running text ("mai 2021").
            let month = tr
                .lang
                .month_year(c.closes_local.year(), c.closes_local.month() as u8);
            tr.args("cons-closed", &fargs(&[("month", month)]))
        }
    }
}

/// The public label of a moderator's reason category (an unknown code is shown as "other").
pub fn reason_label(tr: &Tr, code: &str) -> String {
    tr.t(&Reason::parse(code).unwrap_or(Reason::Other).message_id())
}

/// What the public sees in place of a hidden item: "Masqué par la modération — motif : Spam".
/// The ideas' pages use it as well.
pub fn hidden_notice(tr: &Tr, reason: &str) -> String {
    tr.s("cons-hidden", &reason_label(tr, reason))
}

/// The reason categories, as a moderator's select offers them.
pub fn reason_choices(tr: &Tr) -> Vec<Choice> {
    Reason::ALL
        .iter()
        .map(|r| Choice {
            code: r.as_str().to_owned(),
            label: tr.t(&r.message_id()),
        })
        .collect()
}

/// One option of a select.
pub struct Choice {
    pub code: String,
    pub label: String,
}

pub struct AnswerView {
    pub when: String,
    pub when_iso: String,
    pub body: String,
}

impl AnswerView {
    pub fn of(tr: &Tr, a: &Answer) -> AnswerView {
        AnswerView {
            when: datetime_label(tr, a.created_local),
            when_iso: iso(a.created_local),
            body: a.body.clone(),
        }
    }
}

pub struct CommentView {
    pub id: Uuid,
    pub author: String,
    pub from_workshop: bool,
    pub profile: String,
    pub age: String,
    pub when: String,
    pub when_iso: String,
    /// Empty when hidden, unless the viewer moderates.
    pub body: String,
    /// The public notice, when hidden.
    pub hidden: Option<String>,
    /// Taken back by its author: the thread shows a placeholder.
    pub withdrawn: bool,
    /// Changed by its author after posting.
    pub edited: bool,
    /// The texts its edits replaced, oldest first (moderators only).
    pub versions: Vec<VersionView>,
    pub answers: Vec<AnswerView>,
    pub replies: Vec<CommentView>,
    pub flagged: bool,
    pub own: bool,
}

impl CommentView {
    /// Where its author edits or withdraws it (None: not the viewer's, or withdrawn).
    pub fn manage_href(&self) -> Option<String> {
        (self.own && !self.withdrawn).then(|| format!("/comments/{}/edit", self.id))
    }
}

/// A text an author's edit replaced, as moderators read it.
pub struct VersionView {
    pub title: Option<String>,
    pub body: String,
    pub when: String,
    pub when_iso: String,
}

impl VersionView {
    pub fn of(tr: &Tr, v: &crate::repo::Version) -> VersionView {
        VersionView {
            title: v.title.clone(),
            body: v.body.clone(),
            when: datetime_label(tr, v.written_local),
            when_iso: iso(v.written_local),
        }
    }
}

/// Where the form stands for this viewer at this moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMode {
    Open,
    SignIn,
    Unverified,
    Closed,
    Upcoming,
}

/// What a refused post sends back to the form: its values and errors.
#[derive(Debug, Default, Clone)]
pub struct Posted {
    pub parent_id: Option<Uuid>,
    pub profile: String,
    pub age_bracket: String,
    pub body: String,
    pub errors: Errors,
    /// A refusal that concerns no field (closed, throttled).
    pub general: Option<String>,
}

pub struct SectionView {
    pub id: Uuid,
    /// On the consultation's own page (whose h1 names it) the section is "Comments".
    pub own_page: bool,
    /// The consultation's own title (the project page shows it; its own page has it as the h1).
    pub title: Option<Text>,
    pub state: &'static str,
    pub state_label: String,
    pub window: String,
    pub count: i64,
    pub count_value: String,
    pub page_link: Option<String>,
    pub comments: Vec<CommentView>,
    pub pager: Option<Pager>,
    pub mode: FormMode,
    pub csrf: String,
    pub next: String,
    pub sign_in_href: String,
    pub profiles: Vec<Choice>,
    pub ages: Vec<Choice>,
    pub chosen_profile: String,
    pub chosen_age: String,
    /// The main form's text and errors (after a refused post).
    pub body: String,
    pub errors: Errors,
    /// The reply form a refused reply came from, with its text and errors.
    pub error_parent: Option<Uuid>,
    pub reply_body: String,
    pub reply_errors: Errors,
    pub general: Option<String>,
    pub can_flag: bool,
    pub can_moderate: bool,
    pub can_answer: bool,
    pub reasons: Vec<Choice>,
    pub collectivity: String,
    pub no_errors: Errors,
}

impl SectionView {
    pub fn open(&self) -> bool {
        self.mode == FormMode::Open
    }
    pub fn mode_is(&self, m: &str) -> bool {
        matches!(
            (self.mode, m),
            (FormMode::Open, "open")
                | (FormMode::SignIn, "sign_in")
                | (FormMode::Unverified, "unverified")
                | (FormMode::Closed, "closed")
                | (FormMode::Upcoming, "upcoming")
        )
    }
    pub fn reply_open(&self, id: &Uuid) -> bool {
        self.error_parent == Some(*id)
    }
    /// No errors, for the forms that were not posted.
    pub fn errors_none(&self) -> &Errors {
        &self.no_errors
    }
}

#[derive(Template)]
#[template(path = "consultation_section.html")]
pub struct SectionTemplate<'a> {
    pub tr: Tr<'a>,
    pub s: &'a SectionView,
}

impl SectionTemplate<'_> {
    pub fn html(&self) -> AppResult<String> {
        infitah_platform::web::render_text(self)
    }
}

/// Whether a viewer moderates / answers in this collectivity.
pub fn moderates(v: Option<&Viewer>) -> bool {
    v.is_some_and(|v| v.verified && Moderate::allows(&v.roles))
}
pub fn answers_officially(v: Option<&Viewer>) -> bool {
    v.is_some_and(|v| v.verified && EditProgramme::allows(&v.roles))
}

fn choices(cat: &[CatalogEntry], lang: Lang) -> Vec<Choice> {
    cat.iter()
        .filter(|c| !c.retired)
        .map(|c| Choice {
            code: c.code.clone(),
            label: c.label(lang).to_owned(),
        })
        .collect()
}

fn label_of(cat: &[CatalogEntry], code: &str, lang: Lang) -> String {
    cat.iter()
        .find(|c| c.code == code)
        .map(|c| c.label(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The link to sign in and come back.
pub fn sign_in_href(next: &str) -> String {
    format!(
        "/sign-in?next={}",
        url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
    )
}

/// Everything a section needs, read in the caller's transaction.
pub struct SectionInput<'a> {
    pub tenant: &'a Tenant,
    pub viewer: Option<&'a Viewer>,
    pub lang: Lang,
    pub csrf: &'a str,
    /// Where forms come back to (the page showing the section).
    pub next: &'a str,
    /// Show the consultation's own title (the project page does; its own page has it as the h1).
    pub with_title: bool,
    pub link_to_page: bool,
    pub posted: Option<Posted>,
    /// Which page of threads to show (the project page shows the first).
    pub page: ThreadPage,
}

/// Threads (top-level comments with their replies) on one page of a
/// consultation, on its page and in its JSON.
pub const THREADS_PER_PAGE: i64 = 50;

/// Links between the pages of a consultation's threads (when there is more than one).
pub use infitah_platform::pager::Pager;

fn pager(tr: &Tr, consultation: Uuid, page: u32, pages: u32) -> Option<Pager> {
    Pager::new(tr, page, pages, |n| match n {
        1 => format!("/consultations/{consultation}#consultation-{consultation}"),
        n => format!("/consultations/{consultation}?page={n}#consultation-{consultation}"),
    })
}

/// Reads the comments, answers and catalogues of one consultation and builds its section.
pub async fn build(
    tx: &mut TenantTx,
    tr: &Tr<'_>,
    c: &Consultation,
    input: SectionInput<'_>,
) -> AppResult<SectionView> {
    let lang = input.lang;
    let tz = &input.tenant.record.time_zone;
    let profiles = infitah_platform::catalog::catalog(tx, "profile").await?;
    let ages = infitah_platform::catalog::catalog(tx, "age_bracket").await?;
    let totals = repo::comment_totals(tx, c.id).await?;
    let pages = totals.pages(THREADS_PER_PAGE);
    if input.page.get() > pages {
        return Err(AppError::NotFound);
    }
    let rows = repo::comments(tx, c.id, tz, input.page, THREADS_PER_PAGE).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let answers = repo::answers(tx, ItemKind::Comment, &ids, tz).await?;
    let viewer = input.viewer;
    let (flagged, last) = match viewer {
        Some(v) => (
            repo::flagged_by(tx, ItemKind::Comment, v.account_id, &ids).await?,
            repo::last_choice(tx, v.account_id).await?,
        ),
        None => (HashSet::new(), None),
    };
    let can_moderate = moderates(viewer);
    let versions = if can_moderate {
        repo::versions(tx, ItemKind::Comment, &ids, tz).await?
    } else {
        HashMap::new()
    };
    let mode = match (c.state, viewer) {
        (WindowState::Closed, _) => FormMode::Closed,
        (WindowState::Upcoming, _) => FormMode::Upcoming,
        (WindowState::Open, None) => FormMode::SignIn,
        (WindowState::Open, Some(v)) if !v.verified => FormMode::Unverified,
        (WindowState::Open, Some(_)) => FormMode::Open,
    };
    let around = Around {
        answers: &answers,
        versions: &versions,
        flagged: &flagged,
        profiles: &profiles,
        ages: &ages,
    };
    let comments = threads(tr, &rows, &around, viewer, can_moderate);
    let count = totals.visible;
    let mut posted = input.posted.unwrap_or_default();
    // A refused reply to something that has no reply form (a reply, a hidden
    // comment, another consultation's) shows its errors at the main form.
    if let Some(p) = posted.parent_id
        && !comments
            .iter()
            .any(|c| c.id == p && c.hidden.is_none() && !c.withdrawn)
    {
        posted.parent_id = None;
    }
    let (chosen_profile, chosen_age) =
        if !posted.profile.is_empty() || !posted.age_bracket.is_empty() {
            (posted.profile.clone(), posted.age_bracket.clone())
        } else {
            last.unwrap_or_default()
        };
    let (body, errors, reply_body, reply_errors) = match posted.parent_id {
        None => (posted.body, posted.errors, String::new(), Errors::default()),
        Some(_) => (String::new(), Errors::default(), posted.body, posted.errors),
    };
    let title = c.title.ar.is_some() || c.title.fr.is_some();
    Ok(SectionView {
        id: c.id,
        own_page: !input.with_title,
        title: (input.with_title && title).then(|| Text::of(&c.title, lang)),
        state: c.state.as_str(),
        state_label: tr.t(&format!("cons-state-{}", c.state.as_str())),
        window: window_label(tr, c),
        count,
        count_value: tr.n("cons-count-value", count),
        page_link: input
            .link_to_page
            .then(|| format!("/consultations/{}", c.id)),
        comments,
        pager: pager(tr, c.id, input.page.get(), pages),
        mode,
        csrf: input.csrf.to_owned(),
        next: input.next.to_owned(),
        sign_in_href: sign_in_href(input.next),
        profiles: choices(&profiles, lang),
        ages: choices(&ages, lang),
        chosen_profile,
        chosen_age,
        body,
        errors,
        error_parent: posted.parent_id,
        reply_body,
        reply_errors,
        general: posted.general,
        can_flag: viewer.is_some_and(|v| v.verified),
        can_moderate,
        can_answer: answers_officially(viewer),
        reasons: reason_choices(tr),
        collectivity: input.tenant.name(lang).to_owned(),
        no_errors: Errors::default(),
    })
}

/// What a page of threads shows around its comments.
struct Around<'a> {
    answers: &'a HashMap<Uuid, Vec<Answer>>,
    /// The replaced texts (moderators only).
    versions: &'a HashMap<Uuid, Vec<crate::repo::Version>>,
    /// The comments the viewer flagged.
    flagged: &'a HashSet<Uuid>,
    profiles: &'a [CatalogEntry],
    ages: &'a [CatalogEntry],
}

/// The comments as threads, for this viewer.
fn threads(
    tr: &Tr,
    rows: &[CommentRow],
    around: &Around<'_>,
    viewer: Option<&Viewer>,
    can_moderate: bool,
) -> Vec<CommentView> {
    let lang = tr.lang;
    let Around {
        answers,
        versions,
        flagged,
        profiles,
        ages,
    } = around;
    let view = |r: &CommentRow| CommentView {
        id: r.id,
        author: match (&r.workshop, &r.author_name) {
            (Some(w), _) => tr.s("cons-workshop", Text::of(w, lang).text.as_str()),
            (None, Some(n)) => n.clone(),
            (None, None) => tr.t("cons-deleted-author"),
        },
        from_workshop: r.workshop.is_some(),
        profile: label_of(profiles, &r.profile, lang),
        age: label_of(ages, &r.age_bracket, lang),
        when: datetime_label(tr, r.created_local),
        when_iso: iso(r.created_local),
        // A hidden or withdrawn text never reaches a page the public may be given.
        body: if !r.shown() && !can_moderate {
            String::new()
        } else {
            r.body.clone()
        },
        hidden: r.hidden_reason.as_deref().map(|h| hidden_notice(tr, h)),
        withdrawn: r.withdrawn,
        edited: r.edited,
        versions: versions
            .get(&r.id)
            .map(|l| l.iter().map(|v| VersionView::of(tr, v)).collect())
            .unwrap_or_default(),
        answers: answers
            .get(&r.id)
            .map(|l| l.iter().map(|a| AnswerView::of(tr, a)).collect())
            .unwrap_or_default(),
        replies: vec![],
        flagged: flagged.contains(&r.id),
        own: viewer.is_some_and(|v| Some(v.account_id) == r.author_id),
    };
    let mut top: Vec<CommentView> = rows
        .iter()
        .filter(|r| r.parent_id.is_none())
        .map(view)
        .collect();
    let index: HashMap<Uuid, usize> = top.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    for r in rows.iter().filter(|r| r.parent_id.is_some()) {
        if let Some(i) = r.parent_id.and_then(|p| index.get(&p)) {
            top[*i].replies.push(view(r));
        }
    }
    top
}
