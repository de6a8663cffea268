//! Rate limits for what an anonymous visitor can trigger (sign-up, sign-in links): one row per
//! accepted request, counted per bucket and subject (an address, a client address, or "*" for
//! everyone), so the limits hold across instances.

use crate::util::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One row per bucket and subject, locked while a request counts and takes its place, so
/// that concurrent requests are admitted one after the other, exactly up to the limit.
#[derive(DeriveIden, Clone, Copy)]
enum RateBucket {
    Table,
    Bucket,
    Subject,
    TouchedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RateEvent {
    Table,
    Id,
    Bucket,
    Subject,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RateEvent::Table)
                .col(big_pk_auto(RateEvent::Id))
                .col(string(RateEvent::Bucket))
                .col(string(RateEvent::Subject))
                .col(big_integer(RateEvent::At))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RateBucket::Table)
                .col(string(RateBucket::Bucket))
                .col(string(RateBucket::Subject))
                .col(big_integer(RateBucket::TouchedAt))
                .primary_key(Index::create().col(RateBucket::Bucket).col(RateBucket::Subject))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_rate_event_subject",
            RateEvent::Table,
            &[RateEvent::Bucket, RateEvent::Subject, RateEvent::At],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RateBucket::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(RateEvent::Table).to_owned()).await
    }
}
