//! Discretion and getting there (#18.3, #18.5) on the live database: what a coordinator sets
//! on a person's record changes the round and its explanations (never told to a volunteer),
//! and the team's transport solidaire appears on the binôme when one of the two has no
//! transport.

use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use crate::proposals::person;
use binome::db;
use binome::domain::account::Role;
use binome::domain::person::Kind;
use binome::domain::profile::Format;

/// Mauriac's team and its coordinator (signed in): Marcel waits in Mauriac, Lucie volunteers
/// in Mauriac too.
async fn mauriac(app: &TestApp) -> (i32, i32, i32) {
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    let both = || vec![Format::Public, Format::Phone];
    let marcel = person(app, team, Kind::Beneficiary, "Marcel", "15120", both()).await;
    let lucie = person(app, team, Kind::Volunteer, "Lucie", "15120", both()).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    (team, marcel, lucie)
}

async fn round(app: &TestApp, team: i32) -> (crate::helpers::Page, Vec<(i32, i32)>) {
    let page = app
        .submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let open = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    (page, open.iter().map(|s| (s.beneficiary_id, s.volunteer_id)).collect())
}

async fn set_discretion(app: &TestApp, person: i32, fields: &[(&str, &str)]) -> crate::helpers::Page {
    let path = format!("/personnes/{person}/discretion");
    app.submit(&path, &path, fields).await
}

async fn asking_for_another_commune_keeps_her_commune_out_of_the_round(app: TestApp) {
    let (team, marcel, lucie) = mauriac(&app).await;
    let form = app.get(&format!("/personnes/{marcel}/discretion")).await;
    assert!(form.contains("Lucie Test"), "the team's volunteers to choose from");
    assert!(
        form.contains("Aucun·e bénévole n"),
        "staff are told volunteers never learn of it"
    );
    let saved = set_discretion(&app, marcel, &[("autre_commune", "oui")]).await;
    assert_eq!(saved.path, format!("/personnes/{marcel}"));
    assert!(
        saved.contains("ne souhaite pas un·e bénévole de sa commune"),
        "{}",
        saved.body
    );

    let (page, open) = round(&app, team).await;
    assert!(!open.contains(&(marcel, lucie)), "never her neighbour: {open:?}");
    assert!(open.is_empty());
    assert!(
        page.contains("Marcel Test</a> : ne souhaite pas un·e bénévole de sa commune ; 1 bénévole(s)"),
        "{}",
        page.body
    );

    // A volunteer from Ydes, the next commune: proposed.
    let paul = person(&app, team, Kind::Volunteer, "Paul", "15265", vec![Format::Public]).await;
    let (_, open) = round(&app, team).await;
    assert_eq!(open, vec![(marcel, paul)]);
}

async fn a_named_volunteer_is_never_proposed_and_never_told(app: TestApp) {
    let (team, marcel, lucie) = mauriac(&app).await;
    // Bad input: a name no longer on the list; nothing saved, the ticked box kept.
    let refused = set_discretion(&app, marcel, &[("autre_commune", "oui"), ("eviter", "999999")]).await;
    assert_eq!(refused.status, 200);
    assert!(refused.contains("plus dans la liste"), "{}", refused.body);
    assert!(refused.contains(r#"name="autre_commune" value="oui" checked"#));
    assert!(!db::discretion::of_person(&app.db, marcel).await.unwrap().other_commune);

    let lucie_id = lucie.to_string();
    set_discretion(&app, marcel, &[("eviter", &lucie_id)]).await;
    let (page, open) = round(&app, team).await;
    assert!(open.is_empty(), "{open:?}");
    assert!(
        page.contains("a demandé à ne pas rencontrer cette personne"),
        "{}",
        page.body
    );
    let record = app.get(&format!("/personnes/{marcel}")).await;
    assert!(record.contains("Ne pas proposer</dt><dd>Lucie Test"), "{}", record.body);

    // Lucie's own data never says it; Marcel's does.
    let now = app.state.clock.now_ms();
    let hers = db::rgpd::export(&app.db, lucie, now).await.unwrap().unwrap();
    assert!(hers.rows("pair_exclusion").is_empty());
    let his = db::rgpd::export(&app.db, marcel, now).await.unwrap().unwrap();
    assert_eq!(his.rows("pair_exclusion").len(), 1);
    assert!(!app.get(&format!("/personnes/{lucie}")).await.contains("Marcel"));

    // Marcel changes his mind: Lucie may be proposed again.
    set_discretion(&app, marcel, &[]).await;
    let (_, open) = round(&app, team).await;
    assert_eq!(open, vec![(marcel, lucie)]);
}

async fn only_the_persons_coordinators_set_discretion(app: TestApp) {
    let (_, marcel, _) = mauriac(&app).await;
    let lyon = app.create_team("Lyon", &["69381"]).await;
    let other = app.new_visitor();
    other
        .create_staff(Role::Coordinator, "lyon@exemple.fr", &[lyon], None)
        .await;
    other.login("lyon@exemple.fr", PASSWORD).await;
    let path = format!("/personnes/{marcel}/discretion");
    assert_eq!(other.get(&path).await.status, 403);
    assert_eq!(other.post_raw(&path, &[("autre_commune", "oui")]).await.status, 403);
    assert!(!db::discretion::of_person(&app.db, marcel).await.unwrap().other_commune);
}

async fn the_transport_solidaire_shows_on_the_binome_when_one_has_no_transport(app: TestApp) {
    let (team, marcel, lucie) = mauriac(&app).await;
    let mut with_car = db::people::by_id(&app.db, lucie).await.unwrap().unwrap();
    with_car.profile.travel_means = vec!["car".into()];
    db::people::update_profile(&app.db, lucie, &with_car.profile, 0)
        .await
        .unwrap();

    let admin = app.new_visitor();
    admin.signed_in_admin().await;
    let team_page = format!("/admin/equipes/{team}");
    let action = format!("/admin/equipes/{team}/transport");
    let too_long = "M".repeat(101);
    let refused = admin
        .submit(
            &team_page,
            &action,
            &[("transport_nom", &too_long), ("transport_telephone", "04 71 68 00 00")],
        )
        .await;
    assert!(refused.contains("100 caractères au plus"), "{}", refused.body);
    assert!(refused.contains(r#"value="04 71 68 00 00""#), "what was typed is kept");
    assert_eq!(db::transport::of_team(&app.db, team).await.unwrap(), None);
    admin
        .submit(
            &team_page,
            &action,
            &[
                ("transport_nom", "Mobilité solidaire du Pays de Mauriac"),
                ("transport_telephone", "04 71 68 00 00"),
                ("transport_texte", "Réserver 48 h avant, 2 € le trajet"),
            ],
        )
        .await;

    round(&app, team).await;
    let s = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    app.submit("/propositions", &format!("/propositions/{}/approuver", s[0].id), &[])
        .await;
    let (pairing, _) = db::pairings::open_pairings_of(&app.db, marcel).await.unwrap()[0];
    let binome = format!("/binomes/{pairing}");
    // Both get around: nothing to say.
    assert!(!app.get(&binome).await.contains("Mobilité solidaire"));

    let mut without = db::people::by_id(&app.db, marcel).await.unwrap().unwrap();
    without.profile.needs_transport = true;
    db::people::update_profile(&app.db, marcel, &without.profile, 0)
        .await
        .unwrap();
    let page = app.get(&binome).await;
    assert!(page.contains("Transport solidaire"), "{}", page.body);
    assert!(
        page.contains("Mobilité solidaire du Pays de Mauriac</strong>, 04\u{a0}71\u{a0}68\u{a0}00\u{a0}00."),
        "{}",
        page.body
    );
    assert!(page.contains("Réserver 48 h avant, 2 € le trajet"));

    // Lucie sees it in her space, beside the binôme.
    let her = app.new_visitor();
    her.submit(
        "/espace/connexion",
        "/espace/connexion",
        &[("email", "lucie@exemple.fr")],
    )
    .await;
    app.deliver_emails().await;
    let link = app.link_in_last_email("lucie@exemple.fr", "/espace/lien/");
    let space = her.submit(&link, &link, &[]).await;
    assert_eq!(space.path, "/espace");
    assert!(space.contains("Transport solidaire"), "{}", space.body);
    assert!(space.contains("<a href=\"tel:0471680000\">04\u{a0}71\u{a0}68\u{a0}00\u{a0}00</a>"));
}

async fn the_assisted_sign_up_records_a_person_without_transport(app: TestApp) {
    mauriac(&app).await;
    let fields = |transport: &'static str| {
        vec![
            ("first_name", "Denise"),
            ("last_name", "Delort"),
            ("contact_channel", "phone"),
            ("phone", "04 71 00 00 00"),
            ("commune", "Ydes (15)"),
            ("slots", "0-0"),
            ("languages", "fr"),
            ("interests", "2"),
            ("rank_home", "1"),
            ("needs_transport", transport),
            ("consent_method", "paper"),
            ("attester_name", "Julie Vidal"),
            ("attested_on", "2026-11-20"),
            ("submission_key", "denise-1"),
        ]
    };
    let form = app.get("/personnes/inscrire").await;
    // The person reads the form with the one helping her: easy-to-read words.
    assert!(
        form.contains("j'ai besoin que quelqu'un m'accompagne pour sortir"),
        "{}",
        form.body
    );
    let refused = app
        .submit("/personnes/inscrire", "/personnes/inscrire", &fields("peut-être"))
        .await;
    assert!(
        refused.contains("Cochez la case, ou laissez-la vide."),
        "{}",
        refused.body
    );
    assert!(refused.contains(r#"value="Delort""#), "what was typed is kept");
    let saved = app
        .submit("/personnes/inscrire", "/personnes/inscrire", &fields("oui"))
        .await;
    assert!(saved.path.starts_with("/personnes/"), "{}", saved.body);
    assert!(saved.contains("pas de voiture ou besoin d"), "{}", saved.body);
    let id: i32 = saved.path.trim_start_matches("/personnes/").parse().unwrap();
    let denise = db::people::by_id(&app.db, id).await.unwrap().unwrap();
    assert!(denise.profile.needs_transport);
}

on_both_backends!(
    asking_for_another_commune_keeps_her_commune_out_of_the_round,
    a_named_volunteer_is_never_proposed_and_never_told,
    only_the_persons_coordinators_set_discretion,
    the_transport_solidaire_shows_on_the_binome_when_one_has_no_transport,
    the_assisted_sign_up_records_a_person_without_transport,
);
