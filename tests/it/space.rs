//! The personal space: sign-in link, profile, pause, leaving, re-consent.

use crate::helpers::{Page, TestApp};
use crate::on_both_backends;
use crate::signup::{sign_up, volunteer_fields};
use binome::db::{self, pairings::Notices, people};
use binome::domain::link::Purpose;
use binome::domain::pairing::{Action, Job, Plan};
use binome::domain::person::Status;
use binome::secret::sha256_hex;
use std::sync::Arc;

/// What a browser sees when it posts a form: the answer itself (not followed), then the page
/// it is sent to, then that page again (a refresh).
pub struct Answered {
    pub status: u16,
    pub location: String,
    pub shown: Page,
    pub shown_again: Page,
}

/// Opens `page` as `app`'s user agent, posts its form to `action`, and follows the answer
/// by hand, with the same cookies.
pub async fn post_and_follow(app: &TestApp, page: &str, action: &str, fields: &[(&str, &str)]) -> Answered {
    let token = app.get(page).await.csrf_token();
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let url: reqwest::Url = app.address.parse().unwrap();
    for (name, value) in app.cookies() {
        jar.add_cookie_str(&format!("{name}={value}; Path=/"), &url);
    }
    let poster = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let reader = reqwest::Client::builder().cookie_provider(jar).build().unwrap();
    let mut all = fields.to_vec();
    all.push(("authenticity_token", &token));
    let answer = poster.post(app.url(action)).form(&all).send().await.unwrap();
    let location = answer
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let status = answer.status().as_u16();
    let read = |response: reqwest::Response| async move {
        let (status, path) = (response.status().as_u16(), response.url().path().to_string());
        Page {
            status,
            path,
            body: response.text().await.unwrap(),
        }
    };
    let shown = read(reader.get(app.url(&location)).send().await.unwrap()).await;
    let shown_again = read(reader.get(app.url(&location)).send().await.unwrap()).await;
    Answered {
        status,
        location,
        shown,
        shown_again,
    }
}

/// Marcelle, reached by phone, in a binôme under way with Lucie; her next check-in is due at
/// `checkin_at`. Returns the pairing.
async fn marcelle_paired_with(app: &TestApp, lucie: i32, checkin_at: i64) -> i32 {
    let team = db::teams::list(&app.db).await.unwrap()[0].id;
    let mut marcelle = db::people::by_id(&app.db, lucie).await.unwrap().unwrap().profile;
    marcelle.first_name = "Marcelle".into();
    marcelle.email = None;
    marcelle.contact_channel = binome::domain::profile::ContactChannel::Phone;
    marcelle.phone = Some("0471401234".into());
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let consent = db::people::NewConsent::online(&charter);
    let new = db::people::NewPerson {
        kind: binome::domain::person::Kind::Beneficiary,
        status: Status::Waiting,
        team_id: Some(team),
        referent_id: None,
        profile: &marcelle,
        consent: &consent,
        token: None,
        emails: vec![],
        submission_key: None,
        waiting_since: Some(0),
    };
    let marcelle_id = db::people::create(&app.db, new, 0).await.unwrap();
    db::suggestions::replace_round(
        &app.db,
        team,
        "r1",
        &[db::suggestions::NewSuggestion {
            beneficiary_id: marcelle_id,
            volunteer_id: lucie,
            score: 70.0,
            distance_km: 3.0,
            mode: "in_person".into(),
            reasons: vec![],
        }],
        0,
    )
    .await
    .unwrap();
    let suggestion = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .remove(0);
    let id = db::suggestions::approve(&app.db, &suggestion, 1, "test", None, 0)
        .await
        .unwrap()
        .unwrap();
    let pairing = db::pairings::pairing(&app.db, id).await.unwrap().unwrap();
    let actions = [Action::Accept, Action::Agree, Action::Introduce, Action::Activate];
    let mut plan = Plan::steps(pairing.binome(), &actions, "test", None, 0).unwrap();
    plan.schedule = vec![Job::CheckIn {
        number: 1,
        at: checkin_at,
    }];
    assert!(
        db::pairings::write(&app.db, &plan, &Notices::default(), 0)
            .await
            .unwrap()
    );
    id
}

/// Lucie signs up, then opens her space through an e-mailed link.
async fn lucie_in_her_space(app: &TestApp) -> i32 {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    sign_up(app, &volunteer_fields("lucie@exemple.fr")).await;
    let sent = app
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "lucie@exemple.fr")],
        )
        .await;
    assert!(sent.contains("Si cette adresse est inscrite"));
    app.deliver_emails().await;
    let link = app.link_in_last_email("lucie@exemple.fr", "/espace/lien/");
    let home = app.submit(&link, &link, &[]).await;
    assert_eq!(home.path, "/espace", "{}", home.body);
    db::people::by_email(&app.db, "lucie@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn a_sign_in_link_opens_the_space_once(app: TestApp) {
    let id = lucie_in_her_space(&app).await;
    let page = app.get("/espace").await;
    assert!(page.contains("Bonjour Lucie"));
    // The link confirmed the address too.
    assert_eq!(
        db::people::by_id(&app.db, id).await.unwrap().unwrap().status,
        Status::ToValidate
    );
    let link = app.link_in_last_email("lucie@exemple.fr", "/espace/lien/");
    let again = app.new_visitor().submit("/espace/connexion", &link, &[]).await;
    assert!(again.contains("Ce lien ne marche plus"));
    // A used link says so at once, before any button.
    let opened = app.new_visitor().get(&link).await;
    assert!(opened.contains("Ce lien ne marche plus") && !opened.contains("Entrer dans mon espace"));
    assert_eq!(app.new_visitor().get("/espace").await.path, "/espace/connexion");
}

async fn an_unknown_address_gets_the_same_answer_and_no_mail(app: TestApp) {
    let page = app
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "personne@exemple.fr")],
        )
        .await;
    assert!(page.contains("Si cette adresse est inscrite"));
    assert_eq!(app.deliver_emails().await.sent, 0);
    let bad = app
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "pas-une-adresse")],
        )
        .await;
    assert!(bad.contains("Cette adresse e-mail n'est pas valide") && bad.contains("value=\"pas-une-adresse\""));
}

async fn sign_in_links_expire_after_ten_minutes(app: TestApp) {
    let id = lucie_in_her_space(&app).await;
    let now = binome::epoch_ms(chrono::Utc::now());
    let token = people::NewToken {
        purpose: Purpose::SignIn,
        token_sha256: sha256_hex("jeton"),
        expires_at: now + 10 * 60_000,
    };
    let email = binome::mail::emails::sign_in("lucie@exemple.fr", "Lucie", "http://x", "k".into()).unwrap();
    db::people::send_link(&app.db, id, token, email, now).await.unwrap();
    let later = now + 11 * 60_000;
    assert_eq!(
        db::people::consume_token(&app.db, &sha256_hex("jeton"), Purpose::SignIn, later)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        db::people::consume_token(&app.db, &sha256_hex("jeton"), Purpose::SignIn, now + 60_000)
            .await
            .unwrap(),
        Some(id)
    );
}

async fn a_volunteer_edits_availability_and_bad_input_is_kept(app: TestApp) {
    let id = lucie_in_her_space(&app).await;
    let form = app.get("/espace/profil").await;
    assert!(form.contains("value=\"1-1\" checked"), "the stored grid is shown");
    let fields = [
        ("first_name", "Lucie"),
        ("last_name", "Martin"),
        ("commune", "Mauriac (15)"),
        ("slots", "5-0"),
        ("slots", "6-2"),
        ("languages", "fr"),
        ("rank_phone", "1"),
        ("radius_km", "500"),
        ("travel", "foot"),
        ("capacity", "1"),
    ];
    let refused = app.submit("/espace/profil", "/espace/profil", &fields).await;
    assert!(refused.contains("La distance doit être comprise entre 0 et 100 km."));
    assert!(refused.contains("value=\"5-0\" checked") && refused.contains("value=\"500\""));
    let mut good = fields.to_vec();
    good.retain(|(k, _)| *k != "radius_km");
    good.push(("radius_km", "20"));
    let saved = app.submit("/espace/profil", "/espace/profil", &good).await;
    assert_eq!(saved.path, "/espace", "back to her space");
    assert!(saved.contains("Votre profil est enregistré."));
    let stored = db::people::by_id(&app.db, id).await.unwrap().unwrap();
    assert_eq!(stored.profile.slots.describe(), "samedi matin, dimanche soirée");
    assert_eq!(stored.profile.radius_km, Some(20));
    assert_eq!(stored.profile.email.as_deref(), Some("lucie@exemple.fr"));
}

async fn leaving_withdraws_consent_and_ends_the_session(app: TestApp) {
    let id = lucie_in_her_space(&app).await;
    let confirm = app.get("/espace/arreter").await;
    assert!(confirm.contains("Vous n'avez pas besoin de dire pourquoi."));
    let done = app.submit("/espace/arreter", "/espace/arreter", &[]).await;
    assert!(done.contains("C'est noté"));
    assert_eq!(
        app.get("/espace/arreter").await.path,
        "/espace/connexion",
        "said once; nothing to stop any more"
    );
    let person = db::people::by_id(&app.db, id).await.unwrap().unwrap();
    assert_eq!(person.status, Status::Left);
    let consents = db::people::consents(&app.db, id).await.unwrap();
    assert_eq!(
        consents[0].withdrawn_by.as_deref(),
        Some("Lucie Martin, bénévole, depuis son espace")
    );
    assert_eq!(app.get("/espace").await.path, "/espace/connexion");
}

async fn a_new_material_charter_asks_for_consent_again(app: TestApp) {
    let id = lucie_in_her_space(&app).await;
    assert!(!app.get("/espace").await.contains("La charte a changé"));
    let now = binome::epoch_ms(chrono::Utc::now());
    let draft = db::charters::create_draft(&app.db, "Charte", "Texte 2", "Texte facile 2", now)
        .await
        .unwrap();
    assert!(
        db::charters::publish(&app.db, draft, true, Some(now + 86_400_000), now)
            .await
            .unwrap()
    );
    assert!(app.get("/espace").await.contains("La charte a changé"));
    let refused = app.submit("/espace/charte", "/espace/charte", &[]).await;
    assert!(refused.contains("Cochez la case pour accepter la nouvelle charte"));
    app.submit("/espace/charte", "/espace/charte", &[("charter_accepted", "oui")])
        .await;
    assert!(!app.get("/espace").await.contains("La charte a changé"));
    assert_eq!(db::people::consents(&app.db, id).await.unwrap().len(), 2);
}

on_both_backends!(
    a_sign_in_link_opens_the_space_once,
    an_unknown_address_gets_the_same_answer_and_no_mail,
    sign_in_links_expire_after_ten_minutes,
    a_volunteer_edits_availability_and_bad_input_is_kept,
    leaving_withdraws_consent_and_ends_the_session,
    a_new_material_charter_asks_for_consent_again
);

async fn when_a_volunteer_leaves_the_other_side_is_told_kindly(app: TestApp) {
    let lucie = lucie_in_her_space(&app).await;
    let team = db::teams::list(&app.db).await.unwrap()[0].id;
    // Marcel, waiting, with an e-mail address, was paired with Lucie.
    let mut marcel = db::people::by_id(&app.db, lucie).await.unwrap().unwrap().profile;
    marcel.first_name = "Marcel".into();
    marcel.email = binome::domain::account::Email::parse("marcel@exemple.fr").ok();
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let consent = db::people::NewConsent::online(&charter);
    let new = db::people::NewPerson {
        kind: binome::domain::person::Kind::Beneficiary,
        status: Status::Waiting,
        team_id: Some(team),
        referent_id: None,
        profile: &marcel,
        consent: &consent,
        token: None,
        emails: vec![],
        submission_key: None,
        waiting_since: Some(0),
    };
    let marcel_id = db::people::create(&app.db, new, 0).await.unwrap();
    db::suggestions::replace_round(
        &app.db,
        team,
        "r1",
        &[db::suggestions::NewSuggestion {
            beneficiary_id: marcel_id,
            volunteer_id: lucie,
            score: 70.0,
            distance_km: 3.0,
            mode: "in_person".into(),
            reasons: vec![],
        }],
        0,
    )
    .await
    .unwrap();
    let suggestion = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .remove(0);
    db::suggestions::approve(&app.db, &suggestion, 1, "test", None, 0)
        .await
        .unwrap()
        .unwrap();

    app.submit("/espace/arreter", "/espace/arreter", &[]).await;
    assert!(
        db::pairings::open_pairings_of(&app.db, marcel_id)
            .await
            .unwrap()
            .is_empty(),
        "the pairing ended"
    );
    app.deliver_emails().await;
    let notice = app.emails_to("marcel@exemple.fr").pop().expect("Marcel is told");
    assert!(notice.contains("Le binôme avec Lucie s'arrête."));
    assert!(notice.contains("sans avoir à donner de raison"));
    assert!(!notice.to_lowercase().contains("parce que"), "no reason is given");
}

on_both_backends!(when_a_volunteer_leaves_the_other_side_is_told_kindly);

async fn when_a_volunteer_stops_a_person_without_email_is_called_not_forgotten(app: TestApp) {
    let lucie = lucie_in_her_space(&app).await;
    let team = db::teams::list(&app.db).await.unwrap()[0].id;
    // Marcelle, waiting, reached by phone only, was paired with Lucie.
    let mut marcelle = db::people::by_id(&app.db, lucie).await.unwrap().unwrap().profile;
    marcelle.first_name = "Marcelle".into();
    marcelle.email = None;
    marcelle.contact_channel = binome::domain::profile::ContactChannel::Phone;
    marcelle.phone = Some("0471401234".into());
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let consent = db::people::NewConsent::online(&charter);
    let new = db::people::NewPerson {
        kind: binome::domain::person::Kind::Beneficiary,
        status: Status::Waiting,
        team_id: Some(team),
        referent_id: None,
        profile: &marcelle,
        consent: &consent,
        token: None,
        emails: vec![],
        submission_key: None,
        waiting_since: Some(0),
    };
    let marcelle_id = db::people::create(&app.db, new, 0).await.unwrap();
    db::suggestions::replace_round(
        &app.db,
        team,
        "r1",
        &[db::suggestions::NewSuggestion {
            beneficiary_id: marcelle_id,
            volunteer_id: lucie,
            score: 70.0,
            distance_km: 3.0,
            mode: "in_person".into(),
            reasons: vec![],
        }],
        0,
    )
    .await
    .unwrap();
    let suggestion = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .remove(0);
    let pairing = db::suggestions::approve(&app.db, &suggestion, 1, "test", None, 0)
        .await
        .unwrap()
        .unwrap();

    app.submit("/espace/arreter", "/espace/arreter", &[]).await;
    assert!(
        db::pairings::open_pairings_of(&app.db, marcelle_id)
            .await
            .unwrap()
            .is_empty(),
        "the pairing ended"
    );

    // The coordinator sees the call to make, with the words to say, on the desk and the sheet.
    let coordinator = app.new_visitor();
    app.create_staff(
        binome::domain::account::Role::Coordinator,
        "coordination@exemple.fr",
        &[team],
        None,
    )
    .await;
    coordinator
        .login("coordination@exemple.fr", crate::helpers::PASSWORD)
        .await;
    let desk = coordinator.get(&format!("/tableau-de-bord?equipe={team}")).await;
    assert!(desk.contains("À prévenir par téléphone"), "{}", desk.body);
    assert!(
        desk.contains("À prévenir : Lucie a arrêté : le binôme s&#x27;arrête")
            || desk.contains("À prévenir : Lucie a arrêté : le binôme s'arrête")
    );
    assert!(desk.contains("Ce n&#x27;est pas à cause de vous") || desk.contains("Ce n'est pas à cause de vous"));
    let sheet = coordinator.get(&format!("/tableau-de-bord/appels?equipe={team}")).await;
    assert!(
        sheet.contains("À prévenir (1)")
            && sheet.contains("Marcelle")
            && sheet.contains("04\u{a0}71\u{a0}40\u{a0}12\u{a0}34")
    );
    // The timeline names who stopped, and how.
    let binome = coordinator.get(&format!("/binomes/{pairing}")).await;
    assert!(
        binome.contains("Lucie Martin, bénévole, depuis son espace"),
        "{}",
        binome.body
    );
    assert!(!binome.contains("par la personne elle-même"));
    // Recording the call closes the task.
    let alert = db::checkins::open_alerts(&app.db, &[team])
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.kind == binome::domain::alert::AlertKind::ToTell)
        .expect("a call task");
    assert_eq!(alert.person_id, Some(marcelle_id));
    let page = format!("/tableau-de-bord?equipe={team}");
    coordinator
        .submit(&page, &format!("/alertes/{}/fermer", alert.id), &[])
        .await;
    assert!(
        db::checkins::open_alerts(&app.db, &[team])
            .await
            .unwrap()
            .iter()
            .all(|a| a.kind != binome::domain::alert::AlertKind::ToTell)
    );
}

on_both_backends!(when_a_volunteer_stops_a_person_without_email_is_called_not_forgotten);

async fn her_space_shows_her_binome_with_the_next_check_in(app: TestApp) {
    let lucie = lucie_in_her_space(&app).await;
    db::people::change_status(&app.db, lucie, Status::ToValidate, Status::Approved, 0)
        .await
        .unwrap();
    assert!(
        app.get("/espace")
            .await
            .contains("Vous recevrez une proposition de binôme")
    );
    let checkin_at = binome::epoch_ms(chrono::Utc::now()) + 14 * 86_400_000;
    marcelle_paired_with(&app, lucie, checkin_at).await;
    let home = app.get("/espace").await;
    assert!(!home.contains("Vous recevrez une proposition"), "she is already paired");
    assert!(home.contains("Marcelle, Mauriac (15)"), "{}", home.body);
    assert!(home.contains("<dd>en cours</dd>"));
    let next = format!(
        "Prochain point de suivi</dt><dd>le {}",
        binome::domain::dates::french_date(checkin_at)
    );
    assert!(home.contains(&next), "{}", home.body);
    assert!(home.contains("Antenne de Mauriac : l'équipe vous appellera"));
    assert!(
        !home.contains("04 71") && !home.contains("0471"),
        "no phone number of hers"
    );

    // Once the team gave its number, she can call it from her phone.
    let team = db::teams::list(&app.db).await.unwrap().remove(0).id;
    let contact = db::teams::Contact {
        phone: Some("0555123456".into()),
        email: None,
    };
    db::teams::set_contact(&app.db, team, &contact).await.unwrap();
    let home = app.get("/espace").await;
    let number = "Antenne de Mauriac : pour joindre l'équipe, <a href=\"tel:0555123456\">05\u{a0}55\u{a0}12\u{a0}34\u{a0}56</a>.";
    assert!(home.contains(number), "{}", home.body);
}

async fn the_stop_page_names_the_binome_that_ends_and_answers_once(app: TestApp) {
    let lucie = lucie_in_her_space(&app).await;
    marcelle_paired_with(&app, lucie, 14 * 86_400_000).await;
    let asked = app.get("/espace/arreter").await;
    assert!(
        asked.contains("votre binôme avec Marcelle s'arrête aussi ; l'équipe préviendra Marcelle"),
        "{}",
        asked.body
    );
    let stopped = post_and_follow(&app, "/espace/arreter", "/espace/arreter", &[]).await;
    assert_eq!((stopped.status, stopped.location.as_str()), (303, "/espace/arreter"));
    assert!(stopped.shown.contains("C'est noté") && stopped.shown.contains("Vous avez arrêté."));
    assert_eq!(
        stopped.shown_again.path, "/espace/connexion",
        "a refresh neither stops again nor says it again"
    );
    assert_eq!(
        db::people::by_id(&app.db, lucie).await.unwrap().unwrap().status,
        Status::Left
    );
}

async fn each_action_of_the_space_redirects_and_says_once_what_happened(app: TestApp) {
    let lucie = lucie_in_her_space(&app).await;
    db::people::change_status(&app.db, lucie, Status::ToValidate, Status::Approved, 0)
        .await
        .unwrap();
    let paused = post_and_follow(&app, "/espace", "/espace/pause", &[]).await;
    assert_eq!((paused.status, paused.location.as_str()), (303, "/espace"));
    assert!(
        paused
            .shown
            .contains("Vous êtes en pause : l'équipe ne vous fera aucune nouvelle proposition.")
    );
    assert!(
        !paused
            .shown_again
            .contains("l'équipe ne vous fera aucune nouvelle proposition"),
        "said once"
    );
    let resumed = post_and_follow(&app, "/espace", "/espace/reprendre", &[]).await;
    assert_eq!((resumed.status, resumed.location.as_str()), (303, "/espace"));
    assert!(resumed.shown.contains("Vous avez repris."));
    assert!(!resumed.shown_again.contains("Vous avez repris."));
    assert_eq!(
        db::people::by_id(&app.db, lucie).await.unwrap().unwrap().status,
        Status::Approved
    );

    let fields = [
        ("first_name", "Lucie"),
        ("last_name", "Martin"),
        ("commune", "Mauriac (15)"),
        ("slots", "5-0"),
        ("languages", "fr"),
        ("rank_phone", "1"),
        ("radius_km", "20"),
        ("travel", "foot"),
        ("capacity", "1"),
    ];
    let saved = post_and_follow(&app, "/espace/profil", "/espace/profil", &fields).await;
    assert_eq!((saved.status, saved.location.as_str()), (303, "/espace"));
    assert!(saved.shown.contains("Votre profil est enregistré."));
    assert!(!saved.shown_again.contains("Votre profil est enregistré."));

    let asked = post_and_follow(
        &app,
        "/espace/connexion",
        "/espace/connexion",
        &[("email", "lucie@exemple.fr")],
    )
    .await;
    // She asked for her link moments ago: the answer says so, after a redirect too.
    assert_eq!(
        (asked.status, asked.location.as_str()),
        (303, "/espace/connexion?envoye=deja")
    );
    assert!(
        asked
            .shown
            .contains("Si cette adresse est inscrite, vous allez recevoir un e-mail avec un lien.")
    );
    assert!(asked.shown.contains("Un lien a déjà été demandé il y a peu."));
    assert!(
        asked.shown_again.contains("Si cette adresse est inscrite"),
        "a refresh shows the same answer, posting nothing"
    );
    // Bad input is not redirected: the form comes back with what was typed.
    let bad = post_and_follow(&app, "/espace/connexion", "/espace/connexion", &[("email", "lucie@")]).await;
    assert_eq!(bad.status, 200);
}

on_both_backends!(
    her_space_shows_her_binome_with_the_next_check_in,
    the_stop_page_names_the_binome_that_ends_and_answers_once,
    each_action_of_the_space_redirects_and_says_once_what_happened
);
