//! `binome sauvegarde` and `binome restaurer`: what an operator runs to keep the people
//! binome follows through a lost disk. SQLite: a consistent copy taken while the service runs
//! and writes (`VACUUM INTO`), checked by `PRAGMA integrity_check`, the N latest kept;
//! PostgreSQL: `pg_dump -Fc` / `pg_restore`. A restore refuses while an instance holds the
//! database, then migrates.

use crate::config::Config;
use crate::db::{self, Db};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

pub mod daily;

const PREFIX: &str = "binome-";

/// The SQLite file behind a `sqlite://` URL, or None for PostgreSQL.
fn sqlite_file(database_url: &str) -> Option<PathBuf> {
    let rest = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// A backup's name: the instant it was taken, sortable (`binome-20261206T145003Z.db`).
fn file_name(now: chrono::DateTime<chrono::Utc>, extension: &str) -> String {
    format!("{PREFIX}{}.{extension}", now.format("%Y%m%dT%H%M%S%.3fZ"))
}

/// A backup written and checked.
#[derive(Debug, Clone)]
pub struct Taken {
    pub path: PathBuf,
    pub bytes: u64,
    /// Older backups deleted to keep only the latest.
    pub removed: usize,
}

/// `binome sauvegarde`: takes a backup into `dir` and says where.
pub async fn save(config: &Config, dir: &Path, keep: Option<u32>) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    let taken = take(&db, &config.database_url, dir, keep, chrono::Utc::now()).await;
    db.close().await?;
    let taken = taken?;
    println!(
        "Sauvegarde écrite : {} ({} octets, vérifiée).{}",
        taken.path.display(),
        taken.bytes,
        if taken.removed > 0 {
            format!(" {} ancienne(s) supprimée(s).", taken.removed)
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Takes a backup of the database open as `db` (at `database_url`) into `dir`, named after
/// `now`, checks it, and keeps only the `keep` latest there. The command and the service's
/// daily backup both come here.
pub async fn take(
    db: &Db,
    database_url: &str,
    dir: &Path,
    keep: Option<u32>,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Taken> {
    std::fs::create_dir_all(dir).with_context(|| format!("impossible de créer le dossier {}", dir.display()))?;
    let path = match sqlite_file(database_url) {
        Some(_) => {
            let path = dir.join(file_name(now, "db"));
            db::backup::vacuum_into(db, &path)
                .await
                .with_context(|| format!("la copie de la base dans {} a échoué", dir.display()))?;
            let verdict = db::backup::integrity_of(&path).await?;
            if verdict != "ok" {
                let _ = std::fs::remove_file(&path);
                bail!("la copie est abîmée (integrity_check : {verdict}) ; rien n'a été gardé");
            }
            path
        }
        None => {
            let path = dir.join(file_name(now, "dump"));
            let mut command = Command::new("pg_dump");
            command.args(["-Fc", "--no-owner", "-f"]).arg(&path).arg(database_url);
            tokio::task::spawn_blocking(move || run_tool(&mut command, "pg_dump")).await??;
            path
        }
    };
    let removed = match keep {
        Some(n) => prune(dir, n as usize)?,
        None => 0,
    };
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(Taken { path, bytes, removed })
}

/// Deletes the oldest backups of `dir` beyond the `keep` latest; returns how many.
fn prune(dir: &Path, keep: usize) -> anyhow::Result<usize> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && (n.ends_with(".db") || n.ends_with(".dump")))
        })
        .collect();
    backups.sort();
    let extra = backups.len().saturating_sub(keep);
    for old in &backups[..extra] {
        std::fs::remove_file(old)?;
    }
    Ok(extra)
}

/// Runs an outside tool, with a French message when it is missing or fails.
fn run_tool(command: &mut Command, name: &str) -> anyhow::Result<()> {
    let out = command.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow::anyhow!("{name} est introuvable : installez le client PostgreSQL (paquet Debian postgresql-client)")
        } else {
            anyhow::anyhow!("{name} n'a pas pu démarrer : {e}")
        }
    })?;
    if !out.status.success() {
        bail!("{name} a échoué : {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// Restores `from` into the configured database (the service stopped), then migrates.
pub async fn restore(config: &Config, from: &Path) -> anyhow::Result<()> {
    if !from.is_file() {
        bail!("la sauvegarde {} n'existe pas", from.display());
    }
    match sqlite_file(&config.database_url) {
        Some(target) => {
            let _lock = crate::app::single_instance_lock(&config.database_url).map_err(|_| {
                anyhow::anyhow!(
                    "une instance de binome utilise {} : arrêtez-la d'abord (systemctl stop binome), puis recommencez",
                    target.display()
                )
            })?;
            let verdict = db::backup::integrity_of(from).await?;
            if verdict != "ok" {
                bail!("cette sauvegarde est abîmée (integrity_check : {verdict}) : la base n'a pas été touchée");
            }
            let staged = target.with_extension("restauration");
            std::fs::copy(from, &staged).with_context(|| format!("impossible d'écrire {}", staged.display()))?;
            // A write-ahead log left by the old file would be replayed onto the new one.
            for suffix in ["-wal", "-shm"] {
                let mut side = target.clone().into_os_string();
                side.push(suffix);
                match std::fs::remove_file(&side) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
            }
            std::fs::rename(&staged, &target)?;
        }
        None => {
            let db = Db::connect(&config.database_url).await?;
            let others = db::backup::other_sessions(&db).await?;
            db.close().await?;
            if others > 0 {
                bail!("{others} connexion(s) ouvertes sur cette base : arrêtez toutes les instances de binome d'abord");
            }
            run_tool(
                Command::new("pg_restore")
                    .args(["--clean", "--if-exists", "--no-owner", "--single-transaction", "-d"])
                    .arg(&config.database_url)
                    .arg(from),
                "pg_restore",
            )?;
        }
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    db.close().await?;
    println!(
        "Sauvegarde {} restaurée, base migrée. Vous pouvez redémarrer le service.",
        from.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_the_instant_they_were_taken() {
        let a = chrono::DateTime::parse_from_rfc3339("2026-12-06T09:05:00Z")
            .unwrap()
            .to_utc();
        let b = chrono::DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z")
            .unwrap()
            .to_utc();
        assert!(file_name(a, "db") < file_name(b, "db"));
        assert_eq!(file_name(a, "db"), "binome-20261206T090500.000Z.db");
    }

    #[test]
    fn the_sqlite_file_is_read_from_the_url() {
        assert_eq!(
            sqlite_file("sqlite:///var/lib/binome/binome.db?mode=rwc"),
            Some("/var/lib/binome/binome.db".into())
        );
        assert_eq!(sqlite_file("postgres://binome@localhost/binome"), None);
    }
}
