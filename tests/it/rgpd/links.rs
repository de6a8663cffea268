//! Single-use links leave the stored e-mails once these are settled, and an export never shows
//! one: a link copied from an export must not sign anyone in.

use super::{connect, strings};
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;

fn now() -> i64 {
    binome::epoch_ms(chrono::Utc::now())
}

/// The texts of the e-mails stored for `address` (text and HTML, side by side).
async fn stored_bodies(app: &TestApp, address: &str) -> Vec<String> {
    let sql = connect(app).await;
    let query = format!(
        "SELECT status || ' ' || body_text || ' ' || COALESCE(body_html, '') FROM outbox WHERE to_address = '{address}'"
    );
    strings(&sql, &query).await
}

/// Denise asks for a sign-in link to her space; returns the visitor who asked.
async fn asks_for_a_link(app: &TestApp) -> TestApp {
    let visitor = app.new_visitor();
    visitor
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "denise@exemple.fr")],
        )
        .await;
    visitor
}

async fn a_sent_email_keeps_no_link_and_the_export_never_shows_one(app: TestApp) {
    let (_, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    let visitor = asks_for_a_link(&app).await;
    let waiting = stored_bodies(&app, "denise@exemple.fr").await;
    assert!(
        waiting
            .iter()
            .any(|b| b.starts_with("pending") && b.contains("/espace/lien/")),
        "the link waits to be sent: {waiting:?}"
    );

    // While the link waits in the outbox, the export shows [lien] in its place.
    let page = app.get(&format!("/personnes/{denise}/donnees")).await;
    let json = app.get(&format!("/personnes/{denise}/donnees.json")).await;
    for export in [&page.body, &json.body] {
        assert!(
            export.contains("[lien]"),
            "the e-mail is in the export, its link replaced"
        );
        assert!(!export.contains("/espace/lien/"), "no sign-in link in an export");
    }
    assert!(
        !page.contains("n'est jamais gardé"),
        "the page does not claim the link is never kept"
    );

    app.deliver_emails().await;
    let link = app.link_in_last_email("denise@exemple.fr", "/espace/lien/");
    let token = link.rsplit('/').next().unwrap().to_string();
    assert!(token.len() >= 16, "a real token: {link}");
    let sent = stored_bodies(&app, "denise@exemple.fr").await;
    assert!(
        sent.iter()
            .all(|b| b.starts_with("sent") && !b.contains(&token) && b.contains("[lien]")),
        "once sent, the row keeps no link: {sent:?}"
    );
    let export = db::rgpd::export(&app.db, denise, now()).await.unwrap().unwrap();
    let outbox = export.rows("outbox");
    assert!(
        outbox
            .iter()
            .any(|e| e["subject"].as_str().is_some_and(|s| !s.is_empty()) && e["sent_at"].is_number()),
        "subject and date are kept: {outbox:?}"
    );
    for export in [
        app.get(&format!("/personnes/{denise}/donnees")).await.body,
        app.get(&format!("/personnes/{denise}/donnees.json")).await.body,
    ] {
        assert!(!export.contains(&token), "the token is nowhere in the export");
    }
    assert_eq!(
        visitor.submit(&link, &link, &[]).await.path,
        "/espace",
        "the e-mailed link works once"
    );
}

async fn a_cancelled_or_dead_email_keeps_no_link(app: TestApp) {
    let (_, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    asks_for_a_link(&app).await;
    db::people::withdraw(&app.db, denise, "la personne", db::people::Farewells::NONE, &[], now())
        .await
        .unwrap();
    let cancelled = stored_bodies(&app, "denise@exemple.fr").await;
    assert!(
        cancelled
            .iter()
            .all(|b| b.starts_with("cancelled") && !b.contains("/espace/lien/")),
        "a cancelled e-mail keeps no link: {cancelled:?}"
    );

    let marcel = "marcel@exemple.fr";
    let visitor = app.new_visitor();
    visitor
        .submit("/espace/connexion", "/espace/connexion", &[("email", marcel)])
        .await;
    for claimed in db::outbox::claim(&app.db, now(), 50).await.unwrap() {
        db::outbox::mark_failed(&app.db, &claimed, "550 boîte inconnue", true, now())
            .await
            .unwrap();
    }
    let dead = stored_bodies(&app, marcel).await;
    assert!(
        !dead.is_empty()
            && dead
                .iter()
                .all(|b| b.starts_with("dead") && !b.contains("/espace/lien/")),
        "a dead e-mail keeps no link: {dead:?}"
    );
}

on_both_backends!(
    a_sent_email_keeps_no_link_and_the_export_never_shows_one,
    a_cancelled_or_dead_email_keeps_no_link
);
