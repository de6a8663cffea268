//! The forms on a 390 px phone, as the field testers used them: every field looks like a
//! field, the commune list never swallows the next tap, no word breaks in the middle, and the
//! error summary lists each error and takes the focus.

use crate::browser::Browser;
use crate::helpers::PASSWORD;
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::domain::account::Role;
use fantoccini::Locator;
use serde_json::json;

async fn js(browser: &Browser, script: &str) -> serde_json::Value {
    browser.client.execute(script, vec![]).await.unwrap()
}

/// Waits until the commune suggestions are shown.
async fn suggestions_open(browser: &Browser) {
    for _ in 0..100 {
        let open = js(browser, "const l = document.getElementById('commune-suggestions'); return !!l && !l.hidden && l.children.length > 0;").await;
        if open == json!(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the commune suggestions never opened");
}

async fn on_a_phone_the_sign_up_form_is_usable_by_touch(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.client.goto(&app.url("/devenir-benevole")).await.unwrap();

    // 12. The phone field is drawn like the other fields: a thick border, full size.
    let phone = js(
        &browser,
        "const s = getComputedStyle(document.getElementById('phone'));\
        return [parseFloat(s.borderTopWidth), document.getElementById('phone').getBoundingClientRect().height];",
    )
    .await;
    assert!(phone[0].as_f64().unwrap() >= 2.0, "border {phone}");
    assert!(phone[1].as_f64().unwrap() >= 40.0, "height {phone}");

    // 14. No word of the availability grid breaks in the middle.
    let broken = js(&browser, "return [...document.querySelectorAll('.grid th')].filter(th => {\
        const r = document.createRange(); r.selectNodeContents(th);\
        return !th.querySelector('.visually-hidden') && !th.textContent.trim().includes(' ') && r.getClientRects().length > 1; }).map(th => th.textContent.trim());").await;
    assert_eq!(broken, json!([]), "words split over two lines");

    // 13. Typing a commune opens the list; the next tap, on a box of the grid, checks it.
    let commune = browser.client.find(Locator::Css("#commune")).await.unwrap();
    commune.send_keys("Mauri").await.unwrap();
    suggestions_open(&browser).await;
    browser.click("#slot-1-1").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let checked = js(&browser, "return document.getElementById('slot-1-1').checked;").await;
    assert_eq!(checked, json!(true), "the tap after the list checked the box");
    // Choosing from the list, then tapping a box, works too.
    commune.clear().await.unwrap();
    commune.send_keys("Mauri").await.unwrap();
    suggestions_open(&browser).await;
    browser.click("#commune-suggestions li").await;
    browser.click("#slot-3-0").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let state = js(
        &browser,
        "return [document.getElementById('commune').value, document.getElementById('slot-3-0').checked];",
    )
    .await;
    assert_eq!(state[1], json!(true));
    assert!(state[0].as_str().unwrap().starts_with("Mauriac"), "{state}");

    // 15. Sent with mistakes: the summary lists each error as a link and has the focus.
    browser.fill("#first_name", "").await;
    browser.click("form.form button[type=submit]").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(".error-summary a"))
        .await
        .unwrap();
    let summary = js(
        &browser,
        "const s = document.querySelector('.error-summary');\
        return [document.activeElement === s, [...s.querySelectorAll('a')].map(a => a.getAttribute('href'))];",
    )
    .await;
    assert_eq!(summary[0], json!(true), "the focus is on the summary");
    let links = summary[1].as_array().unwrap();
    assert!(
        links.contains(&json!("#first_name-error")) && links.contains(&json!("#charter_accepted-error")),
        "{links:?}"
    );
    for link in links {
        let id = link.as_str().unwrap().trim_start_matches('#');
        let exists = js(&browser, &format!("return !!document.getElementById('{id}');")).await;
        assert_eq!(exists, json!(true), "the link to {id} leads to its message");
    }
    assert!(!browser.scrolls_sideways().await);
    browser.assert_accessible("inscription avec erreurs, téléphone").await;
    browser.close().await;
}

async fn the_assisted_sign_up_date_field_is_a_field_with_no_format_to_type(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    app.create_staff(Role::Referent, "ccas@exemple.fr", &[team], Some("CCAS"))
        .await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "ccas@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;
    browser.client.goto(&app.url("/personnes/inscrire")).await.unwrap();
    let date = js(
        &browser,
        "const e = document.getElementById('attested_on'); const s = getComputedStyle(e);\
        return [e.type, parseFloat(s.borderTopWidth), e.getBoundingClientRect().height];",
    )
    .await;
    assert_eq!(date[0], json!("date"));
    assert!(
        date[1].as_f64().unwrap() >= 2.0 && date[2].as_f64().unwrap() >= 40.0,
        "{date}"
    );
    assert!(
        !browser.text().await.contains("AAAA-MM-JJ"),
        "no format to type beside a date picker"
    );
    browser.close().await;
}

on_both_backends!(
    on_a_phone_the_sign_up_form_is_usable_by_touch,
    the_assisted_sign_up_date_field_is_a_field_with_no_format_to_type
);
