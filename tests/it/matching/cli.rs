//! `binome match` run as a user would: files in, files out, exit codes.

use super::{LE_VIGEAN, MAURIAC, beneficiary, instance, volunteer};
use serde_json::{Value, json};
use std::process::{Command, Output};

fn binome(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_binome"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

#[test]
fn match_writes_the_result_and_edges_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let people = vec![
        beneficiary("b1", MAURIAC),
        beneficiary("b2", "75056"),
        volunteer("v1", LE_VIGEAN),
    ];
    std::fs::write(dir.path().join("i.json"), instance(people).to_string()).unwrap();
    let out = binome(dir.path(), &["match", "--instance", "i.json", "--out", "r.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(result["matched"], 1);
    assert_eq!(result["unmatched_beneficiaries"], json!(["b2"]));
    assert_eq!(result["feasible_edges"], 1);
    assert_eq!(result["pairs"][0]["mode"], "in_person");
    assert_eq!(result["pairs"][0]["distance_km"], 3.963);
    assert!(result["elapsed_ms"].as_f64().is_some());
    assert!(result.get("edges").is_none());
    assert!(
        result["why_unmatched"]["b2"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("aucun·e bénévole")
    );

    let out = binome(
        dir.path(),
        &["match", "--instance", "i.json", "--out", "e.json", "--emit-edges"],
    );
    assert!(out.status.success());
    let result: Value = serde_json::from_slice(&std::fs::read(dir.path().join("e.json")).unwrap()).unwrap();
    assert_eq!(result["edges"][0][0], "b1");
    assert_eq!(result["edges"][0][1], "v1");
    assert_eq!(result["edges"][0][2], result["pairs"][0]["score"]);
}

#[test]
fn a_malformed_instance_exits_2_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut json = instance(vec![beneficiary("b1", MAURIAC), volunteer("v1", LE_VIGEAN)]);
    json["people"][1]["slots"] = json!("tous les jours");
    std::fs::write(dir.path().join("bad.json"), json.to_string()).unwrap();
    let out = binome(dir.path(), &["match", "--instance", "bad.json", "--out", "r.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("people[1].slots"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("r.json").exists());

    std::fs::write(dir.path().join("garbage.json"), "[1, 2").unwrap();
    let out = binome(dir.path(), &["match", "--instance", "garbage.json", "--out", "r.json"]);
    assert_eq!(out.status.code(), Some(2));
    let out = binome(dir.path(), &["match", "--instance", "missing.json", "--out", "r.json"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn match_help_is_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(binome(dir.path(), &["match", "--help"]).stdout).unwrap();
    assert!(
        text.contains("Instance à résoudre") && text.contains("Afficher cette aide"),
        "{text}"
    );
    let text = String::from_utf8(binome(dir.path(), &["bench-match", "--help"]).stdout).unwrap();
    assert!(text.contains("Nombres de personnes de chaque côté"), "{text}");
}
