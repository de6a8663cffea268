//! Sign-in attempts, counted in the database so that the limit holds across instances.

use super::entities::login_attempt;
use super::{Db, DbResult};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub async fn record(db: &Db, account: &str, ip: &str, succeeded: bool, now_ms: i64) -> DbResult<()> {
    login_attempt::ActiveModel {
        account: Set(account.to_string()),
        ip: Set(ip.to_string()),
        at: Set(now_ms),
        succeeded: Set(succeeded),
        ..Default::default()
    }
    .insert(&db.conn)
    .await?;
    Ok(())
}

/// Failed attempts since `since_ms`: (for this account, from this address).
pub async fn recent_failures(db: &Db, account: &str, ip: &str, since_ms: i64) -> DbResult<(u64, u64)> {
    use login_attempt::Column as C;
    let failures = || {
        login_attempt::Entity::find()
            .filter(C::Succeeded.eq(false))
            .filter(C::At.gte(since_ms))
    };
    let by_account = failures().filter(C::Account.eq(account)).count(&db.conn).await?;
    let by_ip = failures().filter(C::Ip.eq(ip)).count(&db.conn).await?;
    Ok((by_account, by_ip))
}

/// Forgets attempts older than `before_ms` (run by the housekeeping pass).
pub async fn purge(db: &Db, before_ms: i64) -> DbResult<u64> {
    let res = login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::At.lt(before_ms))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected)
}
