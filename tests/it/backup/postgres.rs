//! The PostgreSQL drill: `binome sauvegarde` (pg_dump -Fc) while the real service runs and 8
//! clients sign volunteers up, then `binome restaurer` into a new database — refused while
//! another session is connected to it — with every sign-up acknowledged before the backup.

use super::drill::{Clients, ScratchPg, Service, binome, binome_aside, emails_in, missing_from, pg_dump_present};
use crate::helpers::TestApp;
use binome::db;
use std::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_pg_dump_taken_while_volunteers_sign_up_restores_into_a_new_database() {
    if !pg_dump_present() {
        return;
    }
    let Some(app) = TestApp::postgres().await else { return };
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let url = app.database_url().to_string();
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path(), &url).await;
    let clients = Clients::start(&service.base);
    clients.until(12).await;
    let started = Instant::now();
    let backups = dir.path().join("sauvegardes");
    let saved = binome_aside(dir.path(), &url, &["sauvegarde", "--vers", backups.to_str().unwrap()]).await;
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    assert!(String::from_utf8_lossy(&saved.stdout).contains("Sauvegarde écrite"));
    let acknowledged = clients.finish().await;
    drop(service);
    let file = std::fs::read_dir(&backups).unwrap().next().unwrap().unwrap().path();
    assert_eq!(file.extension().and_then(|e| e.to_str()), Some("dump"));

    // A new database, as after a lost server. Someone still connected: refused, untouched.
    let target = ScratchPg::create()
        .await
        .expect("the PostgreSQL server of the test above");
    let holder = db::Db::connect(&target.url).await.unwrap();
    db::health::ping(&holder).await.unwrap();
    let refused = binome(
        dir.path(),
        &target.url,
        &["restaurer", "--depuis", file.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("arrêtez toutes les instances"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    holder.close().await.unwrap();
    target.wait_until_unused().await;

    let restored = binome(
        dir.path(),
        &target.url,
        &["restaurer", "--depuis", file.to_str().unwrap()],
    );
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let held = emails_in(&target.url).await;
    assert_eq!(
        missing_from(&held, &acknowledged, started),
        Vec::<String>::new(),
        "acknowledged before the backup, missing from it"
    );
    eprintln!(
        "PostgreSQL drill: {} sign-ups acknowledged before the backup, {} in all, {} in the restored database",
        acknowledged.iter().filter(|(at, _)| *at < started).count(),
        acknowledged.len(),
        held.len()
    );
    target.drop().await;
    app.cleanup().await;
}
