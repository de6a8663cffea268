//! The data-protection impact assessment (must-show 5 of #16): the file the CNIL's PIA tool
//! imports has the structure of the tool's own example (tests/fixtures/pia-example.json), the
//! page and the file name every table of the schema that holds personal data, both follow the
//! register of processing, and the page prints on A4.

use super::{connect, schema};
use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp};
use crate::letters::{pdf_tool, run};
use crate::on_both_backends;
use binome::db;
use binome::domain::aipd::PERSONAL_DATA;
use binome::domain::rgpd::Register;
use serde_json::Value;
use std::collections::BTreeSet;

const EXAMPLE: &str = include_str!("../../fixtures/pia-example.json");

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "booléen",
        Value::Number(_) => "nombre",
        Value::String(_) => "texte",
        Value::Array(_) => "liste",
        Value::Object(_) => "objet",
    }
}

/// Where `ours` departs from `examples` (the example's values at this place: one, or the items
/// of its arrays): a value of a type none of them has, a key one of them has and `ours` lacks,
/// an empty array where every example has items. Array items are compared with all the
/// example's items at that place, so a key only some of them have is still required.
fn differences(examples: &[&Value], ours: &Value, at: &str, out: &mut Vec<String>) {
    let kinds: BTreeSet<&str> = examples.iter().map(|e| kind(e)).collect();
    if !kinds.contains(kind(ours)) {
        out.push(format!("{at}: {} where the example has {kinds:?}", kind(ours)));
        return;
    }
    match ours {
        Value::Object(map) => {
            let objects: Vec<&serde_json::Map<String, Value>> = examples.iter().filter_map(|e| e.as_object()).collect();
            let keys: BTreeSet<&String> = objects.iter().flat_map(|o| o.keys()).collect();
            for key in keys {
                let place = format!("{at}.{key}");
                match map.get(key) {
                    None => out.push(format!("{place} is missing")),
                    Some(value) => {
                        let theirs: Vec<&Value> = objects.iter().filter_map(|o| o.get(key)).collect();
                        differences(&theirs, value, &place, out);
                    }
                }
            }
        }
        Value::Array(items) => {
            let arrays: Vec<&Vec<Value>> = examples.iter().filter_map(|e| e.as_array()).collect();
            let theirs: Vec<&Value> = arrays.iter().flat_map(|a| a.iter()).collect();
            if items.is_empty() && arrays.iter().all(|a| !a.is_empty()) {
                out.push(format!("{at} is empty where the example has items"));
            }
            for (i, item) in items.iter().enumerate() {
                if !theirs.is_empty() {
                    differences(&theirs, item, &format!("{at}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

fn references(file: &Value) -> BTreeSet<i64> {
    file["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reference_to"].as_i64().unwrap())
        .collect()
}

/// The text of the answer to question `reference`.
fn answer(file: &Value, reference: i64) -> String {
    file["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["reference_to"] == reference)
        .and_then(|a| a["data"]["text"].as_str())
        .unwrap_or_else(|| panic!("no text answers question {reference}"))
        .to_string()
}

async fn download(app: &TestApp) -> Value {
    let (headers, page) = app.download("/admin/aipd.json").await;
    assert_eq!(page.status, 200);
    let disposition = headers[reqwest::header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        headers[reqwest::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    serde_json::from_str(&page.body).unwrap()
}

async fn the_pia_file_has_the_structure_of_the_tools_example_and_follows_the_register(app: TestApp) {
    app.signed_in_admin().await;
    let example: Value = serde_json::from_str(EXAMPLE).unwrap();
    let ours = download(&app).await;
    let mut found = Vec::new();
    differences(&[&example], &ours, "", &mut found);
    assert!(found.is_empty(), "not the PIA tool's structure:\n{}", found.join("\n"));
    assert_eq!(
        references(&ours),
        references(&example),
        "every question of the tool is answered, and only those"
    );

    // The register is the source: what the admin writes there, the file and the page say.
    let register = Register {
        controller: "CCAS de Ydes, 1 place de la Mairie <15210 Ydes>".into(),
        ..Register::default()
    };
    db::rgpd::set_register(&app.db, &register).await.unwrap();
    db::rgpd::set_retention_months(&app.db, 36).await.unwrap();
    let ours = download(&app).await;
    assert!(
        answer(&ours, 112).contains("CCAS de Ydes, 1 place de la Mairie &#60;15210 Ydes&#62;"),
        "the controller, escaped: {}",
        answer(&ours, 112)
    );
    assert!(answer(&ours, 215).contains("effacées après 36 mois sans activité"));
    assert!(
        app.get("/admin/registre").await.contains("href=\"/admin/aipd\""),
        "the register leads to the assessment it fills"
    );
    let page = app.get("/admin/aipd").await;
    assert!(
        page.body
            .contains("CCAS de Ydes, 1 place de la Mairie &#60;15210 Ydes&#62;"),
        "the controller, escaped"
    );
    assert!(page.contains("effacées après 36 mois sans activité") && page.contains("Gravité : Importante"));
}

async fn the_assessment_names_every_table_that_holds_personal_data(app: TestApp) {
    app.signed_in_admin().await;
    let sql = connect(&app).await;
    let personal: Vec<String> = schema::tables(&sql)
        .await
        .into_iter()
        .filter(|t| t.holds_personal_data())
        .map(|t| t.name)
        .collect();
    assert!(personal.len() > 20, "{personal:?}");
    let page = app.get("/admin/aipd").await;
    let data = answer(&download(&app).await, 121);
    for table in &personal {
        let named = format!("Table « {table} » :");
        assert!(
            page.contains(&named) && data.contains(&named),
            "the assessment does not describe the table {table}: add it to PERSONAL_DATA \
             (src/domain/aipd/data.rs), or to NO_PERSON_DATA (tests/it/rgpd/schema.rs) if it holds none"
        );
    }
    for described in PERSONAL_DATA {
        assert!(
            personal.iter().any(|t| t == described.table),
            "{} is described but is no table of personal data any more",
            described.table
        );
    }
}

async fn the_assessment_prints_on_a4(app: TestApp) {
    app.create_staff(binome::domain::account::Role::Admin, "admin@exemple.fr", &[], None)
        .await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    if !(pdf_tool("pdfinfo") && pdf_tool("pdftotext")) {
        browser.close().await;
        return;
    }
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "admin@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;
    browser.client.goto(&app.url("/admin/aipd")).await.unwrap();
    browser.assert_accessible("analyse d'impact").await;
    let config = fantoccini::wd::PrintConfiguration::builder()
        .size(fantoccini::wd::PrintSize::A4)
        .build()
        .unwrap();
    let pdf = browser.client.print(config).await.unwrap();
    browser.close().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("aipd.pdf");
    std::fs::write(&file, pdf).unwrap();
    // To read it: BINOME_KEEP_PDF=/tmp/aipd.pdf cargo test --test it rgpd::aipd::the_assessment_prints
    if let Some(keep) = std::env::var_os("BINOME_KEEP_PDF") {
        std::fs::copy(&file, keep).unwrap();
    }
    let info = run("pdfinfo", &[file.to_str().unwrap()]);
    assert!(info.contains("(A4)"), "A4: {info}");
    let text = run("pdftotext", &[file.to_str().unwrap(), "-"]).replace('\u{a0}', " ");
    assert!(
        text.contains("Analyse d'impact") && text.contains("Disparition de données"),
        "{text}"
    );
    assert!(
        !text.contains("Pour imprimer cette page"),
        "the screen-only help is not printed"
    );
}

on_both_backends!(
    the_pia_file_has_the_structure_of_the_tools_example_and_follows_the_register,
    the_assessment_names_every_table_that_holds_personal_data,
    the_assessment_prints_on_a4
);
