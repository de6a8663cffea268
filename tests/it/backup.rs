//! The backup drill, as an operator runs it: `binome sauvegarde` while the real service runs
//! and 8 clients sign volunteers up, then `binome restaurer` into a new file. The copy is
//! sound, and every sign-up acknowledged before the backup started is in it.

use crate::helpers::TestApp;
use crate::signup::volunteer_fields;
use binome::db;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn binome(dir: &Path, database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap()
}

/// One client: signs up volunteers one after another from its own address, and notes when
/// each sign-up was acknowledged (the thank-you page).
async fn client(base: String, n: usize, stop: Arc<Mutex<bool>>, acknowledged: Arc<Mutex<Vec<(Instant, String)>>>) {
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    for k in 0..10 {
        if *stop.lock().unwrap() {
            return;
        }
        let Ok(form) = http.get(format!("{base}/devenir-benevole")).send().await else {
            return;
        };
        let body = form.text().await.unwrap();
        let marker = "name=\"authenticity_token\" value=\"";
        let start = body.find(marker).unwrap() + marker.len();
        let token = body[start..start + body[start..].find('"').unwrap()].to_string();
        let email = format!("client{n}.benevole{k}@exemple.fr");
        let mut fields = volunteer_fields(&email);
        fields.retain(|(k, _)| k != "submission_key");
        fields.push(("submission_key".into(), format!("cle-{n}-{k}")));
        fields.push(("authenticity_token".into(), token));
        let answer = http
            .post(format!("{base}/devenir-benevole"))
            .header("X-Forwarded-For", format!("10.0.0.{n}"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        if answer.url().path() == "/devenir-benevole/merci" {
            acknowledged.lock().unwrap().push((Instant::now(), email));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_volunteers_sign_up_restores_with_every_acknowledged_sign_up() {
    let app = TestApp::sqlite().await;
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let url = app.database_url().to_string();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut service = Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--trust-proxy", "1"])
        .current_dir(dir.path())
        .env("DATABASE_URL", &url)
        .env("BINOME_SIGNUPS_PER_HOUR", "10000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if reqwest::get(format!("{base}/sante")).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let stop = Arc::new(Mutex::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (1..=8)
        .map(|n| tokio::spawn(client(base.clone(), n, stop.clone(), acknowledged.clone())))
        .collect();
    // Let the clients get going, then back up while they write.
    while acknowledged.lock().unwrap().len() < 12 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let started = Instant::now();
    let backups = dir.path().join("sauvegardes");
    let saved = {
        let (dir, url, backups) = (dir.path().to_path_buf(), url.clone(), backups.clone());
        tokio::task::spawn_blocking(move || {
            binome(
                &dir,
                &url,
                &["sauvegarde", "--vers", backups.to_str().unwrap(), "--garder", "3"],
            )
        })
        .await
        .unwrap()
    };
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    assert!(String::from_utf8_lossy(&saved.stdout).contains("Sauvegarde écrite"));
    for c in clients {
        c.await.unwrap();
    }
    *stop.lock().unwrap() = true;
    let _ = service.kill();
    let _ = service.wait();
    let acknowledged = acknowledged.lock().unwrap().clone();
    let before: Vec<&String> = acknowledged
        .iter()
        .filter(|(at, _)| *at < started)
        .map(|(_, e)| e)
        .collect();
    assert!(before.len() >= 12);

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
    let db = db::Db::connect(&restored_url).await.unwrap();
    let people = db::people::list(&db, binome::db::people::Scope::All, None, &[])
        .await
        .unwrap();
    let addresses: Vec<String> = people
        .iter()
        .filter_map(|p| p.profile.email.as_ref().map(|e| e.as_str().to_string()))
        .collect();
    for email in &before {
        assert!(
            addresses.contains(email),
            "{email}, acknowledged before the backup, is in it"
        );
    }
    eprintln!(
        "backup drill: {} sign-ups acknowledged before the backup, {} in all, {} in the backup",
        before.len(),
        acknowledged.len(),
        addresses.len()
    );
    db.close().await.unwrap();
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
