//! Every CSV the platform gives out — ideas, statistics, workshop papers,
//! open data, the national managers' reports — is written here, by one
//! writer (the csv crate, RFC 4180 quoting, CRLF) with one formula guard, so
//! that a fix to either reaches every export at once.
//!
//! The guard: a text cell that a spreadsheet would run as a formula (it
//! starts, after any spaces, with `=`, `+`, `-`, `@`, a tab or a carriage
//! return, or their full-width forms `＝＋－＠` that some spreadsheets fold
//! to ASCII) gets a leading apostrophe (OWASP "CSV injection"). Numbers are
//! written as numbers, so a negative figure stays a figure. Files start with
//! a byte-order mark, so that spreadsheets read Arabic as UTF-8.

use std::borrow::Cow;

use axum::{
    http::header,
    response::{IntoResponse, Response},
};
use serde_json::Value;

use crate::AppError;

/// The text as a spreadsheet may safely open it.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    let first = s.trim_start_matches(' ').chars().next();
    if matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    ) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A CSV document being written: the mark and the header first, then rows.
pub struct Csv {
    w: ::csv::Writer<Sink>,
    out: Sink,
}

/// Where the writer puts its bytes, shared with [`Csv::take`] so that a
/// streamed file hands them on as they come.
#[derive(Clone, Default)]
struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("csv sink").extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn failed(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("csv: {e}"))
}

impl Csv {
    pub fn new(header: &[&str]) -> Result<Csv, AppError> {
        let out = Sink::default();
        out.0
            .lock()
            .expect("csv sink")
            .extend_from_slice("\u{feff}".as_bytes());
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(out.clone());
        w.write_record(header).map_err(failed)?;
        Ok(Csv { w, out })
    }

    /// A row of text cells, each neutralised.
    pub fn text_row<S: AsRef<str>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
    ) -> Result<(), AppError> {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        self.w.write_record(&cells).map_err(failed)
    }

    /// A row of JSON values: null is empty, numbers and booleans as they
    /// are, strings neutralised, an array as its items joined with `;`.
    pub fn json_row<'v>(
        &mut self,
        cells: impl IntoIterator<Item = &'v Value>,
    ) -> Result<(), AppError> {
        let cells: Vec<Cow<str>> = cells
            .into_iter()
            .map(|v| match v {
                Value::Null => Cow::Borrowed(""),
                Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
                Value::Number(n) => Cow::Owned(n.to_string()),
                Value::String(s) => neutralise(s),
                Value::Array(a) => Cow::Owned(
                    neutralise(
                        &a.iter()
                            .map(|x| match x {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(";"),
                    )
                    .into_owned(),
                ),
                Value::Object(_) => Cow::Owned(neutralise(&v.to_string()).into_owned()),
            })
            .collect();
        self.w
            .write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(failed)
    }

    /// What has been written since the last call (for a streamed file).
    pub fn take(&mut self) -> Result<Vec<u8>, AppError> {
        self.w.flush().map_err(failed)?;
        Ok(std::mem::take(&mut *self.out.0.lock().expect("csv sink")))
    }

    /// The whole document (what `take` has not given yet).
    pub fn finish(mut self) -> Result<Vec<u8>, AppError> {
        self.take()
    }
}

/// A whole document of text rows.
pub fn text(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    let mut csv = Csv::new(header)?;
    for r in rows {
        csv.text_row(r)?;
    }
    csv.finish()
}

/// A CSV download: public ones may be kept a minute, the staff's never.
pub fn response(filename: &str, bytes: Vec<u8>, public: bool) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (
                header::CACHE_CONTROL,
                if public {
                    "public, max-age=60"
                } else {
                    "private, no-store"
                }
                .to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formula_cells_are_neutralised_whatever_their_form() {
        for bad in [
            "=1+1",
            "+33",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "  =cmd|' /C calc'!A0",
            "＝1+1",
            "＋33",
            "－2",
            "＠SUM(A1)",
            " ＠x",
        ] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        for good in ["ok", "1", "فكرة", "<script>alert(1)</script>", "", "a=b"] {
            assert_eq!(neutralise(good), good);
        }
    }

    fn one_row(v: &[Value]) -> String {
        let mut c = Csv::new(&vec!["x"; v.len()]).unwrap();
        c.take().unwrap();
        c.json_row(v).unwrap();
        String::from_utf8(c.finish().unwrap()).unwrap()
    }

    #[test]
    fn json_cells_keep_numbers_and_quote_as_rfc_4180_says() {
        assert_eq!(one_row(&[json!("=SUM(A1)")]), "'=SUM(A1)\r\n");
        assert_eq!(one_row(&[json!("－2")]), "'－2\r\n");
        assert_eq!(one_row(&[json!(-2.5)]), "-2.5\r\n");
        assert_eq!(
            one_row(&[json!("a,b"), json!(null), json!(true)]),
            "\"a,b\",,true\r\n"
        );
        assert_eq!(one_row(&[json!("say \"hi\"")]), "\"say \"\"hi\"\"\"\r\n");
        assert_eq!(one_row(&[json!(["a", "b"])]), "a;b\r\n");
        assert_eq!(one_row(&[json!("سطر\nثان")]), "\"سطر\nثان\"\r\n");
    }

    #[test]
    fn a_document_starts_with_the_mark_and_its_header() {
        let bytes = text(&["a", "b"], &[vec!["1".into(), "=x".into()]]).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}a,b\r\n1,'=x\r\n"
        );
    }
}
