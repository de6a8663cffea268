//! Matching rounds: suggestions a coordinator reviews, pairs excluded from later rounds, and
//! the pairings (binômes) an approval creates, with every state change recorded.

use crate::util::{index, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Suggestion {
    Table,
    Id,
    TeamId,
    RoundId,
    BeneficiaryId,
    VolunteerId,
    Score,
    DistanceKm,
    Mode,
    Reasons,
    Status,
    CreatedAt,
    DecidedAt,
    DecidedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum PairExclusion {
    Table,
    Id,
    BeneficiaryId,
    VolunteerId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Pairing {
    Table,
    Id,
    TeamId,
    BeneficiaryId,
    VolunteerId,
    State,
    Score,
    Mode,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PairingTransition {
    Table,
    Id,
    PairingId,
    FromState,
    ToState,
    ByWho,
    Note,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Suggestion::Table)
                .col(big_pk_auto(Suggestion::Id))
                .col(integer(Suggestion::TeamId))
                .col(string(Suggestion::RoundId))
                .col(integer(Suggestion::BeneficiaryId))
                .col(integer(Suggestion::VolunteerId))
                .col(double(Suggestion::Score))
                .col(double(Suggestion::DistanceKm))
                .col(string(Suggestion::Mode))
                .col(text(Suggestion::Reasons))
                .col(string(Suggestion::Status))
                .col(big_integer(Suggestion::CreatedAt))
                .col(big_integer_null(Suggestion::DecidedAt))
                .col(integer_null(Suggestion::DecidedBy))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_suggestion_team",
            Suggestion::Table,
            &[Suggestion::TeamId, Suggestion::Status],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PairExclusion::Table)
                .col(pk_auto(PairExclusion::Id))
                .col(integer(PairExclusion::BeneficiaryId))
                .col(integer(PairExclusion::VolunteerId))
                .col(string(PairExclusion::Reason))
                .col(big_integer(PairExclusion::CreatedAt))
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "uq_pair_exclusion",
            PairExclusion::Table,
            &[PairExclusion::BeneficiaryId, PairExclusion::VolunteerId],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Pairing::Table)
                .col(pk_auto(Pairing::Id))
                .col(integer(Pairing::TeamId))
                .col(integer(Pairing::BeneficiaryId))
                .col(integer(Pairing::VolunteerId))
                .col(string(Pairing::State))
                .col(double(Pairing::Score))
                .col(string(Pairing::Mode))
                .col(big_integer(Pairing::CreatedAt))
                .col(big_integer(Pairing::UpdatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_pairing_volunteer",
            Pairing::Table,
            &[Pairing::VolunteerId, Pairing::State],
        )
        .await?;
        index(
            m,
            "idx_pairing_beneficiary",
            Pairing::Table,
            &[Pairing::BeneficiaryId, Pairing::State],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PairingTransition::Table)
                .col(big_pk_auto(PairingTransition::Id))
                .col(integer(PairingTransition::PairingId))
                .col(string_null(PairingTransition::FromState))
                .col(string(PairingTransition::ToState))
                .col(string(PairingTransition::ByWho))
                .col(text_null(PairingTransition::Note))
                .col(big_integer(PairingTransition::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(PairingTransition::Table, PairingTransition::PairingId)
                        .to(Pairing::Table, Pairing::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_pairing_transition",
            PairingTransition::Table,
            &[PairingTransition::PairingId],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PairingTransition::Table.into_iden(),
            Pairing::Table.into_iden(),
            PairExclusion::Table.into_iden(),
            Suggestion::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
