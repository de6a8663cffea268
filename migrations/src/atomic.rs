//! Every migration runs in its own transaction on both backends. sea-orm-migration wraps a
//! migration in a transaction only on PostgreSQL unless the migration asks otherwise
//! (`MigrationTrait::use_transaction`, `None` = the backend's convention); SQLite's schema
//! changes are transactional too, so a migration that fails midway there must leave no
//! half-applied schema either: the statements already run are rolled back and
//! `seaql_migrations` does not list it, so the next `binome migrate` starts it again cleanly.

use sea_orm_migration::prelude::*;

/// A migration forced into a transaction, whatever the backend.
pub struct Atomic(pub Box<dyn MigrationTrait>);

impl MigrationName for Atomic {
    fn name(&self) -> &str {
        self.0.name()
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Atomic {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.up(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.down(manager).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
