//! The data revision (migration 9): a number that every committed change to people, binômes,
//! check-ins, alerts, suggestions or teams makes grow, kept by triggers whatever code writes.
//! Equal numbers mean equal data for those tables, on any instance.

use super::{Db, DbResult};
use sea_orm::{ConnectionTrait, Statement};

const READ: &str = "SELECT value FROM data_revision WHERE id = 1";

/// The revision of the data committed now.
pub async fn current(db: &Db) -> DbResult<i64> {
    read(&db.conn).await
}

pub(crate) async fn read(conn: &impl ConnectionTrait) -> DbResult<i64> {
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), READ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    })
}
