//! RGPD: one person's data exported, then erased everywhere while the anonymous figures stay;
//! the retention purge with an injected `now`; the audit log; the register of processing; the
//! impact assessment.

mod aipd;
mod atomic_journal;
mod audit;
mod browser;
mod files;
mod links;
mod partner;
mod retention;
mod schema;
mod upgrade;

use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db::{self, people::NewConsent};
use binome::domain::consent::ConsentMethod;
use binome::domain::pairing::State;
use binome::domain::rgpd::Action;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

const DAY: i64 = 86_400_000;

fn now() -> i64 {
    binome::epoch_ms(chrono::Utc::now())
}

/// What Denise typed or is called, or what the team wrote about her family, none of which
/// may survive her erasure.
const DENISE: [&str; 10] = [
    "Denise",
    "Vermorel",
    "denise@exemple.fr",
    "0471223344",
    "12 rue des Tilleuls",
    "Je me sens seule le dimanche",
    "Merci pour les promenades",
    "Agnès Attestatrice",
    "Claire",
    "06 11 22 33 44",
];

/// The team's notes: one on Denise, one on her binôme, both about her family.
const NOTES: [&str; 2] = [
    "Denise Vermorel préfère le matin ; sa fille Claire Vermorel : 06 11 22 33 44",
    "Claire, la fille de Denise, vient parfois à la médiathèque",
];

/// Denise Vermorel and her volunteer: a binôme that went through a check-in (both wrote a
/// comment, Denise was unwell: an alert), ended with a note and feedback from both sides.
/// Returns (Denise, the volunteer, the volunteer's address).
pub async fn ended_binome(app: &TestApp) -> (i32, i32, String) {
    let (team, [denise, ..]) = crate::proposals::team_with_people(app).await;
    let mut profile = db::people::by_id(&app.db, denise).await.unwrap().unwrap().profile;
    profile.last_name = "Vermorel".into();
    profile.phone = Some("0471223344".into());
    profile.postal_address = Some("12 rue des Tilleuls".into());
    db::people::update_profile(&app.db, denise, &profile, now())
        .await
        .unwrap();
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let assisted = NewConsent {
        method: ConsentMethod::Assisted,
        attester_name: Some("Agnès Attestatrice".into()),
        attested_on: Some("2026-11-20".into()),
        ..NewConsent::online(&charter)
    };
    db::people::add_consent(&app.db, denise, &assisted, now())
        .await
        .unwrap();

    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let s = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    let s = s.iter().find(|s| s.beneficiary_id == denise).unwrap();
    app.submit("/propositions", &format!("/propositions/{}/approuver", s.id), &[])
        .await;
    app.deliver_emails().await;
    let volunteer = db::people::by_id(&app.db, s.volunteer_id).await.unwrap().unwrap();
    let address = volunteer.profile.email.unwrap().to_string();
    let link = app.link_in_last_email(&address, "/proposition/");
    app.new_visitor().submit(&link, &link, &[("answer", "accept")]).await;
    let pairing = db::pairings::open_pairings_of(&app.db, denise).await.unwrap()[0].0;
    let page = format!("/binomes/{pairing}");
    crate::meeting::agree_at(app, pairing, "Médiathèque").await;
    app.submit(&page, &format!("{page}/rencontre"), &[]).await;

    binome::jobs::run_due(&app.state.db, &app.state.links, now() + 15 * DAY)
        .await
        .unwrap();
    app.deliver_emails_at(now() + 15 * DAY).await;
    for (to, mood, comment) in [
        (address.as_str(), "bien", "Denise Vermorel m'a montré son jardin"),
        ("denise@exemple.fr", "pas_bien", "Je me sens seule le dimanche"),
    ] {
        let link = app.link_in_last_email(to, "/point/");
        let answers = [
            ("met", "oui"),
            ("mood", mood),
            ("decision", "continuer"),
            ("isolation", "6"),
            ("comment", comment),
        ];
        app.new_visitor().submit(&link, &link, &answers).await;
    }
    let reason = [
        ("action", "end"),
        ("asked_by", "person"),
        ("reason", "Denise Vermorel déménage"),
    ];
    app.submit(&page, &format!("{page}/etat"), &reason).await;
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        State::Ended
    );
    let sql = connect(app).await;
    for (who, comment) in [
        (denise, "Merci pour les promenades"),
        (volunteer.id, "Une belle rencontre avec Denise"),
    ] {
        let insert = format!(
            "INSERT INTO pairing_feedback (pairing_id, person_id, rating, wants_another, comment, created_at) \
             VALUES ({pairing}, {who}, 'good', false, '{comment}', 0)"
        );
        sql.execute_unprepared(&insert).await.unwrap();
    }
    (denise, volunteer.id, address)
}

/// The (only) binôme of a person, open or ended.
pub async fn pairing_of(app: &TestApp, person: i32) -> i32 {
    let sql = connect(app).await;
    let query =
        format!("SELECT CAST(id AS TEXT) FROM pairing WHERE beneficiary_id = {person} OR volunteer_id = {person}");
    strings(&sql, &query).await[0].parse().unwrap()
}

pub async fn connect(app: &TestApp) -> DatabaseConnection {
    Database::connect(app.config().database_url).await.unwrap()
}

pub async fn strings(sql: &DatabaseConnection, query: &str) -> Vec<String> {
    let rows = sql
        .query_all_raw(Statement::from_string(sql.get_database_backend(), query))
        .await
        .unwrap();
    let mut values: Vec<String> = rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten())
        .collect();
    values.sort();
    values
}

/// What the anonymous indicators count: pairings by state, mode and end; check-ins by mood,
/// decision and isolation; people by kind, team and isolation at sign-up.
async fn indicators(sql: &DatabaseConnection) -> Vec<Vec<String>> {
    vec![
        strings(sql, "SELECT state || '|' || mode || '|' || COALESCE(end_reason, '') || '|' || CAST(created_at AS TEXT) FROM pairing").await,
        strings(sql, "SELECT COALESCE(mood, '') || '|' || COALESCE(decision, '') || '|' || COALESCE(CAST(isolation AS TEXT), '') || '|' || CAST(call_back AS TEXT) FROM checkin").await,
        strings(sql, "SELECT kind || '|' || CAST(team_id AS TEXT) || '|' || COALESCE(CAST(isolation AS TEXT), '') || '|' || CAST(created_at AS TEXT) FROM person").await,
        strings(sql, "SELECT rating || '|' || CAST(wants_another AS TEXT) FROM pairing_feedback").await,
    ]
}

async fn the_export_holds_every_row_about_the_person_and_erasure_leaves_none_of_her_values(app: TestApp) {
    let (denise, volunteer, volunteer_address) = ended_binome(&app).await;
    assert!(
        app.get(&format!("/personnes/{denise}"))
            .await
            .contains("Voir ou exporter ses données")
    );
    let person_page = format!("/personnes/{denise}");
    app.submit(
        &person_page,
        &format!("{person_page}/notes"),
        &[("note_text", NOTES[0])],
    )
    .await;
    let pairing = pairing_of(&app, denise).await;
    let pairing_page = format!("/binomes/{pairing}");
    app.submit(
        &pairing_page,
        &format!("{pairing_page}/notes"),
        &[("note_text", NOTES[1])],
    )
    .await;
    // Denise signs in to her space: a link, a session.
    let visitor = app.new_visitor();
    visitor
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "denise@exemple.fr")],
        )
        .await;
    app.deliver_emails().await;
    let link = app.link_in_last_email("denise@exemple.fr", "/espace/lien/");
    assert_eq!(visitor.submit(&link, &link, &[]).await.path, "/espace");
    // She was asked by SMS and answered by SMS.
    let mut profile = db::people::by_id(&app.db, denise).await.unwrap().unwrap();
    let team = profile.team_id.unwrap();
    if profile.profile.phone.is_none() {
        profile.profile.phone = Some("0612345678".into());
        db::people::update_profile(&app.db, denise, &profile.profile, now())
            .await
            .unwrap();
    }
    let phone = profile.profile.phone.clone().unwrap();
    let question = db::sms::Question {
        sms: db::sms::NewSms {
            team_id: team,
            person_id: Some(denise),
            phone: phone.clone(),
            body: "Comment ça va ?".into(),
            kind: binome::domain::sms::SmsKind::Notice,
            key: "rgpd:sms".into(),
        },
        kind: db::sms::QuestionKind::Checkin,
        subject_id: 1,
    };
    db::sms::ask_now(&app.db, &question, now()).await.unwrap();
    db::sms::receive(&app.db, team, &phone, "Je me sens seule le soir", now())
        .await
        .unwrap();

    let export = db::rgpd::export(&app.db, denise, now()).await.unwrap().unwrap();
    for table in [
        "person",
        "person_interest",
        "consent",
        "person_token",
        "outbox",
        "suggestion",
        "pairing",
        "pairing_transition",
        "job",
        "checkin",
        "alert",
        "pairing_feedback",
        "audit_log",
        "note",
    ] {
        assert!(!export.rows(table).is_empty(), "the export has the rows of {table}");
    }
    assert!(
        export
            .rows("person_token")
            .iter()
            .all(|t| t.get("token_sha256").is_none()),
        "never the link hashes"
    );
    let page = app.get(&format!("/personnes/{denise}/donnees")).await;
    assert!(
        page.contains("Je me sens seule le dimanche")
            && page.contains("Agnès Attestatrice")
            && page.contains("Points de suivi (1)")
    );
    assert!(
        page.contains("Notes de l'équipe (2)") && page.contains("sa fille Claire Vermorel"),
        "the team's notes are in the export"
    );
    let json = app.get(&format!("/personnes/{denise}/donnees.json")).await;
    let parsed: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(parsed["person_id"], denise);
    assert!(json.body.contains("Vermorel") && json.body.contains("Merci pour les promenades"));

    // A letter to her (had she chosen the post), so that erasure is tested on letters too.
    let team = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().team_id;
    let letter = db::letters::NewLetter {
        team_id: team,
        person_id: denise,
        pairing_id: Some(pairing),
        title: "la fin du binôme".into(),
        body: "Votre binôme s'arrête.".into(),
    };
    db::letters::write(&app.db, &letter, now()).await.unwrap();

    let sql = connect(&app).await;
    // Every free-text place the schema has, in every row about Denise, names her too.
    schema::fill_free_text(&sql, denise, "Denise Vermorel 0471223344 denise@exemple.fr").await;
    let before = indicators(&sql).await;
    let csv_before = app.get("/indicateurs.csv").await.body;
    let form = format!("/personnes/{denise}/effacer");
    assert!(app.get(&form).await.contains("C'est définitif"));
    let refused = app.submit(&form, &form, &[]).await;
    assert!(refused.contains("id=\"confirm-error\"") && refused.contains("Cochez la case"));
    assert!(
        db::rgpd::erased_at(&app.db, denise).await.unwrap().is_none(),
        "nothing erased without confirmation"
    );
    let done = app.submit(&form, &form, &[("confirm", "oui")]).await;
    assert!(
        done.contains("C'est fait : les données personnelles de cette personne ont été effacées"),
        "{}",
        done.body
    );

    let texts = schema::every_text(&sql).await;
    for value in DENISE {
        let value = value.to_lowercase();
        let found: Vec<&(String, String)> = texts.iter().filter(|(_, t)| t.contains(&value)).collect();
        assert!(found.is_empty(), "{value} survives the erasure in {found:?}");
    }
    let volunteer_row = db::people::by_id(&app.db, volunteer).await.unwrap().unwrap();
    assert_eq!(
        volunteer_row.profile.email.as_deref(),
        Some(volunteer_address.as_str()),
        "the other side keeps their data"
    );
    for kept in [
        "m'a montré son jardin",
        "une belle rencontre avec",
        "marcel@exemple.fr",
        &volunteer_address,
    ] {
        assert!(
            texts.iter().any(|(_, t)| t.contains(kept)),
            "{kept} is someone else's and stays"
        );
    }
    assert_eq!(indicators(&sql).await, before, "the anonymous indicators do not move");
    let csv_after = app.get("/indicateurs.csv").await.body;
    assert!(
        csv_before.contains("Binômes créés") || csv_before.lines().count() > 5,
        "the indicators were read: {csv_before}"
    );
    assert_eq!(
        csv_after, csv_before,
        "the published indicators (CSV) are the same after the erasure"
    );
    let erased = app.get(&format!("/personnes/{denise}")).await;
    assert!(erased.contains("Personne effacée") && erased.contains("ont été effacées le"));
    for action in [Action::View, Action::Export, Action::Erase] {
        assert!(
            db::audit::count_for(&app.db, denise, action).await.unwrap() >= 1,
            "{action:?} is in the audit log"
        );
    }
    assert_eq!(
        db::rgpd::erase(
            &app.db,
            denise,
            &db::audit::Actor::system("test"),
            db::rgpd::Reason::Request,
            now()
        )
        .await
        .unwrap(),
        db::rgpd::Erasure::AlreadyErased
    );
}

async fn a_binome_under_way_must_end_before_erasure(app: TestApp) {
    let (team, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let s = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    let s = s.iter().find(|s| s.beneficiary_id == denise).unwrap();
    app.submit("/propositions", &format!("/propositions/{}/approuver", s.id), &[])
        .await;
    let form = format!("/personnes/{denise}/effacer");
    assert!(app.get(&form).await.contains("Un binôme est en cours"));
    let refused = app
        .post_raw(
            &form,
            &[
                ("confirm", "oui"),
                ("authenticity_token", &app.get(&form).await.csrf_token()),
            ],
        )
        .await;
    assert!(refused.contains("Enregistrer le retrait"));
    assert!(db::rgpd::erased_at(&app.db, denise).await.unwrap().is_none());
}

on_both_backends!(
    the_export_holds_every_row_about_the_person_and_erasure_leaves_none_of_her_values,
    a_binome_under_way_must_end_before_erasure
);
