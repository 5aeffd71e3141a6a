//! `/admin`, the staff's home: what needs them today, gathered from every
//! service this process runs (`platform::addons::StaffWork`) — comments
//! flagged, ideas unanswered, activities late or not updated for a month,
//! consultations opening or closing this week, evaluations due — each under
//! the permission of the page where it is done, plus identity's own: the
//! legal pages' details still to be given. Any staff role opens it; anyone
//! else gets 404, as on every back-office page.

use askama::Template;
use axum::{Router, http::StatusCode, response::Response, routing::get};
use infitah_platform::{
    AppResult, TenantPage,
    addons::{StaffContext, Task, TaskItem},
    auth::{AnyStaff, Permission, PublishLegal, Staff},
    texts::Text,
    web::Shell,
};

use crate::IdentityState;

pub fn router() -> Router<IdentityState> {
    Router::new().route("/admin", get(home))
}

#[derive(Template)]
#[template(path = "staff_home.html")]
struct HomePage<'a> {
    shell: Shell<'a>,
    tasks: Vec<Task>,
}

async fn home(cx: TenantPage, staff: Staff<AnyStaff>) -> AppResult<Response> {
    let tr = cx.tr();
    let viewer = staff.viewer();
    let scx = StaffContext {
        tenant: &cx.tenant,
        viewer,
        lang: cx.lang,
        tr,
    };
    let mut tx = cx.tx().await?;
    let mut tasks = vec![];
    for work in &cx.state.addons.staff {
        tasks.extend(work.tasks(&mut tx, &scx).await?);
    }
    if PublishLegal::allows(&viewer.roles) {
        let missing =
            crate::legal::admin::missing_details(&crate::legal::repo::details(&mut tx).await?);
        // Each missing detail, leading to its field of the details form.
        tasks.extend(Task::of(
            "/admin/legal",
            |n| tr.n("staff-task-legal", n),
            &missing,
            |name| TaskItem {
                href: format!("/admin/legal#legal-{name}"),
                title: Text {
                    text: tr.t(&format!("legal-field-{name}")),
                    fallback: None,
                },
                note: String::new(),
            },
        ));
    }
    tx.commit().await?;
    let page = HomePage {
        shell: cx.shell_at("/admin", tr.t("staff-home-title")),
        tasks,
    };
    cx.render(StatusCode::OK, &page)
}
