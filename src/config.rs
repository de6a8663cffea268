//! Configuration, read once in `main` from the command line and the environment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Where e-mails go.
#[derive(Clone)]
pub enum MailTarget {
    /// An SMTP server URL (`smtp://user:pass@host:587?tls=required`, `smtps://…`).
    Smtp(String),
    /// `.eml` files in this folder, when no SMTP server is configured.
    Folder(PathBuf),
}

impl std::fmt::Debug for MailTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MailTarget::Smtp(_) => f.write_str("Smtp(<hidden>)"),
            MailTarget::Folder(p) => write!(f, "Folder({})", p.display()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    /// The public address of the service, used in printed and e-mailed links.
    pub base_url: String,
    pub mail: MailTarget,
    pub mail_from: String,
    /// How many reverse proxies of yours stand in front: the client's address is the entry of
    /// `X-Forwarded-For` that many places from the right (0: the header is ignored).
    pub trust_proxy: u8,
    /// Volunteer sign-ups accepted per hour for the whole service.
    pub signups_per_hour: u64,
    /// How often the scheduler looks for due jobs (it catches up on everything overdue).
    pub tick: Duration,
    /// How often the outbox looks for e-mails to send when it found none last time.
    pub mail_tick: Duration,
    /// SHA-256 (hex) of the bearer token that opens `/metrics` from elsewhere than the machine
    /// itself; the token itself is never kept.
    pub metrics_token_sha256: Option<String>,
    /// Folder of the SMS of teams without an SMSC (one file per SMS).
    pub sms_dir: PathBuf,
    /// How often the SMS worker sends what is due and asks each team's SMSC for answers.
    pub sms_tick: Duration,
    /// The backup the service takes itself once a day, if set.
    pub daily_backup: Option<DailyBackup>,
}

/// `BINOME_SAUVEGARDE_DOSSIER` and its companions: where, when (Paris time) and how many.
#[derive(Debug, Clone)]
pub struct DailyBackup {
    pub dir: PathBuf,
    pub at: chrono::NaiveTime,
    pub keep: u32,
}

impl Config {
    /// Cookies get the `Secure` flag whenever the public address is HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }
}
