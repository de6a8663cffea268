//! A référent or a coordinator signs up an isolated person with them; who may see whom.

use crate::helpers::{PASSWORD, TestApp, insee};
use crate::on_both_backends;
use binome::db::{self, DbError, people::Scope};
use binome::domain::account::{Email, Role};
use binome::domain::consent::ConsentMethod;
use binome::domain::person::{Kind, Status};
use binome::domain::profile::{ContactChannel, Field, Profile};

pub(crate) fn person_fields(consent: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(&str, &str)> = vec![
        ("first_name", "Denise"),
        ("last_name", "Delort"),
        ("contact_channel", "phone"),
        ("phone", "04 71 00 00 00"),
        ("commune", "Ydes (15)"),
        ("slots", "0-0"),
        ("slots", "2-1"),
        ("languages", "fr"),
        ("interests", "2"),
        ("rank_public", "1"),
        ("rank_home", "2"),
        ("wants_gender", "f"),
        ("isolation", "8"),
        ("submission_key", "denise-1"),
    ];
    fields.extend_from_slice(consent);
    fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub(crate) async fn sign_up(app: &TestApp, fields: &[(String, String)]) -> crate::helpers::Page {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.submit("/personnes/inscrire", "/personnes/inscrire", &borrowed)
        .await
}

async fn beneficiaries(app: &TestApp) -> Vec<db::people::Person> {
    db::people::list(&app.db, Scope::All, Some(Kind::Beneficiary), &[])
        .await
        .unwrap()
}

/// A team covering Mauriac and Ydes, and a référent of the CCAS of Ydes, signed in.
async fn referent(app: &TestApp) -> i32 {
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    app.create_staff(Role::Referent, "ccas@exemple.fr", &[team], Some("CCAS de Ydes"))
        .await;
    app.login("ccas@exemple.fr", PASSWORD).await;
    team
}

async fn a_referent_records_oral_consent_and_the_person_waits(app: TestApp) {
    referent(&app).await;
    let page = sign_up(
        &app,
        &person_fields(&[
            ("consent_method", "assisted"),
            ("attester_name", "Julie Vidal"),
            ("attested_on", "2026-11-20"),
        ]),
    )
    .await;
    assert!(page.path.starts_with("/personnes/"), "{}", page.body);
    assert!(page.contains("est inscrite sur la liste d'attente"));
    assert!(page.contains("accord oral attesté") && page.contains("Julie Vidal, le 20 novembre 2026"));
    let people = beneficiaries(&app).await;
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].status, Status::Waiting);
    assert!(people[0].waiting_since.is_some());
    let consents = db::people::consents(&app.db, people[0].id).await.unwrap();
    assert_eq!(consents[0].method, ConsentMethod::Assisted);
    assert_eq!(consents[0].attester_name.as_deref(), Some("Julie Vidal"));
    let (journal, _) = db::audit::list(&app.db, Some(people[0].id), 0, 10).await.unwrap();
    assert!(
        journal
            .iter()
            .any(|e| e.detail.as_deref() == Some("inscription accompagnée")),
        "the sign-up is in the journal"
    );
}

async fn the_person_can_sign_online_with_the_referent(app: TestApp) {
    referent(&app).await;
    let missing = sign_up(&app, &person_fields(&[("consent_method", "online")])).await;
    assert!(missing.contains("La personne doit lire la charte et cocher la case"));
    assert!(beneficiaries(&app).await.is_empty());
    let page = sign_up(
        &app,
        &person_fields(&[("consent_method", "online"), ("charter_accepted", "oui")]),
    )
    .await;
    assert!(page.contains("en ligne"));
    assert_eq!(
        db::people::consents(&app.db, beneficiaries(&app).await[0].id)
            .await
            .unwrap()[0]
            .method,
        ConsentMethod::Online
    );
}

async fn paper_signatures_are_attested_by_coordinators_only(app: TestApp) {
    let team = referent(&app).await;
    let refused = sign_up(
        &app,
        &person_fields(&[
            ("consent_method", "paper"),
            ("attester_name", "Julie"),
            ("attested_on", "2026-11-20"),
        ]),
    )
    .await;
    assert!(refused.contains("Seul·e un·e coordinateur·rice peut attester une signature sur papier."));
    assert!(refused.contains("value=\"Denise\""), "typed values kept");
    assert!(beneficiaries(&app).await.is_empty());

    let coordinator = app.new_visitor();
    coordinator
        .create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;
    coordinator.login("coordination@exemple.fr", PASSWORD).await;
    let fields = person_fields(&[
        ("consent_method", "paper"),
        ("attester_name", "Sophie Delmas"),
        ("attested_on", "2026-11-21"),
    ]);
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let page = coordinator
        .submit("/personnes/inscrire", "/personnes/inscrire", &borrowed)
        .await;
    assert!(page.contains("sur papier"), "{}", page.body);
}

async fn bad_consent_and_contact_input_is_explained_and_kept(app: TestApp) {
    referent(&app).await;
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[], "Choisissez comment la personne donne son accord."),
        (
            &[
                ("consent_method", "assisted"),
                ("attester_name", ""),
                ("attested_on", "2026-11-20"),
            ],
            "Indiquez le nom de la personne qui atteste",
        ),
        (
            &[
                ("consent_method", "assisted"),
                ("attester_name", "Julie"),
                ("attested_on", "2099-01-01"),
            ],
            "La date de l'accord ne peut pas être dans le futur.",
        ),
        (
            &[
                ("consent_method", "assisted"),
                ("attester_name", "Julie"),
                ("attested_on", "hier"),
            ],
            "Indiquez la date de l'accord",
        ),
    ];
    for (consent, message) in cases {
        let page = sign_up(&app, &person_fields(consent)).await;
        assert!(page.contains(message), "{message}");
        assert!(page.contains("value=\"Delort\"") && page.contains("value=\"2-1\" checked"));
    }
    let no_phone: Vec<(String, String)> = person_fields(&[("consent_method", "online"), ("charter_accepted", "oui")])
        .into_iter()
        .filter(|(k, _)| k != "phone")
        .collect();
    assert!(
        sign_up(&app, &no_phone)
            .await
            .contains("Indiquez un numéro de téléphone.")
    );
    let bad_age: Vec<(String, String)> = person_fields(&[
        ("consent_method", "online"),
        ("charter_accepted", "oui"),
        ("wants_age_min", "70"),
        ("wants_age_max", "30"),
    ]);
    assert!(
        sign_up(&app, &bad_age)
            .await
            .contains("Indiquez des âges entre 18 et 120 ans")
    );
    assert!(beneficiaries(&app).await.is_empty());
}

async fn a_referent_sees_only_their_people_and_a_coordinator_only_their_team(app: TestApp) {
    let mauriac = referent(&app).await;
    sign_up(
        &app,
        &person_fields(&[("consent_method", "online"), ("charter_accepted", "oui")]),
    )
    .await;
    let denise = beneficiaries(&app).await[0].id;
    let record = format!("/personnes/{denise}");
    assert_eq!(app.get(&record).await.status, 200);

    let other_referent = app.new_visitor();
    other_referent
        .create_staff(
            Role::Referent,
            "autre@exemple.fr",
            &[mauriac],
            Some("Mairie de Mauriac"),
        )
        .await;
    other_referent.login("autre@exemple.fr", PASSWORD).await;
    assert_eq!(other_referent.get(&record).await.status, 403);
    assert!(!other_referent.get("/personnes").await.contains("Denise"));

    let lyon = app.create_team("Centre social de Lyon", &["69381"]).await;
    let other_team = app.new_visitor();
    other_team
        .create_staff(Role::Coordinator, "lyon@exemple.fr", &[lyon], None)
        .await;
    other_team.login("lyon@exemple.fr", PASSWORD).await;
    assert_eq!(other_team.get(&record).await.status, 403);
    assert_eq!(
        other_team.post_raw(&format!("{record}/retrait"), &[]).await.status,
        403,
        "no token: refused anyway"
    );
    assert!(!other_team.get("/personnes").await.contains("Denise"));

    let own_team = app.new_visitor();
    own_team
        .create_staff(Role::Coordinator, "coordination@exemple.fr", &[mauriac], None)
        .await;
    own_team.login("coordination@exemple.fr", PASSWORD).await;
    assert!(own_team.get("/personnes").await.contains("Denise Delort"));
    let missing = own_team.get("/personnes/999999").await;
    assert_eq!(missing.status, 404);
    assert!(missing.contains("Page introuvable"));
    assert!(
        missing.contains("Tableau de bord") && missing.contains("Se déconnecter"),
        "the error page keeps the signed-in header"
    );
    let token = missing.csrf_token();
    assert!(!token.is_empty(), "signing out from the error page works");
    let out = own_team
        .post_raw("/deconnexion", &[("authenticity_token", &token)])
        .await;
    assert!(out.status < 400, "signed out: {}", out.status);
    assert!(
        !own_team.get("/personnes/999999").await.contains("Se déconnecter"),
        "a visitor's error page has no staff menu"
    );
}

async fn staff_record_a_withdrawal_and_everything_scheduled_is_cancelled(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    crate::signup::sign_up(&app, &crate::signup::volunteer_fields("lucie@exemple.fr")).await;
    let lucie = db::people::by_email(&app.db, "lucie@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    // The confirmation e-mail has not gone yet when Lucie changes her mind by phone.
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    let record = format!("/personnes/{}", lucie.id);
    let confirm = app.get(&format!("{record}/retrait")).await;
    assert!(confirm.contains("Cette action ne peut pas être annulée"));
    app.submit(&format!("{record}/retrait"), &format!("{record}/retrait"), &[])
        .await;

    let after = db::people::by_id(&app.db, lucie.id).await.unwrap().unwrap();
    assert_eq!(after.status, Status::Left);
    let consents = db::people::consents(&app.db, lucie.id).await.unwrap();
    assert!(consents.iter().all(|c| c.withdrawn_at.is_some()));
    assert_eq!(app.deliver_emails().await.sent, 0, "the pending e-mail is cancelled");
    assert!(app.emails_to("lucie@exemple.fr").is_empty());
    let outbox = db::outbox::for_person(&app.db, lucie.id).await.unwrap();
    assert!(outbox.iter().all(|(status, _, _)| status == "cancelled"));
    assert!(
        app.get(&record).await.contains("Coordinat"),
        "the log says who recorded it"
    );
}

async fn an_address_already_used_is_refused_beside_the_email_field_keeping_the_form(app: TestApp) {
    referent(&app).await;
    let first = person_fields(&[
        ("consent_method", "online"),
        ("charter_accepted", "oui"),
        ("email", "denise@exemple.fr"),
    ]);
    assert!(sign_up(&app, &first).await.path.starts_with("/personnes/"));
    let mut second = person_fields(&[
        ("consent_method", "online"),
        ("charter_accepted", "oui"),
        ("email", "Denise@exemple.fr"),
    ]);
    second.retain(|(k, _)| k != "submission_key");
    second.push(("submission_key".into(), "denise-2".into()));
    let page = sign_up(&app, &second).await;
    assert_eq!(page.path, "/personnes/inscrire", "{}", page.body);
    assert!(
        page.contains(
            "id=\"email-error\"><span class=\"visually-hidden\">Erreur : </span>Cette adresse e-mail est déjà utilisée"
        ),
        "{}",
        page.body
    );
    assert!(
        page.contains("value=\"Denise@exemple.fr\"") && page.contains("value=\"Delort\""),
        "typed values kept"
    );
    assert_eq!(beneficiaries(&app).await.len(), 1);
}

async fn the_unique_email_index_answers_a_typed_error(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let consent = db::people::NewConsent::online(&charter);
    let denise = Profile {
        email: Email::parse("denise@exemple.fr").ok(),
        ..Profile::new("Denise", "Delort", insee("15120"), ContactChannel::Email)
    };
    let new = |profile, key: &str| db::people::NewPerson {
        kind: Kind::Beneficiary,
        status: Status::Waiting,
        team_id: Some(team),
        referent_id: None,
        profile,
        consent: &consent,
        token: None,
        emails: vec![],
        submission_key: Some(key.to_string()),
        waiting_since: Some(0),
    };
    let id = db::people::create(&app.db, new(&denise, "a"), 0).await.unwrap();
    // Two sign-ups with one address at once: the second write meets the index.
    let again = db::people::create(&app.db, new(&denise, "b"), 0).await.unwrap_err();
    assert!(matches!(again, DbError::Taken(Field::Email)), "{again:?}");
    // Another unique index (the same form sent twice) is not an e-mail taken.
    let other = Profile {
        email: Email::parse("denis@exemple.fr").ok(),
        ..denise.clone()
    };
    let twice = db::people::create(&app.db, new(&other, "a"), 0).await.unwrap_err();
    assert!(
        twice.is_unique_violation() && !matches!(twice, DbError::Taken(_)),
        "{twice:?}"
    );
    // Changing a profile to an address another person has meets it too.
    let other_id = db::people::create(&app.db, new(&other, "c"), 0).await.unwrap();
    let taken = db::people::update_profile(&app.db, other_id, &denise, 0)
        .await
        .unwrap_err();
    assert!(matches!(taken, DbError::Taken(Field::Email)), "{taken:?}");
    assert_eq!(db::people::by_id(&app.db, id).await.unwrap().unwrap().profile, denise);
}

on_both_backends!(
    a_referent_records_oral_consent_and_the_person_waits,
    the_person_can_sign_online_with_the_referent,
    paper_signatures_are_attested_by_coordinators_only,
    bad_consent_and_contact_input_is_explained_and_kept,
    a_referent_sees_only_their_people_and_a_coordinator_only_their_team,
    staff_record_a_withdrawal_and_everything_scheduled_is_cancelled,
    an_address_already_used_is_refused_beside_the_email_field_keeping_the_form,
    the_unique_email_index_answers_a_typed_error
);
