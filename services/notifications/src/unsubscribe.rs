//! One-click unsubscribe (RFC 8058): every notification e-mail carries
//! `List-Unsubscribe: <https://<site>/unsubscribe/<token>>` and
//! `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
//!
//! The token works without signing in and for nothing but its own recipient
//! and list: it holds the account id and the list, and an HMAC-SHA256 of the
//! collectivity, the account and the list under the server's `secret_key`
//! (as CSRF tokens are made). Another account, another list, another
//! collectivity's host, or one altered character: the MAC fails, the answer
//! is 404 and nothing changes. Lists are `all` (every notification e-mail:
//! the preference becomes `off`) and one follow (`project:<id>`,
//! `programme:<id>`: that follow is removed).
//!
//! `GET` only shows a confirmation page with a button (mail scanners follow
//! links; nothing may change on a GET). `POST` — the mail client's one-click
//! request, or that button — applies it and answers 200. That `POST` carries
//! no session and no CSRF token: the CSRF guard lets exactly this route
//! through ([`is_one_click`]), the token in the address being the proof.

use askama::Template;
use axum::{
    Router,
    extract::{Path, State},
    http::{Method, StatusCode},
    response::Response,
    routing::get,
};
use base64::Engine;
use hmac::{Hmac, Mac};
use infitah_platform::{
    AppError, AppResult, AppState,
    auth::MaybeViewer,
    i18n::Lang,
    tenancy::CurrentTenant,
    types::TenantId,
    web::{ReqLang, Shell},
};
use secrecy::ExposeSecret;
use sha2::Sha256;
use uuid::Uuid;

use crate::{
    follow::{self, Subject},
    prefs::{self, Delivery},
};

/// What one unsubscribe link stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Every notification e-mail (the preference becomes `off`).
    All,
    /// The e-mails that come by one follow (the follow is removed).
    Follow(Subject),
}

impl List {
    /// As carried in outbox payloads: `all`, `project:<id>`, `programme:<id>`.
    pub fn as_string(self) -> String {
        match self {
            List::All => "all".into(),
            List::Follow(s) => format!("{}:{}", s.kind(), s.id()),
        }
    }
    pub fn parse(s: &str) -> Option<List> {
        if s == "all" {
            return Some(List::All);
        }
        let (kind, id) = s.split_once(':')?;
        Some(List::Follow(Subject::parse(kind, id.parse().ok()?)?))
    }
    fn tag(self) -> (u8, Option<Uuid>) {
        match self {
            List::All => (0, None),
            List::Follow(Subject::Project(id)) => (1, Some(id)),
            List::Follow(Subject::Programme(id)) => (2, Some(id)),
        }
    }
}

/// The route's prefix; the token is the one path segment after it.
pub const PREFIX: &str = "/unsubscribe/";
const MAC_LEN: usize = 32;

fn mac(secret: &[u8], tenant: TenantId, account: Uuid, list: List) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"infitah-unsubscribe\0");
    mac.update(tenant.0.as_bytes());
    mac.update(account.as_bytes());
    let (tag, id) = list.tag();
    mac.update(&[tag]);
    if let Some(id) = id {
        mac.update(id.as_bytes());
    }
    mac
}

/// The token of one recipient and list.
pub fn token(secret: &[u8], tenant: TenantId, account: Uuid, list: List) -> String {
    let mut bytes = Vec::with_capacity(16 + 1 + 16 + MAC_LEN);
    bytes.extend_from_slice(account.as_bytes());
    let (tag, id) = list.tag();
    bytes.push(tag);
    if let Some(id) = id {
        bytes.extend_from_slice(id.as_bytes());
    }
    bytes.extend_from_slice(&mac(secret, tenant, account, list).finalize().into_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The parts of a token, before its MAC is checked.
fn decode(token: &str) -> Option<(Uuid, List, Vec<u8>)> {
    if token.len() > 128 {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    if bytes.len() < 17 {
        return None;
    }
    let account = Uuid::from_slice(&bytes[..16]).ok()?;
    let (list, rest) = match bytes[16] {
        0 => (List::All, &bytes[17..]),
        tag @ (1 | 2) if bytes.len() >= 33 => {
            let id = Uuid::from_slice(&bytes[17..33]).ok()?;
            let s = if tag == 1 {
                Subject::Project(id)
            } else {
                Subject::Programme(id)
            };
            (List::Follow(s), &bytes[33..])
        }
        _ => return None,
    };
    (rest.len() == MAC_LEN).then(|| (account, list, rest.to_vec()))
}

/// The recipient and list of a token made for this collectivity with this
/// secret; `None` for anything else. Constant time in the MAC.
pub fn verify(secret: &[u8], tenant: TenantId, token: &str) -> Option<(Uuid, List)> {
    let (account, list, presented) = decode(token)?;
    mac(secret, tenant, account, list)
        .verify_slice(&presented)
        .ok()
        .map(|_| (account, list))
}

/// The one request the CSRF guard lets through without a session or a
/// CSRF token: `POST /unsubscribe/<token>` with a token of the right shape.
/// (The token's MAC, checked by the handler, is what authorises it.)
pub fn is_one_click(method: &Method, path: &str) -> bool {
    *method == Method::POST
        && path
            .strip_prefix(PREFIX)
            .is_some_and(|t| !t.is_empty() && !t.contains('/') && decode(t).is_some())
}

pub fn router() -> Router<AppState> {
    Router::new().route("/unsubscribe/{token}", get(confirm_page).post(one_click))
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct Page<'a> {
    shell: Shell<'a>,
    heading: String,
    body: String,
    /// The confirmation form's button, on the GET page only.
    button: Option<String>,
    action: String,
}

/// What the list is, in words: "all e-mails" or the followed subject's title.
async fn describe(
    state: &AppState,
    tx: &mut infitah_platform::db::TenantTx,
    lang: Lang,
    list: List,
) -> AppResult<String> {
    let tr = state.i18n.tr(lang);
    Ok(match list {
        List::All => tr.t("notif-unsubscribe-all"),
        List::Follow(subject) => {
            let title = follow::subject_title(tx, subject, lang).await?;
            tr.s("notif-unsubscribe-follow", &title)
        }
    })
}

async fn checked(
    state: &AppState,
    tenant: TenantId,
    token: &str,
) -> AppResult<(infitah_platform::db::TenantTx, Uuid, List)> {
    let secret = state.settings.secret_key.expose_secret().as_bytes();
    let (account, list) = verify(secret, tenant, token).ok_or(AppError::NotFound)?;
    let mut tx = state.db.tenant_tx(tenant).await?;
    let exists = sqlx::query_scalar!(
        r#"select exists(select 1 from account_names where id = $1) as "e!""#,
        account
    )
    .fetch_one(tx.conn())
    .await?;
    if !exists {
        return Err(AppError::NotFound);
    }
    Ok((tx, account, list))
}

async fn confirm_page(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    site: infitah_platform::tenancy::Site,
    ReqLang(lang): ReqLang,
    MaybeViewer(_): MaybeViewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let (mut tx, _, list) = checked(&state, tenant.id(), &token).await?;
    let what = describe(&state, &mut tx, lang, list).await?;
    tx.commit().await?;
    let tr = state.i18n.tr(lang);
    let path = format!("{PREFIX}{token}");
    let page = Page {
        shell: Shell::new(&state, &site, lang, "/", tr.t("notif-unsubscribe-title")),
        heading: tr.t("notif-unsubscribe-title"),
        body: what,
        button: Some(tr.t("notif-unsubscribe-confirm")),
        action: path,
    };
    html(StatusCode::OK, &page)
}

async fn one_click(
    State(state): State<AppState>,
    CurrentTenant(tenant): CurrentTenant,
    site: infitah_platform::tenancy::Site,
    ReqLang(lang): ReqLang,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let (mut tx, account, list) = checked(&state, tenant.id(), &token).await?;
    let what = describe(&state, &mut tx, lang, list).await?;
    match list {
        List::All => {
            prefs::set_delivery(&mut tx, account, Delivery::Off).await?;
        }
        List::Follow(subject) => {
            follow::unfollow(&mut tx, account, subject).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(list = list_kind(list), "unsubscribed by a one-click link");
    let tr = state.i18n.tr(lang);
    let page = Page {
        shell: Shell::new(&state, &site, lang, "/", tr.t("notif-unsubscribed-title")),
        heading: tr.t("notif-unsubscribed-title"),
        body: format!("{what} {}", tr.t("notif-unsubscribed-body")),
        button: None,
        action: String::new(),
    };
    html(StatusCode::OK, &page)
}

/// For the logs: the kind of list, never whose.
fn list_kind(list: List) -> &'static str {
    match list {
        List::All => "all",
        List::Follow(s) => s.kind(),
    }
}

pub(crate) fn html(status: StatusCode, t: &impl Template) -> AppResult<Response> {
    infitah_platform::web::render(status, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a-test-secret-of-at-least-32-characters!";

    #[test]
    fn a_token_is_good_for_its_recipient_and_list_only() {
        let t1 = TenantId(Uuid::from_u128(11));
        let t2 = TenantId(Uuid::from_u128(12));
        let a = Uuid::from_u128(1);
        let p = List::Follow(Subject::Project(Uuid::from_u128(5)));
        for list in [List::All, p] {
            let tok = token(SECRET, t1, a, list);
            assert_eq!(verify(SECRET, t1, &tok), Some((a, list)));
            assert_eq!(verify(SECRET, t2, &tok), None, "another collectivity");
            assert_eq!(verify(b"another-secret-another-secret-xx", t1, &tok), None);
            assert!(is_one_click(&Method::POST, &format!("{PREFIX}{tok}")));
            assert!(!is_one_click(&Method::POST, &format!("{PREFIX}{tok}/x")));
            assert!(!is_one_click(&Method::DELETE, &format!("{PREFIX}{tok}")));
            // Every single altered character is refused.
            for i in 0..tok.len() {
                let mut b = tok.clone().into_bytes();
                b[i] = if b[i] == b'A' { b'B' } else { b'A' };
                let altered = String::from_utf8(b).unwrap();
                if altered != tok {
                    assert_eq!(verify(SECRET, t1, &altered), None, "altered at {i}");
                }
            }
        }
        // Another account's id, or another list, under this MAC.
        let tok = token(SECRET, t1, a, List::All);
        let mut raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&tok)
            .unwrap();
        raw[..16].copy_from_slice(Uuid::from_u128(2).as_bytes());
        let other = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw);
        assert_eq!(verify(SECRET, t1, &other), None);
        assert!(!is_one_click(&Method::POST, "/unsubscribe/"));
        assert!(!is_one_click(&Method::POST, "/unsubscribe/!!"));
        assert_eq!(List::parse(&p.as_string()), Some(p));
        assert_eq!(List::parse("all"), Some(List::All));
        assert_eq!(List::parse("nope:1"), None);
    }
}
