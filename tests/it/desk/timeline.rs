//! The timeline of a person and of a binôme, and the team's notes on them.

use super::{alert, at, binome, checkin, desk, person};
use crate::helpers::PASSWORD;
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::person::Kind;

const WARNING: &str =
    "N'écrivez aucune information de santé ni d'opinion : seulement ce qui aide à organiser le binôme.";

async fn the_timeline_tells_what_happened_to_a_person_and_a_binome(app: TestApp) {
    let team = desk(&app).await;
    let lucie = person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 60).await;
    let denise = person(&app, team, Kind::Beneficiary, "Denise", "15265", false, 30).await;
    let pairing = binome(&app, team, denise, lucie, State::Active).await;
    checkin(&app, pairing, denise, "beneficiary", 2, Some("bien")).await;
    checkin(&app, pairing, lucie, "volunteer", 2, None).await;
    alert(
        &app,
        team,
        Some(pairing),
        denise,
        AlertKind::Distress,
        "Denise Test : ça ne va pas bien.",
    )
    .await;
    let id = db::checkins::open_alerts(&app.db, &[team]).await.unwrap()[0].id;
    app.submit("/tableau-de-bord", &format!("/alertes/{id}/fermer"), &[])
        .await;
    let person_page = format!("/personnes/{denise}");
    let saved = app
        .submit(
            &person_page,
            &format!("{person_page}/notes"),
            &[("note_text", "Préfère être appelée le matin.")],
        )
        .await;
    assert_eq!(saved.path, person_page);
    let pairing_page = format!("/binomes/{pairing}");
    app.submit(
        &pairing_page,
        &format!("{pairing_page}/notes"),
        &[("note_text", "Se voient le mardi à la médiathèque.")],
    )
    .await;

    let page = app.get(&person_page).await;
    for event in [
        "Historique",
        "Inscription sur la liste d'attente",
        "Charte signée (en ligne)",
        "Proposition calculée : Denise Test avec Lucie Test",
        "Proposition approuvée par l'équipe : Denise Test avec Lucie Test",
        "Binôme Denise Test avec Lucie Test : en cours",
        "Point de suivi n° 1 : Denise Test va « bien »",
        "Alerte (urgent)",
        "Alerte traitée (urgent)",
        "Note de Compte de test",
        "Préfère être appelée le matin.",
        "Se voient le mardi à la médiathèque.",
        WARNING,
    ] {
        assert!(page.contains(event), "the person's timeline shows « {event} »");
    }
    assert!(
        !page.contains("Point de suivi n° 1 à faire avec Lucie Test"),
        "not the other side's check-ins"
    );
    assert!(
        at(&page, "Préfère être appelée") < at(&page, "Point de suivi n° 1 à faire"),
        "newest first"
    );
    assert!(at(&page, "Point de suivi n° 1 à faire") < at(&page, "Inscription sur la liste d'attente"));
    assert!(page.body.contains(&format!(
        "href=\"/binomes/{pairing}\">Binôme Denise Test avec Lucie Test : en cours"
    )));

    let page = app.get(&pairing_page).await;
    for event in [
        "Historique",
        "Proposition calculée : Denise Test avec Lucie Test",
        "Binôme Denise Test avec Lucie Test : en cours",
        "Point de suivi n° 1 : Denise Test va « bien »",
        "Point de suivi n° 1 à faire avec Lucie Test",
        "Alerte traitée (urgent)",
        "Se voient le mardi à la médiathèque.",
        WARNING,
    ] {
        assert!(page.contains(event), "the binôme's timeline shows « {event} »");
    }
    assert!(
        !page.contains("Préfère être appelée le matin."),
        "a note on the person stays on the person"
    );
    assert!(
        app.get(&format!("/personnes/{lucie}"))
            .await
            .contains("Se voient le mardi à la médiathèque.")
    );
}

async fn notes_are_short_kept_when_refused_and_only_for_the_persons_team(app: TestApp) {
    let team = desk(&app).await;
    let lucie = person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 60).await;
    let denise = person(&app, team, Kind::Beneficiary, "Denise", "15265", false, 30).await;
    let pairing = binome(&app, team, denise, lucie, State::Active).await;
    let page = format!("/personnes/{denise}");
    let long = "Appeler plutôt sa fille. ".repeat(50);
    let refused = app
        .submit(&page, &format!("{page}/notes"), &[("note_text", &long)])
        .await;
    assert_eq!(refused.status, 200);
    let count = long.trim().chars().count();
    assert!(
        refused.contains(&format!(
            "La note est trop longue : {count} caractères, pour 1 000 au plus."
        )),
        "{}",
        refused.body
    );
    assert!(refused.contains(long.trim()), "what was typed is kept");
    assert!(refused.contains("aria-invalid=\"true\"") && refused.contains(WARNING));
    let empty = app
        .submit(&page, &format!("{page}/notes"), &[("note_text", "   ")])
        .await;
    assert!(empty.contains("Écrivez la note avant de l'enregistrer."));
    assert!(
        !app.get(&page).await.contains("Appeler plutôt sa fille."),
        "nothing stored"
    );
    app.submit(
        &page,
        &format!("{page}/notes"),
        &[("note_text", "Appeler plutôt sa fille.")],
    )
    .await;
    assert!(app.get(&page).await.contains("Appeler plutôt sa fille."));

    let other = app.create_team("Centre social de Lyon", &["69381"]).await;
    let stranger = app.new_visitor();
    app.create_staff(Role::Coordinator, "lyon@exemple.fr", &[other], None)
        .await;
    stranger.login("lyon@exemple.fr", PASSWORD).await;
    let token = stranger.get("/tableau-de-bord").await.csrf_token();
    for action in [format!("{page}/notes"), format!("/binomes/{pairing}/notes")] {
        let answer = stranger
            .post_raw(&action, &[("note_text", "Indiscret."), ("authenticity_token", &token)])
            .await;
        assert_eq!(answer.status, 403, "{action}");
    }
    let referent = app.new_visitor();
    app.create_staff(Role::Referent, "ccas@exemple.fr", &[team], Some("CCAS de Ydes"))
        .await;
    referent.login("ccas@exemple.fr", PASSWORD).await;
    let token = referent.get("/tableau-de-bord").await.csrf_token();
    let answer = referent
        .post_raw(
            &format!("{page}/notes"),
            &[("note_text", "Indiscret."), ("authenticity_token", &token)],
        )
        .await;
    assert_eq!(answer.status, 403, "a référent does not write the team's notes");
    assert!(!app.get(&page).await.contains("Indiscret."));
}

on_both_backends!(
    the_timeline_tells_what_happened_to_a_person_and_a_binome,
    notes_are_short_kept_when_refused_and_only_for_the_persons_team
);
