//! A person's status along the way: a status changed, the address confirmed, the approval
//! checklist with its decision.

use super::super::audit::{self, Line};
use super::super::entities::person;
use super::super::{Db, DbResult, outbox};
use crate::domain::email::OutgoingEmail;
use crate::domain::person::Status;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Applies a status change only from the expected status; false when it no longer holds.
pub async fn change_status(db: &Db, id: i32, from: Status, to: Status, now_ms: i64) -> DbResult<bool> {
    set_status(&db.conn, id, from, to, now_ms).await
}

/// `change_status` inside the caller's transaction.
pub(crate) async fn set_status<C: sea_orm::ConnectionTrait>(
    conn: &C,
    id: i32,
    from: Status,
    to: Status,
    now_ms: i64,
) -> DbResult<bool> {
    let res = person::Entity::update_many()
        .col_expr(person::Column::Status, Expr::value(to.code()))
        .col_expr(person::Column::UpdatedAt, Expr::value(now_ms))
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Status.eq(from.code()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The volunteer clicked the confirmation link: their address is confirmed and the team sees them.
pub async fn confirm_email(db: &Db, id: i32, now_ms: i64) -> DbResult<bool> {
    let res = person::Entity::update_many()
        .col_expr(person::Column::Status, Expr::value(Status::ToValidate.code()))
        .col_expr(person::Column::EmailConfirmedAt, Expr::value(now_ms))
        .col_expr(person::Column::UpdatedAt, Expr::value(now_ms))
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Status.eq(Status::EmailUnconfirmed.code()))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records the approval checklist and, when `decision` is given, approves or declines; with
/// its e-mails and journal lines, in one transaction. False, and nothing written, when the
/// person is no longer waiting for validation.
pub async fn record_checklist(
    db: &Db,
    id: i32,
    checks: [bool; 3],
    decision: Option<(Status, i32)>,
    emails: &[OutgoingEmail],
    journal: &[Line],
    now_ms: i64,
) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let mut update = person::Entity::update_many()
        .col_expr(person::Column::CheckInterview, Expr::value(checks[0]))
        .col_expr(person::Column::CheckCharter, Expr::value(checks[1]))
        .col_expr(person::Column::CheckTraining, Expr::value(checks[2]))
        .col_expr(person::Column::UpdatedAt, Expr::value(now_ms))
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Status.eq(Status::ToValidate.code()));
    if let Some((status, staff_id)) = decision {
        update = update
            .col_expr(person::Column::Status, Expr::value(status.code()))
            .col_expr(person::Column::DecidedAt, Expr::value(now_ms))
            .col_expr(person::Column::DecidedBy, Expr::value(staff_id));
    }
    let changed = update.exec(&txn).await?.rows_affected == 1;
    if changed {
        outbox::enqueue(&txn, emails, Some(id), now_ms).await?;
        audit::record_all(&txn, journal, now_ms).await?;
    }
    txn.commit().await?;
    Ok(changed)
}
