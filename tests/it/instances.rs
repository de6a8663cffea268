//! Several `binome` instances on one PostgreSQL database share the durable jobs: none is lost,
//! none runs twice (each run leaves a mark keyed by the job's idempotency key). The same
//! command, with 100,000 jobs, gives the figures of BENCHMARKS.md.

use crate::helpers::{in_ci, postgres_url};
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
