//! Invitations: a staff member's first sign-in, by the link an admin sent.

use super::*;

#[derive(Template)]
#[template(path = "invitation.html")]
pub(super) struct InvitationPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) csrf: String,
    pub(super) token: String,
    pub(super) email: String,
    pub(super) role: String,
    pub(super) needs_password: bool,
    pub(super) errors: Errors,
}

/// The invitation's form, for the account `email` invited to `role`.
pub(super) struct Invited<'a> {
    pub(super) token: String,
    pub(super) email: String,
    pub(super) role: Option<infitah_platform::auth::Role>,
    pub(super) needs_password: bool,
    pub(super) errors: Errors,
    pub(super) page: &'a Page,
}

impl Invited<'_> {
    pub(super) fn render(self, status: StatusCode) -> AppResult<Response> {
        let page = self.page;
        page.render(
            status,
            &InvitationPage {
                shell: page.shell_at("/invitation", page.t("invitation-title")),
                csrf: page.csrf.clone(),
                token: self.token,
                email: self.email,
                role: self
                    .role
                    .map(|r| page.t(&format!("role-{}", r.as_str())))
                    .unwrap_or_default(),
                needs_password: self.needs_password,
                errors: self.errors,
            },
        )
    }
}

pub(super) fn invalid_invitation(page: &Page) -> AppResult<Response> {
    page.notice(
        StatusCode::BAD_REQUEST,
        "link-invalid-title",
        "invitation-invalid-body",
        None,
    )
}

pub(super) async fn invitation_page(
    mut page: Page,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let t = q.token.unwrap_or_default();
    let mut tx = page.tx().await?;
    let found = accounts::peek(&mut tx, &t, Purpose::Invitation).await?;
    let account = match &found {
        Some(f) => repo::find(&mut tx, f.account_id).await?,
        None => None,
    };
    tx.commit().await?;
    let (Some(found), Some(account)) = (found, account) else {
        return Ok((jar, invalid_invitation(&page)?).into_response());
    };
    let form = Invited {
        token: t,
        email: found.email,
        role: found.role,
        needs_password: account.password_hash.is_none(),
        errors: Errors::default(),
        page: &page,
    }
    .render(StatusCode::OK)?;
    Ok((jar, form).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InvitationForm {
    pub(super) token: String,
    pub(super) display_name: String,
    pub(super) password: String,
}

pub(super) async fn accept_invitation(
    mut page: Page,
    State(passwords): State<Arc<Passwords>>,
    MaybeViewer(v): MaybeViewer,
    jar: CookieJar,
    Form(form): Form<InvitationForm>,
) -> AppResult<Response> {
    let jar = with_form_token(&mut page, jar);
    let mut tx = page.tx().await?;
    let used = accounts::consume(&mut tx, &form.token, Purpose::Invitation).await?;
    let account = match &used {
        Some(u) => repo::find(&mut tx, u.account_id).await?,
        None => None,
    };
    let (Some(used), Some(account)) = (used, account) else {
        return Ok((jar, invalid_invitation(&page)?).into_response());
    };
    let needs_password = account.password_hash.is_none();
    if needs_password {
        let tr = page.tr();
        let mut errors = Errors::default();
        let name = forms::display_name(&tr, &mut errors, &form.display_name);
        let password = forms::new_password(&tr, &mut errors, "password", &form.password);
        let (Some(name), Some(password)) = (name, password) else {
            tx.rollback().await?;
            let refused = Invited {
                token: form.token,
                email: account.email,
                role: used.role,
                needs_password,
                errors,
                page: &page,
            }
            .render(StatusCode::UNPROCESSABLE_ENTITY)?;
            return Ok((jar, refused).into_response());
        };
        let hash = passwords.hash(&password).await;
        repo::set_password(&mut tx, account.id, &hash).await?;
        repo::update_profile(&mut tx, account.id, &name, account.lang).await?;
    } else if v.as_ref().map(|v| v.account_id) != Some(account.id) {
        // An existing account accepts by signing in as itself first.
        tx.rollback().await?;
        let next: String = url::form_urlencoded::byte_serialize(
            format!("/invitation?token={}", form.token).as_bytes(),
        )
        .collect();
        return Ok((jar, Redirect::to(&format!("/sign-in?next={next}"))).into_response());
    }
    repo::mark_verified(&mut tx, account.id).await?;
    if let Some(role) = used.role {
        repo::grant(&mut tx, account.id, role, None).await?;
    }
    let who = Some(account.id);
    let detail = json!({"role": used.role.map(|r| r.as_str())});
    repo::log(&mut tx, "invitation_accepted", who, who, detail).await?;
    let jar = if needs_password {
        open_session(&page.state, &mut tx, account.id, jar).await?
    } else {
        jar
    };
    tx.commit().await?;
    Ok((jar, Redirect::to("/account")).into_response())
}
