//! The functional core: validated types and rules, no I/O, no clock.

pub mod access;
pub mod account;
pub mod alert;
pub mod availability;
pub mod checkin;
pub mod commune;
pub mod consent;
pub mod dates;
pub mod duration;
pub mod email;
pub mod indicators;
pub mod job;
pub mod link;
pub mod pairing;
pub mod person;
pub mod pictogram;
pub mod profile;
pub mod reach;
pub mod rgpd;
pub mod second_factor;
pub mod sms;
pub mod territory;
pub mod text;
pub mod throttle;
