//! The backup the service takes itself once a day (`BINOME_SAUVEGARDE_DOSSIER`). It is a
//! scheduled job, one per Paris date: of several instances on one database only one takes it,
//! a restart does not take it twice, and a failure is retried and shows in `/sante/pret`.

use crate::config::{Config, DailyBackup};
use crate::db::{self, Db};
use crate::domain::backup::next_run;
use crate::domain::job::Job;

/// What the scheduler needs to take the daily backup.
#[derive(Debug, Clone)]
pub struct Duty {
    pub database_url: String,
    pub settings: DailyBackup,
}

impl Duty {
    /// The daily backup the configuration asks for, if any.
    pub fn of(config: &Config) -> Option<Self> {
        config.daily_backup.clone().map(|settings| Self {
            database_url: config.database_url.clone(),
            settings,
        })
    }
}

/// Schedules the next daily backup after `now_ms` (once per day whatever the number of
/// restarts and instances).
pub async fn schedule(db: &Db, duty: &Duty, now_ms: i64) -> anyhow::Result<()> {
    let (day, at) = next_run(now_ms, duty.settings.at);
    db::jobs::schedule_now(db, &Job::DailyBackup { day }, at, now_ms).await?;
    Ok(())
}

/// The job: plans the next day's backup first (so that one failure does not stop the daily
/// runs), then takes today's. Without the setting (removed since), it does nothing.
pub async fn run(db: &Db, duty: Option<&Duty>, now_ms: i64) -> anyhow::Result<()> {
    let Some(duty) = duty else {
        tracing::info!("daily backup no longer configured: nothing done");
        return Ok(());
    };
    schedule(db, duty, now_ms).await?;
    let now = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default();
    let s = &duty.settings;
    match super::take(db, &duty.database_url, &s.dir, Some(s.keep), now).await {
        Ok(taken) => {
            tracing::info!(path = %taken.path.display(), bytes = taken.bytes, removed = taken.removed, "daily backup written and checked");
            Ok(())
        }
        Err(e) => {
            tracing::error!(dir = %s.dir.display(), error = %format!("{e:#}"), "daily backup failed");
            Err(e)
        }
    }
}
