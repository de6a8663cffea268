//! One check-in per binôme, person and number: the check-in job may be replayed after a
//! failure, and the replay must find the check-in it opened instead of opening another.
//! Duplicates left by earlier replays are removed first, keeping the answered one (or the
//! first one when none was answered); an answered check-in is never removed.

use crate::util::unique;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Checkin {
    Table,
    PairingId,
    PersonId,
    Number,
}

const INDEX: &str = "uq_checkin_person_number";

const REMOVE_DUPLICATES: &str = "DELETE FROM checkin WHERE answered_at IS NULL AND EXISTS (
    SELECT 1 FROM checkin AS kept
    WHERE kept.pairing_id = checkin.pairing_id
      AND kept.person_id = checkin.person_id
      AND kept.number = checkin.number
      AND (kept.answered_at IS NOT NULL OR kept.id < checkin.id))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection().execute_unprepared(REMOVE_DUPLICATES).await?;
        unique(
            m,
            INDEX,
            Checkin::Table,
            &[Checkin::PairingId, Checkin::PersonId, Checkin::Number],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(INDEX).table(Checkin::Table).to_owned())
            .await
    }
}
