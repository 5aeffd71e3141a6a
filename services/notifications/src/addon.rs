//! The Follow/Unfollow button on the pages of plans: by a project's title
//! (follow the project) and on the collectivity's home (follow the whole
//! programme). Plans renders whatever its addons return (see
//! `infitah_platform::addons`), so the button only appears on pages the
//! viewer can see; it is shown for published subjects only, which is also
//! what the POST handler checks. Anonymous visitors get a sign-in link, the
//! same for all of them (their pages are cached).

use askama::Template;
use futures::future::BoxFuture;
use infitah_platform::{
    AppResult,
    addons::{HomeContext, ProjectAddon, ProjectContext},
    auth::Viewer,
    db::TenantTx,
    i18n::Tr,
};

use crate::follow::{self, Subject};

/// The notifications service's section of the plans pages.
pub struct FollowAddon;

#[derive(Template)]
#[template(path = "follow_section.html")]
struct Section<'a> {
    /// By a title (a project's), or a section of its own (the home's).
    by_title: bool,
    label: String,
    signed_in: bool,
    /// Following needs a verified address; an unverified viewer is told how.
    verified: bool,
    following: bool,
    csrf: &'a str,
    kind: &'static str,
    id: uuid::Uuid,
    next: String,
    next_encoded: String,
    button: String,
    hint: String,
    inbox: String,
    verify_first: String,
    verify_button: String,
}

async fn section(
    tx: &mut TenantTx,
    tr: Tr<'_>,
    viewer: Option<&Viewer>,
    csrf: &str,
    subject: Subject,
    by_title: bool,
) -> AppResult<String> {
    if !follow::visible(tx, subject).await? {
        return Ok(String::new());
    }
    let following = match viewer {
        Some(v) => follow::is_following(tx, v.account_id, subject).await?,
        None => false,
    };
    let what = subject.kind();
    let next = subject.path();
    let t = Section {
        by_title,
        label: tr.t(&format!("notif-follow-{what}-label")),
        signed_in: viewer.is_some(),
        verified: viewer.is_some_and(|v| v.verified),
        following,
        csrf,
        kind: what,
        id: subject.id(),
        next_encoded: url::form_urlencoded::byte_serialize(next.as_bytes()).collect(),
        next,
        button: if following {
            tr.t(&format!("notif-unfollow-{what}"))
        } else {
            tr.t(&format!("notif-follow-{what}"))
        },
        hint: if following {
            tr.t(&format!("notif-following-{what}-hint"))
        } else {
            tr.t(&format!("notif-follow-{what}-hint"))
        },
        inbox: tr.t("notif-inbox-link"),
        verify_first: tr.t("notif-follow-verify-first"),
        verify_button: tr.t("notif-follow-verify-button"),
    };
    infitah_platform::web::render_text(&t)
}

impl ProjectAddon for FollowAddon {
    fn project_actions<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a ProjectContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        Box::pin(async move {
            section(
                tx,
                cx.tr,
                cx.viewer,
                cx.csrf,
                Subject::Project(cx.project_id),
                true,
            )
            .await
        })
    }

    fn home_section<'a>(
        &'a self,
        tx: &'a mut TenantTx,
        cx: &'a HomeContext<'a>,
    ) -> BoxFuture<'a, AppResult<String>> {
        Box::pin(async move {
            match cx.programme_id {
                Some(id) => {
                    section(tx, cx.tr, cx.viewer, cx.csrf, Subject::Programme(id), false).await
                }
                None => Ok(String::new()),
            }
        })
    }
}
