//! A second number per team, `matching_revision`, for what the team's live matching instance
//! holds (the proposals page's alternatives, « Chercher un·e bénévole », the unmet demand):
//! its waiting people and approved volunteers, their interests and consents, the exclusions,
//! and every binôme (a binôme counts against its volunteer's capacity, keeps its person from
//! waiting, and excludes its pair). The desk's revision (migration 18) grows at every check-in,
//! alert or sign-up of the team, and the instance, kept under it, was read again at the next
//! reading (150 ms at 3,000 people) although none of those changes what it holds.
//!
//! Kept by triggers as migration 18's: deferred to the commit on PostgreSQL, teams bumped in
//! increasing order; a team's row created by its first change, so a team never changed reads
//! 0. A person counts only while she is waiting or approved (before or after the change): a
//! volunteer signing up, confirming her address or waiting for approval changes no instance.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each table the instance reads, with the teams whose instance a row `{r}` (OLD or NEW)
/// changes, as a query of one column `t`. The interests and consents of someone who is not in
/// an instance (a volunteer signing up) change none: her approval will.
const TEAMS_OF: [(&str, &str); 5] = [
    ("person", "SELECT {r}.team_id AS t"),
    (
        "pairing",
        "SELECT {r}.team_id AS t UNION SELECT team_id FROM person WHERE id = {r}.beneficiary_id \
         UNION SELECT team_id FROM person WHERE id = {r}.volunteer_id",
    ),
    (
        "consent",
        "SELECT team_id AS t FROM person WHERE id = {r}.person_id AND status IN ('waiting', 'approved')",
    ),
    (
        "person_interest",
        "SELECT team_id AS t FROM person WHERE id = {r}.person_id AND status IN ('waiting', 'approved')",
    ),
    (
        "pair_exclusion",
        "SELECT team_id AS t FROM person WHERE id = {r}.beneficiary_id \
         UNION SELECT team_id FROM person WHERE id = {r}.volunteer_id",
    ),
];

/// A person row counts while she is in an instance: waiting or approved.
const MATCHABLE: &str = "{r}.status IN ('waiting', 'approved')";

fn of(template: &str, row: &str) -> String {
    template.replace("{r}", row)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("CREATE TABLE matching_revision (team_id INTEGER PRIMARY KEY, value BIGINT NOT NULL);")
            .await?;
        if m.get_database_backend() == DatabaseBackend::Postgres {
            postgres_triggers(db).await
        } else {
            sqlite_triggers(db).await
        }
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "la migration 25 (révision des binômes possibles) ne se défait pas".into(),
        ))
    }
}

async fn postgres_triggers(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    db.execute_unprepared(
        "CREATE FUNCTION bump_matching_revisions(teams integer[]) RETURNS void LANGUAGE sql AS $$ \
         INSERT INTO matching_revision (team_id, value) \
         SELECT DISTINCT t, 1 FROM unnest(teams) AS t WHERE t IS NOT NULL ORDER BY 1 \
         ON CONFLICT (team_id) DO UPDATE SET value = matching_revision.value + 1 $$;",
    )
    .await?;
    for (table, template) in TEAMS_OF {
        let (old, new) = (of(template, "OLD"), of(template, "NEW"));
        let (old_counts, new_counts) = if table == "person" {
            (of(MATCHABLE, "OLD"), of(MATCHABLE, "NEW"))
        } else {
            ("TRUE".to_string(), "TRUE".to_string())
        };
        db.execute_unprepared(&format!(
            "CREATE FUNCTION {table}_matching_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF TG_OP = 'INSERT' THEN \
               IF {new_counts} THEN PERFORM bump_matching_revisions(ARRAY(SELECT t FROM ({new}) s)); END IF; \
             ELSIF TG_OP = 'DELETE' THEN \
               IF {old_counts} THEN PERFORM bump_matching_revisions(ARRAY(SELECT t FROM ({old}) s)); END IF; \
             ELSIF {old_counts} OR {new_counts} THEN \
               PERFORM bump_matching_revisions(ARRAY(SELECT t FROM ({old}) s UNION SELECT t FROM ({new}) n)); \
             END IF; RETURN NULL; END $$;"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE CONSTRAINT TRIGGER {table}_matching_revision AFTER INSERT OR UPDATE OR DELETE ON {table} \
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {table}_matching_revision();"
        ))
        .await?;
    }
    Ok(())
}

async fn sqlite_triggers(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    let bump = |teams: String| {
        format!(
            "INSERT INTO matching_revision (team_id, value) SELECT DISTINCT t, 1 FROM ({teams}) WHERE t IS NOT NULL \
             ON CONFLICT (team_id) DO UPDATE SET value = value + 1;"
        )
    };
    for (table, template) in TEAMS_OF {
        let (old, new) = (of(template, "OLD"), of(template, "NEW"));
        let when = |event: &str| match (table, event) {
            ("person", "insert") => format!(" WHEN {}", of(MATCHABLE, "NEW")),
            ("person", "delete") => format!(" WHEN {}", of(MATCHABLE, "OLD")),
            ("person", _) => format!(" WHEN {} OR {}", of(MATCHABLE, "OLD"), of(MATCHABLE, "NEW")),
            _ => String::new(),
        };
        for (event, teams) in [
            ("insert", new.clone()),
            ("delete", old.clone()),
            ("update", format!("{old} UNION {new}")),
        ] {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {table}_matching_revision_{event} AFTER {} ON {table} FOR EACH ROW{} BEGIN {} END;",
                event.to_uppercase(),
                when(event),
                bump(teams)
            ))
            .await?;
        }
    }
    Ok(())
}
