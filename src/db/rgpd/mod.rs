//! RGPD in the database: one person's data for export, their erasure (anonymisation that
//! keeps the anonymous indicators), the retention purge, and the settings the admin edits.

mod erase;
mod export;
mod others;
mod retention;

pub use erase::{Erasure, Reason, erase};
pub use export::{Export, Section, export};
pub use retention::{PurgeReport, purge, reports, run_daily_purge, schedule_purge};

use super::entities::person_erasure;
use super::{Db, DbResult, settings};
use crate::domain::rgpd::{DEFAULT_RETENTION_MONTHS, Register};
use sea_orm::{ConnectionTrait, EntityTrait};

const RETENTION_KEY: &str = "retention_months";
const REGISTER_KEY: &str = "processing_register";

/// Months without activity after which a person's data is purged.
pub async fn retention_months(db: &Db) -> DbResult<u32> {
    Ok(settings::get(db, RETENTION_KEY)
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_RETENTION_MONTHS))
}

pub async fn set_retention_months(db: &Db, months: u32) -> DbResult<()> {
    settings::put(db, RETENTION_KEY, &months.to_string()).await
}

/// The register of processing, or the default text until the admin edits it.
pub async fn register(db: &Db) -> DbResult<Register> {
    Ok(settings::get(db, REGISTER_KEY)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

pub async fn set_register(db: &Db, register: &Register) -> DbResult<()> {
    let json = serde_json::to_string(register).map_err(|e| super::DbError::Corrupt(e.to_string()))?;
    settings::put(db, REGISTER_KEY, &json).await
}

/// When the person's data was erased, if it was.
pub async fn erased_at(db: &Db, person_id: i32) -> DbResult<Option<i64>> {
    Ok(person_erasure::Entity::find_by_id(person_id)
        .one(&db.conn)
        .await?
        .map(|e| e.erased_at))
}

/// After an erasure or a purge on SQLite: the previous versions of the changed pages stay in
/// the write-ahead log until a checkpoint, so the log is copied back and truncated at once
/// (the file itself overwrites what is deleted: `secure_delete` is on for every connection).
/// The erasure is committed already: a failure here is logged, the next one catches up.
async fn flush_log(db: &Db) {
    if db.is_postgres() {
        return;
    }
    if let Err(e) = db.conn.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await {
        tracing::warn!(error = %e, "write-ahead log not emptied after an erasure");
    }
}
