//! Calls that come back: « pas de réponse » on a call task (an alert « À prévenir », or a
//! check-in answered by phone) moves it two days on, or — the third time — gives it up and
//! raises an alert for the coordinator, in one transaction.

use super::super::entities::{alert, checkin};
use super::super::{Db, DbResult};
use super::{NewAlert, raise};
use crate::domain::call::NoAnswer;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The calls counted before this one.
fn before(outcome: NoAnswer) -> i32 {
    match outcome {
        NoAnswer::Retry { attempts, .. } | NoAnswer::GiveUp { attempts } => attempts - 1,
    }
}

/// Records an unanswered call of the « À prévenir » alert `id` (of one of `team_ids`): it
/// comes back later, or is closed and `give_up` raised. False, and nothing written, when the
/// alert moved meanwhile (closed, or another click counted first).
pub async fn alert_not_answered(
    db: &Db,
    id: i32,
    team_ids: &[i32],
    outcome: NoAnswer,
    give_up: &NewAlert,
    by: &str,
    now_ms: i64,
) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let mut update = alert::Entity::update_many();
    match outcome {
        NoAnswer::Retry { attempts, at } => {
            update = update
                .col_expr(alert::Column::CallAttempts, Expr::value(attempts))
                .col_expr(alert::Column::CallRetryAt, Expr::value(at));
        }
        NoAnswer::GiveUp { attempts } => {
            update = update
                .col_expr(alert::Column::CallAttempts, Expr::value(attempts))
                .col_expr(alert::Column::ClosedAt, Expr::value(now_ms))
                .col_expr(alert::Column::ClosedBy, Expr::value(by));
        }
    }
    let res = update
        .filter(alert::Column::Id.eq(id))
        .filter(alert::Column::TeamId.is_in(team_ids.iter().copied()))
        .filter(alert::Column::ClosedAt.is_null())
        .filter(alert::Column::CallAttempts.eq(before(outcome)))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    if let NoAnswer::GiveUp { .. } = outcome {
        raise(&txn, give_up, now_ms).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Records an unanswered call of check-in `id` (still unanswered): it comes back later, or
/// leaves the calls and `give_up` is raised. False, and nothing written, when it moved
/// meanwhile.
pub async fn checkin_not_answered(
    db: &Db,
    id: i32,
    outcome: NoAnswer,
    give_up: &NewAlert,
    now_ms: i64,
) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let (attempts_now, retry_at) = match outcome {
        NoAnswer::Retry { attempts, at } => (attempts, Some(at)),
        NoAnswer::GiveUp { attempts } => (attempts, None),
    };
    let res = checkin::Entity::update_many()
        .col_expr(checkin::Column::CallAttempts, Expr::value(attempts_now))
        .col_expr(checkin::Column::CallRetryAt, Expr::value(retry_at))
        .filter(checkin::Column::Id.eq(id))
        .filter(checkin::Column::AnsweredAt.is_null())
        .filter(checkin::Column::CallAttempts.eq(before(outcome)))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    if let NoAnswer::GiveUp { .. } = outcome {
        raise(&txn, give_up, now_ms).await?;
    }
    txn.commit().await?;
    Ok(true)
}
