//! « Personnes sans bénévole à portée » (issue #18, point 6): the people waiting whom no
//! available volunteer can reach, by commune, on a map and in a table with the small cells
//! hidden, as a CSV file; the recruiting poster of a commune, printed in Chromium, whose QR
//! code opens the sign-up form with the commune filled in.

mod page;
mod poster;

use crate::helpers::{PASSWORD, TestApp, insee};
use binome::db::{
    self,
    people::{NewConsent, NewPerson, Profile},
};
use binome::domain::account::{Email, Role};
use binome::domain::availability::Slots;
use binome::domain::duration::days;
use binome::domain::person::{Kind, Status};
use binome::domain::profile::{ContactChannel, Format};

pub const MAURIAC: &str = "15120";
/// 17 km from Mauriac.
pub const YDES: &str = "15265";
/// 27 km from Mauriac.
pub const RIOM: &str = "15162";
/// 33 km from Mauriac.
pub const AURILLAC: &str = "15014";
pub const SAINT_FLOUR: &str = "15187";
pub const MURAT: &str = "15138";

/// Two teams, each with its coordinator, and the people of `seed`.
pub struct Territories {
    pub mauriac: i32,
    pub murat: i32,
}

/// `n` people of `team` waiting in `commune` (public places only), the first one for
/// `longest` days, the others for 1 day.
pub async fn waiting(app: &TestApp, team: i32, commune: &str, n: usize, longest: i64) {
    let now = app.state.clock.now_ms();
    for i in 0..n {
        let since = now - days(if i == 0 { longest } else { 1 });
        let name = format!("Personne{commune}x{i}");
        create(app, team, Kind::Beneficiary, &name, commune, since).await;
    }
}

/// A volunteer of `team` living in `commune`, going 20 km around to meet in public places.
pub async fn volunteer(app: &TestApp, team: i32, first_name: &str, commune: &str) -> i32 {
    create(app, team, Kind::Volunteer, first_name, commune, 0).await
}

async fn create(app: &TestApp, team: i32, kind: Kind, first_name: &str, commune: &str, since: i64) -> i32 {
    let volunteer = kind == Kind::Volunteer;
    let profile = Profile {
        email: Email::parse(&format!("{}@exemple.fr", first_name.to_lowercase())).ok(),
        slots: Slots::from_bits(Slots::bit(1, 1)),
        languages: vec!["fr".into()],
        formats: vec![Format::Public],
        radius_km: volunteer.then_some(20),
        capacity: volunteer.then_some(1),
        interest_ids: vec![2],
        ..Profile::new(first_name, "Test", insee(commune), ContactChannel::Email)
    };
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let new = NewPerson {
        kind,
        status: if volunteer { Status::Approved } else { Status::Waiting },
        team_id: Some(team),
        referent_id: None,
        profile: &profile,
        consent: &NewConsent::online(&charter),
        token: None,
        emails: vec![],
        submission_key: None,
        waiting_since: (!volunteer).then_some(since),
    };
    db::people::create(&app.db, new, 0).await.unwrap()
}

/// The Mauriac team: Lucie volunteers in Mauriac (20 km around), so the people waiting in
/// Mauriac (2) and Ydes (4) are within reach; Riom (12, the longest for 200 days), Saint-Flour
/// (13, for 95 days) and Aurillac (2) are not. The Murat team: 11 people waiting in Murat for
/// up to 30 days, no volunteer. `app` is signed in as the Mauriac coordinator.
pub async fn seed(app: &TestApp) -> Territories {
    let mauriac = app
        .create_team("Antenne de Mauriac", &[MAURIAC, YDES, RIOM, AURILLAC, SAINT_FLOUR])
        .await;
    let murat = app.create_team("Antenne de Murat", &[MURAT]).await;
    volunteer(app, mauriac, "Lucie", MAURIAC).await;
    waiting(app, mauriac, MAURIAC, 2, 10).await;
    waiting(app, mauriac, YDES, 4, 300).await;
    waiting(app, mauriac, RIOM, 12, 200).await;
    waiting(app, mauriac, SAINT_FLOUR, 13, 95).await;
    waiting(app, mauriac, AURILLAC, 2, 400).await;
    waiting(app, murat, MURAT, 11, 30).await;
    let contact = db::teams::Contact {
        phone: Some("0471401234".into()),
        email: None,
    };
    db::teams::set_contact(&app.db, mauriac, &contact).await.unwrap();
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[mauriac], None)
        .await;
    app.create_staff(Role::Coordinator, "murat@exemple.fr", &[murat], None)
        .await;
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    app.create_staff(Role::Referent, "referent@exemple.fr", &[mauriac], None)
        .await;
    assert_eq!(
        app.login("coordination@exemple.fr", PASSWORD).await.path,
        "/tableau-de-bord"
    );
    Territories { mauriac, murat }
}

/// Another user agent on the same server, signed in as `email`.
pub async fn signed_in(app: &TestApp, email: &str) -> TestApp {
    let other = app.new_visitor();
    other.login(email, PASSWORD).await;
    other
}
