//! Commune search on the real data set shipped with binome.

use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::commune::distance_km;

async fn api(app: &crate::helpers::TestApp, q: &str) -> Vec<serde_json::Value> {
    let body = app.get(&format!("/api/communes?q={q}")).await.body;
    serde_json::from_str(&body).expect("the API answers JSON")
}

fn labels(found: &[serde_json::Value]) -> Vec<String> {
    found.iter().map(|c| c["label"].as_str().unwrap().to_string()).collect()
}

async fn riom_es_montagnes_is_found_by_name_postal_code_and_insee_code(app: TestApp) {
    for q in ["riom", "Riom-es-Montagnes", "RIOM%20ES", "15400", "15162"] {
        let found = labels(&api(&app, q).await);
        assert!(found.contains(&"Riom-ès-Montagnes (15)".to_string()), "{q}: {found:?}");
    }
    assert_eq!(labels(&api(&app, "15162").await), vec!["Riom-ès-Montagnes (15)"]);
}

async fn saint_and_st_are_the_same_word(app: TestApp) {
    let found = labels(&api(&app, "st%20martin%20valmeroux").await);
    assert_eq!(found.first().map(String::as_str), Some("Saint-Martin-Valmeroux (15)"));
}

async fn homonyms_are_told_apart_by_departement(app: TestApp) {
    let found = labels(&api(&app, "mauriac").await);
    assert!(found.contains(&"Mauriac (15)".to_string()), "{found:?}");
    assert!(found.contains(&"Mauriac (33)".to_string()), "{found:?}");
}

async fn the_search_page_works_without_javascript(app: TestApp) {
    let page = app.get("/communes?q=riom").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Riom-ès-Montagnes (15)"));
    assert!(page.contains("15400"));
    let none = app.get("/communes?q=zzzzqqq").await;
    assert!(none.contains("Aucune commune ne correspond"));
}

async fn mauriac_to_ydes_is_17_35_km_on_the_shipped_centroids(app: TestApp) {
    let mauriac = db::communes::by_code(&app.db, "15120").await.unwrap().unwrap();
    let ydes = db::communes::by_code(&app.db, "15265").await.unwrap().unwrap();
    assert_eq!(mauriac.postal_codes, vec!["15200"]);
    let d = distance_km(mauriac.centroid.unwrap(), ydes.centroid.unwrap());
    assert!((d - 17.35).abs() <= 0.05, "distance {d}");
}

async fn every_shipped_commune_is_loaded(app: TestApp) {
    assert_eq!(db::communes::count(&app.db).await.unwrap(), 35_014);
}

on_both_backends!(
    riom_es_montagnes_is_found_by_name_postal_code_and_insee_code,
    saint_and_st_are_the_same_word,
    homonyms_are_told_apart_by_departement,
    the_search_page_works_without_javascript,
    mauriac_to_ydes_is_17_35_km_on_the_shipped_centroids,
    every_shipped_commune_is_loaded
);
