//! A consistent copy of a SQLite database while it is in use (`VACUUM INTO` reads one snapshot
//! and writes a compact file), and the check of a copy.

use super::{Db, DbResult};
use sea_orm::{ConnectionTrait, Statement};
use std::path::Path;

/// Writes a consistent copy of the open SQLite database to `to` (which must not exist).
pub async fn vacuum_into(db: &Db, to: &Path) -> DbResult<()> {
    let target = to.to_string_lossy().replace('\'', "''");
    db.conn.execute_unprepared(&format!("VACUUM INTO '{target}'")).await?;
    Ok(())
}

/// SQLite's own check of a database file: "ok" when it is sound.
pub async fn integrity_of(file: &Path) -> DbResult<String> {
    let db = Db::connect(&format!("sqlite://{}?mode=rw", file.display())).await?;
    let backend = db.conn.get_database_backend();
    let rows = db
        .conn
        .query_all_raw(Statement::from_string(backend, "PRAGMA integrity_check"))
        .await?;
    let verdict = rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect::<Vec<_>>()
        .join("; ");
    db.close().await?;
    Ok(verdict)
}

/// Other sessions open on this PostgreSQL database (an instance still running).
pub async fn other_sessions(db: &Db) -> DbResult<i64> {
    let backend = db.conn.get_database_backend();
    let row = db
        .conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get_by_index::<i64>(0).ok()).unwrap_or(0))
}
