//! binome — binômes de convivialité.
//!
//! Dependency rule (arrows point inward, never back; `tests/it/layers.rs` checks it):
//! - `domain` and `matching`: pure rules and types — no sea-orm, no axum, no clock, no I/O;
//!   time is passed in as `now` (or an instance's `as_of`). They import only each other,
//!   `data` (the shipped communes) and `secret`-free std/crates.
//! - `clock`, `config`, `data`, `password`, `secret`, `worker`: leaves (they import nothing of
//!   binome).
//! - `db`: the only importer of sea-orm → `domain`, `matching`, `data`, `secret`. Never `app`,
//!   `web`, `jobs`, `notice`, `mail`.
//! - `mail` (the mailer and the outbox's sender) → `db`, `domain`, `config`, `worker`.
//! - `links` (minting a single-use link: its secret, path and stored hash) → `domain`, `secret`.
//! - `notice` (how a person is told: e-mail or call task) → `db`, `domain`.
//! - `rounds` (a live matching round) → `db`, `domain`, `matching`.
//! - `backup` (`binome sauvegarde`/`restaurer` and the daily backup job) → `config`, `db`,
//!   `domain`, and `app`'s single-instance lock only in the restore command. Never `web`.
//! - `jobs` (the scheduler's pass, given the database, the `Links` and the daily backup) →
//!   `backup`, `db`, `domain`, `links`, `mail`, `notice`, `secret`, `worker`. Never `app` or `web`.
//! - `bench`: the benchmarks' fixtures and drivers (`binome bench-jobs`, the desk's load
//!   team). Never used by the service; like `db` it may write rows with sea-orm directly.
//! - `web`: the only importer of axum → everything above but `cli`, `run`, `offline`.
//! - `app` (shared state, `serve`) → `config`, `db`, `mail`, `jobs`, `links`, `web`, `worker`,
//!   `secret`.
//! - `cli`, `run`, `offline`, `demo`: the binary's commands, at the outside.

pub mod app;
pub mod backup;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod data;
pub mod db;
pub mod demo;
pub mod domain;
pub mod jobs;
pub mod links;
pub mod logs;
pub mod mail;
pub mod matching;
pub mod metrics;
pub mod notice;
pub mod offline;
pub mod password;
pub mod rounds;
pub mod run;
pub mod secret;
pub mod sms;
pub mod web;
pub mod worker;

/// Milliseconds since the Unix epoch, the unit of every stored timestamp.
pub fn epoch_ms(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_millis()
}
