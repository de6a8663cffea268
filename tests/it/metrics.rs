//! `/metrics` as Prometheus scrapes it: the text passes `promtool check metrics` (Debian's
//! `prometheus` package), answers on the machine itself or with the bearer token only, and
//! holds counts, never a person.

use crate::helpers::{METRICS_TOKEN, TestApp, in_ci};
use crate::on_both_backends;
use crate::signup::{sign_up, volunteer_fields};
use std::io::Write;
use std::process::{Command, Stdio};

fn promtool_available() -> bool {
    Command::new("promtool")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Scrapes `/metrics` from the machine itself and has promtool check the text; returns it.
pub(crate) async fn scrape_checked_by_promtool(app: &TestApp) -> String {
    let page = app.get("/metrics").await;
    assert_eq!(page.status, 200, "{}", page.body);
    if !promtool_available() {
        assert!(!in_ci(), "CI=true: promtool is required (Debian package prometheus)");
        eprintln!("skipped promtool: not installed");
        return page.body;
    }
    let mut check = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    check.stdin.take().unwrap().write_all(page.body.as_bytes()).unwrap();
    let out = check.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool: {}{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        page.body
    );
    page.body
}

async fn metrics_count_requests_by_route_and_name_nobody(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    sign_up(&app, &volunteer_fields("lucie.martin@exemple.fr")).await;
    app.get("/espace/lien/jeton-inconnu").await;
    let text = scrape_checked_by_promtool(&app).await;
    assert!(
        text.contains(r#"binome_http_requests_total{route="/devenir-benevole",method="POST",status="303"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"route="/espace/lien/{token}""#), "{text}");
    assert!(text.contains(r#"binome_outbox_messages{status="pending"} 1"#), "{text}");
    for personal in ["lucie", "Martin", "exemple.fr", "jeton-inconnu"] {
        assert!(!text.contains(personal), "« {personal} » in the metrics");
    }
}

async fn metrics_from_elsewhere_need_the_token(app: TestApp) {
    // Behind a proxy, a client from outside is not the machine itself.
    let app = app.restart_with(|c| c.trust_proxy = 1).await;
    let client = reqwest::Client::new();
    let outside = client
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), 403);
    let wrong = client
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .bearer_auth("pas-le-bon")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let with_token = client
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 200);
    assert!(with_token.text().await.unwrap().contains("binome_people_waiting"));
    app.cleanup().await;
}

on_both_backends!(
    metrics_count_requests_by_route_and_name_nobody,
    metrics_from_elsewhere_need_the_token
);
