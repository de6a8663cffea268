//! The page, its CSV file, who sees what, the poster's page and the sign-up form it opens.

use super::{AURILLAC, SAINT_FLOUR, seed, signed_in, volunteer};
use crate::helpers::TestApp;
use crate::on_both_backends;

/// The line of `commune` in the page's table, from its name to the end of the row.
fn row<'a>(page: &'a str, commune: &str) -> Option<&'a str> {
    let start = page.find(&format!("<th scope=\"row\">{commune}</th>"))?;
    let end = page[start..].find("</tr>")? + start;
    Some(&page[start..end])
}

async fn people_out_of_reach_are_listed_by_commune_and_those_within_reach_are_not(app: TestApp) {
    let teams = seed(&app).await;
    let page = app.get("/besoins").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Antenne de Mauriac"), "{}", page.body);
    for within_reach in ["Mauriac", "Ydes"] {
        assert!(row(&page.body, within_reach).is_none(), "Lucie reaches {within_reach}");
    }
    let saint_flour = row(&page.body, "Saint-Flour").expect("Saint-Flour is out of reach");
    assert!(
        saint_flour.contains("<td>13</td><td>95\u{a0}jours</td>"),
        "{saint_flour}"
    );
    assert!(saint_flour.contains("href=\"/besoins/affiche/15187\""));
    let aurillac = row(&page.body, "Aurillac").expect("Aurillac is out of reach");
    assert!(
        aurillac.contains("<td>&#60; 11</td><td>&#60; 11</td>"),
        "2 people, and the 400 days of one of them, are not published: {aurillac}"
    );
    let riom = row(&page.body, "Riom-ès-Montagnes").expect("Riom is out of reach");
    assert!(
        riom.contains("<td>masqué</td><td>masqué</td>"),
        "27 − 13 − Riom would give Aurillac: {riom}"
    );
    assert!(page.contains("<td>27</td>"), "the total");
    assert!(!page.contains("Murat"), "another team's commune");
    assert_eq!(
        page.body.matches("<circle class=\"unmet").count(),
        3,
        "one circle a commune"
    );
    assert_eq!(page.body.matches("<circle class=\"unmet unmet-hidden\"").count(), 2);

    // A volunteer who comes to live in Saint-Flour reaches its 13 people: the commune leaves
    // the table, and Riom, with Aurillac as the only other hidden cell, must stay masked.
    volunteer(&app, teams.mauriac, "Paul", SAINT_FLOUR).await;
    let page = app.get("/besoins").await;
    assert!(row(&page.body, "Saint-Flour").is_none(), "{}", page.body);
    assert!(row(&page.body, "Aurillac").is_some());
    assert!(row(&page.body, "Riom-ès-Montagnes").unwrap().contains("masqué"));
}

async fn the_csv_file_hides_the_same_cells_as_the_page(app: TestApp) {
    let _ = seed(&app).await;
    let (headers, file) = app.download("/besoins.csv").await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"sans-benevole-a-portee-")
    );
    let lines: Vec<&str> = file.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines,
        [
            "Périmètre;Commune;Code INSEE;Département;Personnes en attente sans bénévole à portée;Attente la plus longue (jours)",
            "Antenne de Mauriac;Aurillac;15014;15;< 11;< 11",
            "Antenne de Mauriac;Riom-ès-Montagnes;15162;15;masqué;masqué",
            "Antenne de Mauriac;Saint-Flour;15187;15;13;95",
            "Antenne de Mauriac;Total;;;27;",
        ]
    );
}

async fn each_coordinator_sees_their_team_and_the_admin_sees_every_team(app: TestApp) {
    let teams = seed(&app).await;
    assert_eq!(
        app.get(&format!("/besoins?equipe={}", teams.murat)).await.status,
        404,
        "not their team"
    );
    assert_eq!(
        app.get(&format!("/besoins.csv?equipe={}", teams.murat)).await.status,
        404
    );

    let murat = signed_in(&app, "murat@exemple.fr").await;
    let page = murat.get("/besoins").await;
    assert!(
        row(&page.body, "Murat")
            .unwrap()
            .contains("<td>11</td><td>30\u{a0}jours</td>")
    );
    assert!(!page.contains("Saint-Flour") && !page.contains("Aurillac"));
    let (_, file) = murat.download("/besoins.csv").await;
    assert!(file.contains("Antenne de Murat;Murat;15138;15;11;30") && !file.contains("Saint-Flour"));

    let admin = signed_in(&app, "admin@exemple.fr").await;
    let all = admin.get("/besoins").await;
    assert!(all.contains("Toutes les équipes"));
    assert!(row(&all.body, "Murat").unwrap().contains("<td>11</td>"));
    assert!(row(&all.body, "Saint-Flour").unwrap().contains("<td>13</td>"));
    assert!(all.contains("<td>38</td>"), "the total of both teams");
    let one = admin.get(&format!("/besoins?equipe={}", teams.mauriac)).await;
    assert!(row(&one.body, "Saint-Flour").is_some() && row(&one.body, "Murat").is_none());
    let (_, file) = admin.download("/besoins.csv").await;
    assert!(file.contains("Toutes les équipes;Murat;15138;15;11;30"));
    assert!(file.contains("Toutes les équipes;Total;;;38;"));
    assert!(
        file.contains("Toutes les équipes;Aurillac;15014;15;< 11;< 11"),
        "{}",
        file.body
    );

    let anonymous = app.new_visitor();
    for path in ["/besoins", "/besoins.csv", "/besoins/affiche/15187"] {
        assert_eq!(anonymous.get(path).await.path, "/connexion", "{path}");
    }
    let referent = signed_in(&app, "referent@exemple.fr").await;
    assert_eq!(referent.get("/besoins").await.status, 403);
    assert_eq!(referent.get("/besoins.csv").await.status, 403);
}

async fn the_poster_of_a_commune_points_to_the_sign_up_form_with_that_commune(app: TestApp) {
    let _ = seed(&app).await;
    let poster = app.get("/besoins/affiche/15187").await;
    assert_eq!(poster.status, 200);
    assert!(poster.contains("Devenez bénévole<br>à Saint-Flour"));
    let address = app.url("/devenir-benevole?commune=15187");
    assert!(poster.contains(&address), "the address is written out too");
    assert!(poster.contains("<svg") && poster.contains("Code QR"));
    assert!(
        poster.contains("04\u{a0}71\u{a0}40\u{a0}12\u{a0}34"),
        "the team's phone"
    );
    for unknown in [
        "/besoins/affiche/abc",
        "/besoins/affiche/99999",
        "/besoins/affiche/15138",
    ] {
        assert_eq!(app.get(unknown).await.status, 404, "{unknown}");
    }

    let visitor = app.new_visitor();
    let form = visitor.get("/devenir-benevole?commune=15187").await;
    assert_eq!(form.status, 200);
    assert!(
        form.contains("name=\"commune\" type=\"text\" value=\"Saint-Flour (15)\""),
        "{}",
        form.body
    );
    for ignored in ["abc", "99999", "%ZZ", "15187%00", &"9".repeat(5000)] {
        let page = visitor.get(&format!("/devenir-benevole?commune={ignored}")).await;
        assert_eq!(page.status, 200, "{ignored}");
        assert!(page.contains("name=\"commune\" type=\"text\" value=\"\""), "{ignored}");
    }
    let twice = visitor
        .get(&format!("/devenir-benevole?commune={AURILLAC}&commune=abc"))
        .await;
    assert!(twice.contains("value=\"Aurillac (15)\""), "the first one counts");

    // Sent as it came, the prefilled commune signs the volunteer up there.
    let fields = crate::signup::volunteer_fields("nouvelle@exemple.fr");
    let fields = crate::signup::with(&fields, "commune", "Saint-Flour (15)");
    let page = crate::signup::sign_up(&visitor, &fields).await;
    assert_eq!(page.path, "/devenir-benevole/merci", "{}", page.body);
    let person = binome::db::people::by_email(&app.db, "nouvelle@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(person.profile.commune_code(), SAINT_FLOUR);
}

on_both_backends!(
    people_out_of_reach_are_listed_by_commune_and_those_within_reach_are_not,
    the_csv_file_hides_the_same_cells_as_the_page,
    each_coordinator_sees_their_team_and_the_admin_sees_every_team,
    the_poster_of_a_commune_points_to_the_sign_up_form_with_that_commune,
);
