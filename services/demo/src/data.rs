//! The demo's texts are data, not code: `services/demo/data/*.toml`, compiled
//! into the binary and read once. This module holds what the files share.

use infitah_platform::texts::Bilingual;
use serde::{Deserialize, de::DeserializeOwned};

/// A text in Arabic and French.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub ar: String,
    pub fr: String,
}

impl Pair {
    pub fn bilingual(&self) -> Bilingual {
        Bilingual::new(Some(self.ar.clone()), Some(self.fr.clone()))
    }
    pub fn in_(&self, arabic: bool) -> &str {
        if arabic { &self.ar } else { &self.fr }
    }
}

/// A data file, read: a file that does not fit its type is a bug of this
/// crate, caught by its unit tests, never a user's input.
pub fn parse<T: DeserializeOwned>(name: &str, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|e| panic!("services/demo/data/{name}: {e}"))
}

/// `{name}` in a text, replaced by the commune's name.
pub fn named(text: &str, name: &str) -> String {
    text.replace("{name}", name)
}
