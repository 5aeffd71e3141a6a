//! The file's lines as types: its header, each collectivity, each section of
//! rows and its end; read back line by line, bounded.

use super::*;

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Header {
    pub(super) format: String,
    pub(super) format_version: u32,
    /// The last migration applied where the file was written.
    pub(super) schema_version: i64,
    #[serde(default)]
    pub(super) schema_description: String,
    /// The snapshot's time (the export transaction's start), UTC.
    pub(super) exported_at: String,
    pub(super) collectivity: Collectivity,
    #[serde(default)]
    pub(super) warning: String,
}

pub(super) const WARNING: &str = "a backup: it holds password hashes and personal data";

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Collectivity {
    pub(super) id: Uuid,
    pub(super) slug: String,
    pub(super) kind: String,
    pub(super) hcp_code: Option<String>,
    pub(super) name_fr: String,
    /// Found again by HCP code (else slug) where the file is restored.
    pub(super) parent: Option<ParentInfo>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct ParentInfo {
    pub(super) slug: String,
    pub(super) hcp_code: Option<String>,
    pub(super) kind: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct Section {
    pub(super) table: String,
    #[serde(default)]
    pub(super) registry: bool,
    pub(super) columns: Vec<String>,
    pub(super) rows: u64,
}

/// The last line: what the file holds, so that a truncated one is refused.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct End {
    pub(super) end: bool,
    pub(super) tables: usize,
    pub(super) rows: u64,
}

/// The file, a line at a time, with line numbers for the messages.
pub(super) struct Lines<'a> {
    pub(super) input: &'a mut dyn BufRead,
    pub(super) line: String,
    pub(super) number: usize,
}

impl Lines<'_> {
    /// Reads the next line, without its line break, into `self.line`;
    /// false at the end of the file.
    pub(super) fn advance(&mut self) -> anyhow::Result<bool> {
        self.line.clear();
        if self.input.read_line(&mut self.line)? == 0 {
            return Ok(false);
        }
        self.number += 1;
        let len = self.line.trim_end_matches(['\n', '\r']).len();
        self.line.truncate(len);
        Ok(true)
    }

    /// The next line, which must exist.
    pub(super) fn expect(&mut self) -> anyhow::Result<&str> {
        if !self.advance()? {
            return Err(refuse(format!(
                "the file ends at line {} before its end line: it is truncated",
                self.number
            )));
        }
        Ok(&self.line)
    }

    pub(super) fn json<T: serde::de::DeserializeOwned>(&mut self, what: &str) -> anyhow::Result<T> {
        let line = self.expect()?;
        serde_json::from_str(line)
            .map_err(|e| refuse(format!("line {}: expected {what}: {e}", self.number)))
    }

    /// The next line, a row: checked to be a JSON object by its first
    /// character only; PostgreSQL reads it.
    pub(super) fn row(&mut self, table: &str) -> anyhow::Result<&str> {
        self.expect()?;
        if !self.line.starts_with('{') {
            return Err(refuse(format!(
                "line {}: expected a row of {table}",
                self.number
            )));
        }
        Ok(&self.line)
    }
}
