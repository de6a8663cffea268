//! Indexes for the coordinator's desk read in one statement (`db::dashboard::reading`):
//! - the check-ins still unanswered, by binôme and due date: the calls to make and each
//!   binôme's next check-in read only the open ones, not every check-in ever asked;
//! - the jobs of a binôme by kind and status: a binôme's next scheduled check-in is found
//!   among its own jobs, not among every pending job of the service.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Checkin {
    Table,
    PairingId,
    DueAt,
    AnsweredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Job {
    Table,
    PairingId,
    Kind,
    Status,
}

const OPEN_CHECKINS: &str = "idx_checkin_open";
const JOBS_OF_PAIRING: &str = "idx_job_pairing";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(OPEN_CHECKINS)
                .table(Checkin::Table)
                .col(Checkin::PairingId)
                .col(Checkin::DueAt)
                .and_where(Expr::col(Checkin::AnsweredAt).is_null())
                .to_owned(),
        )
        .await?;
        crate::util::index(
            m,
            JOBS_OF_PAIRING,
            Job::Table,
            &[Job::PairingId, Job::Kind, Job::Status],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(JOBS_OF_PAIRING).table(Job::Table).to_owned())
            .await?;
        m.drop_index(Index::drop().name(OPEN_CHECKINS).table(Checkin::Table).to_owned())
            .await
    }
}
