//! A revision per team, in place of the one global counter of migration 9: a change in one
//! team no longer makes every team's desk read again, and writers of different teams no longer
//! queue on one row at commit.
//!
//! `team_revision(team_id, value)` grows, kept by triggers whatever code writes, for every team
//! whose desk a changed row shows in: the row's own team (binômes, alerts, suggestions,
//! letters, the team itself), the binôme's team for a check-in, and for a person her team
//! *and* the teams of her binômes and suggestions (her name shows there). A team's row is
//! created by its first change (an upsert), so a team never changed reads 0.
//!
//! On PostgreSQL the triggers stay deferred to the commit, as in migration 9: the counter row
//! is locked only for the instant of the commit, never while the writer holds other locks; the
//! teams of one row are bumped in increasing order so that two commits cannot deadlock on them.
//! Forward-only: the old counter, its triggers and its function go.

use crate::util::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Suggestion {
    Table,
    VolunteerId,
}

/// The tables migration 9 (and 17, for letters) counted.
const OLD: [&str; 7] = ["person", "pairing", "checkin", "alert", "suggestion", "team", "letter"];

/// Each table the desk reads, with the teams a row `{r}` (OLD or NEW) shows in, as a query
/// of one column `t`.
const TEAMS_OF: [(&str, &str); 7] = [
    (
        "person",
        "SELECT {r}.team_id AS t \
         UNION SELECT team_id FROM pairing WHERE beneficiary_id = {r}.id \
         UNION SELECT team_id FROM pairing WHERE volunteer_id = {r}.id \
         UNION SELECT team_id FROM suggestion WHERE beneficiary_id = {r}.id \
         UNION SELECT team_id FROM suggestion WHERE volunteer_id = {r}.id",
    ),
    ("pairing", "SELECT {r}.team_id AS t"),
    ("checkin", "SELECT team_id AS t FROM pairing WHERE id = {r}.pairing_id"),
    ("alert", "SELECT {r}.team_id AS t"),
    ("suggestion", "SELECT {r}.team_id AS t"),
    ("letter", "SELECT {r}.team_id AS t"),
    ("team", "SELECT {r}.id AS t"),
];

fn teams_of(template: &str, row: &str) -> String {
    template.replace("{r}", row)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = m.get_database_backend() == DatabaseBackend::Postgres;
        for table in OLD {
            if postgres {
                db.execute_unprepared(&format!("DROP TRIGGER {table}_revision ON {table};"))
                    .await?;
            } else {
                for event in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!("DROP TRIGGER {table}_revision_{event};"))
                        .await?;
                }
            }
        }
        if postgres {
            db.execute_unprepared("DROP FUNCTION bump_data_revision();").await?;
        }
        db.execute_unprepared(
            "DROP TABLE data_revision; \
             CREATE TABLE team_revision (team_id INTEGER PRIMARY KEY, value BIGINT NOT NULL);",
        )
        .await?;
        // A person's suggestions are looked up by volunteer too, at each change of a person.
        index(
            m,
            "idx_suggestion_volunteer",
            Suggestion::Table,
            &[Suggestion::VolunteerId],
        )
        .await?;
        if postgres {
            postgres_triggers(db).await
        } else {
            sqlite_triggers(db).await
        }
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "la migration 18 (révision par équipe) ne se défait pas".into(),
        ))
    }
}

async fn postgres_triggers(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    // DISTINCT: an upsert may not touch one row twice; ORDER BY: rows locked in one order.
    db.execute_unprepared(
        "CREATE FUNCTION bump_team_revisions(teams integer[]) RETURNS void LANGUAGE sql AS $$ \
         INSERT INTO team_revision (team_id, value) \
         SELECT DISTINCT t, 1 FROM unnest(teams) AS t WHERE t IS NOT NULL ORDER BY 1 \
         ON CONFLICT (team_id) DO UPDATE SET value = team_revision.value + 1 $$;",
    )
    .await?;
    for (table, template) in TEAMS_OF {
        let old = teams_of(template, "OLD");
        let new = teams_of(template, "NEW");
        db.execute_unprepared(&format!(
            "CREATE FUNCTION {table}_team_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF TG_OP = 'INSERT' THEN PERFORM bump_team_revisions(ARRAY(SELECT t FROM ({new}) s)); \
             ELSIF TG_OP = 'DELETE' THEN PERFORM bump_team_revisions(ARRAY(SELECT t FROM ({old}) s)); \
             ELSE PERFORM bump_team_revisions(ARRAY(SELECT t FROM ({old}) s UNION SELECT t FROM ({new}) n)); \
             END IF; RETURN NULL; END $$;"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE CONSTRAINT TRIGGER {table}_team_revision AFTER INSERT OR UPDATE OR DELETE ON {table} \
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {table}_team_revision();"
        ))
        .await?;
    }
    Ok(())
}

async fn sqlite_triggers(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    // SQLite has one writer at a time: bumping within the statement holds nothing longer.
    let bump = |teams: String| {
        format!(
            "INSERT INTO team_revision (team_id, value) SELECT DISTINCT t, 1 FROM ({teams}) WHERE t IS NOT NULL \
             ON CONFLICT (team_id) DO UPDATE SET value = value + 1;"
        )
    };
    for (table, template) in TEAMS_OF {
        let old = teams_of(template, "OLD");
        let new = teams_of(template, "NEW");
        for (event, teams) in [
            ("insert", new.clone()),
            ("delete", old.clone()),
            ("update", format!("{old} UNION {new}")),
        ] {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_team_revision_{event} AFTER {} ON {table} FOR EACH ROW BEGIN {} END;",
                event.to_uppercase(),
                bump(teams)
            ))
            .await?;
        }
    }
    Ok(())
}
