//! The previous release's database after today's `binome migrate` — the operator's upgrade,
//! notes/upgrade.md — lived on by today's server: everyone and every binôme is there; the
//! coordinators sign in with their old passwords, their desk and every old binôme open; the
//! check-ins of the old binômes fall due and are answered, by e-mail and, for whoever has no
//! e-mail, by the coordinator's call; old binômes get a dated first meeting; a new
//! volunteer signs up and a matching round proposes.

use super::{Old, column};
use crate::helpers::TestApp;
use crate::lifecycle::{DAY, tick};
use crate::on_the_previous_release;
use binome::db::{self, pairings::Pairing, people::Scope};
use binome::domain::pairing::State;
use std::collections::{HashMap, hash_map::Entry};
use std::process::Command;

/// The demo's password, as the previous release hashed it.
const OLD_PASSWORD: &str = "demo-binome-2026";

/// Today's `binome migrate`, as the operator runs it.
fn binome_migrate(url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_binome"))
        .arg("migrate")
        .current_dir(dir.path())
        .env("DATABASE_URL", url)
        .env_remove("SMTP_URL")
        .output()
        .expect("the binary runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && said.contains("Base à jour"),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The coordinator of the team named `team`, signed in on a user agent of their own.
async fn coordinator_of(app: &TestApp, team: i32) -> TestApp {
    let name = db::teams::by_id(&app.db, team).await.unwrap().unwrap().name;
    let email = if name == binome::demo::MAURIAC_TEAM {
        "coordination.mauriac@demo.binome.fr"
    } else {
        "coordination.lyon@demo.binome.fr"
    };
    let agent = app.new_visitor();
    let page = agent.login(email, OLD_PASSWORD).await;
    assert_eq!(page.path, "/tableau-de-bord", "{email} signs in: {}", page.body);
    agent
}

async fn binomes_in(app: &TestApp, state: State) -> Vec<Pairing> {
    let teams: Vec<i32> = db::teams::list(&app.db).await.unwrap().iter().map(|t| t.id).collect();
    let open = db::pairings::open_pairings(&app.db, &teams).await.unwrap();
    open.into_iter().filter(|p| p.state == state).collect()
}

async fn full_name(app: &TestApp, person: i32) -> String {
    let p = db::people::by_id(&app.db, person).await.unwrap().unwrap();
    format!("{} {}", p.profile.first_name, p.profile.last_name)
}

async fn everyone_and_every_binome_is_there(app: &TestApp, people: &[String], binomes: &[String]) {
    let mut now = db::people::list(&app.db, Scope::All, None, &[]).await.unwrap();
    now.sort_by_key(|p| p.id);
    let now: Vec<String> = now
        .iter()
        .map(|p| format!("{} {} {}", p.id, p.profile.first_name, p.profile.last_name))
        .collect();
    assert_eq!(now, people, "today's code reads every person of the previous release");
    for line in binomes {
        let [id, state, person, volunteer]: [&str; 4] = line.split(' ').collect::<Vec<_>>().try_into().unwrap();
        let p = db::pairings::pairing(&app.db, id.parse().unwrap())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("binôme {id} is read"));
        let read = (p.state.code(), p.beneficiary_id.to_string(), p.volunteer_id.to_string());
        assert_eq!(read, (state, person.to_string(), volunteer.to_string()));
    }
}

/// The desk and the page of an old active binôme open for its coordinator, and so does the
/// page of every binôme the previous release left, whatever its state.
async fn the_desk_and_the_old_binomes_open(app: &TestApp, old: &Pairing, binomes: &[String]) {
    let coordinator = coordinator_of(app, old.team_id).await;
    let desk = coordinator
        .get(&format!("/tableau-de-bord?equipe={}", old.team_id))
        .await;
    assert_eq!(desk.status, 200);
    assert!(desk.contains("Appels à passer"), "{}", desk.body);
    let page = coordinator.get(&format!("/binomes/{}", old.id)).await;
    assert_eq!(page.status, 200);
    for name in [
        full_name(app, old.beneficiary_id).await,
        full_name(app, old.volunteer_id).await,
    ] {
        assert!(page.contains(&name), "{name} on the binôme's page: {}", page.body);
    }
    let mut coordinators = HashMap::new();
    for line in binomes {
        let id: i32 = line.split(' ').next().unwrap().parse().unwrap();
        let team = db::pairings::pairing(&app.db, id).await.unwrap().unwrap().team_id;
        if let Entry::Vacant(slot) = coordinators.entry(team) {
            slot.insert(coordinator_of(app, team).await);
        }
        let page = coordinators[&team].get(&format!("/binomes/{id}")).await;
        assert_eq!(page.status, 200, "{line}: {}", page.body);
    }
}

/// Two weeks later, the old binômes' first check-ins fall due: a volunteer answers from the
/// e-mail, and a person without e-mail is called by the coordinator from the desk.
async fn the_old_binomes_check_ins_are_answered(app: &TestApp, active: &[Pairing]) {
    app.state.clock.advance(15 * DAY);
    let at = app.state.clock.now_ms();
    // The forty old proposals expire too: the scheduler works through it all in batches of
    // fifty, pass after pass, as its loop does.
    let mut passes = 0;
    while tick(app, at).await > 0 {
        passes += 1;
        assert!(passes < 10, "the scheduler catches up");
    }

    let volunteer = db::people::by_id(&app.db, active[0].volunteer_id)
        .await
        .unwrap()
        .unwrap();
    let address = volunteer.profile.email.expect("volunteers have an e-mail").to_string();
    let link = app.link_in_last_email(&address, "/point/");
    let visitor = app.new_visitor();
    let fields = [
        ("met", "oui"),
        ("mood", "moyen"),
        ("decision", "continuer"),
        ("call_back", "oui"),
    ];
    let done = visitor.submit(&link, &link, &fields).await;
    assert!(done.contains("L'équipe va vous appeler."), "{}", done.body);

    let teams: Vec<i32> = active.iter().map(|p| p.team_id).collect();
    let tasks = db::checkins::call_tasks(&app.db, &teams, at).await.unwrap();
    let (checkin, person) = tasks
        .first()
        .expect("an old binôme's person without e-mail is asked by a call");
    assert!(person.profile.email.is_none());
    let pairing = db::pairings::pairing(&app.db, checkin.pairing_id)
        .await
        .unwrap()
        .unwrap();
    let coordinator = coordinator_of(app, pairing.team_id).await;
    let desk = coordinator
        .get(&format!("/tableau-de-bord?equipe={}", pairing.team_id))
        .await;
    assert!(
        desk.contains(&format!("Appeler {}", full_name(app, person.id).await)),
        "{}",
        desk.body
    );
    let page = format!("/binomes/{}/point/{}", pairing.id, checkin.id);
    let answers = [
        ("met", "oui"),
        ("mood", "bien"),
        ("decision", "continuer"),
        ("isolation", "5"),
    ];
    let done = coordinator.submit(&page, &page, &answers).await;
    assert_eq!(done.path, "/tableau-de-bord", "{}", done.body);
    assert!(
        done.contains("enregistrées (point de suivi n° 1, par téléphone)."),
        "{}",
        done.body
    );
}

/// The binômes the previous release left awaiting their first meeting get a dated one, a
/// feature it did not have: the one accepted by its volunteer, with the person's agreement;
/// the one agreed with the old free-text meeting, through the meeting form.
async fn old_binomes_get_a_dated_meeting(app: &TestApp) {
    let accepted = binomes_in(app, State::Accepted).await;
    let old = accepted
        .first()
        .expect("the fixture has a binôme awaiting the agreement");
    let coordinator = coordinator_of(app, old.team_id).await;
    let agreed = crate::meeting::agree_at(&coordinator, old.id, "Médiathèque").await;
    assert_eq!(agreed.status, 200, "{}", agreed.body);
    let now = db::pairings::pairing(&app.db, old.id).await.unwrap().unwrap();
    assert_eq!(now.state, State::Agreed);

    let agreed = binomes_in(app, State::Agreed).await;
    let before = agreed
        .iter()
        .find(|p| p.id != old.id)
        .expect("the fixture has an agreed binôme");
    let coordinator = coordinator_of(app, before.team_id).await;
    assert!(db::meetings::of_pairing(&app.db, before.id).await.unwrap().is_none());
    let fields = crate::meeting::free_place(&coordinator, "Salle des fêtes");
    let set = crate::meeting::post_meeting(&coordinator, before.id, "rencontre-prevue", &fields).await;
    assert_eq!(set.status, 200, "{}", set.body);

    for (pairing, place) in [(old.id, "Médiathèque"), (before.id, "Salle des fêtes")] {
        let meeting = db::meetings::of_pairing(&app.db, pairing)
            .await
            .unwrap()
            .expect("dated");
        assert!(meeting.starts_at > app.state.clock.now_ms());
        assert_eq!(meeting.place.as_deref(), Some(place));
    }
}

/// A new volunteer signs up in Mauriac, confirms, is approved; a round proposes binômes among
/// the old and the new people.
async fn a_new_volunteer_signs_up_and_a_round_proposes(app: &TestApp) {
    let team = db::teams::list(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == binome::demo::MAURIAC_TEAM)
        .unwrap()
        .id;
    let visitor = app.new_visitor();
    let address = "nouvelle.benevole@exemple.fr";
    let fields = crate::signup::volunteer_fields(address);
    let thanks = crate::signup::sign_up(&visitor, &fields).await;
    assert_eq!(thanks.path, "/devenir-benevole/merci", "{}", thanks.body);
    app.deliver_emails_at(app.state.clock.now_ms()).await;
    let link = app.link_in_last_email(address, "/confirmer/");
    visitor.submit(&link, &link, &[]).await;
    let id = db::people::by_email(&app.db, address).await.unwrap().unwrap().id;

    let coordinator = coordinator_of(app, team).await;
    let record = format!("/personnes/{id}");
    let checklist = [
        ("interview", "oui"),
        ("charter", "oui"),
        ("training", "oui"),
        ("decision", "approve"),
    ];
    let done = coordinator
        .submit(&record, &format!("{record}/validation"), &checklist)
        .await;
    assert!(done.contains("validé·e"), "{}", done.body);

    let before = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap().len();
    let round = coordinator
        .submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    assert_eq!(round.status, 200, "{}", round.body);
    let after = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap();
    assert!(
        after.len() > before,
        "the round proposes: {} then {}",
        before,
        after.len()
    );
    let list = coordinator.get(&format!("/propositions?equipe={team}")).await;
    assert!(list.contains("Approuver"), "{}", list.body);
}

async fn the_previous_release_lives_on_after_binome_migrate(old: Old) {
    let conn = old.connect().await;
    let people = column(
        &conn,
        "SELECT CAST(id AS TEXT) || ' ' || first_name || ' ' || last_name FROM person ORDER BY id",
    )
    .await;
    let binomes = column(
        &conn,
        "SELECT CAST(id AS TEXT) || ' ' || state || ' ' || CAST(beneficiary_id AS TEXT) || ' ' || \
         CAST(volunteer_id AS TEXT) FROM pairing ORDER BY id",
    )
    .await;
    conn.close().await.unwrap();

    binome_migrate(&old.url());
    let app = old.serve().await;
    // The fixture kept the communes of its two départements only and forgot which data set
    // it held: `migrate` loads the shipped set again, as after a release with new communes.
    let shipped = binome::matching::communes::Table::shipped().unwrap().len();
    assert_eq!(db::communes::count(&app.db).await.unwrap(), shipped as u64);
    everyone_and_every_binome_is_there(&app, &people, &binomes).await;
    let active = binomes_in(&app, State::Active).await;
    assert!(!active.is_empty(), "the fixture has active binômes");
    the_desk_and_the_old_binomes_open(&app, &active[0], &binomes).await;
    old_binomes_get_a_dated_meeting(&app).await;
    the_old_binomes_check_ins_are_answered(&app, &active).await;
    a_new_volunteer_signs_up_and_a_round_proposes(&app).await;
    app.cleanup().await;
}

on_the_previous_release!(the_previous_release_lives_on_after_binome_migrate);
