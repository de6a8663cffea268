//! Discretion and getting there (#18.3, #18.5): a waiting person may ask for a volunteer from
//! another commune (`person.other_commune`) and say they have no transport
//! (`person.needs_transport`); the people they do not want to meet are `pair_exclusion` rows
//! with the reason "avoided". A team names its local *transport solidaire* (`team.transport_*`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Person {
    Table,
    OtherCommune,
    NeedsTransport,
}

#[derive(DeriveIden, Clone, Copy)]
enum Team {
    Table,
    TransportName,
    TransportPhone,
    TransportNote,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column at a time.
        for column in [Person::OtherCommune, Person::NeedsTransport] {
            m.alter_table(
                Table::alter()
                    .table(Person::Table)
                    .add_column(boolean(column).default(false))
                    .to_owned(),
            )
            .await?;
        }
        for column in [Team::TransportName, Team::TransportPhone, Team::TransportNote] {
            m.alter_table(
                Table::alter()
                    .table(Team::Table)
                    .add_column(string_null(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Person::OtherCommune, Person::NeedsTransport] {
            m.alter_table(Table::alter().table(Person::Table).drop_column(column).to_owned())
                .await?;
        }
        for column in [Team::TransportName, Team::TransportPhone, Team::TransportNote] {
            m.alter_table(Table::alter().table(Team::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
