//! The whole story on the demo territory, in headless Chromium, with the keyboard only, as
//! the three people live it (issue #7): the référent of Ydes signs up Mme Dufour (no e-mail,
//! oral agreement); Manon, of Mauriac, signs up on her phone; the coordinator approves her and
//! pairs them; Manon accepts from the e-mail; Mme Dufour agrees by phone; two weeks later Manon
//! answers the check-in and asks for a call; the coordinator calls and closes the alert; Mme
//! Dufour stops, and Manon is told kindly. Every e-mail goes through a real SMTP server; axe
//! runs on every page. With BINOME_SCREENSHOTS=<folder>, the SQLite run saves the README's
//! screenshots there (scripts/screenshots.sh).

mod coordinator;
mod inbox;
mod keys;
mod people;
mod volunteer;

use crate::browser::Browser;
use crate::helpers::{TestApp, in_ci};
use crate::lifecycle::DAY;
use crate::mail::{PYTHON, aiosmtpd_available};
use crate::on_both_backends;
use inbox::Inbox;
use keys::Shots;

pub const GERMAINE: &str = "Germaine Dufour";
pub const MANON: &str = "Manon Lacoste";
pub const MANON_EMAIL: &str = "manon.lacoste@exemple.fr";
/// Both are free on Tuesday and Thursday afternoons.
pub const SLOTS: [&str; 2] = ["#slot-1-1", "#slot-3-1"];
/// Local history and knitting.
pub const INTERESTS: [&str; 2] = ["#interest-8", "#interest-9"];

pub fn now_ms() -> i64 {
    binome::epoch_ms(chrono::Utc::now())
}

/// What every step shares.
pub struct Story {
    pub app: TestApp,
    pub inbox: Inbox,
    pub shots: Shots,
    /// The Mauriac team.
    pub team: i32,
}

async fn an_isolated_person_and_a_volunteer_from_sign_up_to_the_end_of_their_binome(app: TestApp) {
    if !aiosmtpd_available() {
        assert!(
            !in_ci(),
            "CI=true: python3-aiosmtpd is required (scripts/install-test-tools.sh)"
        );
        eprintln!("skipped the story: {PYTHON} has no aiosmtpd (apt-get install python3-aiosmtpd)");
        return;
    }
    let Some(referent) = Browser::start().await else { return };
    keys::window(&referent, 1280, 900).await;
    binome::demo::seed(&app.db, chrono::Utc::now()).await.unwrap();
    let team = binome::db::teams::list(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == binome::demo::MAURIAC_TEAM)
        .unwrap()
        .id;
    let story = Story {
        shots: Shots::from_env(&app),
        inbox: Inbox::start(),
        app: app.clone(),
        team,
    };

    // (a) Mme Dufour, of Ydes, signed up by the référent with her oral agreement.
    let germaine = people::referent_signs_up_mme_dufour(&story, referent).await;

    // (b) Manon signs up on her phone and confirms her address.
    let phone = Browser::start().await.unwrap();
    people::manon_signs_up_on_her_phone(&story, &phone).await;
    let manon = binome::db::people::by_email(&app.db, MANON_EMAIL)
        .await
        .unwrap()
        .unwrap()
        .id;

    // (c) The coordinator approves Manon, runs a round, approves the proposal.
    let desk = Browser::start().await.unwrap();
    keys::window(&desk, 1280, 900).await;
    coordinator::signs_in(&story, &desk).await;
    coordinator::approves_manon(&desk, manon).await;
    let pairing = coordinator::pairs_them(&story, &desk, germaine, manon).await;

    // (d) Manon accepts from the e-mail she received.
    volunteer::accepts_the_proposal(&story, &phone).await;

    // (e) Mme Dufour agrees by phone; the first meeting happens.
    coordinator::records_agreement_and_meeting(&story, &desk, pairing).await;
    volunteer::receives_the_contact(&story).await;

    // (f) Two weeks later: the scheduler runs, the check-in e-mail goes out.
    let later = now_ms() + 15 * DAY;
    assert!(
        binome::jobs::run_due(&app.state.db, &app.state.links, later)
            .await
            .unwrap()
            > 0,
        "the check-ins fall due"
    );
    story.inbox.deliver(&app, later).await;

    // (g) Manon answers "moyen" and would like a call.
    volunteer::answers_the_check_in(&story, &phone).await;

    // (h) The coordinator sees the alert, calls, records the answers and a note, closes it.
    coordinator::handles_the_call_back(&story, &desk, pairing, later).await;
    // The operator's scrape in the middle of the story passes promtool and counts the pages
    // the people used, by route.
    let scrape = crate::metrics::scrape_checked_by_promtool(&app).await;
    assert!(scrape.contains(r#"route="/point/{token}""#), "{scrape}");

    // (i) Mme Dufour decides to stop; Manon is told kindly, without the reason.
    coordinator::sees_the_stop_form_folded(&desk, pairing).await;
    volunteer::stops_from_her_space(&story, &phone).await;
    coordinator::tells_germaine_by_phone(&story, &desk, pairing).await;

    desk.close().await;
    phone.close().await;
    story.inbox.stop();
}

on_both_backends!(an_isolated_person_and_a_volunteer_from_sign_up_to_the_end_of_their_binome);
