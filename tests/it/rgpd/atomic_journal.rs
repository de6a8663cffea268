//! A change and its journal line are written together: when the line cannot be written, the
//! change is not made and the user sees an error page; once the journal works, both are there.

use crate::helpers::{PASSWORD, Page, TestApp};
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;
use binome::domain::pairing::State;
use binome::domain::person::Status;
use sea_orm::{ConnectionTrait, DbBackend};

/// Makes every insert into the journal fail, for real, in the database itself.
async fn break_the_journal(app: &TestApp) {
    let sql = super::connect(app).await;
    let statements: &[&str] = match sql.get_database_backend() {
        DbBackend::Sqlite => {
            &["CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'journal en panne'); END;"]
        }
        _ => &[
            "CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'journal en panne'; END $$;",
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION no_audit();",
        ],
    };
    for statement in statements {
        sql.execute_unprepared(statement).await.unwrap();
    }
}

async fn mend_the_journal(app: &TestApp) {
    let sql = super::connect(app).await;
    let statement = match sql.get_database_backend() {
        DbBackend::Sqlite => "DROP TRIGGER no_audit",
        _ => "DROP TRIGGER no_audit ON audit_log",
    };
    sql.execute_unprepared(statement).await.unwrap();
}

/// The journal's details about a person.
async fn journal_of(app: &TestApp, person: i32) -> Vec<String> {
    let (entries, _) = db::audit::list(&app.db, Some(person), 1, 100).await.unwrap();
    entries.into_iter().filter_map(|e| e.detail).collect()
}

fn is_error_page(page: &Page) {
    assert_eq!(page.status, 500, "{}", page.body);
    assert!(page.contains("Une erreur est survenue"), "{}", page.body);
}

/// Posts `fields` to `action` with a token taken from `page` before the journal broke (opening
/// a person's record writes a line too).
async fn post(app: &TestApp, token: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let mut all = fields.to_vec();
    all.push(("authenticity_token", token));
    app.post_raw(action, &all).await
}

async fn a_binome_does_not_pause_or_end_when_its_journal_line_cannot_be_written(app: TestApp) {
    let (pairing, volunteer) = crate::lifecycle::active_binome(&app).await;
    let denise = db::people::by_email(&app.db, "denise@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .id;
    let volunteer = db::people::by_email(&app.db, &volunteer).await.unwrap().unwrap().id;
    let page = format!("/binomes/{pairing}");
    let action = format!("{page}/etat");
    let token = app.get(&page).await.csrf_token();
    let steps = db::pairings::transitions(&app.db, pairing).await.unwrap();
    let mail = db::outbox::for_person(&app.db, volunteer).await.unwrap();
    let journal = journal_of(&app, denise).await;

    break_the_journal(&app).await;
    is_error_page(&post(&app, &token, &action, &[("action", "pause")]).await);
    let end = [
        ("action", "end"),
        ("asked_by", "person"),
        ("end_reason", "moved"),
        ("after", "waiting"),
    ];
    is_error_page(&post(&app, &token, &action, &end).await);
    let now = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap();
    assert_eq!(
        (now.state, now.end_reason),
        (State::Active, None),
        "neither the pause nor the end happened"
    );
    assert_eq!(
        db::pairings::transitions(&app.db, pairing).await.unwrap(),
        steps,
        "no step recorded"
    );
    assert_eq!(
        db::outbox::for_person(&app.db, volunteer).await.unwrap(),
        mail,
        "nobody is told of an end that did not happen"
    );

    mend_the_journal(&app).await;
    let paused = post(&app, &token, &action, &[("action", "pause")]).await;
    assert!(paused.contains("Binôme en pause"), "{}", paused.body);
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        State::Paused
    );
    let line = format!("binôme n° {pairing} : en pause");
    for person in [denise, volunteer] {
        let said = journal_of(&app, person).await;
        assert!(said.contains(&line), "the pause is in each side's journal: {said:?}");
    }
    assert_eq!(
        journal_of(&app, denise).await.len(),
        journal.len() + 1,
        "one line for the pause, none for the failed attempts"
    );
}

async fn a_decision_or_a_withdrawal_is_not_recorded_without_its_journal_line(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    crate::signup::sign_up(&app, &crate::signup::volunteer_fields("lucie@exemple.fr")).await;
    let lucie = db::people::by_email(&app.db, "lucie@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .id;
    assert!(db::people::confirm_email(&app.db, lucie, 0).await.unwrap());
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    let record = format!("/personnes/{lucie}");
    let token = app.get(&record).await.csrf_token();
    let mail = db::outbox::for_person(&app.db, lucie).await.unwrap();
    let approve = [
        ("interview", "oui"),
        ("charter", "oui"),
        ("training", "oui"),
        ("decision", "approve"),
    ];

    break_the_journal(&app).await;
    is_error_page(&post(&app, &token, &format!("{record}/validation"), &approve).await);
    is_error_page(&post(&app, &token, &format!("{record}/retrait"), &[]).await);
    let after = db::people::by_id(&app.db, lucie).await.unwrap().unwrap();
    assert_eq!(
        (after.status, after.checks),
        (Status::ToValidate, [false; 3]),
        "not approved, not withdrawn"
    );
    assert!(
        db::people::consents(&app.db, lucie)
            .await
            .unwrap()
            .iter()
            .all(|c| c.withdrawn_at.is_none())
    );
    assert_eq!(
        db::outbox::for_person(&app.db, lucie).await.unwrap(),
        mail,
        "no approval e-mail"
    );

    mend_the_journal(&app).await;
    let done = post(&app, &token, &format!("{record}/validation"), &approve).await;
    assert!(done.contains("Inscription validée"), "{}", done.body);
    post(&app, &token, &format!("{record}/retrait"), &[]).await;
    assert_eq!(
        db::people::by_id(&app.db, lucie).await.unwrap().unwrap().status,
        Status::Left
    );
    let said = journal_of(&app, lucie).await;
    for line in [Status::Approved.label(), "retrait du consentement"] {
        assert_eq!(said.iter().filter(|d| *d == line).count(), 1, "{line} once in {said:?}");
    }
}

async fn answers_typed_during_a_call_are_not_kept_without_their_journal_line(app: TestApp) {
    crate::lifecycle::active_binome(&app).await;
    // Denise has no e-mail address: her check-in is a call the coordinator makes.
    let denise = db::people::by_email(&app.db, "denise@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    let mut profile = denise.profile.clone();
    profile.email = None;
    profile.phone = Some("0471000000".into());
    db::people::update_profile(&app.db, denise.id, &profile, 0)
        .await
        .unwrap();
    let due = crate::lifecycle::now() + 15 * crate::lifecycle::DAY;
    crate::lifecycle::tick(&app, due).await;
    let tasks = db::checkins::call_tasks(&app.db, &[1], due).await.unwrap();
    let (call, _) = &tasks[0];
    let form = format!("/binomes/{}/point/{}", call.pairing_id, call.id);
    let token = app.get(&form).await.csrf_token();
    let answers = [
        ("met", "oui"),
        ("mood", "bien"),
        ("decision", "continuer"),
        ("isolation", "4"),
    ];

    break_the_journal(&app).await;
    is_error_page(&post(&app, &token, &form, &answers).await);
    mend_the_journal(&app).await;
    assert_eq!(
        db::checkins::call_tasks(&app.db, &[1], due).await.unwrap().len(),
        1,
        "the answers were not kept: the call is still to make"
    );

    let done = post(&app, &token, &form, &answers).await;
    assert!(done.contains("Réponses de Denise"), "{}", done.body);
    assert!(db::checkins::call_tasks(&app.db, &[1], due).await.unwrap().is_empty());
    let said = journal_of(&app, denise.id).await;
    assert!(
        said.contains(&"point de suivi n° 1 répondu par téléphone".to_string()),
        "{said:?}"
    );
}

async fn a_password_is_not_changed_without_its_journal_line(app: TestApp) {
    app.signed_in_coordinator().await;
    let form = "/compte/mot-de-passe";
    let token = app.get(form).await.csrf_token();
    let new = "un-tout-nouveau-mot-de-passe";
    let fields = [("current", PASSWORD), ("password", new), ("confirmation", new)];

    break_the_journal(&app).await;
    is_error_page(&post(&app, &token, form, &fields).await);
    mend_the_journal(&app).await;
    let old = app.new_visitor().login("coordination@exemple.fr", PASSWORD).await;
    assert_eq!(old.path, "/tableau-de-bord", "the old password still works");
    assert_eq!(app.get(form).await.status, 200, "this session was not closed");
}

on_both_backends!(
    a_binome_does_not_pause_or_end_when_its_journal_line_cannot_be_written,
    a_decision_or_a_withdrawal_is_not_recorded_without_its_journal_line,
    answers_typed_during_a_call_are_not_kept_without_their_journal_line,
    a_password_is_not_changed_without_its_journal_line
);
