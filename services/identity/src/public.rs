//! The pages of a visitor who is not (yet) signed in: sign-up and the link
//! that verifies it, sign-in and sign-out, the forgotten password and its
//! reset link, and the invitation a staff member accepts. Answers never tell
//! whether an address has an account.

use std::{net::SocketAddr, sync::Arc};

use askama::Template;
use axum::{
    Form, Router,
    extract::{ConnectInfo, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use axum_extra::extract::cookie::CookieJar;
use infitah_notifications::outbox::MailKind;
use infitah_platform::{
    AppError, AppResult, Page,
    auth::MaybeViewer,
    i18n::Lang,
    web::{Shell, client_ip, safe_next},
};
use serde::Deserialize;
use serde_json::json;

use crate::{
    IdentityState,
    accounts::{self, Accounts, Addressee},
    forms::{self, Errors},
    password::Passwords,
    repo::{self, Purpose},
    session::{close_session, open_session, with_form_token},
};

mod sign_up;
pub use sign_up::*;
mod sign_in;
pub use sign_in::*;
mod reset;
pub use reset::*;
mod invitation;
pub use invitation::*;

pub fn router() -> Router<IdentityState> {
    Router::new()
        .route("/sign-up", get(sign_up_page).post(sign_up))
        .route("/verify", get(verify))
        .route("/verify/resend", get(resend_page).post(resend))
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-out", post(sign_out))
        .route("/password/forgot", get(forgot_page).post(forgot))
        .route("/password/reset", get(reset_page).post(reset))
        .route("/invitation", get(invitation_page).post(accept_invitation))
}

/// The `?token=` of a one-time link.
#[derive(Deserialize)]
pub(crate) struct TokenQuery {
    pub token: Option<String>,
}
