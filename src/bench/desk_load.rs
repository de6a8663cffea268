//! `binome bench-desk`: the coordinator's desk under mixed load, in one command. Seeds a fresh
//! database like `bench-dashboard`, starts `binome serve` (this same program) on loopback,
//! signs the team's coordinator in, then for `duration` reads `/tableau-de-bord` on
//! `connections` connections while, in the same team, `writes` volunteers per second sign up
//! through the public form and as many check-ins per second are answered by their link.
//! Prints the read and write percentiles, what was written, and the load average.

use super::desk_clients::{self, Latencies, Plan};
use crate::config::Config;
use crate::db::entities::{checkin, pairing, person_token};
use crate::db::{self, Db};
use crate::domain::account::{Email, Role};
use crate::domain::link::{Kind as LinkKind, Purpose};
use crate::{epoch_ms, links, password};
use anyhow::{Context, bail};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// What the command was asked.
#[derive(Debug, Clone)]
pub struct Settings {
    pub people: usize,
    pub pairings: usize,
    pub connections: usize,
    pub writes: f64,
    pub duration: Duration,
    /// Another build of binome to seed and serve with (by default, this one).
    pub server: Option<std::path::PathBuf>,
    /// The page the readers read (`/tableau-de-bord` unless asked otherwise).
    pub path: String,
    /// Measure again on the database a previous run seeded (its coordinator gets a new password).
    pub reuse: bool,
}

const COORDINATOR: &str = "charge@binome.invalid";

/// A server this command started; stopped when dropped, whatever happened.
pub(super) struct Server(Child);

impl Server {
    /// Starts `exe serve` on a free loopback port of this machine, on `database_url`, e-mails
    /// written to `mail_dir`; the public sign-up limit raised and one trusted proxy (each bench
    /// volunteer comes from her own address); returns it once it answers, with its address.
    pub(super) async fn start(
        exe: &std::path::Path,
        database_url: &str,
        mail_dir: &std::path::Path,
    ) -> anyhow::Result<(Self, String)> {
        let port = free_port()?;
        let server = Self(
            Command::new(exe)
                .arg("serve")
                .args(["--listen", &format!("127.0.0.1:{port}")])
                .arg("--mail-dir")
                .arg(mail_dir)
                .env("DATABASE_URL", database_url)
                .env("BINOME_SIGNUPS_PER_HOUR", "1000000")
                .env("BINOME_TRUST_PROXY", "1")
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .spawn()
                .context("impossible de lancer binome serve")?,
        );
        let base = format!("http://127.0.0.1:{port}");
        desk_clients::wait_until_up(&base).await?;
        Ok((server, base))
    }
}

/// The machine's load average (1, 5 and 15 minutes), printed beside every figure.
pub(super) fn load_average() -> String {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn run(config: Config, settings: Settings) -> anyhow::Result<()> {
    if !settings.path.starts_with('/') {
        bail!("--path attend un chemin qui commence par /, par exemple /propositions");
    }
    let secret = crate::secret::random_hex(12);
    let server = settings.server.clone().unwrap_or(std::env::current_exe()?);
    let db = match &settings.server {
        _ if settings.reuse => reuse(&config, &secret).await?,
        None => seed_here(&config, &settings, &secret).await?,
        Some(other) => seed_with(other, &config, &settings, &secret).await?,
    };
    statistics(&db).await?;
    let Some((team_id, _)) = db::dashboard::team_names(&db, None).await?.into_iter().next() else {
        bail!("la base préparée n'a pas d'équipe");
    };
    let now_ms = epoch_ms(Utc::now());
    let wanted = (settings.writes * settings.duration.as_secs_f64()).ceil() as usize + 10;
    let checkin_links = checkin_links(&db, team_id, wanted, now_ms).await?;
    println!(
        "Équipe n° {team_id} ; {} liens de point de suivi prêts ; serveur : {}",
        checkin_links.len(),
        server.display()
    );
    uncached_reading(&db, team_id).await?;

    let work = std::env::temp_dir().join(format!("binome-bench-desk-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let (_server, base) = Server::start(&server, &config.database_url, &work.join("courriels")).await?;
    let session = desk_clients::sign_in(&base, COORDINATOR, &secret).await?;

    println!(
        "Lecture de {} sur {} connexions pendant {} s ; écritures : {} inscriptions et {} points de suivi par seconde ; {} cœurs ; charge avant : {}",
        settings.path,
        settings.connections,
        settings.duration.as_secs(),
        settings.writes,
        settings.writes,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let plan = Plan {
        base,
        path: settings.path.clone(),
        session,
        connections: settings.connections,
        writes_per_second: settings.writes,
        duration: settings.duration,
        checkin_links,
    };
    let outcome = desk_clients::run(plan).await?;
    let load = load_average();
    print_line("lectures", &outcome.reads, settings.duration);
    if settings.writes > 0.0 {
        print_line("inscriptions", &outcome.signups, settings.duration);
        print_line("points de suivi", &outcome.checkins, settings.duration);
        let mut writes = outcome.signups.clone();
        writes.merge(&outcome.checkins);
        print_line("écritures", &writes, settings.duration);
    }
    println!("Charge après : {load}");
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

fn print_line(what: &str, l: &Latencies, duration: Duration) {
    let ms = |p| {
        l.percentile(p)
            .map_or("–".to_string(), |d| format!("{:.1} ms", d.as_secs_f64() * 1000.0))
    };
    println!(
        "{what} : p50 {}, p95 {}, p99 {} ; {} réussies ({:.0} par seconde), {} échouées",
        ms(50.0),
        ms(95.0),
        ms(99.0),
        l.len(),
        l.len() as f64 / duration.as_secs_f64(),
        l.failed
    );
    if let Some(why) = &l.first_error {
        println!("  première erreur : {why}");
    }
}

/// The database of a previous run, as it is; its coordinator signs in with `secret` now.
async fn reuse(config: &Config, secret: &str) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let Some(coordinator) = db::staff::by_email(&db, COORDINATOR).await? else {
        bail!("cette base n'a pas été préparée par un essai de charge : lancez-le une fois sans --reuse");
    };
    let hash = password::hash(secret.to_string()).await?;
    db::staff::set_password(&db, coordinator.id, &hash, epoch_ms(Utc::now())).await?;
    println!("Base d'un essai précédent reprise telle quelle.");
    Ok(db)
}

/// Seeds a fresh database with this program (as `bench-dashboard` does).
async fn seed_here(config: &Config, settings: &Settings, secret: &str) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    if db::staff::count(&db).await? > 0 {
        bail!("cette base contient déjà des comptes : l'essai de charge demande une base neuve");
    }
    let now_ms = epoch_ms(Utc::now());
    let seeded = super::desk_seed::team(&db, settings.people, settings.pairings, now_ms).await?;
    let email = Email::parse(COORDINATOR).map_err(anyhow::Error::msg)?;
    let hash = password::hash(secret.to_string()).await?;
    let new = db::staff::NewStaff {
        email: &email,
        name: "Coordination (essai de charge)",
        password_hash: &hash,
        role: Role::Coordinator,
        organisation: None,
        team_ids: &[seeded.team_id],
    };
    db::staff::create(&db, new, now_ms).await?;
    println!("{} personnes, {} binômes en cours.", seeded.people, seeded.under_way);
    Ok(db)
}

/// Seeds a fresh database with another build of binome (`--server`, e.g. the version before a
/// change), so that it serves its own schema: its `bench-dashboard` writes the same team.
async fn seed_with(other: &std::path::Path, config: &Config, settings: &Settings, secret: &str) -> anyhow::Result<Db> {
    let status = Command::new(other)
        .arg("bench-dashboard")
        .args(["--people", &settings.people.to_string()])
        .args(["--pairings", &settings.pairings.to_string()])
        .args(["--password", secret])
        .env("DATABASE_URL", &config.database_url)
        .status()
        .with_context(|| format!("impossible de lancer {}", other.display()))?;
    if !status.success() {
        bail!("{} bench-dashboard a échoué", other.display());
    }
    Ok(Db::connect(&config.database_url).await?)
}

/// On PostgreSQL, what autovacuum does in service a minute after the seeding (this machine
/// may run without it): the planner's statistics and the visibility map. Without them every
/// list looks one row long to the planner and the desk is measured on plans no server keeps.
async fn statistics(db: &Db) -> anyhow::Result<()> {
    use sea_orm::{ConnectionTrait, DatabaseBackend};
    if db.conn.get_database_backend() == DatabaseBackend::Postgres {
        db.conn.execute_unprepared("VACUUM ANALYZE").await?;
        println!("Statistiques de la base calculées (VACUUM ANALYZE, comme l'autovacuum en service).");
    }
    Ok(())
}

/// How long an uncached desk takes, alone (no other load yet), from this process: 50
/// readings of the first pages, and the statements each sent (one; at most 5 allowed).
async fn uncached_reading(db: &Db, team_id: i32) -> anyhow::Result<()> {
    use crate::domain::dates::{day_in_france, end_of_day_ms};
    let scope = db::dashboard::Scope {
        team_id,
        communes: None,
    };
    let mut times = desk_clients::Latencies::default();
    let mut statements = 0;
    for _ in 0..50 {
        let now_ms = epoch_ms(Utc::now());
        let start = std::time::Instant::now();
        let before = db.statements();
        db::dashboard::read(db, &scope, end_of_day_ms(day_in_france(now_ms)), now_ms, [1; 8]).await?;
        times.record_ok(start.elapsed());
        statements = db.statements() - before;
        if statements > 5 {
            bail!("la lecture du tableau de bord a demandé {statements} requêtes");
        }
    }
    let ms = |p| times.percentile(p).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    println!(
        "Tableau de bord calculé sans mémoire, seul ({statements} {}) : p50 {:.1} ms, p95 {:.1} ms",
        if statements == 1 { "requête" } else { "requêtes" },
        ms(50.0),
        ms(95.0)
    );
    Ok(())
}

/// A port free on loopback now (the server binds it a moment later).
fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Links to `wanted` of the team's unanswered check-ins, as their e-mails would carry them.
async fn checkin_links(db: &Db, team_id: i32, wanted: usize, now_ms: i64) -> anyhow::Result<Vec<String>> {
    let pairings: Vec<i32> = pairing::Entity::find()
        .select_only()
        .column(pairing::Column::Id)
        .filter(pairing::Column::TeamId.eq(team_id))
        .into_tuple()
        .all(&db.conn)
        .await?;
    let open: Vec<(i32, i32)> = checkin::Entity::find()
        .select_only()
        .columns([checkin::Column::Id, checkin::Column::PersonId])
        .filter(checkin::Column::PairingId.is_in(pairings))
        .filter(checkin::Column::AnsweredAt.is_null())
        .limit(wanted as u64)
        .into_tuple()
        .all(&db.conn)
        .await?;
    let mut out = Vec::with_capacity(open.len());
    let mut rows = Vec::with_capacity(open.len());
    for (id, person_id) in open {
        let minted = links::mint(LinkKind::CheckIn, now_ms);
        out.push(minted.path.clone());
        let t = minted.row(Purpose::CheckIn(id));
        rows.push(person_token::ActiveModel {
            person_id: Set(person_id),
            purpose: Set(t.purpose.code()),
            token_sha256: Set(t.token_sha256),
            expires_at: Set(t.expires_at),
            used_at: Set(None),
            created_at: Set(now_ms),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(200) {
        person_token::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&db.conn)
            .await?;
    }
    Ok(out)
}
