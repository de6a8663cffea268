//! The coordinator's desk: the dashboard's lists, pages and commune filter, the last check-in
//! in a colour and a word, the call sheet, the timeline and the team's notes.

mod browser;
mod cost;
mod free;
mod fresh;
mod instance;
mod lists;
mod people_list;
mod teams;
mod timeline;
mod today;

use crate::helpers::{PASSWORD, TestApp, insee};
use binome::db::{
    self,
    checkins::{AlertKind, Answers, NewAlert},
    pairings::Notices,
    people::{NewConsent, NewPerson, Profile},
    suggestions::NewSuggestion,
};
use binome::domain::account::{Email, Role};
use binome::domain::availability::Slots;
use binome::domain::pairing::{Action, Plan, State};
use binome::domain::person::{Kind, Status};
use binome::domain::profile::{ContactChannel, Format};

pub const DAY: i64 = 86_400_000;

pub fn now() -> i64 {
    binome::epoch_ms(chrono::Utc::now())
}

/// A team covering Mauriac and Ydes, with its coordinator signed in.
pub async fn desk(app: &TestApp) -> i32 {
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[team], None)
        .await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    team
}

/// Someone of `team` in `commune`, signed up `days_ago` days ago (an isolated person waits
/// since then); without e-mail, their check-ins are phone calls.
pub async fn person(
    app: &TestApp,
    team: i32,
    kind: Kind,
    first_name: &str,
    commune: &str,
    email: bool,
    days_ago: i64,
) -> i32 {
    let status = if kind == Kind::Volunteer {
        Status::Approved
    } else {
        Status::Waiting
    };
    person_in(app, team, kind, status, first_name, commune, email, days_ago).await
}

/// As `person`, with her status (a volunteer who just signed up, say).
#[allow(clippy::too_many_arguments)]
pub async fn person_in(
    app: &TestApp,
    team: i32,
    kind: Kind,
    status: Status,
    first_name: &str,
    commune: &str,
    email: bool,
    days_ago: i64,
) -> i32 {
    let profile = Profile {
        email: email
            .then(|| Email::parse(&format!("{}@exemple.fr", first_name.to_lowercase())).ok())
            .flatten(),
        phone: Some(format!("04 71 00 00 {:02}", first_name.len())),
        slots: Slots::from_bits(Slots::bit(1, 1)),
        languages: vec!["fr".into()],
        formats: vec![Format::Public],
        radius_km: (kind == Kind::Volunteer).then_some(20),
        capacity: (kind == Kind::Volunteer).then_some(3),
        ..Profile::new(first_name, "Test", insee(commune), ContactChannel::Phone)
    };
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let at = now() - days_ago * DAY;
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
        waiting_since: (kind == Kind::Beneficiary).then_some(at),
    };
    db::people::create(&app.db, new, at).await.unwrap()
}

fn suggestion(beneficiary_id: i32, volunteer_id: i32, score: f64) -> NewSuggestion {
    NewSuggestion {
        beneficiary_id,
        volunteer_id,
        score,
        distance_km: 3.0,
        mode: "public".into(),
        reasons: vec!["même commune".into()],
    }
}

/// Suggestions waiting for the coordinator's decision (they replace the team's previous ones).
pub async fn suggest(app: &TestApp, team: i32, pairs: &[(i32, i32, f64)]) {
    let list: Vec<NewSuggestion> = pairs.iter().map(|(b, v, s)| suggestion(*b, *v, *s)).collect();
    db::suggestions::replace_round(&app.db, team, "essai", &list, now())
        .await
        .unwrap();
}

/// A binôme of `b` and `v`, approved then moved along its life up to `to`.
pub async fn binome(app: &TestApp, team: i32, b: i32, v: i32, to: State) -> i32 {
    suggest(app, team, &[(b, v, 80.0)]).await;
    let s = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .remove(0);
    let id = db::suggestions::approve(&app.db, &s, 1, "Équipe", None, now())
        .await
        .unwrap()
        .unwrap();
    let path = [
        (State::Proposed, None),
        (State::Accepted, Some(Action::Accept)),
        (State::Agreed, Some(Action::Agree)),
        (State::Introduced, Some(Action::Introduce)),
        (State::Active, Some(Action::Activate)),
        (State::Paused, Some(Action::Pause)),
    ];
    let last = path.iter().position(|(s, _)| *s == to).unwrap();
    let actions: Vec<Action> = path[..=last].iter().filter_map(|(_, a)| *a).collect();
    if !actions.is_empty() {
        let p = db::pairings::pairing(&app.db, id).await.unwrap().unwrap();
        let mut plan = Plan::steps(p.binome(), &actions, "Équipe", None, now()).unwrap();
        // The desk's binômes have only the check-ins a test gives them.
        plan.schedule.clear();
        assert!(
            db::pairings::write(&app.db, &plan, &Notices::default(), now())
                .await
                .unwrap()
        );
    }
    id
}

/// A check-in of `person` in binôme `pairing`, due `days_ago` days ago; answered with `mood`.
pub async fn checkin(app: &TestApp, pairing: i32, person: i32, role: &str, days_ago: i64, mood: Option<&str>) -> i32 {
    let id = db::checkins::open(&app.db, pairing, person, role, 1, now() - days_ago * DAY)
        .await
        .unwrap();
    if let Some(mood) = mood {
        let c = db::checkins::by_id(&app.db, id).await.unwrap().unwrap();
        let answers = Answers {
            met: "oui".into(),
            mood: mood.into(),
            decision: "continuer".into(),
            ..Default::default()
        };
        db::checkins::answer(&app.db, &c, &answers, "la personne, par le lien", None, &[], now())
            .await
            .unwrap();
    }
    id
}

pub async fn alert(app: &TestApp, team: i32, pairing: Option<i32>, person: i32, kind: AlertKind, message: &str) {
    let a = NewAlert {
        team_id: team,
        pairing_id: pairing,
        person_id: Some(person),
        kind,
        message: message.into(),
    };
    db::checkins::raise_alert(&app.db, &a, now()).await.unwrap();
}

/// Where `text` first appears in the page as a reader sees it (panics when it does not).
pub fn at(page: &crate::helpers::Page, text: &str) -> usize {
    let seen = page.body.replace("&#39;", "'").replace("&quot;", "\"");
    seen.find(text)
        .unwrap_or_else(|| panic!("« {text} » is not on the page"))
}
