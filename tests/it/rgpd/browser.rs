//! The RGPD pages in headless Chromium, each checked by axe-core: the person's page with its
//! RGPD block, the readable export, erasure and its confirmation error, the journal, and the
//! register of processing.

use crate::browser::Browser;
use crate::helpers::PASSWORD;
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::domain::account::Role;
use fantoccini::Locator;

async fn the_rgpd_pages_pass_axe_core(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    let (_, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "admin@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;

    let pages = [
        (
            format!("/personnes/{denise}"),
            "fiche avec le bloc des données personnelles",
        ),
        (format!("/personnes/{denise}/donnees"), "données à lire ou imprimer"),
        ("/donnees-personnelles".to_string(), "registre public"),
        ("/admin/journal?personne=abc".to_string(), "journal, filtre erroné"),
    ];
    for (path, name) in pages {
        browser.client.goto(&app.url(&path)).await.unwrap();
        browser.assert_accessible(name).await;
    }

    browser.client.goto(&app.url("/admin/registre")).await.unwrap();
    browser.assert_accessible("registre à modifier").await;
    browser.fill("#purpose", " ").await;
    browser.fill("#retention_months", "trois").await;
    browser.click_and_reload("form.form button[type=submit]").await;
    assert!(browser.text().await.contains("entre 6 et 120"));
    browser.assert_accessible("registre à modifier, avec erreurs").await;

    let erase = format!("/personnes/{denise}/effacer");
    browser.client.goto(&app.url(&erase)).await.unwrap();
    browser.assert_accessible("effacement").await;
    browser.click_and_reload("form.form button[type=submit]").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css("#confirm-error"))
        .await
        .unwrap();
    browser.assert_accessible("effacement, sans confirmation").await;
    browser.click("#confirm").await;
    browser.click_and_reload("form.form button[type=submit]").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(".success"))
        .await
        .unwrap();
    browser.assert_accessible("effacement fait").await;
    browser.close().await;
}

on_both_backends!(the_rgpd_pages_pass_axe_core);
