//! binome — binômes de convivialité.
//!
//! Dependency rule (arrows point inward, never back):
//! `web`, `demo`, `cli` → `db`, `mail` → `domain`; `offline` (the file-based matching
//! commands) → `matching` → `domain`.
//! `domain` and `matching` are pure: no sea-orm, no axum, no clock, no I/O; time is passed in
//! as `now` (or an instance's `as_of`).
//! `db` alone imports sea-orm; `web` alone imports axum.

pub mod app;
pub mod bench_jobs;
pub mod cli;
pub mod config;
pub mod data;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod jobs;
pub mod mail;
pub mod matching;
pub mod notice;
pub mod offline;
pub mod password;
pub mod rounds;
pub mod run;
pub mod web;
pub mod worker;

/// Milliseconds since the Unix epoch, the unit of every stored timestamp.
pub fn epoch_ms(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_millis()
}
