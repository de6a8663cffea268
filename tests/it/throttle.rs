//! The rate limits kept in the database (`db::throttle::take`): a window that slides request
//! by request, limits that hold under a burst, and counts left by an older version.

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::probe::count;
use binome::db;
use binome::domain::throttle::{HOUR_MS, Limit, MINUTE_MS};
use futures::future::join_all;
use sea_orm::{ConnectionTrait, Statement};

const T0: i64 = 1_800_000_000_000;

fn three_an_hour(subject: &str) -> Vec<Limit> {
    vec![Limit {
        bucket: "essai",
        subject: subject.to_string(),
        max: 3,
        window_ms: HOUR_MS,
    }]
}

async fn take(app: &TestApp, limits: &[Limit], at: i64) -> bool {
    db::throttle::take(&app.db, limits, at).await.unwrap()
}

async fn a_throttle_window_slides_request_by_request(app: TestApp) {
    let limit = three_an_hour("10.0.0.1");
    for minute in [0, 10, 20] {
        assert!(take(&app, &limit, T0 + minute * MINUTE_MS).await, "minute {minute}");
    }
    assert!(!take(&app, &limit, T0 + 30 * MINUTE_MS).await, "the fourth in the hour");
    assert!(
        !take(&app, &limit, T0 + HOUR_MS - 1).await,
        "the first one still counts"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM rate_event WHERE bucket = 'essai'").await,
        3,
        "a refused request leaves nothing behind"
    );
    // The request of minute 0 leaves the window: one place, and one only.
    assert!(take(&app, &limit, T0 + HOUR_MS).await);
    assert!(!take(&app, &limit, T0 + HOUR_MS + 1).await);
    // Minutes 10 and 20 leave in turn.
    assert!(take(&app, &limit, T0 + 70 * MINUTE_MS).await);
    assert!(take(&app, &limit, T0 + 80 * MINUTE_MS).await);
    assert!(!take(&app, &limit, T0 + 80 * MINUTE_MS + 1).await);
    // Another address has its own count; after a quiet day the window is empty again.
    assert!(take(&app, &three_an_hour("10.0.0.2"), T0 + 80 * MINUTE_MS).await);
    for i in 0..3 {
        assert!(
            take(&app, &limit, T0 + 24 * HOUR_MS + i).await,
            "after a day, request {i}"
        );
    }
    assert!(!take(&app, &limit, T0 + 24 * HOUR_MS + 3).await);
}

async fn a_throttle_burst_is_admitted_exactly_up_to_the_limit(app: TestApp) {
    let limits = |i: usize| {
        vec![
            Limit {
                bucket: "essai_ip",
                subject: format!("10.0.1.{i}"),
                max: 10,
                window_ms: HOUR_MS,
            },
            Limit {
                bucket: "essai",
                subject: "*".into(),
                max: 12,
                window_ms: HOUR_MS,
            },
        ]
    };
    let all = (0..30).map(|i| {
        let app = &app;
        async move { take(app, &limits(i), T0 + i as i64).await }
    });
    let admitted = join_all(all).await.into_iter().filter(|ok| *ok).count();
    assert_eq!(admitted, 12);
    assert!(!take(&app, &limits(99), T0 + 100).await);
    assert!(take(&app, &limits(99), T0 + HOUR_MS + 30).await, "the hour is over");
}

async fn a_throttle_counts_in_full_what_an_older_version_left(app: TestApp) {
    // Two requests taken before the running count existed: their rows, a bucket without count.
    let conn = sea_orm::Database::connect(app.config().database_url).await.unwrap();
    let backend = conn.get_database_backend();
    for sql in [
        format!("INSERT INTO rate_bucket (bucket, subject, touched_at) VALUES ('essai', '10.0.0.3', {T0})"),
        format!("INSERT INTO rate_event (bucket, subject, at) VALUES ('essai', '10.0.0.3', {T0})"),
        format!(
            "INSERT INTO rate_event (bucket, subject, at) VALUES ('essai', '10.0.0.3', {})",
            T0 + 1
        ),
    ] {
        conn.execute_raw(Statement::from_string(backend, sql)).await.unwrap();
    }
    let _ = conn.close().await;
    let limit = three_an_hour("10.0.0.3");
    assert!(take(&app, &limit, T0 + MINUTE_MS).await);
    assert!(
        !take(&app, &limit, T0 + 2 * MINUTE_MS).await,
        "the two older ones count"
    );
    assert!(
        take(&app, &limit, T0 + HOUR_MS + 1).await,
        "and leave the window in time"
    );
}

on_both_backends!(
    a_throttle_window_slides_request_by_request,
    a_throttle_burst_is_admitted_exactly_up_to_the_limit,
    a_throttle_counts_in_full_what_an_older_version_left,
);
