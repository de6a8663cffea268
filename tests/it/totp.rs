//! The second factor, session expiry and revocation when a password changes.

use crate::helpers::{PASSWORD, Page, TestApp};
use crate::on_both_backends;
use binome::domain::account::Role;
use binome::domain::rgpd::Action;
use binome::domain::second_factor::{code_at, new_secret};
use sea_orm::{ConnectionTrait, Database, Statement};

const SETUP: &str = "/compte/double-authentification";
const WRONG_CODE: &str = "Ce code ne convient pas.";
const THROTTLED: &str = "Trop de tentatives de connexion";
const NEW_PASSWORD: &str = "un-tout-nouveau-mot-de-passe";
const WRONG_PASSWORD: &str = "Ce n'est pas votre mot de passe actuel";
const TOO_MANY: &str = "Trop de réponses fausses";

fn now_ms() -> i64 {
    binome::epoch_ms(chrono::Utc::now())
}

/// The code an authenticator app shows `offset_s` seconds from now.
fn code(secret: &str, offset_s: i64) -> String {
    code_at(secret, now_ms() + offset_s * 1000).unwrap()
}

/// A six-digit code that is none of the codes accepted around now.
fn wrong_code(secret: &str) -> String {
    let valid: Vec<String> = [-60, -30, 0, 30, 60].iter().map(|o| code(secret, *o)).collect();
    (0..10)
        .map(|d| d.to_string().repeat(6))
        .find(|c| !valid.contains(c))
        .unwrap()
}

/// The key shown on the set-up page, without its spaces.
fn secret_on(page: &Page) -> String {
    let start = page.body.find("<p class=\"secret\"><code>").expect("the key is shown") + 24;
    let end = page.body[start..].find("</code>").unwrap() + start;
    page.body[start..end].replace(' ', "")
}

/// Turns the second factor on through the set-up page; returns the secret.
async fn enrol(app: &TestApp) -> String {
    let secret = secret_on(&app.get(SETUP).await);
    let done = app
        .submit(SETUP, SETUP, &[("password", PASSWORD), ("code", &code(&secret, 0))])
        .await;
    assert!(done.contains("La double authentification est activée"), "{}", done.body);
    secret
}

async fn signed_in_with_code(app: &TestApp, email: &str, code: &str) -> Page {
    assert_eq!(app.login(email, PASSWORD).await.path, "/connexion/code");
    app.submit("/connexion/code", "/connexion/code", &[("code", code)])
        .await
}

async fn staff_id(app: &TestApp, email: &str) -> i32 {
    binome::db::staff::credentials(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .0
        .id
}

async fn failed_logins(app: &TestApp) -> usize {
    let (entries, _) = binome::db::audit::list(&app.db, None, 0, 100).await.unwrap();
    entries.iter().filter(|e| e.action == Some(Action::LoginFailed)).count()
}

async fn a_staff_member_turns_the_second_factor_on_and_then_signs_in_with_a_code(app: TestApp) {
    app.signed_in_coordinator().await;
    let email = "coordination@exemple.fr";
    let setup = app.get(SETUP).await;
    let secret = secret_on(&setup);
    assert_eq!(secret.len(), 32);
    assert!(setup.contains("otpauth://totp/binome:"));

    let refused = app
        .submit(SETUP, SETUP, &[("password", PASSWORD), ("code", &wrong_code(&secret))])
        .await;
    assert!(refused.contains(WRONG_CODE) && refused.contains("id=\"code-error\""));
    assert!(refused.contains("aria-invalid=\"true\""));
    assert_eq!(secret_on(&refused), secret, "the same key until it is confirmed");
    assert!(
        !binome::db::staff::by_id(&app.db, staff_id(&app, email).await)
            .await
            .unwrap()
            .unwrap()
            .totp_enabled
    );
    enrol(&app).await;
    let (entries, _) = binome::db::audit::list(&app.db, None, 0, 100).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == Some(Action::Security)
                && e.detail.as_deref() == Some("double authentification activée"))
    );

    app.submit("/tableau-de-bord", "/deconnexion", &[]).await;
    assert_eq!(app.login(email, PASSWORD).await.path, "/connexion/code");
    assert_eq!(
        app.get("/tableau-de-bord").await.path,
        "/connexion",
        "not signed in before the code"
    );
    let wrong = app
        .submit("/connexion/code", "/connexion/code", &[("code", &wrong_code(&secret))])
        .await;
    assert_eq!(wrong.path, "/connexion/code");
    assert!(wrong.contains(WRONG_CODE) && wrong.contains("id=\"code-error\""));
    assert_eq!(
        failed_logins(&app).await,
        1,
        "a wrong code is audited as a failed sign-in"
    );

    let next = code(&secret, 30);
    let right = app
        .submit("/connexion/code", "/connexion/code", &[("code", &next)])
        .await;
    assert_eq!(right.path, "/tableau-de-bord");
    assert!(right.contains("Se déconnecter"));

    // A code works once: someone who saw it cannot use it again.
    let other = app.new_visitor();
    let replayed = signed_in_with_code(&other, email, &next).await;
    assert!(replayed.contains(WRONG_CODE));
}

async fn wrong_codes_are_throttled_like_wrong_passwords(app: TestApp) {
    let id = app.create_staff(Role::Referent, "ref@exemple.fr", &[], None).await;
    let secret = new_secret();
    binome::db::staff::enable_totp(&app.db, id, &secret, 0, &[], 0)
        .await
        .unwrap();
    let first = signed_in_with_code(&app, "ref@exemple.fr", &wrong_code(&secret)).await;
    assert!(first.contains(WRONG_CODE));
    for _ in 0..4 {
        let again = app
            .submit("/connexion/code", "/connexion/code", &[("code", &wrong_code(&secret))])
            .await;
        assert!(again.contains(WRONG_CODE));
    }
    let right = app
        .submit("/connexion/code", "/connexion/code", &[("code", &code(&secret, 0))])
        .await;
    assert_eq!(right.status, 429);
    assert!(right.contains(THROTTLED));
    assert_eq!(app.get("/tableau-de-bord").await.path, "/connexion");
    assert_eq!(app.new_visitor().login("ref@exemple.fr", PASSWORD).await.status, 429);
    assert_eq!(failed_logins(&app).await, 5);
}

async fn administrators_must_turn_the_second_factor_on_when_the_setting_says_so(app: TestApp) {
    app.signed_in_admin().await;
    let early = app
        .submit("/admin/securite", "/admin/securite", &[("required", "oui")])
        .await;
    assert!(early.contains("Activez d'abord la double authentification"));
    assert!(!binome::db::settings::totp_required_for_admins(&app.db).await.unwrap());
    enrol(&app).await;
    let saved = app
        .submit("/admin/securite", "/admin/securite", &[("required", "oui")])
        .await;
    assert!(saved.contains("C'est enregistré"));
    assert_eq!(
        app.get("/admin/equipes").await.path,
        "/admin/equipes",
        "an enrolled admin goes on"
    );

    let other = app.new_visitor();
    app.create_staff(Role::Admin, "autre-admin@exemple.fr", &[], None).await;
    let landed = other.login("autre-admin@exemple.fr", PASSWORD).await;
    assert_eq!(landed.path, SETUP);
    assert!(landed.contains("Les administrateurs doivent activer la double authentification"));
    assert_eq!(other.get("/admin/comptes").await.path, SETUP);
    assert_eq!(other.get("/admin/securite").await.path, SETUP);
    enrol(&other).await;
    assert_eq!(other.get("/admin/comptes").await.path, "/admin/comptes");
}

async fn changing_ones_password_signs_out_the_other_sessions_only(app: TestApp) {
    app.signed_in_coordinator().await;
    let other = app.new_visitor();
    assert_eq!(
        other.login("coordination@exemple.fr", PASSWORD).await.path,
        "/tableau-de-bord"
    );
    let page = "/compte/mot-de-passe";

    let bad = app
        .submit(
            page,
            page,
            &[
                ("current", "pas-le-bon"),
                ("password", NEW_PASSWORD),
                ("confirmation", NEW_PASSWORD),
            ],
        )
        .await;
    assert!(
        bad.contains("Ce n&#39;est pas votre mot de passe actuel")
            || bad.contains("Ce n'est pas votre mot de passe actuel")
    );
    assert!(bad.contains("id=\"current-error\""));
    assert_eq!(
        other.get("/tableau-de-bord").await.path,
        "/tableau-de-bord",
        "nothing changed"
    );

    let done = app
        .submit(
            page,
            page,
            &[
                ("current", PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirmation", NEW_PASSWORD),
            ],
        )
        .await;
    assert!(done.contains("Votre mot de passe est changé"));
    assert_eq!(
        app.get("/tableau-de-bord").await.path,
        "/tableau-de-bord",
        "this session is kept"
    );
    assert_eq!(
        other.get("/tableau-de-bord").await.path,
        "/connexion",
        "the other one is closed"
    );
    let third = app.new_visitor();
    assert_eq!(
        third.login("coordination@exemple.fr", PASSWORD).await.path,
        "/connexion"
    );
    assert_eq!(
        third.login("coordination@exemple.fr", NEW_PASSWORD).await.path,
        "/tableau-de-bord"
    );
    let (entries, _) = binome::db::audit::list(&app.db, None, 0, 100).await.unwrap();
    let changes: Vec<_> = entries.iter().filter(|e| e.action == Some(Action::Security)).collect();
    assert_eq!(
        changes.len(),
        1,
        "the refused attempt is not a change; the change is in the journal"
    );
    assert_eq!(
        changes[0].detail.as_deref(),
        Some("mot de passe changé, autres sessions fermées")
    );
}

async fn a_session_expires_after_eight_hours_without_activity(app: TestApp) {
    app.signed_in_coordinator().await;
    let conn = Database::connect(app.config().database_url).await.unwrap();
    let sql = "SELECT MAX(expires_at) AS expires_at FROM web_session WHERE staff_id IS NOT NULL";
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    let expires_at: i64 = row.try_get("", "expires_at").unwrap();
    let eight_hours = 8 * 3600 * 1000;
    assert!(
        (expires_at - now_ms() - eight_hours).abs() < 60_000,
        "expires 8 hours after the last request"
    );

    assert_eq!(app.get("/tableau-de-bord").await.path, "/tableau-de-bord");
    let past = format!("UPDATE web_session SET expires_at = {}", now_ms() - 1000);
    conn.execute_unprepared(&past).await.unwrap();
    assert_eq!(app.get("/tableau-de-bord").await.path, "/connexion");
}

on_both_backends!(
    a_staff_member_turns_the_second_factor_on_and_then_signs_in_with_a_code,
    wrong_codes_are_throttled_like_wrong_passwords,
    administrators_must_turn_the_second_factor_on_when_the_setting_says_so,
    changing_ones_password_signs_out_the_other_sessions_only,
    a_session_expires_after_eight_hours_without_activity
);

async fn the_security_pages_are_accessible(app: TestApp) {
    let Some(browser) = crate::browser::Browser::start().await else {
        return;
    };
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "admin@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/tableau-de-bord")
        .await;

    for (path, name) in [
        (SETUP, "double authentification"),
        ("/compte/mot-de-passe", "mot de passe"),
        ("/admin/securite", "sécurité"),
    ] {
        browser.client.goto(&app.url(path)).await.unwrap();
        browser.assert_accessible(name).await;
    }
    browser.client.goto(&app.url(SETUP)).await.unwrap();
    let text = browser.text().await;
    let start = text.find("en tapant la clé :").unwrap() + "en tapant la clé :".len();
    let secret: String = text[start..].split_whitespace().take(8).collect();
    browser.fill("#password", PASSWORD).await;
    browser.fill("#code", &wrong_code(&secret)).await;
    browser.click_and_reload("form.form button[type=submit]").await;
    assert!(browser.text().await.contains(WRONG_CODE));
    browser.assert_accessible("code refusé").await;
    browser.fill("#password", PASSWORD).await;
    browser.fill("#code", &code(&secret, 0)).await;
    browser.click_and_reload("form.form button[type=submit]").await;
    assert!(browser.text().await.contains("La double authentification est activée"));
    browser.client.goto(&app.url("/connexion")).await.unwrap();
    browser.fill("#email", "admin@exemple.fr").await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click_to("form.form button[type=submit]", "/connexion/code")
        .await;
    browser.assert_accessible("code de connexion").await;
}

on_both_backends!(the_security_pages_are_accessible);

async fn the_sixth_wrong_current_password_in_a_row_is_refused_even_when_right(app: TestApp) {
    app.signed_in_coordinator().await;
    let page = "/compte/mot-de-passe";
    for _ in 0..5 {
        let wrong = app
            .submit(
                page,
                page,
                &[
                    ("current", "pas-le-bon"),
                    ("password", NEW_PASSWORD),
                    ("confirmation", NEW_PASSWORD),
                ],
            )
            .await;
        assert_eq!(wrong.status, 200);
        assert!(wrong.contains(WRONG_PASSWORD), "{}", wrong.body);
    }
    let right = app
        .submit(
            page,
            page,
            &[
                ("current", PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirmation", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(right.status, 429);
    assert!(
        right.contains(TOO_MANY) && right.contains("id=\"current-error\""),
        "{}",
        right.body
    );
    let turn_on = app
        .submit(SETUP, SETUP, &[("password", PASSWORD), ("code", "000000")])
        .await;
    assert_eq!(turn_on.status, 429, "the second-factor forms share the limit");
    assert!(
        turn_on.contains(TOO_MANY) && turn_on.contains("value=\"000000\""),
        "the code is kept"
    );
    assert_eq!(
        app.get("/tableau-de-bord").await.path,
        "/tableau-de-bord",
        "still signed in"
    );
    let other = app.new_visitor();
    assert_eq!(
        other.login("coordination@exemple.fr", PASSWORD).await.path,
        "/tableau-de-bord",
        "password unchanged"
    );
    assert_eq!(
        other.login("coordination@exemple.fr", NEW_PASSWORD).await.path,
        "/connexion"
    );
}

async fn turning_the_second_factor_on_or_off_asks_for_the_current_password(app: TestApp) {
    app.signed_in_coordinator().await;
    let email = "coordination@exemple.fr";
    let secret = secret_on(&app.get(SETUP).await);
    let refused = app
        .submit(SETUP, SETUP, &[("password", "pas-le-bon"), ("code", &code(&secret, 0))])
        .await;
    assert!(refused.contains(WRONG_PASSWORD) && refused.contains("id=\"password-error\""));
    assert!(
        !binome::db::staff::by_id(&app.db, staff_id(&app, email).await)
            .await
            .unwrap()
            .unwrap()
            .totp_enabled
    );
    enrol(&app).await;

    let off = format!("{SETUP}/desactiver");
    for typed in ["", "pas-le-bon"] {
        let refused = app.submit(SETUP, &off, &[("password", typed)]).await;
        assert!(
            refused.contains(WRONG_PASSWORD) && refused.contains("id=\"password-error\""),
            "{}",
            refused.body
        );
        let me = binome::db::staff::by_id(&app.db, staff_id(&app, email).await)
            .await
            .unwrap()
            .unwrap();
        assert!(me.totp_enabled, "the factor stays on");
    }
    let done = app.submit(SETUP, &off, &[("password", PASSWORD)]).await;
    assert!(done.contains("La double authentification est désactivée"));
    assert!(
        !binome::db::staff::by_id(&app.db, staff_id(&app, email).await)
            .await
            .unwrap()
            .unwrap()
            .totp_enabled
    );
}

on_both_backends!(
    the_sixth_wrong_current_password_in_a_row_is_refused_even_when_right,
    turning_the_second_factor_on_or_off_asks_for_the_current_password
);
