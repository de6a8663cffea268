//! A team's revision (migration 18): a number that every committed change to what the team's
//! desk shows (its people and theirs, binômes, check-ins, alerts, suggestions, letters, the
//! team) makes grow, kept by triggers whatever code writes. Equal numbers mean an equal desk
//! for that team, on any instance; a change elsewhere leaves the number as it is.

use super::{Db, DbResult};
use sea_orm::{ConnectionTrait, Statement};

/// The revision of team `team_id`'s data committed now (0 for a team never changed since).
pub async fn of_team(db: &Db, team_id: i32) -> DbResult<i64> {
    let conn = &db.conn;
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            conn.get_database_backend(),
            match conn.get_database_backend() {
                sea_orm::DatabaseBackend::Postgres => "SELECT value FROM team_revision WHERE team_id = $1",
                _ => "SELECT value FROM team_revision WHERE team_id = ?",
            },
            [team_id.into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    })
}
