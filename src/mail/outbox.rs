//! Delivery of the outbox: one pass sends what is due and settles each row; one bad address
//! never stops the pass. The loop around it runs in `serve`.

use super::Mailer;
use crate::db::{self, Db};
use crate::worker::Stop;
use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no out-of-office reply or loop comes back.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_string())
    }
}

/// The Message-ID on the sender's own domain (spam filters distrust a foreign or made-up one).
/// Rows stored before this carried a whole `<…@binome>` id: they keep it.
pub fn message_id_on(stored: &str, from: &Mailbox) -> String {
    if stored.starts_with('<') {
        stored.to_string()
    } else {
        format!("<{stored}@{}>", from.email.domain())
    }
}

/// The e-mail as sent: from the service's no-reply address, with replies going to the team
/// that follows the person (`reply_to`), when it has an address.
fn build(claimed: &db::outbox::Claimed, from: &str, reply_to: Option<&str>) -> anyhow::Result<Message> {
    let from: Mailbox = from.parse()?;
    let mut builder = Message::builder()
        .message_id(Some(message_id_on(&claimed.message_id, &from)))
        .from(from)
        .to(claimed.to.parse()?)
        .subject(&claimed.subject)
        .header(AutoSubmitted);
    if let Some(reply_to) = reply_to.and_then(|a| a.parse::<Mailbox>().ok()) {
        builder = builder.reply_to(reply_to);
    }
    Ok(match (&claimed.html, &claimed.ics) {
        (Some(html), Some(ics)) => builder.multipart(
            MultiPart::mixed()
                .multipart(MultiPart::alternative_plain_html(claimed.text.clone(), html.clone()))
                .singlepart(calendar_part(ics)?),
        )?,
        (Some(html), None) => {
            builder.multipart(MultiPart::alternative_plain_html(claimed.text.clone(), html.clone()))?
        }
        (None, _) => builder.header(ContentType::TEXT_PLAIN).body(claimed.text.clone())?,
    })
}

/// A calendar file as an attachment `rencontre.ics`, typed with its method so that mail
/// programs offer to add it to the calendar (or to remove it, for a cancellation).
fn calendar_part(ics: &str) -> anyhow::Result<lettre::message::SinglePart> {
    use crate::domain::meeting::calendar::Method;
    let method = Method::of(ics).unwrap_or(Method::Publish).code();
    let content_type = ContentType::parse(&format!("text/calendar; method={method}; charset=utf-8"))?;
    Ok(lettre::message::Attachment::new("rencontre.ics".to_string()).body(ics.to_string(), content_type))
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
    let mut dead = Vec::new();
    for (i, group) in batch.chunks(PARALLEL_SENDS).enumerate() {
        if stop.requested() {
            db::outbox::release(db, &batch[i * PARALLEL_SENDS..]).await?;
            break;
        }
        let sends = group.iter().map(|claimed| send_one(db, mailer, from, claimed, now_ms));
        for (claimed, sent) in group.iter().zip(futures::future::join_all(sends).await) {
            match sent? {
                Sent::Yes => report.sent += 1,
                Sent::Later => report.failed += 1,
                Sent::Never => {
                    report.failed += 1;
                    dead.push(claimed);
                }
            }
        }
    }
    alert_dead(db, &dead, now_ms).await?;
    Ok(report)
}

/// What became of one e-mail.
enum Sent {
    Yes,
    /// Tried again later.
    Later,
    /// Dead: it will never be sent.
    Never,
}

/// E-mails sent at the same time: an SMTP exchange mostly waits on the network, and each one
/// uses its own connection from the transport's pool.
const PARALLEL_SENDS: usize = 8;

/// Sends one claimed e-mail and settles its row.
async fn send_one(
    db: &Db,
    mailer: &Mailer,
    from: &str,
    claimed: &db::outbox::Claimed,
    now_ms: i64,
) -> anyhow::Result<Sent> {
    let reply_to = match claimed.person_id {
        Some(id) => db::teams::reply_address_of_person(db, id).await?,
        None => None,
    };
    let outcome = match build(claimed, from, reply_to.as_deref()) {
        Ok(message) => mailer.send(message).await,
        Err(e) => Err(super::MailError {
            permanent: true,
            text: e.to_string(),
        }),
    };
    match outcome {
        Ok(()) => {
            db::outbox::mark_sent(db, claimed, now_ms).await?;
            Ok(Sent::Yes)
        }
        Err(e) => {
            tracing::warn!(outbox_id = claimed.id, attempts = claimed.attempts, error = %crate::logs::masked(&e.text), "e-mail not sent");
            let dead = db::outbox::mark_failed(db, claimed, &e.text, e.permanent, now_ms).await?;
            Ok(if dead { Sent::Never } else { Sent::Later })
        }
    }
}

/// E-mails that will never be sent: the coordinators must reach these people another way.
/// One alert per team for the whole batch, never one per message (a flood of bad addresses
/// must not flood the desk and the coordinators' mailboxes); nothing for sign-ups whose
/// address was never confirmed — nobody proved it was theirs, and they are purged.
async fn alert_dead(db: &Db, dead: &[&db::outbox::Claimed], now_ms: i64) -> anyhow::Result<()> {
    use crate::domain::person::Status;
    let mut by_team: std::collections::BTreeMap<i32, Vec<(db::people::Person, &str)>> = Default::default();
    for claimed in dead {
        let Some(id) = claimed.person_id else { continue };
        let Some(person) = db::people::by_id(db, id).await? else {
            continue;
        };
        if person.status == Status::EmailUnconfirmed {
            continue;
        }
        if let Some(team_id) = person.team_id {
            by_team
                .entry(team_id)
                .or_default()
                .push((person, claimed.subject.as_str()));
        }
    }
    for (team_id, people) in by_team {
        let alert = match people.as_slice() {
            [(person, subject)] => db::checkins::NewAlert {
                team_id,
                pairing_id: None,
                person_id: Some(person.id),
                kind: crate::domain::alert::AlertKind::DeadEmail,
                message: format!(
                    "Un e-mail à {} n'a pas pu être envoyé (« {subject} ») : la joindre autrement.",
                    person.full_name()
                ),
            },
            several => {
                let mut names: Vec<String> = several.iter().map(|(p, _)| p.full_name()).collect();
                names.dedup();
                db::checkins::NewAlert {
                    team_id,
                    pairing_id: None,
                    person_id: None,
                    kind: crate::domain::alert::AlertKind::DeadEmail,
                    message: format!(
                        "{} e-mails n'ont pas pu être envoyés ({}) : joindre ces personnes autrement.",
                        several.len(),
                        names.join(", ")
                    ),
                }
            }
        };
        db::checkins::raise_alert(db, &alert, now_ms).await?;
    }
    Ok(())
}
