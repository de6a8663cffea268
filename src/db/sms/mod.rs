//! The SMS outbox: rows written in the same transaction as the change that causes them,
//! claimed with the lease of `db::lease` (like e-mails), retried with the e-mail backoff,
//! dead after `MAX_ATTEMPTS`. Each row's text is final when written: the body, then the
//! team's number (`domain::sms::texts::signed`), in GSM-7. A notice waits for the allowed
//! hours from the start; the weekly limit is checked when it is about to leave.

mod inbox;

pub use inbox::{
    Inbound, PendingQuestion, QuestionKind, answered, handled, pending_question, receive, stop, unhandled,
};

use super::entities::{sms_outbox, sms_question, team};
use super::lease::Leased;
use super::outbox::backoff_ms;
use super::{Db, DbResult};
use crate::domain::duration::{DAY_MS, MINUTE_MS};
use crate::domain::sms::{SmsKind, gsm7, quiet, texts};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const CANCELLED: &str = "cancelled";
pub const DEAD: &str = "dead";
pub const MAX_ATTEMPTS: i32 = 8;
const LEASE_MS: i64 = MINUTE_MS;

/// An SMS to write: to whom, what (without the team's number, added here), and its key
/// (a replayed change writes it once).
#[derive(Debug, Clone, PartialEq)]
pub struct NewSms {
    pub team_id: i32,
    pub person_id: Option<i32>,
    pub phone: String,
    pub body: String,
    pub kind: SmsKind,
    pub key: String,
}

/// A question asked by this SMS, that the person may answer by SMS.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub sms: NewSms,
    pub kind: QuestionKind,
    pub subject_id: i32,
}

/// Stores SMS inside the caller's transaction; a key already stored is skipped.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, all: &[NewSms], now_ms: i64) -> DbResult<()> {
    for sms in all {
        let team_phone = team::Entity::find_by_id(sms.team_id)
            .one(conn)
            .await?
            .and_then(|t| t.phone);
        let text = texts::signed(&sms.body, team_phone.as_deref());
        let run_at = match sms.kind {
            SmsKind::Notice => quiet::next_allowed(now_ms),
            SmsKind::Reply => now_ms,
        };
        let row = sms_outbox::ActiveModel {
            team_id: Set(sms.team_id),
            person_id: Set(sms.person_id),
            phone: Set(sms.phone.clone()),
            segments: Set(gsm7::segments(&text) as i32),
            text: Set(text),
            kind: Set(sms.kind.code().into()),
            status: Set(PENDING.into()),
            run_at: Set(run_at),
            attempts: Set(0),
            lease_until: Set(None),
            last_error: Set(None),
            created_at: Set(now_ms),
            sent_at: Set(None),
            idempotency_key: Set(sms.key.clone()),
            ..Default::default()
        };
        sms_outbox::Entity::insert(row)
            .on_conflict_do_nothing_on([sms_outbox::Column::IdempotencyKey])
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Stores an SMS that asks a question, and the question (the newest one is the one an answer
/// goes to), inside the caller's transaction; a replay (same key) asks nothing twice.
pub async fn ask<C: ConnectionTrait>(conn: &C, q: &Question, now_ms: i64) -> DbResult<()> {
    let stored = sms_outbox::Entity::find()
        .filter(sms_outbox::Column::IdempotencyKey.eq(q.sms.key.as_str()))
        .one(conn)
        .await?;
    if stored.is_some() {
        return Ok(());
    }
    enqueue(conn, std::slice::from_ref(&q.sms), now_ms).await?;
    let Some(person_id) = q.sms.person_id else {
        return Ok(());
    };
    sms_question::ActiveModel {
        person_id: Set(person_id),
        kind: Set(q.kind.code().into()),
        subject_id: Set(q.subject_id),
        asked_at: Set(now_ms),
        answered_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

const TABLE: Leased<sms_outbox::Entity> = Leased {
    entity: sms_outbox::Entity,
    id: sms_outbox::Column::Id,
    status: sms_outbox::Column::Status,
    run_at: sms_outbox::Column::RunAt,
    lease_until: sms_outbox::Column::LeaseUntil,
    attempts: sms_outbox::Column::Attempts,
    pending: PENDING,
    held: SENDING,
};

/// An SMS claimed for sending: only the holder of this lease may settle it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub team_id: i32,
    pub person_id: Option<i32>,
    pub lease_until: i64,
    pub attempts: i32,
    pub phone: String,
    pub text: String,
    pub kind: SmsKind,
}

/// Claims up to `limit` due SMS.
pub async fn claim(db: &Db, now_ms: i64, limit: u64) -> DbResult<Vec<Claimed>> {
    let lease_until = now_ms + LEASE_MS;
    let statement = TABLE.claim(db.conn.get_database_backend(), now_ms, limit, lease_until);
    let rows = sms_outbox::Model::find_by_statement(statement).all(&db.conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| Claimed {
            id: r.id,
            team_id: r.team_id,
            person_id: r.person_id,
            lease_until,
            attempts: r.attempts,
            phone: r.phone,
            text: r.text,
            kind: if r.kind == SmsKind::Reply.code() {
                SmsKind::Reply
            } else {
                SmsKind::Notice
            },
        })
        .collect())
}

/// Gives back claimed SMS that were not tried (the service is stopping, or their team's SMSC
/// is not set).
pub async fn release(db: &Db, claims: &[Claimed]) -> DbResult<u64> {
    let claims: Vec<_> = claims.iter().map(|c| (c.id, c.lease_until)).collect();
    TABLE.release(&db.conn, &claims).await
}

/// Releases every claim at start-up of the only instance on a SQLite file.
pub async fn release_all(db: &Db) -> DbResult<u64> {
    TABLE.release_all(&db.conn).await
}

/// Holds a claimed SMS until `run_at` (quiet hours, weekly limit): not an attempt.
pub async fn hold(db: &Db, claimed: &Claimed, run_at: i64) -> DbResult<bool> {
    let res = sms_outbox::Entity::update_many()
        .col_expr(sms_outbox::Column::Status, Expr::value(PENDING))
        .col_expr(sms_outbox::Column::RunAt, Expr::value(run_at))
        .col_expr(sms_outbox::Column::LeaseUntil, Expr::value(Option::<i64>::None))
        .col_expr(sms_outbox::Column::Attempts, Expr::value(claimed.attempts - 1))
        .filter(TABLE.held_by(claimed.id, claimed.lease_until))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Marks a claimed SMS sent; false when the lease was lost.
pub async fn mark_sent(db: &Db, claimed: &Claimed, now_ms: i64) -> DbResult<bool> {
    let res = sms_outbox::Entity::update_many()
        .col_expr(sms_outbox::Column::Status, Expr::value(SENT))
        .col_expr(sms_outbox::Column::SentAt, Expr::value(now_ms))
        .filter(TABLE.held_by(claimed.id, claimed.lease_until))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Puts a failed SMS back for later (the e-mail backoff, then the allowed hours), or marks it
/// dead after `MAX_ATTEMPTS`. Returns whether it is now dead.
pub async fn mark_failed(db: &Db, claimed: &Claimed, error: &str, now_ms: i64) -> DbResult<bool> {
    let dead = claimed.attempts >= MAX_ATTEMPTS;
    let res = sms_outbox::Entity::update_many()
        .col_expr(
            sms_outbox::Column::Status,
            Expr::value(if dead { DEAD } else { PENDING }),
        )
        .col_expr(
            sms_outbox::Column::RunAt,
            Expr::value(now_ms + backoff_ms(claimed.attempts)),
        )
        .col_expr(
            sms_outbox::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .filter(TABLE.held_by(claimed.id, claimed.lease_until))
        .exec(&db.conn)
        .await?;
    Ok(dead && res.rows_affected == 1)
}

/// When the notices sent to this person in the seven days before `now_ms` left.
pub async fn notices_sent(db: &Db, person_id: i32, now_ms: i64) -> DbResult<Vec<i64>> {
    let rows: Vec<Option<i64>> = sms_outbox::Entity::find()
        .select_only()
        .column(sms_outbox::Column::SentAt)
        .filter(sms_outbox::Column::PersonId.eq(person_id))
        .filter(sms_outbox::Column::Kind.eq(SmsKind::Notice.code()))
        .filter(sms_outbox::Column::Status.eq(SENT))
        .filter(sms_outbox::Column::SentAt.gt(now_ms - 7 * DAY_MS))
        .into_tuple()
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().flatten().collect())
}

/// Cancels the SMS still waiting for a person (STOP, withdrawal); returns how many.
pub async fn cancel_for_person<C: ConnectionTrait>(conn: &C, person_id: i32) -> DbResult<u64> {
    let res = sms_outbox::Entity::update_many()
        .col_expr(sms_outbox::Column::Status, Expr::value(CANCELLED))
        .filter(sms_outbox::Column::PersonId.eq(person_id))
        .filter(sms_outbox::Column::Status.eq(PENDING))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// One SMS as stored, for tests and the person's record.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub person_id: Option<i32>,
    pub phone: String,
    pub text: String,
    pub status: String,
    pub run_at: i64,
    pub segments: i32,
}

/// Every SMS, oldest first.
pub async fn all(db: &Db) -> DbResult<Vec<Stored>> {
    let rows = sms_outbox::Entity::find()
        .order_by_asc(sms_outbox::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Stored {
            person_id: r.person_id,
            phone: r.phone,
            text: r.text,
            status: r.status,
            run_at: r.run_at,
            segments: r.segments,
        })
        .collect())
}

/// Segments sent, per team, since `since_ms`: (team id, sent at, segments) — the indicators
/// add them up by month.
pub async fn segments_sent(db: &Db, team_ids: &[i32], since_ms: i64) -> DbResult<Vec<(i32, i64, i32)>> {
    let rows: Vec<(i32, Option<i64>, i32)> = sms_outbox::Entity::find()
        .select_only()
        .column(sms_outbox::Column::TeamId)
        .column(sms_outbox::Column::SentAt)
        .column(sms_outbox::Column::Segments)
        .filter(sms_outbox::Column::TeamId.is_in(team_ids.iter().copied()))
        .filter(sms_outbox::Column::Status.eq(SENT))
        .filter(sms_outbox::Column::SentAt.gte(since_ms))
        .into_tuple()
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(team, at, n)| at.map(|at| (team, at, n)))
        .collect())
}

/// Stores SMS on their own (a reply to someone who wrote).
pub async fn enqueue_now(db: &Db, all: &[NewSms], now_ms: i64) -> DbResult<()> {
    enqueue(&db.conn, all, now_ms).await
}

/// `ask` on its own (fixtures).
pub async fn ask_now(db: &Db, q: &Question, now_ms: i64) -> DbResult<()> {
    ask(&db.conn, q, now_ms).await
}
