//! What a probe of the running demo found (issue 12), one test per hole: each fails on the
//! code before its fix.

use crate::helpers::PASSWORD;
use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::probe::count;
use crate::signup::{sign_up, volunteer_fields, with};
use binome::db;
use binome::domain::account::Role;
use binome::domain::person::{Kind, Status};

const WRONG: &str = "Adresse e-mail ou mot de passe incorrect.";

fn now() -> i64 {
    binome::epoch_ms(chrono::Utc::now())
}

async fn an_admin_without_the_required_second_factor_can_only_enrol_or_leave(app: TestApp) {
    let (team, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    let _ = team;
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    db::settings::set_totp_required_for_admins(&app.db, true).await.unwrap();
    let admin = app.new_visitor();
    assert_eq!(
        admin.login("admin@exemple.fr", PASSWORD).await.path,
        binome::web::SECOND_FACTOR_PATH
    );
    for path in [
        format!("/personnes/{denise}"),
        format!("/personnes/{denise}/donnees"),
        format!("/personnes/{denise}/donnees.json"),
        "/personnes".into(),
        "/tableau-de-bord".into(),
        "/indicateurs".into(),
        "/compte/mot-de-passe".into(),
    ] {
        let page = admin.get(&path).await;
        assert_eq!(page.path, binome::web::SECOND_FACTOR_PATH, "{path}");
        assert!(!page.contains("Denise"), "{path}");
    }
    let erase = admin
        .submit(
            binome::web::SECOND_FACTOR_PATH,
            &format!("/personnes/{denise}/effacer"),
            &[("confirm", "oui"), ("confirmation", "oui")],
        )
        .await;
    assert_eq!(erase.path, binome::web::SECOND_FACTOR_PATH);
    let denise_now = db::people::by_id(&app.db, denise).await.unwrap().unwrap();
    assert_eq!(denise_now.profile.first_name, "Denise", "nothing erased");
    assert!(
        admin
            .get(binome::web::SECOND_FACTOR_PATH)
            .await
            .contains("double authentification")
    );
    let out = admin.submit(binome::web::SECOND_FACTOR_PATH, "/deconnexion", &[]).await;
    assert_eq!(out.path, "/connexion");
}

async fn the_sign_in_link_page_says_the_same_for_known_and_unknown_addresses(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    sign_up(&app, &volunteer_fields("lucie@exemple.fr")).await;
    let strip = |body: &str| {
        body.lines()
            .filter(|l| !l.contains("authenticity_token") && !l.contains("value=\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let known = app
        .new_visitor()
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "lucie@exemple.fr")],
        )
        .await;
    let unknown = app
        .new_visitor()
        .submit(
            "/espace/connexion",
            "/espace/connexion",
            &[("email", "personne@exemple.fr")],
        )
        .await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(strip(&known.body), strip(&unknown.body));
    // Both are counted alike: the unknown address leaves the same throttle rows.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM rate_event WHERE subject = 'lucie@exemple.fr'"
        )
        .await,
        count(
            &app,
            "SELECT COUNT(*) FROM rate_event WHERE subject = 'personne@exemple.fr'"
        )
        .await
    );
}

async fn signing_up_with_an_address_already_registered_tells_its_owner_not_the_visitor(app: TestApp) {
    let (_, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    let visitor = app.new_visitor();
    let page = sign_up(
        &visitor,
        &with(&volunteer_fields("denise@exemple.fr"), "submission_key", "autre"),
    )
    .await;
    assert_eq!(
        page.path, "/devenir-benevole/merci",
        "the same answer as for a new address"
    );
    assert!(!page.contains("déjà inscrite"));
    assert_eq!(
        db::people::by_id(&app.db, denise).await.unwrap().unwrap().kind,
        Kind::Beneficiary,
        "nothing changed"
    );
    app.deliver_emails().await;
    let mails = app.emails_to("denise@exemple.fr");
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("Votre adresse est déjà inscrite") && mails[0].contains("Bonjour Denise"));
    assert!(!mails[0].contains("/espace/lien/"), "no key to the space in it");
}

async fn after_signing_in_only_a_path_of_this_site_is_followed(app: TestApp) {
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[], None)
        .await;
    let form = app.get("/connexion?suite=/%09/evil.example").await;
    assert!(form.contains("value=\"/tableau-de-bord\""), "the tab trick is dropped");
    for next in [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/ok\r\nSet-Cookie: x=1",
        "/personnes\n",
    ] {
        let visitor = app.new_visitor();
        let page = visitor
            .submit(
                "/connexion",
                "/connexion",
                &[
                    ("email", "coordination@exemple.fr"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "{next:?}");
        assert_eq!(page.path, "/tableau-de-bord", "{next:?}");
    }
    let kept = app.new_visitor();
    let page = kept
        .submit(
            "/connexion",
            "/connexion",
            &[
                ("email", "coordination@exemple.fr"),
                ("password", PASSWORD),
                ("next", "/indicateurs?equipe=1"),
            ],
        )
        .await;
    assert_eq!(page.path, "/indicateurs");
}

async fn strangers_guessing_elsewhere_never_lock_the_owner_out(app: TestApp) {
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[], None)
        .await;
    assert_eq!(
        app.login("coordination@exemple.fr", PASSWORD).await.path,
        "/tableau-de-bord"
    );
    // Someone elsewhere tries a hundred passwords on her account.
    let t = now();
    for i in 0..100 {
        let _ = db::throttle::reserve_login(&app.db, "coordination@exemple.fr", &format!("198.51.100.{}", i % 7), t)
            .await
            .unwrap();
    }
    // Elsewhere, the account now waits, but never for good: at most 15 minutes after the last try.
    assert!(
        db::throttle::reserve_login(&app.db, "coordination@exemple.fr", "192.0.2.1", t + 1_000)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db::throttle::reserve_login(&app.db, "coordination@exemple.fr", "192.0.2.1", t + 15 * 60_000 + 1)
            .await
            .unwrap()
            .is_some()
    );
    // Her office, where she signed in before, is not held back at all.
    assert_eq!(
        app.new_visitor().login("coordination@exemple.fr", PASSWORD).await.path,
        "/tableau-de-bord"
    );
}

async fn a_burst_behind_one_address_does_not_lock_the_whole_office(app: TestApp) {
    app.create_staff(Role::Coordinator, "claire@exemple.fr", &[], None)
        .await;
    app.create_staff(Role::Coordinator, "karim@exemple.fr", &[], None).await;
    assert_eq!(app.login("karim@exemple.fr", PASSWORD).await.path, "/tableau-de-bord");
    for i in 0..40 {
        app.new_visitor().login(&format!("robot{i}@exemple.fr"), "devine").await;
    }
    // Claire, new here, waits (the wait is capped at 15 minutes)…
    let claire = app.new_visitor().login("claire@exemple.fr", PASSWORD).await;
    assert_eq!(claire.status, 429);
    assert!(claire.contains("attendez une minute"));
    // …but Karim signed in from here before: the burst does not hold him back.
    assert_eq!(
        app.new_visitor().login("karim@exemple.fr", PASSWORD).await.path,
        "/tableau-de-bord"
    );
}

async fn the_client_address_is_read_from_the_right_of_the_forwarded_header(app: TestApp) {
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[], None)
        .await;
    let proxied = app.restart_with(|c| c.trust_proxy = 1).await;
    let token = proxied.get("/connexion").await.csrf_token();
    let mut statuses = Vec::new();
    for i in 0..35 {
        // A client who writes a new address at the left each time is still one client.
        let forwarded = format!("10.9.{}.{}, 203.0.113.50", i / 200, i % 200);
        let page = proxied
            .post_forwarded(
                &forwarded,
                "/connexion",
                &[
                    ("email", &format!("x{i}@exemple.fr")),
                    ("password", "devine"),
                    ("authenticity_token", &token),
                ],
            )
            .await;
        statuses.push(page.status);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 5, "{statuses:?}");
    assert_eq!(count(&app, "SELECT COUNT(DISTINCT ip) FROM login_attempt").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM login_attempt WHERE ip = '203.0.113.50'").await,
        30
    );
}

async fn huge_fields_get_a_french_message_and_keep_the_form(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[], None)
        .await;
    let long_email = format!("{}@exemple.fr", "a".repeat(900_000));
    let login = app.login(&long_email, "x").await;
    assert_eq!(login.status, 200);
    assert!(login.contains("trop longue (254 caractères au plus)"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM login_attempt").await,
        0,
        "nothing stored"
    );
    // A one-megabyte sign-up: every field answered in French, what was typed kept.
    let big = "b".repeat(1_000_000);
    let fields = with(
        &with(&volunteer_fields("lucie@exemple.fr"), "last_name", &big),
        "postal_address",
        &"r".repeat(400),
    );
    let page = sign_up(&app, &fields).await;
    assert_eq!(page.status, 200, "not a 403");
    assert!(page.contains("Ce nom est trop long (80 caractères au plus)."));
    assert!(page.contains("value=\"Lucie\""));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM person").await, 0);
    // Past anything a form can hold, a French page, never a forged-form error.
    let huge = sign_up(
        &app,
        &with(&volunteer_fields("l@exemple.fr"), "last_name", &"c".repeat(3_000_000)),
    )
    .await;
    assert_eq!(huge.status, 413);
    assert!(huge.contains("Formulaire trop long"));
}

async fn the_daily_pass_forgets_attempts_sessions_and_unconfirmed_sign_ups(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[], None)
        .await;
    app.login("coordination@exemple.fr", "faux").await;
    app.login("coordination@exemple.fr", PASSWORD).await;
    sign_up(&app.new_visitor(), &volunteer_fields("lucie@exemple.fr")).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM person").await, 1);
    let later = now() + 8 * 24 * 3600 * 1000;
    db::rgpd::schedule_purge(&app.db, later).await.unwrap();
    binome::jobs::run_due(&app.state.db, &app.state.links, later + 24 * 3600 * 1000)
        .await
        .unwrap();
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM login_attempt WHERE succeeded = false").await,
        0,
        "wrong passwords forgotten after a day"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM web_session").await,
        0,
        "expired sessions deleted"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM person").await,
        0,
        "the unconfirmed sign-up is gone with its expired link"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM consent").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM rate_event").await, 0);
}

async fn pages_and_exports_are_never_kept_by_the_browser(app: TestApp) {
    let (_, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    for path in [
        "/tableau-de-bord".to_string(),
        format!("/personnes/{denise}"),
        format!("/personnes/{denise}/donnees.json"),
        "/indicateurs.csv".into(),
        "/connexion".into(),
    ] {
        let (headers, _) = app.download(&path).await;
        assert_eq!(
            headers.get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
        assert!(
            headers.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
    }
    let (headers, _) = app.download("/static/binome.css").await;
    assert_ne!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let https = app
        .restart_with(|c| c.base_url = "https://binome.exemple.fr".into())
        .await;
    let (headers, _) = https.download("/connexion").await;
    assert!(
        headers
            .get("strict-transport-security")
            .is_some_and(|v| v.to_str().unwrap().contains("max-age=31536000"))
    );
}

async fn page_numbers_out_of_range_are_a_page_not_a_panic(app: TestApp) {
    app.signed_in_admin().await;
    for path in [
        "/admin/journal?page=18446744073709551615",
        "/admin/journal?page=99999999999999999999999",
        "/tableau-de-bord?attente_page=18446744073709551615",
    ] {
        assert_eq!(app.get(path).await.status, 200, "{path}");
    }
}

async fn control_and_direction_characters_in_names_are_refused_and_nul_never_errors(app: TestApp) {
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    for (field, value) in [
        ("last_name", "Martin\u{202E}nitraM"),
        ("first_name", "Lu\u{200B}cie"),
        ("last_name", "Mar\u{7}tin"),
    ] {
        let page = sign_up(&app, &with(&volunteer_fields("lucie@exemple.fr"), field, value)).await;
        assert_eq!(page.path, "/devenir-benevole", "{field}");
        assert!(page.contains("caractères invisibles ou de contrôle"), "{field}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM person").await, 0);
    // A NUL typed anywhere is dropped before it reaches the database (PostgreSQL refuses it).
    let page = sign_up(
        &app,
        &with(&volunteer_fields("lucie@exemple.fr"), "last_name", "Mar\0tin"),
    )
    .await;
    assert_eq!(page.path, "/devenir-benevole/merci", "{}", page.body);
    let lucie = db::people::by_email(&app.db, "lucie@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(lucie.profile.last_name, "Martin");
    let login = app.login("a\0b@exemple.fr", "x\0y").await;
    assert_eq!(login.status, 200);
}

async fn malformed_forms_are_answered_in_french_not_with_a_422(app: TestApp) {
    app.create_staff(Role::Coordinator, "coordination@exemple.fr", &[], None)
        .await;
    let token = app.get("/connexion").await.csrf_token();
    let page = app
        .post_raw(
            "/connexion",
            &[("authenticity_token", &token), ("email", "coordination@exemple.fr")],
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(page.contains(WRONG));
    let link = binome::app::setup_link_if_empty(&app.db, &app.config()).await.unwrap();
    assert!(link.is_none(), "an account exists");
    app.signed_in_admin().await;
    let token = app.get("/admin/charte").await.csrf_token();
    let draft = app.post_raw("/admin/charte", &[("authenticity_token", &token)]).await;
    assert_ne!(draft.status, 422);
    assert!(!draft.body.contains("Failed to deserialize"));
}

async fn a_referent_signs_people_up_only_on_her_teams_territory(app: TestApp) {
    let mauriac = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    app.create_team("Lyon", &["69123"]).await;
    app.create_staff(Role::Referent, "ccas@exemple.fr", &[mauriac], Some("CCAS de Ydes"))
        .await;
    app.login("ccas@exemple.fr", PASSWORD).await;
    let fields = [
        ("first_name", "Germaine"),
        ("last_name", "Dufour"),
        ("contact_channel", "phone"),
        ("phone", "04 71 40 12 34"),
        ("commune", "Lyon (69)"),
        ("slots", "1-1"),
        ("languages", "fr"),
        ("rank_public", "1"),
        ("consent_method", "assisted"),
        ("attester_name", "Julie Vidal"),
        ("attested_on", "2026-11-20"),
        ("submission_key", "g1"),
    ];
    let page = app.submit("/personnes/inscrire", "/personnes/inscrire", &fields).await;
    assert!(
        page.contains("Cette commune n'est pas sur le territoire de vos équipes."),
        "{}",
        page.body
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM person").await, 0);
}

async fn a_one_letter_commune_search_is_an_exact_name_not_a_scan(app: TestApp) {
    let (_, page) = app.download("/api/communes?q=e").await;
    assert_eq!(page.body, "[]");
    let (_, y) = app.download("/api/communes?q=y").await;
    assert!(y.body.contains("\"label\":\"Y (80)\""), "{}", y.body);
    let (_, long) = app.download(&format!("/api/communes?q={}", "a".repeat(500))).await;
    assert_eq!(long.body, "[]");
}

async fn a_batch_of_dead_addresses_raises_one_alert(app: TestApp) {
    let (team, people) = crate::proposals::team_with_people(&app).await;
    let conn = sea_orm::Database::connect(app.config().database_url).await.unwrap();
    use sea_orm::ConnectionTrait;
    for (i, id) in people.iter().enumerate() {
        conn.execute_unprepared(&format!(
            "INSERT INTO outbox (person_id, to_address, subject, body_text, message_id, idempotency_key, status, run_at, attempts, created_at) \
             VALUES ({id}, 'a<b{i}@exemple.fr', 'Sujet', 'Texte', '<m{i}@binome>', 'dead-{i}', 'pending', 0, 0, 0)")).await.unwrap();
    }
    app.deliver_emails().await;
    let alerts = db::checkins::open_alerts(&app.db, &[team]).await.unwrap();
    assert_eq!(alerts.len(), 1, "one alert for the batch");
    assert!(
        alerts[0].message.contains("5 e-mails n'ont pas pu être envoyés"),
        "{}",
        alerts[0].message
    );
    let _ = Status::Waiting;
}

on_both_backends!(
    an_admin_without_the_required_second_factor_can_only_enrol_or_leave,
    the_sign_in_link_page_says_the_same_for_known_and_unknown_addresses,
    signing_up_with_an_address_already_registered_tells_its_owner_not_the_visitor,
    after_signing_in_only_a_path_of_this_site_is_followed,
    strangers_guessing_elsewhere_never_lock_the_owner_out,
    a_burst_behind_one_address_does_not_lock_the_whole_office,
    the_client_address_is_read_from_the_right_of_the_forwarded_header,
    huge_fields_get_a_french_message_and_keep_the_form,
    the_daily_pass_forgets_attempts_sessions_and_unconfirmed_sign_ups,
    pages_and_exports_are_never_kept_by_the_browser,
    page_numbers_out_of_range_are_a_page_not_a_panic,
    control_and_direction_characters_in_names_are_refused_and_nul_never_errors,
    malformed_forms_are_answered_in_french_not_with_a_422,
    a_referent_signs_people_up_only_on_her_teams_territory,
    a_one_letter_commune_search_is_an_exact_name_not_a_scan,
    a_batch_of_dead_addresses_raises_one_alert
);
