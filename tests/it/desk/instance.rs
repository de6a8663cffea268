//! The team's live matching instance (the five best volunteers, the proposals' alternatives)
//! is kept under the team's matching revision: the check-ins, alerts and sign-ups of a busy
//! team leave it in place, while what it holds — a volunteer approved, a binôme, even in another team —
//! shows at the next reading.

use super::{alert, binome, checkin, desk, person, person_in};
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db::revision::{of_matching, of_team};
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::person::{Kind, Status};

async fn the_instance_outlives_check_ins_and_alerts_and_follows_what_it_holds(app: TestApp) {
    let team = desk(&app).await;
    let ada = person(&app, team, Kind::Beneficiary, "Ada", "15120", true, 40).await;
    let vera = person(&app, team, Kind::Volunteer, "Vera", "15120", true, 40).await;
    let denise = person(&app, team, Kind::Beneficiary, "Denise", "15120", false, 10).await;
    let pairing = binome(&app, team, denise, vera, State::Active).await;
    let top = format!("/personnes/{ada}/benevoles");
    assert!(app.get(&top).await.contains("Vera Test"));
    let (desk_was, matching_was) = (
        of_team(&app.db, team).await.unwrap(),
        of_matching(&app.db, team).await.unwrap(),
    );

    checkin(&app, pairing, denise, "beneficiary", 0, Some("bien")).await;
    alert(
        &app,
        team,
        Some(pairing),
        denise,
        AlertKind::CallBack,
        "Denise Test voudrait être rappelée.",
    )
    .await;
    // A volunteer signing up (her consent signed, her address to confirm) is no one's match yet.
    person_in(
        &app,
        team,
        Kind::Volunteer,
        Status::EmailUnconfirmed,
        "Nina",
        "15120",
        true,
        0,
    )
    .await;
    assert!(of_team(&app.db, team).await.unwrap() > desk_was, "the desk changed");
    assert_eq!(
        of_matching(&app.db, team).await.unwrap(),
        matching_was,
        "the instance did not"
    );
    let before = app.db.statements();
    assert!(app.get(&top).await.contains("Vera Test"));
    let kept = app.db.statements() - before;

    person(&app, team, Kind::Volunteer, "Odile", "15120", true, 1).await;
    let before = app.db.statements();
    let page = app.get(&top).await;
    let rebuilt = app.db.statements() - before;
    assert!(
        page.contains("Odile Test"),
        "a new volunteer shows at once: {}",
        page.body
    );
    assert!(kept < rebuilt, "kept: {kept} statements, built again: {rebuilt}");

    // Vera's binôme in another team fills her place here too.
    let ydes = app.create_team("Antenne d'Ydes", &["15265"]).await;
    let was = of_matching(&app.db, team).await.unwrap();
    let bruno = person(&app, ydes, Kind::Beneficiary, "Bruno", "15265", true, 5).await;
    assert_eq!(
        of_matching(&app.db, team).await.unwrap(),
        was,
        "Ydes's person is not ours"
    );
    binome(&app, ydes, bruno, vera, State::Proposed).await;
    assert!(of_matching(&app.db, team).await.unwrap() > was, "Vera's load changed");
}

on_both_backends!(the_instance_outlives_check_ins_and_alerts_and_follows_what_it_holds);
