//! The person's own answer by link, the end of a binôme with its feedback and the choice to
//! go back on the waiting list, the team's check-in interval, and links that no longer work.

use crate::helpers::TestApp;
use crate::lifecycle::{DAY, active_binome, now, tick};
use crate::on_both_backends;
use binome::db::{self, people};
use binome::domain::link::Purpose;
use binome::domain::pairing::{EndReason, State};
use binome::domain::person::Status;
use binome::secret::sha256_hex;

/// A proposal to Denise accepted by her volunteer; returns (pairing, volunteer address).
pub(crate) async fn accepted(app: &TestApp) -> (i32, String) {
    let (team, [denise, _, _, _, _]) = crate::proposals::team_with_people(app).await;
    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let s = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.beneficiary_id == denise)
        .unwrap();
    app.submit("/propositions", &format!("/propositions/{}/approuver", s.id), &[])
        .await;
    app.deliver_emails().await;
    let address = db::people::by_id(&app.db, s.volunteer_id)
        .await
        .unwrap()
        .unwrap()
        .profile
        .email
        .unwrap()
        .to_string();
    let link = app.link_in_last_email(&address, "/proposition/");
    app.new_visitor().submit(&link, &link, &[("answer", "accept")]).await;
    app.deliver_emails().await;
    (
        db::pairings::open_pairings_of(&app.db, denise).await.unwrap()[0].0,
        address,
    )
}

async fn state_of(app: &TestApp, pairing: i32) -> State {
    db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state
}

async fn the_person_agrees_by_link_and_both_get_each_others_details(app: TestApp) {
    let (pairing, volunteer) = accepted(&app).await;
    let link = app.link_in_last_email("denise@exemple.fr", "/accord/");
    let visitor = app.new_visitor();
    let page = visitor.get(&link).await;
    assert!(page.contains("voudrait vous rencontrer") && page.contains("Vous êtes libre de dire oui ou non"));
    assert!(
        !page.contains("@exemple.fr") && !page.contains("téléphone"),
        "no contact detail before both agree"
    );
    let done = visitor.submit(&link, &link, &[("answer", "oui")]).await;
    assert!(done.contains("Vous êtes d'accord tous les deux"));
    assert_eq!(state_of(&app, pairing).await, State::Agreed);
    app.deliver_emails().await;
    let to_volunteer = app.emails_to(&volunteer).pop().unwrap();
    assert!(to_volunteer.contains("Bonne nouvelle") && to_volunteer.contains("denise@exemple.fr"));
    assert!(
        to_volunteer.contains("à convenir ensemble") && to_volunteer.contains("médiathèque"),
        "a public place is suggested"
    );
    assert!(
        app.emails_to("denise@exemple.fr")
            .pop()
            .unwrap()
            .contains("Bonne nouvelle")
    );
    // The link worked once; the coordinator's page shows who agreed.
    assert!(app.new_visitor().get(&link).await.contains("Ce lien ne marche plus"));
    assert!(
        app.get(&format!("/binomes/{pairing}"))
            .await
            .contains("la personne (par le lien reçu)")
    );
}

async fn the_person_says_no_thank_you_and_the_volunteer_is_told_kindly(app: TestApp) {
    let (pairing, volunteer) = accepted(&app).await;
    let link = app.link_in_last_email("denise@exemple.fr", "/accord/");
    let done = app.new_visitor().submit(&link, &link, &[("answer", "non")]).await;
    assert!(done.contains("Vous restez sur la liste d'attente"));
    assert_eq!(state_of(&app, pairing).await, State::Ended);
    app.deliver_emails().await;
    let told = app.emails_to(&volunteer).pop().unwrap();
    assert!(told.contains("s'arrête") && told.contains("Cela arrive") && !told.contains("/fin/"));
}

async fn an_ended_binome_asks_for_feedback_and_the_person_chooses_what_next(app: TestApp) {
    let (pairing, volunteer) = active_binome(&app).await;
    let page = format!("/binomes/{pairing}");
    let form = app.get(&page).await;
    assert!(form.contains("Revient sur la liste d'attente") && form.contains("déménagement ou indisponibilité"));
    app.submit(
        &page,
        &format!("{page}/etat"),
        &[
            ("action", "end"),
            ("asked_by", "person"),
            ("end_reason", "moved"),
            ("after", "waiting"),
        ],
    )
    .await;
    assert_eq!(
        db::pairings::pairing(&app.db, pairing)
            .await
            .unwrap()
            .unwrap()
            .end_reason,
        Some(EndReason::Moved)
    );
    assert!(app.get(&page).await.contains("fin : déménagement"));
    let denise = db::people::by_email(&app.db, "denise@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .id;
    let (journal, _) = db::audit::list(&app.db, Some(denise), 0, 50).await.unwrap();
    let said: Vec<String> = journal.iter().filter_map(|e| e.detail.clone()).collect();
    for step in ["première rencontre faite, binôme en cours", "terminé"] {
        assert!(
            said.iter().any(|d| d == &format!("binôme n° {pairing} : {step}")),
            "the coordinator's action is in Denise's journal: {step} in {said:?}"
        );
    }
    app.deliver_emails().await;
    let kind = app.emails_to(&volunteer).pop().unwrap();
    assert!(
        kind.contains("Cela arrive") && kind.contains("/fin/"),
        "the other side is told kindly, with a feedback link: {kind}"
    );
    let own = app.emails_to("denise@exemple.fr").pop().unwrap();
    assert!(own.contains("Comme vous l'avez demandé") && own.contains("/fin/"));

    // Denise: a missing answer is explained, what she typed is kept.
    let link = app.link_in_last_email("denise@exemple.fr", "/fin/");
    let visitor = app.new_visitor();
    let refused = visitor
        .submit(&link, &link, &[("another", "non"), ("comment", "Merci pour tout")])
        .await;
    assert!(
        refused.contains("Choisissez une réponse : bien, moyen ou pas bien.") && refused.contains("Merci pour tout")
    );
    assert!(refused.contains("value=\"non\" checked"));
    let done = visitor
        .submit(
            &link,
            &link,
            &[("rating", "bien"), ("another", "non"), ("comment", "Merci pour tout")],
        )
        .await;
    assert!(done.contains("Vous êtes en pause"));
    let denise = db::people::by_email(&app.db, "denise@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(denise.status, Status::Paused, "she chose a pause: off the waiting list");
    assert!(visitor.get(&link).await.contains("Ce lien ne marche plus"), "once only");

    // The volunteer wants another binôme: still available.
    let link = app.link_in_last_email(&volunteer, "/fin/");
    let done = app
        .new_visitor()
        .submit(&link, &link, &[("rating", "moyen"), ("another", "oui")])
        .await;
    assert!(done.contains("L'équipe va chercher une autre personne pour vous"));
    assert_eq!(
        db::people::by_email(&app.db, &volunteer).await.unwrap().unwrap().status,
        Status::Approved
    );
    let shown = app.get(&page).await;
    assert!(shown.contains("Merci pour tout") && shown.contains("souhaite un autre binôme"));
}

async fn the_team_can_keep_the_person_off_the_list_after_an_end(app: TestApp) {
    let (pairing, _) = active_binome(&app).await;
    let page = format!("/binomes/{pairing}");
    app.submit(
        &page,
        &format!("{page}/etat"),
        &[("action", "end"), ("asked_by", "team"), ("after", "pause")],
    )
    .await;
    let denise = db::people::by_email(&app.db, "denise@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(denise.status, Status::Paused);
    assert_eq!(
        db::pairings::pairing(&app.db, pairing)
            .await
            .unwrap()
            .unwrap()
            .end_reason,
        Some(EndReason::Other)
    );
}

async fn a_team_chooses_its_check_in_interval(app: TestApp) {
    let (pairing, volunteer) = active_binome(&app).await;
    let team = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().team_id;
    let admin = app.new_visitor();
    admin.signed_in_admin().await;
    let page = format!("/admin/equipes/{team}");
    let refused = admin.submit(&page, &format!("{page}/suivi"), &[("jours", "3")]).await;
    assert!(refused.contains("Choisissez un intervalle entre 7 et 91 jours.") && refused.contains("value=\"3\""));
    assert_eq!(
        db::teams::by_id(&app.db, team)
            .await
            .unwrap()
            .unwrap()
            .checkin_every_days,
        28,
        "nothing changed"
    );
    let saved = admin.submit(&page, &format!("{page}/suivi"), &[("jours", "14")]).await;
    assert!(saved.contains("tous les 14 jours"));

    let requests = || {
        app.emails_to(&volunteer)
            .into_iter()
            .filter(|e| e.contains("/point/") && !e.contains("Petit rappel"))
            .count()
    };
    tick(&app, now() + 15 * DAY).await;
    assert_eq!(requests(), 1);
    tick(&app, now() + 27 * DAY).await;
    assert_eq!(requests(), 1, "not before two weeks more");
    tick(&app, now() + 28 * DAY + DAY / 2).await;
    assert_eq!(requests(), 2, "the second check-in comes 14 days after the first");
}

async fn expired_links_show_a_clear_page_and_change_nothing(app: TestApp) {
    let (pairing, _) = accepted(&app).await;
    let p = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap();
    // A proposal link of the same volunteer, for this binôme, expired a minute ago.
    let expired = people::NewToken {
        purpose: Purpose::Agreement(pairing),
        token_sha256: sha256_hex("perime"),
        expires_at: now() - 60_000,
    };
    let email = binome::mail::emails::sign_in("denise@exemple.fr", "Denise", "http://x", "k-expired".into()).unwrap();
    db::people::send_link(&app.db, p.beneficiary_id, expired, email, now() - 8 * DAY)
        .await
        .unwrap();
    let visitor = app.new_visitor();
    let page = visitor.get("/accord/perime").await;
    assert!(page.contains("Ce lien ne marche plus") && page.contains("plus de 7 jours"));
    let token = visitor.get("/connexion").await.csrf_token();
    let posted = visitor
        .post_raw("/accord/perime", &[("answer", "oui"), ("authenticity_token", &token)])
        .await;
    assert!(posted.contains("Ce lien ne marche plus"));
    assert_eq!(state_of(&app, pairing).await, State::Accepted, "nothing changed");
    for gone in ["/fin/perime", "/point/perime", "/proposition/perime"] {
        assert!(visitor.get(gone).await.contains("Ce lien ne marche plus"), "{gone}");
    }
}

on_both_backends!(
    the_person_agrees_by_link_and_both_get_each_others_details,
    the_person_says_no_thank_you_and_the_volunteer_is_told_kindly,
    an_ended_binome_asks_for_feedback_and_the_person_chooses_what_next,
    the_team_can_keep_the_person_off_the_list_after_an_end,
    a_team_chooses_its_check_in_interval,
    expired_links_show_a_clear_page_and_change_nothing
);
