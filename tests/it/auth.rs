//! Signing in, throttling, anti-forgery and who may open what.

use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use binome::domain::account::Role;

const WRONG: &str = "Adresse e-mail ou mot de passe incorrect.";
const THROTTLED: &str = "Trop de tentatives de connexion";

async fn fail_login(app: &TestApp, email: &str) -> crate::helpers::Page {
    app.login(email, "ce-n-est-pas-le-bon").await
}

async fn a_coordinator_signs_in_and_sees_their_team(app: TestApp) {
    app.signed_in_coordinator().await;
    let page = app.get("/tableau-de-bord").await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Antenne de Mauriac"));
    assert!(page.contains("Se déconnecter"));
}

async fn a_wrong_password_and_an_unknown_account_get_the_same_answer(app: TestApp) {
    app.create_staff(Role::Coordinator, "connu@exemple.fr", &[], None).await;
    let known = fail_login(&app, "connu@exemple.fr").await;
    let unknown = fail_login(&app, "inconnu@exemple.fr").await;
    assert_eq!(known.status, unknown.status);
    assert!(known.contains(WRONG) && unknown.contains(WRONG));
    assert!(
        known.contains("value=\"connu@exemple.fr\""),
        "the typed address is kept"
    );
}

async fn repeated_failures_throttle_known_and_unknown_accounts_alike(app: TestApp) {
    app.create_staff(Role::Coordinator, "connu@exemple.fr", &[], None).await;
    for email in ["connu@exemple.fr", "inconnu@exemple.fr"] {
        for _ in 0..5 {
            assert!(fail_login(&app, email).await.contains(WRONG));
        }
        let sixth = fail_login(&app, email).await;
        assert_eq!(sixth.status, 429, "{email}");
        assert!(sixth.contains(THROTTLED));
    }
    // Even the right password is refused while the account is throttled…
    let right = app.login("connu@exemple.fr", PASSWORD).await;
    assert_eq!(right.status, 429);
    // …and the limit is kept in the database, so another visitor is throttled too.
    let other = app.new_visitor().login("connu@exemple.fr", PASSWORD).await;
    assert_eq!(other.status, 429);
}

async fn a_form_posted_without_its_token_is_refused(app: TestApp) {
    app.create_staff(Role::Coordinator, "connu@exemple.fr", &[], None).await;
    let _ = app.get("/connexion").await;
    let missing = app
        .post_raw("/connexion", &[("email", "connu@exemple.fr"), ("password", PASSWORD)])
        .await;
    assert_eq!(missing.status, 403);
    assert!(missing.contains("Formulaire expiré"));
    let forged = app
        .post_raw(
            "/connexion",
            &[
                ("email", "connu@exemple.fr"),
                ("password", PASSWORD),
                ("authenticity_token", "Zm9yZ2Vk"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(app.get("/tableau-de-bord").await.path, "/connexion", "still signed out");
}

async fn a_referent_cannot_open_admin_pages(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    app.create_staff(Role::Referent, "ccas@exemple.fr", &[team], Some("CCAS de Ydes"))
        .await;
    app.login("ccas@exemple.fr", PASSWORD).await;
    for path in ["/admin/equipes", "/admin/comptes", &format!("/admin/equipes/{team}")] {
        let page = app.get(path).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(page.contains("Accès refusé"));
    }
}

async fn anonymous_visitors_are_sent_to_sign_in_and_come_back(app: TestApp) {
    let page = app.get("/admin/equipes").await;
    assert_eq!(page.path, "/connexion");
    assert!(page.contains("value=\"/admin/equipes\""));
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    let token = page.csrf_token();
    let back = app
        .post_raw(
            "/connexion",
            &[
                ("email", "admin@exemple.fr"),
                ("password", PASSWORD),
                ("next", "/admin/equipes"),
                ("authenticity_token", &token),
            ],
        )
        .await;
    assert_eq!(back.path, "/admin/equipes");
}

async fn signing_out_ends_the_session(app: TestApp) {
    app.signed_in_coordinator().await;
    let page = app.submit("/tableau-de-bord", "/deconnexion", &[]).await;
    assert_eq!(page.path, "/connexion");
    assert_eq!(app.get("/tableau-de-bord").await.path, "/connexion");
}

async fn changing_a_password_signs_the_account_out_everywhere(app: TestApp) {
    app.signed_in_coordinator().await;
    let member = binome::db::staff::credentials(&app.db, "coordination@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .0;
    binome::db::staff::set_password(&app.db, member.id, "nouveau-hash", 1)
        .await
        .unwrap();
    assert_eq!(app.get("/tableau-de-bord").await.path, "/connexion");
}

on_both_backends!(
    a_coordinator_signs_in_and_sees_their_team,
    a_wrong_password_and_an_unknown_account_get_the_same_answer,
    repeated_failures_throttle_known_and_unknown_accounts_alike,
    a_form_posted_without_its_token_is_refused,
    a_referent_cannot_open_admin_pages,
    anonymous_visitors_are_sent_to_sign_in_and_come_back,
    signing_out_ends_the_session,
    changing_a_password_signs_the_account_out_everywhere
);

#[tokio::test]
async fn pages_carry_security_headers_and_safe_cookies() {
    let app = TestApp::sqlite().await;
    let response = reqwest::get(app.url("/connexion")).await.unwrap();
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    let cookies: Vec<&str> = headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("binome_csrf=") && c.contains("HttpOnly") && c.contains("SameSite=Strict")),
        "{cookies:?}"
    );
    let body = response.text().await.unwrap();
    assert!(!body.contains("<script>"), "no inline script");
    assert!(body.contains("<html lang=\"fr\">") && body.contains("href=\"#contenu\""));
    app.cleanup().await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = TestApp::sqlite().await;
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(app.url("/connexion"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::helpers::Page {
        status: 200,
        path: String::new(),
        body: page,
    }
    .csrf_token();
    let response = client
        .post(app.url("/connexion"))
        .form(&[
            ("email", "admin@exemple.fr"),
            ("password", PASSWORD),
            ("authenticity_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("binome_session="))
        .expect("a session cookie is set on sign-in");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    app.cleanup().await;
}
