//! Sign-up journeys in headless Chromium: a référent with the keyboard only, a volunteer on
//! a phone-sized screen; axe-core on every page they see.

use crate::browser::Browser;
use crate::helpers::PASSWORD;
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::domain::account::Role;
use fantoccini::key::Key;

async fn a_referent_signs_up_an_isolated_person_with_the_keyboard_only(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    app.create_staff(Role::Referent, "ccas@exemple.fr", &[team], Some("CCAS de Ydes"))
        .await;

    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.tab_and_type("#email", "ccas@exemple.fr").await;
    browser.tab_and_type("#password", PASSWORD).await;
    browser.press(&[Key::Enter]).await;
    browser.wait_for_path("/tableau-de-bord").await;

    browser.tab_to("a[href='/personnes/inscrire'].button").await;
    browser.press(&[Key::Enter]).await;
    browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css("#first_name"))
        .await
        .unwrap();
    browser.assert_accessible("inscription accompagnée").await;

    // Sent empty first: the errors are announced and reachable.
    browser.tab_to("form.form button[type=submit]").await;
    browser.press(&[Key::Enter]).await;
    browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css(".error-summary"))
        .await
        .unwrap();
    browser.assert_accessible("inscription accompagnée, avec erreurs").await;

    browser.tab_and_type("#first_name", "Denise").await;
    browser.tab_and_type("#last_name", "Delort").await;
    browser.tab_to("#contact_channel-phone").await;
    browser.press(&[Key::Space]).await;
    browser.tab_and_type("#phone", "04 71 40 00 00").await;
    browser.tab_and_type("#commune", "Ydes").await;
    browser.press(&[Key::Escape]).await;
    for slot in ["#slot-0-0", "#slot-2-1"] {
        browser.tab_to(slot).await;
        browser.press(&[Key::Space]).await;
    }
    browser.tab_and_type("#rank_public", "1").await;
    browser.tab_to("#interest-2").await;
    browser.press(&[Key::Space]).await;
    browser.tab_to("#consent_method-online").await;
    browser.press(&[Key::Down]).await; // the second choice: oral agreement attested
    browser.tab_to("form.form button[type=submit]").await;
    browser.press(&[Key::Enter]).await;

    browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css(".success"))
        .await
        .unwrap();
    let text = browser.text().await;
    assert!(
        text.contains("Denise Delort est inscrite sur la liste d'attente"),
        "{text}"
    );
    assert!(text.contains("accord oral attesté"));
    assert!(text.contains("Ydes (15)"));
    browser.assert_accessible("fiche de la personne").await;
    browser.client.goto(&app.url("/personnes")).await.unwrap();
    browser.assert_accessible("liste des personnes").await;
    browser.close().await;
}

async fn a_volunteer_signs_up_on_a_phone_sized_screen(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    browser.client.set_window_size(375, 812).await.unwrap();
    browser.client.goto(&app.url("/")).await.unwrap();
    assert!(!browser.scrolls_sideways().await, "home fits a phone");
    browser
        .click_to("a[href='/devenir-benevole'].button", "/devenir-benevole")
        .await;
    assert!(!browser.scrolls_sideways().await, "the sign-up form fits a phone");
    browser.assert_accessible("devenir bénévole").await;

    browser.fill("#first_name", "Lucie").await;
    browser.fill("#last_name", "Martin").await;
    browser.fill("#email", "lucie@exemple.fr").await;
    browser.fill("#commune", "Mauriac (15)").await;
    browser.click("#slot-1-1").await;
    browser.click("#slot-3-0").await;
    browser.fill("#radius_km", "15").await;
    browser.click("#travel-car").await;
    browser.click("#interest-1").await;
    browser
        .client
        .find(fantoccini::Locator::Css("#rank_public"))
        .await
        .unwrap()
        .select_by_value("1")
        .await
        .unwrap();
    browser.click("#charter_accepted").await;
    browser
        .click_to("form.form button[type=submit]", "/devenir-benevole/merci")
        .await;
    assert!(!browser.scrolls_sideways().await);
    browser.assert_accessible("merci").await;

    app.deliver_emails().await;
    let link = app.link_in_last_email("lucie@exemple.fr", "/confirmer/");
    browser.client.goto(&app.url(&link)).await.unwrap();
    browser.assert_accessible("confirmer l'adresse").await;
    browser.click("form button[type=submit]").await;
    browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css(".success"))
        .await
        .unwrap();
    assert!(browser.text().await.contains("Adresse confirmée"));

    browser.client.goto(&app.url("/espace/connexion")).await.unwrap();
    browser.assert_accessible("espace : connexion").await;
    browser.fill("#email", "lucie@exemple.fr").await;
    browser.click("form.form button[type=submit]").await;
    browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css(".success"))
        .await
        .unwrap();
    app.deliver_emails().await;
    let link = app.link_in_last_email("lucie@exemple.fr", "/espace/lien/");
    browser.client.goto(&app.url(&link)).await.unwrap();
    browser.click_to("form button[type=submit]", "/espace").await;
    assert!(!browser.scrolls_sideways().await);
    browser.assert_accessible("mon espace").await;
    browser.client.goto(&app.url("/espace/profil")).await.unwrap();
    assert!(!browser.scrolls_sideways().await);
    browser.assert_accessible("mon profil").await;
    browser.client.goto(&app.url("/espace/arreter")).await.unwrap();
    browser.assert_accessible("arrêter").await;
    browser.close().await;
}

on_both_backends!(
    a_referent_signs_up_an_isolated_person_with_the_keyboard_only,
    a_volunteer_signs_up_on_a_phone_sized_screen
);

async fn the_matching_and_admin_pages_are_accessible_on_the_demo(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    binome::demo::seed(&app.db, chrono::Utc::now()).await.unwrap();
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "coordination.mauriac@demo.binome.fr").await;
    browser.fill("#password", binome::demo::PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;
    browser.assert_accessible("tableau de bord de démonstration").await;
    browser.client.goto(&app.url("/propositions")).await.unwrap();
    browser.click("form[action='/propositions/tour'] button").await;
    browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css("section.proposal"))
        .await
        .unwrap();
    assert!(browser.text().await.contains("Personnes sans proposition"));
    browser.assert_accessible("propositions").await;
    let team = binome::db::teams::list(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == binome::demo::MAURIAC_TEAM)
        .unwrap()
        .id;
    let open = || async {
        binome::db::suggestions::open_suggestions(&app.db, &[team])
            .await
            .unwrap()
    };
    let before = open().await.len();
    assert_eq!(app.deliver_emails().await.sent, 0, "nothing is sent before approval");
    // Swap, approve, reject — each by its button, each reloads the list.
    browser
        .click_and_reload("section.proposal form[action$='/echanger'] button")
        .await;
    assert_eq!(open().await.len(), before, "a swap keeps one proposal for the person");
    browser
        .click_and_reload("section.proposal form[action$='/approuver'] button")
        .await;
    browser
        .click_and_reload("section.proposal form[action$='/rejeter'] button")
        .await;
    assert_eq!(open().await.len(), before - 2);
    browser.click_and_reload("a[href^='/binomes/']").await;
    assert!(browser.text().await.contains("Historique"));
    browser.client.goto(&app.url("/propositions")).await.unwrap();
    browser.assert_accessible("binôme").await;
    browser.click("a[href$='/benevoles']").await;
    browser
        .client
        .wait()
        .for_element(fantoccini::Locator::Css("h1"))
        .await
        .unwrap();
    browser.assert_accessible("chercher un·e bénévole").await;
    browser.client.goto(&app.url("/personnes")).await.unwrap();
    browser.assert_accessible("personnes de l'équipe").await;

    let admin = Browser::start().await.unwrap();
    admin.client.goto(&app.url("/connexion")).await.unwrap();
    admin.fill("#email", "admin@demo.binome.fr").await;
    admin.fill("#password", binome::demo::PASSWORD).await;
    admin
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;
    for page in [
        "/admin/interets",
        "/admin/ponderations",
        "/admin/charte",
        "/admin/equipes",
        "/admin/comptes",
    ] {
        admin.client.goto(&app.url(page)).await.unwrap();
        admin.assert_accessible(page).await;
    }
    admin.close().await;
    browser.close().await;
}

on_both_backends!(the_matching_and_admin_pages_are_accessible_on_the_demo);
