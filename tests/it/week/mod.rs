//! The coordinator's week: the Monday digest at 08:00 Paris time, and the colleague who
//! receives the alerts and the digest while a coordinator is away.

mod absence;
mod digest;

use crate::helpers::TestApp;
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Paris;

pub const MINUTE: i64 = 60_000;
pub const DAY: i64 = 86_400_000;

/// One scheduler pass as if it were `at`, then the outbox's.
pub async fn pass(app: &TestApp, at: i64) {
    binome::jobs::run_due(&app.db, &app.state.links, at).await.unwrap();
    app.deliver_emails_at(at).await;
}

/// What `serve` does when it starts: plans the next Monday's digest.
pub async fn started(app: &TestApp, now_ms: i64) {
    binome::jobs::digest::schedule(&app.db, now_ms).await.unwrap();
}

/// The instant Paris clocks show `h:m` on `day`.
pub fn paris(day: NaiveDate, h: u32, m: u32) -> i64 {
    Paris
        .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .earliest()
        .unwrap()
        .timestamp_millis()
}

/// The Monday digests `address` received so far.
pub fn digests(app: &TestApp, address: &str) -> Vec<String> {
    app.emails_to(address)
        .into_iter()
        .filter(|e| e.contains("Voici votre semaine"))
        .collect()
}

/// The alert e-mails `address` received so far.
pub fn alerts(app: &TestApp, address: &str) -> Vec<String> {
    app.emails_to(address)
        .into_iter()
        .filter(|e| e.contains("Une alerte vous attend"))
        .collect()
}

/// Renames a staff account (the test accounts are all « Compte de test »).
pub async fn rename(app: &TestApp, id: i32, name: &str) {
    crate::helpers::pg::execute(
        app.database_url(),
        &format!("UPDATE staff SET name = '{name}' WHERE id = {id}"),
    )
    .await
    .unwrap();
}
