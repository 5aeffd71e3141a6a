//! Sign-in and sign-out.

use super::*;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    pub(super) email: String,
    pub(super) password: String,
    pub(super) next: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
pub(super) struct SignInPage<'a> {
    pub(super) shell: Shell<'a>,
    pub(super) csrf: String,
    pub(super) email: String,
    pub(super) next: String,
    pub(super) error: Option<String>,
    pub(super) can_sign_up: bool,
}

impl<'a> SignInPage<'a> {
    pub(super) fn new(page: &'a Page, email: String, next: String, error: Option<String>) -> Self {
        SignInPage {
            shell: page.shell_at("/sign-in", page.t("sign-in-title")),
            csrf: page.csrf.clone(),
            email,
            next,
            error,
            can_sign_up: !page.site.is_national(),
        }
    }
}

#[derive(Deserialize)]
pub(super) struct NextQuery {
    pub(super) next: Option<String>,
}

pub(super) async fn sign_in_page(
    mut page: Page,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref()).to_owned();
    if page.viewer.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let jar = with_form_token(&mut page, jar);
    let form = SignInPage::new(&page, String::new(), next, None);
    Ok((jar, page.render(StatusCode::OK, &form)?).into_response())
}

pub(super) async fn sign_in(
    mut page: Page,
    State(passwords): State<Arc<Passwords>>,
    jar: CookieJar,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let email = form.email.trim().to_lowercase();
    let next = safe_next(Some(&form.next)).to_owned();
    // The session being replaced, if any; the form's token is the anonymous one.
    let previous = page.viewer.take();
    let jar = with_form_token(&mut page, jar);
    let failed = |page: &Page,
                  jar: CookieJar,
                  status: StatusCode,
                  message_id: &str|
     -> AppResult<Response> {
        let form = SignInPage::new(page, email.clone(), next.clone(), Some(page.t(message_id)));
        Ok((jar, page.render(status, &form)?).into_response())
    };
    let desk = Accounts::new(&page.state, &page.site);
    let ip = client_ip(&page.state, &headers, peer);
    // Failures count, successes do not: a hall of people signing in behind
    // one address is never locked out by its own successes.
    let account_ip = format!("{email}\0{ip}");
    let within = [
        (accounts::SIGN_IN_PER_ACCOUNT, email.as_str()),
        (accounts::SIGN_IN_PER_ACCOUNT_IP, account_ip.as_str()),
        (accounts::SIGN_IN_PER_IP, ip.as_str()),
    ];
    let mut ok = true;
    for (limit, who) in within {
        ok &= desk.within(limit, who).await;
    }
    if !ok {
        return failed(
            &page,
            jar,
            StatusCode::TOO_MANY_REQUESTS,
            "sign-in-throttled",
        );
    }
    let mut tx = page.tx().await?;
    let account = if email.len() <= 254 {
        repo::find_by_email(&mut tx, &email).await?
    } else {
        None
    };
    let password = form.password.chars().take(1024).collect::<String>();
    let stored = account.as_ref().and_then(|a| a.password_hash.as_deref());
    let (ok, rehash) = passwords.verify(&password, stored).await;
    let Some(account) = account.filter(|_| ok) else {
        repo::log(&mut tx, "sign_in_failed", None, None, json!({})).await?;
        tx.commit().await?;
        for (limit, who) in within {
            desk.allowed(limit, who).await;
        }
        return failed(&page, jar, StatusCode::UNAUTHORIZED, "sign-in-failed");
    };
    if rehash {
        let fresh = passwords.hash(&password).await;
        repo::set_password(&mut tx, account.id, &fresh).await?;
    }
    if let Some(p) = previous {
        repo::revoke_session(&mut tx, p.session_id).await?;
    }
    let jar = open_session(&page.state, &mut tx, account.id, jar).await?;
    let who = Some(account.id);
    repo::log(&mut tx, "sign_in", who, who, json!({})).await?;
    // Someone who accepted older terms reads the new ones first.
    let due = crate::legal::repo::terms_due(&mut tx, account.id).await?;
    tx.commit().await?;
    let next = if due {
        let back: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        format!("/account/terms?next={back}")
    } else {
        next
    };
    Ok((jar, Redirect::to(&next)).into_response())
}

pub(super) async fn sign_out(mut page: Page, jar: CookieJar) -> AppResult<Response> {
    if let Some(v) = &page.viewer {
        let mut tx = page.tx().await?;
        repo::revoke_session(&mut tx, v.session_id).await?;
        let who = Some(v.account_id);
        repo::log(&mut tx, "sign_out", who, who, json!({})).await?;
        tx.commit().await?;
    }
    let jar = close_session(&mut page, jar);
    Ok((jar, Redirect::to("/")).into_response())
}
