//! The desk is kept per instance while the data do not change: any change, written by whatever
//! code (another instance, the scheduler, a command), shows at the next reading.

use super::{DAY, alert, at, desk, now, person};
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::alert::AlertKind;
use binome::domain::person::{Kind, Status};

async fn a_change_written_outside_the_web_shows_on_the_next_reading(app: TestApp) {
    let team = desk(&app).await;
    let ada = person(&app, team, Kind::Beneficiary, "Ada", "15120", true, 40).await;
    let first = app.get("/tableau-de-bord").await;
    assert!(first.contains("Liste d'attente (1)") && first.contains("Ada Test"));

    // Reading the desk changes nothing: the revision stays, so the next reading may reuse it.
    let revision = db::revision::of_team(&app.db, team).await.unwrap();
    app.get("/tableau-de-bord").await;
    assert_eq!(db::revision::of_team(&app.db, team).await.unwrap(), revision);

    // Written straight to the database, as another instance or the scheduler would.
    person(&app, team, Kind::Beneficiary, "Berthe", "15265", false, 90).await;
    let page = app.get("/tableau-de-bord").await;
    assert!(
        page.contains("Liste d'attente (2)"),
        "a new person waiting shows at once"
    );
    assert!(
        at(&page, "Berthe Test") < at(&page, "Ada Test"),
        "the longest wait first"
    );

    alert(
        &app,
        team,
        None,
        ada,
        AlertKind::Distress,
        "Ada Test : ça ne va pas bien.",
    )
    .await;
    let page = app.get("/tableau-de-bord").await;
    assert!(page.contains("Alertes (1)") && page.contains("ça ne va pas bien"));

    db::people::change_status(&app.db, ada, Status::Waiting, Status::Paused, now() - DAY)
        .await
        .unwrap();
    let page = app.get("/tableau-de-bord").await;
    assert!(
        page.contains("Liste d'attente (1)"),
        "a pause takes the person off the list"
    );
    assert!(db::revision::of_team(&app.db, team).await.unwrap() > revision);
}

on_both_backends!(a_change_written_outside_the_web_shows_on_the_next_reading);
