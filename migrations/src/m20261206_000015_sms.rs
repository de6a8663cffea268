//! SMS (issue #15): a person may choose SMS and answer STOP (`person.sms_stopped_at`); each
//! team has its own SMSC contract (`team.smpp_*`); SMS wait in their own outbox
//! (`sms_outbox`, the same lease columns as `outbox`), the question each person may answer by
//! SMS is `sms_question`, and what people send is kept in `sms_inbox` until handled.

use crate::util::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Person {
    Table,
    SmsStoppedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Team {
    Table,
    SmppHost,
    SmppPort,
    SmppSystemId,
    SmppPassword,
    SmppSender,
}

#[derive(DeriveIden, Clone, Copy)]
enum SmsOutbox {
    Table,
    Id,
    TeamId,
    PersonId,
    Phone,
    Text,
    Segments,
    Kind,
    Status,
    RunAt,
    Attempts,
    LeaseUntil,
    LastError,
    CreatedAt,
    SentAt,
    IdempotencyKey,
}

#[derive(DeriveIden, Clone, Copy)]
enum SmsQuestion {
    Table,
    Id,
    PersonId,
    Kind,
    SubjectId,
    AskedAt,
    AnsweredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SmsInbox {
    Table,
    Id,
    TeamId,
    PersonId,
    Phone,
    Text,
    ReceivedAt,
    HandledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Person::Table)
                .add_column(big_integer_null(Person::SmsStoppedAt))
                .to_owned(),
        )
        .await?;
        // SQLite alters one column at a time.
        for column in [Team::SmppHost, Team::SmppSystemId, Team::SmppPassword, Team::SmppSender] {
            m.alter_table(
                Table::alter()
                    .table(Team::Table)
                    .add_column(string_null(column))
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Team::Table)
                .add_column(integer_null(Team::SmppPort))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SmsOutbox::Table)
                .col(big_pk_auto(SmsOutbox::Id))
                .col(integer(SmsOutbox::TeamId))
                .col(integer_null(SmsOutbox::PersonId))
                .col(string(SmsOutbox::Phone))
                .col(text(SmsOutbox::Text))
                .col(integer(SmsOutbox::Segments))
                .col(string(SmsOutbox::Kind))
                .col(string(SmsOutbox::Status))
                .col(big_integer(SmsOutbox::RunAt))
                .col(integer(SmsOutbox::Attempts).default(0))
                .col(big_integer_null(SmsOutbox::LeaseUntil))
                .col(text_null(SmsOutbox::LastError))
                .col(big_integer(SmsOutbox::CreatedAt))
                .col(big_integer_null(SmsOutbox::SentAt))
                .col(string_uniq(SmsOutbox::IdempotencyKey))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_sms_outbox_due",
            SmsOutbox::Table,
            &[SmsOutbox::Status, SmsOutbox::RunAt],
        )
        .await?;
        index(m, "idx_sms_outbox_person", SmsOutbox::Table, &[SmsOutbox::PersonId]).await?;
        m.create_table(
            Table::create()
                .table(SmsQuestion::Table)
                .col(pk_auto(SmsQuestion::Id))
                .col(integer(SmsQuestion::PersonId))
                .col(string(SmsQuestion::Kind))
                .col(integer(SmsQuestion::SubjectId))
                .col(big_integer(SmsQuestion::AskedAt))
                .col(big_integer_null(SmsQuestion::AnsweredAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_sms_question_person",
            SmsQuestion::Table,
            &[SmsQuestion::PersonId],
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SmsInbox::Table)
                .col(big_pk_auto(SmsInbox::Id))
                .col(integer(SmsInbox::TeamId))
                .col(integer_null(SmsInbox::PersonId))
                .col(string(SmsInbox::Phone))
                .col(text(SmsInbox::Text))
                .col(big_integer(SmsInbox::ReceivedAt))
                .col(big_integer_null(SmsInbox::HandledAt))
                .to_owned(),
        )
        .await?;
        index(m, "idx_sms_inbox_handled", SmsInbox::Table, &[SmsInbox::HandledAt]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["sms_inbox", "sms_question", "sms_outbox"] {
            m.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        for column in [
            Team::SmppHost,
            Team::SmppPort,
            Team::SmppSystemId,
            Team::SmppPassword,
            Team::SmppSender,
        ] {
            m.alter_table(Table::alter().table(Team::Table).drop_column(column).to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Person::Table)
                .drop_column(Person::SmsStoppedAt)
                .to_owned(),
        )
        .await
    }
}
