//! A real SMTP server for the tests: `smtp_sink.py` (aiosmtpd) started on a
//! free loopback port, with rules by recipient (`tempfail-N…@` answers 451
//! N times, `reject…@` 550, `slow…@` takes 200 ms), storing every accepted
//! message as JSON that the tests read back. The worker is tested against
//! SMTP as a relay speaks it, not against a mock.
//!
//! The sink runs from the virtualenv `tests/.venv`; when it is missing, the
//! first test that needs it creates it (what `tests/scripts/test.sh` does
//! ahead of time).

use std::{
    net::{TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

/// The pinned sink dependencies (keep in step with tests/scripts/test.sh).
const REQUIREMENTS: &[&str] = &["aiosmtpd==1.4.6", "atpublic==9.0.0", "attrs==26.1.0"];

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The virtualenv's python with aiosmtpd importable; made once per process.
fn python() -> PathBuf {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let venv = tests_dir().join(".venv");
            let py = venv.join("bin/python");
            let ready = |py: &PathBuf| {
                Command::new(py)
                    .args(["-c", "import aiosmtpd"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
            };
            if ready(&py) {
                return Ok(py);
            }
            let run = |cmd: &mut Command| -> Result<(), String> {
                let status = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
                status
                    .success()
                    .then_some(())
                    .ok_or_else(|| format!("{cmd:?} failed: {status}"))
            };
            run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
            run(Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet"])
                .args(REQUIREMENTS))?;
            ready(&py)
                .then_some(py)
                .ok_or_else(|| "aiosmtpd still not importable from tests/.venv".into())
        })
        .clone()
        .unwrap_or_else(|e| {
            panic!(
                "cannot prepare the SMTP sink's virtualenv ({e}); run: \
                 python3 -m venv tests/.venv && tests/.venv/bin/pip install {}",
                REQUIREMENTS.join(" ")
            )
        })
}

/// One message the sink accepted.
#[derive(Debug, Clone)]
pub struct SinkMessage {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub message_id: String,
    pub subject: String,
    pub from: String,
    pub to: String,
    /// Of the whole message: `multipart/alternative` for the worker's mail.
    pub content_type: String,
    pub content_language: String,
    /// (content type, decoded body) of each leaf part, in order.
    pub parts: Vec<(String, String)>,
    pub raw: String,
}

impl SinkMessage {
    fn from_json(v: serde_json::Value) -> Self {
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        SinkMessage {
            mail_from: s("mail_from"),
            rcpt_tos: v["rcpt_tos"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect(),
            message_id: s("message_id"),
            subject: s("subject"),
            from: s("from"),
            to: s("to"),
            content_type: s("content_type"),
            content_language: s("content_language"),
            parts: v["parts"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    (
                        p["content_type"].as_str().unwrap_or_default().to_owned(),
                        p["body"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
            raw: s("raw"),
        }
    }

    fn part(&self, content_type: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|(t, _)| t == content_type)
            .map(|(_, b)| b.as_str())
    }
    pub fn text(&self) -> Option<&str> {
        self.part("text/plain")
    }
    pub fn html(&self) -> Option<&str> {
        self.part("text/html")
    }
}

/// A running sink; killed, and its messages deleted, on drop.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: PathBuf,
}

impl SmtpSink {
    /// Starts a sink on a free port and waits until it accepts connections.
    pub async fn start() -> Self {
        let python = python();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("infitah-smtp-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Command::new(python)
            .arg(tests_dir().join("support/smtp_sink.py"))
            .arg("--port")
            .arg(port.to_string())
            .arg("--dir")
            .arg(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("start smtp_sink.py");
        let mut sink = SmtpSink { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return sink;
            }
            if let Ok(Some(status)) = sink.child.try_wait() {
                panic!("smtp_sink.py exited before listening: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "smtp_sink.py is not listening on port {port} after 15 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The URL for `smtp_url`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// What it accepted so far, in order of arrival.
    pub fn messages(&self) -> Vec<SinkMessage> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                SinkMessage::from_json(serde_json::from_str(&text).unwrap())
            })
            .collect()
    }

    /// Waits until at least `n` messages arrived; panics after `timeout`.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<SinkMessage> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "expected {n} message(s) within {timeout:?}, got {}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
