//! The dashboard's lists: what each shows and in which order, pages, the commune filter,
//! the last check-in in a colour and a word, the call sheet, and who may see which team.

use super::{alert, at, binome, checkin, desk, person, suggest};
use crate::helpers::TestApp;
use crate::helpers::{PASSWORD, Page};
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::person::{Kind, Status};

/// The part of the page between two headings.
fn between(page: &Page, from: &str, to: &str) -> String {
    let seen = page.body.replace("&#39;", "'");
    let start = at(page, from);
    let end = at(page, to);
    seen[start..end].to_string()
}

/// "checkin-good\">bien": the colour class and the word shown after `name`'s binôme.
fn last_checkin(page: &Page, name: &str) -> String {
    let rest = &page.body[at(page, &format!("{name} et "))..];
    let start = rest.find("class=\"checkin ").expect("a check-in state") + "class=\"checkin ".len();
    let end = rest[start..].find("</span>").unwrap() + start;
    rest[start..end].to_string()
}

async fn each_list_shows_the_right_people_in_the_right_order(app: TestApp) {
    let team = desk(&app).await;
    let lucie = person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 30).await;
    let paul = person(&app, team, Kind::Volunteer, "Paul", "15265", true, 10).await;
    let denise = person(&app, team, Kind::Beneficiary, "Denise", "15265", false, 100).await;
    person(&app, team, Kind::Beneficiary, "Marcel", "15120", true, 50).await;
    person(&app, team, Kind::Beneficiary, "Colette", "15120", true, 200).await;
    let jeanne = person(&app, team, Kind::Beneficiary, "Jeanne", "15265", true, 5).await;
    let andre = person(&app, team, Kind::Beneficiary, "Andre", "15120", true, 60).await;
    let odette = person(&app, team, Kind::Volunteer, "Odette", "15120", true, 3).await;
    db::people::change_status(&app.db, odette, Status::Approved, Status::ToValidate, 0)
        .await
        .unwrap();
    let active = binome(&app, team, denise, lucie, State::Active).await;
    binome(&app, team, andre, paul, State::Proposed).await;
    suggest(&app, team, &[(jeanne, lucie, 72.0)]).await;
    alert(
        &app,
        team,
        Some(active),
        denise,
        AlertKind::CallBack,
        "Denise Test voudrait être rappelée.",
    )
    .await;
    alert(
        &app,
        team,
        Some(active),
        denise,
        AlertKind::Distress,
        "Denise Test : ça ne va pas bien.",
    )
    .await;
    checkin(&app, active, denise, "beneficiary", 0, None).await;

    let page = app.get("/tableau-de-bord").await;
    let headings = [
        "Alertes (2)",
        "Appels à passer (1)",
        "Propositions en attente (2)",
        "Liste d'attente (3)",
        "Binômes en cours (1)",
        "Bénévoles à valider (1)",
    ];
    let places: Vec<usize> = headings.iter().map(|h| at(&page, h)).collect();
    assert!(
        places.windows(2).all(|w| w[0] < w[1]),
        "sections in order: {headings:?}"
    );
    assert!(
        at(&page, "ça ne va pas bien") < at(&page, "voudrait être rappelée"),
        "distress first"
    );
    assert!(page.contains("Appeler Denise Test</a> au 04 71 00 00 06"));
    assert!(page.contains("Jeanne Test</a> avec <a href=\"/personnes/") && page.contains("72 points"));
    assert!(page.contains("Andre Test avec Paul Test</a> : attend la réponse de Paul"));

    let waiting = between(&page, "Liste d'attente (3)", "Binômes en cours");
    let order: Vec<usize> = ["Colette", "Marcel", "Jeanne"]
        .iter()
        .map(|n| waiting.find(n).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "the longest wait first");
    assert!(waiting.contains("attend depuis 200 jours") && waiting.contains("attend depuis 50 jours"));
    assert!(
        !waiting.contains("Denise") && !waiting.contains("Andre"),
        "people with a binôme or a proposal sent do not wait"
    );
    assert!(
        waiting.contains("2 bénévoles libres à portée"),
        "why nobody fits yet: {waiting}"
    );
    assert!(waiting.contains("une proposition attend votre décision"));
    assert!(page.contains("Denise Test et Lucie Test</a>"));
    assert!(between(&page, "Bénévoles à valider", "</main>").contains("Odette Test</a>"));
}

async fn lists_are_paginated_and_filtered_by_commune(app: TestApp) {
    let team = desk(&app).await;
    for i in 1..=25 {
        let commune = if i % 5 == 0 { "15265" } else { "15120" };
        person(
            &app,
            team,
            Kind::Beneficiary,
            &format!("Attente{i:02}"),
            commune,
            true,
            100 - i,
        )
        .await;
    }
    let first = app.get("/tableau-de-bord").await;
    assert!(first.contains("Liste d'attente (25)") && first.contains("Page 1 sur 2"));
    assert!(first.contains("Attente01") && first.contains("Attente20") && !first.contains("Attente21"));
    let next = format!("/tableau-de-bord?equipe={team}&attente_page=2#attente");
    assert!(
        first.body.replace("&#38;", "&").contains(&next),
        "a link to the next page"
    );
    let second = app.get(&format!("/tableau-de-bord?equipe={team}&attente_page=2")).await;
    assert!(second.contains("Attente21") && second.contains("Attente25") && !second.contains("Attente20"));
    assert!(second.contains("Page 2 sur 2"));
    for odd in ["9", "abc", "-1"] {
        let page = app.get(&format!("/tableau-de-bord?attente_page={odd}")).await;
        assert_eq!(page.status, 200);
        assert!(page.contains("Attente01"), "an odd page number shows the first page");
    }

    for ydes in ["Ydes", "15265"] {
        let page = app.get(&format!("/tableau-de-bord?equipe={team}&commune={ydes}")).await;
        assert!(page.contains("Liste d'attente (5)") && page.contains("Listes limitées à : Ydes (15)."));
        assert!(page.contains("Attente05") && !page.contains("Attente01"));
    }
    let unknown = app.get("/tableau-de-bord?commune=Zzzzzz").await;
    assert!(unknown.contains("Nous ne trouvons pas cette commune") && unknown.contains("value=\"Zzzzzz\""));
    assert!(unknown.contains("aria-invalid=\"true\"") && unknown.contains("Liste d'attente (25)"));
    let nobody = app.get("/tableau-de-bord?commune=Riom-%C3%A8s-Montagnes").await;
    assert!(nobody.contains("Personne n'attend : bravo."));
}

async fn the_last_check_in_shows_in_a_colour_and_a_word(app: TestApp) {
    let team = desk(&app).await;
    let v1 = person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 30).await;
    let v2 = person(&app, team, Kind::Volunteer, "Paul", "15120", true, 30).await;
    for (i, (name, mood, days)) in [
        ("Bien", Some("bien"), 2),
        ("Moyen", Some("moyen"), 2),
        ("Mal", Some("pas_bien"), 2),
        ("Muet", None, 9),
        ("Attend", None, 1),
        ("Neuf", None, -5),
    ]
    .into_iter()
    .enumerate()
    {
        let b = person(&app, team, Kind::Beneficiary, name, "15120", true, 40).await;
        let p = binome(&app, team, b, if i < 3 { v1 } else { v2 }, State::Active).await;
        checkin(&app, p, b, "beneficiary", days, mood).await;
    }
    let page = app.get("/tableau-de-bord").await;
    assert_eq!(last_checkin(&page, "Bien Test"), "checkin-good\">bien");
    assert_eq!(last_checkin(&page, "Moyen Test"), "checkin-soso\">moyen");
    assert_eq!(last_checkin(&page, "Mal Test"), "checkin-bad\">pas bien");
    assert_eq!(last_checkin(&page, "Muet Test"), "checkin-none\">sans réponse");
    assert_eq!(last_checkin(&page, "Attend Test"), "checkin-pending\">réponse attendue");
    assert_eq!(
        last_checkin(&page, "Neuf Test"),
        "checkin-notyet\">pas encore de point",
        "a check-in not due yet does not count"
    );
}

async fn the_call_sheet_lists_todays_calls_with_phone_and_questions(app: TestApp) {
    let team = desk(&app).await;
    let lucie = person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 30).await;
    for (name, email, days) in [("Denise", false, 1), ("Marcel", true, 1), ("Colette", false, -3)] {
        let b = person(&app, team, Kind::Beneficiary, name, "15120", email, 40).await;
        let p = binome(&app, team, b, lucie, State::Active).await;
        checkin(&app, p, b, "beneficiary", days, None).await;
    }
    let page = app.get("/tableau-de-bord").await;
    assert!(page.contains("Appels à passer (1)"));
    assert!(
        page.body
            .contains(&format!("href=\"/tableau-de-bord/appels?equipe={team}\""))
    );
    let sheet = app.get(&format!("/tableau-de-bord/appels?equipe={team}")).await;
    assert_eq!(sheet.status, 200);
    assert!(sheet.contains("Denise Test : 04 71 00 00 06"), "{}", sheet.body);
    assert!(sheet.contains("binôme avec Lucie Test") && sheet.contains("point de suivi n° 1"));
    assert!(sheet.contains("Comment ça va ? ☐ bien ☐ moyen ☐ pas bien") && sheet.contains("Et maintenant ?"));
    assert!(
        !sheet.contains("Marcel Test"),
        "a person with e-mail answers by the link"
    );
    assert!(!sheet.contains("Colette Test"), "not due yet");
    assert!(sheet.contains("3114"), "the emergency numbers are on the sheet");
    let elsewhere = app
        .get(&format!("/tableau-de-bord/appels?equipe={team}&commune=Ydes"))
        .await;
    assert!(elsewhere.contains("Aucun appel à passer aujourd'hui."));
}

async fn each_coordinator_sees_only_their_teams_and_referents_their_people(app: TestApp) {
    let team = desk(&app).await;
    let other = app.create_team("Centre social de Lyon", &["69381"]).await;
    person(&app, other, Kind::Beneficiary, "Lyonnaise", "69381", true, 10).await;
    assert_eq!(app.get(&format!("/tableau-de-bord?equipe={other}")).await.status, 403);
    assert!(!app.get("/tableau-de-bord").await.contains("Lyonnaise"));

    let admin = app.new_visitor();
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    admin.login("admin@exemple.fr", PASSWORD).await;
    let page = admin.get(&format!("/tableau-de-bord?equipe={other}")).await;
    assert!(page.contains("Tableau de bord : Centre social de Lyon") && page.contains("Lyonnaise Test"));
    assert!(
        page.body
            .contains(&format!("<option value=\"{team}\">Antenne de Mauriac</option>")),
        "a team selector"
    );

    let referent = app.new_visitor();
    app.create_staff(Role::Referent, "ccas@exemple.fr", &[team], Some("CCAS de Ydes"))
        .await;
    referent.login("ccas@exemple.fr", PASSWORD).await;
    let home = referent.get("/tableau-de-bord").await;
    assert!(home.contains("Les personnes que vous avez inscrites") && !home.contains("Alertes ("));
    assert_eq!(referent.get("/tableau-de-bord/appels").await.status, 403);
}

on_both_backends!(
    each_list_shows_the_right_people_in_the_right_order,
    lists_are_paginated_and_filtered_by_commune,
    the_last_check_in_shows_in_a_colour_and_a_word,
    the_call_sheet_lists_todays_calls_with_phone_and_questions,
    each_coordinator_sees_only_their_teams_and_referents_their_people
);
