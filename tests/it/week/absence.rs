//! A coordinator away names a colleague of the team: from the first to the last day of the
//! absence (Paris days), the colleague receives the alert e-mails and the Monday digest « en
//! remplacement de » them, the desk says who covers whom; the day after, back to normal.

use super::{alerts, digests, paris, pass, rename, started};
use crate::desk::{binome, person};
use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use binome::domain::account::Role;
use binome::domain::alert::AlertKind;
use binome::domain::dates::{day_in_france, french_day};
use binome::domain::pairing::State;
use binome::domain::person::Kind;
use binome::domain::week::digest::next_run;
use chrono::Duration;

/// The team's desk as Bruno reads it, signed in at the clock's time.
async fn desk_of_bruno(app: &TestApp, team: i32) -> crate::helpers::Page {
    let bruno = app.new_visitor();
    bruno.login("bruno@exemple.fr", PASSWORD).await;
    bruno.get(&format!("/tableau-de-bord?equipe={team}")).await
}

async fn during_the_absence_the_colleague_receives_the_alerts_and_the_digest(app: TestApp) {
    let t0 = crate::desk::now();
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    let anne = app
        .create_staff(Role::Coordinator, "anne@exemple.fr", &[team], None)
        .await;
    let bruno = app
        .create_staff(Role::Coordinator, "bruno@exemple.fr", &[team], None)
        .await;
    rename(&app, anne, "Anne Dupont").await;
    rename(&app, bruno, "Bruno Martin").await;
    let jeanne = person(&app, team, Kind::Beneficiary, "Jeanne", "15120", false, 30).await;
    let paul = person(&app, team, Kind::Volunteer, "Paul", "15120", true, 30).await;
    let pairing = binome(&app, team, jeanne, paul, State::Active).await;

    // Away from the Sunday before the next Monday to the Wednesday after it.
    let (monday, _) = next_run(t0);
    let (from, to) = (monday - Duration::days(1), monday + Duration::days(2));
    app.login("anne@exemple.fr", PASSWORD).await;
    let page = app
        .submit(
            "/compte/semaine",
            "/compte/semaine/absence",
            &[
                ("from", &from.format("%Y-%m-%d").to_string()),
                ("to", &to.format("%d/%m/%Y").to_string()),
                ("stand_in", &bruno.to_string()),
            ],
        )
        .await;
    assert!(page.contains("Absence enregistrée"), "{}", page.body);
    let said = format!(
        "Du {} au {} : Bruno Martin vous remplace.",
        french_day(from),
        french_day(to)
    );
    assert!(page.contains(&said));
    started(&app, t0).await;

    // Monday 08:30, during the absence: the digest and an alert go to Bruno only.
    let during = paris(monday, 8, 30);
    let raise = |at: i64| {
        let a = binome::db::checkins::NewAlert {
            team_id: team,
            pairing_id: Some(pairing),
            person_id: Some(paul),
            kind: AlertKind::CallBack,
            message: "Paul voudrait être rappelé.".into(),
        };
        let db = app.db.clone();
        async move { binome::db::checkins::raise_alert(&db, &a, at).await.unwrap() }
    };
    raise(during).await;
    pass(&app, during).await;
    assert_eq!(alerts(&app, "bruno@exemple.fr").len(), 1, "the colleague is told");
    assert!(alerts(&app, "anne@exemple.fr").is_empty(), "not the coordinator away");
    let bruno_digests = digests(&app, "bruno@exemple.fr");
    assert_eq!(bruno_digests.len(), 1, "one e-mail for both");
    let replacing = format!("en remplacement de Anne Dupont (absent·e jusqu'au {})", french_day(to));
    assert!(bruno_digests[0].contains(&replacing), "{}", bruno_digests[0]);
    assert!(digests(&app, "anne@exemple.fr").is_empty());

    // The desk says who covers whom, while the absence runs.
    app.state.clock.advance(during - t0);
    let desk = desk_of_bruno(&app, team).await;
    let covers = format!("Bruno Martin remplace Anne Dupont jusqu'au {} inclus.", french_day(to));
    assert!(desk.contains(&covers), "{}", desk.body);

    // Thursday noon, the absence is over: the same kind of alert goes to Anne again.
    let after = paris(to + Duration::days(1), 12, 0);
    raise(after).await;
    pass(&app, after).await;
    assert_eq!(alerts(&app, "anne@exemple.fr").len(), 1, "back to the coordinator");
    assert_eq!(
        alerts(&app, "bruno@exemple.fr").len(),
        2,
        "Bruno coordinates the team too"
    );
    app.state.clock.advance(after - during);
    let desk = desk_of_bruno(&app, team).await;
    assert!(!desk.contains("remplace Anne Dupont"), "the desk no longer says it");

    // The next Monday, each their own digest.
    pass(&app, paris(monday + Duration::days(7), 8, 0)).await;
    assert_eq!(digests(&app, "anne@exemple.fr").len(), 1);
    let bruno_digests = digests(&app, "bruno@exemple.fr");
    assert_eq!(bruno_digests.len(), 2);
    assert!(!bruno_digests[1].contains("en remplacement"));
}

async fn an_absence_typed_wrong_is_refused_in_french_with_the_form_kept(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let other = app.create_team("Antenne de Ydes", &["15265"]).await;
    let anne = app
        .create_staff(Role::Coordinator, "anne@exemple.fr", &[team], None)
        .await;
    let bruno = app
        .create_staff(Role::Coordinator, "bruno@exemple.fr", &[team], None)
        .await;
    let carla = app
        .create_staff(Role::Coordinator, "carla@exemple.fr", &[other], None)
        .await;
    app.login("anne@exemple.fr", PASSWORD).await;
    let today = day_in_france(crate::desk::now());
    let day = |n: i64| (today + Duration::days(n)).format("%Y-%m-%d").to_string();
    let (bruno, carla, anne) = (bruno.to_string(), carla.to_string(), anne.to_string());
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("from", &day(10)), ("to", &day(5)), ("stand_in", &bruno)],
            "La date de fin est avant la date de début",
        ),
        (
            &[("from", &day(1)), ("to", &day(5)), ("stand_in", &anne)],
            "Vous ne pouvez pas vous remplacer vous-même",
        ),
        (
            &[("from", &day(1)), ("to", &day(5)), ("stand_in", &carla)],
            "Cette personne ne coordonne pas votre équipe",
        ),
        (
            &[("from", &day(1)), ("to", &day(400)), ("stand_in", &bruno)],
            "Une absence dure un an au plus",
        ),
        (
            &[("from", "demain"), ("to", &day(5)), ("stand_in", &bruno)],
            "Indiquez une date valide, par exemple 31/12/2026.",
        ),
    ];
    for (fields, message) in cases {
        let page = app.submit("/compte/semaine", "/compte/semaine/absence", fields).await;
        assert_eq!(page.status, 200);
        assert!(page.contains(message), "« {message} » on the page");
        assert!(page.contains("Le formulaire contient des erreurs"));
        for (name, typed) in fields.iter().filter(|(n, _)| *n != "stand_in") {
            assert!(
                page.contains(&format!("name=\"{name}\" type=\"date\" value=\"{typed}\"")),
                "what was typed in {name} is kept"
            );
        }
        assert!(!page.contains("Supprimer cette absence"), "nothing recorded");
        if fields.contains(&("stand_in", bruno.as_str())) {
            assert!(
                page.contains(&format!("<option value=\"{bruno}\" selected>")),
                "the colleague chosen is kept"
            );
        }
    }
    assert!(!app.get("/compte/semaine").await.contains("Supprimer cette absence"));
}

on_both_backends!(
    during_the_absence_the_colleague_receives_the_alerts_and_the_digest,
    an_absence_typed_wrong_is_refused_in_french_with_the_form_kept,
);
