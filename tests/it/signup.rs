//! Volunteer sign-up: profile, charter, e-mail confirmation, then approval by the team.

use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use binome::db::{self, people::Scope};
use binome::domain::account::Role;
use binome::domain::person::{Kind, Status};
use binome::domain::territory::Territory;

/// A complete, valid volunteer form; tests change one field at a time.
pub fn volunteer_fields(email: &str) -> Vec<(String, String)> {
    [
        ("first_name", "Lucie"),
        ("last_name", "Martin"),
        ("email", email),
        ("phone", "06 12 34 56 78"),
        ("commune", "Mauriac (15)"),
        ("slots", "1-1"),
        ("slots", "3-0"),
        ("languages", "fr"),
        ("interests", "1"),
        ("rank_public", "1"),
        ("rank_phone", "2"),
        ("radius_km", "15"),
        ("travel", "car"),
        ("capacity", "2"),
        ("gender", "f"),
        ("birth_year", "1980"),
        ("charter_accepted", "oui"),
        ("submission_key", "cle-unique-1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

pub fn with(fields: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields.iter().filter(|(k, _)| k != key).cloned().collect();
    if !value.is_empty() {
        out.push((key.to_string(), value.to_string()));
    }
    out
}

pub async fn sign_up(app: &TestApp, fields: &[(String, String)]) -> crate::helpers::Page {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.submit("/devenir-benevole", "/devenir-benevole", &borrowed).await
}

async fn volunteers(app: &TestApp) -> Vec<db::people::Person> {
    db::people::list(&app.db, Scope::All, Some(Kind::Volunteer), &[])
        .await
        .unwrap()
}

async fn a_volunteer_signs_up_confirms_the_email_and_is_approved(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    let page = sign_up(&app, &volunteer_fields("lucie@exemple.fr")).await;
    assert_eq!(page.path, "/devenir-benevole/merci", "{}", page.body);
    assert!(page.contains("Ouvrez le lien"));
    let stored = volunteers(&app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].status, Status::EmailUnconfirmed);
    assert_eq!(stored[0].team_id, Some(team));
    assert_eq!(stored[0].profile.slots.describe(), "mardi après-midi, jeudi matin");

    assert_eq!(app.deliver_emails().await.sent, 1);
    let link = app.link_in_last_email("lucie@exemple.fr", "/confirmer/");
    let visitor = app.new_visitor();
    assert!(
        visitor.get(&link).await.contains("Confirmer mon adresse"),
        "opening the link changes nothing"
    );
    assert_eq!(volunteers(&app).await[0].status, Status::EmailUnconfirmed);
    let confirmed = crate::space::post_and_follow(&visitor, &link, &link, &[]).await;
    assert_eq!(
        (confirmed.status, confirmed.location.as_str()),
        (303, link.as_str()),
        "a refresh posts nothing"
    );
    assert!(
        confirmed.shown.contains("Adresse confirmée")
            && confirmed.shown.contains("Votre adresse e-mail est confirmée.")
    );
    assert!(confirmed.shown_again.contains("Ce lien ne marche plus"), "said once");
    assert!(!confirmed.shown_again.contains("Votre adresse e-mail est confirmée."));
    assert!(
        visitor
            .submit("/espace/connexion", &link, &[])
            .await
            .contains("Ce lien ne marche plus"),
        "single use"
    );

    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    let list = app.get("/personnes").await;
    assert!(list.contains("Lucie Martin") && list.contains("à valider"));
    let id = volunteers(&app).await[0].id;
    let record = format!("/personnes/{id}");
    let done = app
        .submit(
            &record,
            &format!("{record}/validation"),
            &[
                ("interview", "oui"),
                ("charter", "oui"),
                ("training", "oui"),
                ("decision", "approve"),
            ],
        )
        .await;
    assert!(done.contains("validé·e"), "{}", done.body);
    let approved = &volunteers(&app).await[0];
    assert_eq!(approved.status, Status::Approved);
    assert_eq!(approved.checks, [true, true, true]);
    app.deliver_emails().await;
    assert!(
        app.emails_to("lucie@exemple.fr")
            .last()
            .unwrap()
            .contains("a validé votre inscription")
    );
}

async fn posting_the_same_sign_up_twice_creates_one_person(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let fields = volunteer_fields("lucie@exemple.fr");
    assert_eq!(sign_up(&app, &fields).await.path, "/devenir-benevole/merci");
    assert_eq!(sign_up(&app, &fields).await.path, "/devenir-benevole/merci");
    assert_eq!(volunteers(&app).await.len(), 1);
}

async fn each_bad_field_is_explained_beside_it_and_everything_typed_is_kept(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    sign_up(
        &app,
        &with(&volunteer_fields("deja@exemple.fr"), "submission_key", "autre"),
    )
    .await;
    let good = volunteer_fields("lucie@exemple.fr");
    let cases: [(&str, &str, &str); 11] = [
        ("commune", "Trifouilly-les-Oies", "Nous ne trouvons pas cette commune"),
        ("email", "lucie@exemple..fr", "Cette adresse e-mail n'est pas valide"),
        ("email", "lucie-at-exemple", "Cette adresse e-mail n'est pas valide"),
        ("radius_km", "250", "La distance doit être comprise entre 0 et 100 km."),
        (
            "birth_year",
            "2031",
            "L'année de naissance ne peut pas être dans le futur.",
        ),
        ("charter_accepted", "", "lisez la charte puis cochez la case"),
        ("capacity", "4", "Choisissez 1, 2 ou 3 personnes."),
        ("phone", "12 34", "Ce numéro n'est pas valide"),
        ("first_name", "  ", "Indiquez le prénom."),
        ("travel", "", "Cochez au moins un moyen de déplacement."),
        ("languages", "", "Cochez au moins une langue parlée."),
    ];
    for (field, value, message) in cases {
        let page = sign_up(&app, &with(&good, field, value)).await;
        assert_eq!(page.path, "/devenir-benevole", "{field}");
        assert!(page.contains(message), "{field}: expected {message:?}");
        assert!(
            page.contains(&format!("id=\"{field}-error\"")) || field == "first_name" || field == "email",
            "{field}: the message sits beside its field"
        );
        // What was typed is kept, the availability grid included.
        assert!(page.contains("value=\"Martin\""), "{field}");
        assert!(
            page.contains("value=\"1-1\" checked") && page.contains("value=\"3-0\" checked"),
            "{field}: grid kept"
        );
        assert!(
            page.contains("id=\"rank_phone\"") && page.contains("<option value=\"2\" selected>2</option>"),
            "{field}: ranks kept"
        );
    }
    let no_slots = sign_up(&app, &with(&good, "slots", "")).await;
    assert!(no_slots.contains("Cochez au moins un moment de la semaine"));
    let same_rank = sign_up(&app, &with(&good, "rank_phone", "1")).await;
    assert!(same_rank.contains("ont le même rang"));
    assert_eq!(volunteers(&app).await.len(), 1, "nothing saved by a refused form");
}

async fn a_commune_shared_by_several_is_chosen_from_a_list(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let fields = with(&volunteer_fields("lucie@exemple.fr"), "commune", "Mauriac");
    let page = sign_up(&app, &fields).await;
    assert!(page.contains("Plusieurs communes correspondent"));
    assert!(page.contains("Mauriac (15)") && page.contains("Mauriac (33)"));
    let chosen = sign_up(&app, &with(&fields, "commune_code", "15120")).await;
    assert_eq!(chosen.path, "/devenir-benevole/merci");
    assert_eq!(volunteers(&app).await[0].profile.commune_code(), "15120");
}

async fn a_commune_no_team_covers_is_refused(app: TestApp) {
    app.create_team("Centre social de Lyon", &["69381"]).await;
    let page = sign_up(&app, &volunteer_fields("lucie@exemple.fr")).await;
    assert!(page.contains("Aucune équipe binome n'intervient encore dans cette commune"));
    assert!(volunteers(&app).await.is_empty());
}

async fn a_team_naming_the_commune_wins_over_one_covering_its_departement(app: TestApp) {
    let cantal = Territory {
        departements: vec!["15".into()],
        communes: vec![],
    };
    let cantal = db::teams::create(&app.db, "Cantal", &cantal, 0).await.unwrap();
    let mauriac = app.create_team("Antenne de Mauriac", &["15120"]).await;
    sign_up(&app, &volunteer_fields("lucie@exemple.fr")).await;
    let ydes = with(&volunteer_fields("marc@exemple.fr"), "commune", "Ydes (15)");
    sign_up(&app, &with(&ydes, "submission_key", "cle-unique-2")).await;
    let team_of = |email: &'static str| {
        let app = app.clone();
        async move {
            let person = db::people::by_email(&app.db, email).await.unwrap().unwrap();
            person.team_id
        }
    };
    assert_eq!(team_of("lucie@exemple.fr").await, Some(mauriac));
    assert_eq!(
        team_of("marc@exemple.fr").await,
        Some(cantal),
        "elsewhere in the Cantal"
    );
}

/// The form's lists are kept a second by each instance (`web::catalogue`): where the admin
/// changes them it shows at once, on another instance within the second.
async fn another_instance_offers_a_new_interest_within_a_second(app: TestApp) {
    let other = app.restart_with(|_| {}).await;
    assert!(!other.get("/devenir-benevole").await.contains("Pêche à la ligne"));
    app.signed_in_admin().await;
    app.submit("/admin/interets", "/admin/interets", &[("label", "Pêche à la ligne")])
        .await;
    assert!(app.get("/devenir-benevole").await.contains("Pêche à la ligne"));
    other.state.clock.advance(binome::web::catalogue::FRESH_MS);
    assert!(other.get("/devenir-benevole").await.contains("Pêche à la ligne"));
}

on_both_backends!(
    a_team_naming_the_commune_wins_over_one_covering_its_departement,
    another_instance_offers_a_new_interest_within_a_second,
    a_volunteer_signs_up_confirms_the_email_and_is_approved,
    posting_the_same_sign_up_twice_creates_one_person,
    each_bad_field_is_explained_beside_it_and_everything_typed_is_kept,
    a_commune_shared_by_several_is_chosen_from_a_list,
    a_commune_no_team_covers_is_refused
);
