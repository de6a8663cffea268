//! Donnant-donnant: the person says what she likes to share, the volunteer what they would
//! like to discover; the volunteer reads it in « Ce qui vous rapproche », and its weight in
//! « Pondérations » changes who comes first.

use crate::helpers::{PASSWORD, TestApp, insee};
use crate::on_both_backends;
use binome::db::{
    self,
    people::{NewConsent, NewPerson, Profile, Scope},
};
use binome::domain::account::{Email, Role};
use binome::domain::availability::Slots;
use binome::domain::person::{Kind, Status};
use binome::domain::profile::{ContactChannel, Format};

/// What the person likes to share (or the volunteer would discover), and when they are free.
struct Who<'a> {
    kind: Kind,
    first_name: &'a str,
    slots: &'a [(usize, usize)],
    topics: &'a [&'a str],
    note: Option<&'a str>,
}

/// Someone of the team living in Mauriac, who meets in public places.
async fn person(app: &TestApp, team: i32, who: Who<'_>) -> i32 {
    let volunteer = who.kind == Kind::Volunteer;
    let topics: Vec<String> = who.topics.iter().map(|t| t.to_string()).collect();
    let profile = Profile {
        email: Email::parse(&format!("{}@exemple.fr", who.first_name.to_lowercase())).ok(),
        slots: Slots::from_bits(who.slots.iter().fold(0, |m, (d, p)| m | Slots::bit(*d, *p))),
        languages: vec!["fr".into()],
        formats: vec![Format::Public],
        radius_km: volunteer.then_some(20),
        capacity: volunteer.then_some(1),
        shares: if volunteer { vec![] } else { topics.clone() },
        share_note: who.note.map(str::to_string),
        learns: if volunteer { topics } else { vec![] },
        ..Profile::new(who.first_name, "Test", insee("15120"), ContactChannel::Email)
    };
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let new = NewPerson {
        kind: who.kind,
        status: if volunteer { Status::Approved } else { Status::Waiting },
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

async fn coordinator(app: &TestApp) -> i32 {
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    team
}

const TUESDAY_AFTERNOON: (usize, usize) = (1, 1);
const THURSDAY_MORNING: (usize, usize) = (3, 0);

async fn a_shared_garden_shows_in_what_brings_them_together(app: TestApp) {
    let team = coordinator(&app).await;
    let who = |kind: Kind, first_name: &'static str, topics: &'static [&'static str], note: Option<&'static str>| Who {
        kind,
        first_name,
        slots: &[TUESDAY_AFTERNOON],
        topics,
        note,
    };
    let denise = person(
        &app,
        team,
        who(Kind::Beneficiary, "Denise", &["jardin"], Some("la cuisine de son pays")),
    )
    .await;
    person(&app, team, who(Kind::Volunteer, "Lucie", &["jardin", "musique"], None)).await;

    let page = app
        .submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    assert!(
        page.contains("la personne aime partager ce que le ou la bénévole aimerait découvrir : le jardin, les plantes"),
        "the coordinator reads why: {}",
        page.body
    );
    let person_page = app.get(&format!("/personnes/{denise}")).await;
    assert!(person_page.contains("Aime partager</dt><dd>le jardin, les plantes ; la cuisine de son pays"));
    let open = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    app.submit("/propositions", &format!("/propositions/{}/approuver", open[0].id), &[])
        .await;
    app.deliver_emails().await;

    let told = "Denise aime partager : le jardin, les plantes ; la cuisine de son pays";
    let email = app.emails_to("lucie@exemple.fr").pop().expect("the proposal e-mail");
    let rapproche = email.find("Ce qui vous rapproche").expect("the list of reasons");
    assert!(email[rapproche..].contains(told), "{email}");
    assert!(
        !email.contains("ce que le ou la bénévole aimerait découvrir"),
        "the volunteer reads the person's own sentence, not the coordinator's"
    );
    let link = app.link_in_last_email("lucie@exemple.fr", "/proposition/");
    let lucie = app.new_visitor();
    let page = lucie.get(&link).await;
    let rapproche = page.body.find("Ce qui vous rapproche").expect("the list of reasons");
    assert!(
        page.body[rapproche..].contains(&format!("<li>{told}</li>")),
        "{}",
        page.body
    );

    // Lucie accepts: Denise reads, in easy words, that Lucie would discover what she shares.
    lucie.submit(&link, &link, &[("answer", "accept")]).await;
    app.deliver_emails().await;
    let agreement = app.link_in_last_email("denise@exemple.fr", "/accord/");
    let page = app.new_visitor().get(&agreement).await;
    assert!(
        page.contains("La personne bénévole aimerait découvrir ce que vous aimez partager : le jardin, les plantes"),
        "{}",
        page.body
    );
}

/// Denise shares the garden. Albert is free at both her moments, Lucie at one only but would
/// like to discover the garden: 25·2/3 against 25·1/3 + the reciprocity weight.
async fn the_reciprocity_weight_changes_who_comes_first(app: TestApp) {
    let team = coordinator(&app).await;
    let denise = person(
        &app,
        team,
        Who {
            kind: Kind::Beneficiary,
            first_name: "Denise",
            slots: &[TUESDAY_AFTERNOON, THURSDAY_MORNING],
            topics: &["jardin"],
            note: None,
        },
    )
    .await;
    for (first_name, slots, topics) in [
        ("Albert", &[TUESDAY_AFTERNOON, THURSDAY_MORNING][..], &[][..]),
        ("Lucie", &[TUESDAY_AFTERNOON][..], &["jardin"][..]),
    ] {
        let who = Who {
            kind: Kind::Volunteer,
            first_name,
            slots,
            topics,
            note: None,
        };
        person(&app, team, who).await;
    }
    let top = format!("/personnes/{denise}/benevoles");
    let order = |body: &str| {
        let (a, l) = (body.find("Albert Test").unwrap(), body.find("Lucie Test").unwrap());
        if l < a { "Lucie, Albert" } else { "Albert, Lucie" }
    };
    let page = app.get(&top).await;
    assert_eq!(order(&page.body), "Lucie, Albert", "default weight 10: {}", page.body);
    assert!(page.contains("aimerait découvrir : le jardin, les plantes"));

    let admin = app.new_visitor();
    admin.signed_in_admin().await;
    let weights = |reciprocity| {
        [
            ("proximity", "30"),
            ("availability", "25"),
            ("interests", "25"),
            ("format", "10"),
            ("waiting", "10"),
            ("reciprocity", reciprocity),
        ]
    };
    let bad = admin
        .submit("/admin/ponderations", "/admin/ponderations", &weights("beaucoup"))
        .await;
    assert!(bad.contains("Indiquez un nombre entre 0 et 100.") && bad.contains("value=\"beaucoup\""));
    assert_eq!(order(&app.get(&top).await.body), "Lucie, Albert", "nothing changed");
    let saved = admin
        .submit("/admin/ponderations", "/admin/ponderations", &weights("0"))
        .await;
    assert!(saved.contains("C'est enregistré."));
    assert_eq!(order(&app.get(&top).await.body), "Albert, Lucie", "weight 0");
    admin
        .submit("/admin/ponderations", "/admin/ponderations", &weights("10"))
        .await;
    assert_eq!(order(&app.get(&top).await.body), "Lucie, Albert", "weight 10 again");
}

/// Weights saved before reciprocity existed (five numbers) still read, with its default.
async fn weights_saved_before_reciprocity_get_its_default(app: TestApp) {
    db::settings::put(&app.db, "matching_weights", "[50.0,20.0,20.0,5.0,5.0]")
        .await
        .unwrap();
    assert_eq!(
        db::suggestions::weights(&app.db).await.unwrap(),
        Some([50.0, 20.0, 20.0, 5.0, 5.0, 10.0])
    );
    app.signed_in_admin().await;
    let page = app.get("/admin/ponderations").await;
    assert!(
        page.contains("id=\"reciprocity\" name=\"reciprocity\" type=\"text\" value=\"10\""),
        "{}",
        page.body
    );
}

async fn the_sign_up_forms_ask_what_one_shares_or_would_discover(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    // A volunteer: what they would like to discover.
    let form = app.get("/devenir-benevole").await;
    assert!(form.contains("Ce que j'aimerais découvrir") && form.contains("name=\"learns\" value=\"jardin\""));
    let fields = crate::signup::with(
        &crate::signup::volunteer_fields("lucie@exemple.fr"),
        "learns",
        "histoire",
    );
    let page = crate::signup::sign_up(&app, &fields).await;
    assert_eq!(page.path, "/devenir-benevole/merci", "{}", page.body);
    let lucie = db::people::list(&app.db, Scope::All, Some(Kind::Volunteer), &[])
        .await
        .unwrap();
    assert_eq!(lucie[0].profile.learns, vec!["histoire".to_string()]);
    let odd = crate::signup::with(&fields, "learns", "golf");
    let odd = crate::signup::with(&odd, "submission_key", "autre");
    let page = crate::signup::sign_up(&app, &odd).await;
    assert!(page.contains("Ce choix n'est pas dans la liste"), "{}", page.body);

    // An isolated person, signed up with a référent: what she likes to share, in her words.
    let referent = app.new_visitor();
    referent
        .create_staff(Role::Referent, "ccas@exemple.fr", &[team], Some("CCAS"))
        .await;
    referent.login("ccas@exemple.fr", PASSWORD).await;
    let form = referent.get("/personnes/inscrire").await;
    assert!(form.contains("Ce que j'aime partager") && form.contains("name=\"shares\" value=\"cuisine\""));
    let consent = [
        ("consent_method", "assisted"),
        ("attester_name", "Julie Vidal"),
        ("attested_on", "2026-11-20"),
    ];
    let mut fields = crate::assisted::person_fields(&consent);
    fields.push(("shares".into(), "cuisine".into()));
    let long = "ma recette ".repeat(12);
    let mut too_long = fields.clone();
    too_long.push(("share_note".into(), long.clone()));
    let page = crate::assisted::sign_up(&referent, &too_long).await;
    assert!(
        page.contains("Ce texte est trop long (120 caractères au plus).") && page.contains(long.trim()),
        "the message beside the field, what was typed kept: {}",
        page.body
    );
    assert!(
        page.body.contains("name=\"shares\" value=\"cuisine\" checked"),
        "the ticks are kept"
    );
    let none = db::people::list(&app.db, Scope::All, Some(Kind::Beneficiary), &[])
        .await
        .unwrap();
    assert!(none.is_empty(), "nothing stored");
    fields.push(("share_note".into(), "la cuisine de mon pays".into()));
    let page = crate::assisted::sign_up(&referent, &fields).await;
    assert!(page.path.starts_with("/personnes/"), "{}", page.body);
    assert!(page.contains("Aime partager</dt><dd>une recette, la cuisine ; la cuisine de mon pays"));
}

on_both_backends!(
    a_shared_garden_shows_in_what_brings_them_together,
    the_reciprocity_weight_changes_who_comes_first,
    weights_saved_before_reciprocity_get_its_default,
    the_sign_up_forms_ask_what_one_shares_or_would_discover,
);
