//! E-mail through a real SMTP server (Python's aiosmtpd, from Debian), outages included:
//! nothing is lost, each message keeps its Message-ID across retries.

use crate::helpers::TestApp;
use crate::helpers::in_ci;
use crate::on_both_backends;
use crate::signup::{sign_up, volunteer_fields, with};
use binome::config::MailTarget;
use binome::mail::{Mailer, outbox::deliver_due};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub(crate) const PYTHON: &str = "/usr/bin/python3";

/// An aiosmtpd process storing what it receives in a maildir.
pub(crate) struct SmtpServer {
    child: Child,
}

pub(crate) fn aiosmtpd_available() -> bool {
    Command::new(PYTHON)
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success())
}

/// A handler that refuses every recipient for good (SMTP 550).
const REJECTING_HANDLER: &str = "class Reject:\n    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):\n        return '550 5.1.1 destinataire inconnu'\n";

impl SmtpServer {
    pub(crate) fn start(port: u16, maildir: &Path) -> Self {
        let listen = format!("127.0.0.1:{port}");
        let mut command = Command::new(PYTHON);
        command
            .args(["-m", "aiosmtpd", "-n", "-l", &listen, "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir);
        Self::spawn(port, command)
    }

    fn rejecting(port: u16, dir: &Path) -> Self {
        std::fs::write(dir.join("reject.py"), REJECTING_HANDLER).unwrap();
        let listen = format!("127.0.0.1:{port}");
        let mut command = Command::new(PYTHON);
        command
            .env("PYTHONPATH", dir)
            .args(["-m", "aiosmtpd", "-n", "-l", &listen, "-c", "reject.Reject"]);
        Self::spawn(port, command)
    }

    fn spawn(port: u16, mut command: Command) -> Self {
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Self { child }
    }

    pub(crate) fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn received(maildir: &Path) -> Vec<String> {
    let new = maildir.join("new");
    std::fs::read_dir(&new)
        .map(|d| d.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect())
        .unwrap_or_default()
}

/// The unique part of an e-mail's Message-ID (`<part@domain>`), as the outbox stores it.
pub(crate) fn message_id(raw: &str) -> Option<String> {
    header(raw, "message-id").and_then(|id| id.strip_prefix('<')?.split_once('@').map(|(part, _)| part.to_string()))
}

/// The value of a header of a raw e-mail.
pub(crate) fn header(raw: &str, name: &str) -> Option<String> {
    raw.lines().take_while(|l| !l.is_empty()).find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
    })
}

async fn emails_survive_an_smtp_outage_and_keep_their_message_id(app: TestApp) {
    if !aiosmtpd_available() {
        assert!(
            !in_ci(),
            "CI=true: python3-aiosmtpd is required (scripts/install-test-tools.sh)"
        );
        eprintln!("skipped: {PYTHON} has no aiosmtpd (apt-get install python3-aiosmtpd)");
        return;
    }
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let maildir: PathBuf = tempfile::tempdir().unwrap().keep().join("box");
    let mailer = Mailer::new(&MailTarget::Smtp(format!("smtp://127.0.0.1:{port}"))).unwrap();
    let from = "binome <test@binome.invalid>";
    let server = SmtpServer::start(port, &maildir);

    sign_up(&app, &volunteer_fields("lucie@exemple.fr")).await;
    let now = binome::epoch_ms(chrono::Utc::now());
    assert_eq!(deliver_due(&app.db, &mailer, from, now).await.unwrap().sent, 1);
    let first = received(&maildir);
    assert_eq!(first.len(), 1);
    assert!(first[0].contains("lucie@exemple.fr") && first[0].contains("Confirmez votre adresse e-mail"));

    // The server goes down: the e-mail waits, nothing is lost.
    server.stop();
    sign_up(
        &app,
        &with(
            &with(&volunteer_fields("marc@exemple.fr"), "submission_key", "cle-2"),
            "first_name",
            "Marc",
        ),
    )
    .await;
    let now = binome::epoch_ms(chrono::Utc::now());
    let failed = deliver_due(&app.db, &mailer, from, now).await.unwrap();
    assert_eq!((failed.sent, failed.failed), (0, 1));
    let stored_id = binome::db::outbox::message_ids(&app.db).await.unwrap().pop().unwrap();

    // Back up: the retry waits for its backoff, then sends once, with the same Message-ID.
    let server = SmtpServer::start(port, &maildir);
    assert_eq!(
        deliver_due(&app.db, &mailer, from, now).await.unwrap().sent,
        0,
        "not before the backoff"
    );
    assert_eq!(
        deliver_due(&app.db, &mailer, from, now + 10 * 60_000)
            .await
            .unwrap()
            .sent,
        1
    );
    assert_eq!(
        deliver_due(&app.db, &mailer, from, now + 60 * 60_000)
            .await
            .unwrap()
            .sent,
        0,
        "sent once"
    );
    let all = received(&maildir);
    assert_eq!(all.len(), 2);
    let marc = all.iter().find(|m| m.contains("marc@exemple.fr")).unwrap();
    assert_eq!(message_id(marc), Some(stored_id.clone()));
    // On the sender's own domain, never a made-up one; marked as sent by a machine.
    assert_eq!(
        header(marc, "message-id"),
        Some(format!("<{stored_id}@binome.invalid>"))
    );
    assert_eq!(header(marc, "auto-submitted").as_deref(), Some("auto-generated"));
    server.stop();

    // A server that refuses the address for good: no retry, "dead", and an alert.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = SmtpServer::rejecting(port, maildir.parent().unwrap());
    let refusing = Mailer::new(&MailTarget::Smtp(format!("smtp://127.0.0.1:{port}"))).unwrap();
    sign_up(
        &app,
        &with(
            &with(&volunteer_fields("zoe@exemple.fr"), "submission_key", "cle-3"),
            "first_name",
            "Zoé",
        ),
    )
    .await;
    let now = binome::epoch_ms(chrono::Utc::now());
    assert_eq!(deliver_due(&app.db, &refusing, from, now).await.unwrap().failed, 1);
    assert_eq!(
        deliver_due(&app.db, &refusing, from, now + 24 * 3_600_000)
            .await
            .unwrap()
            .failed,
        0,
        "not retried"
    );
    let team = binome::db::teams::list(&app.db).await.unwrap()[0].id;
    let alerts = binome::db::checkins::open_alerts(&app.db, &[team]).await.unwrap();
    // Zoé never confirmed her address: nobody proved it was hers, so the desk is not
    // alerted (a flood of made-up addresses must not flood it); her sign-up is purged
    // with its link. A dead e-mail to someone taking part does alert (security.rs).
    assert!(
        alerts
            .iter()
            .all(|a| a.kind != binome::domain::alert::AlertKind::DeadEmail),
        "{alerts:?}"
    );
    server.stop();
}

on_both_backends!(emails_survive_an_smtp_outage_and_keep_their_message_id);

/// « Répondez à l'équipe » works: a reply reaches the team that follows the person, not the
/// service's no-reply address; a person whose team has no address gets no Reply-To.
async fn a_reply_to_an_email_reaches_the_persons_team(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    binome::db::teams::set_contact(
        &app.db,
        team,
        &binome::db::teams::Contact {
            phone: Some("0465710015".into()),
            email: Some("binomes@ccas-mauriac.fr".into()),
        },
    )
    .await
    .unwrap();
    app.create_team("Antenne d'Aurillac", &["15014"]).await;
    sign_up(&app, &volunteer_fields("lucie@exemple.fr")).await;
    let elsewhere = with(
        &with(&volunteer_fields("marc@exemple.fr"), "submission_key", "cle-2"),
        "commune",
        "Aurillac (15)",
    );
    sign_up(&app, &elsewhere).await;
    app.deliver_emails().await;

    let lucie = app.emails_to("lucie@exemple.fr").pop().expect("Lucie's e-mail");
    assert_eq!(header(&lucie, "reply-to").as_deref(), Some("binomes@ccas-mauriac.fr"));
    assert_eq!(header(&lucie, "auto-submitted").as_deref(), Some("auto-generated"));
    assert!(
        header(&lucie, "message-id").is_some_and(|id| id.ends_with("@binome.invalid>")),
        "{lucie}"
    );
    let marc = app.emails_to("marc@exemple.fr").pop().expect("Marc's e-mail");
    assert_eq!(header(&marc, "reply-to"), None, "the Aurillac team gave no address");
}

on_both_backends!(a_reply_to_an_email_reaches_the_persons_team);
