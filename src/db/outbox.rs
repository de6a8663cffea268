//! The e-mail outbox: rows written in the same transaction as the change that causes them,
//! claimed by one worker at a time with a lease, retried with a capped exponential backoff.
//! Once an e-mail is settled (sent, dead or cancelled) its row keeps the subject and dates,
//! and its text without any link: a kept single-use link would still sign someone in.

use super::entities::outbox;
use super::lease::Leased;
use super::{Db, DbResult};
use crate::domain::duration::{HOUR_MS, MINUTE_MS};
use crate::domain::email::OutgoingEmail;
use crate::domain::rgpd::strip_links;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder};

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const CANCELLED: &str = "cancelled";
pub const DEAD: &str = "dead";

/// After this many failed attempts an e-mail is "dead" and a coordinator must look at it.
pub const MAX_ATTEMPTS: i32 = 8;
const LEASE_MS: i64 = MINUTE_MS;

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
    /// A calendar file to attach.
    pub ics: Option<String>,
}

/// The Message-ID's unique part; the delivery adds the sender's domain
/// (`mail::outbox::message_id_on`).
fn message_id() -> String {
    crate::secret::random_hex(16)
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
            ics: Set(e.ics.clone()),
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

const TABLE: Leased<outbox::Entity> = Leased {
    entity: outbox::Entity,
    id: outbox::Column::Id,
    status: outbox::Column::Status,
    run_at: outbox::Column::RunAt,
    lease_until: outbox::Column::LeaseUntil,
    attempts: outbox::Column::Attempts,
    pending: PENDING,
    held: SENDING,
};

/// Stores e-mails on their own (from a job whose only effect is to write them).
pub async fn enqueue_now(db: &Db, emails: &[OutgoingEmail], person_id: Option<i32>, now_ms: i64) -> DbResult<()> {
    enqueue(&db.conn, emails, person_id, now_ms).await
}

/// Claims up to `limit` due e-mails (pending and due, or whose lease has run out).
pub async fn claim(db: &Db, now_ms: i64, limit: u64) -> DbResult<Vec<Claimed>> {
    let lease_until = now_ms + LEASE_MS;
    let statement = TABLE.claim(db.conn.get_database_backend(), now_ms, limit, lease_until);
    let rows = outbox::Model::find_by_statement(statement).all(&db.conn).await?;
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
            ics: r.ics,
        })
        .collect())
}

/// Gives back claimed e-mails that were not tried (the service is stopping).
pub async fn release(db: &Db, claims: &[Claimed]) -> DbResult<u64> {
    let claims: Vec<_> = claims.iter().map(|c| (c.id, c.lease_until)).collect();
    TABLE.release(&db.conn, &claims).await
}

/// Releases every claim at start-up of the only instance on a SQLite file.
pub async fn release_all(db: &Db) -> DbResult<u64> {
    TABLE.release_all(&db.conn).await
}

/// Marks a claimed e-mail sent, its links removed; false when the lease was lost (another
/// worker took it over).
pub async fn mark_sent(db: &Db, claimed: &Claimed, now_ms: i64) -> DbResult<bool> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(SENT))
        .col_expr(outbox::Column::SentAt, Expr::value(now_ms))
        .col_expr(outbox::Column::BodyText, Expr::value(strip_links(&claimed.text)))
        .col_expr(
            outbox::Column::BodyHtml,
            Expr::value(claimed.html.as_deref().map(strip_links)),
        )
        .filter(TABLE.held_by(claimed.id, claimed.lease_until))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Backoff before attempt `attempts + 1`: 1 min, 2, 4 … capped at 6 h.
pub fn backoff_ms(attempts: i32) -> i64 {
    let minutes = 1i64 << attempts.clamp(0, 9);
    std::cmp::min(minutes * MINUTE_MS, 6 * HOUR_MS)
}

/// Puts a failed e-mail back for later, or marks it dead (its links removed) after
/// `MAX_ATTEMPTS`. Returns whether the e-mail is now dead (a permanent refusal, or too many
/// attempts).
pub async fn mark_failed(db: &Db, claimed: &Claimed, error: &str, permanent: bool, now_ms: i64) -> DbResult<bool> {
    let dead = permanent || claimed.attempts >= MAX_ATTEMPTS;
    let mut update = outbox::Entity::update_many();
    if dead {
        update = update
            .col_expr(outbox::Column::BodyText, Expr::value(strip_links(&claimed.text)))
            .col_expr(
                outbox::Column::BodyHtml,
                Expr::value(claimed.html.as_deref().map(strip_links)),
            );
    }
    let res = update
        .col_expr(outbox::Column::Status, Expr::value(if dead { DEAD } else { PENDING }))
        .col_expr(
            outbox::Column::RunAt,
            Expr::value(now_ms + backoff_ms(claimed.attempts)),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(500).collect::<String>()),
        )
        .filter(TABLE.held_by(claimed.id, claimed.lease_until))
        .exec(&db.conn)
        .await?;
    Ok(dead && res.rows_affected == 1)
}

/// Cancels what is still waiting to be sent to a person (withdrawal), links removed.
pub async fn cancel_for_person<C: ConnectionTrait>(conn: &C, person_id: i32) -> DbResult<u64> {
    let waiting = outbox::Entity::find()
        .filter(outbox::Column::PersonId.eq(person_id))
        .filter(outbox::Column::Status.eq(PENDING))
        .all(conn)
        .await?;
    let mut cancelled = 0;
    for m in waiting {
        let res = outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(CANCELLED))
            .col_expr(outbox::Column::BodyText, Expr::value(strip_links(&m.body_text)))
            .col_expr(
                outbox::Column::BodyHtml,
                Expr::value(m.body_html.as_deref().map(strip_links)),
            )
            .filter(outbox::Column::Id.eq(m.id))
            .filter(outbox::Column::Status.eq(PENDING))
            .exec(conn)
            .await?;
        cancelled += res.rows_affected;
    }
    Ok(cancelled)
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

/// How many e-mails are in each status (pending, sending, sent, dead…).
pub async fn count_by_status(db: &Db) -> DbResult<std::collections::BTreeMap<String, i64>> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Expr as E, ExprTrait};
    let rows: Vec<(String, i64)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Status)
        .column_as(E::col(outbox::Column::Id).count(), "n")
        .group_by(outbox::Column::Status)
        .into_tuple()
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().collect())
}
