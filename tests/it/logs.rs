//! The real binary's log, as a collector receives it: JSON lines, no colour codes in a file,
//! and nothing personal at the most talkative level — no sign-in token, no address.

use std::process::{Command, Stdio};
use std::time::Duration;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn the_json_log_holds_routes_never_tokens_or_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    // The log goes to standard error; standard output keeps the sentences for a person.
    let log_path = dir.path().join("binome.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let console_path = dir.path().join("console.txt");
    let console = std::fs::File::create(&console_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_binome"))
        .args([
            "serve",
            "--log-format",
            "json",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .current_dir(dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("logs.db").display()),
        )
        .env("RUST_LOG", "debug")
        .stdout(Stdio::from(console))
        .stderr(Stdio::from(log))
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..100 {
        if client.get(format!("{base}/sante")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        up,
        "binome did not start: {}",
        std::fs::read_to_string(&log_path).unwrap()
    );
    for path in [
        "/espace/lien/jeton-secret-4f2a9c",
        "/api/communes?q=lucie.martin%40exemple.fr",
        "/confirmer/jeton-secret-77b1",
    ] {
        client.get(format!("{base}{path}")).send().await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _ = child.kill();
    let _ = child.wait();

    let text = std::fs::read_to_string(&log_path).unwrap();
    let console = std::fs::read_to_string(&console_path).unwrap();
    assert!(console.contains("ouvrez http://127.0.0.1"), "{console}");
    assert!(
        !text.contains('\u{1b}') && !console.contains('\u{1b}'),
        "no colour codes in a file:\n{text}"
    );
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "not a JSON line: {line}"
        );
    }
    for secret in ["jeton-secret", "lucie.martin", "exemple.fr"] {
        assert!(
            !text.contains(secret) && !console.contains(secret),
            "« {secret} » in the log:\n{text}"
        );
    }
    assert!(
        text.contains("/espace/lien/{token}"),
        "requests are logged by route:\n{text}"
    );
    assert!(
        text.contains(r#""route":"/api/communes""#),
        "the search, outside the session layer, is logged by route too:\n{text}"
    );
}
