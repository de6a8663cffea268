//! `binome bench-signups`: volunteers sign up through the public form at a steady rate, spread
//! over one or several `binome serve` instances sharing the database (several need
//! PostgreSQL); then the command waits until the outbox has sent every confirmation and checks
//! that every acknowledged sign-up is in the database with its e-mail sent. Prints the rate
//! reached, the latency percentiles, how long the outbox took to catch up, and the load average.

use super::desk_clients::{self, Latencies};
use super::desk_load::{Server, load_average};
use crate::config::Config;
use crate::db::entities::{outbox, person};
use crate::db::outbox as outbox_status;
use crate::db::{self, Db};
use crate::epoch_ms;
use anyhow::bail;
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// What the command was asked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Sign-ups asked per second, over all instances.
    pub rate: f64,
    pub duration: Duration,
    pub instances: usize,
}

/// How long the outbox may take to catch up once the sign-ups stop.
const DRAIN_AT_MOST: Duration = Duration::from_secs(300);

/// The addresses the bench's volunteers sign up with (`desk_clients::sign_up`).
const BENCH_ADDRESSES: &str = "benevole%@ecriture.invalid";

pub async fn run(config: Config, settings: Settings) -> anyhow::Result<()> {
    if settings.instances > 1 && !config.database_url.starts_with("postgres") {
        bail!("plusieurs instances demandent une base PostgreSQL (--database-url postgres://…)");
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    if db::staff::count(&db).await? > 0 || person::Entity::find().count(&db.conn).await? > 0 {
        bail!("cette base n'est pas vide : l'essai de charge demande une base neuve");
    }
    // A small team covering the Cantal, where the volunteers sign up (Mauriac).
    super::desk_seed::team(&db, 20, 0, epoch_ms(Utc::now())).await?;

    let work = std::env::temp_dir().join(format!("binome-bench-signups-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let exe = std::env::current_exe()?;
    let mut servers = Vec::new();
    let mut bases = Vec::new();
    for i in 0..settings.instances {
        let (server, base) = Server::start(&exe, &config.database_url, &work.join(format!("courriels-{i}"))).await?;
        servers.push(server);
        bases.push(base);
    }
    println!(
        "Inscriptions de bénévoles : {} par seconde demandées pendant {} s sur {} instance(s) ; {} cœurs ; charge avant : {}",
        settings.rate,
        settings.duration.as_secs(),
        settings.instances,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );

    let started = Instant::now();
    let signups = sign_up_at_rate(&bases, settings.rate, settings.duration).await;
    let elapsed = started.elapsed();
    let ms = |p| {
        signups
            .percentile(p)
            .map_or("–".to_string(), |d| format!("{:.1} ms", d.as_secs_f64() * 1000.0))
    };
    println!(
        "inscriptions : {} acceptées en {:.1} s ({:.0} par seconde), {} échouées ; p50 {}, p95 {}, p99 {}",
        signups.len(),
        elapsed.as_secs_f64(),
        signups.len() as f64 / elapsed.as_secs_f64(),
        signups.failed,
        ms(50.0),
        ms(95.0),
        ms(99.0)
    );
    if let Some(why) = &signups.first_error {
        println!("  première erreur : {why}");
    }
    println!("Charge à la fin des inscriptions : {}", load_average());

    let (drained, pending) = drain(&db).await?;
    let stored = person::Entity::find()
        .filter(person::Column::Email.like(BENCH_ADDRESSES))
        .count(&db.conn)
        .await?;
    let sent = outbox::Entity::find()
        .filter(outbox::Column::ToAddress.like(BENCH_ADDRESSES))
        .filter(outbox::Column::Status.eq(outbox_status::SENT))
        .count(&db.conn)
        .await?;
    println!(
        "file d'envoi vidée {:.1} s après la dernière inscription{} ; bénévoles enregistrés : {stored} ; courriels envoyés à ces bénévoles : {sent}",
        drained.as_secs_f64(),
        if pending > 0 {
            format!(" (PAS VIDÉE : {pending} en attente)")
        } else {
            String::new()
        },
    );
    drop(servers);
    let _ = std::fs::remove_dir_all(&work);
    let acknowledged = signups.len() as u64;
    if stored < acknowledged || sent < acknowledged || pending > 0 {
        bail!("perte : {acknowledged} inscriptions acceptées, {stored} enregistrées, {sent} courriels envoyés");
    }
    println!("Rien de perdu : chaque inscription acceptée est enregistrée et son courriel envoyé.");
    Ok(())
}

/// One sign-up every 1/rate second until `duration`, each on its own task, instances in turn;
/// then waits for the last answers.
async fn sign_up_at_rate(bases: &[String], rate: f64, duration: Duration) -> Latencies {
    let deadline = Instant::now() + duration;
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate.max(0.1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = JoinSet::new();
    let mut n = 0;
    while Instant::now() < deadline {
        tick.tick().await;
        tasks.spawn(desk_clients::sign_up(bases[n % bases.len()].clone(), n));
        n += 1;
    }
    let mut out = Latencies::default();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(outcome) => out.record(outcome),
            Err(e) => out.record(Err(e.to_string())),
        }
    }
    out
}

/// Waits until no e-mail is waiting or being sent: how long it took, and what is left if it
/// never got there.
async fn drain(db: &Db) -> anyhow::Result<(Duration, i64)> {
    let start = Instant::now();
    loop {
        let by_status = db::outbox::count_by_status(db).await?;
        let pending: i64 = by_status
            .iter()
            .filter(|(status, _)| {
                ![outbox_status::SENT, outbox_status::DEAD, outbox_status::CANCELLED].contains(&status.as_str())
            })
            .map(|(_, n)| n)
            .sum();
        if pending == 0 || start.elapsed() > DRAIN_AT_MOST {
            return Ok((start.elapsed(), pending));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
