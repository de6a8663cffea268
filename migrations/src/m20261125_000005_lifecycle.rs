//! The rest of a pairing's life: a check-in interval per team, why a pairing ended, and the
//! short feedback each side may give at the end.

use crate::util::unique;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Team {
    Table,
    CheckinEveryDays,
}

#[derive(DeriveIden, Clone, Copy)]
enum Pairing {
    Table,
    EndReason,
}

#[derive(DeriveIden, Clone, Copy)]
enum PairingFeedback {
    Table,
    Id,
    PairingId,
    PersonId,
    Rating,
    WantsAnother,
    Comment,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Team::Table)
                .add_column(integer(Team::CheckinEveryDays).default(28))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Pairing::Table)
                .add_column(string_null(Pairing::EndReason))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PairingFeedback::Table)
                .col(pk_auto(PairingFeedback::Id))
                .col(integer(PairingFeedback::PairingId))
                .col(integer(PairingFeedback::PersonId))
                .col(string(PairingFeedback::Rating))
                .col(boolean(PairingFeedback::WantsAnother))
                .col(text_null(PairingFeedback::Comment))
                .col(big_integer(PairingFeedback::CreatedAt))
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "uq_feedback_pairing_person",
            PairingFeedback::Table,
            &[PairingFeedback::PairingId, PairingFeedback::PersonId],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PairingFeedback::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Pairing::Table)
                .drop_column(Pairing::EndReason)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Team::Table)
                .drop_column(Team::CheckinEveryDays)
                .to_owned(),
        )
        .await
    }
}
