//! A team's contact: the phone number and the address people can reach it at (shown in the
//! volunteer's space and on the easy-to-read pages; replies to e-mails go there).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Team {
    Table,
    Phone,
    Email,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column at a time.
        for column in [Team::Phone, Team::Email] {
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
        for column in [Team::Phone, Team::Email] {
            m.alter_table(Table::alter().table(Team::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
