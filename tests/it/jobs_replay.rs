//! The check-in job is one plan written in one transaction: killed half-way, it leaves
//! nothing behind, and its replay asks each side once; replayed after it did its work, it
//! adds nothing.

use crate::helpers::TestApp;
use crate::lifecycle::{DAY, active_binome, now, tick};
use crate::on_both_backends;
use binome::db;
use sea_orm::ConnectionTrait;

const HOUR: i64 = 3_600_000;

async fn sql(app: &TestApp, statements: &[&str]) {
    let conn = sea_orm::Database::connect(app.database_url()).await.unwrap();
    for s in statements {
        conn.execute_unprepared(s).await.unwrap();
    }
    conn.close().await.unwrap();
}

/// Makes the job's last write — scheduling check-in number 2 — fail, as a crash would.
async fn kill_before_the_next_check_in(app: &TestApp) {
    if app.db.is_postgres() {
        sql(app, &[
            "CREATE FUNCTION kill_half_way() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'killed half-way'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER kill_half_way BEFORE INSERT ON job FOR EACH ROW WHEN (NEW.idempotency_key LIKE 'checkin:%:2') EXECUTE FUNCTION kill_half_way()",
        ])
        .await;
    } else {
        sql(app, &["CREATE TRIGGER kill_half_way BEFORE INSERT ON job WHEN NEW.idempotency_key LIKE 'checkin:%:2' BEGIN SELECT RAISE(ABORT, 'killed half-way'); END"]).await;
    }
}

async fn revive(app: &TestApp) {
    let drop = if app.db.is_postgres() {
        "DROP TRIGGER kill_half_way ON job"
    } else {
        "DROP TRIGGER kill_half_way"
    };
    sql(app, &[drop]).await;
}

/// Who was asked by the pairing's check-in number 1, one entry per check-in.
async fn first_check_ins(app: &TestApp, pairing: i32) -> Vec<i32> {
    let mut people: Vec<i32> = db::checkins::unanswered(&app.db, pairing, 1)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.person_id)
        .collect();
    people.sort();
    people
}

fn check_in_emails(app: &TestApp, address: &str) -> usize {
    app.emails_to(address).iter().filter(|e| e.contains("/point/")).count()
}

/// (status, last error) of check-in job `number` of the pairing.
async fn check_in_job(app: &TestApp, pairing: i32, number: i32) -> Option<(String, Option<String>)> {
    let key = format!("checkin:{pairing}:{number}");
    let jobs = db::jobs::of_pairing(&app.db, pairing).await.unwrap();
    jobs.into_iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, status, error)| (status, error))
}

async fn a_check_in_job_killed_half_way_asks_each_side_once_when_replayed(app: TestApp) {
    let (pairing, volunteer) = active_binome(&app).await;
    let due = now() + 15 * DAY;
    kill_before_the_next_check_in(&app).await;
    tick(&app, due).await;
    let (status, error) = check_in_job(&app, pairing, 1).await.unwrap();
    assert_eq!(status, "pending", "the failed job waits for its retry");
    assert!(error.unwrap_or_default().contains("killed half-way"));
    assert!(
        first_check_ins(&app, pairing).await.is_empty(),
        "nothing of the killed run is left"
    );
    assert_eq!(check_in_emails(&app, &volunteer), 0, "nor any e-mail");

    revive(&app).await;
    tick(&app, due + HOUR).await;
    assert_eq!(check_in_job(&app, pairing, 1).await.unwrap().0, "done");
    assert_eq!(first_check_ins(&app, pairing).await.len(), 2, "one check-in per side");
    assert_eq!(check_in_emails(&app, &volunteer), 1, "one e-mail to the volunteer");
    assert_eq!(check_in_emails(&app, "denise@exemple.fr"), 1, "one e-mail to Denise");
    assert!(
        check_in_job(&app, pairing, 2).await.is_some(),
        "the next check-in is scheduled"
    );
}

async fn a_check_in_job_replayed_after_its_commit_adds_nothing(app: TestApp) {
    let (pairing, volunteer) = active_binome(&app).await;
    let due = now() + 15 * DAY;
    tick(&app, due).await;
    let link = app.link_in_last_email(&volunteer, "/point/");
    // The worker died between the commit and marking the job done: it runs again.
    sql(
        &app,
        &[&format!(
            "UPDATE job SET status = 'pending' WHERE idempotency_key = 'checkin:{pairing}:1'"
        )],
    )
    .await;
    assert_eq!(tick(&app, due + HOUR).await, 1, "the job ran again");
    assert_eq!(
        first_check_ins(&app, pairing).await.len(),
        2,
        "still one check-in per side"
    );
    assert_eq!(check_in_emails(&app, &volunteer), 1, "no second e-mail");
    assert_eq!(check_in_emails(&app, "denise@exemple.fr"), 1);
    let answered = app
        .new_visitor()
        .submit(
            &link,
            &link,
            &[("met", "oui"), ("mood", "bien"), ("decision", "continuer")],
        )
        .await;
    assert!(
        answered.contains("Vos réponses sont enregistrées."),
        "the first link still answers the one check-in"
    );
}

/// The open « no answer » alerts of the binôme, one per person the team must call.
async fn no_answer_alerts(app: &TestApp, pairing: i32) -> usize {
    let team = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().team_id;
    db::checkins::open_alerts(&app.db, &[team])
        .await
        .unwrap()
        .iter()
        .filter(|a| a.pairing_id == Some(pairing) && a.kind == binome::domain::alert::AlertKind::NoAnswer)
        .count()
}

async fn a_no_answer_job_replayed_after_its_commit_raises_no_second_alert(app: TestApp) {
    let (pairing, _) = active_binome(&app).await;
    let due = now() + 15 * DAY;
    tick(&app, due).await;
    tick(&app, due + 8 * DAY).await;
    tick(&app, due + 8 * DAY + 1000).await; // the coordinators' e-mails about them
    assert_eq!(
        no_answer_alerts(&app, pairing).await,
        2,
        "one alert per side that did not answer"
    );
    // The worker died between the alerts' commit and marking the job done: it runs again.
    sql(
        &app,
        &[&format!(
            "UPDATE job SET status = 'pending' WHERE idempotency_key = 'alert:{pairing}:1'"
        )],
    )
    .await;
    assert_eq!(tick(&app, due + 8 * DAY + HOUR).await, 1, "the job ran again");
    assert_eq!(
        no_answer_alerts(&app, pairing).await,
        2,
        "the desk does not list the same call twice"
    );
}

on_both_backends!(
    a_check_in_job_killed_half_way_asks_each_side_once_when_replayed,
    a_check_in_job_replayed_after_its_commit_adds_nothing,
    a_no_answer_job_replayed_after_its_commit_raises_no_second_alert
);
