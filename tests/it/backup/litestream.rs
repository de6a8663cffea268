//! Litestream's continuous replica, drilled like the backup command: the real service on a
//! SQLite file, `litestream replicate` with the shipped `deploy/litestream.yml` (its paths
//! moved into a temporary folder) to a file replica, 8 clients signing volunteers up; once
//! Litestream has caught up, `litestream restore` into a new file holds every acknowledged
//! sign-up and passes SQLite's integrity check.

use super::drill::{Clients, Service, binome, emails_in, missing_from};
use crate::helpers::{TestApp, in_ci};
use binome::db;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The paths of the shipped configuration, replaced by the test's own.
const SHIPPED_DB: &str = "/var/lib/binome/binome.db";
const SHIPPED_REPLICA: &str = "/srv/sauvegarde/binome-litestream";

/// Litestream, as scripts/install-test-tools.sh installs it or on the PATH; under CI its
/// absence is a failure, elsewhere the test says why it skips.
fn litestream() -> Option<PathBuf> {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/litestream/bin/litestream");
    for candidate in [installed, PathBuf::from("litestream")] {
        if Command::new(&candidate)
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(candidate);
        }
    }
    if in_ci() {
        panic!("CI=true: litestream must be installed (scripts/install-test-tools.sh)");
    }
    eprintln!(
        "skipped: litestream is not installed (scripts/install-test-tools.sh puts it in target/test-tools/litestream)"
    );
    None
}

/// The shipped configuration with its two paths moved; each must be there exactly once, so
/// that what the operator copies is what this test runs.
fn configuration(database: &Path, replica: &Path) -> String {
    let shipped = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/litestream.yml")).unwrap();
    assert_eq!(
        shipped.matches(SHIPPED_DB).count(),
        2,
        "the database path, in the file and in its restore command"
    );
    assert_eq!(shipped.matches(SHIPPED_REPLICA).count(), 1);
    shipped
        .replace(SHIPPED_DB, database.to_str().unwrap())
        .replace(SHIPPED_REPLICA, replica.to_str().unwrap())
}

/// Kills the replication when the test ends, whatever happens.
struct Replication(std::process::Child);

impl Drop for Replication {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_litestream_replica_restores_with_every_acknowledged_sign_up() {
    let Some(litestream) = litestream() else { return };
    let app = TestApp::sqlite().await;
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let url = app.database_url().to_string();
    let database = PathBuf::from(url.strip_prefix("sqlite://").unwrap());
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("litestream.yml");
    std::fs::write(&config, configuration(&database, &dir.path().join("replique"))).unwrap();
    let service = Service::start(dir.path(), &url).await;
    let log = std::fs::File::create(dir.path().join("litestream.log")).unwrap();
    let _replication = Replication(
        Command::new(&litestream)
            .args(["replicate", "-config", config.to_str().unwrap()])
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap(),
    );
    let clients = Clients::start(&service.base);
    let acknowledged = clients.finish().await;
    let last = Instant::now();
    // Litestream's short write locks (it checkpoints) cost no sign-up: binome waits for them.
    assert_eq!(
        acknowledged.len(),
        80,
        "sign-ups acknowledged while Litestream replicates"
    );

    // Restore until Litestream has caught up with the last acknowledged sign-up (it ships
    // the log every second), a minute at most; each restore goes into a new file.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut attempt = 0;
    let (restored, held) = loop {
        attempt += 1;
        let out = dir.path().join(format!("restauree-{attempt}.db"));
        let restore = Command::new(&litestream)
            .args(["restore", "-config", config.to_str().unwrap(), "-o"])
            .arg(&out)
            .arg(&database)
            .output()
            .unwrap();
        let held = if restore.status.success() {
            emails_in(&format!("sqlite://{}", out.display())).await
        } else {
            Vec::new()
        };
        if !missing_from(&held, &acknowledged, last).is_empty() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        assert!(
            restore.status.success(),
            "litestream restore: {}\n{}",
            String::from_utf8_lossy(&restore.stderr),
            std::fs::read_to_string(dir.path().join("litestream.log")).unwrap_or_default()
        );
        break (out, held);
    };
    drop(service);
    assert!(
        std::fs::read_dir(dir.path().join("replique")).is_ok_and(|mut d| d.next().is_some()),
        "the replica is in the folder the configuration names"
    );
    assert_eq!(db::backup::integrity_of(&restored).await.unwrap(), "ok");
    // Put in place as the operator's notes say: `binome restaurer` takes the file as it is.
    let in_place = format!("sqlite://{}", dir.path().join("binome-restauree.db").display());
    let put = binome(
        dir.path(),
        &in_place,
        &["restaurer", "--depuis", restored.to_str().unwrap()],
    );
    assert!(put.status.success(), "{}", String::from_utf8_lossy(&put.stderr));
    assert_eq!(
        missing_from(&held, &acknowledged, last),
        Vec::<String>::new(),
        "acknowledged, missing from the replica a minute later"
    );
    eprintln!(
        "Litestream drill: {} sign-ups acknowledged, {} in the replica, after {attempt} restore(s)",
        acknowledged.len(),
        held.len()
    );
    app.cleanup().await;
}
