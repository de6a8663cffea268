//! Upgrading from the previous release (#16.5, must show 4). Its own database — made by
//! release 2d64027's migrations, demo and web pages (tests/fixtures/upgrade/README.md) — is
//! loaded into a fresh SQLite file or PostgreSQL database, migrated by today's code and lived
//! on; and a migration that fails midway leaves nothing half-applied, on both backends.

mod atomic;
mod journey;
mod schema;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use std::io::Read;
use std::path::PathBuf;

/// The release the fixtures come from.
pub const RELEASE: &str = "2d64027";

/// The last migration of that release.
pub const LAST_OLD_MIGRATION: &str = "m20261204_000014_team_contact";

/// The SQL text of a fixture (`sqlite` or `postgres`), uncompressed.
fn fixture(backend: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/upgrade")
        .join(format!("release-{RELEASE}.{backend}.sql.gz"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut sql = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut sql).unwrap();
    sql
}

/// A database holding what the previous release left, not migrated further yet.
pub enum Old {
    Sqlite { dir: tempfile::TempDir, file: PathBuf },
    Postgres { admin_url: String, name: String },
}

impl Old {
    /// The SQLite file, from `sqlite3 old.db .dump`.
    pub async fn sqlite() -> Self {
        let old = Self::empty_sqlite();
        old.load(&fixture("sqlite")).await;
        old
    }

    /// A new database on `BINOME_TEST_PG`'s server, from `pg_dump --format=plain`.
    pub async fn postgres() -> Option<Self> {
        let old = Self::empty_postgres().await?;
        // A plain dump is psql's input: its meta-commands (`\restrict`, since PostgreSQL 17.6
        // and 15.14) are psql's, not the server's.
        let sql: String = fixture("postgres")
            .lines()
            .filter(|l| !l.starts_with('\\'))
            .map(|l| format!("{l}\n"))
            .collect();
        old.load(&sql).await;
        Some(old)
    }

    /// An empty SQLite file (created at the first connection).
    pub fn empty_sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("binome.db");
        Old::Sqlite { dir, file }
    }

    /// An empty database on `BINOME_TEST_PG`'s server, named like the other tests' so that a
    /// crashed run's is dropped by the next.
    pub async fn empty_postgres() -> Option<Self> {
        let admin_url = crate::helpers::postgres_url()?;
        let name = format!("binome_t_{}_{}", std::process::id(), binome::secret::random_hex(6));
        let admin = Database::connect(&admin_url).await.unwrap();
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        admin.close().await.unwrap();
        Some(Old::Postgres { admin_url, name })
    }

    /// Runs a dump on a connection of its own: a PostgreSQL dump empties the search path of
    /// the session it runs in.
    async fn load(&self, sql: &str) {
        let conn = self.connect().await;
        conn.execute_unprepared(sql).await.unwrap();
        conn.close().await.unwrap();
    }

    pub fn url(&self) -> String {
        match self {
            Old::Sqlite { file, .. } => format!("sqlite://{}", file.display()),
            Old::Postgres { admin_url, name } => {
                let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
                format!("{base}/{name}")
            }
        }
    }

    pub async fn connect(&self) -> DatabaseConnection {
        let url = match self {
            Old::Sqlite { .. } => format!("{}?mode=rwc", self.url()),
            Old::Postgres { .. } => self.url(),
        };
        Database::connect(url).await.unwrap()
    }

    /// Today's server on this database; its `cleanup` drops a PostgreSQL one.
    pub async fn serve(self) -> crate::helpers::TestApp {
        match self {
            Old::Sqlite { dir, file } => crate::helpers::TestApp::sqlite_at(dir, &file).await,
            Old::Postgres { admin_url, name } => crate::helpers::TestApp::postgres_at(admin_url, name).await,
        }
    }

    /// Drops a PostgreSQL database a test did not hand to a server.
    pub async fn drop(self) {
        if let Old::Postgres { admin_url, name } = self {
            let admin = Database::connect(&admin_url).await.unwrap();
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .unwrap();
            admin.close().await.unwrap();
        }
    }
}

/// The first column of every row of `query`, as text.
pub async fn column(conn: &DatabaseConnection, query: &str) -> Vec<String> {
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), query))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// The migrations a database lists as applied, in order.
pub async fn applied(conn: &DatabaseConnection) -> Vec<String> {
    column(conn, "SELECT version FROM seaql_migrations ORDER BY version").await
}

/// Runs `test` once on SQLite (`name::sqlite`) and once on PostgreSQL (`name::postgres`),
/// each time on a fresh copy of the previous release's database.
#[macro_export]
macro_rules! on_the_previous_release {
    ($($name:ident),* $(,)?) => {
        $(mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::upgrade::Old::sqlite().await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(old) = $crate::upgrade::Old::postgres().await else { return };
                super::$name(old).await;
            }
        })*
    };
}
