//! The day before the first meeting, each side is reminded by their channel: an e-mail for
//! the volunteer, a call task « À prévenir » for Denise, who has no e-mail address. A meeting
//! moved or cancelled since leaves its old reminder silent.

use super::{post_meeting, upcoming};
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::alert::AlertKind;
use binome::domain::duration::{HOUR_MS, MINUTE_MS};
use chrono::Weekday;

/// Moves the application's clock to `at`, then runs the scheduler and delivers the e-mails.
async fn at(app: &TestApp, at: i64) {
    let now = app.state.clock.now_ms();
    assert!(at > now, "time only moves forward");
    app.state.clock.advance(at - now);
    let now = app.state.clock.now_ms();
    binome::jobs::run_due(&app.state.db, &app.state.links, now)
        .await
        .unwrap();
    app.deliver_emails_at(now).await;
}

/// The reminders the volunteer received so far.
fn reminders_to(app: &TestApp, address: &str) -> Vec<String> {
    app.emails_to(address)
        .into_iter()
        .filter(|e| e.contains("Rappel : votre rencontre de demain"))
        .collect()
}

/// Denise's open call tasks about her meeting that say « demain ».
async fn reminder_calls(app: &TestApp, team: i32) -> Vec<String> {
    db::checkins::open_alerts(&app.db, &[team])
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == AlertKind::ToTell && a.message.contains("rappel : rencontre avec"))
        .map(|a| a.message)
        .collect()
}

async fn the_day_before_each_side_is_reminded_by_their_channel(app: TestApp) {
    let (pairing, volunteer) = crate::ending::accepted(&app).await;
    let team = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().team_id;
    // Denise has no e-mail address: she is told by her coordinator, on the phone.
    let denise = db::people::by_email(&app.db, "denise@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    let mut profile = denise.profile.clone();
    profile.email = None;
    profile.phone = Some("0471000000".into());
    db::people::update_profile(&app.db, denise.id, &profile, 0)
        .await
        .unwrap();

    let (day, time, thursday) = upcoming(&app, 4, Weekday::Thu, 15);
    let fields = [
        ("day", day),
        ("time", time),
        ("venue", "autre".to_string()),
        ("place", "Café de la Poste, place de la Poste, Mauriac".to_string()),
    ];
    post_meeting(&app, pairing, "accord", &fields).await;
    let day_before_ten = binome::domain::meeting::reminder_at(thursday, 0).unwrap();
    assert_eq!(day_before_ten, thursday - 29 * HOUR_MS, "10 h the day before");
    assert_eq!(
        binome::domain::dates::french_date_time(day_before_ten)
            .split(" à ")
            .nth(1),
        Some("10 h 00")
    );

    // The evening before the day before: nothing yet.
    at(&app, day_before_ten - 12 * HOUR_MS).await;
    assert!(reminders_to(&app, &volunteer).is_empty());
    assert!(reminder_calls(&app, team).await.is_empty());

    // 10 h the day before: the volunteer's e-mail, Denise's call task.
    at(&app, day_before_ten + MINUTE_MS).await;
    let sent = reminders_to(&app, &volunteer);
    assert_eq!(sent.len(), 1, "one reminder");
    assert!(
        sent[0].contains("demain, vous rencontrez Denise") && sent[0].contains("Café de la Poste"),
        "{}",
        sent[0]
    );
    let calls = reminder_calls(&app, team).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(calls[0].starts_with("À prévenir") && calls[0].contains("Café de la Poste"));
    let desk = app.get(&format!("/tableau-de-bord?equipe={team}")).await;
    assert!(desk.contains("rappel : rencontre avec"), "on the desk, to call");
    // Run again: nothing more.
    at(&app, day_before_ten + 2 * MINUTE_MS).await;
    assert_eq!(reminders_to(&app, &volunteer).len(), 1);
}

on_both_backends!(the_day_before_each_side_is_reminded_by_their_channel);

async fn a_moved_or_cancelled_meeting_leaves_its_old_reminder_silent(app: TestApp) {
    let (pairing, volunteer) = crate::ending::accepted(&app).await;
    let (day, time, first) = upcoming(&app, 4, Weekday::Thu, 15);
    post_meeting(
        &app,
        pairing,
        "accord",
        &[
            ("day", day),
            ("time", time),
            ("venue", "autre".into()),
            ("place", "Café de la Poste".into()),
        ],
    )
    .await;
    // Moved a week later: the first reminder's moment passes in silence.
    let (day, time, later) = upcoming(&app, 11, Weekday::Thu, 15);
    let moved = post_meeting(
        &app,
        pairing,
        "rencontre-prevue",
        &[
            ("day", day),
            ("time", time),
            ("venue", "autre".into()),
            ("place", "Café de la Poste".into()),
            ("sequence", "0".into()),
        ],
    )
    .await;
    assert!(moved.contains("Rencontre enregistrée"), "{}", moved.body);
    at(&app, first - 4 * HOUR_MS).await;
    assert!(
        reminders_to(&app, &volunteer).is_empty(),
        "the old date is not reminded"
    );
    // Cancelled: the new reminder's moment passes in silence too.
    let page = format!("/binomes/{pairing}");
    app.submit(&page, &format!("{page}/rencontre-prevue/annuler"), &[("sequence", "1")])
        .await;
    at(&app, later - 4 * HOUR_MS).await;
    assert!(
        reminders_to(&app, &volunteer).is_empty(),
        "a cancelled meeting is not reminded"
    );
    let cancelled = app.emails_to(&volunteer);
    assert!(
        cancelled
            .iter()
            .any(|e| e.contains("La rencontre avec Denise est annulée."))
    );
}

on_both_backends!(a_moved_or_cancelled_meeting_leaves_its_old_reminder_silent);
