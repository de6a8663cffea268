//! Delivery of the SMS outbox: one pass claims what is due, holds what must wait (quiet
//! hours, the weekly limit), hands the rest to each team's transport (its SMSC, or files in
//! a folder), settles each row, and alerts the desk of SMS that will never leave. The loop
//! around it runs in `serve` beside the e-mail one.

pub mod smpp;
pub mod transport;

use crate::db::{self, Db};
use crate::domain::sms::{SmsKind, quiet};
use crate::worker::Stop;
use std::collections::BTreeMap;
use std::path::Path;
use transport::{Folder, Outgoing, Transport};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
    pub held: usize,
    /// SMS received from people during the pass (stored, to be handled).
    pub received: usize,
}

impl Delivery {
    /// Whether the pass did anything (the loop then runs again at once).
    pub fn busy(&self) -> usize {
        self.sent + self.failed + self.received
    }
}

/// Sends the SMS due at `now_ms` and takes in what people sent. SMS of a team with an SMSC
/// go through it; the others are written as files in `folder`.
pub async fn deliver_due_until(db: &Db, folder: &Path, now_ms: i64, stop: &Stop) -> anyhow::Result<Delivery> {
    let mut report = Delivery::default();
    let claimed = db::sms::claim(db, now_ms, 50).await?;
    let mut by_team: BTreeMap<i32, Vec<db::sms::Claimed>> = BTreeMap::new();
    let mut leaving: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for c in claimed {
        if let (SmsKind::Notice, Some(person_id)) = (c.kind, c.person_id) {
            let mut sent = db::sms::notices_sent(db, person_id, now_ms).await?;
            sent.extend(leaving.get(&person_id).into_iter().flatten());
            let at = quiet::notice_at(now_ms, &sent);
            if at > now_ms {
                db::sms::hold(db, &c, at).await?;
                report.held += 1;
                continue;
            }
            leaving.entry(person_id).or_default().push(now_ms);
        }
        by_team.entry(c.team_id).or_default().push(c);
    }
    let contracts: BTreeMap<i32, db::teams::Smpp> = db::teams::with_smpp(db).await?.into_iter().collect();
    // A team with an SMSC binds even with nothing to send: people's answers wait there.
    for team_id in contracts.keys() {
        by_team.entry(*team_id).or_default();
    }
    let mut dead = Vec::new();
    for (team_id, batch) in by_team {
        if stop.requested() {
            db::sms::release(db, &batch).await?;
            continue;
        }
        let outgoing: Vec<Outgoing> = batch
            .iter()
            .map(|c| Outgoing {
                id: c.id,
                phone: c.phone.clone(),
                text: c.text.clone(),
            })
            .collect();
        let transport: Box<dyn Transport> = match contracts.get(&team_id) {
            Some(settings) => Box::new(smpp::Smpp {
                db: db.clone(),
                team_id,
                settings: settings.clone(),
                now_ms,
            }),
            None => Box::new(Folder(folder.to_path_buf())),
        };
        let exchange = transport.exchange(&outgoing).await;
        report.received += exchange.received;
        for (c, result) in batch.iter().zip(exchange.results) {
            match result {
                Ok(()) => {
                    db::sms::mark_sent(db, c, now_ms).await?;
                    report.sent += 1;
                }
                Err(error) => {
                    tracing::warn!(sms_id = c.id, attempts = c.attempts, error = %error, "SMS not sent");
                    report.failed += 1;
                    if db::sms::mark_failed(db, c, &error, now_ms).await? {
                        dead.push(c.clone());
                    }
                }
            }
        }
    }
    alert_dead(db, &dead, now_ms).await?;
    Ok(report)
}

/// SMS that will never leave: one alert per team for the batch (like undelivered e-mails).
async fn alert_dead(db: &Db, dead: &[db::sms::Claimed], now_ms: i64) -> anyhow::Result<()> {
    let mut by_team: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for c in dead {
        let name = match c.person_id {
            Some(id) => db::people::by_id(db, id).await?.map(|p| p.full_name()),
            None => None,
        };
        by_team
            .entry(c.team_id)
            .or_default()
            .push(name.unwrap_or_else(|| "une personne".into()));
    }
    for (team_id, mut names) in by_team {
        names.dedup();
        let alert = db::checkins::NewAlert {
            team_id,
            pairing_id: None,
            person_id: None,
            kind: crate::domain::alert::AlertKind::DeadEmail,
            message: match names.as_slice() {
                [one] => format!(
                    "Un SMS à {one} n'a pas pu être envoyé : la joindre autrement, et vérifier le contrat SMS de l'équipe."
                ),
                several => format!(
                    "{} SMS n'ont pas pu être envoyés ({}) : joindre ces personnes autrement, et vérifier le contrat SMS de l'équipe.",
                    several.len(),
                    several.join(", ")
                ),
            },
        };
        db::checkins::raise_alert(db, &alert, now_ms).await?;
    }
    Ok(())
}
