//! Backups as an operator runs them: `binome sauvegarde` / `binome restaurer` on SQLite and
//! PostgreSQL while 8 clients sign volunteers up, Litestream's continuous replica, and the
//! daily backup the service takes itself.

mod daily;
mod drill;
mod litestream;
mod postgres;
mod sqlite;
