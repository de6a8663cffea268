//! « Personnes » for a big team: each list shows 20 people at a time with its count, and pages
//! through the rest; the longest waiting come first.

use super::{desk, person};
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::domain::person::Kind;

async fn the_people_lists_show_twenty_at_a_time_with_their_count(app: TestApp) {
    let team = desk(&app).await;
    for i in 1..=45 {
        person(
            &app,
            team,
            Kind::Beneficiary,
            &format!("Attente{i:02}"),
            "15120",
            true,
            100 - i,
        )
        .await;
    }
    person(&app, team, Kind::Volunteer, "Lucie", "15120", true, 10).await;

    let first = app.get("/personnes").await;
    assert!(first.contains("En attente d'un binôme (45)") && first.contains("Bénévoles validé·es (1)"));
    assert!(first.contains("Attente01") && first.contains("Attente20") && !first.contains("Attente21"));
    assert!(first.contains("Page 1 sur 3") && first.contains("Lucie Test"));
    assert!(
        first
            .body
            .replace("&#38;", "&")
            .contains("/personnes?attente_page=2#en-attente"),
        "a link to the next page"
    );
    let last = app.get("/personnes?attente_page=3").await;
    assert!(last.contains("Attente41") && last.contains("Attente45") && !last.contains("Attente40"));
    assert!(
        last.contains("Page 3 sur 3") && last.contains("Lucie Test"),
        "the other lists stay on their page"
    );
    for odd in ["99", "deux", "-1", ""] {
        let page = app.get(&format!("/personnes?attente_page={odd}")).await;
        assert_eq!(page.status, 200);
        assert!(page.contains("Attente01"), "an odd page number shows the first page");
    }
}

async fn the_proposals_page_computes_only_the_page_it_shows(app: TestApp) {
    let team = desk(&app).await;
    for i in 1..=25 {
        person(
            &app,
            team,
            Kind::Beneficiary,
            &format!("Attente{i:02}"),
            "15120",
            true,
            100 - i,
        )
        .await;
    }
    let first = app.get("/propositions").await;
    assert!(first.contains("Personnes sans proposition (25)") && first.contains("Page 1 sur 2"));
    assert!(
        first
            .body
            .replace("&#38;", "&")
            .contains(&format!("/propositions?equipe={team}&sans_page=2#sans-proposition")),
        "a link to the next page keeps the team"
    );
    let second = app.get(&format!("/propositions?equipe={team}&sans_page=2")).await;
    assert!(second.contains("Page 2 sur 2"));
    // Each person once, on one page or the other, with her why-not and her search link.
    for i in 1..=25 {
        let name = format!("Attente{i:02} Test</a> : ");
        let on_first = first.contains(&name);
        assert!(on_first != second.contains(&name), "{name} on exactly one page");
    }
    assert_eq!(first.body.matches("Chercher un·e bénévole").count(), 20);
    assert_eq!(second.body.matches("Chercher un·e bénévole").count(), 5);
}

on_both_backends!(
    the_people_lists_show_twenty_at_a_time_with_their_count,
    the_proposals_page_computes_only_the_page_it_shows
);
