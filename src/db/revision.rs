//! A team's revision (migration 18): a number that every committed change to what the team's
//! desk shows (its people and theirs, binômes, check-ins, alerts, suggestions, letters, the
//! team) makes grow, kept by triggers whatever code writes. Equal numbers mean an equal desk
//! for that team, on any instance; a change elsewhere leaves the number as it is.

use super::{Db, DbResult};
use sea_orm::{ConnectionTrait, Statement};

/// The revision of team `team_id`'s data committed now (0 for a team never changed since).
pub async fn of_team(db: &Db, team_id: i32) -> DbResult<i64> {
    read(db, "team_revision", team_id).await
}

/// The revision of what team `team_id`'s live matching instance holds (migration 25): its
/// waiting people and approved volunteers, their interests and consents, the exclusions and
/// the binômes. Check-ins, alerts, letters and sign-ups not yet approved leave it as it is.
pub async fn of_matching(db: &Db, team_id: i32) -> DbResult<i64> {
    read(db, "matching_revision", team_id).await
}

async fn read(db: &Db, table: &str, team_id: i32) -> DbResult<i64> {
    let conn = &db.conn;
    let backend = conn.get_database_backend();
    let parameter = if backend == sea_orm::DatabaseBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT value FROM {table} WHERE team_id = {parameter}"),
            [team_id.into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    })
}

/// Raises the revision of each team of `teams` (in increasing order, as the triggers do), for
/// a change the triggers do not see but the desk shows: a coordinator's absence (« X remplace
/// Y »). Call it in the transaction of the change.
pub async fn bump<C: ConnectionTrait>(conn: &C, teams: &[i32]) -> DbResult<()> {
    let mut teams = teams.to_vec();
    teams.sort_unstable();
    teams.dedup();
    let backend = conn.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "INSERT INTO team_revision (team_id, value) VALUES ($1, 1) \
             ON CONFLICT (team_id) DO UPDATE SET value = team_revision.value + 1"
        }
        _ => {
            "INSERT INTO team_revision (team_id, value) VALUES (?, 1) \
             ON CONFLICT (team_id) DO UPDATE SET value = team_revision.value + 1"
        }
    };
    for team in teams {
        conn.execute_raw(Statement::from_sql_and_values(backend, sql, [team.into()]))
            .await?;
    }
    Ok(())
}
