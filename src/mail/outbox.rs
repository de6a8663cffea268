//! Delivery of the outbox: one pass sends what is due and settles each row; one bad address
//! never stops the pass. The loop around it runs in `serve`.

use super::Mailer;
use crate::db::{self, Db};
use crate::worker::Stop;
use lettre::Message;
use lettre::message::{MultiPart, header::ContentType};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

fn build(claimed: &db::outbox::Claimed, from: &str) -> anyhow::Result<Message> {
    let builder = Message::builder()
        .from(from.parse()?)
        .to(claimed.to.parse()?)
        .subject(&claimed.subject)
        .message_id(Some(claimed.message_id.clone()));
    Ok(match &claimed.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(claimed.text.clone(), html.clone()))?,
        None => builder.header(ContentType::TEXT_PLAIN).body(claimed.text.clone())?,
    })
}

/// Sends the e-mails due at `now_ms`.
pub async fn deliver_due(db: &Db, mailer: &Mailer, from: &str, now_ms: i64) -> anyhow::Result<Delivery> {
    deliver_due_until(db, mailer, from, now_ms, &Stop::never()).await
}

/// Same, but when `stop` is asked the e-mails in hand are finished and the rest of the claim
/// is released for another instance (or the next start).
pub async fn deliver_due_until(
    db: &Db,
    mailer: &Mailer,
    from: &str,
    now_ms: i64,
    stop: &Stop,
) -> anyhow::Result<Delivery> {
    let mut report = Delivery::default();
    let batch = db::outbox::claim(db, now_ms, 50).await?;
    for (i, group) in batch.chunks(PARALLEL_SENDS).enumerate() {
        if stop.requested() {
            db::outbox::release(db, &batch[i * PARALLEL_SENDS..]).await?;
            break;
        }
        let sends = group.iter().map(|claimed| send_one(db, mailer, from, claimed, now_ms));
        for sent in futures::future::join_all(sends).await {
            if sent? {
                report.sent += 1;
            } else {
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// E-mails sent at the same time: an SMTP exchange mostly waits on the network, and each one
/// uses its own connection from the transport's pool.
const PARALLEL_SENDS: usize = 8;

/// Sends one claimed e-mail and settles its row; true when sent.
async fn send_one(
    db: &Db,
    mailer: &Mailer,
    from: &str,
    claimed: &db::outbox::Claimed,
    now_ms: i64,
) -> anyhow::Result<bool> {
    let outcome = match build(claimed, from) {
        Ok(message) => mailer.send(message).await,
        Err(e) => Err(super::MailError {
            permanent: true,
            text: e.to_string(),
        }),
    };
    match outcome {
        Ok(()) => {
            db::outbox::mark_sent(db, claimed, now_ms).await?;
            Ok(true)
        }
        Err(e) => {
            tracing::warn!(outbox_id = claimed.id, attempts = claimed.attempts, error = %e, "e-mail not sent");
            if db::outbox::mark_failed(db, claimed, &e.text, e.permanent, now_ms).await? {
                alert_dead(db, claimed, now_ms).await?;
            }
            Ok(false)
        }
    }
}

/// An e-mail that will never be sent: the coordinator must reach the person another way.
async fn alert_dead(db: &Db, claimed: &db::outbox::Claimed, now_ms: i64) -> anyhow::Result<()> {
    let Some(person) = (match claimed.person_id {
        Some(id) => db::people::by_id(db, id).await?,
        None => None,
    }) else {
        return Ok(());
    };
    let Some(team_id) = person.team_id else { return Ok(()) };
    let alert = db::checkins::NewAlert {
        team_id,
        pairing_id: None,
        person_id: Some(person.id),
        kind: "dead_email".into(),
        message: format!(
            "Un e-mail à {} n'a pas pu être envoyé (« {} ») : la joindre autrement.",
            person.full_name(),
            claimed.subject
        ),
    };
    db::checkins::raise_alert(db, &alert, now_ms).await?;
    Ok(())
}
