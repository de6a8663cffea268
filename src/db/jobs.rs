//! Scheduled work in the database: a row per action, written in the same transaction as the
//! change that causes it, claimed with a lease by one worker at a time (several instances on
//! PostgreSQL share the work with `FOR UPDATE SKIP LOCKED`), idempotent by key.

use super::entities::job;
use super::lease::Leased;
use super::{Db, DbError, DbResult};
use crate::domain::job::{Job, Kind};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder};

const LEASE_MS: i64 = 120_000;
const MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub pairing_id: i32,
    pub run_at: i64,
    pub attempts: i32,
    pub lease_until: i64,
    pub key: String,
}

impl Claimed {
    /// The job this row stands for; a row this version cannot read is `Corrupt`.
    pub fn job(&self) -> DbResult<Job> {
        Job::parse(&self.kind, self.pairing_id, &self.key).map_err(DbError::Corrupt)
    }
}

/// A new row for a job waiting to run.
fn pending(job: &Job, run_at: i64, now_ms: i64) -> job::ActiveModel {
    job::ActiveModel {
        kind: Set(job.kind().code().into()),
        pairing_id: Set(job.pairing_id()),
        run_at: Set(run_at),
        status: Set("pending".into()),
        attempts: Set(0),
        lease_until: Set(None),
        idempotency_key: Set(job.key()),
        last_error: Set(None),
        created_at: Set(now_ms),
        done_at: Set(None),
        ..Default::default()
    }
}

/// Schedules `job` at `run_at`; the same job twice (same key) is scheduled once.
pub async fn schedule<C: ConnectionTrait>(conn: &C, job: &Job, run_at: i64, now_ms: i64) -> DbResult<()> {
    job::Entity::insert(pending(job, run_at, now_ms))
        .on_conflict_do_nothing_on([job::Column::IdempotencyKey])
        .exec(conn)
        .await?;
    Ok(())
}

const TABLE: Leased<job::Entity> = Leased {
    entity: job::Entity,
    id: job::Column::Id,
    status: job::Column::Status,
    run_at: job::Column::RunAt,
    lease_until: job::Column::LeaseUntil,
    attempts: job::Column::Attempts,
    pending: "pending",
    held: "running",
};

/// Schedules many jobs at once (the benchmark's 100,000), by chunks.
pub async fn schedule_many(db: &Db, jobs: &[Job], run_at: i64, now_ms: i64) -> DbResult<()> {
    for chunk in jobs.chunks(1_000) {
        let rows = chunk.iter().map(|job| pending(job, run_at, now_ms));
        job::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([job::Column::IdempotencyKey])
            .exec_without_returning(&db.conn)
            .await?;
    }
    Ok(())
}

/// How many jobs of `kind` are in each status.
pub async fn count_by_status(db: &Db, kind: Kind) -> DbResult<std::collections::BTreeMap<String, i64>> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::ExprTrait;
    let rows: Vec<(String, i64)> = job::Entity::find()
        .select_only()
        .column(job::Column::Status)
        .column_as(Expr::col(job::Column::Id).count(), "n")
        .filter(job::Column::Kind.eq(kind.code()))
        .group_by(job::Column::Status)
        .into_tuple()
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Removes the jobs of `kind` (the benchmark's, when it is done).
pub async fn delete_kind(db: &Db, kind: Kind) -> DbResult<u64> {
    Ok(job::Entity::delete_many()
        .filter(job::Column::Kind.eq(kind.code()))
        .exec(&db.conn)
        .await?
        .rows_affected)
}

/// Claims up to `limit` due jobs (pending and due, or whose lease ran out).
pub async fn claim(db: &Db, now_ms: i64, limit: u64) -> DbResult<Vec<Claimed>> {
    let lease_until = now_ms + LEASE_MS;
    let statement = TABLE.claim(db.conn.get_database_backend(), now_ms, limit, lease_until);
    let rows = job::Model::find_by_statement(statement).all(&db.conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| Claimed {
            id: r.id,
            kind: r.kind,
            pairing_id: r.pairing_id,
            run_at: r.run_at,
            attempts: r.attempts,
            lease_until,
            key: r.idempotency_key,
        })
        .collect())
}

/// Gives back claimed jobs that were not run (the service is stopping).
pub async fn release(db: &Db, claims: &[Claimed]) -> DbResult<u64> {
    let claims: Vec<_> = claims.iter().map(|c| (c.id, c.lease_until)).collect();
    TABLE.release(&db.conn, &claims).await
}

/// Releases every claim at start-up of the only instance on a SQLite file.
pub async fn release_all(db: &Db) -> DbResult<u64> {
    TABLE.release_all(&db.conn).await
}

/// Settles a claimed job; a lost lease (another worker took it) changes nothing.
pub async fn finish(db: &Db, c: &Claimed, outcome: Result<(), String>, now_ms: i64) -> DbResult<bool> {
    let (status, run_at, error) = match outcome {
        Ok(()) => ("done", c.run_at, None),
        Err(e) if c.attempts >= MAX_ATTEMPTS => ("dead", c.run_at, Some(e)),
        Err(e) => ("pending", now_ms + super::outbox::backoff_ms(c.attempts), Some(e)),
    };
    let res = job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value(status))
        .col_expr(job::Column::RunAt, Expr::value(run_at))
        .col_expr(job::Column::LastError, Expr::value(error))
        .col_expr(job::Column::DoneAt, Expr::value((status == "done").then_some(now_ms)))
        .filter(TABLE.held_by(c.id, c.lease_until))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Cancels what is still scheduled for a pairing (it ended).
pub async fn cancel_for_pairing<C: ConnectionTrait>(conn: &C, pairing_id: i32) -> DbResult<()> {
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value("cancelled"))
        .filter(job::Column::PairingId.eq(pairing_id))
        .filter(job::Column::Status.eq("pending"))
        .exec(conn)
        .await?;
    Ok(())
}

/// Schedules a job on its own.
pub async fn schedule_now(db: &Db, job: &Job, run_at: i64, now_ms: i64) -> DbResult<()> {
    schedule(&db.conn, job, run_at, now_ms).await
}

/// Cancels one scheduled job (the situation it watched for is settled).
pub async fn cancel<C: ConnectionTrait>(conn: &C, job: &Job) -> DbResult<()> {
    job::Entity::update_many()
        .col_expr(job::Column::Status, Expr::value("cancelled"))
        .filter(job::Column::IdempotencyKey.eq(job.key()))
        .filter(job::Column::Status.eq("pending"))
        .exec(conn)
        .await?;
    Ok(())
}

/// (kind, status, last error) of a pairing's jobs — for its page and for tests.
pub async fn of_pairing(db: &Db, pairing_id: i32) -> DbResult<Vec<(String, String, Option<String>)>> {
    let rows = job::Entity::find()
        .filter(job::Column::PairingId.eq(pairing_id))
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|j| (j.idempotency_key, j.status, j.last_error))
        .collect())
}

/// When the next check-in of a pairing is due, if one is scheduled.
pub async fn next_checkin_due(db: &Db, pairing_id: i32) -> DbResult<Option<i64>> {
    let next = job::Entity::find()
        .filter(job::Column::Kind.eq(Kind::CheckinDue.code()))
        .filter(job::Column::PairingId.eq(pairing_id))
        .filter(job::Column::Status.eq("pending"))
        .order_by_asc(job::Column::RunAt)
        .one(&db.conn)
        .await?;
    Ok(next.map(|j| j.run_at))
}
