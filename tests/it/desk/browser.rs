//! In Chromium: a coordinator goes from an alert to the call task, records the answers and
//! closes the alert; axe-core on the desk, the call sheet and a person's timeline.

use super::{alert, binome, checkin, desk, person};
use crate::browser::Browser;
use crate::helpers::PASSWORD;
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::person::Kind;
use fantoccini::Locator;
use fantoccini::key::Key;

async fn a_coordinator_goes_from_an_alert_to_the_call_and_closes_the_alert(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    let team = desk(&app).await;
    let lucie = person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 60).await;
    let denise = person(&app, team, Kind::Beneficiary, "Denise", "15265", false, 30).await;
    person(&app, team, Kind::Beneficiary, "Marcel", "15120", true, 90).await;
    let pairing = binome(&app, team, denise, lucie, State::Active).await;
    let call = checkin(&app, pairing, denise, "beneficiary", 8, None).await;
    alert(
        &app,
        team,
        Some(pairing),
        denise,
        AlertKind::NoAnswer,
        "Denise Test n'a pas répondu au point de suivi depuis 7 jours : l'appeler.",
    )
    .await;

    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "coordination@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("Alertes (1)") && text.contains("Sans réponse — Denise Test n'a pas répondu"),
        "{text}"
    );
    assert!(
        text.contains("dernier point : sans réponse"),
        "the colour comes with its word"
    );
    browser.assert_accessible("tableau de bord").await;

    // From the alert to the call form, with the keyboard.
    let form = format!("/binomes/{pairing}/point/{call}");
    browser.tab_to(&format!(".alert a[href='{form}']")).await;
    browser.press(&[Key::Enter]).await;
    browser.wait_for_path(&form).await;
    for choice in ["#met-oui", "#mood-bien", "#decision-continuer"] {
        browser.tab_to(choice).await;
        browser.press(&[Key::Space]).await;
    }
    browser.tab_and_type("#comment", "Elle avait perdu le courrier.").await;
    browser.click("form.form button[type=submit]").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(".success"))
        .await
        .unwrap();
    let done = db::checkins::by_id(&app.db, call).await.unwrap().unwrap();
    assert!(done.answered, "the answers are recorded");

    // Back on the desk: no call left; the alert is closed by its button.
    browser.client.goto(&app.url("/tableau-de-bord")).await.unwrap();
    let text = browser.text().await;
    assert!(
        text.contains("Appels à passer (0)") && text.contains("dernier point : bien"),
        "{text}"
    );
    browser.click_and_reload(".alert form[action$='/fermer'] button").await;
    assert!(browser.text().await.contains("Aucune alerte : tout va bien."));
    assert!(db::checkins::open_alerts(&app.db, &[team]).await.unwrap().is_empty());
    browser.assert_accessible("tableau de bord sans alerte").await;

    browser.client.goto(&app.url("/tableau-de-bord/appels")).await.unwrap();
    browser.assert_accessible("feuille d'appels").await;
    browser
        .client
        .goto(&app.url(&format!("/personnes/{denise}")))
        .await
        .unwrap();
    let text = browser.text().await;
    assert!(
        text.contains("Point de suivi n° 1 : Denise Test va « bien »")
            && text.contains("Alerte traitée (sans réponse)")
    );
    browser.assert_accessible("historique d'une personne").await;
    browser
        .client
        .goto(&app.url(&format!("/binomes/{pairing}")))
        .await
        .unwrap();
    browser.assert_accessible("historique d'un binôme").await;
    browser.close().await;
}

on_both_backends!(a_coordinator_goes_from_an_alert_to_the_call_and_closes_the_alert);
