//! The anonymous indicators: figures by month for the teams one may see, "< 11" wherever a
//! cell counts fewer than 11 people ("masqué" where it would give such a cell back), the same
//! figures as a CSV file, and the isolation question of the isolated person's check-in that
//! feeds them.

mod reader;
mod suppression;

use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp, insee};
use crate::on_both_backends;
use binome::db::{
    self,
    people::{NewConsent, NewPerson, Profile},
};
use binome::domain::account::{Email, Role};
use binome::domain::indicators::Month;
use binome::domain::person::{Kind, Status};
use binome::domain::profile::{ContactChannel, Format};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

const DAY: i64 = 86_400_000;

/// Past binômes written straight into the database, at the dates a test needs.
struct Past {
    conn: DatabaseConnection,
    volunteer: i32,
}

impl Past {
    async fn open(app: &TestApp, team: i32) -> Self {
        let conn = Database::connect(app.config().database_url).await.unwrap();
        let volunteer = person(app, team, Kind::Volunteer, 0, None, Some("lucie@exemple.fr")).await;
        Self { conn, volunteer }
    }

    async fn id(&self, sql: String) -> i32 {
        let statement = Statement::from_string(self.conn.get_database_backend(), sql);
        let row = self.conn.query_one_raw(statement).await.unwrap().unwrap();
        row.try_get("", "id").unwrap()
    }

    async fn run(&self, sql: String) {
        self.conn.execute_unprepared(&sql).await.unwrap();
    }

    /// A binôme of `team` created at `created`, active from `active`, ended at `ended`.
    async fn binome(
        &self,
        team: i32,
        beneficiary: i32,
        mode: &str,
        created: i64,
        active: i64,
        ended: Option<i64>,
    ) -> i32 {
        let (state, reason) = if ended.is_some() {
            ("ended", "'moved'")
        } else {
            ("active", "NULL")
        };
        let id = self
            .id(format!(
                "INSERT INTO pairing (team_id, beneficiary_id, volunteer_id, state, score, mode, created_at, updated_at, end_reason) \
                 VALUES ({team}, {beneficiary}, {}, '{state}', 50.0, '{mode}', {created}, {created}, {reason}) RETURNING id",
                self.volunteer
            ))
            .await;
        let mut steps = vec![("introduced", "active", active)];
        steps.extend(ended.map(|at| ("active", "ended", at)));
        for (from, to, at) in steps {
            self.run(format!(
                "INSERT INTO pairing_transition (pairing_id, from_state, to_state, by_who, note, at) \
                 VALUES ({id}, '{from}', '{to}', 'Équipe', 'note privée', {at})"
            ))
            .await;
        }
        id
    }

    /// The isolated person's next check-in of `pairing`, due at `due`, maybe answered.
    async fn checkin(&self, pairing: i32, person: i32, due: i64, answer: Option<(i64, &str, i32)>) -> i32 {
        let (answered, decision, isolation) = match answer {
            Some((at, decision, isolation)) => (at.to_string(), format!("'{decision}'"), isolation.to_string()),
            None => ("NULL".into(), "NULL".into(), "NULL".into()),
        };
        self.id(format!(
            "INSERT INTO checkin (pairing_id, person_id, role, number, due_at, answered_at, decision, call_back, isolation, comment) \
             SELECT {pairing}, {person}, 'beneficiary', COALESCE(MAX(number), 0) + 1, {due}, {answered}, {decision}, FALSE, {isolation}, NULL \
             FROM checkin WHERE pairing_id = {pairing} AND person_id = {person} RETURNING id"
        ))
        .await
    }
}

async fn person(app: &TestApp, team: i32, kind: Kind, at: i64, isolation: Option<i32>, email: Option<&str>) -> i32 {
    let profile = Profile {
        email: email.and_then(|e| Email::parse(e).ok()),
        phone: Some("0471000000".into()),
        languages: vec!["fr".into()],
        formats: vec![Format::Public],
        isolation,
        ..Profile::new("Prénom", "Nom", insee("15120"), ContactChannel::Phone)
    };
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let status = if kind == Kind::Volunteer {
        Status::Approved
    } else {
        Status::Waiting
    };
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
        waiting_since: Some(at),
    };
    db::people::create(&app.db, new, at).await.unwrap()
}

/// Last month, Mauriac's team had 12 binômes met in person and 3 by telephone (these 3 have
/// ended); 11 of the 12 check-ins due were answered, 9 to continue. Riom's team had 2 binômes
/// and has 3 people waiting. Returns (Mauriac, Riom, last month).
async fn two_teams(app: &TestApp) -> (i32, i32, Month) {
    let mauriac = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let riom = app.create_team("Antenne de Riom", &["15162"]).await;
    let last = Month::last(2, binome::epoch_ms(chrono::Utc::now()))[0];
    let at = |day: i64| last.start_ms() + day * DAY + 10 * 3_600_000;
    let past = Past::open(app, mauriac).await;
    for i in 0..15 {
        let phone = i >= 12;
        let isolation = (!phone).then_some(8);
        let b = person(app, mauriac, Kind::Beneficiary, at(0), isolation, None).await;
        let mode = if phone { "phone" } else { "in_person" };
        let p = past.binome(mauriac, b, mode, at(1), at(2), phone.then(|| at(20))).await;
        if !phone {
            let decision = if i < 9 { "continuer" } else { "pause" };
            past.checkin(p, b, at(16), (i < 11).then(|| (at(17), decision, 4)))
                .await;
        }
    }
    for _ in 0..2 {
        let b = person(app, riom, Kind::Beneficiary, at(0), Some(2), None).await;
        past.binome(riom, b, "in_person", at(1), at(2), None).await;
    }
    for _ in 0..3 {
        person(app, riom, Kind::Beneficiary, at(0), Some(9), None).await;
    }
    (mauriac, riom, last)
}

/// A line of a table as the page writes it (askama writes `<` as `&#60;`).
fn row(label: &str, cells: &[&str]) -> String {
    let cells: String = cells.iter().map(|c| format!("<td>{c}</td>")).collect();
    format!("<th scope=\"row\">{label}</th>{cells}").replace("< 11", "&#60; 11")
}

async fn a_coordinator_reads_last_months_figures_with_small_cells_hidden(app: TestApp) {
    let (mauriac, riom, last) = two_teams(&app).await;
    app.create_staff(Role::Coordinator, "mauriac@exemple.fr", &[mauriac], None)
        .await;
    app.login("mauriac@exemple.fr", PASSWORD).await;
    let page = app.get("/tableau-de-bord").await;
    assert!(
        page.contains("href=\"/indicateurs\""),
        "the staff menu links to the indicators"
    );

    let page = app.get("/indicateurs").await;
    assert_eq!(page.status, 200);
    let month = last.label();
    assert!(
        page.contains(&row(&month, &["masqué", "< 11", "15"])),
        "created: in person (hidden, or 15 − 12 gives the 3), by phone (hidden), total"
    );
    assert!(
        page.contains(&row(&month, &["12", "11", "92\u{a0}%"])),
        "11 answers out of 12 check-ins due"
    );
    assert!(
        page.contains(&row(&month, &["11", "< 11", "masqué"])),
        "9 of 11 answers continue: the count is hidden, and the rate (82 % of 11 gives the 9 back)"
    );
    assert!(
        page.contains(&row("Note de 7 à 10", &["12", "< 11"])) && page.contains(&row("Note de 4 à 6", &["< 11", "11"]))
    );
    assert!(page.contains(&row("Note médiane (sur 10)", &["8", "4"])));
    assert!(
        page.contains(&row("déménagement ou indisponibilité", &["< 11"])),
        "3 ended binômes"
    );
    assert!(page.contains(&row("Binômes en cours aujourd'hui", &["12"])));
    assert!(
        !page.contains("aria-labelledby=\"crees-graphique\""),
        "the 12 in person are hidden: no column of their height"
    );
    assert!(page.contains("chaque case compte moins de 11 personnes ou est masquée."));
    assert!(
        page.contains("role=\"img\" aria-labelledby=\"en-cours-graphique\"")
            && page.contains("<title id=\"en-cours-graphique\">")
    );
    assert!(
        page.contains("<rect class=\"chart-series-0\""),
        "the 12 under way are drawn"
    );
    assert!(
        !page.contains("Antenne de Riom") && !page.contains("Prénom"),
        "another team, and no name"
    );

    assert_eq!(
        app.get(&format!("/indicateurs?equipe={riom}")).await.status,
        404,
        "not their team"
    );
    let six = app.get(&format!("/indicateurs?equipe={mauriac}&periode=6")).await;
    assert!(six.contains("<option value=\"6\" selected>6 derniers mois</option>"));
    assert!(
        app.get("/indicateurs?equipe=abc&periode=xyz").await.status == 404,
        "a bad address is not an error 500"
    );
}

async fn an_admin_sees_each_team_and_all_of_them_and_a_referent_sees_nothing(app: TestApp) {
    let (mauriac, riom, _) = two_teams(&app).await;
    app.signed_in_admin().await;
    let page = app.get("/indicateurs").await;
    assert!(page.contains("<th scope=\"col\">Antenne de Mauriac</th><th scope=\"col\">Antenne de Riom</th><th scope=\"col\">Toutes les équipes</th>"));
    assert!(
        page.contains(&row("Binômes créés sur la période", &["masqué", "< 11", "17"])),
        "17 − 15 would give Riom's 2"
    );
    assert!(page.contains(&row(
        "Personnes en attente d'un binôme aujourd'hui",
        &["< 11", "< 11", "< 11"]
    )));
    let one = app.get(&format!("/indicateurs?equipe={riom}")).await;
    assert!(
        one.contains(&row("Binômes créés sur la période", &["< 11"])),
        "{}",
        one.body
    );

    let riom_staff = app.new_visitor();
    riom_staff
        .create_staff(Role::Coordinator, "riom@exemple.fr", &[riom], None)
        .await;
    riom_staff.login("riom@exemple.fr", PASSWORD).await;
    let page = riom_staff.get("/indicateurs").await;
    assert!(page.contains("Antenne de Riom") && !page.contains("Mauriac") && !page.contains("<td>12</td>"));
    let (_, file) = riom_staff.download("/indicateurs.csv").await;
    assert!(!file.body.contains("Mauriac") && file.body.contains("Antenne de Riom;Binômes créés;"));
    assert_eq!(
        riom_staff
            .get(&format!("/indicateurs.csv?equipe={mauriac}"))
            .await
            .status,
        404
    );

    let referent = app.new_visitor();
    referent
        .create_staff(Role::Referent, "ccas@exemple.fr", &[mauriac], Some("CCAS"))
        .await;
    referent.login("ccas@exemple.fr", PASSWORD).await;
    assert_eq!(referent.get("/indicateurs").await.status, 403);
    assert_eq!(referent.get("/indicateurs.csv").await.status, 403);
    assert!(!referent.get("/tableau-de-bord").await.contains("href=\"/indicateurs\""));
}

async fn the_csv_file_holds_the_same_figures_and_survives_erasure(app: TestApp) {
    let (mauriac, _, last) = two_teams(&app).await;
    app.create_staff(Role::Coordinator, "mauriac@exemple.fr", &[mauriac], None)
        .await;
    app.login("mauriac@exemple.fr", PASSWORD).await;
    let (headers, file) = app.download("/indicateurs.csv").await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"indicateurs-")
    );
    assert!(
        file.body
            .starts_with("\u{feff}Périmètre;Indicateur;Mois ou catégorie;Mesure;Valeur\n")
    );
    let code = last.code();
    for line in [
        format!("Antenne de Mauriac;Binômes créés;{code};En personne;masqué"),
        format!("Antenne de Mauriac;Binômes créés;{code};Par téléphone;< 11"),
        format!("Antenne de Mauriac;Taux de réponse aux points de suivi;{code};Taux de réponse (%);92"),
        "Antenne de Mauriac;Chiffres clés;;Binômes en cours aujourd'hui;12".to_string(),
    ] {
        assert!(file.body.lines().any(|l| l == line), "{line} in\n{}", file.body);
    }

    // Erasing people's data anonymises their names, contacts and notes: no figure moves.
    let conn = Database::connect(app.config().database_url).await.unwrap();
    for sql in [
        "UPDATE person SET first_name = 'Anonyme', last_name = 'Anonyme', email = NULL, phone = NULL, postal_address = NULL",
        "UPDATE checkin SET comment = NULL",
        "UPDATE pairing_transition SET note = NULL, by_who = 'Anonyme'",
    ] {
        conn.execute_unprepared(sql).await.unwrap();
    }
    assert_eq!(app.download("/indicateurs.csv").await.1.body, file.body);
}

async fn the_isolated_person_may_say_how_lonely_they_feel_at_a_check_in(app: TestApp) {
    let team = app.signed_in_coordinator().await;
    let past = Past::open(&app, team).await;
    let now = binome::epoch_ms(chrono::Utc::now());
    let denise = person(&app, team, Kind::Beneficiary, now - 30 * DAY, Some(9), None).await;
    let pairing = past
        .binome(team, denise, "phone", now - 20 * DAY, now - 16 * DAY, None)
        .await;
    let checkin = past.checkin(pairing, denise, now - DAY, None).await;
    let page = format!("/binomes/{pairing}/point/{checkin}");
    let form = app.get(&page).await;
    assert!(form.contains("En ce moment, vous vous sentez seul·e ?") && form.contains("10 (très seul·e)"));
    assert!(
        form.contains("id=\"isolation-none\" name=\"isolation\" value=\"\" checked"),
        "not answering is the default"
    );

    let refused = app
        .submit(
            &page,
            &page,
            &[
                ("met", "oui"),
                ("mood", "bien"),
                ("decision", "continuer"),
                ("isolation", "12"),
            ],
        )
        .await;
    assert!(refused.contains("Choisissez un nombre entre 0 et 10.") && refused.contains("id=\"isolation-error\""));
    assert!(
        refused.contains("value=\"oui\" checked") && refused.contains("value=\"continuer\" checked"),
        "answers kept"
    );
    let done = app
        .submit(
            &page,
            &page,
            &[
                ("met", "oui"),
                ("mood", "bien"),
                ("decision", "continuer"),
                ("isolation", "7"),
            ],
        )
        .await;
    assert!(
        done.contains("Réponses de ") && done.contains("enregistrées (point de suivi n°"),
        "{}",
        done.body
    );
    let stored = past
        .id(format!("SELECT isolation AS id FROM checkin WHERE id = {checkin}"))
        .await;
    assert_eq!(stored, 7);
}

async fn the_indicators_page_passes_axe_core_for_a_coordinator(app: TestApp) {
    let Some(browser) = Browser::start().await else { return };
    let (mauriac, _, _) = two_teams(&app).await;
    app.create_staff(Role::Coordinator, "mauriac@exemple.fr", &[mauriac], None)
        .await;
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "mauriac@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser.click_to("form button[type=submit]", "/tableau-de-bord").await;
    browser.click_to("a[href='/indicateurs']", "/indicateurs").await;
    assert!(browser.text().await.contains("Binômes créés"));
    browser.assert_accessible("indicateurs").await;
    browser.client.set_window_size(375, 812).await.unwrap();
    assert!(!browser.scrolls_sideways().await, "the charts and tables fit a phone");

    // The call that feeds "isolation at check-ins", with its 0–10 question.
    let now = binome::epoch_ms(chrono::Utc::now());
    let (task, _) = db::checkins::call_tasks(&app.db, &[mauriac], now)
        .await
        .unwrap()
        .remove(0);
    browser
        .client
        .goto(&app.url(&format!("/binomes/{}/point/{}", task.pairing_id, task.id)))
        .await
        .unwrap();
    browser.click("#isolation-7").await;
    browser.click_and_reload("form.form button[type=submit]").await;
    assert!(browser.text().await.contains("Répondez oui ou non."));
    let seven = browser
        .client
        .find(fantoccini::Locator::Css("#isolation-7"))
        .await
        .unwrap();
    assert!(seven.is_selected().await.unwrap(), "the chosen note is kept");
    browser
        .assert_accessible("point de suivi par téléphone, avec erreurs")
        .await;
    browser.close().await;
}

on_both_backends!(
    a_coordinator_reads_last_months_figures_with_small_cells_hidden,
    an_admin_sees_each_team_and_all_of_them_and_a_referent_sees_nothing,
    the_csv_file_holds_the_same_figures_and_survives_erasure,
    the_isolated_person_may_say_how_lonely_they_feel_at_a_check_in,
    the_indicators_page_passes_axe_core_for_a_coordinator
);
