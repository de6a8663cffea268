//! Migrations are forward-only and each runs in a transaction, on PostgreSQL and on SQLite:
//! one that fails midway leaves no half-applied schema, is not listed as applied, and runs
//! again whole once the cause is gone.

use super::{LAST_OLD_MIGRATION, Old, applied, column};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

/// Migration 15 adds a column to `person` and to `team`, then creates three tables, the last
/// one `sms_inbox`.
const FAILING: &str = "m20261206_000015_sms";

async fn columns_of(conn: &DatabaseConnection, table: &str) -> Vec<String> {
    let query = if conn.get_database_backend() == DbBackend::Postgres {
        format!(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}'"
        )
    } else {
        format!("SELECT name FROM pragma_table_info('{table}')")
    };
    column(conn, &query).await
}

async fn tables(conn: &DatabaseConnection) -> Vec<String> {
    let query = if conn.get_database_backend() == DbBackend::Postgres {
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    };
    column(conn, query).await
}

async fn a_migration_that_fails_midway_leaves_nothing_behind_and_runs_again_whole(old: Old) {
    let conn = old.connect().await;
    Migrator::up(&conn, Some(14)).await.unwrap();
    assert_eq!(
        applied(&conn).await.last().map(String::as_str),
        Some(LAST_OLD_MIGRATION)
    );
    // An operator's stray table where migration 15 creates its last one: it fails there,
    // after its first statements succeeded.
    conn.execute_unprepared("CREATE TABLE sms_inbox (stray INTEGER)")
        .await
        .unwrap();

    let failed = Migrator::up(&conn, None).await;
    assert!(failed.is_err(), "the conflicting table stops migration 15");
    assert_eq!(
        applied(&conn).await.last().map(String::as_str),
        Some(LAST_OLD_MIGRATION),
        "migration 15 is not listed as applied"
    );
    assert!(
        !columns_of(&conn, "person")
            .await
            .contains(&"sms_stopped_at".to_string()),
        "its first statement (a column of person) was rolled back"
    );
    assert!(
        !columns_of(&conn, "team").await.contains(&"smpp_host".to_string()),
        "and so were the team's columns"
    );
    let now = tables(&conn).await;
    assert!(
        !now.contains(&"sms_outbox".to_string()) && !now.contains(&"sms_question".to_string()),
        "the tables it created before failing are gone: {now:?}"
    );

    // The cause removed, the next `migrate` applies it whole, then the rest.
    conn.execute_unprepared("DROP TABLE sms_inbox").await.unwrap();
    Migrator::up(&conn, None).await.unwrap();
    let listed = applied(&conn).await;
    assert!(listed.iter().any(|m| m == FAILING), "{listed:?}");
    assert_eq!(listed.len(), Migrator::migrations().len());
    assert!(
        columns_of(&conn, "person")
            .await
            .contains(&"sms_stopped_at".to_string())
    );
    assert!(columns_of(&conn, "sms_inbox").await.len() > 1, "the real sms_inbox");
    conn.close().await.unwrap();
    old.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    a_migration_that_fails_midway_leaves_nothing_behind_and_runs_again_whole(Old::empty_sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let Some(old) = Old::empty_postgres().await else { return };
    a_migration_that_fails_midway_leaves_nothing_behind_and_runs_again_whole(old).await;
}
