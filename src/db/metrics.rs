//! The figures `/metrics` exposes, read at scrape time: counts only, never a person.

use super::entities::{alert, job, person};
use super::{Db, DbResult};
use crate::domain::health::JOB_LATE_FAIL_MS;
use crate::domain::person::{Kind, Status};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

#[derive(Debug, Default, Clone)]
pub struct Figures {
    /// Messages of the outbox by status (pending, sending, sent, dead, cancelled).
    pub outbox: std::collections::BTreeMap<String, i64>,
    pub oldest_waiting_since: Option<i64>,
    pub jobs_due: u64,
    pub jobs_overdue: u64,
    pub jobs_dead: u64,
    pub open_alerts: u64,
    pub people_waiting: u64,
    /// Average and longest time the waiting people have waited since they signed up, in ms.
    pub waited_average_ms: i64,
    pub waited_longest_ms: i64,
}

pub async fn figures(db: &Db, now_ms: i64) -> DbResult<Figures> {
    let readings = super::health::readings(db, now_ms).await?;
    let pending_due = || {
        job::Entity::find()
            .filter(job::Column::Status.eq("pending"))
            .filter(job::Column::RunAt.lte(now_ms))
    };
    // One small column of the people waiting (a service follows thousands at most).
    let since: Vec<i64> = person::Entity::find()
        .select_only()
        .column(person::Column::CreatedAt)
        .filter(person::Column::Kind.eq(Kind::Beneficiary.code()))
        .filter(person::Column::Status.eq(Status::Waiting.code()))
        .into_tuple()
        .all(&db.conn)
        .await?;
    Ok(Figures {
        outbox: super::outbox::count_by_status(db).await?,
        oldest_waiting_since: readings.oldest_waiting_since,
        jobs_due: pending_due().count(&db.conn).await?,
        jobs_overdue: pending_due()
            .filter(job::Column::RunAt.lt(now_ms - JOB_LATE_FAIL_MS))
            .count(&db.conn)
            .await?,
        jobs_dead: job::Entity::find()
            .filter(job::Column::Status.eq("dead"))
            .count(&db.conn)
            .await?,
        open_alerts: alert::Entity::find()
            .filter(alert::Column::ClosedAt.is_null())
            .count(&db.conn)
            .await?,
        people_waiting: since.len() as u64,
        waited_average_ms: since.iter().map(|t| (now_ms - t).max(0)).sum::<i64>() / (since.len().max(1) as i64),
        waited_longest_ms: since.iter().map(|t| (now_ms - t).max(0)).max().unwrap_or(0),
    })
}
