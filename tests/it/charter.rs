//! The charter: everyone reads the current version (on screen and on paper); the administrator
//! prepares a new version and publishes it, after which it never changes.

use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;
use binome::domain::consent::charter_hash;
use binome::domain::dates::french_date;
use fantoccini::Locator;
use fantoccini::wd::PrintConfiguration;

const DRAFT: [(&str, &str); 3] = [
    ("title", "Charte des binômes, deuxième version"),
    (
        "full_text",
        "1. Le libre choix, revu.\r\n\r\n2. La confidentialité, revue.",
    ),
    (
        "falc_text",
        "Vous êtes libre.\r\nVous pouvez arrêter.\r\n\r\nCe que vous dites reste entre vous.",
    ),
];

/// The id of the draft the admin just created (its page is where the form leads).
async fn create_draft(app: &TestApp) -> i32 {
    let page = app.submit("/admin/charte", "/admin/charte", &DRAFT).await;
    assert_eq!(page.status, 200);
    let id = page
        .path
        .strip_prefix("/admin/charte/")
        .expect("the draft's page")
        .parse()
        .unwrap();
    assert!(page.contains("brouillon") && page.contains("Publier la version 2"));
    id
}

/// A day in `days` days, as a date field sends it.
fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The number of pages of a PDF that Chromium wrote (each page object says `/Type /Page`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let marker = b"/Type /Page";
    pdf.windows(marker.len() + 1)
        .filter(|w| w.starts_with(marker) && w[marker.len()] != b's')
        .count()
}

async fn publish(app: &TestApp, id: i32, fields: &[(&str, &str)]) -> crate::helpers::Page {
    app.submit(
        &format!("/admin/charte/{id}"),
        &format!("/admin/charte/{id}/publier"),
        fields,
    )
    .await
}

async fn anyone_reads_the_current_charter_easy_version_first(app: TestApp) {
    let v1 = db::charters::current(&app.db).await.unwrap().unwrap();
    let page = app.get("/charte").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Charte des binômes de convivialité"));
    let published = format!("Version 1, publiée le {}.", french_date(v1.published_at.unwrap()));
    assert!(page.contains(&published), "{}", page.body);
    let easy = page.body.find("La charte en version facile à lire").unwrap();
    let full = page.body.find("La charte complète").unwrap();
    assert!(easy < full, "the easy-to-read text comes first");
    assert!(page.contains("<span>Vous êtes libre.<br>Vous pouvez arrêter quand vous voulez."));
    assert!(page.contains("1. Le libre choix."));
    assert!(page.contains("href=\"/charte/imprimer\""));
    assert!(
        app.get("/").await.contains("href=\"/charte\""),
        "the footer links to it"
    );
}

async fn the_printable_charter_has_lines_to_sign(app: TestApp) {
    let page = app.get("/charte/imprimer").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("<html lang=\"fr\">") && page.contains("<h1>Charte des binômes de convivialité</h1>"));
    for line in [
        "Nom et prénom :",
        "Date :",
        "Signature :",
        "Signature du témoin / référent :",
    ] {
        assert!(page.contains(line), "{line}");
    }
    assert!(page.contains("Vous êtes libre.") && page.contains("1. Le libre choix."));
    assert!(
        !page.body.contains("style=") && !page.body.contains("<script"),
        "the CSP forbids them"
    );
    let css = app.get("/static/print.css").await;
    assert_eq!(css.status, 200);
    assert!(css.contains("@page { size: A4;") && css.contains(".falc { font-size: 14pt;"));
}

async fn an_admin_publishes_a_new_version_which_then_never_changes(app: TestApp) {
    app.signed_in_admin().await;
    let id = create_draft(&app).await;
    assert_eq!(
        db::charters::current(&app.db).await.unwrap().unwrap().version,
        1,
        "a draft is not yet the charter"
    );
    assert!(app.get("/charte").await.contains("Version 1,"));

    let until = in_days(30);
    let page = publish(&app, id, &[("material", "oui"), ("valid_until", &until)]).await;
    assert_eq!(page.path, format!("/admin/charte/{id}"));
    let v2 = db::charters::by_id(&app.db, id).await.unwrap().unwrap();
    let hash = v2.content_sha256.clone().expect("publishing fixes the hash");
    assert_eq!(
        v2.full_text, "1. Le libre choix, revu.\n\n2. La confidentialité, revue.",
        "stored with plain line feeds"
    );
    assert_eq!(hash, charter_hash(&v2.title, &v2.full_text, &v2.falc_text));
    assert!(v2.material && v2.previous_valid_until.is_some());
    assert!(page.contains(&hash) && page.contains("publiée le") && page.contains("ne peut plus être modifiée"));
    assert!(!page.contains("/publier"), "a published version has no publish form");

    let public = app.get("/charte").await;
    assert!(public.contains("Charte des binômes, deuxième version") && public.contains("Version 2,"));
    assert!(public.contains("<span>Vous êtes libre.<br>Vous pouvez arrêter.</span></p>"));
    let list = app.get("/admin/charte").await;
    assert!(list.contains(&hash[..12]) && !list.contains(&hash[..13]));
    assert!(list.contains("publiée le") && list.contains("oui"));

    // Publishing again (a second click, a stale tab) changes nothing.
    let again = publish(&app, id, &[("valid_until", "")]).await;
    assert_eq!(again.path, format!("/admin/charte/{id}"));
    assert_eq!(db::charters::by_id(&app.db, id).await.unwrap().unwrap(), v2);
}

async fn bad_draft_input_is_explained_and_kept_and_nothing_is_created(app: TestApp) {
    app.signed_in_admin().await;
    let form = app.get("/admin/charte").await;
    assert!(form.contains("Version 1") && form.contains("oui"));
    assert!(
        form.contains("Vous êtes libre."),
        "the form starts from the current texts"
    );
    let page = app
        .submit(
            "/admin/charte",
            "/admin/charte",
            &[("title", "Ma charte"), ("full_text", "  \r\n "), ("falc_text", "")],
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Indiquez le texte complet de la charte."));
    assert!(page.contains("Indiquez le texte de la charte en version facile à lire."));
    assert!(page.contains("value=\"Ma charte\"") && page.contains("aria-invalid=\"true\""));
    let page = app
        .submit(
            "/admin/charte",
            "/admin/charte",
            &[("title", ""), ("full_text", "Texte."), ("falc_text", "Facile.")],
        )
        .await;
    assert!(page.contains("Indiquez un titre.") && page.contains(">Texte.</textarea>"));
    assert_eq!(db::charters::list(&app.db).await.unwrap().len(), 1);
}

async fn bad_publication_input_is_explained_and_nothing_is_published(app: TestApp) {
    app.signed_in_admin().await;
    let id = create_draft(&app).await;
    let page = publish(&app, id, &[("material", "oui"), ("valid_until", "")]).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Pour un changement important, indiquez jusqu'à quand les personnes restent disponibles."));
    assert!(page.contains("value=\"oui\" checked"), "the box stays checked");
    let page = publish(&app, id, &[("material", "oui"), ("valid_until", "2020-01-01")]).await;
    assert!(page.contains("Cette date est déjà passée.") && page.contains("value=\"2020-01-01\""));
    let page = publish(&app, id, &[("material", "oui"), ("valid_until", "demain")]).await;
    assert!(page.contains("Indiquez une date valide, par exemple 31/12/2026."));
    let tomorrow = in_days(1);
    let page = publish(&app, id, &[("valid_until", &tomorrow)]).await;
    assert!(page.contains("Cette date ne sert que pour un changement important"));
    assert!(!db::charters::by_id(&app.db, id).await.unwrap().unwrap().is_published());
    assert_eq!(db::charters::current(&app.db).await.unwrap().unwrap().version, 1);

    // Without the box, no date is needed.
    publish(&app, id, &[]).await;
    let v2 = db::charters::by_id(&app.db, id).await.unwrap().unwrap();
    assert!(v2.is_published() && !v2.material && v2.previous_valid_until.is_none());
}

async fn an_older_draft_cannot_be_published_after_a_newer_version(app: TestApp) {
    app.signed_in_admin().await;
    let older = create_draft(&app).await;
    let newer = app.submit("/admin/charte", "/admin/charte", &DRAFT).await;
    let newer: i32 = newer.path.rsplit('/').next().unwrap().parse().unwrap();
    publish(&app, newer, &[]).await;
    let page = publish(&app, older, &[]).await;
    assert!(page.contains("La version 3, plus récente, est déjà publiée"));
    assert!(
        !db::charters::by_id(&app.db, older)
            .await
            .unwrap()
            .unwrap()
            .is_published()
    );
    assert_eq!(db::charters::current(&app.db).await.unwrap().unwrap().version, 3);
}

async fn only_admins_open_the_charter_administration(app: TestApp) {
    assert_eq!(app.get("/admin/charte").await.path, "/connexion");
    app.signed_in_coordinator().await;
    assert_eq!(app.get("/admin/charte").await.status, 403);
    assert_eq!(app.get("/admin/charte/1").await.status, 403);
    assert!(!app.get("/tableau-de-bord").await.contains("href=\"/admin/charte\""));
    let admin = app.new_visitor();
    admin.signed_in_admin().await;
    assert!(admin.get("/tableau-de-bord").await.contains("href=\"/admin/charte\""));
    assert_eq!(admin.get("/admin/charte/999").await.status, 404);
    assert_eq!(admin.get("/admin/charte/abc").await.status, 404);
}

async fn charter_pages_are_accessible(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    browser.client.goto(&app.url("/charte")).await.unwrap();
    browser.assert_accessible("charte").await;
    browser.client.goto(&app.url("/charte/imprimer")).await.unwrap();
    browser.assert_accessible("charte à imprimer").await;
    let strict = PrintConfiguration::builder().shrink_to_fit(false).build().unwrap();
    let pdf = browser.client.print(strict).await.unwrap();
    assert_eq!(
        pdf_pages(&pdf),
        1,
        "the charter fits one A4 sheet, even with the 1 cm margins browsers add"
    );

    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "admin@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;
    browser.client.goto(&app.url("/admin/charte")).await.unwrap();
    browser.assert_accessible("versions de la charte").await;
    browser.fill("#title", "Nouvelle charte").await;
    browser
        .click_to("form.form button[type=submit]", "/admin/charte/2")
        .await;
    browser.assert_accessible("brouillon").await;
    browser.click("#material").await;
    browser.click("form.form button[type=submit]").await;
    browser
        .client
        .wait()
        .for_element(Locator::Css(".error-summary"))
        .await
        .unwrap();
    browser.assert_accessible("publication avec erreurs").await;
    browser.close().await;
}

on_both_backends!(
    anyone_reads_the_current_charter_easy_version_first,
    the_printable_charter_has_lines_to_sign,
    an_admin_publishes_a_new_version_which_then_never_changes,
    bad_draft_input_is_explained_and_kept_and_nothing_is_created,
    bad_publication_input_is_explained_and_nothing_is_published,
    an_older_draft_cannot_be_published_after_a_newer_version,
    only_admins_open_the_charter_administration,
    charter_pages_are_accessible
);
