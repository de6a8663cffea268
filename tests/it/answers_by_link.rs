//! An answer given from an e-mailed link (agreement, check-in, feedback) is recorded, then
//! the browser is sent back to the link's page, which thanks the person once: refreshing it
//! posts nothing again, and a second post changes nothing.

use crate::helpers::TestApp;
use crate::lifecycle::{DAY, active_binome, now, tick};
use crate::on_both_backends;
use crate::space::post_and_follow;
use binome::db;
use binome::domain::pairing::State;
use sea_orm::{ConnectionTrait, Database};

async fn answering_the_agreement_link_redirects_and_thanks_once(app: TestApp) {
    let (pairing, _) = crate::ending::accepted(&app).await;
    let link = app.link_in_last_email("denise@exemple.fr", "/accord/");
    let denise = app.new_visitor();
    let token = denise.get(&link).await.csrf_token();
    let answered = post_and_follow(&denise, &link, &link, &[("answer", "oui")]).await;
    assert_eq!(
        (answered.status, answered.location.as_str()),
        (303, link.as_str()),
        "redirected to the link's page"
    );
    assert!(
        answered.shown.contains("Vous êtes d'accord tous les deux"),
        "{}",
        answered.shown.body
    );
    assert!(
        answered.shown_again.contains("Ce lien ne marche plus"),
        "the thanks is said once"
    );
    // The browser posts the same form again (a refresh before the redirect, a double tap).
    let again = denise
        .post_raw(&link, &[("answer", "non"), ("authenticity_token", &token)])
        .await;
    assert!(again.contains("Ce lien ne marche plus"));
    let state = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state;
    assert_eq!(state, State::Agreed, "the second answer changed nothing");
}

async fn answering_a_check_in_redirects_and_says_whether_the_team_will_call(app: TestApp) {
    let (pairing, volunteer) = active_binome(&app).await;
    let team = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().team_id;
    tick(&app, now() + 15 * DAY).await;
    let link = app.link_in_last_email(&volunteer, "/point/");
    let visitor = app.new_visitor();
    let fields = [
        ("met", "oui"),
        ("mood", "moyen"),
        ("decision", "continuer"),
        ("call_back", "oui"),
    ];
    let answered = post_and_follow(&visitor, &link, &link, &fields).await;
    assert_eq!((answered.status, answered.location.as_str()), (303, link.as_str()));
    assert!(
        answered.shown.contains("Vos réponses sont enregistrées.")
            && answered.shown.contains("L'équipe va vous appeler.")
    );
    assert!(
        !answered.shown_again.contains("Vos réponses sont enregistrées."),
        "said once"
    );
    let denise = app.link_in_last_email("denise@exemple.fr", "/point/");
    let fine = post_and_follow(
        &app.new_visitor(),
        &denise,
        &denise,
        &[("met", "oui"), ("mood", "bien"), ("decision", "continuer")],
    )
    .await;
    assert!(
        fine.shown.contains("Elle reviendra vers vous dans quelques semaines")
            && !fine.shown.contains("L'équipe va vous appeler.")
    );
    let alerts = db::checkins::open_alerts(&app.db, &[team]).await.unwrap();
    assert_eq!(alerts.len(), 1, "one call-back asked, one alert: {alerts:?}");
}

async fn answering_the_feedback_link_redirects_and_thanks_once(app: TestApp) {
    let (pairing, volunteer) = active_binome(&app).await;
    let page = format!("/binomes/{pairing}");
    app.submit(
        &page,
        &format!("/binomes/{pairing}/etat"),
        &[
            ("action", "end"),
            ("asked_by", "person"),
            ("end_reason", "moved"),
            ("after", "waiting"),
        ],
    )
    .await;
    app.deliver_emails().await;
    let link = app.link_in_last_email(&volunteer, "/fin/");
    let visitor = app.new_visitor();
    let answered = post_and_follow(&visitor, &link, &link, &[("rating", "bien"), ("another", "oui")]).await;
    assert_eq!((answered.status, answered.location.as_str()), (303, link.as_str()));
    assert!(
        answered
            .shown
            .contains("L'équipe va chercher une autre personne pour vous")
    );
    assert!(
        !answered.shown_again.contains("Votre réponse est enregistrée."),
        "said once"
    );
}

on_both_backends!(
    answering_the_agreement_link_redirects_and_thanks_once,
    answering_a_check_in_redirects_and_says_whether_the_team_will_call,
    answering_the_feedback_link_redirects_and_thanks_once
);

async fn a_check_in_link_pasted_under_another_page_no_longer_works_and_stays_usable(app: TestApp) {
    let (_, volunteer) = active_binome(&app).await;
    tick(&app, now() + 15 * DAY).await;
    let link = app.link_in_last_email(&volunteer, "/point/");
    let secret = link.trim_start_matches("/point/");
    let visitor = app.new_visitor();
    for page in ["/accord/", "/fin/", "/proposition/", "/espace/lien/", "/confirmer/"] {
        let shown = visitor.get(&format!("{page}{secret}")).await;
        assert!(shown.contains("Ce lien ne marche plus"), "{page}: {}", shown.body);
    }
    let csrf = visitor.get("/connexion").await.csrf_token();
    for (page, field) in [("/accord/", ("answer", "oui")), ("/espace/lien/", ("go", "1"))] {
        let posted = visitor
            .post_raw(&format!("{page}{secret}"), &[field, ("authenticity_token", &csrf)])
            .await;
        assert!(posted.contains("Ce lien ne marche plus"), "{page}: {}", posted.body);
    }
    let form = visitor.get(&link).await;
    assert_eq!(form.status, 200);
    assert!(
        !form.contains("Ce lien ne marche plus"),
        "the check-in link still works where it belongs"
    );
}

async fn a_link_whose_stored_purpose_is_unreadable_shows_the_error_page(app: TestApp) {
    let (_, volunteer) = active_binome(&app).await;
    tick(&app, now() + 15 * DAY).await;
    let link = app.link_in_last_email(&volunteer, "/point/");
    let conn = Database::connect(app.config().database_url).await.unwrap();
    conn.execute_unprepared("UPDATE person_token SET purpose = '???'")
        .await
        .unwrap();
    let shown = app.new_visitor().get(&link).await;
    assert_eq!(shown.status, 500, "{}", shown.body);
    assert!(
        shown.contains("Une erreur est survenue") && !shown.contains("???"),
        "{}",
        shown.body
    );
    let again = app.new_visitor().get(&link).await;
    assert_eq!(again.status, 500, "the server is still up and says the same");
}

on_both_backends!(
    a_check_in_link_pasted_under_another_page_no_longer_works_and_stays_usable,
    a_link_whose_stored_purpose_is_unreadable_shows_the_error_page
);
