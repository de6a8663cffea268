//! In Chromium: the map page is axe-clean with one circle per commune of its table; the poster
//! prints on one A4 sheet, its QR code, read from the printed page by `zbarimg`, gives the
//! sign-up address of the commune, and that address opens the form with the commune filled in.

use super::seed;
use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp, in_ci};
use crate::letters::{pdf_tool, run};
use crate::on_both_backends;
use fantoccini::Locator;
use std::process::Command;

async fn js(browser: &Browser, script: &str) -> serde_json::Value {
    browser.client.execute(script, vec![]).await.unwrap()
}

/// Whether `zbarimg` (Debian's zbar-tools) is there; under CI it must be.
fn zbar() -> bool {
    let found = Command::new("zbarimg").arg("--version").output().is_ok();
    if !found {
        assert!(
            !in_ci(),
            "CI=true: zbarimg is missing (zbar-tools; run scripts/install-test-tools.sh)"
        );
        eprintln!("skipped the QR code check: zbarimg not found; run scripts/install-test-tools.sh");
    }
    found
}

async fn the_map_is_accessible_and_the_printed_poster_s_qr_code_opens_the_prefilled_form(app: TestApp) {
    let _ = seed(&app).await;
    let Some(browser) = Browser::start().await else { return };
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "coordination@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;
    browser.client.goto(&app.url("/besoins")).await.unwrap();
    browser.assert_accessible("personnes sans bénévole à portée").await;
    // To look at the map: BINOME_KEEP_MAP=/tmp/carte.png cargo test --test it unmet::poster
    if let Some(keep) = std::env::var_os("BINOME_KEEP_MAP") {
        let map = browser.client.find(Locator::Css("svg.map")).await.unwrap();
        std::fs::write(keep, map.screenshot().await.unwrap()).unwrap();
    }
    let counts = js(
        &browser,
        "return [document.querySelectorAll('svg.map circle.unmet').length,\
                 document.querySelectorAll('table.figures tbody tr').length,\
                 [...document.querySelectorAll('svg.map circle.unmet title')].map(t => t.textContent).sort()];",
    )
    .await;
    assert_eq!(
        counts,
        serde_json::json!([
            3,
            3,
            [
                "Aurillac (15) : moins de 11 personnes",
                "Riom-ès-Montagnes (15) : nombre masqué (voir le tableau)",
                "Saint-Flour (15) : 13 personnes"
            ]
        ]),
        "one circle a commune of the table, each with its title"
    );

    for width in [320, 640] {
        browser.client.set_window_size(width, 900).await.unwrap();
        let wide = js(
            &browser,
            "return [...document.querySelectorAll('body *')].filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + ' ' + (e.getAttribute('class') || '') + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8);",
        )
        .await;
        assert!(!browser.scrolls_sideways().await, "{width} px: {wide}");
    }
    browser.client.set_window_size(1280, 900).await.unwrap();

    browser
        .click_to("a[href='/besoins/affiche/15187']", "/besoins/affiche/15187")
        .await;
    browser.assert_accessible("affiche").await;
    let config = fantoccini::wd::PrintConfiguration::builder()
        .size(fantoccini::wd::PrintSize::A4)
        .shrink_to_fit(false)
        .build()
        .unwrap();
    let pdf = browser.client.print(config).await.unwrap();
    let address = app.url("/devenir-benevole?commune=15187");
    if pdf_tool("pdfinfo") && pdf_tool("pdftoppm") && pdf_tool("pdftotext") && zbar() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("affiche.pdf");
        std::fs::write(&file, &pdf).unwrap();
        // To look at the poster: BINOME_KEEP_PDF=/tmp/affiche.pdf cargo test --test it unmet::
        if let Some(keep) = std::env::var_os("BINOME_KEEP_PDF") {
            std::fs::copy(&file, keep).unwrap();
        }
        let info = run("pdfinfo", &[file.to_str().unwrap()]);
        assert!(info.contains("(A4)"), "A4: {info}");
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
            "one sheet: {info}"
        );
        let text = run("pdftotext", &["-layout", file.to_str().unwrap(), "-"]);
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains("Devenez bénévole à Saint-Flour"), "{text}");
        assert!(words.contains("Ou appelez le 04 71 40 12 34"), "{text}");
        assert!(
            !text.contains("Revenir aux personnes"),
            "the screen's help is not printed"
        );

        let image = dir.path().join("affiche");
        run(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "150",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                file.to_str().unwrap(),
                image.to_str().unwrap(),
            ],
        );
        let png = dir.path().join("affiche.png");
        let decoded = run("zbarimg", &["-q", "--raw", png.to_str().unwrap()]);
        assert_eq!(decoded.trim_end(), address, "the QR code holds the sign-up address");
    }

    browser.client.goto(&address).await.unwrap();
    let commune = browser
        .client
        .find(Locator::Css("#commune"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(commune.as_deref(), Some("Saint-Flour (15)"));
    browser.close().await;
}

on_both_backends!(the_map_is_accessible_and_the_printed_poster_s_qr_code_opens_the_prefilled_form);
