//! Several `binome` instances on one PostgreSQL database share the durable jobs: none is lost,
//! none runs twice (each run leaves a mark keyed by the job's idempotency key). The same
//! command, with 100,000 jobs, gives the figures of BENCHMARKS.md. Volunteers signing up on one
//! or three instances are all stored and confirmed (`binome bench-signups`).

use crate::helpers::{in_ci, pg, postgres_url, unique_name};
use std::process::Command;

#[test]
fn three_instances_share_the_jobs_of_one_postgresql_database_exactly_once() {
    let Some(url) = postgres_url() else {
        assert!(!in_ci(), "CI=true: BINOME_TEST_PG must point at PostgreSQL");
        eprintln!("skipped: set BINOME_TEST_PG to run several instances on PostgreSQL");
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(["bench-jobs", "--jobs", "3000", "--instances", "3"])
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("binome runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        text.contains("terminées : 3000, perdues : 0, exécutées deux fois : 0"),
        "{text}"
    );
    let shares: Vec<u64> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("instance "))
        .filter_map(|l| l.split_whitespace().rev().nth(1)?.parse().ok())
        .collect();
    assert_eq!(shares.len(), 3);
    assert_eq!(shares.iter().sum::<u64>(), 3000);
    assert!(shares.iter().all(|&n| n > 0), "every instance took a share: {shares:?}");
}

/// `binome bench-signups` as BENCHMARKS.md runs it, small: the public sign-up form on `url`
/// (one instance, or three on PostgreSQL), every acknowledged volunteer stored and confirmed by
/// an e-mail the outbox sent.
fn signups_lose_nothing(url: &str, instances: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_binome"))
        .args([
            "bench-signups",
            "--rate",
            "20",
            "--duration",
            "3",
            "--instances",
            instances,
        ])
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("binome runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains(&format!("sur {instances} instance(s)")), "{text}");
    let accepted: u64 = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("inscriptions : ")?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .expect("the sign-ups line");
    assert!(accepted >= 50, "{accepted} sign-ups in 3 s at 20 a second: {text}");
    assert!(text.contains(", 0 échouées"), "{text}");
    assert!(
        text.contains(&format!(
            "bénévoles enregistrés : {accepted} ; courriels envoyés à ces bénévoles : {accepted}"
        )),
        "{text}"
    );
}

#[test]
fn volunteers_signing_up_on_sqlite_are_all_stored_and_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    signups_lose_nothing(
        &format!("sqlite://{}", dir.path().join("inscriptions.db").display()),
        "1",
    );
}

#[tokio::test]
async fn volunteers_signing_up_on_three_instances_are_all_stored_and_confirmed() {
    let Some(admin_url) = postgres_url() else {
        assert!(!in_ci(), "CI=true: BINOME_TEST_PG must point at PostgreSQL");
        eprintln!("skipped: set BINOME_TEST_PG to run several instances on PostgreSQL");
        return;
    };
    let name = unique_name("binome_su");
    pg::execute(&admin_url, &format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let url = pg::url_of(&admin_url, &name);
    tokio::task::spawn_blocking(move || signups_lose_nothing(&url, "3"))
        .await
        .unwrap();
    pg::execute(&admin_url, &format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
