//! The e-mail outbox: rows written in the same transaction as the change that causes them,
//! claimed by one worker at a time with a lease, retried with a capped exponential backoff.

use super::entities::outbox;
use super::{Db, DbResult};
use crate::domain::email::OutgoingEmail;
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    StatementBuilder,
};

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const CANCELLED: &str = "cancelled";
pub const DEAD: &str = "dead";

/// After this many failed attempts an e-mail is "dead" and a coordinator must look at it.
pub const MAX_ATTEMPTS: i32 = 8;
const LEASE_MS: i64 = 60_000;

/// An e-mail claimed for sending: only the holder of this lease may settle it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub person_id: Option<i32>,
    pub lease_until: i64,
    pub attempts: i32,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub message_id: String,
}

fn message_id() -> String {
    format!("<{}@binome>", crate::app::random_hex(16))
}

/// Stores e-mails inside the caller's transaction; a key already stored is skipped.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    emails: &[OutgoingEmail],
    person_id: Option<i32>,
    now_ms: i64,
) -> DbResult<()> {
    for e in emails {
        let row = outbox::ActiveModel {
            person_id: Set(person_id),
            to_address: Set(e.to.clone()),
            subject: Set(e.subject.clone()),
            body_text: Set(e.text.clone()),
            body_html: Set(e.html.clone()),
            message_id: Set(message_id()),
            idempotency_key: Set(e.idempotency_key.clone()),
            status: Set(PENDING.into()),
            run_at: Set(now_ms),
            attempts: Set(0),
            lease_until: Set(None),
            last_error: Set(None),
            created_at: Set(now_ms),
            sent_at: Set(None),
            ..Default::default()
        };
        outbox::Entity::insert(row)
            .on_conflict_do_nothing_on([outbox::Column::IdempotencyKey])
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Claims up to `limit` due e-mails (pending and due, or whose lease has run out).
pub async fn claim(db: &Db, now_ms: i64, limit: u64) -> DbResult<Vec<Claimed>> {
    use outbox::Column as C;
    let lease_until = now_ms + LEASE_MS;
    let mut due = Query::select();
    due.column(C::Id)
        .from(outbox::Entity)
        .cond_where(
            sea_orm::Condition::any()
                .add(C::Status.eq(PENDING).and(C::RunAt.lte(now_ms)))
                .add(C::Status.eq(SENDING).and(C::LeaseUntil.lt(now_ms))),
        )
        .order_by(C::Id, sea_orm::Order::Asc)
        .limit(limit);
    let backend = db.conn.get_database_backend();
    if backend == DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let update = Query::update()
        .table(outbox::Entity)
        .value(C::Status, SENDING)
        .value(C::LeaseUntil, lease_until)
        .value(C::Attempts, Expr::col(C::Attempts).add(1))
        .and_where(C::Id.in_subquery(due))
        .returning_all()
        .to_owned();
    let rows = outbox::Model::find_by_statement(StatementBuilder::build(&update, &backend))
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Claimed {
            id: r.id,
            person_id: r.person_id,
            lease_until,
            attempts: r.attempts,
            to: r.to_address,
            subject: r.subject,
            text: r.body_text,
            html: r.body_html,
            message_id: r.message_id,
        })
        .collect())
}

/// Marks a claimed e-mail sent; false when the lease was lost (another worker took it over).
pub async fn mark_sent(db: &Db, claimed: &Claimed, now_ms: i64) -> DbResult<bool> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(SENT))
        .col_expr(outbox::Column::SentAt, Expr::value(now_ms))
        .filter(outbox::Column::Id.eq(claimed.id))
        .filter(outbox::Column::Status.eq(SENDING))
        .filter(outbox::Column::LeaseUntil.eq(claimed.lease_until))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Backoff before attempt `attempts + 1`: 1 min, 2, 4 … capped at 6 h.
pub fn backoff_ms(attempts: i32) -> i64 {
    let minutes = 1i64 << attempts.clamp(0, 9);
    std::cmp::min(minutes * 60_000, 6 * 3_600_000)
}

/// Puts a failed e-mail back for later, or marks it dead after `MAX_ATTEMPTS`.
/// Returns whether the e-mail is now dead (a permanent refusal, or too many attempts).
pub async fn mark_failed(db: &Db, claimed: &Claimed, error: &str, permanent: bool, now_ms: i64) -> DbResult<bool> {
    let dead = permanent || claimed.attempts >= MAX_ATTEMPTS;
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(if dead { DEAD } else { PENDING }))
        .col_expr(
            outbox::Column::RunAt,
            Expr::value(now_ms + backoff_ms(claimed.attempts)),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .filter(outbox::Column::Id.eq(claimed.id))
        .filter(outbox::Column::Status.eq(SENDING))
        .filter(outbox::Column::LeaseUntil.eq(claimed.lease_until))
        .exec(&db.conn)
        .await?;
    Ok(dead && res.rows_affected == 1)
}

/// Cancels what is still waiting to be sent to a person (withdrawal).
pub async fn cancel_for_person<C: ConnectionTrait>(conn: &C, person_id: i32) -> DbResult<u64> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(CANCELLED))
        .filter(outbox::Column::PersonId.eq(person_id))
        .filter(outbox::Column::Status.eq(PENDING))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// (status, subject, recipient) of a person's e-mails, oldest first — for their record.
pub async fn for_person(db: &Db, person_id: i32) -> DbResult<Vec<(String, String, String)>> {
    let rows = outbox::Entity::find()
        .filter(outbox::Column::PersonId.eq(person_id))
        .order_by_asc(outbox::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(|r| (r.status, r.subject, r.to_address)).collect())
}

/// The Message-IDs stored so far, oldest first (each is fixed when the e-mail is created).
pub async fn message_ids(db: &Db) -> DbResult<Vec<String>> {
    let rows = outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.message_id).collect())
}
