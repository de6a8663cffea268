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

on_both_backends!(the_people_lists_show_twenty_at_a_time_with_their_count);
