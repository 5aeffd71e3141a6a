//! `multipart/form-data` bodies (RFC 7578), read whole. File uploads without
//! JavaScript need them (the paper contributions of a workshop, as a CSV
//! file), and the CSRF guard must find the form's `_csrf` field in them as it
//! does in url-encoded forms. The bodies are small and capped before they get
//! here, so a buffered parser over a byte slice is enough: no streaming, no
//! dependency.

/// One part of the body: a field, or a file when it has a file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    pub name: String,
    pub filename: Option<String>,
    pub data: &'a [u8],
}

impl Part<'_> {
    /// The value of a plain field, as text in NFC. `text::clean_input` has
    /// refused the body before a handler sees it if a field is not UTF-8 or
    /// holds a control character; the CSRF guard, before it, only compares.
    pub fn text(&self) -> String {
        let s = String::from_utf8_lossy(self.data);
        crate::text::clean(&s).unwrap_or_else(|_| s.into_owned())
    }
}

/// The boundary of a `multipart/form-data` content type, if that is what it is.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut it = content_type.split(';');
    let essence = it.next()?.trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    it.filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .filter(|b| !b.is_empty() && b.len() <= 200)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A parameter of a `Content-Disposition` header (`name="x"`), quotes removed.
fn disposition_param(header: &str, key: &str) -> Option<String> {
    let mut rest = header;
    while let Some(i) = rest.find(';') {
        rest = &rest[i + 1..];
        let item = rest.trim_start();
        let Some((k, v)) = item.split_once('=') else {
            continue;
        };
        if !k.trim().eq_ignore_ascii_case(key) {
            continue;
        }
        let v = v.trim_start();
        return Some(if let Some(quoted) = v.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = quoted.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            out.push(n)
                        }
                    }
                    '"' => break,
                    c => out.push(c),
                }
            }
            out
        } else {
            v.split(';').next().unwrap_or("").trim().to_owned()
        });
    }
    None
}

/// The parts of a body; `None` when it is not well-formed multipart.
pub fn parse<'a>(content_type: &str, body: &'a [u8]) -> Option<Vec<Part<'a>>> {
    let boundary = boundary(content_type)?;
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let mut parts = vec![];
    let mut pos = find(body, delimiter.as_bytes(), 0)? + delimiter.len();
    loop {
        if body[pos..].starts_with(b"--") {
            return Some(parts);
        }
        // Transport padding, then the line break that ends the delimiter line.
        while body.get(pos).is_some_and(|b| *b == b' ' || *b == b'\t') {
            pos += 1;
        }
        if !body[pos..].starts_with(b"\r\n") {
            return None;
        }
        pos += 2;
        let headers_end = find(body, b"\r\n\r\n", pos)?;
        let headers = std::str::from_utf8(&body[pos..headers_end]).ok()?;
        let data_start = headers_end + 4;
        let data_end = find(body, next_delimiter.as_bytes(), data_start)?;
        let disposition = headers
            .split("\r\n")
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
            .map(|(_, v)| v.trim())?;
        parts.push(Part {
            name: disposition_param(disposition, "name")?,
            filename: disposition_param(disposition, "filename"),
            data: &body[data_start..data_end],
        });
        pos = data_end + next_delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_with_a_file() {
        let ct = "multipart/form-data; boundary=----WebKitFormBoundaryX1";
        let body = b"------WebKitFormBoundaryX1\r\n\
Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n\
tok-en\r\n\
------WebKitFormBoundaryX1\r\n\
Content-Disposition: form-data; name=\"file\"; filename=\"paper \\\"1\\\".csv\"\r\n\
Content-Type: text/csv\r\n\r\n\
profile,age_bracket,body\r\ncitizen,18_24,\"a, b\"\r\n\r\n\
------WebKitFormBoundaryX1--\r\n";
        let parts = parse(ct, body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "_csrf");
        assert_eq!(parts[0].text(), "tok-en");
        assert_eq!(parts[1].filename.as_deref(), Some("paper \"1\".csv"));
        assert_eq!(
            parts[1].data,
            b"profile,age_bracket,body\r\ncitizen,18_24,\"a, b\"\r\n"
        );
    }

    #[test]
    fn not_multipart_or_broken() {
        assert!(boundary("application/x-www-form-urlencoded").is_none());
        assert!(parse("multipart/form-data; boundary=b", b"--b\r\nno end").is_none());
        assert_eq!(
            parse("multipart/form-data; boundary=\"b\"", b"--b--\r\n"),
            Some(vec![])
        );
    }
}
