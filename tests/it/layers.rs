//! The dependency rule of `src/lib.rs`, checked on the sources: the inner layers never reach
//! for the outer ones.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn offenders(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let dir = root.join(layer);
    if dir.is_dir() {
        sources(&dir, &mut files);
    }
    let single = root.join(format!("{layer}.rs"));
    if single.is_file() {
        files.push((single.display().to_string(), std::fs::read_to_string(&single).unwrap()));
    }
    assert!(!files.is_empty(), "src/{layer} exists");
    let mut found = Vec::new();
    for (path, text) in files {
        for module in forbidden {
            let import = format!("crate::{module}");
            if text
                .lines()
                .any(|l| l.contains(&format!("{import}::")) || l.contains(&format!("{import};")))
            {
                found.push(format!("{path} uses {import}"));
            }
        }
    }
    found
}

#[test]
fn the_database_layer_never_imports_the_web_the_app_or_the_scheduler() {
    let found = offenders("db", &["app", "web", "jobs", "notice", "mail", "rounds"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_pure_layers_import_no_database_no_web_and_no_app() {
    for layer in ["domain", "matching"] {
        let found = offenders(
            layer,
            &["app", "web", "jobs", "db", "notice", "mail", "rounds", "config"],
        );
        assert!(found.is_empty(), "{found:#?}");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(layer);
        let mut files = Vec::new();
        sources(&root, &mut files);
        for (path, text) in files {
            assert!(!text.contains("sea_orm") && !text.contains("axum"), "{path} is pure");
        }
    }
}

#[test]
fn the_leaves_import_nothing_of_binome() {
    for leaf in ["secret", "password", "config", "worker", "data"] {
        let found = offenders(
            leaf,
            &[
                "app", "web", "jobs", "db", "notice", "mail", "rounds", "domain", "matching",
            ],
        );
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn the_link_mint_imports_only_the_core_and_the_secrets() {
    let found = offenders(
        "links",
        &[
            "app", "web", "jobs", "db", "notice", "mail", "rounds", "config", "matching",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_scheduler_takes_the_database_and_the_links_not_the_web_state() {
    let found = offenders("jobs", &["app", "web", "rounds"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn backups_know_nothing_of_the_web() {
    let found = offenders("backup", &["web", "jobs", "rounds"]);
    assert!(found.is_empty(), "{found:#?}");
}
