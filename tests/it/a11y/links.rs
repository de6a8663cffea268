//! Pages opened from e-mailed links, with live links: a proposal, the agreement, the personal
//! space's sign-in, the address confirmation, a check-in and the feedback after a binôme (the
//! last two also sent empty, to show their errors), a new charter to sign in the personal
//! space. They come last: they change the binômes and the charter.

use super::Checker;
use super::pages::{ANONYMOUS, COORDINATOR_A, ISOLATED, Mistake, VOLUNTEER, Visit};
use crate::access::fixture::Fixture;
use crate::helpers::TestApp;
use crate::lifecycle::{DAY, now, tick};
use binome::db;

async fn page(checker: &mut Checker, fixture: &mut Fixture, role: usize, path: &str) {
    let visit = Visit {
        role,
        template: path.to_string(),
        form: None,
    };
    checker.visit(fixture, &visit).await;
}

/// The page, then its form sent as it is.
async fn page_and_mistake(checker: &mut Checker, fixture: &mut Fixture, role: usize, path: &str, action: &str) {
    page(checker, fixture, role, path).await;
    let visit = Visit {
        role,
        template: path.to_string(),
        form: Some(Mistake {
            action: action.to_string(),
            fills: vec![],
        }),
    };
    checker.visit(fixture, &visit).await;
}

async fn address(app: &TestApp, person: i32) -> String {
    let person = db::people::by_id(&app.db, person).await.unwrap().unwrap();
    person.profile.email.unwrap().to_string()
}

/// The first start's page (the link `binome serve` prints on an empty database), and its form
/// sent empty.
pub async fn check_setup_page(checker: &mut Checker, app: &TestApp) {
    let link = binome::app::setup_link_if_empty(&app.db, &app.config())
        .await
        .unwrap()
        .expect("an empty database gets a setup link");
    let path = link.strip_prefix(&app.address).unwrap_or_default().to_string();
    checker.browser.client.goto(&link).await.unwrap();
    assert_eq!(checker.browser.path().await, path, "the setup page opens");
    checker.inspect("/installation/{lien} as anonymous").await;
    checker.send_and_inspect(&path, &[], "anonymous").await;
}

pub async fn check_emailed_pages(checker: &mut Checker, app: &TestApp, fixture: &mut Fixture) {
    // Coordinator A proposes Philomène to the volunteer who is free.
    fixture.renew(app, "{suggestion}").await;
    let approve = fixture.path("/propositions/{suggestion}/approuver");
    let token = &fixture.tokens[COORDINATOR_A];
    fixture.clients[COORDINATOR_A]
        .post_raw(&approve, &[("authenticity_token", token)])
        .await;
    app.deliver_emails().await;
    let volunteer = address(app, fixture.free_volunteer).await;
    let link = app.link_in_last_email(&volunteer, "/proposition/");
    page(checker, fixture, ANONYMOUS, &link).await;

    // The volunteer accepts: Philomène is asked, and so is the coordinator (empty form).
    app.new_visitor().submit(&link, &link, &[("answer", "accept")]).await;
    app.deliver_emails().await;
    let link = app.link_in_last_email("philomene@exemple.fr", "/accord/");
    page(checker, fixture, ANONYMOUS, &link).await;
    let pairing = db::pairings::open_pairings_of(&app.db, fixture.philomene)
        .await
        .unwrap()[0]
        .0;
    let show = format!("/binomes/{pairing}");
    page_and_mistake(checker, fixture, COORDINATOR_A, &show, &format!("{show}/accord")).await;

    // The personal space's sign-in link, and a new volunteer's address confirmation.
    app.new_visitor()
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "philomene@exemple.fr")],
        )
        .await;
    app.deliver_emails().await;
    let link = app.link_in_last_email("philomene@exemple.fr", "/espace/lien/");
    page(checker, fixture, ANONYMOUS, &link).await;
    let fields = crate::signup::volunteer_fields("martine@exemple.fr");
    crate::signup::sign_up(&app.new_visitor(), &fields).await;
    app.deliver_emails().await;
    let link = app.link_in_last_email("martine@exemple.fr", "/confirmer/");
    page(checker, fixture, ANONYMOUS, &link).await;

    // Six weeks on: the second check-in (the fixture opened the first one by hand), for Denise
    // (easy-to-read) and her volunteer.
    tick(app, now() + 15 * DAY).await;
    tick(app, now() + 43 * DAY).await;
    let link = app.link_in_last_email("denise@exemple.fr", "/point/");
    page_and_mistake(checker, fixture, ANONYMOUS, &link, &link).await;
    let volunteer = address(app, fixture.path("{va}").parse().unwrap()).await;
    let link = app.link_in_last_email(&volunteer, "/point/");
    page(checker, fixture, ANONYMOUS, &link).await;

    // A new charter that changes the commitments: the space asks to sign it.
    let draft = db::charters::create_draft(&app.db, "Charte v2", "Nouveau texte.", "Texte facile.", now())
        .await
        .unwrap();
    db::charters::publish(&app.db, draft, true, None, now()).await.unwrap();
    page_and_mistake(checker, fixture, VOLUNTEER, "/espace/charte", "/espace/charte").await;
    page(checker, fixture, ISOLATED, "/espace/charte").await;

    // The binôme ends: the feedback form.
    let show = format!("/binomes/{}", fixture.pairing);
    let end = [
        ("action", "end"),
        ("asked_by", "person"),
        ("end_reason", "moved"),
        ("after", "waiting"),
    ];
    fixture.clients[COORDINATOR_A]
        .submit(&show, &format!("{show}/etat"), &end)
        .await;
    app.deliver_emails().await;
    let link = app.link_in_last_email("denise@exemple.fr", "/fin/");
    page_and_mistake(checker, fixture, ANONYMOUS, &link, &link).await;
}
