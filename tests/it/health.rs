//! The operator's health checks: `/sante` while the process runs, `/sante/pret` turning 503
//! when a message waits too long or the scheduler stops, and back to 200 once they move.

use crate::helpers::TestApp;
use crate::lifecycle::{DAY, active_binome};
use crate::on_both_backends;
use crate::signup::{sign_up, volunteer_fields};

const HOUR: i64 = 3_600_000;

fn status_of(body: &str) -> String {
    let json: serde_json::Value = serde_json::from_str(body).expect("health JSON");
    json["status"].as_str().unwrap_or_default().to_string()
}

async fn readiness_fails_while_an_email_waits_too_long_and_recovers_once_sent(app: TestApp) {
    let live = app.get("/sante").await;
    assert_eq!((live.status, status_of(&live.body).as_str()), (200, "pass"));
    let ready = app.get("/sante/pret").await;
    assert_eq!((ready.status, status_of(&ready.body).as_str()), (200, "pass"));

    app.create_team("Antenne de Mauriac", &["15120"]).await;
    sign_up(&app, &volunteer_fields("lucie@exemple.fr")).await;
    // Nobody delivers (the mail server is down, no instance sends): two hours later the
    // service is not fit to serve, and says why.
    app.state.clock.advance(2 * HOUR);
    let ready = app.get("/sante/pret").await;
    assert_eq!(ready.status, 503, "{}", ready.body);
    assert_eq!(status_of(&ready.body), "fail");
    assert!(ready.contains("un message attend depuis 120 minutes"), "{}", ready.body);

    app.deliver_emails_at(app.state.clock.now_ms()).await;
    let ready = app.get("/sante/pret").await;
    assert_eq!(
        (ready.status, status_of(&ready.body).as_str()),
        (200, "pass"),
        "{}",
        ready.body
    );
}

async fn readiness_fails_when_the_scheduler_stops_and_recovers_when_it_runs(app: TestApp) {
    active_binome(&app).await;
    app.deliver_emails_at(app.state.clock.now_ms()).await;
    assert_eq!(app.get("/sante/pret").await.status, 200);

    // Fifteen days without a scheduler: the first check-in, due at two weeks, is a day late.
    app.state.clock.advance(15 * DAY);
    let ready = app.get("/sante/pret").await;
    assert_eq!(ready.status, 503, "{}", ready.body);
    assert!(ready.contains("le planificateur tourne-t-il ?"), "{}", ready.body);

    let now = app.state.clock.now_ms();
    binome::jobs::run_due(&app.state.db, &app.state.links, now)
        .await
        .unwrap();
    app.deliver_emails_at(now).await;
    let ready = app.get("/sante/pret").await;
    assert_eq!(ready.status, 200, "{}", ready.body);
}

on_both_backends!(
    readiness_fails_while_an_email_waits_too_long_and_recovers_once_sent,
    readiness_fails_when_the_scheduler_stops_and_recovers_when_it_runs
);
