//! The one migration history of binome. It runs unchanged on SQLite and PostgreSQL:
//! tables are described with sea-query, never with backend-specific SQL.
//! Timestamps are UTC epoch milliseconds (BIGINT), so comparisons are numeric on both.
//! Migrations are forward-only (the service never runs a `down`) and each one runs in its own
//! transaction on both backends (`atomic`).

pub use sea_orm_migration::prelude::*;

mod atomic;
mod m20261125_000001_foundation;
mod m20261125_000002_people;
mod m20261125_000003_matching;
mod m20261125_000004_jobs;
mod m20261125_000005_lifecycle;
mod m20261125_000006_rgpd;
mod m20261125_000007_notes;
mod m20261125_000008_totp;
mod m20261125_000009_revision;
mod m20261203_000010_rgpd_hardening;
mod m20261203_000011_staff_offboarding;
mod m20261203_000012_rate_limits;
mod m20261204_000013_checkin_once;
mod m20261204_000014_team_contact;
mod m20261206_000015_sms;
mod m20261206_000016_meetings;
mod m20261206_000017_letters_calls;
mod m20261207_000018_team_revision;
mod m20261208_000019_coordinator_week;
mod m20261208_000020_discretion_transport;
mod m20261208_000021_reciprocity;
mod m20261208_000022_volunteer_time;
mod m20261208_000023_desk_indexes;
mod m20261209_000024_rate_counts;
mod m20261210_000025_matching_revision;
mod util;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let all: Vec<Box<dyn MigrationTrait>> = vec![
            Box::new(m20261125_000001_foundation::Migration),
            Box::new(m20261125_000002_people::Migration),
            Box::new(m20261125_000003_matching::Migration),
            Box::new(m20261125_000004_jobs::Migration),
            Box::new(m20261125_000005_lifecycle::Migration),
            Box::new(m20261125_000006_rgpd::Migration),
            Box::new(m20261125_000007_notes::Migration),
            Box::new(m20261125_000008_totp::Migration),
            Box::new(m20261125_000009_revision::Migration),
            Box::new(m20261203_000010_rgpd_hardening::Migration),
            Box::new(m20261203_000011_staff_offboarding::Migration),
            Box::new(m20261203_000012_rate_limits::Migration),
            Box::new(m20261204_000013_checkin_once::Migration),
            Box::new(m20261204_000014_team_contact::Migration),
            Box::new(m20261206_000015_sms::Migration),
            Box::new(m20261206_000016_meetings::Migration),
            Box::new(m20261206_000017_letters_calls::Migration),
            Box::new(m20261207_000018_team_revision::Migration),
            Box::new(m20261208_000019_coordinator_week::Migration),
            Box::new(m20261208_000020_discretion_transport::Migration),
            Box::new(m20261208_000021_reciprocity::Migration),
            Box::new(m20261208_000022_volunteer_time::Migration),
            Box::new(m20261208_000023_desk_indexes::Migration),
            Box::new(m20261209_000024_rate_counts::Migration),
            Box::new(m20261210_000025_matching_revision::Migration),
        ];
        all.into_iter()
            .map(|m| Box::new(atomic::Atomic(m)) as Box<dyn MigrationTrait>)
            .collect()
    }
}
