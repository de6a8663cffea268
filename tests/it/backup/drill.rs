//! What the backup drills share: the real binary serving a database, 8 clients signing
//! volunteers up meanwhile (each noting when its sign-up was acknowledged), and who is in a
//! database afterwards.

use crate::helpers::{in_ci, pg, postgres_url, unique_name};
use crate::signup::volunteer_fields;
use binome::db;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `binome ARGS` on `database_url`, as an operator would.
pub fn binome(dir: &Path, database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap()
}

/// The same, off the async runtime (the clients keep writing meanwhile).
pub async fn binome_aside(dir: &Path, database_url: &str, args: &[&str]) -> std::process::Output {
    let (dir, url) = (dir.to_path_buf(), database_url.to_string());
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        binome(&dir, &url, &args)
    })
    .await
    .unwrap()
}

/// `binome serve` on a free port; killed when dropped.
pub struct Service {
    child: Child,
    pub base: String,
}

impl Service {
    pub async fn start(dir: &Path, database_url: &str) -> Self {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_binome"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--trust-proxy", "1"])
            .current_dir(dir)
            .env("DATABASE_URL", database_url)
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
        Self { child, base }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type Acknowledged = Arc<Mutex<Vec<(Instant, String)>>>;

/// 8 clients, each signing up 10 volunteers one after another from its own address.
pub struct Clients {
    acknowledged: Acknowledged,
    handles: Vec<tokio::task::JoinHandle<()>>,
}

impl Clients {
    pub fn start(base: &str) -> Self {
        let acknowledged: Acknowledged = Arc::default();
        let handles = (1..=8)
            .map(|n| tokio::spawn(client(base.to_string(), n, acknowledged.clone())))
            .collect();
        Self { acknowledged, handles }
    }

    /// Waits until `n` sign-ups are acknowledged.
    pub async fn until(&self, n: usize) {
        while self.acknowledged.lock().unwrap().len() < n {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for every client to finish; each acknowledged address with when.
    pub async fn finish(self) -> Vec<(Instant, String)> {
        for c in self.handles {
            c.await.unwrap();
        }
        self.acknowledged.lock().unwrap().clone()
    }
}

/// One client; a sign-up counts once the thank-you page is shown.
async fn client(base: String, n: usize, acknowledged: Acknowledged) {
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    for k in 0..10 {
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

/// The e-mail addresses of the people in the database at `database_url`.
pub async fn emails_in(database_url: &str) -> Vec<String> {
    let db = db::Db::connect(database_url).await.unwrap();
    let people = db::people::list(&db, db::people::Scope::All, None, &[]).await.unwrap();
    db.close().await.unwrap();
    people
        .iter()
        .filter_map(|p| p.profile.email.as_ref().map(|e| e.as_str().to_string()))
        .collect()
}

/// Each address acknowledged before `instant` that `held` lacks.
pub fn missing_from(held: &[String], acknowledged: &[(Instant, String)], instant: Instant) -> Vec<String> {
    acknowledged
        .iter()
        .filter(|(at, e)| *at < instant && !held.contains(e))
        .map(|(_, e)| e.clone())
        .collect()
}

/// pg_dump is there; under CI its absence is a failure, elsewhere the test says why it skips.
pub fn pg_dump_present() -> bool {
    match Command::new("pg_dump").arg("--version").output() {
        Ok(out) if out.status.success() => true,
        _ if in_ci() => panic!("CI=true: pg_dump must be installed (Debian package postgresql-client)"),
        _ => {
            eprintln!("skipped: pg_dump is not installed (Debian package postgresql-client)");
            false
        }
    }
}

/// An empty PostgreSQL database of its own (a restore's target), named like the test
/// databases so that a crashed run's is dropped by the next.
pub struct ScratchPg {
    admin_url: String,
    name: String,
    pub url: String,
}

impl ScratchPg {
    /// None (with the reason printed) when no PostgreSQL server is configured outside CI.
    pub async fn create() -> Option<Self> {
        let admin_url = postgres_url()?;
        let name = unique_name("binome_t");
        pg::execute(&admin_url, &format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let url = pg::url_of(&admin_url, &name);
        Some(Self { admin_url, name, url })
    }

    /// Waits (a few seconds at most) until the sessions closed on it have left the server.
    pub async fn wait_until_unused(&self) {
        for _ in 0..100 {
            if pg::sessions_on(&self.admin_url, &self.name).await == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    pub async fn drop(self) {
        pg::execute(
            &self.admin_url,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        )
        .await
        .unwrap();
    }
}
