//! Volunteer time (#18.7): one row per volunteer and month with the hours given and the
//! kilometres driven for their binômes, replaced when the volunteer corrects the month. The
//! team is the volunteer's at the time of logging, for the team totals of the indicators.
//! Hours are stored in hundredths and kilometres in tenths, so that « 2,5 » is exact on both
//! backends.

use crate::util::{index, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum VolunteerTime {
    Table,
    Id,
    PersonId,
    TeamId,
    Year,
    Month,
    HoursCenti,
    KmTenths,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(VolunteerTime::Table)
                .col(pk_auto(VolunteerTime::Id))
                .col(integer(VolunteerTime::PersonId))
                .col(integer_null(VolunteerTime::TeamId))
                .col(integer(VolunteerTime::Year))
                .col(integer(VolunteerTime::Month))
                .col(integer(VolunteerTime::HoursCenti))
                .col(integer(VolunteerTime::KmTenths))
                .col(big_integer(VolunteerTime::CreatedAt))
                .col(big_integer(VolunteerTime::UpdatedAt))
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "idx_volunteer_time_month",
            VolunteerTime::Table,
            &[VolunteerTime::PersonId, VolunteerTime::Year, VolunteerTime::Month],
        )
        .await?;
        index(
            m,
            "idx_volunteer_time_team",
            VolunteerTime::Table,
            &[VolunteerTime::TeamId, VolunteerTime::Year],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(VolunteerTime::Table).to_owned())
            .await?;
        Ok(())
    }
}
