//! The coordinator's desk: short notes on a person or a binôme (never health details), and the
//! indexes its lists read from (a team's binômes by state, the waiting list in order, a person's
//! check-ins and alerts, a binôme's latest round of check-ins).

use crate::util::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Note {
    Table,
    Id,
    PersonId,
    PairingId,
    StaffId,
    Text,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Pairing {
    Table,
    TeamId,
    State,
}

#[derive(DeriveIden, Clone, Copy)]
enum Checkin {
    Table,
    PairingId,
    PersonId,
    Number,
    DueAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Person {
    Table,
    TeamId,
    Kind,
    Status,
    WaitingSince,
}

#[derive(DeriveIden, Clone, Copy)]
enum Alert {
    Table,
    PersonId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Suggestion {
    Table,
    BeneficiaryId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Note::Table)
                .col(pk_auto(Note::Id))
                .col(integer(Note::PersonId))
                .col(integer_null(Note::PairingId))
                .col(integer(Note::StaffId))
                .col(text(Note::Text))
                .col(big_integer(Note::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(m, "idx_note_person", Note::Table, &[Note::PersonId]).await?;
        index(m, "idx_note_pairing", Note::Table, &[Note::PairingId]).await?;
        index(
            m,
            "idx_pairing_team",
            Pairing::Table,
            &[Pairing::TeamId, Pairing::State],
        )
        .await?;
        index(
            m,
            "idx_checkin_person",
            Checkin::Table,
            &[Checkin::PersonId, Checkin::DueAt],
        )
        .await?;
        index(
            m,
            "idx_checkin_round",
            Checkin::Table,
            &[Checkin::PairingId, Checkin::Number],
        )
        .await?;
        index(
            m,
            "idx_person_waiting",
            Person::Table,
            &[Person::TeamId, Person::Kind, Person::Status, Person::WaitingSince],
        )
        .await?;
        index(m, "idx_alert_person", Alert::Table, &[Alert::PersonId]).await?;
        index(
            m,
            "idx_suggestion_beneficiary",
            Suggestion::Table,
            &[Suggestion::BeneficiaryId],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("idx_suggestion_beneficiary", Suggestion::Table.into_iden()),
            ("idx_alert_person", Alert::Table.into_iden()),
            ("idx_person_waiting", Person::Table.into_iden()),
            ("idx_checkin_round", Checkin::Table.into_iden()),
            ("idx_checkin_person", Checkin::Table.into_iden()),
            ("idx_pairing_team", Pairing::Table.into_iden()),
        ] {
            m.drop_index(Index::drop().name(name).table(table).to_owned()).await?;
        }
        m.drop_table(Table::drop().table(Note::Table).to_owned()).await
    }
}
