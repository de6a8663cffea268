//! A dated first meeting in a real place (#15.5): each team's public places (`venue`, with
//! OpenStreetMap opening hours), the binôme's first meeting (`meeting`: one row per binôme,
//! its SEQUENCE raised at each change, cancelled with a date), and the calendar file an
//! e-mail carries (`outbox.ics`).

use crate::util::{index, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Venue {
    Table,
    Id,
    TeamId,
    Name,
    Address,
    CommuneCode,
    OpeningHours,
    AccessibilityUrl,
    RetiredAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Meeting {
    Table,
    Id,
    PairingId,
    StartsAt,
    EndsAt,
    VenueId,
    Place,
    Sequence,
    CancelledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Ics,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Venue::Table)
                .col(pk_auto(Venue::Id))
                .col(integer(Venue::TeamId))
                .col(string(Venue::Name))
                .col(string(Venue::Address))
                .col(string(Venue::CommuneCode))
                .col(string(Venue::OpeningHours))
                .col(string_null(Venue::AccessibilityUrl))
                .col(big_integer_null(Venue::RetiredAt))
                .col(big_integer(Venue::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(m, "idx_venue_team", Venue::Table, &[Venue::TeamId]).await?;
        m.create_table(
            Table::create()
                .table(Meeting::Table)
                .col(pk_auto(Meeting::Id))
                .col(integer(Meeting::PairingId))
                .col(big_integer(Meeting::StartsAt))
                .col(big_integer(Meeting::EndsAt))
                .col(integer_null(Meeting::VenueId))
                .col(text_null(Meeting::Place))
                .col(integer(Meeting::Sequence))
                .col(big_integer_null(Meeting::CancelledAt))
                .col(big_integer(Meeting::CreatedAt))
                .col(big_integer(Meeting::UpdatedAt))
                .to_owned(),
        )
        .await?;
        unique(m, "idx_meeting_pairing", Meeting::Table, &[Meeting::PairingId]).await?;
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .add_column(text_null(Outbox::Ics))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::Ics).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Meeting::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Venue::Table).to_owned()).await?;
        Ok(())
    }
}
