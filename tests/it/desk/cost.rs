//! What one reading of the desk costs the database, counted by the pool itself: a reading
//! served from memory costs three statements (the session, the staff member with their teams,
//! the teams' names with their revisions); a desk computed again adds its one statement
//! (counts, free volunteers and every list's page together).

use super::{alert, binome, checkin, desk, person, suggest};
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::person::Kind;

/// The statements the pool sent while reading `path`, and the page.
async fn cost(app: &TestApp, path: &str) -> (u64, crate::helpers::Page) {
    let before = app.db.statements();
    let page = app.get(path).await;
    (app.db.statements() - before, page)
}

async fn a_desk_computed_again_costs_at_most_five_statements(app: TestApp) {
    let team = desk(&app).await;
    let ada = person(&app, team, Kind::Beneficiary, "Ada", "15120", false, 40).await;
    let vera = person(&app, team, Kind::Volunteer, "Vera", "15120", true, 40).await;
    let bob = person(&app, team, Kind::Beneficiary, "Bob", "15265", true, 20).await;
    let pairing = binome(&app, team, ada, vera, State::Active).await;
    checkin(&app, pairing, ada, "beneficiary", 1, None).await;
    alert(
        &app,
        team,
        Some(pairing),
        ada,
        AlertKind::Distress,
        "Ada Test : ça ne va pas bien.",
    )
    .await;
    suggest(&app, team, &[(bob, vera, 70.0)]).await;
    let first = app.get("/tableau-de-bord").await;
    for shown in [
        "Alertes (1)",
        "Appels à passer (1)",
        "Binômes en cours (1)",
        "À décider par l'équipe (1)",
        "ça ne va pas bien",
    ] {
        assert!(first.contains(shown), "« {shown} » on the desk");
    }

    let (cached, _) = cost(&app, "/tableau-de-bord").await;
    assert!(
        cached <= 3,
        "{cached} statements for a desk read from memory (session, staff and teams, revisions)"
    );
    person(&app, team, Kind::Beneficiary, "Carla", "15120", true, 5).await;
    let (computed, page) = cost(&app, "/tableau-de-bord").await;
    assert!(page.contains("Carla Test"), "the desk was computed again");
    // The reading from memory already reads the revision (with the team names): the rest is the desk.
    let desk_statements = computed - cached;
    assert!(
        desk_statements <= 5,
        "{desk_statements} statements for the desk ({computed} for the whole request)"
    );

    // A page past the end of a list shows its first page, for one more statement at most.
    let (past_end, page) = cost(&app, "/tableau-de-bord?attente_page=9").await;
    assert!(page.contains("Carla Test") && page.contains("Bob Test"));
    assert!(
        past_end <= computed + 1,
        "{past_end} statements past the end, {computed} otherwise"
    );
}

on_both_backends!(a_desk_computed_again_costs_at_most_five_statements);
