//! A staff account's second factor (TOTP): its secret, turning it on and off with the
//! journal line in the same transaction, and each code step used once.

use super::super::audit::{self, Line};
use super::super::entities::staff;
use super::super::{Db, DbResult};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, sea_query::Expr};

/// The confirmed TOTP secret of an account, if it has one.
pub async fn totp_secret(db: &Db, id: i32) -> DbResult<Option<String>> {
    Ok(staff::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|m| m.totp_enabled_at.is_some())
        .and_then(|m| m.totp_secret))
}

/// Turns the second factor on with a secret the staff member has just confirmed at `step`,
/// with its journal line, in one transaction.
pub async fn enable_totp(db: &Db, id: i32, secret: &str, step: i64, journal: &[Line], now_ms: i64) -> DbResult<()> {
    set_totp(db, id, Some(secret), Some(now_ms), Some(step), journal, now_ms).await
}

/// Turns the second factor off, with its journal line, in one transaction.
pub async fn disable_totp(db: &Db, id: i32, journal: &[Line], now_ms: i64) -> DbResult<()> {
    set_totp(db, id, None, None, None, journal, now_ms).await
}

async fn set_totp(
    db: &Db,
    id: i32,
    secret: Option<&str>,
    at: Option<i64>,
    step: Option<i64>,
    journal: &[Line],
    now_ms: i64,
) -> DbResult<()> {
    let txn = db.begin_write().await?;
    staff::ActiveModel {
        id: Set(id),
        totp_secret: Set(secret.map(str::to_string)),
        totp_enabled_at: Set(at),
        totp_last_step: Set(step),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::record_all(&txn, journal, now_ms).await?;
    txn.commit().await?;
    Ok(())
}

/// Records that the code of `step` was used; false when it (or a later one) already was,
/// so that a code seen over someone's shoulder cannot be replayed.
pub async fn use_totp_step(db: &Db, id: i32, step: i64) -> DbResult<bool> {
    use staff::Column as C;
    let res = staff::Entity::update_many()
        .col_expr(C::TotpLastStep, Expr::value(step))
        .filter(C::Id.eq(id))
        .filter(
            Condition::any()
                .add(C::TotpLastStep.is_null())
                .add(C::TotpLastStep.lt(step)),
        )
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}
