//! The data revision: one number that grows with every committed change to what the
//! coordinator's desk shows (people, binômes, check-ins, alerts, suggestions, teams), so that
//! any instance can tell whether a page it computed earlier is still true with one read.
//!
//! Triggers keep it, whatever code writes. On PostgreSQL they are deferred to the commit: the
//! counter row is locked only for the instant of the commit, so concurrent transactions never
//! wait on it while they hold other locks (no deadlock), and commits that change these tables
//! get increasing numbers in commit order. SQLite has one writer at a time.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 6] = ["person", "pairing", "checkin", "alert", "suggestion", "team"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE TABLE data_revision (id INTEGER PRIMARY KEY, value BIGINT NOT NULL); \
             INSERT INTO data_revision (id, value) VALUES (1, 0);",
        )
        .await?;
        match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION bump_data_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN UPDATE data_revision SET value = value + 1 WHERE id = 1; RETURN NULL; END $$;",
                )
                .await?;
                for table in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE CONSTRAINT TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_revision();"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in TABLES {
                    for event in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_revision_{event} AFTER {event} ON {table} FOR EACH ROW \
                             BEGIN UPDATE data_revision SET value = value + 1 WHERE id = 1; END;",
                            event = event.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                for table in TABLES {
                    db.execute_unprepared(&format!("DROP TRIGGER {table}_revision ON {table};"))
                        .await?;
                }
                db.execute_unprepared("DROP FUNCTION bump_data_revision();").await?;
            }
            _ => {
                for table in TABLES {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER {table}_revision_{event};"))
                            .await?;
                    }
                }
            }
        }
        db.execute_unprepared("DROP TABLE data_revision;").await?;
        Ok(())
    }
}
