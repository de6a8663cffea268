//! Durable scheduled work (jobs), check-ins and the alerts a coordinator must see.

use crate::util::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Job {
    Table,
    Id,
    Kind,
    PairingId,
    RunAt,
    Status,
    Attempts,
    LeaseUntil,
    IdempotencyKey,
    LastError,
    CreatedAt,
    DoneAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Checkin {
    Table,
    Id,
    PairingId,
    PersonId,
    Role,
    Number,
    DueAt,
    AnsweredAt,
    Met,
    Mood,
    Decision,
    CallBack,
    Isolation,
    Comment,
    AnsweredBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Alert {
    Table,
    Id,
    TeamId,
    PairingId,
    PersonId,
    Kind,
    Message,
    CreatedAt,
    ClosedAt,
    ClosedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Job::Table)
                .col(big_pk_auto(Job::Id))
                .col(string(Job::Kind))
                .col(integer(Job::PairingId))
                .col(big_integer(Job::RunAt))
                .col(string(Job::Status))
                .col(integer(Job::Attempts).default(0))
                .col(big_integer_null(Job::LeaseUntil))
                .col(string_uniq(Job::IdempotencyKey))
                .col(text_null(Job::LastError))
                .col(big_integer(Job::CreatedAt))
                .col(big_integer_null(Job::DoneAt))
                .to_owned(),
        )
        .await?;
        index(m, "idx_job_due", Job::Table, &[Job::Status, Job::RunAt]).await?;

        m.create_table(
            Table::create()
                .table(Checkin::Table)
                .col(pk_auto(Checkin::Id))
                .col(integer(Checkin::PairingId))
                .col(integer(Checkin::PersonId))
                .col(string(Checkin::Role))
                .col(integer(Checkin::Number))
                .col(big_integer(Checkin::DueAt))
                .col(big_integer_null(Checkin::AnsweredAt))
                .col(string_null(Checkin::Met))
                .col(string_null(Checkin::Mood))
                .col(string_null(Checkin::Decision))
                .col(boolean(Checkin::CallBack).default(false))
                .col(integer_null(Checkin::Isolation))
                .col(text_null(Checkin::Comment))
                .col(string_null(Checkin::AnsweredBy))
                .to_owned(),
        )
        .await?;
        index(m, "idx_checkin_pairing", Checkin::Table, &[Checkin::PairingId]).await?;

        m.create_table(
            Table::create()
                .table(Alert::Table)
                .col(pk_auto(Alert::Id))
                .col(integer(Alert::TeamId))
                .col(integer_null(Alert::PairingId))
                .col(integer_null(Alert::PersonId))
                .col(string(Alert::Kind))
                .col(text(Alert::Message))
                .col(big_integer(Alert::CreatedAt))
                .col(big_integer_null(Alert::ClosedAt))
                .col(string_null(Alert::ClosedBy))
                .to_owned(),
        )
        .await?;
        index(m, "idx_alert_team", Alert::Table, &[Alert::TeamId, Alert::ClosedAt]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Alert::Table.into_iden(),
            Checkin::Table.into_iden(),
            Job::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
