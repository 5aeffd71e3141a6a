//! What other services add to the plans pages — the consultation on a project
//! page, the comment counts on the project cards — and to the pages of the
//! services they build on (one's data, the staff's home), without those
//! depending on them: consultation builds on plans, so plans only knows this trait, and the
//! binary hands the implementations to [`crate::AppState`] when it composes
//! the services. With a service left out (`serve --services plans`), the
//! pages simply show no such section.

use std::collections::HashMap;

use futures::future::BoxFuture;
use uuid::Uuid;

use crate::{
    AppResult,
    auth::Viewer,
    db::TenantTx,
    i18n::{Lang, Tr},
    tenancy::Tenant,
};

/// Who is looking at which project, in which language.
pub struct ProjectContext<'a> {
    pub tenant: &'a Tenant,
    pub viewer: Option<&'a Viewer>,
    pub lang: Lang,
    /// The page's translator: every service's messages, in `lang`.
    pub tr: Tr<'a>,
    pub project_id: Uuid,
    /// The viewer's CSRF token for the forms a section holds (empty when anonymous).
    pub csrf: &'a str,
    /// Whether the viewer may see drafts (a verified staff member).
    pub drafts: bool,
    /// When a section will next change by the clock alone; see [`ChangesAt`].
    pub changes_at: ChangesAt,
}

/// A section another service renders into a plans page.
pub trait ProjectAddon: Send + Sync + 'static {
    /// HTML for the project page, already escaped by the service's own
    /// templates; empty when there is nothing to show.
    fn project_section<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a ProjectContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        let _ = (tx, cx);
        Box::pin(async { Ok(String::new()) })
    }

    /// HTML placed by the project's title (the follow button), where a
    /// reader finds it before a card thousands of pixels long; empty for none.
    fn project_actions<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a ProjectContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        let _ = (tx, cx);
        Box::pin(async { Ok(String::new()) })
    }

    /// Public comment counts of these projects (absent = zero), for cards.
    /// Only the service that holds comments answers; the others keep the default.
    fn comment_counts<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        projects: &'a [Uuid],
    ) -> BoxFuture<'a, AppResult<HashMap<Uuid, i64>>> {
        let _ = (tx, projects);
        Box::pin(async { Ok(HashMap::new()) })
    }

    /// HTML for the collectivity's home page (the programme's consultation,
    /// following the programme), below the stage timeline; empty for none.
    fn home_section<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a HomeContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        let _ = (tx, cx);
        Box::pin(async { Ok(String::new()) })
    }
}

/// Who is looking at a collectivity's home page.
pub struct HomeContext<'a> {
    pub tenant: &'a Tenant,
    pub viewer: Option<&'a Viewer>,
    pub lang: Lang,
    pub tr: Tr<'a>,
    /// The programme on show, when there is one.
    pub programme_id: Option<Uuid>,
    pub csrf: &'a str,
    pub drafts: bool,
    pub changes_at: ChangesAt,
}

/// The earliest moment (Unix seconds) at which a section will change by the
/// clock alone — a consultation opens or closes — noted by the addons as they
/// render. The page asks whether that is sooner than its caches would keep
/// it, and if so serves it without keeping it.
#[derive(Debug)]
pub struct ChangesAt(std::sync::atomic::AtomicI64);

impl Default for ChangesAt {
    fn default() -> Self {
        ChangesAt(std::sync::atomic::AtomicI64::new(i64::MAX))
    }
}

impl ChangesAt {
    pub fn note(&self, unix_secs: i64) {
        self.0
            .fetch_min(unix_secs, std::sync::atomic::Ordering::Relaxed);
    }
    /// True when the next change comes within `secs` from now.
    pub fn within(&self, secs: u64) -> bool {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        self.0.load(std::sync::atomic::Ordering::Relaxed) <= now.saturating_add(secs as i64)
    }
}

/// The person whose data is downloaded or erased: identity owns both
/// (`/account/export`, `/account/delete`) and hands each service this.
pub struct Person<'a> {
    pub account_id: Uuid,
    /// The address the account holds now (mail queued to it is theirs too).
    pub email: &'a str,
}

/// What another service holds about a person — comments and ideas, follows
/// and notifications — for the download of one's data and the deletion of
/// one's account, without identity depending on those services. Every
/// implementation is registered whatever services a process serves: a
/// deletion never leaves behind what the policy does not keep.
pub trait PersonalData: Send + Sync + 'static {
    /// Its part of the download, by name: `[("comments", [...]), ...]`.
    fn export<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        person: &'a Person<'a>,
    ) -> BoxFuture<'a, AppResult<Vec<(&'static str, serde_json::Value)>>>;

    /// Erases, in the deletion's transaction, what the personal-data notice
    /// says goes with the account (by default nothing: the service keeps
    /// what the notice keeps).
    fn erase<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        person: &'a Person<'a>,
    ) -> BoxFuture<'a, AppResult<()>> {
        let _ = (tx, person);
        Box::pin(async { Ok(()) })
    }
}

/// Who opens the back-office home (`/admin`, owned by identity).
pub struct StaffContext<'a> {
    pub tenant: &'a Tenant,
    pub viewer: &'a Viewer,
    pub lang: Lang,
    pub tr: Tr<'a>,
}

/// Something waiting for the staff: "3 activities are late", with the page
/// where it is done and the first few items themselves.
pub struct Task {
    /// The page that lists them all (the viewer may open it: a service
    /// offers a task only under the permission its page requires).
    pub href: String,
    /// The sentence with its count, in the viewer's language.
    pub label: String,
    pub count: i64,
    /// The most pressing items, at most [`Task::SHOWN`].
    pub items: Vec<TaskItem>,
}

impl Task {
    pub const SHOWN: usize = 5;

    /// The task of `rows` (none when there are none): their count, the
    /// sentence `label` says of it, and the first [`Task::SHOWN`] as items.
    pub fn of<T>(
        href: &str,
        label: impl FnOnce(i64) -> String,
        rows: &[T],
        item: impl Fn(&T) -> TaskItem,
    ) -> Option<Task> {
        let count = rows.len() as i64;
        (count > 0).then(|| Task {
            href: href.to_owned(),
            label: label(count),
            count,
            items: rows.iter().take(Task::SHOWN).map(item).collect(),
        })
    }
}

/// One item of a task: what it is (a staff-written text, maybe the other
/// language's) and where it is handled, with a note (a date, a project).
pub struct TaskItem {
    pub href: String,
    pub title: crate::texts::Text,
    pub note: String,
}

/// What a service knows needs the staff's attention — comments flagged,
/// ideas unanswered, activities late — without identity, which owns the
/// back-office home, depending on that service.
pub trait StaffWork: Send + Sync + 'static {
    /// The tasks the viewer's roles may do, none with a zero count.
    fn tasks<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a StaffContext<'a>,
    ) -> BoxFuture<'a, AppResult<Vec<Task>>>;
}

/// The addons of the services this process runs, in page order.
#[derive(Default, Clone)]
pub struct Addons {
    pub project: Vec<std::sync::Arc<dyn ProjectAddon>>,
    /// Every service's personal data (all of them, always).
    pub personal: Vec<std::sync::Arc<dyn PersonalData>>,
    /// What waits for the staff, for the back-office home.
    pub staff: Vec<std::sync::Arc<dyn StaffWork>>,
}
