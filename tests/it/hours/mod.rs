//! Volunteer time (#18.7): a volunteer logs her hours and kilometres month by month in her
//! space, corrects a month, and prints the yearly statement; her team's coordinator reads it,
//! nobody else does; the indicators show the team's totals under the rule of small cells; the
//! RGPD export carries the rows.

use crate::helpers::{PASSWORD, Page, TestApp};
use crate::on_both_backends;
use crate::signup::{sign_up, volunteer_fields, with};
use binome::db;
use binome::domain::account::Role;
use binome::domain::volunteer_time::{Entry, Hours, Km, LogMonth};

/// 15 March 2027 at noon (UTC): January and February 2027 are past, December 2026 is last year.
const MID_MARCH_2027: i64 = 1_805_112_000_000;

/// Sets the application's clock to `at`, whatever the real date.
fn set_clock(app: &TestApp, at: i64) {
    app.state.clock.advance(at - app.state.clock.now_ms());
}

/// A volunteer signed up as `first_name` with `email` and `phone`, in her own user agent,
/// in her space.
async fn volunteer_in_her_space(app: &TestApp, first_name: &str, email: &str, phone: &str) -> (TestApp, i32) {
    let her = app.new_visitor();
    let fields = with(&volunteer_fields(email), "submission_key", email);
    let fields = with(&with(&fields, "first_name", first_name), "phone", phone);
    sign_up(&her, &fields).await;
    her.submit("/espace/connexion", "/espace/connexion", &[("email", email)])
        .await;
    app.deliver_emails_at(app.state.clock.now_ms()).await;
    let link = app.link_in_last_email(email, "/espace/lien/");
    let home = her.submit(&link, &link, &[]).await;
    assert_eq!(home.path, "/espace", "{}", home.body);
    let id = db::people::by_email(&app.db, email).await.unwrap().unwrap().id;
    (her, id)
}

async fn log(her: &TestApp, month: &str, hours: &str, km: &str) -> Page {
    her.submit(
        "/espace/benevolat",
        "/espace/benevolat",
        &[("mois", month), ("heures", hours), ("km", km)],
    )
    .await
}

/// The page as a reader sees it, "< 11" included (askama writes `<` as `&#60;`).
fn read(page: &Page) -> String {
    page.body.replace("&#60;", "<")
}

async fn coordinator(app: &TestApp, email: &str, team: i32) -> TestApp {
    app.create_staff(Role::Coordinator, email, &[team], None).await;
    let staff = app.new_visitor();
    assert_eq!(staff.login(email, PASSWORD).await.path, "/tableau-de-bord");
    staff
}

/// Lucie logs January (« 2,5 » hours), February and December of last year, then corrects
/// February: the 2027 statement shows January and February with their totals, not December.
async fn lucie_logs_three_months(app: &TestApp) -> (TestApp, i32, i32) {
    set_clock(app, MID_MARCH_2027);
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let (lucie, id) = volunteer_in_her_space(app, "Lucie", "lucie@exemple.fr", "06 12 34 56 78").await;
    assert!(lucie.get("/espace").await.contains("Mon temps de bénévolat"));
    let saved = log(&lucie, "2027-01", "2,5", "12,5").await;
    assert_eq!(saved.path, "/espace/benevolat");
    assert!(saved.contains("C'est enregistré pour janvier 2027 : 2,5 h et 12,5 km."));
    log(&lucie, "2027-02", "3", "20").await;
    log(&lucie, "2026-12", "10", "0").await;
    let corrected = log(&lucie, "2027-02", "4", "30").await;
    assert!(corrected.contains("C'est enregistré pour février 2027 : 4 h et 30 km."));
    (lucie, id, team)
}

async fn the_statement_shows_the_months_of_its_year_and_their_totals(app: TestApp) {
    let (lucie, _, _) = lucie_logs_three_months(&app).await;
    let page = lucie.get("/espace/benevolat").await;
    assert!(page.contains("<th scope=\"row\">Total 2027</th><td>6,5</td><td>42,5</td>"));
    assert!(page.contains("<th scope=\"row\">Total 2026</th><td>10</td><td>0</td>"));

    let statement = lucie.get("/espace/benevolat/releve?annee=2027").await;
    assert_eq!(statement.status, 200);
    for shown in [
        "Relevé annuel de bénévolat 2027",
        "Lucie Martin",
        "Antenne de Mauriac",
        "<th scope=\"row\">janvier 2027</th><td>2,5</td><td>12,5</td>",
        "<th scope=\"row\">février 2027</th><td>4</td><td>30</td>",
        "<th scope=\"row\">Total 2027</th><td>6,5 h</td><td>42,5 km</td>",
        "Total des kilomètres parcourus en 2027 : <strong>42,5 km</strong>",
        "est fixé par l'association",
    ] {
        assert!(statement.contains(shown), "{shown} in {}", statement.body);
    }
    assert!(!statement.contains("décembre 2026"), "last year's month is not in 2027");
    assert!(!statement.contains("<td>3</td>"), "the corrected figure is gone");

    let last_year = lucie.get("/espace/benevolat/releve?annee=2026").await;
    assert!(last_year.contains("<th scope=\"row\">décembre 2026</th><td>10</td><td>0</td>"));
    assert!(!last_year.contains("janvier 2027"));

    let (headers, csv) = lucie.download("/espace/benevolat/releve.csv?annee=2027").await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(csv.body.contains("janvier 2027;2,5;12,5"), "{}", csv.body);
    assert!(csv.body.contains("février 2027;4;30") && csv.body.contains("Total;6,5;42,5"));
    assert!(!csv.body.contains("décembre 2026"));
}

async fn bad_figures_are_answered_in_french_next_to_the_field_and_kept(app: TestApp) {
    let (lucie, id, _) = lucie_logs_three_months(&app).await;
    let before = db::volunteer_time::entries_of(&app.db, id).await.unwrap();
    let bad = log(&lucie, "2027-01", "deux", "6000").await;
    assert_eq!(bad.status, 200);
    assert!(bad.contains("Le formulaire contient des erreurs"));
    assert!(
        bad.contains("id=\"heures-error\"") && bad.contains("Écrivez un nombre d'heures en chiffres, par exemple 2,5.")
    );
    assert!(bad.contains("id=\"km-error\"") && bad.contains("Indiquez au plus 5\u{202f}000 kilomètres par mois."));
    assert!(
        bad.contains("value=\"deux\"") && bad.contains("value=\"6000\""),
        "what was typed is kept"
    );
    assert!(bad.contains("<option value=\"2027-01\" selected>janvier 2027</option>"));

    let too_many = log(&lucie, "2027-03", "300,5", "1,25").await;
    assert!(too_many.contains("Indiquez au plus 300 heures par mois."));
    assert!(too_many.contains("Indiquez au plus un chiffre après la virgule."));
    let future = log(&lucie, "2027-04", "2", "0").await;
    assert!(future.contains("id=\"mois-error\"") && future.contains("Ce mois n'est pas encore passé"));
    let old = log(&lucie, "2025-02", "2", "0").await;
    assert!(old.contains("Ce mois est trop ancien : on peut indiquer les 24 derniers mois seulement."));
    let long = "9".repeat(5_000);
    let too_long = log(&lucie, "2027-01", &long, "").await;
    assert_eq!(too_long.status, 200);
    assert!(
        too_long.contains("Ce nombre est trop long")
            && too_long.contains("Indiquez un nombre de kilomètres (0 s'il n'y en a pas).")
    );
    assert_eq!(
        db::volunteer_time::entries_of(&app.db, id).await.unwrap(),
        before,
        "nothing changed"
    );

    let taken_back = log(&lucie, "2026-12", "0", "0").await;
    assert!(taken_back.contains("décembre 2026 est retiré de votre relevé"));
    assert!(
        !lucie
            .get("/espace/benevolat/releve?annee=2026")
            .await
            .contains("décembre 2026")
    );
}

async fn only_her_and_her_teams_coordinator_read_her_statement(app: TestApp) {
    let (_, lucie_id, team) = lucie_logs_three_months(&app).await;
    let path = format!("/personnes/{lucie_id}/benevolat?annee=2027");

    let (paul, _) = volunteer_in_her_space(&app, "Paul", "paul@exemple.fr", "06 98 76 54 32").await;
    let his = paul.get("/espace/benevolat/releve?annee=2027").await;
    assert!(!his.contains("Lucie") && !his.contains("janvier 2027") && his.contains("Aucun mois indiqué"));
    assert_eq!(
        paul.get(&path).await.path,
        "/connexion",
        "a volunteer is no staff member"
    );

    let ours = coordinator(&app, "coordination@exemple.fr", team).await;
    let read = ours.get(&path).await;
    assert_eq!(read.status, 200);
    assert!(read.contains("Lucie Martin") && read.contains("<td>6,5 h</td><td>42,5 km</td>"));
    assert!(read.contains(&format!("href=\"/personnes/{lucie_id}\"")));
    let (_, csv) = ours
        .download(&format!("/personnes/{lucie_id}/benevolat.csv?annee=2027"))
        .await;
    assert!(csv.body.contains("Total;6,5;42,5"));
    assert!(
        ours.get(&format!("/personnes/{lucie_id}"))
            .await
            .contains("Relevé annuel de bénévolat")
    );

    let other_team = app.create_team("Antenne d'Ydes", &["15265"]).await;
    let theirs = coordinator(&app, "ydes@exemple.fr", other_team).await;
    let refused = theirs.get(&path).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.contains("Lucie"));
    let (_, refused_csv) = theirs
        .download(&format!("/personnes/{lucie_id}/benevolat.csv?annee=2027"))
        .await;
    assert_eq!(refused_csv.status, 403);
}

async fn the_indicators_show_the_teams_time_from_eleven_volunteers_on(app: TestApp) {
    let (_, _, team) = lucie_logs_three_months(&app).await;
    let staff = coordinator(&app, "coordination@exemple.fr", team).await;
    let alone = staff.get("/indicateurs").await;
    assert!(alone.contains("Temps donné par les bénévoles"));
    assert!(
        read(&alone).contains("<th scope=\"row\">2027</th><td>< 11</td><td>< 11</td><td>< 11</td>"),
        "one volunteer: nothing published"
    );
    // Eleven more volunteers of the team logged February, 10 hours and 20 km each.
    let february = LogMonth::new(2027, 2).unwrap();
    for person in 9_001..9_012 {
        let entry = Entry {
            month: february,
            hours: Hours(1_000),
            km: Km(200),
        };
        db::volunteer_time::save(&app.db, person, Some(team), entry, MID_MARCH_2027)
            .await
            .unwrap();
    }
    let page = staff.get("/indicateurs").await;
    // 12 volunteers; 2,5 + 4 + 110 = 116,5 hours and 12,5 + 30 + 220 = 262,5 km, rounded up.
    assert!(
        page.contains("<th scope=\"row\">2027</th><td>12</td><td>117</td><td>263</td>"),
        "{}",
        page.body
    );
    assert!(read(&page).contains("<th scope=\"row\">2026</th><td>< 11</td><td>< 11</td><td>< 11</td>"));
    let (_, csv) = staff.download("/indicateurs.csv").await;
    assert!(
        csv.body
            .contains("Antenne de Mauriac;Temps donné par les bénévoles;2027;Heures données;117")
    );

    let other_team = app.create_team("Antenne d'Ydes", &["15265"]).await;
    let theirs = coordinator(&app, "ydes@exemple.fr", other_team).await;
    assert!(
        read(&theirs.get("/indicateurs").await)
            .contains("<th scope=\"row\">2027</th><td>< 11</td><td>< 11</td><td>< 11</td>"),
        "another team sees its own figures only"
    );
}

async fn her_data_export_holds_her_months(app: TestApp) {
    let (_, lucie_id, team) = lucie_logs_three_months(&app).await;
    let staff = coordinator(&app, "coordination@exemple.fr", team).await;
    let (_, json) = staff.download(&format!("/personnes/{lucie_id}/donnees.json")).await;
    let export: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let rows = export["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["table"] == "volunteer_time")
        .expect("a section for her time")["rows"]
        .as_array()
        .unwrap()
        .clone();
    let months: Vec<(i64, i64, i64, i64)> = rows
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_i64().unwrap();
            (n("year"), n("month"), n("hours_centi"), n("km_tenths"))
        })
        .collect();
    assert_eq!(
        months,
        vec![(2026, 12, 1_000, 0), (2027, 1, 250, 125), (2027, 2, 400, 300)]
    );
    let readable = staff.get(&format!("/personnes/{lucie_id}/donnees")).await;
    assert!(readable.contains("Temps de bénévolat"));
}

/// Erasure anonymises her: the statement names her no more, and the team's yearly figures
/// keep her months, which name nobody.
async fn erasing_her_keeps_the_teams_figures_without_her_name(app: TestApp) {
    let (_, lucie_id, team) = lucie_logs_three_months(&app).await;
    let before = db::volunteer_time::facts(&app.db, Some(&[team]), &[2026, 2027])
        .await
        .unwrap();
    let actor = db::audit::Actor::system("test");
    let erased = db::rgpd::erase(&app.db, lucie_id, &actor, db::rgpd::Reason::Request, MID_MARCH_2027)
        .await
        .unwrap();
    assert_eq!(erased, db::rgpd::Erasure::Done);
    assert_eq!(
        db::volunteer_time::facts(&app.db, Some(&[team]), &[2026, 2027])
            .await
            .unwrap(),
        before
    );
    let staff = coordinator(&app, "coordination@exemple.fr", team).await;
    let statement = staff.get(&format!("/personnes/{lucie_id}/benevolat?annee=2027")).await;
    assert_eq!(statement.status, 200);
    assert!(!statement.contains("Lucie") && !statement.contains("Martin"));
    assert!(statement.contains("Personne effacée") && statement.contains("6,5 h"));
}

on_both_backends!(
    erasing_her_keeps_the_teams_figures_without_her_name,
    the_statement_shows_the_months_of_its_year_and_their_totals,
    bad_figures_are_answered_in_french_next_to_the_field_and_kept,
    only_her_and_her_teams_coordinator_read_her_statement,
    the_indicators_show_the_teams_time_from_eleven_volunteers_on,
    her_data_export_holds_her_months,
);
