//! The daily backup the service takes itself (`BINOME_SAUVEGARDE_DOSSIER`, `…_HEURE`,
//! `…_GARDER`): at three in Paris a checked backup appears, one whatever the number of
//! instances, another the next day, only the latest kept; a failure shows in `/sante/pret`
//! until the retry works.

use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::backup::daily::{self, Duty};
use binome::config::DailyBackup;
use binome::domain::backup::next_run;
use binome::worker::Stop;
use chrono::NaiveTime;
use std::path::{Path, PathBuf};

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

fn three() -> NaiveTime {
    NaiveTime::from_hms_opt(3, 0, 0).unwrap()
}

/// A second server on the same database, set to back up into `dir` keeping 2, and its duty.
async fn backing_up_into(app: &TestApp, dir: &Path) -> (TestApp, Duty) {
    let dir = dir.to_path_buf();
    let service = app
        .restart_with(move |c| {
            c.daily_backup = Some(DailyBackup {
                dir,
                at: three(),
                keep: 2,
            })
        })
        .await;
    let duty = Duty::of(&service.config()).expect("the setting asks for a daily backup");
    // What `serve` does when it starts.
    daily::schedule(&service.db, &duty, service.state.clock.now_ms())
        .await
        .unwrap();
    (service, duty)
}

/// One scheduler pass of `app` at `now_ms`.
async fn pass(app: &TestApp, duty: &Duty, now_ms: i64) -> usize {
    binome::jobs::run_due_until(&app.db, &app.state.links, Some(duty), now_ms, &Stop::never())
        .await
        .unwrap()
}

/// Moves `app`'s clock to the next three o'clock in Paris, less `early_ms`.
fn to_next_three(app: &TestApp, early_ms: i64) {
    let now = app.state.clock.now_ms();
    let (_, at) = next_run(now, three());
    app.state.clock.advance(at - now - early_ms);
}

fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// A backup binome can restore: a sound SQLite file, or a pg_dump archive.
async fn assert_checked(file: &Path) {
    if file.extension().is_some_and(|e| e == "db") {
        assert_eq!(binome::db::backup::integrity_of(file).await.unwrap(), "ok");
    } else {
        assert!(std::fs::read(file).unwrap().starts_with(b"PGDMP"), "{}", file.display());
    }
}

async fn the_service_backs_up_at_three_in_paris_every_day_keeping_the_latest(app: TestApp) {
    if app.state.db.is_postgres() && !super::drill::pg_dump_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sauvegardes");
    let (service, duty) = backing_up_into(&app, &folder).await;
    to_next_three(&service, MINUTE);
    pass(&service, &duty, service.state.clock.now_ms()).await;
    assert_eq!(backups_in(&folder), Vec::<PathBuf>::new(), "nothing before three");

    // Three o'clock: both instances' schedulers look; one backup is taken.
    service.state.clock.advance(MINUTE);
    let now = service.state.clock.now_ms();
    let (a, b) = tokio::join!(pass(&app, &duty, now), pass(&service, &duty, now));
    assert_eq!(a + b, 1, "one instance took the job");
    let first = backups_in(&folder);
    assert_eq!(first.len(), 1);
    assert_checked(&first[0]).await;

    service.state.clock.advance(DAY);
    pass(&service, &duty, service.state.clock.now_ms()).await;
    assert_eq!(backups_in(&folder).len(), 2, "the next day, a second");
    service.state.clock.advance(DAY);
    pass(&service, &duty, service.state.clock.now_ms()).await;
    let kept = backups_in(&folder);
    assert_eq!(kept.len(), 2, "two kept, as set");
    assert!(!kept.contains(&first[0]), "the oldest went");
    for file in &kept {
        assert_checked(file).await;
    }
    let ready = service.get("/sante/pret").await;
    assert_eq!(ready.status, 200, "{}", ready.body);
    assert!(ready.contains("\"status\":\"pass\""), "{}", ready.body);
}

async fn a_failed_daily_backup_shows_in_readiness_until_the_retry_works(app: TestApp) {
    if app.state.db.is_postgres() && !super::drill::pg_dump_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A file where the folder should be: the backup cannot be written (even as root).
    let blocker = dir.path().join("disque");
    std::fs::write(&blocker, "un fichier, pas un dossier").unwrap();
    let folder = blocker.join("sauvegardes");
    let (service, duty) = backing_up_into(&app, &folder).await;
    to_next_three(&service, 0);
    pass(&service, &duty, service.state.clock.now_ms()).await;
    let ready = service.get("/sante/pret").await;
    assert_eq!(ready.status, 200, "a warning, the service still serves: {}", ready.body);
    assert!(ready.contains("\"status\":\"warn\""), "{}", ready.body);
    assert!(
        ready.contains("la dernière sauvegarde quotidienne a échoué"),
        "{}",
        ready.body
    );

    // The operator frees the folder; the retry a few minutes later works.
    std::fs::remove_file(&blocker).unwrap();
    service.state.clock.advance(5 * MINUTE);
    pass(&service, &duty, service.state.clock.now_ms()).await;
    assert_eq!(backups_in(&folder).len(), 1);
    let ready = service.get("/sante/pret").await;
    assert!(ready.contains("\"status\":\"pass\""), "{}", ready.body);
}

on_both_backends!(
    the_service_backs_up_at_three_in_paris_every_day_keeping_the_latest,
    a_failed_daily_backup_shows_in_readiness_until_the_retry_works,
);
