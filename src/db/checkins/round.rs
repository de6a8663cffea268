//! A due check-in's plan (`domain::checkin::plan`) and the jobs that follow it, each written
//! in one transaction: a job that fails half-way leaves nothing, and its replay finds what a
//! committed run wrote and does not write it twice.

use super::super::entities::{alert, checkin, outbox, sms_outbox};
use super::super::letters::NewLetter;
use super::super::people::insert_token;
use super::super::sms::{self, NewSms, Question, QuestionKind};
use super::super::{Db, DbResult, jobs, outbox as mailbox};
use super::{NewAlert, raise, unanswered_row};
use crate::domain::checkin::Opening;
use crate::domain::email::OutgoingEmail;
use crate::domain::job::Job;
use crate::domain::link::{Purpose, Sealed};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, TryInsertResult};

/// How a check-in's answers are asked: an e-mail and the single-use link it carries (stored
/// once the check-in has its id), or an SMS the person answers by SMS.
pub enum Asked {
    Email { email: OutgoingEmail, link: Sealed },
    Sms(NewSms),
}

impl Asked {
    fn key(&self) -> &str {
        match self {
            Asked::Email { email, .. } => &email.idempotency_key,
            Asked::Sms(sms) => &sms.key,
        }
    }
}

/// A check-in opening, with the e-mail that asks for it or the letter (for someone who chose
/// the post: a letter asking them to call the team).
pub type Asking = (Opening, Option<Asked>, Option<NewLetter>);

/// Opens a round of check-ins with the links and e-mails (or letters) that ask for them, then schedules
/// the jobs that follow, in one transaction. A check-in already open for that person and
/// number (the job is replayed) is left as it is, with the e-mail sent when it was opened.
/// Returns how many check-ins were opened.
pub async fn open_round(db: &Db, openings: &[Asking], then: &[(Job, i64)], now_ms: i64) -> DbResult<usize> {
    let txn = db.begin_write().await?;
    let mut opened = 0;
    for (o, asked, letter) in openings {
        let row = unanswered_row(o.pairing_id, o.person_id, o.side.code(), o.number, o.due_at);
        let inserted = checkin::Entity::insert(row)
            .on_conflict_do_nothing_on([
                checkin::Column::PairingId,
                checkin::Column::PersonId,
                checkin::Column::Number,
            ])
            .exec(&txn)
            .await?;
        let TryInsertResult::Inserted(new) = inserted else {
            continue;
        };
        opened += 1;
        if let Some(asked) = asked {
            ask(&txn, o.person_id, new.last_insert_id, asked, now_ms).await?;
        }
        if let Some(letter) = letter {
            super::super::letters::insert(&txn, letter, now_ms).await?;
        }
    }
    for (job, run_at) in then {
        jobs::schedule(&txn, job, *run_at, now_ms).await?;
    }
    txn.commit().await?;
    Ok(opened)
}

/// Sends reminders, given as (person, check-in, e-mail), in one transaction; a reminder
/// already stored (the job is replayed) is not sent again. Returns how many were sent.
pub async fn remind(db: &Db, reminders: &[(i32, i32, Asked)], now_ms: i64) -> DbResult<usize> {
    let txn = db.begin_write().await?;
    let mut sent = 0;
    for (person_id, checkin_id, asked) in reminders {
        let stored = match asked {
            Asked::Email { .. } => {
                outbox::Entity::find()
                    .filter(outbox::Column::IdempotencyKey.eq(asked.key()))
                    .count(&txn)
                    .await?
            }
            Asked::Sms(_) => {
                sms_outbox::Entity::find()
                    .filter(sms_outbox::Column::IdempotencyKey.eq(asked.key()))
                    .count(&txn)
                    .await?
            }
        };
        if stored == 0 {
            ask(&txn, *person_id, *checkin_id, asked, now_ms).await?;
            sent += 1;
        }
    }
    txn.commit().await?;
    Ok(sent)
}

/// Raises each alert unless the same alert — same binôme, person and kind — is already open
/// since its `since_ms` (the check-in's due date): a job replayed after its commit (the
/// worker died before marking it done) raises nothing twice. One transaction.
pub async fn raise_once(db: &Db, alerts: &[(NewAlert, i64)], now_ms: i64) -> DbResult<usize> {
    let txn = db.begin_write().await?;
    let mut raised = 0;
    for (a, since_ms) in alerts {
        let open = alert::Entity::find()
            .filter(alert::Column::PairingId.eq(a.pairing_id))
            .filter(alert::Column::PersonId.eq(a.person_id))
            .filter(alert::Column::Kind.eq(a.kind.code()))
            .filter(alert::Column::ClosedAt.is_null())
            .filter(alert::Column::CreatedAt.gte(*since_ms))
            .count(&txn)
            .await?;
        if open == 0 {
            raise(&txn, a, now_ms).await?;
            raised += 1;
        }
    }
    txn.commit().await?;
    Ok(raised)
}

/// The link answering check-in `checkin_id` and the e-mail that carries it, or the SMS.
async fn ask<C: ConnectionTrait>(
    conn: &C,
    person_id: i32,
    checkin_id: i32,
    asked: &Asked,
    now_ms: i64,
) -> DbResult<()> {
    match asked {
        Asked::Email { email, link } => {
            let token = link.clone().row(Purpose::CheckIn(checkin_id));
            insert_token(conn, person_id, &token, now_ms).await?;
            mailbox::enqueue(conn, std::slice::from_ref(email), Some(person_id), now_ms).await
        }
        Asked::Sms(sms) => {
            let question = Question {
                sms: sms.clone(),
                kind: QuestionKind::Checkin,
                subject_id: checkin_id,
            };
            sms::ask(conn, &question, now_ms).await
        }
    }
}
