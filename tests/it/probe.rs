//! The probe: the public endpoints flooded in parallel, as someone who wants to send e-mails
//! through binome, fill its database or guess a password would. What matters is what was
//! stored and what was sent.

use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use crate::signup::{volunteer_fields, with};
use binome::db;
use binome::domain::account::Role;
use binome::domain::person::Kind;
use futures::future::join_all;
use sea_orm::{ConnectionTrait, Statement};

/// Posts `fields` to `action` `times` times at once from one user agent (one form token).
async fn flood(
    app: &TestApp,
    page: &str,
    action: &str,
    times: usize,
    fields: impl Fn(usize) -> Vec<(String, String)>,
) -> Vec<crate::helpers::Page> {
    let token = app.get(page).await.csrf_token();
    let posts = (0..times).map(|i| {
        let mut all = fields(i);
        all.push(("authenticity_token".into(), token.clone()));
        async move {
            let borrowed: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.post_raw(action, &borrowed).await
        }
    });
    join_all(posts).await
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let conn = sea_orm::Database::connect(app.config().database_url).await.unwrap();
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    let n = row.try_get_by_index::<i64>(0).unwrap();
    let _ = conn.close().await;
    n
}

async fn a_flood_of_sign_in_link_requests_sends_one_email(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    crate::signup::sign_up(&app, &volunteer_fields("lucie@exemple.fr")).await;
    let before = count(&app, "SELECT COUNT(*) FROM outbox").await;
    let pages = flood(&app, "/espace/connexion", "/espace/connexion", 100, |_| {
        vec![("email".into(), "lucie@exemple.fr".into())]
    })
    .await;
    assert!(
        pages.iter().all(|p| p.status == 200 && p.contains("C'est envoyé")),
        "every request gets the same calm answer"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM outbox").await - before,
        1,
        "100 requests in a burst: one e-mail"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM person_token WHERE purpose = 'sign_in'").await,
        1
    );
    // One connection cannot ask links for the whole address book either.
    let many = flood(&app, "/espace/connexion", "/espace/connexion", 40, |i| {
        vec![("email".into(), format!("inconnu{i}@exemple.fr"))]
    })
    .await;
    assert!(many.iter().all(|p| p.status == 200));
    assert!(count(&app, "SELECT COUNT(*) FROM rate_event WHERE bucket = 'sign_in_link_ip'").await <= 20);
}

async fn a_flood_of_sign_ups_is_cut_short_and_sends_no_advertisement(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let spam = flood(&app, "/devenir-benevole", "/devenir-benevole", 20, |i| {
        let fields = with(
            &volunteer_fields(&format!("victime{i}@exemple.fr")),
            "first_name",
            "Gagnez 1000€ sur http://arnaque.example",
        );
        with(&fields, "submission_key", &format!("spam-{i}"))
    })
    .await;
    assert!(
        spam.iter()
            .all(|p| p.status == 200 && p.contains("pas de chiffres ni d'adresse web"))
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM person").await,
        0,
        "an advertisement in a name creates nobody"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox").await, 0, "and sends nothing");

    let pages = flood(&app, "/devenir-benevole", "/devenir-benevole", 50, |i| {
        with(
            &volunteer_fields(&format!("benevole{i}@exemple.fr")),
            "submission_key",
            &format!("cle-{i}"),
        )
    })
    .await;
    let accepted = pages.iter().filter(|p| p.path == "/devenir-benevole/merci").count();
    let refused = pages
        .iter()
        .filter(|p| p.contains("Beaucoup d'inscriptions arrivent"))
        .count();
    assert_eq!(accepted, 10, "ten sign-ups an hour from one connection");
    assert_eq!(refused, 40, "the others are told, and keep their form");
    assert!(
        pages
            .iter()
            .filter(|p| p.path == "/devenir-benevole")
            .all(|p| p.contains("value=\"Martin\""))
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM person").await, 10);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM outbox").await,
        10,
        "one confirmation each, nothing more"
    );
    let volunteers = db::people::list(&app.db, db::people::Scope::All, Some(Kind::Volunteer), &[])
        .await
        .unwrap();
    assert_eq!(volunteers.len(), 10);
}

async fn sign_ups_from_many_connections_stop_at_the_service_limit(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let proxied = app
        .restart_with(|c| {
            c.trust_proxy = 1;
            c.signups_per_hour = 12;
        })
        .await;
    let token = proxied.get("/devenir-benevole").await.csrf_token();
    let posts = (0..30).map(|i| {
        let mut fields = with(
            &volunteer_fields(&format!("b{i}@exemple.fr")),
            "submission_key",
            &format!("k{i}"),
        );
        fields.push(("authenticity_token".into(), token.clone()));
        let proxied = &proxied;
        async move {
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            proxied
                .post_forwarded(&format!("203.0.113.{i}"), "/devenir-benevole", &borrowed)
                .await
                .path
        }
    });
    let paths = join_all(posts).await;
    assert_eq!(
        paths.iter().filter(|p| *p == "/devenir-benevole/merci").count(),
        12,
        "{paths:?}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM person").await, 12);
}

async fn sixty_wrong_passwords_at_once_check_at_most_five(app: TestApp) {
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[], None)
        .await;
    let pages = flood(&app, "/connexion", "/connexion", 60, |_| {
        vec![
            ("email".into(), "coordination@exemple.fr".into()),
            ("password".into(), "mauvais-mot-de-passe".into()),
        ]
    })
    .await;
    let checked = pages
        .iter()
        .filter(|p| p.contains("Adresse e-mail ou mot de passe incorrect."))
        .count();
    let waiting = pages.iter().filter(|p| p.status == 429).count();
    assert!(checked <= 5, "{checked} passwords were checked");
    assert_eq!(
        checked + waiting,
        60,
        "every answer is either wrong or wait, never an error"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM login_attempt").await as usize,
        checked,
        "refused tries leave nothing"
    );
    // Nothing crashed and the owner can still come back later (see security::owner tests).
    let _ = PASSWORD;
}

on_both_backends!(
    a_flood_of_sign_in_link_requests_sends_one_email,
    a_flood_of_sign_ups_is_cut_short_and_sends_no_advertisement,
    sign_ups_from_many_connections_stop_at_the_service_limit,
    sixty_wrong_passwords_at_once_check_at_most_five
);
