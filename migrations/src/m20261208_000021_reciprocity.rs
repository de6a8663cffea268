//! Donnant-donnant (issue #18, point 4): what an isolated person likes to share
//! (`person.shares`, topic codes, and `person.share_note`, her own words) and what a volunteer
//! would like to discover (`person.learns`). Existing people get empty lists.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Person {
    Table,
    Shares,
    ShareNote,
    Learns,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column at a time.
        for column in [
            string(Person::Shares).default("").to_owned(),
            string_null(Person::ShareNote),
            string(Person::Learns).default("").to_owned(),
        ] {
            m.alter_table(Table::alter().table(Person::Table).add_column(column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Person::Shares, Person::ShareNote, Person::Learns] {
            m.alter_table(Table::alter().table(Person::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
