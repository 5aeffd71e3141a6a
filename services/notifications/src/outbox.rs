//! The transactional outbox: a message to send is a row written in the same
//! transaction as the event that causes it, so a rolled-back event sends
//! nothing and a committed one is never lost. `(dedupe_key, recipient)` is
//! unique: enqueueing the same event for the same person twice is a no-op.

use infitah_platform::{db::TenantTx, i18n::Lang};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What kind of message, which decides its template and the payload it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    /// payload: { "name", "link" } — confirm the address given at sign-up.
    VerifyEmail,
    /// payload: { "name", "sign_in_link", "reset_link" } — someone signed up with an address that already has an account.
    AlreadyRegistered,
    /// payload: { "name", "link" } — reset a forgotten password (30 minutes).
    ResetPassword,
    /// payload: { "link", "role" } — a commune admin invites a staff member.
    Invitation,
    /// payload: { "name", "link" } — confirm a new address.
    ChangeEmail,
    /// payload: { "name" } — tells the old address that the account moved to a new one.
    EmailChanged,
    /// payload: { "name" } — the password was changed.
    PasswordChanged,
    /// payload: an event's (see `follow::Event`) plus { "event", "name",
    /// "account", "list" } — one thing a citizen follows happened.
    Notification,
    /// payload: { "name", "account", "list", "period", "items", "more" } — a
    /// daily or weekly digest of one collectivity's notifications.
    Digest,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::VerifyEmail => "verify_email",
            MailKind::AlreadyRegistered => "already_registered",
            MailKind::ResetPassword => "reset_password",
            MailKind::Invitation => "invitation",
            MailKind::ChangeEmail => "change_email",
            MailKind::EmailChanged => "email_changed",
            MailKind::PasswordChanged => "password_changed",
            MailKind::Notification => "notification",
            MailKind::Digest => "digest",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
    }
}

/// A message to send.
pub struct Mail<'a> {
    /// The event: the same key for the same recipient is sent once.
    pub dedupe_key: String,
    pub recipient: &'a str,
    pub lang: Lang,
    pub kind: MailKind,
    pub payload: serde_json::Value,
}

/// Writes the message in the caller's transaction. Returns false when the
/// same event was already queued for that recipient.
pub async fn enqueue(tx: &mut TenantTx, mail: Mail<'_>) -> Result<bool, sqlx::Error> {
    let tenant = tx.tenant().0;
    let done = sqlx::query!(
        "insert into outbox (tenant_id, id, dedupe_key, recipient, lang, kind, payload)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (tenant_id, dedupe_key, recipient) do nothing",
        tenant,
        Uuid::now_v7(),
        mail.dedupe_key,
        mail.recipient,
        mail.lang.code(),
        mail.kind.as_str(),
        mail.payload,
    )
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}
