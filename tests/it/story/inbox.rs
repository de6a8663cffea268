//! The story's e-mails go through a real SMTP server (aiosmtpd, a maildir): the outbox is
//! delivered to it as the background worker would, and people open the links they received.

use crate::helpers::{TestApp, decode_quoted_printable};
use crate::mail::SmtpServer;
use binome::config::MailTarget;
use binome::mail::{Mailer, outbox::deliver_due};
use std::path::PathBuf;

pub struct Inbox {
    server: Option<SmtpServer>,
    maildir: PathBuf,
    mailer: Mailer,
    _dir: tempfile::TempDir,
}

impl Inbox {
    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("maildir");
        let server = SmtpServer::start(port, &maildir);
        let mailer = Mailer::new(&MailTarget::Smtp(format!("smtp://127.0.0.1:{port}"))).unwrap();
        Self {
            server: Some(server),
            maildir,
            mailer,
            _dir: dir,
        }
    }

    /// One pass of the outbox at `now_ms`, to the SMTP server; returns how many were sent.
    pub async fn deliver(&self, app: &TestApp, now_ms: i64) -> usize {
        let delivery = deliver_due(&app.db, &self.mailer, &app.config().mail_from, now_ms)
            .await
            .unwrap();
        assert_eq!(delivery.failed, 0, "the SMTP server accepts every e-mail");
        delivery.sent
    }

    /// The messages the server received for `address` (decoded), in the order it received them.
    pub fn to(&self, address: &str) -> Vec<String> {
        // A maildir file is named "<seconds>.M<µs>P<pid>Q<counter>.<host>": the counter of the
        // one server process orders the messages.
        let order = |name: &str| -> (u64, u64) {
            let seconds = name.split('.').next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let counter = name
                .split_once('Q')
                .and_then(|(_, rest)| rest.split('.').next()?.parse().ok())
                .unwrap_or(0);
            (seconds, counter)
        };
        let mut found: Vec<((u64, u64), String)> = std::fs::read_dir(self.maildir.join("new"))
            .map(|d| d.filter_map(|e| e.ok()).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let text = decode_quoted_printable(&std::fs::read_to_string(e.path()).ok()?);
                let to_them = text
                    .lines()
                    .any(|l| l.to_ascii_lowercase().starts_with("to:") && l.contains(address));
                to_them.then(|| (order(&name), text))
            })
            .collect();
        found.sort_by_key(|(o, _)| *o);
        found.into_iter().map(|(_, t)| t).collect()
    }

    /// The latest message to `address` that links to `path_prefix`.
    pub fn last_with(&self, app: &TestApp, address: &str, path_prefix: &str) -> String {
        let wanted = app.url(path_prefix);
        self.to(address)
            .into_iter()
            .rev()
            .find(|m| m.contains(&wanted))
            .unwrap_or_else(|| panic!("no e-mail to {address} received by the SMTP server links to {path_prefix}"))
    }

    /// The link to `path_prefix` in that message, as a full address.
    pub fn link(&self, app: &TestApp, address: &str, path_prefix: &str) -> String {
        let message = self.last_with(app, address, path_prefix);
        let wanted = app.url(path_prefix);
        let start = message.find(&wanted).unwrap() + wanted.len();
        let rest: String = message[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
            .collect();
        format!("{wanted}{rest}")
    }

    pub fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
    }
}

impl Drop for Inbox {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
    }
}
