//! The database shell: the only module that imports sea-orm.
//! Connects to SQLite or PostgreSQL, runs the one migration history, and offers one query
//! module per concept. Times cross this boundary as UTC epoch milliseconds.

pub mod access;
pub mod audit;
pub mod backup;
pub mod charters;
pub mod checkins;
pub mod communes;
pub mod dashboard;
pub mod discretion;
pub(crate) mod entities;
pub mod feedback;
pub mod health;
pub mod indicators;
pub mod interests;
pub mod jobs;
mod lease;
pub mod letters;
pub mod meetings;
pub mod metrics;
pub mod notes;
pub mod outbox;
pub mod pairings;
pub mod people;
pub mod revision;
pub mod rgpd;
pub mod sessions;
pub mod settings;
pub mod sms;
pub mod staff;
pub mod suggestions;
pub mod teams;
pub mod throttle;
pub mod timeline;
pub mod transport;
pub mod volunteer_time;
pub mod week;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, DbErr, SqlErr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A database failure, opaque to the rest of the program.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// A unique index refused the value of this profile field: another person already has it.
    #[error("already used by another person: {}", .0.name())]
    Taken(crate::domain::profile::Field),
}

impl DbError {
    /// True when the failure is a unique constraint: the caller turns it into a field error.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, DbError::Taken(_))
            || matches!(self, DbError::Db(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))))
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// A shared, cloneable handle on the pool.
#[derive(Clone, Debug)]
pub struct Db {
    pub(crate) conn: DatabaseConnection,
    /// On PostgreSQL, a few read-only connections set up for the desk's one statement
    /// (`dashboard::reading`): its plan kept and made for rows held in memory, without a
    /// transaction around each reading to say so. Elsewhere, `conn`.
    reader: Option<DatabaseConnection>,
    /// Statements sent so far through these pools (sea-orm's metric callback): how a test tells
    /// what one reading costs.
    statements: Arc<AtomicU64>,
}

impl Db {
    /// Opens `url` (`sqlite://file.db` is created if missing, or `postgres://…`).
    pub async fn connect(url: &str) -> DbResult<Self> {
        let url = sqlite_create_if_missing(url);
        let mut options = ConnectOptions::new(url.clone());
        options.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
        if url.starts_with("sqlite:") {
            // SQLite writes one at a time; a few connections keep reads concurrent.
            options.max_connections(4).min_connections(1);
            // Every connection overwrites what it deletes: erased values leave the file.
            options.map_sqlx_sqlite_opts(|o| o.pragma("secure_delete", "ON"));
        } else {
            options.max_connections(16);
        }
        let mut conn = Database::connect(options).await?;
        let statements = Arc::new(AtomicU64::new(0));
        count_statements(&mut conn, &statements);
        let mut reader = None;
        if conn.get_database_backend() == DbBackend::Sqlite {
            use sea_orm::ConnectionTrait;
            conn.execute_unprepared("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;")
                .await?;
        } else {
            let mut desk = Database::connect(desk_reader(&url)).await?;
            count_statements(&mut desk, &statements);
            reader = Some(desk);
        }
        Ok(Self {
            conn,
            reader,
            statements,
        })
    }

    /// Where the desk's statement runs: the reader connections on PostgreSQL, else the pool.
    pub(crate) fn desk_reader(&self) -> &DatabaseConnection {
        self.reader.as_ref().unwrap_or(&self.conn)
    }

    /// Runs pending migrations, then loads the communes shipped with this version.
    pub async fn migrate(&self) -> DbResult<()> {
        Migrator::up(&self.conn, None).await?;
        communes::sync(self).await?;
        charters::ensure_default(self, crate::epoch_ms(chrono::Utc::now())).await?;
        Ok(())
    }

    /// How many statements this pool has sent since it was opened.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// A transaction that writes. On SQLite it takes the write lock at `BEGIN` (`IMMEDIATE`):
    /// a deferred transaction that reads first and writes later cannot wait for the lock when
    /// another writer holds it and fails with « database is locked » (a 500 under load), while
    /// `BEGIN IMMEDIATE` waits its turn under `busy_timeout`. PostgreSQL ignores the mode.
    pub async fn begin_write(&self) -> Result<sea_orm::DatabaseTransaction, DbErr> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        self.conn
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
    }

    pub fn is_postgres(&self) -> bool {
        self.conn.get_database_backend() == DbBackend::Postgres
    }

    pub async fn close(self) -> DbResult<()> {
        if let Some(reader) = self.reader {
            reader.close().await?;
        }
        Ok(self.conn.close().await?)
    }
}

fn count_statements(conn: &mut DatabaseConnection, statements: &Arc<AtomicU64>) {
    let counted = statements.clone();
    conn.set_metric_callback(move |_| {
        counted.fetch_add(1, Ordering::Relaxed);
    });
}

/// The desk's reader connections on PostgreSQL, opened when first needed: read-only; the
/// statement's plan made once per connection (`plan_cache_mode`: planning its forty-odd
/// subqueries costs more than running them, and PostgreSQL would plan a prepared statement
/// again for its parameters); a random read costing little more than a sequential one
/// (`random_page_cost` 1.1, the usual setting for SSDs and data held in memory, as a desk's
/// rows are: with the default of 4, made for spinning disks, the plan scans a whole table to
/// join 20 rows). Set per connection, they cost a reading no round trip.
fn desk_reader(url: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10))
        .max_connections(4)
        .min_connections(0)
        .connect_lazy(true)
        .map_sqlx_postgres_opts(|o| {
            o.options([
                ("default_transaction_read_only", "on"),
                ("plan_cache_mode", "force_generic_plan"),
                ("random_page_cost", "1.1"),
            ])
        });
    options
}

fn sqlite_create_if_missing(url: &str) -> String {
    if url.starts_with("sqlite:") && !url.contains("mode=") && !url.contains(":memory:") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    } else {
        url.to_string()
    }
}
