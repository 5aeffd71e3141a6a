//! A minimal browser for the HTTP tests: it sends the Host header of the
//! collectivity under test, keeps that host's cookies (host-only, as real
//! browsers do), sends the Origin a browser would, and reads CSRF tokens out
//! of the forms it receives.

use std::collections::BTreeMap;

use reqwest::{Response, StatusCode};

use crate::TestApp;

pub struct Browser<'a> {
    app: &'a TestApp,
    pub host: String,
    pub cookies: BTreeMap<String, String>,
    pub accept_language: Option<String>,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
    pub set_cookies: Vec<String>,
}

impl Page {
    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let marker = r#"name="_csrf" value=""#;
        let start = self
            .body
            .find(marker)
            .map(|i| i + marker.len())
            .expect("no CSRF token on the page");
        let end = self.body[start..].find('"').unwrap() + start;
        self.body[start..end].to_owned()
    }
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp, host: &str) -> Self {
        Browser {
            app,
            host: host.to_owned(),
            cookies: BTreeMap::new(),
            accept_language: None,
        }
    }

    /// The `Cookie` header this browser sends.
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn read(&mut self, r: Response) -> Page {
        let status = r.status();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let set_cookies: Vec<String> = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect();
        for c in &set_cookies {
            let pair = c.split(';').next().unwrap_or("");
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() || c.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        Page {
            status,
            location,
            body: r.text().await.unwrap_or_default(),
            set_cookies,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let mut rq = self
            .app
            .client
            .get(self.app.url(path))
            .header("host", &self.host);
        if !self.cookies.is_empty() {
            rq = rq.header("cookie", self.cookie_header());
        }
        if let Some(al) = &self.accept_language {
            rq = rq.header("accept-language", al);
        }
        let r = rq.send().await.expect("GET");
        self.read(r).await
    }

    /// POSTs a form as a browser on this host would (same Origin).
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let origin = format!("http://{}", self.host);
        self.post_from(path, form, Some(&origin)).await
    }

    pub async fn post_from(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Page {
        let mut rq = self
            .app
            .client
            .post(self.app.url(path))
            .header("host", &self.host)
            .form(form);
        if let Some(o) = origin {
            rq = rq.header("origin", o);
        }
        if !self.cookies.is_empty() {
            rq = rq.header("cookie", self.cookie_header());
        }
        if let Some(al) = &self.accept_language {
            rq = rq.header("accept-language", al);
        }
        let r = rq.send().await.expect("POST");
        self.read(r).await
    }

    /// POSTs bytes as they are (invalid UTF-8 included), from this host's origin.
    pub async fn post_raw(&mut self, path: &str, content_type: &str, body: Vec<u8>) -> Page {
        let mut rq = self
            .app
            .client
            .post(self.app.url(path))
            .header("host", &self.host)
            .header("origin", format!("http://{}", self.host))
            .header("content-type", content_type)
            .body(body);
        if !self.cookies.is_empty() {
            rq = rq.header("cookie", self.cookie_header());
        }
        let r = rq.send().await.expect("POST");
        self.read(r).await
    }

    /// GETs `form_page`, then POSTs `fields` to `action` with that page's token.
    pub async fn submit(&mut self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get(form_page).await.csrf();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }
}
