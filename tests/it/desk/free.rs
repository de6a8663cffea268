//! Why nobody fits a waiting person yet: the desk counts the team's free volunteers within
//! reach, a volunteer being free while her open binômes — in any team — are fewer than her
//! capacity (three here).

use super::{binome, person};
use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use binome::domain::account::Role;
use binome::domain::pairing::State;
use binome::domain::person::Kind;

async fn a_volunteer_full_with_another_team_s_binomes_is_not_counted_free(app: TestApp) {
    let mauriac = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let ydes = app.create_team("Antenne d'Ydes", &["15265"]).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[mauriac], None)
        .await;
    person(&app, mauriac, Kind::Beneficiary, "Ada", "15120", true, 40).await;
    let vera = person(&app, mauriac, Kind::Volunteer, "Vera", "15120", true, 40).await;
    let zoe = person(&app, mauriac, Kind::Volunteer, "Zoe", "15120", true, 40).await;
    for name in ["Bruno", "Berthe", "Basile"] {
        let b = person(&app, ydes, Kind::Beneficiary, name, "15265", true, 30).await;
        binome(&app, ydes, b, vera, State::Proposed).await;
    }
    for name in ["Marcel", "Marthe"] {
        let b = person(&app, mauriac, Kind::Beneficiary, name, "15120", true, 30).await;
        binome(&app, mauriac, b, zoe, State::Proposed).await;
    }
    app.login("coordination@exemple.fr", PASSWORD).await;

    let page = app.get("/tableau-de-bord").await;
    assert!(page.contains("Ada Test"), "Ada waits");
    assert!(
        page.contains("1 bénévole libre à portée"),
        "Zoe (2 binômes of 3) is free, Vera (3 of 3, in Ydes) is not: {}",
        page.body
    );
}

on_both_backends!(a_volunteer_full_with_another_team_s_binomes_is_not_counted_free);
