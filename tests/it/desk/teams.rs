//! Each team's desk is kept under the team's own revision: a change in one team is read again
//! on that team's desk at once, and leaves the other teams' desks in memory (as `/metrics`
//! counts the desks computed from the database).

use super::{alert, binome, checkin, person};
use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::person::Kind;

/// How many desks this instance computed from the database so far.
async fn computed(app: &TestApp) -> u64 {
    let page = app.get("/metrics").await;
    page.body
        .lines()
        .find_map(|l| l.strip_prefix("binome_desk_computations_total "))
        .map_or(0, |n| n.trim().parse().unwrap())
}

async fn a_change_in_one_team_leaves_the_other_teams_desk_in_memory(app: TestApp) {
    let a = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let b = app.create_team("Antenne d'Ydes", &["15265"]).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[a, b], None)
        .await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    let ada = person(&app, a, Kind::Beneficiary, "Ada", "15120", true, 40).await;
    let vera = person(&app, a, Kind::Volunteer, "Vera", "15120", true, 40).await;
    person(&app, b, Kind::Beneficiary, "Bruno", "15265", true, 30).await;
    let (desk_a, desk_b) = (
        format!("/tableau-de-bord?equipe={a}"),
        format!("/tableau-de-bord?equipe={b}"),
    );

    let before = computed(&app).await;
    assert!(app.get(&desk_a).await.contains("Ada Test"));
    assert!(app.get(&desk_b).await.contains("Bruno Test"));
    assert_eq!(computed(&app).await, before + 2, "each desk computed once");
    app.get(&desk_b).await;
    assert_eq!(computed(&app).await, before + 2, "read again, unchanged: from memory");

    // Changes in team A, written straight to the database as another instance would: a new
    // person waiting, an alert, a binôme and its check-in, a pause.
    let revision_b = db::revision::of_team(&app.db, b).await.unwrap();
    person(&app, a, Kind::Beneficiary, "Carla", "15120", false, 10).await;
    alert(&app, a, None, ada, AlertKind::Distress, "Ada Test : ça ne va pas bien.").await;
    let pairing = binome(&app, a, ada, vera, State::Active).await;
    checkin(&app, pairing, ada, "beneficiary", 2, Some("pas_bien")).await;
    assert_eq!(db::revision::of_team(&app.db, b).await.unwrap(), revision_b);

    let page_b = app.get(&desk_b).await;
    assert!(page_b.contains("Bruno Test") && !page_b.contains("Carla Test"));
    assert_eq!(
        computed(&app).await,
        before + 2,
        "team B's desk is still the one in memory"
    );

    let page_a = app.get(&desk_a).await;
    assert_eq!(computed(&app).await, before + 3, "team A's desk is read again");
    assert!(page_a.contains("Carla Test"), "the new person shows at once");
    assert!(page_a.contains("ça ne va pas bien"), "the alert shows at once");
    assert!(page_a.contains("Binômes en cours (1)"), "the binôme shows at once");

    // And a change in team B shows on B's desk, leaving A's in memory.
    person(&app, b, Kind::Beneficiary, "Berthe", "15265", true, 5).await;
    app.get(&desk_a).await;
    assert_eq!(computed(&app).await, before + 3);
    let page_b = app.get(&desk_b).await;
    assert_eq!(computed(&app).await, before + 4);
    assert!(page_b.contains("Liste d'attente (2)") && page_b.contains("Berthe Test"));
}

on_both_backends!(a_change_in_one_team_leaves_the_other_teams_desk_in_memory);
