//! Who is asking, and what they may do: the one mechanism every service's
//! routes use. The identity service resolves the session cookie into a
//! [`Viewer`] (in a request extension); routes state their requirement by the
//! extractor they take — [`SignedIn`], [`Verified`] or [`Staff<P>`] — and
//! objects are fetched through the tenant transaction, so another
//! collectivity's object is simply not found (404, never 403).

use std::marker::PhantomData;

use axum::{
    extract::FromRequestParts,
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use crate::{AppError, types::TenantId};

/// A role, held in one collectivity (staff) or in the nation (platform roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Editor,
    Moderator,
    Committee,
    NationalManager,
    Operator,
}

impl Role {
    pub const STAFF: [Role; 4] = [Role::Admin, Role::Editor, Role::Moderator, Role::Committee];
    pub const PLATFORM: [Role; 2] = [Role::NationalManager, Role::Operator];

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s.trim() {
            "admin" => Role::Admin,
            "editor" => Role::Editor,
            "moderator" => Role::Moderator,
            "committee" => Role::Committee,
            "national_manager" => Role::NationalManager,
            "operator" => Role::Operator,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Moderator => "moderator",
            Role::Committee => "committee",
            Role::NationalManager => "national_manager",
            Role::Operator => "operator",
        }
    }
    /// Platform roles are held in the nation only; staff roles in a collectivity only.
    pub fn is_platform(self) -> bool {
        Role::PLATFORM.contains(&self)
    }
}

/// The signed-in account of a request, on this host's collectivity.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub tenant: TenantId,
    pub account_id: Uuid,
    pub session_id: Uuid,
    /// SHA-256 of the session cookie: binds the CSRF token to the session.
    pub session_hash: Vec<u8>,
    pub display_name: String,
    pub email: String,
    pub verified: bool,
    pub roles: Vec<Role>,
    /// The terms changed since this person accepted them: taking part waits
    /// until they accept the new version at `/account/terms`.
    pub terms_due: bool,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|r| !r.is_platform())
    }
}

/// Whether this viewer may see drafts of this collectivity: its verified staff.
pub fn sees_drafts(viewer: Option<&Viewer>) -> bool {
    viewer.is_some_and(|v| v.verified && v.is_staff())
}

/// The viewer, when there is one; pages for everyone take this.
#[derive(Debug, Clone)]
pub struct MaybeViewer(pub Option<Viewer>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeViewer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeViewer(parts.extensions.get::<Viewer>().cloned()))
    }
}

/// Rejections: anonymous visitors are sent to sign in; others get an error page.
#[derive(Debug)]
pub enum AuthRejection {
    SignIn(String),
    Unverified,
    /// The terms changed: accept the new version first, then come back.
    Terms(String),
    NotFound,
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::SignIn(next) => {
                let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
                Redirect::to(&format!("/sign-in?next={next}")).into_response()
            }
            AuthRejection::Unverified => AppError::Forbidden.into_response(),
            AuthRejection::Terms(next) => {
                let next: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
                Redirect::to(&format!("/account/terms?next={next}")).into_response()
            }
            AuthRejection::NotFound => AppError::NotFound.into_response(),
        }
    }
}

/// Where to come back to after signing in or accepting the terms: this page
/// for a GET, the home page after a form (its content cannot be replayed).
fn come_back(parts: &Parts) -> String {
    if parts.method == axum::http::Method::GET {
        let next = parts.uri.path_and_query().map(|p| p.as_str());
        next.unwrap_or("/").to_owned()
    } else {
        "/".to_owned()
    }
}

fn viewer_or_sign_in(parts: &Parts) -> Result<Viewer, AuthRejection> {
    let viewer = parts.extensions.get::<Viewer>().cloned();
    viewer.ok_or_else(|| AuthRejection::SignIn(come_back(parts)))
}

/// Any signed-in account, verified or not.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        viewer_or_sign_in(parts).map(SignedIn)
    }
}

/// A signed-in account whose address is verified and who accepted the
/// current terms: what taking part requires.
#[derive(Debug, Clone)]
pub struct Verified(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for Verified {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let v = viewer_or_sign_in(parts)?;
        if !v.verified {
            Err(AuthRejection::Unverified)
        } else if v.terms_due {
            Err(AuthRejection::Terms(come_back(parts)))
        } else {
            Ok(Verified(v))
        }
    }
}

/// What a route requires, as a type: `Staff<EditProgramme>`.
pub trait Permission: Send + Sync + 'static {
    fn allows(roles: &[Role]) -> bool;
}

macro_rules! permission {
    ($(#[$doc:meta])* $name:ident: $($role:ident),+) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl Permission for $name {
            fn allows(roles: &[Role]) -> bool {
                roles.iter().any(|r| matches!(r, $(Role::$role)|+))
            }
        }
    };
}

permission!(
    /// Staff pages, staff list, security log, roles: commune admins.
    Administer: Admin
);
permission!(
    /// The site's legal pages and their details: a collectivity's admins,
    /// the platform's operators on the national space.
    PublishLegal: Admin, Operator
);
permission!(
    /// Writing the programme: editors and admins.
    EditProgramme: Admin, Editor
);
permission!(
    /// Hiding and restoring contributions: moderators and admins.
    Moderate: Admin, Moderator
);
permission!(
    /// Co-monitoring evaluations: committee members.
    Evaluate: Committee
);
permission!(
    /// Any staff role of the collectivity.
    AnyStaff: Admin, Editor, Moderator, Committee
);
permission!(
    /// The national managers' pages.
    ReadNation: NationalManager, Operator
);

/// A verified account holding a role that `P` allows, on this host's
/// collectivity. Everyone else gets 404 — anonymous visitors and sessions of
/// other collectivities included — so staff pages do not even reveal that
/// they exist. (Staff sign in at /sign-in first.)
#[derive(Debug, Clone)]
pub struct Staff<P: Permission>(pub Viewer, PhantomData<P>);

impl<P: Permission> Staff<P> {
    pub fn viewer(&self) -> &Viewer {
        &self.0
    }
}

impl<S: Send + Sync, P: Permission> FromRequestParts<S> for Staff<P> {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Viewer>() {
            Some(v) if v.verified && P::allows(&v.roles) => Ok(Staff(v.clone(), PhantomData)),
            _ => Err(AuthRejection::NotFound),
        }
    }
}

/// CSRF tokens: an HMAC of the collectivity and what binds the form to its
/// browser (the session, or a random pre-session cookie), keyed by the
/// server's secret. Stateless, and worthless on another host or session.
pub fn csrf_token(secret: &[u8], tenant: TenantId, binding: &[u8]) -> String {
    use base64::Engine;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"infitah-csrf\0");
    mac.update(tenant.0.as_bytes());
    mac.update(binding);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Checks a presented CSRF token in constant time.
pub fn csrf_valid(secret: &[u8], tenant: TenantId, binding: &[u8], presented: &str) -> bool {
    use base64::Engine;
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(presented) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"infitah-csrf\0");
    mac.update(tenant.0.as_bytes());
    mac.update(binding);
    mac.verify_slice(&bytes).is_ok()
}
