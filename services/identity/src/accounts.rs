//! The account flows, apart from the pages that drive them: one-time links
//! (verification, reset, e-mail change, invitation) issued with their mail in
//! the transaction that stores them, and consumed once; the reset request
//! done after its answer; invitations; the throttles. Every function works
//! in the collectivity's own transaction, so another collectivity's account
//! or token is simply not there.

use infitah_notifications::outbox::{self, Mail, MailKind};
use infitah_platform::{
    AppState, auth::Role, db::TenantTx, i18n::Lang, tenancy::Site, throttle::Limit,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    repo::{self, Purpose, TokenUse},
    token,
};

/// Sign-in attempts per address, and per network address, per 15 minutes.
/// Only failures count (a successful sign-in costs nothing): per account,
/// per account and address (one guesser cannot lock a person out from
/// everywhere else… beyond the per-account ceiling), and per network
/// address with a ceiling a workshop hall behind one Wi-Fi never reaches
/// (100 people mistyping twice each).
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit::new("sign_in_account", 10, 900);
pub const SIGN_IN_PER_ACCOUNT_IP: Limit = Limit::new("sign_in_account_ip", 5, 900);
pub const SIGN_IN_PER_IP: Limit = Limit::new("sign_in_ip", 200, 900);
/// Sign-ups per network address per hour.
pub const SIGN_UP_PER_IP: Limit = Limit::new("sign_up_ip", 10, 3600);
/// Reset e-mails per address, and requests per network address, per hour.
pub const RESET_PER_ACCOUNT: Limit = Limit::new("reset_account", 3, 3600);
pub const RESET_PER_IP: Limit = Limit::new("reset_ip", 10, 3600);
/// Verification e-mails per account per hour (the first, at sign-up, counts).
pub const VERIFY_PER_ACCOUNT: Limit = Limit::new("verify_account", 3, 3600);

/// Minutes a link stays valid.
pub const RESET_MINUTES: i64 = 30;
pub const VERIFY_MINUTES: i64 = 24 * 60;
pub const INVITATION_MINUTES: i64 = 72 * 60;

/// A short digest of a token, for event keys that must not hold the token.
pub fn subject(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// A mail of the outbox, keyed by `event` so that a retried request sends it once.
pub async fn queue_mail(
    tx: &mut TenantTx,
    kind: MailKind,
    event: String,
    to: &Addressee<'_>,
    payload: serde_json::Value,
) -> Result<(), sqlx::Error> {
    outbox::enqueue(
        tx,
        Mail {
            dedupe_key: event,
            recipient: to.email,
            lang: to.lang,
            kind,
            payload,
        },
    )
    .await
    .map(|_| ())
}

/// Whom a mail is for: the account, the address it goes to, its language.
pub struct Addressee<'a> {
    pub account: Uuid,
    pub email: &'a str,
    pub lang: Lang,
}

impl<'a> Addressee<'a> {
    pub fn of(account: &'a repo::Account) -> Self {
        Addressee {
            account: account.id,
            email: &account.email,
            lang: account.lang,
        }
    }
}

/// A one-time link sent by mail: what it is for, where it leads, how long it lasts.
pub struct OneTimeLink {
    pub purpose: Purpose,
    pub path: &'static str,
    pub minutes: i64,
    pub kind: MailKind,
    pub role: Option<Role>,
}

impl OneTimeLink {
    pub const VERIFY: OneTimeLink = OneTimeLink {
        purpose: Purpose::VerifyEmail,
        path: "/verify",
        minutes: VERIFY_MINUTES,
        kind: MailKind::VerifyEmail,
        role: None,
    };
    pub const RESET: OneTimeLink = OneTimeLink {
        purpose: Purpose::ResetPassword,
        path: "/password/reset",
        minutes: RESET_MINUTES,
        kind: MailKind::ResetPassword,
        role: None,
    };
    pub const CHANGE_EMAIL: OneTimeLink = OneTimeLink {
        purpose: Purpose::ChangeEmail,
        path: "/account/email/confirm",
        minutes: VERIFY_MINUTES,
        kind: MailKind::ChangeEmail,
        role: None,
    };
    pub fn invitation(role: Role) -> OneTimeLink {
        OneTimeLink {
            purpose: Purpose::Invitation,
            path: "/invitation",
            minutes: INVITATION_MINUTES,
            kind: MailKind::Invitation,
            role: Some(role),
        }
    }
}

/// The account service of one site: where its links lead, and its throttles.
#[derive(Clone, Copy)]
pub struct Accounts<'a> {
    pub state: &'a AppState,
    pub site: &'a Site,
}

impl<'a> Accounts<'a> {
    pub fn new(state: &'a AppState, site: &'a Site) -> Self {
        Accounts { state, site }
    }

    /// The public origin of this site, from configuration (never from the request's Host).
    pub fn origin(&self) -> String {
        let settings = &self.state.settings;
        match self.site {
            Site::Tenant(t) => settings.origin_for(&t.primary_host(&settings.base_domain)),
            Site::National(_) => settings.origin_for(&settings.base_domain),
        }
    }

    /// Counts one attempt of `who` against `limit`; false once over it.
    pub async fn allowed(&self, limit: Limit, who: &str) -> bool {
        self.state
            .throttle
            .allow(
                &self.state.redis,
                self.site.scope().id(),
                limit,
                &infitah_platform::throttle::subject(limit.name, who),
            )
            .await
    }

    /// Whether `who` is still within `limit`, counting nothing (limits of failures).
    pub async fn within(&self, limit: Limit, who: &str) -> bool {
        self.state
            .throttle
            .within(
                &self.state.redis,
                self.site.scope().id(),
                limit,
                &infitah_platform::throttle::subject(limit.name, who),
            )
            .await
    }

    /// Issues a one-time link: stores the token's hash, and queues (in the same
    /// transaction) the mail that carries it, built from the collectivity's own host.
    pub async fn mail_link(
        &self,
        tx: &mut TenantTx,
        link: OneTimeLink,
        to: &Addressee<'_>,
        mut payload: serde_json::Value,
    ) -> Result<(), sqlx::Error> {
        let secret = token::generate();
        repo::store_token(
            tx,
            &secret.hash,
            link.purpose,
            to.account,
            to.email,
            link.role,
            link.minutes,
        )
        .await?;
        payload["link"] = json!(format!(
            "{}{}?token={}",
            self.origin(),
            link.path,
            secret.token
        ));
        let event = format!("{}:{}", link.purpose.as_str(), subject(&secret.token));
        queue_mail(tx, link.kind, event, to, payload).await
    }

    /// The link that proves an address, to `to`.
    pub async fn send_verification(
        &self,
        tx: &mut TenantTx,
        to: &Addressee<'_>,
        name: &str,
    ) -> Result<(), sqlx::Error> {
        self.mail_link(tx, OneTimeLink::VERIFY, to, json!({ "name": name }))
            .await
    }

    /// A new account, verified once its link comes back; for an address
    /// already taken, a mail to its owner instead — the visitor learns nothing.
    pub async fn sign_up(
        &self,
        tx: &mut TenantTx,
        email: &str,
        name: &str,
        hash: &str,
        lang: Lang,
        terms_version: i32,
    ) -> Result<(), sqlx::Error> {
        match repo::create(tx, email, name, Some(hash), lang, Some(terms_version)).await? {
            Some(id) => {
                repo::log(tx, "sign_up", Some(id), Some(id), json!({})).await?;
                self.allowed(VERIFY_PER_ACCOUNT, email).await;
                let to = Addressee {
                    account: id,
                    email,
                    lang,
                };
                self.send_verification(tx, &to, name).await?;
            }
            None => {
                if let Some(existing) = repo::find_by_email(tx, email).await? {
                    let base = self.origin();
                    let hour = time::OffsetDateTime::now_utc().unix_timestamp() / 3600;
                    queue_mail(
                        tx,
                        MailKind::AlreadyRegistered,
                        format!("already:{}:{hour}", existing.id),
                        &Addressee::of(&existing),
                        json!({"name": existing.display_name, "sign_in_link": format!("{base}/sign-in"), "reset_link": format!("{base}/password/forgot")}),
                    )
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// The work of a reset request, after the answer: a new link for an account
    /// with a password (a pending invitation cannot be revived this way), within
    /// the per-account throttle; nothing for an unknown address.
    pub async fn request_reset(&self, email: &str) -> Result<(), sqlx::Error> {
        let mut tx = self.state.db.tenant_tx(self.site.scope().id()).await?;
        if let Some(account) = repo::find_by_email(&mut tx, email)
            .await?
            .filter(|a| a.password_hash.is_some())
            && self.allowed(RESET_PER_ACCOUNT, email).await
        {
            repo::void_tokens(&mut tx, account.id, Purpose::ResetPassword).await?;
            self.mail_link(
                &mut tx,
                OneTimeLink::RESET,
                &Addressee::of(&account),
                json!({"name": account.display_name}),
            )
            .await?;
            repo::log(
                &mut tx,
                "password_reset_requested",
                Some(account.id),
                None,
                json!({}),
            )
            .await?;
        }
        tx.commit().await
    }

    /// Sends the confirmation link again to an address whose account is not
    /// yet confirmed (nothing otherwise: the visitor learns nothing); its
    /// earlier links stop working. Its own transaction, like a reset.
    pub async fn resend_verification(&self, email: &str) -> Result<(), sqlx::Error> {
        let mut tx = self.state.db.tenant_tx(self.site.scope().id()).await?;
        if let Some(account) = repo::find_by_email(&mut tx, email)
            .await?
            .filter(|a| !a.verified && a.password_hash.is_some())
            && self.allowed(VERIFY_PER_ACCOUNT, email).await
        {
            repo::void_tokens(&mut tx, account.id, Purpose::VerifyEmail).await?;
            self.send_verification(&mut tx, &Addressee::of(&account), &account.display_name)
                .await?;
            repo::log(
                &mut tx,
                "verification_resent",
                Some(account.id),
                None,
                json!({}),
            )
            .await?;
        }
        tx.commit().await
    }

    /// Invites a staff member: an account waiting for its password (or an
    /// existing one), a one-time link valid 72 hours, the mail in the outbox.
    pub async fn invite(
        &self,
        tx: &mut TenantTx,
        email: &str,
        role: Role,
        lang: Lang,
        by: Option<Uuid>,
    ) -> Result<(), sqlx::Error> {
        let account = match repo::find_by_email(tx, email).await? {
            Some(a) => a.id,
            None => {
                let name = email
                    .split('@')
                    .next()
                    .unwrap_or(email)
                    .chars()
                    .take(80)
                    .collect::<String>();
                repo::create(tx, email, &name, None, lang, None)
                    .await?
                    .expect("address checked free in this transaction")
            }
        };
        let to = Addressee {
            account,
            email,
            lang,
        };
        self.mail_link(
            tx,
            OneTimeLink::invitation(role),
            &to,
            json!({"role": role.as_str()}),
        )
        .await?;
        repo::log(
            tx,
            "invitation_sent",
            Some(account),
            by,
            json!({"role": role.as_str()}),
        )
        .await?;
        Ok(())
    }
}

/// A presented one-time link, consumed: its use when it is well formed,
/// unused, unexpired and for `purpose`; `None` otherwise (one answer for all).
pub async fn consume(
    tx: &mut TenantTx,
    presented: &str,
    purpose: Purpose,
) -> Result<Option<TokenUse>, sqlx::Error> {
    if !token::well_formed(presented) {
        return Ok(None);
    }
    repo::use_token(tx, &token::hash(presented), purpose).await
}

/// The same, without consuming it (a page that shows the form the link opens).
pub async fn peek(
    tx: &mut TenantTx,
    presented: &str,
    purpose: Purpose,
) -> Result<Option<TokenUse>, sqlx::Error> {
    if !token::well_formed(presented) {
        return Ok(None);
    }
    repo::peek_token(tx, &token::hash(presented), purpose).await
}
