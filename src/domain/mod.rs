//! The functional core: validated types and rules, no I/O, no clock.

pub mod account;
pub mod commune;
pub mod territory;
