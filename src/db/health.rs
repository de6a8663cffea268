//! The readings behind `/sante/pret`: does the database answer, how long has the oldest
//! message (e-mail or SMS) waited, how late is the most overdue job, did the last daily
//! backup fail.

use super::entities::{job, outbox, sms_outbox};
use super::{Db, DbResult};
use crate::domain::health::Readings;
use crate::domain::job::Kind;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// A round trip to the database.
pub async fn ping(db: &Db) -> DbResult<()> {
    db.conn.execute_unprepared("SELECT 1").await?;
    Ok(())
}

/// The oldest waiting message and the most overdue job, as of `now_ms`.
pub async fn readings(db: &Db, now_ms: i64) -> DbResult<Readings> {
    let oldest_waiting_since: Option<i64> = outbox::Entity::find()
        .select_only()
        .column_as(Expr::col(outbox::Column::CreatedAt).min(), "oldest")
        .filter(outbox::Column::Status.is_in([super::outbox::PENDING, super::outbox::SENDING]))
        .into_tuple::<Option<i64>>()
        .one(&db.conn)
        .await?
        .flatten();
    // An SMS held for the quiet hours is not late: it waits from when it was due.
    let oldest_sms_due: Option<i64> = sms_outbox::Entity::find()
        .select_only()
        .column_as(Expr::col(sms_outbox::Column::RunAt).min(), "oldest")
        .filter(sms_outbox::Column::Status.is_in([super::sms::PENDING, super::sms::SENDING]))
        .filter(sms_outbox::Column::RunAt.lte(now_ms))
        .into_tuple::<Option<i64>>()
        .one(&db.conn)
        .await?
        .flatten();
    let oldest_waiting_since = match (oldest_waiting_since, oldest_sms_due) {
        (Some(a), Some(b)) => Some(std::cmp::min(a, b)),
        (a, b) => a.or(b),
    };
    let oldest_job_due: Option<i64> = job::Entity::find()
        .select_only()
        .column_as(Expr::col(job::Column::RunAt).min(), "oldest")
        .filter(job::Column::Status.eq("pending"))
        .filter(job::Column::RunAt.lte(now_ms))
        .into_tuple::<Option<i64>>()
        .one(&db.conn)
        .await?
        .flatten();
    // The latest daily backup tried: done, given up, or waiting to be retried after a failure.
    let backup_failure: Option<String> = job::Entity::find()
        .select_only()
        .column(job::Column::LastError)
        .filter(job::Column::Kind.eq(Kind::DailyBackup.code()))
        .filter(
            Condition::any()
                .add(job::Column::Status.is_in(["done", "dead"]))
                .add(job::Column::LastError.is_not_null()),
        )
        .order_by_desc(job::Column::IdempotencyKey)
        .into_tuple::<Option<String>>()
        .one(&db.conn)
        .await?
        .flatten();
    Ok(Readings {
        oldest_waiting_since,
        oldest_job_due,
        backup_failure,
    })
}
