//! Calls that come back (must-show 5 of #15): « pas de réponse » on a call task takes it off
//! today's list for two days; the third time, an alert « 3 appels sans réponse » replaces it.
//! Time moves with the application's clock. And the call sheet is sorted by commune, then by
//! when people prefer to be called.

use crate::desk::{DAY, alert, binome, checkin, desk, person};
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::person::Kind;

const TO_TELL: &str = "À prévenir : le binôme avec Lucie s'arrête. À dire à Denise Test : « Votre binôme s'arrête. »";

async fn desk_of(app: &TestApp, team: i32) -> String {
    app.get(&format!("/tableau-de-bord?equipe={team}")).await.body
}

async fn a_call_without_answer_comes_back_in_two_days_and_the_third_becomes_an_alert(app: TestApp) {
    let team = desk(&app).await;
    let lucie = person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 60).await;
    let denise = person(&app, team, Kind::Beneficiary, "Denise", "15265", false, 30).await;
    let pairing = binome(&app, team, denise, lucie, State::Active).await;
    let call = checkin(&app, pairing, denise, "beneficiary", 1, None).await;
    alert(&app, team, Some(pairing), denise, AlertKind::ToTell, TO_TELL).await;
    let task = db::checkins::open_alerts(&app.db, &[team]).await.unwrap()[0].id;
    let page = format!("/tableau-de-bord?equipe={team}");
    let sheet = format!("/tableau-de-bord/appels?equipe={team}");

    for attempt in 1..=2 {
        let before = desk_of(&app, team).await;
        assert!(
            before.contains("Appels à passer (1)") && before.contains("Alertes (1)"),
            "attempt {attempt}: both calls are due"
        );
        let told = app.submit(&page, &format!("/alertes/{task}/sans-reponse"), &[]).await;
        assert!(
            told.contains(&format!("Pas de réponse de Denise Test ({attempt} appel(s))")),
            "{}",
            told.body
        );
        let told = app
            .submit(&page, &format!("/binomes/{pairing}/point/{call}/sans-reponse"), &[])
            .await;
        assert!(
            told.contains("l'appel revient sur le tableau de bord le"),
            "{}",
            told.body
        );

        // Gone from today's desk and the call sheet…
        let gone = desk_of(&app, team).await;
        assert!(
            gone.contains("Appels à passer (0)") && gone.contains("Alertes (0)"),
            "attempt {attempt}: {gone}"
        );
        assert!(!app.get(&sheet).await.contains("Denise Test"));
        // …still gone tomorrow…
        app.state.clock.advance(DAY);
        assert!(desk_of(&app, team).await.contains("Appels à passer (0)"));
        // …and back the day after, with the calls already made.
        app.state.clock.advance(DAY);
        let back = desk_of(&app, team).await;
        assert!(
            back.contains("Appels à passer (1)")
                && back.contains("Alertes (1)")
                && back.contains("À dire à Denise Test"),
            "attempt {attempt}: back when due: {back}"
        );
        assert!(back.contains(&format!("{attempt} appel(s) sans réponse")));
        assert!(app.get(&sheet).await.contains("Denise Test"));
    }

    // The third call without an answer: an alert for the coordinator, for each task.
    app.submit(&page, &format!("/alertes/{task}/sans-reponse"), &[]).await;
    let told = app
        .submit(&page, &format!("/binomes/{pairing}/point/{call}/sans-reponse"), &[])
        .await;
    assert!(told.contains("3 appels sans réponse de Denise Test"), "{}", told.body);
    let open = db::checkins::open_alerts(&app.db, &[team]).await.unwrap();
    assert!(open.iter().all(|a| a.kind == AlertKind::NoAnswer), "{open:?}");
    assert_eq!(open.len(), 2, "{open:?}");
    assert!(
        open.iter()
            .all(|a| a.message.starts_with("3 appels sans réponse : Denise Test."))
    );
    let desk = desk_of(&app, team).await;
    assert!(desk.contains("Appels à passer (0)") && desk.contains("Alertes (2)"));
    assert!(desk.contains("<strong>Sans réponse</strong> — 3 appels sans réponse : Denise Test."));
    // Days later the call does not come back: the alert stands for it.
    app.state.clock.advance(4 * DAY);
    assert!(desk_of(&app, team).await.contains("Appels à passer (0)"));
    assert!(!db::checkins::by_id(&app.db, call).await.unwrap().unwrap().answered);
}

async fn the_call_sheet_goes_by_commune_then_by_when_to_call(app: TestApp) {
    let team = desk(&app).await;
    let lucie = person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 60).await;
    // Three people without e-mail, each with a check-in to make by phone today.
    let mut people = Vec::new();
    for (name, commune, when) in [
        ("Yvette", "15265", Some("en fin de journée")),
        ("Marcel", "15120", Some("l'après-midi")),
        ("Agathe", "15265", Some("le matin, avant 11 h")),
        ("Bernard", "15120", None),
    ] {
        let id = person(&app, team, Kind::Beneficiary, name, commune, false, 30).await;
        let mut profile = db::people::by_id(&app.db, id).await.unwrap().unwrap().profile;
        profile.call_when = when.map(str::to_string);
        db::people::update_profile(&app.db, id, &profile, app.state.clock.now_ms())
            .await
            .unwrap();
        people.push(id);
    }
    for id in &people {
        let pairing = binome(&app, team, *id, lucie, State::Active).await;
        checkin(&app, pairing, *id, "beneficiary", 1, None).await;
    }
    let sheet = app.get(&format!("/tableau-de-bord/appels?equipe={team}")).await;
    let at = |name: &str| {
        sheet
            .body
            .find(&format!("<h2>{name} Test"))
            .unwrap_or_else(|| panic!("{name}: {}", sheet.body))
    };
    // Mauriac (15120) before Ydes (15265); in each, mornings, afternoons, evenings, then anyone.
    assert!(at("Marcel") < at("Bernard"), "afternoon before no preference");
    assert!(at("Bernard") < at("Agathe"), "Mauriac before Ydes");
    assert!(at("Agathe") < at("Yvette"), "morning before evening");
    assert!(sheet.contains("À appeler le matin, avant 11 h."));
    assert!(sheet.contains("À appeler l&#39;après-midi.") || sheet.contains("À appeler l'après-midi."));
}

on_both_backends!(
    a_call_without_answer_comes_back_in_two_days_and_the_third_becomes_an_alert,
    the_call_sheet_goes_by_commune_then_by_when_to_call,
);
