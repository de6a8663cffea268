//! The coordinator's week: whether a staff member receives the Monday digest
//! (`staff.weekly_digest`, on unless they opt out), and their absences (`staff_absence`): from
//! one Paris day to another, inclusive, a colleague receives what would go to them.
//! Days are stored as `AAAA-MM-JJ` text, so that they compare as days on both backends.

use crate::util::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Staff {
    Table,
    WeeklyDigest,
}

#[derive(DeriveIden, Clone, Copy)]
enum StaffAbsence {
    Table,
    Id,
    StaffId,
    StandInId,
    FromDay,
    ToDay,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Staff::Table)
                .add_column(boolean(Staff::WeeklyDigest).default(true))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StaffAbsence::Table)
                .col(pk_auto(StaffAbsence::Id))
                .col(integer(StaffAbsence::StaffId))
                .col(integer(StaffAbsence::StandInId))
                .col(string_len(StaffAbsence::FromDay, 10))
                .col(string_len(StaffAbsence::ToDay, 10))
                .col(big_integer(StaffAbsence::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_staff_absence_staff_to",
            StaffAbsence::Table,
            &[StaffAbsence::StaffId, StaffAbsence::ToDay],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(StaffAbsence::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Staff::Table)
                .drop_column(Staff::WeeklyDigest)
                .to_owned(),
        )
        .await
    }
}
