//! `binome bench-jobs`: several `binome` instances share the durable jobs of one PostgreSQL
//! database. The benchmark creates a scratch database on the server it is given, schedules
//! the jobs, starts the instances as separate processes (hidden `bench-jobs-worker`), and
//! checks that every job ran exactly once: each run leaves a mark keyed by the job's
//! idempotency key, so a second run of the same job shows as a conflict.

use crate::config::Config;
use crate::db::{self, Db};
use crate::domain::job::{Job, Kind};
use anyhow::{Context, bail};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const KIND: Kind = Kind::Bench;
const BATCH: u64 = 50;

/// The benchmark itself; fails when a job is lost or run twice.
pub async fn run(config: &Config, jobs: usize, instances: usize) -> anyhow::Result<()> {
    if !config.database_url.starts_with("postgres") {
        bail!("bench-jobs mesure plusieurs instances : donnez un serveur PostgreSQL (--database-url postgres://…).");
    }
    let (url, name) = super::effects::create_database(&config.database_url).await?;
    let outcome = measure(&url, jobs, instances).await;
    super::effects::drop_database(&config.database_url, &name).await?;
    outcome
}

async fn measure(url: &str, jobs: usize, instances: usize) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    db.migrate().await?;
    super::effects::prepare(&db).await?;
    let now_ms = crate::epoch_ms(chrono::Utc::now());
    let all: Vec<Job> = (0..jobs as u64).map(|n| Job::Bench { n }).collect();
    let started = Instant::now();
    db::jobs::schedule_many(&db, &all, now_ms, now_ms).await?;
    let scheduling = started.elapsed();

    let exe = std::env::current_exe()?;
    let started = Instant::now();
    let children = (0..instances)
        .map(|i| {
            Command::new(&exe)
                .args(["bench-jobs-worker", "--instance", &i.to_string()])
                .env("DATABASE_URL", url)
                .stdout(Stdio::piped())
                .spawn()
                .context("an instance starts")
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut per_instance = Vec::new();
    for child in children {
        let out = child.wait_with_output()?;
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let numbers: Vec<u64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        let [ran, twice] = numbers[..] else {
            bail!("an instance failed: {line}");
        };
        per_instance.push((ran, twice));
    }
    let elapsed = started.elapsed();

    let statuses = db::jobs::count_by_status(&db, KIND).await?;
    let done = statuses.get("done").copied().unwrap_or(0) as usize;
    let marked = super::effects::count(&db).await? as usize;
    let twice: u64 = per_instance.iter().map(|(_, t)| t).sum();
    println!("{jobs} tâches, {instances} instances sur une même base PostgreSQL");
    println!("  planification : {:.2} s", scheduling.as_secs_f64());
    println!(
        "  exécution     : {:.2} s ({:.0} tâches/s)",
        elapsed.as_secs_f64(),
        jobs as f64 / elapsed.as_secs_f64()
    );
    for (i, (ran, _)) in per_instance.iter().enumerate() {
        println!("  instance {i}    : {ran} tâches");
    }
    println!(
        "  terminées : {done}, perdues : {}, exécutées deux fois : {twice}",
        jobs - marked.min(jobs)
    );
    db.close().await?;
    if done != jobs || marked != jobs || twice > 0 {
        bail!("tâches perdues ou exécutées deux fois : {statuses:?}, {marked} marques, {twice} doublons");
    }
    Ok(())
}

/// One instance: claims and runs benchmark jobs until none is left, then prints
/// "<jobs run> <jobs found already run>".
pub async fn worker(config: &Config, instance: i32) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    let (mut ran, mut twice) = (0u64, 0u64);
    loop {
        let now_ms = crate::epoch_ms(chrono::Utc::now());
        let claimed = db::jobs::claim(&db, now_ms, BATCH).await?;
        if claimed.is_empty() {
            let left = db::jobs::count_by_status(&db, KIND).await?;
            if ["pending", "running"].iter().all(|s| !left.contains_key(*s)) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        }
        for job in &claimed {
            if super::effects::record(&db, &job.key, instance).await? {
                ran += 1;
            } else {
                twice += 1;
            }
            db::jobs::finish(&db, job, Ok(()), now_ms).await?;
        }
    }
    println!("{ran} {twice}");
    Ok(())
}
