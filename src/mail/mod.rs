//! The mailer: lettre over SMTP, or `.eml` files in a folder when no SMTP is configured.

pub mod digest;
pub mod emails;
pub mod outbox;

use crate::config::MailTarget;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Mailer {
    pub fn new(target: &MailTarget) -> anyhow::Result<Self> {
        Ok(match target {
            MailTarget::Smtp(url) => Mailer::Smtp(AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build()),
            MailTarget::Folder(dir) => {
                std::fs::create_dir_all(dir)?;
                Mailer::Files(dir.clone())
            }
        })
    }

    /// Where mail goes, in words for the console.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(_) => "serveur SMTP configuré".to_string(),
            Mailer::Files(dir) => format!("fichiers .eml dans {}", dir.display()),
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), MailError> {
        match self {
            Mailer::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| MailError {
                permanent: e.is_permanent(),
                text: e.to_string(),
            }),
            Mailer::Files(dir) => AsyncFileTransport::<Tokio1Executor>::new(dir)
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError {
                    permanent: false,
                    text: e.to_string(),
                }),
        }
    }
}

/// Why an e-mail was not sent; a permanent refusal (SMTP 5xx) is not retried.
#[derive(Debug)]
pub struct MailError {
    pub permanent: bool,
    pub text: String,
}

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}
