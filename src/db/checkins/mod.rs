//! Check-ins and alerts.

mod calls;
mod round;

pub use crate::domain::alert::AlertKind;
pub use calls::{alert_not_answered, checkin_not_answered};
pub use round::{Asked, Asking, open_round, raise_once, remind};

use super::entities::{alert, checkin};
use super::{Db, DbError, DbResult};
use crate::domain::job::Job;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

#[derive(Debug, Clone, PartialEq)]
pub struct Checkin {
    pub id: i32,
    pub pairing_id: i32,
    pub person_id: i32,
    pub role: String,
    pub number: i32,
    pub due_at: i64,
    pub answered: bool,
    /// Calls by phone that got no answer so far.
    pub call_attempts: i32,
}

impl From<checkin::Model> for Checkin {
    fn from(c: checkin::Model) -> Self {
        Self {
            id: c.id,
            pairing_id: c.pairing_id,
            person_id: c.person_id,
            role: c.role,
            number: c.number,
            due_at: c.due_at,
            answered: c.answered_at.is_some(),
            call_attempts: c.call_attempts,
        }
    }
}

/// The answers, as validated by the form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers {
    pub met: String,
    pub mood: String,
    pub decision: String,
    pub call_back: bool,
    pub isolation: Option<i32>,
    pub comment: Option<String>,
}

/// A new, unanswered check-in row.
fn unanswered_row(pairing_id: i32, person_id: i32, role: &str, number: i32, due_at: i64) -> checkin::ActiveModel {
    checkin::ActiveModel {
        pairing_id: Set(pairing_id),
        person_id: Set(person_id),
        role: Set(role.into()),
        number: Set(number),
        due_at: Set(due_at),
        answered_at: Set(None),
        met: Set(None),
        mood: Set(None),
        decision: Set(None),
        call_back: Set(false),
        isolation: Set(None),
        comment: Set(None),
        answered_by: Set(None),
        ..Default::default()
    }
}

pub async fn create<C: ConnectionTrait>(
    conn: &C,
    pairing_id: i32,
    person_id: i32,
    role: &str,
    number: i32,
    due_at: i64,
) -> DbResult<i32> {
    let row = unanswered_row(pairing_id, person_id, role, number, due_at)
        .insert(conn)
        .await?;
    Ok(row.id)
}

pub async fn by_id(db: &Db, id: i32) -> DbResult<Option<Checkin>> {
    Ok(checkin::Entity::find_by_id(id).one(&db.conn).await?.map(Checkin::from))
}

/// The check-ins of a round (`number`) of a pairing that nobody answered yet.
pub async fn unanswered(db: &Db, pairing_id: i32, number: i32) -> DbResult<Vec<Checkin>> {
    let rows = checkin::Entity::find()
        .filter(checkin::Column::PairingId.eq(pairing_id))
        .filter(checkin::Column::Number.eq(number))
        .filter(checkin::Column::AnsweredAt.is_null())
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Checkin::from).collect())
}

/// Records the answers (once) and, when they call for it, an alert, with the journal lines of
/// staff who typed them — in one transaction. False, and nothing written, if already answered.
pub async fn answer(
    db: &Db,
    c: &Checkin,
    a: &Answers,
    by: &str,
    alert: Option<NewAlert>,
    journal: &[super::audit::Line],
    now_ms: i64,
) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let res = checkin::Entity::update_many()
        .col_expr(checkin::Column::AnsweredAt, Expr::value(now_ms))
        .col_expr(checkin::Column::Met, Expr::value(a.met.clone()))
        .col_expr(checkin::Column::Mood, Expr::value(a.mood.clone()))
        .col_expr(checkin::Column::Decision, Expr::value(a.decision.clone()))
        .col_expr(checkin::Column::CallBack, Expr::value(a.call_back))
        .col_expr(checkin::Column::Isolation, Expr::value(a.isolation))
        .col_expr(checkin::Column::Comment, Expr::value(a.comment.clone()))
        .col_expr(checkin::Column::AnsweredBy, Expr::value(by))
        .filter(checkin::Column::Id.eq(c.id))
        .filter(checkin::Column::AnsweredAt.is_null())
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    if let Some(alert) = alert {
        raise(&txn, &alert, now_ms).await?;
    }
    super::audit::record_all(&txn, journal, now_ms).await?;
    txn.commit().await?;
    Ok(true)
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewAlert {
    pub team_id: i32,
    pub pairing_id: Option<i32>,
    pub person_id: Option<i32>,
    pub kind: AlertKind,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub id: i32,
    pub pairing_id: Option<i32>,
    pub person_id: Option<i32>,
    pub kind: AlertKind,
    pub message: String,
    pub created_at: i64,
    /// A call task's calls that got no answer, and when it comes back.
    pub call_attempts: i32,
    pub call_retry_at: Option<i64>,
}

/// Raises an alert on the team's dashboard; in the same transaction, a job to e-mail the
/// team's coordinators that something awaits them.
pub async fn raise<C: ConnectionTrait>(conn: &C, a: &NewAlert, now_ms: i64) -> DbResult<()> {
    let row = alert::ActiveModel {
        team_id: Set(a.team_id),
        pairing_id: Set(a.pairing_id),
        person_id: Set(a.person_id),
        kind: Set(a.kind.code().into()),
        message: Set(a.message.clone()),
        created_at: Set(now_ms),
        closed_at: Set(None),
        closed_by: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    super::jobs::schedule(conn, &Job::AlertEmail { alert_id: row.id }, now_ms, now_ms).await
}

/// An alert row as read back; a kind this version does not know is `Corrupt`.
fn read_alert(a: alert::Model) -> DbResult<Alert> {
    let kind =
        AlertKind::parse(&a.kind).ok_or_else(|| DbError::Corrupt(format!("alert {}: kind {:?}", a.id, a.kind)))?;
    Ok(Alert {
        id: a.id,
        pairing_id: a.pairing_id,
        person_id: a.person_id,
        kind,
        message: a.message,
        created_at: a.created_at,
        call_attempts: a.call_attempts,
        call_retry_at: a.call_retry_at,
    })
}

/// One alert, open or closed.
pub async fn alert(db: &Db, id: i32) -> DbResult<Option<(i32, Alert)>> {
    match alert::Entity::find_by_id(id).one(&db.conn).await? {
        Some(a) => Ok(Some((a.team_id, read_alert(a)?))),
        None => Ok(None),
    }
}

/// Open alerts of these teams, oldest first.
pub async fn open_alerts(db: &Db, team_ids: &[i32]) -> DbResult<Vec<Alert>> {
    let rows = alert::Entity::find()
        .filter(alert::Column::TeamId.is_in(team_ids.iter().copied()))
        .filter(alert::Column::ClosedAt.is_null())
        .order_by_asc(alert::Column::Id)
        .all(&db.conn)
        .await?;
    rows.into_iter().map(read_alert).collect()
}

pub async fn close_alert(db: &Db, id: i32, team_ids: &[i32], by: &str, now_ms: i64) -> DbResult<bool> {
    let res = alert::Entity::update_many()
        .col_expr(alert::Column::ClosedAt, Expr::value(now_ms))
        .col_expr(alert::Column::ClosedBy, Expr::value(by))
        .filter(alert::Column::Id.eq(id))
        .filter(alert::Column::TeamId.is_in(team_ids.iter().copied()))
        .filter(alert::Column::ClosedAt.is_null())
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Raises an alert on its own.
pub async fn raise_alert(db: &Db, a: &NewAlert, now_ms: i64) -> DbResult<()> {
    raise(&db.conn, a, now_ms).await
}

/// Opens a check-in on its own.
pub async fn open(db: &Db, pairing_id: i32, person_id: i32, role: &str, number: i32, due_at: i64) -> DbResult<i32> {
    create(&db.conn, pairing_id, person_id, role, number, due_at).await
}

/// Check-ins due by `now_ms` that someone must answer by phone with the person: isolated
/// people of these teams' binômes who have no e-mail address (not while a call without an
/// answer waits for its next try, nor after the calls gave up).
pub async fn call_tasks(db: &Db, team_ids: &[i32], now_ms: i64) -> DbResult<Vec<(Checkin, super::people::Person)>> {
    let pairings = super::pairings::open_pairings(db, team_ids).await?;
    let ids: Vec<i32> = pairings.iter().map(|p| p.id).collect();
    let rows = checkin::Entity::find()
        .filter(checkin::Column::PairingId.is_in(ids))
        .filter(checkin::Column::Role.eq("beneficiary"))
        .filter(checkin::Column::AnsweredAt.is_null())
        .filter(checkin::Column::DueAt.lte(now_ms))
        .filter(checkin::Column::CallAttempts.lt(crate::domain::call::MAX_ATTEMPTS))
        .filter(
            sea_orm::Condition::any()
                .add(checkin::Column::CallRetryAt.is_null())
                .add(checkin::Column::CallRetryAt.lte(now_ms)),
        )
        .order_by_asc(checkin::Column::DueAt)
        .all(&db.conn)
        .await?;
    let mut out = Vec::new();
    for c in rows {
        if let Some(person) = super::people::by_id(db, c.person_id)
            .await?
            .filter(|p| !crate::domain::reach::Reach::of(&p.profile).in_writing())
        {
            out.push((Checkin::from(c), person));
        }
    }
    Ok(out)
}
