//! The lease mechanics shared by the two work tables (`job`, `outbox`): a worker claims due
//! rows with one `UPDATE … RETURNING` (rows locked with `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so several instances never claim the same row), stamps them with its lease,
//! and only the holder of that lease may settle or release them.

use super::DbResult;
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, Statement, StatementBuilder};

/// How a work table names its columns and statuses.
pub(super) struct Leased<E: EntityTrait> {
    pub entity: E,
    pub id: E::Column,
    pub status: E::Column,
    pub run_at: E::Column,
    pub lease_until: E::Column,
    pub attempts: E::Column,
    /// Waiting to be claimed.
    pub pending: &'static str,
    /// Claimed by a worker.
    pub held: &'static str,
}

impl<E: EntityTrait + Copy> Leased<E> {
    /// The statement claiming up to `limit` rows due at `now_ms` (pending and due, or whose
    /// lease ran out) for a lease ending at `lease_until`; it returns the claimed rows.
    pub fn claim(&self, backend: DbBackend, now_ms: i64, limit: u64, lease_until: i64) -> Statement {
        let mut due = Query::select();
        due.column(self.id)
            .from(self.entity)
            .cond_where(
                Condition::any()
                    .add(self.status.eq(self.pending).and(self.run_at.lte(now_ms)))
                    .add(self.status.eq(self.held).and(self.lease_until.lt(now_ms))),
            )
            .order_by(self.run_at, sea_orm::Order::Asc)
            .order_by(self.id, sea_orm::Order::Asc)
            .limit(limit);
        if backend == DbBackend::Postgres {
            due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let update = Query::update()
            .table(self.entity)
            .value(self.status, self.held)
            .value(self.lease_until, lease_until)
            .value(self.attempts, Expr::col(self.attempts).add(1))
            .and_where(self.id.in_subquery(due))
            .returning_all()
            .to_owned();
        StatementBuilder::build(&update, &backend)
    }

    /// The rows still held under this lease: the only ones its holder may settle.
    pub fn held_by(&self, id: i64, lease_until: i64) -> Condition {
        Condition::all()
            .add(self.id.eq(id))
            .add(self.status.eq(self.held))
            .add(self.lease_until.eq(lease_until))
    }

    /// Gives back claimed rows that were not worked on (the service is stopping): they are
    /// pending again at once, and the claim does not count as an attempt.
    pub async fn release<C: ConnectionTrait>(&self, conn: &C, claims: &[(i64, i64)]) -> DbResult<u64> {
        let mut released = 0;
        for &(id, lease_until) in claims {
            let update = Query::update()
                .table(self.entity)
                .value(self.status, self.pending)
                .value(self.lease_until, Option::<i64>::None)
                .value(self.attempts, Expr::col(self.attempts).sub(1))
                .cond_where(self.held_by(id, lease_until))
                .to_owned();
            released += conn.execute(&update).await?.rows_affected();
        }
        Ok(released)
    }

    /// Releases every claim. Only for a SQLite file, whose lock proves no other instance
    /// runs: after a crash the work restarts at once instead of waiting for the leases.
    pub async fn release_all<C: ConnectionTrait>(&self, conn: &C) -> DbResult<u64> {
        let update = Query::update()
            .table(self.entity)
            .value(self.status, self.pending)
            .value(self.lease_until, Option::<i64>::None)
            .and_where(self.status.eq(self.held))
            .to_owned();
        Ok(conn.execute(&update).await?.rows_affected())
    }
}
