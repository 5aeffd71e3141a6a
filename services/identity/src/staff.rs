//! The administrator's side of identity: the staff of the collectivity (or
//! the platform roles, on the national space) with their roles and sessions,
//! invitations, and the security log.

use askama::Template;
use axum::{
    Form, Router,
    extract::Path,
    http::StatusCode,
    response::Response,
    routing::{get, post},
};
use infitah_platform::{
    AppError, AppResult, Page,
    auth::{Administer, Role, Staff, Viewer},
    tenancy::Site,
    web::Shell,
};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::{
    IdentityState,
    accounts::Accounts,
    forms::{self, Errors},
    repo,
};

pub fn router() -> Router<IdentityState> {
    Router::new()
        .route("/admin/staff", get(staff_page))
        .route("/admin/staff/invite", post(invite))
        .route("/admin/staff/{id}/roles", post(set_roles))
        .route("/admin/staff/{id}/sessions/revoke", post(revoke_sessions))
        .route("/admin/security-log", get(security_log))
}

struct StaffRow {
    id: Uuid,
    email: String,
    display_name: String,
    pending: bool,
    sessions: i64,
    roles: Vec<(Role, String, bool)>,
    is_self: bool,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage<'a> {
    shell: Shell<'a>,
    csrf: String,
    staff: Vec<StaffRow>,
    roles: Vec<(Role, String)>,
    errors: Errors,
    message: Option<String>,
}

/// The roles an administrator of this site hands out.
fn assignable(site: &Site) -> Vec<Role> {
    if site.is_national() {
        Role::PLATFORM.to_vec()
    } else {
        Role::STAFF.to_vec()
    }
}

/// The staff page after an action: its error, or a message.
async fn staff_view(
    page: &Page,
    v: &Viewer,
    errors: Errors,
    message: Option<String>,
) -> AppResult<Response> {
    let status = errors.status();
    let mut tx = page.tx().await?;
    let members = repo::staff(&mut tx).await?;
    tx.commit().await?;
    let all = assignable(&page.site);
    let label = |r: &Role| page.t(&format!("role-{}", r.as_str()));
    let staff = members
        .into_iter()
        .map(|m| StaffRow {
            roles: all
                .iter()
                .map(|r| (*r, label(r), m.roles.iter().any(|x| x == r.as_str())))
                .collect(),
            is_self: m.id == v.account_id,
            id: m.id,
            email: m.email,
            display_name: m.display_name,
            pending: m.pending,
            sessions: m.sessions,
        })
        .collect();
    page.render(
        status,
        &StaffPage {
            shell: page.shell_at("/admin/staff", page.t("staff-title")),
            csrf: page.csrf.clone(),
            staff,
            roles: all.iter().map(|r| (*r, label(r))).collect(),
            errors,
            message,
        },
    )
}

/// The staff page refusing the form, with `message_id` beside `role`.
async fn role_refused(page: &Page, v: &Viewer, message_id: &str) -> AppResult<Response> {
    let mut errors = Errors::default();
    errors.add("role", page.t(message_id));
    staff_view(page, v, errors, None).await
}

async fn staff_page(page: Page, admin: Staff<Administer>) -> AppResult<Response> {
    staff_view(&page, admin.viewer(), Errors::default(), None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    role: String,
}

async fn invite(
    page: Page,
    admin: Staff<Administer>,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let v = admin.viewer();
    let mut errors = Errors::default();
    let email = forms::email(&page.tr(), &mut errors, "email", &form.email);
    let role = Role::parse(&form.role).filter(|r| assignable(&page.site).contains(r));
    if role.is_none() {
        errors.add("role", page.t("role-invalid"));
    }
    let (Some(email), Some(role)) = (email, role) else {
        return staff_view(&page, v, errors, None).await;
    };
    let mut tx = page.tx().await?;
    Accounts::new(&page.state, &page.site)
        .invite(&mut tx, &email, role, page.lang, Some(v.account_id))
        .await?;
    tx.commit().await?;
    staff_view(&page, v, errors, Some(page.t("invitation-sent"))).await
}

async fn set_roles(
    page: Page,
    admin: Staff<Administer>,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let v = admin.viewer();
    let all = assignable(&page.site);
    let mut wanted = vec![];
    for (k, val) in &pairs {
        if k == "role" {
            match Role::parse(val).filter(|r| all.contains(r)) {
                Some(r) if !wanted.contains(&r) => wanted.push(r),
                Some(_) => {}
                None => return role_refused(&page, v, "role-invalid").await,
            }
        }
    }
    if id == v.account_id && !wanted.contains(&Role::Admin) && !page.site.is_national() {
        return role_refused(&page, v, "role-keep-own-admin").await;
    }
    let mut tx = page.tx().await?;
    // Another collectivity's account does not exist here: 404.
    repo::find(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let (added, removed) = repo::set_roles(&mut tx, id, &wanted, v.account_id).await?;
    if !added.is_empty() || !removed.is_empty() {
        let names = |roles: &[Role]| roles.iter().map(|r| r.as_str()).collect::<Vec<_>>();
        let detail = json!({"added": names(&added), "removed": names(&removed)});
        repo::log(
            &mut tx,
            "roles_changed",
            Some(id),
            Some(v.account_id),
            detail,
        )
        .await?;
    }
    tx.commit().await?;
    staff_view(&page, v, Errors::default(), Some(page.t("saved"))).await
}

async fn revoke_sessions(
    page: Page,
    admin: Staff<Administer>,
    Path(id): Path<Uuid>,
) -> AppResult<Response> {
    let v = admin.viewer();
    let mut tx = page.tx().await?;
    repo::find(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let keep = (id == v.account_id).then_some(v.session_id);
    let n = repo::revoke_sessions(&mut tx, id, keep).await?;
    let detail = json!({"count": n});
    repo::log(
        &mut tx,
        "sessions_revoked",
        Some(id),
        Some(v.account_id),
        detail,
    )
    .await?;
    tx.commit().await?;
    let message = page.tr().n("sessions-revoked", n as i64);
    staff_view(&page, v, Errors::default(), Some(message)).await
}

struct LogRow {
    at: String,
    kind: String,
    account: String,
    actor: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "security_log.html")]
struct SecurityLogPage<'a> {
    shell: Shell<'a>,
    rows: Vec<LogRow>,
}

async fn security_log(page: Page, _: Staff<Administer>) -> AppResult<Response> {
    let mut tx = page.tx().await?;
    let events = repo::security_log(&mut tx, 500).await?;
    tx.commit().await?;
    let deleted = page.t("deleted-user");
    let fmt =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    let rows = events
        .into_iter()
        .map(|e| LogRow {
            at: e.at.format(&fmt).unwrap_or_default(),
            kind: page.t(&format!("event-{}", e.kind.replace('_', "-"))),
            account: e.account.unwrap_or_else(|| {
                if e.kind == "sign_in_failed" {
                    "—".into()
                } else {
                    deleted.clone()
                }
            }),
            actor: e.actor.unwrap_or_else(|| "—".into()),
            detail: if e.detail == json!({}) {
                String::new()
            } else {
                e.detail.to_string()
            },
        })
        .collect();
    page.render(
        StatusCode::OK,
        &SecurityLogPage {
            shell: page.shell_at("/admin/security-log", page.t("security-log-title")),
            rows,
        },
    )
}
