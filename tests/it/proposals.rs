//! "Proposer des binômes" and "Chercher un·e bénévole" on the live database.

use crate::helpers::{PASSWORD, TestApp, insee};
use crate::on_both_backends;
use binome::db::{
    self,
    people::{NewConsent, NewPerson, Profile},
};
use binome::domain::account::{Email, Role};
use binome::domain::availability::Slots;
use binome::domain::person::{Kind, Status};
use binome::domain::profile::{ContactChannel, Format};

/// Someone of the team living in `commune`, free on Tuesday afternoon, who likes reading.
pub(crate) async fn person(
    app: &TestApp,
    team: i32,
    kind: Kind,
    first_name: &str,
    commune: &str,
    formats: Vec<Format>,
) -> i32 {
    let profile = Profile {
        email: Email::parse(&format!("{}@exemple.fr", first_name.to_lowercase())).ok(),
        slots: Slots::from_bits(Slots::bit(1, 1)),
        languages: vec!["fr".into()],
        formats,
        radius_km: (kind == Kind::Volunteer).then_some(20),
        capacity: (kind == Kind::Volunteer).then_some(1),
        interest_ids: vec![2],
        ..Profile::new(first_name, "Test", insee(commune), ContactChannel::Email)
    };
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let status = if kind == Kind::Volunteer {
        Status::Approved
    } else {
        Status::Waiting
    };
    let new = NewPerson {
        kind,
        status,
        team_id: Some(team),
        referent_id: None,
        profile: &profile,
        consent: &NewConsent::online(&charter),
        token: None,
        emails: vec![],
        submission_key: None,
        waiting_since: Some(0),
    };
    db::people::create(&app.db, new, 0).await.unwrap()
}

/// Mauriac's team: Denise (Ydes) and Marcel (Mauriac) wait, Colette (Lyon area code in the
/// team but far away, public meetings only) too; Lucie (Mauriac) and Paul (Ydes) volunteer.
pub async fn team_with_people(app: &TestApp) -> (i32, [i32; 5]) {
    let team = app
        .create_team("Antenne de Mauriac", &["15120", "15265", "15162"])
        .await;
    let denise = person(app, team, Kind::Beneficiary, "Denise", "15265", vec![Format::Public]).await;
    let marcel = person(
        app,
        team,
        Kind::Beneficiary,
        "Marcel",
        "15120",
        vec![Format::Public, Format::Phone],
    )
    .await;
    let colette = person(app, team, Kind::Beneficiary, "Colette", "15162", vec![Format::Home]).await;
    let lucie = person(
        app,
        team,
        Kind::Volunteer,
        "Lucie",
        "15120",
        vec![Format::Public, Format::Phone],
    )
    .await;
    let paul = person(app, team, Kind::Volunteer, "Paul", "15265", vec![Format::Public]).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    (team, [denise, marcel, colette, lucie, paul])
}

async fn a_round_pairs_as_many_as_possible_and_explains_itself(app: TestApp) {
    let (team, [denise, marcel, colette, _, _]) = team_with_people(&app).await;
    let page = app
        .submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    assert!(page.contains("Propositions à décider (2)"), "{}", page.body);
    for (who, id) in [("Denise", denise), ("Marcel", marcel)] {
        let card = format!("Personne accompagnée : <a href=\"/personnes/{id}\">{who} Test</a> · Bénévole : <a href=");
        assert!(page.contains(&card), "each card says who is who: {card}");
    }
    assert!(
        page.contains("libres tous les deux : mardi après-midi"),
        "common slots are named as such"
    );
    assert!(
        !page.contains("même façon de se rencontrer"),
        "the preferred way of meeting is said once"
    );
    assert!(page.contains("même commune"), "the distance is given");
    assert!(page.contains("Personnes sans proposition (1)") && page.contains("Colette Test"));
    let open = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    let paired: Vec<i32> = open.iter().map(|s| s.beneficiary_id).collect();
    assert!(paired.contains(&denise) && paired.contains(&marcel) && !paired.contains(&colette));
    assert_eq!(
        app.deliver_emails().await.sent,
        0,
        "nothing reaches anyone before a coordinator approves"
    );
}

async fn approving_creates_a_proposed_pairing_and_rejecting_excludes_the_pair(app: TestApp) {
    let (team, [denise, marcel, _, _, _]) = team_with_people(&app).await;
    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let open = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    let for_denise = open.iter().find(|s| s.beneficiary_id == denise).unwrap().clone();
    let for_marcel = open.iter().find(|s| s.beneficiary_id == marcel).unwrap().clone();

    app.submit(
        "/propositions",
        &format!("/propositions/{}/approuver", for_denise.id),
        &[],
    )
    .await;
    let pairings = db::pairings::open_pairings_of(&app.db, denise).await.unwrap();
    assert_eq!(pairings.len(), 1);
    assert_eq!(pairings[0].1, for_denise.volunteer_id, "a pairing in state proposed");
    app.submit(
        "/propositions",
        &format!("/propositions/{}/rejeter", for_marcel.id),
        &[],
    )
    .await;

    let page = app
        .submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let again = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    assert!(
        again.iter().all(|s| s.beneficiary_id != denise),
        "Denise has her pairing"
    );
    assert!(
        !again
            .iter()
            .any(|s| s.beneficiary_id == marcel && s.volunteer_id == for_marcel.volunteer_id),
        "a rejected pair never comes back"
    );
    assert!(page.contains("Marcel Test"));
}

async fn the_best_volunteers_for_one_person_come_with_reasons(app: TestApp) {
    let (_, [denise, _, colette, _, _]) = team_with_people(&app).await;
    let page = app.get(&format!("/personnes/{denise}/benevoles")).await;
    assert!(
        page.contains("Lucie Test") && page.contains("Paul Test"),
        "{}",
        page.body
    );
    assert!(page.contains("points"));
    let nobody = app.get(&format!("/personnes/{colette}/benevoles")).await;
    assert!(
        nobody.contains("Personne ne convient pour l'instant"),
        "{}",
        nobody.body
    );
}

async fn a_coordinator_can_swap_for_the_next_best(app: TestApp) {
    let (team, [denise, _, _, lucie, paul]) = team_with_people(&app).await;
    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let s = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.beneficiary_id == denise)
        .unwrap();
    let other = if s.volunteer_id == lucie { paul } else { lucie };
    app.submit(
        "/propositions",
        &format!("/propositions/{}/echanger", s.id),
        &[("volunteer", &other.to_string())],
    )
    .await;
    let now = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    assert!(
        now.iter()
            .any(|s| s.beneficiary_id == denise && s.volunteer_id == other)
    );
}

async fn only_the_teams_coordinators_run_rounds(app: TestApp) {
    let (team, [denise, _, _, _, _]) = team_with_people(&app).await;
    let referent = app.new_visitor();
    referent
        .create_staff(Role::Referent, "ccas@exemple.fr", &[team], Some("CCAS"))
        .await;
    referent.login("ccas@exemple.fr", PASSWORD).await;
    assert_eq!(referent.get("/propositions").await.status, 403);
    let lyon = app.create_team("Lyon", &["69381"]).await;
    let other = app.new_visitor();
    other
        .create_staff(Role::Coordinator, "lyon@exemple.fr", &[lyon], None)
        .await;
    other.login("lyon@exemple.fr", PASSWORD).await;
    assert_eq!(other.get(&format!("/propositions?equipe={team}")).await.status, 403);
    assert_eq!(other.get(&format!("/personnes/{denise}/benevoles")).await.status, 403);
}

async fn the_admin_sets_the_weights(app: TestApp) {
    app.signed_in_admin().await;
    let bad = app
        .submit(
            "/admin/ponderations",
            "/admin/ponderations",
            &[
                ("proximity", "abc"),
                ("availability", "25"),
                ("interests", "25"),
                ("format", "10"),
                ("waiting", "10"),
            ],
        )
        .await;
    assert!(bad.contains("Indiquez un nombre entre 0 et 100.") && bad.contains("value=\"abc\""));
    assert_eq!(db::suggestions::weights(&app.db).await.unwrap(), None);
    let ok = app
        .submit(
            "/admin/ponderations",
            "/admin/ponderations",
            &[
                ("proximity", "50"),
                ("availability", "20"),
                ("interests", "20"),
                ("format", "5"),
                ("waiting", "5"),
                ("reciprocity", "0"),
            ],
        )
        .await;
    assert!(ok.contains("C'est enregistré."));
    assert_eq!(
        db::suggestions::weights(&app.db).await.unwrap(),
        Some([50.0, 20.0, 20.0, 5.0, 5.0, 0.0])
    );
}

async fn the_best_volunteers_are_kept_between_readings_and_follow_a_change_in_the_team(app: TestApp) {
    let (team, [denise, ..]) = team_with_people(&app).await;
    let top = format!("/personnes/{denise}/benevoles");
    assert!(!app.get(&top).await.contains("Odile Test"));
    // A second reading serves the instance kept: far fewer statements than building it.
    let before = app.db.statements();
    app.get(&top).await;
    let kept = app.db.statements() - before;
    // A new volunteer in the team changes its revision: the next reading shows her.
    person(&app, team, Kind::Volunteer, "Odile", "15265", vec![Format::Public]).await;
    let before = app.db.statements();
    let page = app.get(&top).await;
    let rebuilt = app.db.statements() - before;
    assert!(page.contains("Odile Test"), "{}", page.body);
    assert!(kept < rebuilt, "kept: {kept} statements, rebuilt: {rebuilt}");
}

on_both_backends!(
    a_round_pairs_as_many_as_possible_and_explains_itself,
    the_best_volunteers_are_kept_between_readings_and_follow_a_change_in_the_team,
    approving_creates_a_proposed_pairing_and_rejecting_excludes_the_pair,
    the_best_volunteers_for_one_person_come_with_reasons,
    a_coordinator_can_swap_for_the_next_best,
    only_the_teams_coordinators_run_rounds,
    the_admin_sets_the_weights
);

async fn the_volunteer_answers_the_proposal_from_the_email_link(app: TestApp) {
    let (team, [denise, marcel, _, _, _]) = team_with_people(&app).await;
    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let open = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    let to_denise = open.iter().find(|s| s.beneficiary_id == denise).unwrap().clone();
    let to_marcel = open.iter().find(|s| s.beneficiary_id == marcel).unwrap().clone();
    app.submit(
        "/propositions",
        &format!("/propositions/{}/approuver", to_denise.id),
        &[],
    )
    .await;
    app.submit(
        "/propositions",
        &format!("/propositions/{}/approuver", to_marcel.id),
        &[],
    )
    .await;
    assert_eq!(
        app.deliver_emails().await.sent,
        2,
        "each approved volunteer gets one e-mail"
    );

    let volunteer = db::people::by_id(&app.db, to_denise.volunteer_id)
        .await
        .unwrap()
        .unwrap();
    let address = volunteer.profile.email.clone().unwrap();
    let email = app.emails_to(&address).pop().unwrap();
    assert!(email.contains("binôme avec Denise, à Ydes (15)"), "{email}");
    assert!(
        !email.contains("04 71") && !email.contains("denise@"),
        "no contact details before agreement"
    );
    let link = app.link_in_last_email(&address, "/proposition/");
    let visitor = app.new_visitor();
    let page = visitor.get(&link).await;
    assert!(page.contains("avec <strong>Denise</strong>") && page.contains("mardi après-midi"));
    let accepted = crate::space::post_and_follow(&visitor, &link, &link, &[("answer", "accept")]).await;
    assert_eq!(
        (accepted.status, accepted.location.as_str()),
        (303, link.as_str()),
        "a refresh posts nothing"
    );
    assert!(
        accepted.shown.contains("Votre réponse est enregistrée") && accepted.shown.contains("Merci d'avoir accepté")
    );
    assert!(accepted.shown_again.contains("Ce lien ne marche plus"), "single use");
    assert!(!accepted.shown_again.contains("Merci d'avoir accepté"), "said once");
    assert_eq!(
        visitor.get("/espace").await.path,
        "/espace/connexion",
        "the link opens no session"
    );
    let pairing = db::pairings::open_pairings_of(&app.db, denise).await.unwrap()[0].0;
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        binome::domain::pairing::State::Accepted
    );

    // The other volunteer declines, with a private word: the pair is never proposed again.
    let other = db::people::by_id(&app.db, to_marcel.volunteer_id)
        .await
        .unwrap()
        .unwrap()
        .profile
        .email
        .unwrap();
    let link = app.link_in_last_email(&other, "/proposition/");
    let declined = app
        .new_visitor()
        .submit(
            &link,
            &link,
            &[("answer", "decline"), ("reason", "Trop loin pour moi en hiver")],
        )
        .await;
    assert!(declined.contains("C'est noté"));
    assert!(
        db::pairings::open_pairings_of(&app.db, marcel)
            .await
            .unwrap()
            .is_empty(),
        "Marcel is back in the next round"
    );
    assert!(
        db::suggestions::excluded_pairs(&app.db)
            .await
            .unwrap()
            .contains(&(marcel, to_marcel.volunteer_id))
    );
}

on_both_backends!(the_volunteer_answers_the_proposal_from_the_email_link);

async fn a_binome_goes_from_agreement_to_active_and_ends_kindly(app: TestApp) {
    let (team, [denise, _, _, _, _]) = team_with_people(&app).await;
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
    let volunteer = db::people::by_id(&app.db, s.volunteer_id).await.unwrap().unwrap();
    let v_address = volunteer.profile.email.clone().unwrap();
    let link = app.link_in_last_email(&v_address, "/proposition/");
    app.new_visitor().submit(&link, &link, &[("answer", "accept")]).await;

    let pairing = db::pairings::open_pairings_of(&app.db, denise).await.unwrap()[0].0;
    let page = format!("/binomes/{pairing}");
    assert!(app.get("/propositions").await.contains(&format!("href=\"{page}\"")));
    let mut fields = crate::meeting::free_place(&app, "Médiathèque de Ydes");
    let day = std::mem::take(&mut fields[0].1);
    let missing = crate::meeting::post_meeting(&app, pairing, "accord", &fields).await;
    assert!(missing.contains("Indiquez le jour de la rencontre.") && missing.contains("value=\"Médiathèque de Ydes\""));
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        binome::domain::pairing::State::Accepted
    );
    fields[0].1 = day;
    crate::meeting::post_meeting(&app, pairing, "accord", &fields).await;
    app.deliver_emails().await;
    let to_volunteer = app.emails_to(&v_address).pop().unwrap();
    let (_, _, at) = crate::meeting::upcoming(&app, 7, chrono::Weekday::Tue, 15);
    let when = binome::domain::meeting::when_words(at);
    assert!(
        to_volunteer.contains("e-mail : denise@exemple.fr")
            && to_volunteer.contains(&format!("{when}, Médiathèque de Ydes")),
        "{to_volunteer}"
    );
    let to_denise = app.emails_to("denise@exemple.fr").pop().unwrap();
    assert!(to_denise.contains(&format!("e-mail : {v_address}")));

    app.submit(&page, &format!("{page}/rencontre"), &[]).await;
    let record = app.get(&page).await;
    assert!(record.contains("en cours") && record.contains("première rencontre faite"));
    app.submit(
        &page,
        &format!("{page}/etat"),
        &[("action", "end"), ("asked_by", "person"), ("reason", "préfère arrêter")],
    )
    .await;
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        binome::domain::pairing::State::Ended
    );
    app.deliver_emails().await;
    let told = app.emails_to(&v_address).pop().unwrap();
    assert!(
        told.contains("Le binôme avec Denise s'arrête.") && !told.contains("préfère arrêter"),
        "told kindly, without the reason"
    );
    let own = app.emails_to("denise@exemple.fr").pop().unwrap();
    assert!(
        own.contains("Comme vous l'avez demandé") && !own.contains("Cela arrive"),
        "the side who asked gets a confirmation, not the kind notice"
    );
}

on_both_backends!(a_binome_goes_from_agreement_to_active_and_ends_kindly);

async fn tampered_or_foreign_links_change_nothing(app: TestApp) {
    let (team, [denise, _, _, _, _]) = team_with_people(&app).await;
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
        .unwrap();
    let link = app.link_in_last_email(&address, "/proposition/");
    let pairing = db::pairings::open_pairings_of(&app.db, denise).await.unwrap()[0].0;
    let state = || async { db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state };

    // One character changed (never the same one).
    let flipped = if link.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{flipped}", &link[..link.len() - 1]);
    let visitor = app.new_visitor();
    let token = visitor.get("/connexion").await.csrf_token();
    for bad in [tampered.as_str(), "/proposition/nimportequoi"] {
        let page = visitor.get(bad).await;
        assert!(page.contains("Ce lien ne marche plus"), "{bad}");
        let posted = visitor
            .post_raw(bad, &[("answer", "decline"), ("authenticity_token", &token)])
            .await;
        assert!(posted.contains("Ce lien ne marche plus"));
    }
    // A sign-in link of the same volunteer cannot answer the proposal.
    visitor
        .submit("/espace/connexion", "/espace/connexion", &[("email", &address)])
        .await;
    app.deliver_emails().await;
    let sign_in = app.link_in_last_email(&address, "/espace/lien/");
    let foreign = format!("/proposition/{}", sign_in.rsplit('/').next().unwrap());
    let posted = visitor
        .post_raw(&foreign, &[("answer", "accept"), ("authenticity_token", &token)])
        .await;
    assert!(posted.contains("Ce lien ne marche plus"));
    assert_eq!(
        state().await,
        binome::domain::pairing::State::Proposed,
        "nothing changed"
    );
    // The real link still works, once.
    assert!(
        visitor
            .submit(&link, &link, &[("answer", "accept")])
            .await
            .contains("Merci d'avoir accepté")
    );
}

on_both_backends!(tampered_or_foreign_links_change_nothing);
