//! The retention purge: once a day the scheduler erases the data of people inactive for
//! longer than the retention period, drops audit entries older than 12 months, and writes
//! a report the admin reads.

use super::super::audit::{self, Actor};
use super::super::entities::{
    checkin, consent, pairing, pairing_feedback, pairing_transition, person, person_erasure, purge_report,
    volunteer_time,
};
use super::super::{Db, DbResult, jobs};
use super::erase::{Erasure, Reason, erase_leaving_log};
use crate::domain::duration::{DAY_MS, HOUR_MS};
use crate::domain::job::Job;
use crate::domain::pairing::State;
use crate::domain::person::Status;
use crate::domain::rgpd::{AUDIT_KEEP_MONTHS, is_inactive, months_before};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// The purge runs at night, at 3 a.m. UTC.
const RUN_HOUR_MS: i64 = 3 * HOUR_MS;

#[derive(Debug, Clone, PartialEq)]
pub struct PurgeReport {
    pub at: i64,
    pub retention_months: i32,
    pub inactive_before: i64,
    pub people_purged: i32,
    pub audit_purged: i64,
}

/// The purge of the day of `at_ms` (once per day whatever the number of restarts).
fn purge_of(at_ms: i64) -> Job {
    let day = chrono::DateTime::from_timestamp_millis(at_ms)
        .unwrap_or_default()
        .date_naive();
    Job::DailyPurge { day }
}

/// Schedules today's purge (once per day whatever the number of restarts).
pub async fn schedule_purge(db: &Db, now_ms: i64) -> DbResult<()> {
    jobs::schedule(&db.conn, &purge_of(now_ms), now_ms, now_ms).await
}

/// The job: plans tomorrow's run first (so that a failing purge does not stop the daily
/// runs), then purges.
pub async fn run_daily_purge(db: &Db, now_ms: i64) -> DbResult<PurgeReport> {
    let tomorrow = now_ms.div_euclid(DAY_MS) * DAY_MS + DAY_MS + RUN_HOUR_MS;
    jobs::schedule(&db.conn, &purge_of(tomorrow), tomorrow, now_ms).await?;
    purge(db, now_ms).await
}

/// Erases every inactive person and old audit entries; one failing erasure is logged and
/// does not stop the others.
pub async fn purge(db: &Db, now_ms: i64) -> DbResult<PurgeReport> {
    let months = super::retention_months(db).await?;
    let inactive_before = months_before(now_ms, months);
    let erased = person_erasure::Entity::find()
        .select_only()
        .column(person_erasure::Column::PersonId)
        .into_tuple::<i32>()
        .all(&db.conn)
        .await?;
    let idle = [
        Status::Left,
        Status::Declined,
        Status::Paused,
        Status::Waiting,
        Status::EmailUnconfirmed,
    ];
    let candidates = person::Entity::find()
        .filter(person::Column::Status.is_in(idle.map(Status::code)))
        .filter(person::Column::UpdatedAt.lt(inactive_before))
        .filter(person::Column::Id.is_not_in(erased))
        .all(&db.conn)
        .await?;
    let actor = Actor::system("durée de conservation");
    let mut people_purged = 0;
    for p in candidates {
        let (last, open) = activity(&db.conn, &p).await?;
        if !is_inactive(super::super::people::status_of(&p.status)?, open, last, inactive_before) {
            continue;
        }
        match erase_leaving_log(db, p.id, &actor, Reason::Retention, now_ms).await {
            Ok(Erasure::Done) => people_purged += 1,
            Ok(_) => {}
            Err(e) => tracing::warn!(person_id = p.id, error = %e, "retention purge failed for one person"),
        }
    }
    let audit_purged = audit::purge_before(&db.conn, months_before(now_ms, AUDIT_KEEP_MONTHS)).await?;
    super::flush_log(db).await;
    let report = PurgeReport {
        at: now_ms,
        retention_months: months as i32,
        inactive_before,
        people_purged,
        audit_purged: audit_purged as i64,
    };
    purge_report::ActiveModel {
        at: Set(report.at),
        retention_months: Set(report.retention_months),
        inactive_before: Set(report.inactive_before),
        people_purged: Set(report.people_purged),
        audit_purged: Set(report.audit_purged),
        ..Default::default()
    }
    .insert(&db.conn)
    .await?;
    tracing::info!(people_purged, audit_purged, "retention purge done");
    Ok(report)
}

/// The person's last activity (record, binômes, check-ins, consents, feedback, time logged), and whether
/// a binôme of theirs is under way.
async fn activity<C: ConnectionTrait>(conn: &C, p: &person::Model) -> DbResult<(i64, bool)> {
    let mut last = p.updated_at.max(p.created_at).max(p.left_at.unwrap_or(0));
    let pairings = pairing::Entity::find()
        .filter(
            Condition::any()
                .add(pairing::Column::BeneficiaryId.eq(p.id))
                .add(pairing::Column::VolunteerId.eq(p.id)),
        )
        .all(conn)
        .await?;
    let open = pairings
        .iter()
        .any(|x| State::parse(&x.state).is_some_and(|s| !s.is_closed()));
    let ids: Vec<i32> = pairings.iter().map(|x| x.id).collect();
    last = last.max(pairings.iter().map(|x| x.updated_at).max().unwrap_or(0));
    for t in pairing_transition::Entity::find()
        .filter(pairing_transition::Column::PairingId.is_in(ids))
        .all(conn)
        .await?
    {
        last = last.max(t.at);
    }
    for c in checkin::Entity::find()
        .filter(checkin::Column::PersonId.eq(p.id))
        .all(conn)
        .await?
    {
        last = last.max(c.answered_at.unwrap_or(0));
    }
    for c in consent::Entity::find()
        .filter(consent::Column::PersonId.eq(p.id))
        .all(conn)
        .await?
    {
        last = last.max(c.signed_at).max(c.withdrawn_at.unwrap_or(0));
    }
    for f in pairing_feedback::Entity::find()
        .filter(pairing_feedback::Column::PersonId.eq(p.id))
        .all(conn)
        .await?
    {
        last = last.max(f.created_at);
    }
    for t in volunteer_time::Entity::find()
        .filter(volunteer_time::Column::PersonId.eq(p.id))
        .all(conn)
        .await?
    {
        last = last.max(t.updated_at);
    }
    Ok((last, open))
}

/// The latest purge reports, newest first.
pub async fn reports(db: &Db, limit: u64) -> DbResult<Vec<PurgeReport>> {
    let rows = purge_report::Entity::find()
        .order_by_desc(purge_report::Column::At)
        .order_by_desc(purge_report::Column::Id)
        .limit(limit)
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PurgeReport {
            at: r.at,
            retention_months: r.retention_months,
            inactive_before: r.inactive_before,
            people_purged: r.people_purged,
            audit_purged: r.audit_purged,
        })
        .collect())
}
