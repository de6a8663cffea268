//! A crash in the middle of a mailing: `kill -9` of the real `binome` process while it sends
//! 10,000 due check-in e-mails to a real SMTP server. After a restart every e-mail arrives;
//! a duplicate can only be one that was in flight at the kill, and it keeps its Message-ID.

use crate::helpers::{TestApp, in_ci};
use crate::mail::{SmtpServer, aiosmtpd_available, message_id, received};
use crate::on_both_backends;
use binome::db;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EMAILS: usize = 10_000;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `binome serve` on the test's database, sending through the SMTP server on `smtp_port`.
fn serve(database_url: &str, smtp_port: u16, dir: &Path) -> Child {
    let log = std::fs::File::create(dir.join(format!("binome-{}.log", free_port()))).unwrap();
    Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(["serve", "--listen", &format!("127.0.0.1:{}", free_port())])
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
        .env("BINOME_MAIL_TICK", "1")
        .stdout(log.try_clone().map_or(Stdio::null(), Stdio::from))
        .stderr(Stdio::from(log))
        .spawn()
        .expect("binome starts")
}

fn count_received(maildir: &Path) -> usize {
    std::fs::read_dir(maildir.join("new")).map(|d| d.count()).unwrap_or(0)
}

async fn statuses(app: &TestApp) -> std::collections::BTreeMap<String, i64> {
    db::outbox::count_by_status(&app.db).await.unwrap()
}

/// `count` check-in e-mails, due now, as the scheduler writes them.
async fn due_checkin_emails(app: &TestApp, count: usize) {
    let now = binome::epoch_ms(chrono::Utc::now());
    let mut batch = Vec::new();
    for n in 0..count {
        let to = format!("benevole{n}@exemple.fr");
        let link = format!("http://binome.test/point/{n:032x}");
        let key = format!("checkin:{n}:request");
        batch.push(binome::mail::emails::checkin(&to, "Lucie", "Denise", &link, false, false, key).unwrap());
        if batch.len() == 500 {
            db::outbox::enqueue_now(&app.db, &batch, None, now).await.unwrap();
            batch.clear();
        }
    }
    db::outbox::enqueue_now(&app.db, &batch, None, now).await.unwrap();
}

async fn a_crash_while_sending_loses_no_email_and_duplicates_only_what_was_in_flight(app: TestApp) {
    if !aiosmtpd_available() {
        assert!(
            !in_ci(),
            "CI=true: python3-aiosmtpd is required (scripts/install-test-tools.sh)"
        );
        eprintln!("skipped: no aiosmtpd (apt-get install python3-aiosmtpd)");
        return;
    }
    due_checkin_emails(&app, EMAILS).await;
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("maildir");
    let smtp_port = free_port();
    let smtp = SmtpServer::start(smtp_port, &maildir);

    let mut first = serve(app.database_url(), smtp_port, dir.path());
    let deadline = Instant::now() + Duration::from_secs(120);
    while count_received(&maildir) < 2_013 {
        assert!(Instant::now() < deadline, "the first instance sends");
        std::thread::sleep(Duration::from_millis(5));
    }
    first.kill().unwrap(); // SIGKILL: no shutdown, no release of the claimed rows
    first.wait().unwrap();
    let at_kill = statuses(&app).await;
    let in_flight = *at_kill.get("sending").unwrap_or(&0) as usize;
    let sent_at_kill = *at_kill.get("sent").unwrap_or(&0) as usize;
    assert!(
        sent_at_kill < EMAILS,
        "killed in the middle of the mailing: {at_kill:?}"
    );

    // Restarted: on PostgreSQL the claims of the dead process are taken over once their
    // lease has run out; on a SQLite file the lock proves it is dead and they restart at once.
    let mut second = serve(app.database_url(), smtp_port, dir.path());
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let now = statuses(&app).await;
        if now.get("sent").copied().unwrap_or(0) as usize == EMAILS {
            break;
        }
        if Instant::now() > deadline {
            for log in std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()) {
                if log.path().extension().is_some_and(|x| x == "log") {
                    eprintln!("{}", std::fs::read_to_string(log.path()).unwrap_or_default());
                }
            }
            panic!("everything is sent after the restart: {now:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let _ = second.kill();
    let _ = second.wait();
    // Let the SMTP server finish writing what it accepted.
    std::thread::sleep(Duration::from_millis(500));
    smtp.stop();

    let mut copies: HashMap<String, usize> = HashMap::new();
    for raw in received(&maildir) {
        *copies
            .entry(message_id(&raw).expect("every e-mail has a Message-ID"))
            .or_default() += 1;
    }
    let stored = db::outbox::message_ids(&app.db).await.unwrap();
    assert_eq!(stored.len(), EMAILS);
    let missing = stored.iter().filter(|id| !copies.contains_key(*id)).count();
    assert_eq!(missing, 0, "no e-mail lost");
    assert_eq!(
        copies.len(),
        EMAILS,
        "every e-mail received carries a Message-ID of the outbox"
    );
    let duplicates: usize = copies.values().map(|n| n - 1).sum();
    assert!(
        duplicates <= in_flight,
        "{duplicates} duplicates, {in_flight} in flight at the kill"
    );
    eprintln!("crash test: {sent_at_kill} sent before the kill, {in_flight} in flight, {duplicates} duplicate(s)");
}

/// SIGTERM (what `systemctl stop` sends) in the middle of a mailing: the real binary
/// finishes the e-mails in hand, gives the rest of its claim back and exits cleanly; nothing
/// is left "sending", nothing is sent twice, and what it gave back is still there to send.
async fn sigterm_finishes_what_is_in_hand_and_gives_the_rest_back(app: TestApp) {
    if !aiosmtpd_available() {
        assert!(!in_ci(), "CI=true: python3-aiosmtpd is required");
        eprintln!("skipped: no aiosmtpd (apt-get install python3-aiosmtpd)");
        return;
    }
    const MAILING: usize = 3_000;
    due_checkin_emails(&app, MAILING).await;
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("maildir");
    let smtp_port = free_port();
    let smtp = SmtpServer::start(smtp_port, &maildir);

    let mut binome = serve(app.database_url(), smtp_port, dir.path());
    let deadline = Instant::now() + Duration::from_secs(120);
    while count_received(&maildir) < 300 {
        assert!(Instant::now() < deadline, "the instance sends");
        std::thread::sleep(Duration::from_millis(5));
    }
    let term = Command::new("kill")
        .args(["-TERM", &binome.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(40);
    let exit = loop {
        if let Some(status) = binome.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "binome stops within its 30-second grace");
        std::thread::sleep(Duration::from_millis(50));
    };
    std::thread::sleep(Duration::from_millis(500));
    smtp.stop();
    assert!(exit.success(), "a clean exit: {exit:?}");

    let after = statuses(&app).await;
    let sent = *after.get("sent").unwrap_or(&0) as usize;
    let pending = *after.get("pending").unwrap_or(&0) as usize;
    assert_eq!(after.get("sending"), None, "nothing left claimed: {after:?}");
    assert!(sent < MAILING && pending > 0, "stopped in the middle: {after:?}");
    assert_eq!(sent + pending, MAILING, "{after:?}");
    let received = received(&maildir);
    assert_eq!(
        received.len(),
        sent,
        "each e-mail marked sent arrived once, nothing else did"
    );
}

on_both_backends!(
    a_crash_while_sending_loses_no_email_and_duplicates_only_what_was_in_flight,
    sigterm_finishes_what_is_in_hand_and_gives_the_rest_back
);
