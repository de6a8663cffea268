//! SMS, against a real SMSC process on loopback: a person who chose SMS is asked by SMS and
//! answers by SMS (OUI, PAS BIEN, STOP), quiet hours hold an SMS to the morning, an SMSC that
//! is down is retried and the SMS leaves once; the team's SMS contract on its admin page.

mod journeys;
mod smsc;

use crate::helpers::TestApp;
use binome::db::{self, teams::Smpp};
use binome::domain::profile::ContactChannel;
use binome::worker::Stop;
use chrono::{Datelike, TimeZone, Timelike};
use chrono_tz::Europe::Paris;

pub const DAY: i64 = 86_400_000;
/// Denise's mobile, as stored and as the SMSC writes it.
pub const DENISE: &str = "0612345678";
pub const DENISE_INTL: &str = "33612345678";

/// Moves the application's clock to the next working day at `hour`:00, French time (no
/// Sunday, no public holiday).
pub fn move_to_working_day(app: &TestApp, hour: u32) -> i64 {
    let now = app.state.clock.now_ms();
    let mut day = chrono::DateTime::from_timestamp_millis(now)
        .unwrap()
        .with_timezone(&Paris)
        .date_naive();
    loop {
        day = day.succ_opt().unwrap();
        let at = Paris
            .with_ymd_and_hms(day.year(), day.month(), day.day(), 10, 0, 0)
            .earliest()
            .unwrap()
            .timestamp_millis();
        if binome::domain::sms::quiet::next_allowed(at) == at {
            let target = Paris
                .with_ymd_and_hms(day.year(), day.month(), day.day(), hour, 0, 0)
                .earliest()
                .unwrap()
                .timestamp_millis();
            app.state.clock.advance(target - now);
            let local = chrono::DateTime::from_timestamp_millis(target)
                .unwrap()
                .with_timezone(&Paris);
            assert_eq!(local.hour(), hour);
            return target;
        }
    }
}

/// The team's SMS contract, to the SMSC on `port`, with a number as sender (answers come back).
pub async fn contract(app: &TestApp, team: i32, port: u16) {
    let smpp = Smpp {
        host: "127.0.0.1".into(),
        port,
        system_id: "binome".into(),
        password: "secret".into(),
        sender: "0611223344".into(),
    };
    db::teams::set_smpp(&app.db, team, Some(&smpp), false).await.unwrap();
    let contact = db::teams::Contact {
        phone: Some("0471401234".into()),
        email: None,
    };
    db::teams::set_contact(&app.db, team, &contact).await.unwrap();
}

/// Denise chooses SMS on her mobile (and has no e-mail).
pub async fn denise_by_sms(app: &TestApp, denise: i32) {
    let mut profile = db::people::by_id(&app.db, denise).await.unwrap().unwrap().profile;
    profile.contact_channel = ContactChannel::Sms;
    profile.phone = Some(DENISE.into());
    profile.email = None;
    db::people::update_profile(&app.db, denise, &profile, app.state.clock.now_ms())
        .await
        .unwrap();
}

/// One pass of the SMS worker at the application's time.
pub async fn sms_pass(app: &TestApp) -> usize {
    binome::web::sms_answers::pass(&app.state, app.state.clock.now_ms(), &Stop::never())
        .await
        .unwrap()
}

/// Passes until `done` holds (each pass binds once; the SMSC may need a second to hand over
/// what it holds).
pub async fn pass_until<F, Fut>(app: &TestApp, done: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..50 {
        sms_pass(app).await;
        if done().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("never done after 50 passes");
}
