//! RGPD: the audit log (who viewed, changed, exported or erased whose record, and staff
//! sign-ins), the people whose data was erased, and the reports of the retention purge.

use crate::util::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    At,
    StaffId,
    StaffLabel,
    Action,
    PersonId,
    Detail,
}

#[derive(DeriveIden, Clone, Copy)]
enum PersonErasure {
    Table,
    PersonId,
    ErasedAt,
    Reason,
}

#[derive(DeriveIden, Clone, Copy)]
enum PurgeReport {
    Table,
    Id,
    At,
    RetentionMonths,
    InactiveBefore,
    PeoplePurged,
    AuditPurged,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(big_integer(AuditLog::At))
                .col(integer_null(AuditLog::StaffId))
                .col(string(AuditLog::StaffLabel))
                .col(string(AuditLog::Action))
                .col(integer_null(AuditLog::PersonId))
                .col(text_null(AuditLog::Detail))
                .to_owned(),
        )
        .await?;
        index(m, "idx_audit_log_at", AuditLog::Table, &[AuditLog::At]).await?;
        index(
            m,
            "idx_audit_log_person",
            AuditLog::Table,
            &[AuditLog::PersonId, AuditLog::At],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PersonErasure::Table)
                .col(integer(PersonErasure::PersonId).primary_key())
                .col(big_integer(PersonErasure::ErasedAt))
                .col(string(PersonErasure::Reason))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PurgeReport::Table)
                .col(pk_auto(PurgeReport::Id))
                .col(big_integer(PurgeReport::At))
                .col(integer(PurgeReport::RetentionMonths))
                .col(big_integer(PurgeReport::InactiveBefore))
                .col(integer(PurgeReport::PeoplePurged))
                .col(big_integer(PurgeReport::AuditPurged))
                .to_owned(),
        )
        .await?;
        index(m, "idx_purge_report_at", PurgeReport::Table, &[PurgeReport::At]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PurgeReport::Table.into_iden(),
            PersonErasure::Table.into_iden(),
            AuditLog::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
