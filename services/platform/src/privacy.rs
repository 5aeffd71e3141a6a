//! Who may store a response. A page that depends on a session — the viewer's
//! name in the header, a CSRF token, an account, a back-office page — must
//! never be kept by a proxy, a CDN or the browser's disk, or one citizen's
//! page could be served to the next (ASVS 5.0 14.3.2). Decided here, in one
//! layer around every route, so that a route added later inherits it:
//!
//! - a response that declares itself `public` (static assets, the public
//!   API) and sets no cookie keeps its own policy;
//! - an anonymous page rendered for nobody in particular (marked
//!   [`Cacheable`], sets no cookie, asked without a session) keeps its own
//!   policy, with `Vary: Cookie`, since the same path answers differently to
//!   a signed-in viewer;
//! - everything else — every answer to a request with a session, every form
//!   (its token is bound to a cookie), every error — is
//!   `Cache-Control: private, no-store`.

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::Response,
};

use crate::fastpath::Cacheable;

/// The session cookie, over plain HTTP (development) and over HTTPS.
pub const SESSION_COOKIE: &str = "infitah_session";
pub const SESSION_COOKIE_HTTPS: &str = "__Host-infitah_session";
/// The pre-session cookie that binds an anonymous visitor's CSRF tokens.
pub const PRESESSION_COOKIE: &str = "infitah_pre";
pub const PRESESSION_COOKIE_HTTPS: &str = "__Host-infitah_pre";

/// Whether a request carries a session cookie (valid or not: an expired one
/// is still someone's).
pub fn carries_session(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('=').map(|(name, _)| name))
        .any(|name| name == SESSION_COOKIE || name == SESSION_COOKIE_HTTPS)
}

pub const PRIVATE: HeaderValue = HeaderValue::from_static("private, no-store");

/// Middleware: applies the policy above to every response.
pub async fn cache_policy(req: Request, next: Next) -> Response {
    let session = carries_session(req.headers());
    let mut resp = next.run(req).await;
    let h = resp.headers();
    let sets_cookie = h.contains_key(header::SET_COOKIE);
    let declared_public = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|d| d.trim().eq_ignore_ascii_case("public"))
        });
    if declared_public && !sets_cookie {
        return resp;
    }
    if !session && !sets_cookie && resp.extensions().get::<Cacheable>().is_some() {
        resp.headers_mut()
            .append(header::VARY, HeaderValue::from_static("Cookie"));
        return resp;
    }
    resp.headers_mut().insert(header::CACHE_CONTROL, PRIVATE);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookies(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn a_session_cookie_is_found_by_its_name_only() {
        assert!(carries_session(&cookies("lang=ar; infitah_session=abc")));
        assert!(carries_session(&cookies("__Host-infitah_session=abc")));
        assert!(!carries_session(&cookies("lang=ar; infitah_pre=abc")));
        assert!(!carries_session(&cookies("x=infitah_session=abc")));
        assert!(!carries_session(&HeaderMap::new()));
    }
}
