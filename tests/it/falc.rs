//! The pages an isolated person reads keep to the easy-to-read rules that a program can check
//! (docs/falc-review.md): short sentences, and pictograms beside the text.

use crate::helpers::{Page, TestApp};
use crate::lifecycle::{DAY, now, tick};
use crate::on_both_backends;

/// The longest sentence an easy-to-read page may hold, in words (the rule says about 15).
const MAX_WORDS: usize = 20;

/// The text of the page's main part, without the emergency numbers (a list, not sentences).
fn main_text(page: &Page) -> String {
    let body = &page.body;
    let start = body.find("<main").expect("a main part");
    let end = body.find("</main>").expect("a main part");
    let mut main = body[start..end].to_string();
    for (open, close) in [
        ("<aside class=\"emergency\"", "</aside>"),
        ("<section aria-labelledby=\"charte-complete\"", "</section>"),
    ] {
        if let Some(a) = main.find(open) {
            let b = main[a..].find(close).map_or(main.len(), |b| a + b);
            main.replace_range(a..b, "");
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                // Headings, labels, list items and paragraphs end where their tag does.
                in_tag = false;
                text.push('\n');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

/// Sentences longer than `MAX_WORDS`, and whether pictograms illustrate the page.
fn check(name: &str, page: &Page, failures: &mut Vec<String>) {
    assert_eq!(page.status, 200, "{name}: {}", page.body);
    for sentence in main_text(page).split(['.', '!', '?', ':', ';', '\n']) {
        let words = sentence.split_whitespace().count();
        if words > MAX_WORDS {
            failures.push(format!(
                "{name}: {words} words in « {} »",
                sentence.split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
    }
    let pictos = page.body.matches("class=\"picto\"").count();
    if pictos < 2 {
        failures.push(format!("{name}: {pictos} pictogram(s)"));
    }
}

/// Denise's own pages along her binôme: the agreement, the check-in, the feedback, her space.
async fn denise_pages(app: &TestApp) -> Vec<(&'static str, Page)> {
    let mut pages = vec![("charte", app.new_visitor().get("/charte").await)];
    let (pairing, _) = crate::ending::accepted(app).await;
    let visitor = app.new_visitor();
    let accord = app.link_in_last_email("denise@exemple.fr", "/accord/");
    pages.push(("quelqu'un veut vous rencontrer", visitor.get(&accord).await));
    pages.push(("d'accord", visitor.submit(&accord, &accord, &[("answer", "oui")]).await));
    let page = format!("/binomes/{pairing}");
    app.submit(&page, &format!("{page}/rencontre"), &[]).await;
    tick(app, now() + 15 * DAY).await;
    let point = app.link_in_last_email("denise@exemple.fr", "/point/");
    pages.push(("point de suivi", visitor.get(&point).await));
    let thanks = visitor
        .submit(
            &point,
            &point,
            &[
                ("met", "oui"),
                ("mood", "moyen"),
                ("decision", "continuer"),
                ("call_back", "oui"),
            ],
        )
        .await;
    pages.push(("merci du point", thanks));

    visitor
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "denise@exemple.fr")],
        )
        .await;
    app.deliver_emails().await;
    let link = app.link_in_last_email("denise@exemple.fr", "/espace/lien/");
    pages.push(("mon espace", visitor.submit(&link, &link, &[]).await));
    pages.push(("arrêter", visitor.get("/espace/arreter").await));

    app.submit(
        &page,
        &format!("{page}/etat"),
        &[
            ("action", "end"),
            ("asked_by", "person"),
            ("end_reason", "other"),
            ("after", "waiting"),
        ],
    )
    .await;
    app.deliver_emails().await;
    let fin = app.link_in_last_email("denise@exemple.fr", "/fin/");
    pages.push(("après le binôme", visitor.get(&fin).await));
    pages
}

async fn the_pages_an_isolated_person_reads_are_easy_to_read(app: TestApp) {
    let mut failures = Vec::new();
    for (name, page) in denise_pages(&app).await {
        check(name, &page, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "easy-to-read rules broken:\n{}",
        failures.join("\n")
    );
}

async fn the_check_can_fail(app: TestApp) {
    let mut failures = Vec::new();
    check("connexion", &app.get("/connexion").await, &mut failures);
    assert!(failures.iter().any(|f| f.contains("pictogram")), "{failures:?}");
}

on_both_backends!(the_pages_an_isolated_person_reads_are_easy_to_read, the_check_can_fail);
