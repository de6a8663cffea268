//! Second factor for staff: a TOTP secret (base32, as the authenticator app shows it), the moment
//! it was confirmed, and the last time step accepted (a code is accepted only once).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Staff {
    Table,
    TotpSecret,
    TotpEnabledAt,
    TotpLastStep,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite cannot add several in one ALTER TABLE.
        for column in [
            text_null(Staff::TotpSecret),
            big_integer_null(Staff::TotpEnabledAt),
            big_integer_null(Staff::TotpLastStep),
        ] {
            m.alter_table(Table::alter().table(Staff::Table).add_column(column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Staff::TotpLastStep, Staff::TotpEnabledAt, Staff::TotpSecret] {
            m.alter_table(Table::alter().table(Staff::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
