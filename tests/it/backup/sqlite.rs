//! The SQLite drill: `binome sauvegarde` while the real service runs and 8 clients sign
//! volunteers up, then `binome restaurer` into a new file. The copy is sound, and every
//! sign-up acknowledged before the backup started is in it.

use super::drill::{Clients, Service, binome, binome_aside, emails_in, free_port, missing_from};
use crate::helpers::TestApp;
use binome::db;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_volunteers_sign_up_restores_with_every_acknowledged_sign_up() {
    let app = TestApp::sqlite().await;
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let url = app.database_url().to_string();
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path(), &url).await;
    let clients = Clients::start(&service.base);
    // Let the clients get going, then back up while they write.
    clients.until(12).await;
    let started = Instant::now();
    let backups = dir.path().join("sauvegardes");
    let saved = binome_aside(
        dir.path(),
        &url,
        &["sauvegarde", "--vers", backups.to_str().unwrap(), "--garder", "3"],
    )
    .await;
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    assert!(String::from_utf8_lossy(&saved.stdout).contains("Sauvegarde écrite"));
    let acknowledged = clients.finish().await;
    drop(service);
    assert!(acknowledged.iter().filter(|(at, _)| *at < started).count() >= 12);

    // Restored into a new file, as after a lost disk.
    let file = std::fs::read_dir(&backups).unwrap().next().unwrap().unwrap().path();
    let restored_url = format!("sqlite://{}", dir.path().join("restauree.db").display());
    let restored = binome(
        dir.path(),
        &restored_url,
        &["restaurer", "--depuis", file.to_str().unwrap()],
    );
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert_eq!(
        db::backup::integrity_of(&dir.path().join("restauree.db"))
            .await
            .unwrap(),
        "ok"
    );
    let held = emails_in(&restored_url).await;
    assert_eq!(
        missing_from(&held, &acknowledged, started),
        Vec::<String>::new(),
        "acknowledged before the backup, missing from it"
    );
    eprintln!(
        "backup drill: {} sign-ups acknowledged before the backup, {} in all, {} in the backup",
        acknowledged.iter().filter(|(at, _)| *at < started).count(),
        acknowledged.len(),
        held.len()
    );
    app.cleanup().await;
}

#[test]
fn a_restore_is_refused_while_the_service_holds_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("binome.db").display());
    assert!(binome(dir.path(), &url, &["migrate"]).status.success());
    let saved = binome(dir.path(), &url, &["sauvegarde", "--vers", "sauvegardes"]);
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    let file = std::fs::read_dir(dir.path().join("sauvegardes"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let port = free_port();
    let mut service = Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .env("DATABASE_URL", &url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let refused = binome(dir.path(), &url, &["restaurer", "--depuis", file.to_str().unwrap()]);
    let _ = service.kill();
    let _ = service.wait();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("arrêtez-la d'abord"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // Three backups kept at most.
    for _ in 0..4 {
        assert!(
            binome(
                dir.path(),
                &url,
                &["sauvegarde", "--vers", "sauvegardes", "--garder", "3"]
            )
            .status
            .success()
        );
    }
    assert_eq!(std::fs::read_dir(dir.path().join("sauvegardes")).unwrap().count(), 3);
}
