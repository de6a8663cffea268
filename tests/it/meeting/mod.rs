//! A dated first meeting in a real place (#15.5): the team's places with their opening
//! hours, the meeting set at agreement, changed and cancelled, each side's e-mail carrying a
//! calendar file read back by a second implementation (Python's `icalendar`, through a real
//! SMTP server), and the reminder the day before by each person's channel.

mod calendar;
mod reminder;

use crate::helpers::TestApp;
use binome::db;
use chrono::{Datelike, TimeZone, Weekday};
use chrono_tz::Europe::Paris;

/// A day (`AAAA-MM-JJ`), a time (`HH:MM`) and their instant: the first `weekday` at least
/// `days_ahead` days from the application's today, at `hour` French time.
pub(crate) fn upcoming(app: &TestApp, days_ahead: u64, weekday: Weekday, hour: u32) -> (String, String, i64) {
    let today = binome::domain::dates::day_in_france(app.state.clock.now_ms());
    let mut day = today + chrono::Days::new(days_ahead);
    while day.weekday() != weekday {
        day = day.succ_opt().unwrap();
    }
    let at = Paris
        .from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .timestamp_millis();
    (day.format("%Y-%m-%d").to_string(), format!("{hour:02}:00"), at)
}

/// The fields of a meeting at a place typed freely, next week.
pub(crate) fn free_place(app: &TestApp, place: &str) -> Vec<(&'static str, String)> {
    let (day, time, _) = upcoming(app, 7, Weekday::Tue, 15);
    vec![
        ("day", day),
        ("time", time),
        ("venue", "autre".into()),
        ("place", place.to_string()),
    ]
}

/// Adds the médiathèque (open Tuesday to Saturday, 10–12 h and 14–18 h) to the team through
/// its page; returns its id.
pub(crate) async fn add_mediatheque(app: &TestApp, team: i32) -> i32 {
    let page = format!("/equipes/{team}/lieux");
    let added = app
        .submit(
            &page,
            &page,
            &[
                ("nom", "Médiathèque de Mauriac"),
                ("adresse", "place Georges Pompidou"),
                ("commune", "15120"),
                ("horaires", "Tu-Sa 10:00-12:00,14:00-18:00"),
                (
                    "accessibilite",
                    "https://acceslibre.beta.gouv.fr/app/15-mauriac/a/bibliotheque-mediatheque/",
                ),
            ],
        )
        .await;
    assert!(added.contains("Lieu ajouté : Médiathèque de Mauriac"), "{}", added.body);
    db::meetings::venues_of(&app.db, team)
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.name == "Médiathèque de Mauriac")
        .unwrap()
        .id
}

/// Posts the meeting form `fields` to `action`, from the binôme's page.
pub(crate) async fn post_meeting(
    app: &TestApp,
    pairing: i32,
    action: &str,
    fields: &[(&str, String)],
) -> crate::helpers::Page {
    let page = format!("/binomes/{pairing}");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.submit(&page, &format!("{page}/{action}"), &fields).await
}

/// The coordinator records the person's agreement with a first meeting next week at a place
/// typed freely.
pub(crate) async fn agree_at(app: &TestApp, pairing: i32, place: &str) -> crate::helpers::Page {
    post_meeting(app, pairing, "accord", &free_place(app, place)).await
}
