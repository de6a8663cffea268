//! The people and records the access matrix is played against: team A with a binôme, a
//! check-in, an alert and Philomène (signed up by référent R1), team B, and one signed-in
//! user agent per role.

use crate::helpers::{PASSWORD, TestApp, insee};
use binome::db::{
    self,
    people::{NewConsent, NewPerson, Profile},
};
use binome::domain::account::{Email, Role};
use binome::domain::person::{Kind, Status};
use binome::domain::profile::{ContactChannel, Format};

/// Who calls, in the order of the matrix's columns.
pub const ROLES: [&str; 8] = [
    "anonymous",
    "volunteer",
    "isolated",
    "R1",
    "R2",
    "coordinator A",
    "coordinator B",
    "admin",
];

/// Names of team A's people: no refused answer may show them.
pub const TEAM_A_NAMES: [&str; 2] = ["Philomène", "Denise"];

pub struct Fixture {
    /// One user agent per role, in the order of `ROLES`.
    pub clients: Vec<TestApp>,
    /// Each client's anti-forgery token.
    pub tokens: Vec<String>,
    /// The values of the `{placeholders}` of the matrix.
    pub ids: Vec<(&'static str, String)>,
    pub philomene: i32,
    pub pairing: i32,
    pub team_a: i32,
    /// A volunteer of team A not in the binôme, for fresh proposals.
    pub(crate) free_volunteer: i32,
    renewals: usize,
}

impl Fixture {
    /// `path` with the fixture's ids in place of its placeholders.
    pub fn path(&self, template: &str) -> String {
        self.ids
            .iter()
            .fold(template.to_string(), |p, (k, v)| p.replace(&format!("{{{k}}}"), v))
    }

    fn set(&mut self, key: &str, value: impl ToString) {
        if let Some(slot) = self.ids.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value.to_string();
        }
    }

    /// A fresh proposal or alert before each call that uses one, since an allowed caller
    /// uses it up.
    pub async fn renew(&mut self, app: &TestApp, template: &str) {
        self.renewals += 1;
        if template.contains("{suggestion}") {
            let id = propose(app, self.team_a, self.philomene, self.free_volunteer, self.renewals).await;
            self.set("suggestion", id);
        }
        if template.contains("{alert}") {
            let id = raise_alert(app, self.team_a, self.pairing).await;
            self.set("alert", id);
        }
    }

    /// What a forbidden request must leave unchanged.
    pub async fn snapshot(&self, app: &TestApp) -> String {
        let db = &app.db;
        let id = |key: &str| self.path(&format!("{{{key}}}")).parse::<i32>().unwrap_or_default();
        let person = db::people::by_id(db, self.philomene).await.unwrap();
        let volunteer = db::people::by_id(db, id("va")).await.unwrap();
        let consents = db::people::consents(db, self.philomene).await.unwrap();
        let notes = db::notes::of_person(db, self.philomene, &[self.pairing]).await.unwrap();
        let pairing = db::pairings::pairing(db, self.pairing).await.unwrap();
        let checkin = db::checkins::by_id(db, id("checkin")).await.unwrap();
        let alerts = db::checkins::open_alerts(db, &[self.team_a]).await.unwrap();
        let suggestions = db::suggestions::open_suggestions(db, &[self.team_a]).await.unwrap();
        let weights = db::suggestions::weights(db).await.unwrap();
        let teams = db::teams::list(db).await.unwrap();
        let staff = db::staff::list(db).await.unwrap();
        let charter = db::charters::current(db).await.unwrap();
        let interests = db::interests::all(db).await.unwrap();
        format!(
            "{person:?}{volunteer:?}{consents:?}{notes:?}{pairing:?}{checkin:?}{alerts:?}{suggestions:?}{weights:?}\
             {teams:?}{staff:?}{charter:?}{interests:?}"
        )
    }
}

/// Philomène, waiting in team A, signed up by the référent `referent`.
pub(crate) async fn philomene(app: &TestApp, team: i32, referent: i32) -> i32 {
    let profile = Profile {
        email: Email::parse("philomene@exemple.fr").ok(),
        languages: vec!["fr".into()],
        formats: vec![Format::Public],
        ..Profile::new("Philomène", "Test", insee("15120"), ContactChannel::Email)
    };
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let new = NewPerson {
        kind: Kind::Beneficiary,
        status: Status::Waiting,
        team_id: Some(team),
        referent_id: Some(referent),
        profile: &profile,
        consent: &NewConsent::online(&charter),
        token: None,
        emails: vec![],
        submission_key: None,
        waiting_since: Some(0),
    };
    db::people::create(&app.db, new, 0).await.unwrap()
}

/// A new user agent signed in as staff.
async fn staff(app: &TestApp, role: Role, email: &str, teams: &[i32]) -> (TestApp, i32) {
    let organisation = (role == Role::Referent).then_some("Mairie de Mauriac");
    let id = app.create_staff(role, email, teams, organisation).await;
    let client = app.new_visitor();
    let page = client.login(email, PASSWORD).await;
    assert_ne!(page.path, "/connexion", "{email} signs in");
    (client, id)
}

/// A new user agent in the personal space of whoever reads `address`.
async fn in_space(app: &TestApp, address: &str) -> TestApp {
    let client = app.new_visitor();
    client
        .submit("/espace/connexion", "/espace/connexion", &[("email", address)])
        .await;
    app.deliver_emails().await;
    let link = app.link_in_last_email(address, "/espace/lien/");
    let home = client.submit(&link, &link, &[]).await;
    assert_eq!(home.path, "/espace", "{address} is in the space");
    client
}

pub async fn build(app: &TestApp) -> Fixture {
    // `app` is signed in as the coordinator of team A.
    let (pairing, volunteer) = crate::lifecycle::active_binome(app).await;
    let p = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap();
    let team_a = p.team_id;
    let team_b = app.create_team("Antenne d'Aurillac", &["15014"]).await;
    let (admin, _) = staff(app, Role::Admin, "admin@exemple.fr", &[]).await;
    let (coordinator_b, _) = staff(app, Role::Coordinator, "coordination-b@exemple.fr", &[team_b]).await;
    let (r1, r1_id) = staff(app, Role::Referent, "referent1@exemple.fr", &[team_a]).await;
    let (r2, _) = staff(app, Role::Referent, "referent2@exemple.fr", &[team_a]).await;
    let philomene = philomene(app, team_a, r1_id).await;
    // An account for the administration's rows to disable, re-role and reset.
    let account = app
        .create_staff(
            Role::Referent,
            "depart@exemple.fr",
            &[team_a],
            Some("Mairie de Mauriac"),
        )
        .await;
    let free = ["lucie@exemple.fr", "paul@exemple.fr"]
        .into_iter()
        .find(|a| *a != volunteer)
        .unwrap_or_default();
    let free_volunteer = db::people::by_email(&app.db, free).await.unwrap().unwrap().id;
    let suggestion = propose(app, team_a, philomene, free_volunteer, 0).await;
    let checkin = db::checkins::open(&app.db, pairing, p.beneficiary_id, "beneficiary", 1, 0)
        .await
        .unwrap();
    let alert = raise_alert(app, team_a, pairing).await;
    let charter = db::charters::current(&app.db).await.unwrap().unwrap().id;
    let interest = db::interests::all(&app.db).await.unwrap()[0].0.id;
    let clients = vec![
        app.new_visitor(),
        in_space(app, &volunteer).await,
        in_space(app, "philomene@exemple.fr").await,
        r1,
        r2,
        app.clone(),
        coordinator_b,
        admin,
    ];
    let mut tokens = Vec::new();
    for client in &clients {
        tokens.push(client.get("/espace/connexion").await.csrf_token());
    }
    let ids = vec![
        ("team_a", team_a.to_string()),
        ("team_b", team_b.to_string()),
        ("pa", philomene.to_string()),
        ("va", p.volunteer_id.to_string()),
        ("pairing", pairing.to_string()),
        ("checkin", checkin.to_string()),
        ("alert", alert.to_string()),
        ("suggestion", suggestion.to_string()),
        ("charter", charter.to_string()),
        ("interest", interest.to_string()),
        ("account", account.to_string()),
        ("token", "jeton-inconnu".into()),
        ("css", "binome.css".into()),
        // Mauriac, in team A's territory.
        ("commune_a", "15120".into()),
    ];
    Fixture {
        clients,
        tokens,
        ids,
        philomene,
        pairing,
        team_a,
        free_volunteer,
        renewals: 0,
    }
}

/// A new round proposing `volunteer` to `person`; returns the proposal.
async fn propose(app: &TestApp, team: i32, person: i32, volunteer: i32, round: usize) -> i64 {
    let proposal = db::suggestions::NewSuggestion {
        beneficiary_id: person,
        volunteer_id: volunteer,
        score: 70.0,
        distance_km: 3.0,
        mode: "in_person".into(),
        reasons: vec![],
    };
    db::suggestions::replace_round(&app.db, team, &format!("access-{round}"), &[proposal], 0)
        .await
        .unwrap();
    db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap()[0].id
}

/// A new open alert on the binôme; returns it.
async fn raise_alert(app: &TestApp, team: i32, pairing: i32) -> i32 {
    let p = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap();
    let alert = db::checkins::NewAlert {
        team_id: team,
        pairing_id: Some(pairing),
        person_id: Some(p.beneficiary_id),
        kind: binome::domain::alert::AlertKind::NoAnswer,
        message: "Denise n'a pas répondu".into(),
    };
    db::checkins::raise_alert(&app.db, &alert, 0).await.unwrap();
    let alerts = db::checkins::open_alerts(&app.db, &[team]).await.unwrap();
    alerts.iter().map(|a| a.id).max().unwrap_or_default()
}
