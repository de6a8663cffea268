//! What an operator installs, checked as they would check it: the systemd unit by
//! `systemd-analyze verify` and `systemd-analyze security`, run on the unit as shipped with
//! only the binary's path changed to the one this test built.

use crate::helpers::in_ci;
use std::process::Command;

fn systemd_analyze_available() -> bool {
    Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The shipped unit, pointing at the binary built for the tests.
fn unit_for_this_build() -> std::path::PathBuf {
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/binome.service")).unwrap();
    assert!(shipped.contains("ExecStart=/usr/local/bin/binome serve"));
    let unit = shipped.replace("/usr/local/bin/binome", env!("CARGO_BIN_EXE_binome"));
    let dir = tempfile::tempdir().unwrap().keep();
    let path = dir.join("binome.service");
    std::fs::write(&path, unit).unwrap();
    path
}

#[test]
fn the_systemd_unit_verifies_cleanly_and_is_hardened() {
    if !systemd_analyze_available() {
        assert!(
            !in_ci(),
            "CI=true: systemd-analyze is required (Debian package systemd)"
        );
        eprintln!("skipped: systemd-analyze is not installed");
        return;
    }
    let unit = unit_for_this_build();
    let verify = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&unit)
        .output()
        .unwrap();
    let complaints = String::from_utf8_lossy(&verify.stderr);
    assert!(verify.status.success() && complaints.trim().is_empty(), "{complaints}");

    // The exposure score systemd computes (0 = locked down, 10 = unprotected).
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=yes", "--no-pager"])
        .arg(&unit)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&security.stdout);
    let score: f32 = report
        .lines()
        .find_map(|l| l.split("Overall exposure level for binome.service:").nth(1))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in: {report}"));
    assert!(score <= 2.0, "exposure {score}: {report}");
    for directive in [
        "DynamicUser=yes",
        "StateDirectory=binome",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
    ] {
        assert!(
            std::fs::read_to_string(&unit).unwrap().contains(directive),
            "{directive}"
        );
    }
}

/// `publiccode.yml` read by a YAML parser (the system Python's), as the catalogue's crawler
/// reads it: the keys the standard requires, descriptions within its lengths, and the same
/// version and licence as the crate.
#[test]
fn publiccode_yml_has_what_the_catalogue_requires() {
    let read = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))",
            concat!(env!("CARGO_MANIFEST_DIR"), "/publiccode.yml"),
        ])
        .output();
    let read = match read {
        Ok(out) if out.status.success() => out,
        other => {
            assert!(!in_ci(), "CI=true: python3 with PyYAML is required: {other:?}");
            eprintln!("skipped: no python3 with PyYAML");
            return;
        }
    };
    let yml: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    for key in [
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
    ] {
        assert!(!yml[key].is_null(), "{key} missing");
    }
    assert_eq!(yml["softwareVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(yml["legal"]["license"], env!("CARGO_PKG_LICENSE"));
    assert_eq!(yml["maintenance"]["type"], "community");
    assert!(yml["maintenance"]["contacts"][0]["name"].is_string());
    assert_eq!(yml["localisation"]["availableLanguages"][0], "fr");
    let fr = &yml["description"]["fr"];
    let short = fr["shortDescription"].as_str().unwrap();
    let long = fr["longDescription"].as_str().unwrap();
    assert!(
        short.chars().count() <= 150,
        "shortDescription is {} characters",
        short.chars().count()
    );
    assert!((150..=10_000).contains(&long.chars().count()));
    assert!(fr["features"].as_array().is_some_and(|f| !f.is_empty()));
}
