//! `Migrator::up` on the previous release's database applies what it lacks, keeps its rows,
//! and ends with the very schema a new installation gets — so an older migration edited
//! since the release (which would run on new installations only) shows here.

use super::{LAST_OLD_MIGRATION, Old, applied, column};
use crate::on_the_previous_release;
use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DbBackend};

/// Every column with its type and nullability, every index and trigger, sorted.
async fn shape(conn: &DatabaseConnection) -> Vec<String> {
    let queries: [&str; 2] = if conn.get_database_backend() == DbBackend::Postgres {
        [
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable \
             FROM information_schema.columns WHERE table_schema = current_schema()",
            "SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = current_schema() \
             UNION ALL SELECT 'trigger ' || trigger_name || ' ' || event_manipulation \
             FROM information_schema.triggers WHERE trigger_schema = current_schema()",
        ]
    } else {
        [
            "SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p.\"notnull\" \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
            "SELECT type || ' ' || name FROM sqlite_master WHERE type IN ('index', 'trigger')",
        ]
    };
    let mut all = column(conn, queries[0]).await;
    all.extend(column(conn, queries[1]).await);
    all.sort();
    all
}

/// How many rows each table the previous release knew holds.
async fn rows(conn: &DatabaseConnection) -> Vec<String> {
    let mut counts = Vec::new();
    for table in [
        "person", "pairing", "staff", "team", "checkin", "job", "outbox", "consent",
    ] {
        let n = column(conn, &format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table}")).await;
        counts.push(format!("{table}: {}", n[0]));
    }
    counts
}

async fn the_previous_release_migrates_to_the_schema_of_a_new_installation_and_keeps_its_rows(old: Old) {
    let conn = old.connect().await;
    assert_eq!(
        applied(&conn).await.last().map(String::as_str),
        Some(LAST_OLD_MIGRATION),
        "the fixture is the previous release's database"
    );
    let before = rows(&conn).await;
    assert!(before.iter().any(|c| c.starts_with("pairing: ") && c != "pairing: 0"));

    Migrator::up(&conn, None).await.unwrap();
    let every: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
    assert_eq!(applied(&conn).await, every);
    assert_eq!(rows(&conn).await, before, "no row is lost nor added");

    let fresh = match &old {
        Old::Sqlite { .. } => Old::empty_sqlite(),
        Old::Postgres { .. } => Old::empty_postgres().await.unwrap(),
    };
    let new = fresh.connect().await;
    Migrator::up(&new, None).await.unwrap();
    assert_eq!(shape(&conn).await, shape(&new).await);

    conn.close().await.unwrap();
    new.close().await.unwrap();
    old.drop().await;
    fresh.drop().await;
}

on_the_previous_release!(the_previous_release_migrates_to_the_schema_of_a_new_installation_and_keeps_its_rows);
