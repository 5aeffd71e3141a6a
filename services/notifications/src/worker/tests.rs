use super::*;

fn cfg() -> WorkerConfig {
    WorkerConfig {
        poll: Duration::from_millis(500),
        batch: 20,
        max_attempts: 8,
        lease: WorkerConfig::DEFAULT_LEASE,
        retry_base: WorkerConfig::DEFAULT_RETRY_BASE,
        retry_max: WorkerConfig::DEFAULT_RETRY_MAX,
        smtp_timeout: WorkerConfig::DEFAULT_SMTP_TIMEOUT,
        smtp_url: SecretString::from("smtp://127.0.0.1:1025"),
        mail_from: "infitah <no-reply@localhost>".into(),
        base_domain: "localhost".into(),
        public_scheme: "http".into(),
        public_port: 8080,
        secret_key: SecretString::from("a-test-secret-of-at-least-32-characters!"),
        schedule: Schedule::default(),
    }
}

#[test]
fn backoff_doubles_from_ten_seconds_up_to_an_hour() {
    let c = cfg();
    assert_eq!(c.backoff(1), Duration::from_secs(10));
    assert_eq!(c.backoff(2), Duration::from_secs(20));
    assert_eq!(c.backoff(9), Duration::from_secs(2560));
    assert_eq!(c.backoff(10), Duration::from_secs(3600));
    assert_eq!(c.backoff(1000), Duration::from_secs(3600));
}

#[test]
fn origins_follow_the_public_port() {
    let mut c = cfg();
    assert_eq!(
        c.origin("kenitra.localhost"),
        "http://kenitra.localhost:8080"
    );
    c.public_scheme = "https".into();
    c.public_port = 443;
    assert_eq!(c.origin("kenitra.ma"), "https://kenitra.ma");
}

#[test]
fn a_lease_shorter_than_two_timeouts_is_refused() {
    let mut c = cfg();
    assert!(c.check().is_ok());
    c.lease = Duration::from_secs(45);
    assert!(c.check().is_err());
}

#[test]
fn long_reasons_are_clipped_on_a_character_boundary() {
    let s = "é".repeat(800);
    let c = clip(&s);
    assert!(c.len() <= 1004 && c.ends_with('…'));
}
