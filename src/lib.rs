//! binome — binômes de convivialité.
//!
//! Dependency rule (arrows point inward, never back):
//! `web`, `demo`, `cli` → `db`, `mail` → `domain`.
//! `domain` is pure: no sea-orm, no axum, no clock; time is passed in as `now`.
//! `db` alone imports sea-orm; `web` alone imports axum.

pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod mail;
pub mod password;
pub mod run;
pub mod web;

/// Milliseconds since the Unix epoch, the unit of every stored timestamp.
pub fn epoch_ms(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_millis()
}
