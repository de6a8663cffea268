//! A rate limit's running count, kept on its bucket row: how many requests the window held
//! when it was last counted, and when. A request then counts only the requests that left the
//! window since, not every request of the last hour (a global limit of many thousands an hour
//! was counted row by row on each sign-up, under the bucket's lock). Both stay empty until
//! the bucket is first counted in full.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum RateBucket {
    Table,
    Used,
    CountedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column at a time.
        for column in [RateBucket::Used, RateBucket::CountedAt] {
            m.alter_table(
                Table::alter()
                    .table(RateBucket::Table)
                    .add_column(big_integer_null(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [RateBucket::Used, RateBucket::CountedAt] {
            m.alter_table(Table::alter().table(RateBucket::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
