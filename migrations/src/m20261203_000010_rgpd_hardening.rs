//! RGPD hardening of the data already stored, for what the code now does as it goes:
//! an e-mail that is sent, dead or cancelled keeps its subject and dates but no text (the
//! text held its single-use link), and the team's notes about people already erased, or
//! about their binômes, are deleted as an erasure now does.
//! Nothing comes back on the way down.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE outbox SET body_text = '', body_html = NULL \
             WHERE status IN ('sent', 'dead', 'cancelled')",
        )
        .await?;
        db.execute_unprepared(
            "DELETE FROM note WHERE person_id IN (SELECT person_id FROM person_erasure) \
             OR pairing_id IN (SELECT p.id FROM pairing p JOIN person_erasure e \
             ON e.person_id = p.beneficiary_id OR e.person_id = p.volunteer_id)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
