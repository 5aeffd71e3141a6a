//! Passwords: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane),
//! hashed on the blocking pool behind a semaphore so that a burst of sign-ins
//! can use at most a bounded share of the machine while pages keep serving.
//! Hashes carry their parameters, so a change of parameters is noticed at the
//! next sign-in and the hash is redone.

use std::{
    collections::HashSet,
    sync::{Arc, LazyLock},
};

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::{SaltString, rand_core::OsRng},
};
use tokio::sync::Semaphore;

/// OWASP Password Storage Cheat Sheet, argon2id: m=19456 KiB, t=2, p=1.
pub const MEMORY_KIB: u32 = 19_456;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;
pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid argon2 parameters"),
    )
}

/// Why a new password is refused (the message key of each language's file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    TooLong,
    Common,
}

impl Weakness {
    pub fn message_id(self) -> &'static str {
        match self {
            Weakness::TooShort => "password-too-short",
            Weakness::TooLong => "password-too-long",
            Weakness::Common => "password-common",
        }
    }
}

/// Checks a new password: 12 to 128 characters, no composition rules, and not
/// a common password (nor one followed by digits and punctuation, nor one repeated).
pub fn check_strength(password: &str) -> Result<(), Weakness> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return Err(Weakness::TooShort);
    }
    if n > MAX_CHARS {
        return Err(Weakness::TooLong);
    }
    let lower = password.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let common = |s: &str| COMMON.contains(s);
    let repeated = (1..=lower.len() / 2).any(|k| {
        lower.len().is_multiple_of(k)
            && lower.is_char_boundary(k)
            && lower[..k].repeat(lower.len() / k) == lower
            && common(&lower[..k])
    });
    // A listed password followed only by digits and punctuation ("1234567890123").
    let padded = lower
        .char_indices()
        .map(|(i, _)| i)
        .filter(|i| *i >= 6)
        .any(|i| {
            common(&lower[..i])
                && lower[i..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation())
        });
    let single = lower
        .chars()
        .all(|c| c == lower.chars().next().unwrap_or(' '));
    if common(&lower) || (stem.len() >= 4 && common(stem)) || repeated || padded || single {
        return Err(Weakness::Common);
    }
    Ok(())
}

/// Hashing and verifying, with bounded concurrency.
#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    dummy: Arc<String>,
}

impl Passwords {
    /// `concurrency` hashes at most run at once (the rest wait their turn).
    pub fn new(concurrency: usize) -> Self {
        let dummy = argon2()
            .hash_password(
                b"infitah dummy password for unknown accounts",
                &SaltString::generate(&mut OsRng),
            )
            .expect("hash the dummy password")
            .to_string();
        Passwords {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: Arc::new(dummy),
        }
    }

    async fn blocking<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> T {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("semaphore never closes");
        tokio::task::spawn_blocking(f)
            .await
            .expect("password task panicked")
    }

    pub async fn hash(&self, password: &str) -> String {
        let password = password.to_owned();
        self.blocking(move || {
            argon2()
                .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
                .expect("argon2 hashing cannot fail with valid parameters")
                .to_string()
        })
        .await
    }

    /// Verifies `password` against `stored`; with no stored hash (unknown
    /// account), verifies against a dummy so both take the same time.
    /// Returns (matches, needs_rehash).
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> (bool, bool) {
        let known = stored.is_some();
        let stored = stored
            .map(str::to_owned)
            .unwrap_or_else(|| self.dummy.as_str().to_owned());
        let password = password.to_owned();
        self.blocking(move || {
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return (false, false);
            };
            let ok = argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
                && known;
            let current = Params::try_from(&parsed).ok();
            let stale = parsed.algorithm.as_str() != "argon2id"
                || current.is_none_or(|p| {
                    p.m_cost() < MEMORY_KIB || p.t_cost() < PASSES || p.p_cost() < LANES
                });
            (ok, ok && stale)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_rules() {
        assert_eq!(check_strength("short"), Err(Weakness::TooShort));
        assert_eq!(check_strength(&"a".repeat(129)), Err(Weakness::TooLong));
        assert!(check_strength(&"ab1".repeat(40)).is_ok());
        for common in [
            "passwordpassword",
            "Password1234",
            "dragon123456!",
            "123qweasdzxc",
            "aaaaaaaaaaaaaa",
            "1234567890123",
        ] {
            assert_eq!(check_strength(common), Err(Weakness::Common), "{common}");
        }
        // No composition rules: a long lower-case passphrase is fine, in any script.
        assert!(check_strength("correct horse battery staple").is_ok());
        assert!(check_strength("المشاركة المواطنة في القنيطرة").is_ok());
    }

    #[tokio::test]
    async fn hashes_are_argon2id_with_owasp_parameters() {
        let p = Passwords::new(2);
        let h = p.hash("correct horse battery staple").await;
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert_eq!(
            p.verify("correct horse battery staple", Some(&h)).await,
            (true, false)
        );
        assert_eq!(
            p.verify("wrong horse battery staple", Some(&h)).await,
            (false, false)
        );
        assert_eq!(
            p.verify("correct horse battery staple", None).await,
            (false, false)
        );
        // A weaker stored hash is accepted and flagged for rehashing.
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(
            b"correct horse battery staple",
            &SaltString::generate(&mut OsRng),
        )
        .unwrap()
        .to_string();
        assert_eq!(
            p.verify("correct horse battery staple", Some(&weak)).await,
            (true, true)
        );
    }
}
