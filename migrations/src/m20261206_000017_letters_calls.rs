//! Letters for the people who chose the post, and calls that come back: a `letter` table (the
//! words of a notice laid out as a letter, waiting to be printed by the team), the attempts of
//! a call task that got no answer (`call_attempts`, `call_retry_at` on alerts and check-ins),
//! when a person prefers to be called (`person.call_when`) and the team's postal address
//! (printed at the top of its letters).

use crate::util::index;
use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Letter {
    Table,
    Id,
    TeamId,
    PersonId,
    PairingId,
    Title,
    Body,
    CreatedAt,
    PrintedAt,
    PrintedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Alert {
    Table,
}

#[derive(DeriveIden, Clone, Copy)]
enum Checkin {
    Table,
}

#[derive(DeriveIden, Clone, Copy)]
enum Person {
    Table,
    CallWhen,
}

#[derive(DeriveIden, Clone, Copy)]
enum Team {
    Table,
    PostalAddress,
}

#[derive(DeriveIden, Clone, Copy)]
enum Call {
    CallAttempts,
    CallRetryAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Letter::Table)
                .col(pk_auto(Letter::Id))
                .col(integer(Letter::TeamId))
                .col(integer(Letter::PersonId))
                .col(integer_null(Letter::PairingId))
                .col(string(Letter::Title))
                .col(text(Letter::Body))
                .col(big_integer(Letter::CreatedAt))
                .col(big_integer_null(Letter::PrintedAt))
                .col(string_null(Letter::PrintedBy))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_letter_team_printed",
            Letter::Table,
            &[Letter::TeamId, Letter::PrintedAt],
        )
        .await?;
        index(m, "idx_letter_person", Letter::Table, &[Letter::PersonId]).await?;
        // The desk counts the letters to print: they make the data revision grow, like the
        // tables of migration 9.
        let db = m.get_connection();
        match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE CONSTRAINT TRIGGER letter_revision AFTER INSERT OR UPDATE OR DELETE ON letter \
                     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_revision();",
                )
                .await?;
            }
            _ => {
                for event in ["insert", "update", "delete"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER letter_revision_{event} AFTER {} ON letter FOR EACH ROW \
                         BEGIN UPDATE data_revision SET value = value + 1 WHERE id = 1; END;",
                        event.to_uppercase()
                    ))
                    .await?;
                }
            }
        }
        // SQLite alters one column at a time.
        for table in [Alert::Table.into_iden(), Checkin::Table.into_iden()] {
            m.alter_table(
                Table::alter()
                    .table(table.clone())
                    .add_column(integer(Call::CallAttempts).default(0))
                    .to_owned(),
            )
            .await?;
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(big_integer_null(Call::CallRetryAt))
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Person::Table)
                .add_column(string_null(Person::CallWhen))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Team::Table)
                .add_column(string_null(Team::PostalAddress))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Team::Table)
                .drop_column(Team::PostalAddress)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Person::Table)
                .drop_column(Person::CallWhen)
                .to_owned(),
        )
        .await?;
        for table in [Alert::Table.into_iden(), Checkin::Table.into_iden()] {
            for column in [Call::CallAttempts, Call::CallRetryAt] {
                m.alter_table(Table::alter().table(table.clone()).drop_column(column).to_owned())
                    .await?;
            }
        }
        // Dropping the table drops its triggers.
        m.drop_table(Table::drop().table(Letter::Table).to_owned()).await
    }
}
