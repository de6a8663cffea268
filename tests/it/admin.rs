//! The administrator creates teams and staff accounts; bad input is explained beside its field.
//! Offboarding: an account is disabled (its sessions end), re-roled, moved, or reset.

use crate::helpers::{PASSWORD, Page, TestApp};
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;
use binome::domain::alert::AlertKind;
use binome::domain::person::Kind;
use binome::domain::rgpd::Action;

const WRONG_CREDENTIALS: &str = "Adresse e-mail ou mot de passe incorrect.";
const LAST_ADMIN: &str = "C'est le dernier compte administrateur actif";

/// Posts one of the forms of account `id`'s page (`action` after `/admin/comptes/{id}/`).
async fn on_account(app: &TestApp, id: i32, action: &str, fields: &[(&str, &str)]) -> Page {
    app.submit(
        &format!("/admin/comptes/{id}"),
        &format!("/admin/comptes/{id}/{action}"),
        fields,
    )
    .await
}

/// The audit details of administration changes, oldest first.
async fn account_changes(app: &TestApp) -> Vec<String> {
    let (entries, _) = db::audit::list(&app.db, None, 1, 100).await.unwrap();
    entries
        .into_iter()
        .rev()
        .filter(|e| e.action == Some(Action::Change) && e.person_id.is_none())
        .filter_map(|e| e.detail)
        .collect()
}

/// An admin signed in, and a coordinator of a new team signed in on another computer.
async fn admin_and_coordinator(app: &TestApp) -> (i32, i32, TestApp) {
    app.signed_in_admin().await;
    let team = app.create_team("Antenne de Mauriac", &["15120", "15265"]).await;
    let id = app
        .create_staff(Role::Coordinator, "claire@exemple.fr", &[team], None)
        .await;
    let claire = app.new_visitor();
    assert_eq!(
        claire.login("claire@exemple.fr", PASSWORD).await.path,
        "/tableau-de-bord"
    );
    (id, team, claire)
}

/// The password shown once on the account page after a reset.
fn shown_password(page: &Page) -> String {
    let start = page
        .body
        .find("<p class=\"secret\"><code>")
        .expect("the new password is shown")
        + 24;
    let end = page.body[start..].find("</code>").unwrap() + start;
    page.body[start..end].to_string()
}

async fn an_admin_creates_a_team_with_its_territory(app: TestApp) {
    app.signed_in_admin().await;
    let page = app
        .submit(
            "/admin/equipes",
            "/admin/equipes",
            &[
                ("name", "Antenne de Mauriac"),
                ("departements", ""),
                ("communes", "15120, 15265"),
            ],
        )
        .await;
    assert!(page.path.starts_with("/admin/equipes/"), "{}", page.path);
    assert!(page.contains("Mauriac (15)") && page.contains("Ydes (15)"));
    assert_eq!(db::teams::list(&app.db).await.unwrap().len(), 1);
}

async fn an_admin_gives_the_team_a_phone_and_an_address(app: TestApp) {
    app.signed_in_admin().await;
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let page = format!("/admin/equipes/{team}");
    let refused = app
        .submit(
            &page,
            &format!("{page}/contact"),
            &[("telephone", "05 55 12"), ("courriel", "ccas@mauriac")],
        )
        .await;
    assert!(
        refused.contains("Ce numéro n'est pas valide : 10 chiffres")
            && refused.contains("Cette adresse e-mail n'est pas valide")
    );
    assert!(
        refused.contains("value=\"05 55 12\"") && refused.contains("value=\"ccas@mauriac\""),
        "what was typed is kept"
    );
    assert_eq!(
        db::teams::by_id(&app.db, team).await.unwrap().unwrap().contact,
        db::teams::Contact::default(),
        "nothing saved"
    );

    let saved = app
        .submit(
            &page,
            &format!("{page}/contact"),
            &[("telephone", "05 55 12 34 56"), ("courriel", "CCAS@Mauriac.fr")],
        )
        .await;
    assert_eq!(saved.path, page, "back on the team's page after the redirect");
    assert!(saved.contains("Contact de l'équipe enregistré"));
    let contact = db::teams::by_id(&app.db, team).await.unwrap().unwrap().contact;
    assert_eq!(
        (contact.phone.as_deref(), contact.email.as_deref()),
        (Some("0555123456"), Some("ccas@mauriac.fr"))
    );
    assert!(
        !app.get(&page).await.contains("Contact de l'équipe enregistré"),
        "said once"
    );
}

async fn bad_team_input_is_explained_and_kept_and_nothing_is_created(app: TestApp) {
    app.signed_in_admin().await;
    let page = app
        .submit(
            "/admin/equipes",
            "/admin/equipes",
            &[
                ("name", "Antenne du Nord"),
                ("departements", "15, xx"),
                ("communes", "15120, 99999"),
            ],
        )
        .await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Ces codes de département ne sont pas valides : xx."));
    assert!(page.contains("Aucune commune n'a ces codes INSEE : 99999."));
    assert!(page.contains("value=\"Antenne du Nord\""), "the name is kept");
    assert!(page.contains(">15120, 99999</textarea>"), "the communes are kept");
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(db::teams::list(&app.db).await.unwrap().is_empty());

    let empty = app
        .submit(
            "/admin/equipes",
            "/admin/equipes",
            &[("name", ""), ("departements", ""), ("communes", "")],
        )
        .await;
    assert!(empty.contains("Indiquez un nom.") && empty.contains("Indiquez au moins un département ou une commune."));
}

async fn two_teams_cannot_share_a_name(app: TestApp) {
    app.signed_in_admin().await;
    app.create_team("Antenne de Mauriac", &["15120"]).await;
    let page = app
        .submit(
            "/admin/equipes",
            "/admin/equipes",
            &[("name", "Antenne de Mauriac"), ("departements", "15"), ("communes", "")],
        )
        .await;
    assert!(page.contains("Une équipe porte déjà ce nom."));
    assert_eq!(db::teams::list(&app.db).await.unwrap().len(), 1);
}

async fn an_admin_creates_a_referent_who_can_then_sign_in(app: TestApp) {
    app.signed_in_admin().await;
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await.to_string();
    let fields = [
        ("name", "Julie Vidal"),
        ("email", "julie@ccas-ydes.fr"),
        ("role", "referent"),
        ("organisation", "CCAS de Ydes"),
        ("teams", team.as_str()),
        ("password", "un-mot-de-passe-long"),
        ("confirmation", "un-mot-de-passe-long"),
    ];
    let page = app.submit("/admin/comptes", "/admin/comptes", &fields).await;
    assert_eq!(page.path, "/admin/comptes");
    assert!(page.contains("julie@ccas-ydes.fr") && page.contains("CCAS de Ydes"));
    let julie = app.new_visitor();
    assert_eq!(
        julie.login("julie@ccas-ydes.fr", "un-mot-de-passe-long").await.path,
        "/tableau-de-bord"
    );
}

async fn bad_account_input_is_explained_and_kept(app: TestApp) {
    app.signed_in_admin().await;
    let fields = [
        ("name", "Julie Vidal"),
        ("email", "admin@exemple.fr"),
        ("role", "referent"),
        ("organisation", ""),
        ("password", "court"),
        ("confirmation", "court"),
    ];
    let page = app.submit("/admin/comptes", "/admin/comptes", &fields).await;
    assert!(page.contains("Indiquez la structure"));
    assert!(page.contains("Le mot de passe doit contenir au moins 12 caractères."));
    assert!(page.contains("value=\"Julie Vidal\""));
    let fields = [
        ("name", "Julie Vidal"),
        ("email", "admin@exemple.fr"),
        ("role", "admin"),
        ("password", "un-mot-de-passe-long"),
        ("confirmation", "un-mot-de-passe-long"),
    ];
    let page = app.submit("/admin/comptes", "/admin/comptes", &fields).await;
    assert!(page.contains("Un compte existe déjà avec cette adresse e-mail."));
    assert_eq!(db::staff::count(&app.db).await.unwrap(), 1);
}

on_both_backends!(
    an_admin_creates_a_team_with_its_territory,
    an_admin_gives_the_team_a_phone_and_an_address,
    bad_team_input_is_explained_and_kept_and_nothing_is_created,
    two_teams_cannot_share_a_name,
    an_admin_creates_a_referent_who_can_then_sign_in,
    bad_account_input_is_explained_and_kept
);

async fn an_admin_manages_the_interest_catalogue(app: TestApp) {
    app.signed_in_admin().await;
    let page = app
        .submit("/admin/interets", "/admin/interets", &[("label", "Pêche à la ligne")])
        .await;
    assert!(page.contains("Pêche à la ligne"));
    let twice = app
        .submit("/admin/interets", "/admin/interets", &[("label", "Pêche à la ligne")])
        .await;
    assert!(twice.contains("Ce centre d'intérêt existe déjà.") && twice.contains("value=\"Pêche à la ligne\""));
    let empty = app
        .submit("/admin/interets", "/admin/interets", &[("label", "  ")])
        .await;
    assert!(empty.contains("Indiquez le nom du centre d'intérêt"));
    assert!(app.get("/devenir-benevole").await.contains("Pêche à la ligne"));

    let id = db::interests::all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|(i, _)| i.label == "Pêche à la ligne")
        .unwrap()
        .0
        .id;
    app.submit(
        "/admin/interets",
        &format!("/admin/interets/{id}"),
        &[("offered", "non")],
    )
    .await;
    assert!(
        !app.get("/devenir-benevole").await.contains("Pêche à la ligne"),
        "a retired interest is no longer offered"
    );
}

on_both_backends!(an_admin_manages_the_interest_catalogue);

async fn a_disabled_coordinator_is_signed_out_at_once_and_cannot_sign_in_again(app: TestApp) {
    let (id, _, claire) = admin_and_coordinator(&app).await;
    let list = app.get("/admin/comptes").await;
    assert!(
        list.contains(&format!("href=\"/admin/comptes/{id}\"")),
        "the list links to each account"
    );

    let page = on_account(&app, id, "desactiver", &[]).await;
    assert!(page.contains("Le compte est désactivé"), "{}", page.body);
    assert!(page.contains("désactivé depuis le") && page.contains("Réactiver le compte"));
    assert_eq!(
        claire.get("/tableau-de-bord").await.path,
        "/connexion",
        "her open session is closed"
    );
    let refused = claire.login("claire@exemple.fr", PASSWORD).await;
    assert_eq!(refused.path, "/connexion");
    assert!(
        refused.contains(WRONG_CREDENTIALS),
        "the same message as for a wrong password"
    );
    assert!(app.get("/admin/comptes").await.contains("désactivé"));

    let page = on_account(&app, id, "reactiver", &[]).await;
    assert!(page.contains("Le compte est réactivé"));
    assert_eq!(
        claire.login("claire@exemple.fr", PASSWORD).await.path,
        "/tableau-de-bord"
    );
    let changes = account_changes(&app).await;
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(changes[0].contains("claire@exemple.fr") && changes[0].ends_with("désactivé, sessions fermées"));
    assert!(changes[1].ends_with("réactivé"));
}

async fn a_session_that_outlives_the_disabling_is_refused(app: TestApp) {
    let (id, _, claire) = admin_and_coordinator(&app).await;
    // Disabled behind the application's back: the session row is still there.
    let conn = sea_orm::Database::connect(app.config().database_url).await.unwrap();
    use sea_orm::ConnectionTrait;
    conn.execute_unprepared(&format!("UPDATE staff SET disabled_at = 1 WHERE id = {id}"))
        .await
        .unwrap();
    assert!(db::staff::by_id(&app.db, id).await.unwrap().is_none());
    assert_eq!(claire.get("/personnes").await.path, "/connexion");
}

async fn an_admin_changes_a_role_and_a_referent_needs_a_structure(app: TestApp) {
    let (id, _, claire) = admin_and_coordinator(&app).await;
    assert_eq!(claire.get("/tableau-de-bord/appels").await.status, 200);

    let refused = on_account(&app, id, "role", &[("role", "referent"), ("organisation", " ")]).await;
    assert!(refused.contains("Indiquez la structure") && refused.contains("id=\"organisation-error\""));
    assert!(
        refused.contains("id=\"role-referent\" name=\"role\" value=\"referent\" checked"),
        "the choice is kept"
    );
    assert_eq!(
        db::staff::account(&app.db, id).await.unwrap().unwrap().role,
        Role::Coordinator,
        "nothing changed"
    );

    let saved = on_account(
        &app,
        id,
        "role",
        &[("role", "referent"), ("organisation", "CCAS de Ydes")],
    )
    .await;
    assert!(saved.contains("Le rôle est enregistré"));
    let claire_now = db::staff::account(&app.db, id).await.unwrap().unwrap();
    assert_eq!(
        (claire_now.role, claire_now.organisation.as_deref()),
        (Role::Referent, Some("CCAS de Ydes"))
    );
    assert_eq!(
        claire.get("/tableau-de-bord/appels").await.status,
        403,
        "her next request has the new role"
    );
    let changes = account_changes(&app).await;
    assert_eq!(changes.len(), 1, "the refused change is not in the journal");
    assert!(changes[0].ends_with("rôle : Référent·e (CCAS de Ydes)"), "{changes:?}");
}

async fn moving_a_coordinator_to_another_team_changes_what_she_sees(app: TestApp) {
    let (id, mauriac, claire) = admin_and_coordinator(&app).await;
    let aurillac = app.create_team("Antenne d'Aurillac", &["15014"]).await;
    let germaine = crate::desk::person(&app, mauriac, Kind::Beneficiary, "Germaine", "15120", false, 3).await;
    let raymonde = crate::desk::person(&app, aurillac, Kind::Beneficiary, "Raymonde", "15014", false, 3).await;
    assert_eq!(claire.get(&format!("/personnes/{germaine}")).await.status, 200);
    assert_eq!(claire.get(&format!("/personnes/{raymonde}")).await.status, 403);

    let none = on_account(&app, id, "equipes", &[]).await;
    assert!(
        none.contains("Un·e coordinateur·rice appartient à au moins une équipe.")
            && none.contains("id=\"teams-error\"")
    );
    let unknown = on_account(&app, id, "equipes", &[("teams", "99999")]).await;
    assert!(unknown.contains("Cette équipe n'existe plus"));
    assert_eq!(
        db::staff::account(&app.db, id).await.unwrap().unwrap().team_ids,
        vec![mauriac],
        "nothing changed"
    );

    let moved = on_account(&app, id, "equipes", &[("teams", &aurillac.to_string())]).await;
    assert!(moved.contains("Les équipes sont enregistrées"));
    assert_eq!(claire.get(&format!("/personnes/{germaine}")).await.status, 403);
    assert_eq!(claire.get(&format!("/personnes/{raymonde}")).await.status, 200);
    let changes = account_changes(&app).await;
    assert_eq!(changes.len(), 1);
    assert!(changes[0].ends_with("équipes : Antenne d'Aurillac"), "{changes:?}");
}

async fn a_reset_gives_a_working_password_ends_the_sessions_and_the_second_factor(app: TestApp) {
    let (id, _, claire) = admin_and_coordinator(&app).await;
    let secret = binome::domain::second_factor::new_secret();
    db::staff::enable_totp(&app.db, id, &secret, 0, &[], 0).await.unwrap();

    let page = on_account(&app, id, "reinitialiser", &[]).await;
    assert!(page.contains("affiché une seule fois") && page.contains("double authentification"));
    let fresh = shown_password(&page);
    assert!(fresh.len() >= 12, "{fresh}");
    assert!(
        !app.get(&format!("/admin/comptes/{id}")).await.contains(&fresh),
        "shown only once"
    );
    assert_eq!(
        claire.get("/tableau-de-bord").await.path,
        "/connexion",
        "her old session is closed"
    );
    assert!(
        claire
            .login("claire@exemple.fr", PASSWORD)
            .await
            .contains(WRONG_CREDENTIALS)
    );
    let signed_in = app.new_visitor().login("claire@exemple.fr", &fresh).await;
    assert_eq!(
        signed_in.path, "/tableau-de-bord",
        "the new password works, without the lost phone's code"
    );
    let changes = account_changes(&app).await;
    assert_eq!(changes.len(), 1);
    assert!(changes[0].contains("mot de passe réinitialisé, double authentification retirée, sessions fermées"));
}

async fn a_disabled_coordinator_is_no_longer_told_of_the_team_alerts(app: TestApp) {
    let (claire, team, _) = admin_and_coordinator(&app).await;
    app.create_staff(Role::Coordinator, "louis@exemple.fr", &[team], None)
        .await;
    on_account(&app, claire, "desactiver", &[]).await;
    let germaine = crate::desk::person(&app, team, Kind::Beneficiary, "Germaine", "15120", false, 3).await;
    crate::desk::alert(&app, team, None, germaine, AlertKind::CallBack, "À rappeler.").await;
    crate::lifecycle::tick(&app, crate::lifecycle::now() + 60_000).await;
    assert_eq!(app.emails_to("louis@exemple.fr").len(), 1, "the team is told");
    assert!(app.emails_to("claire@exemple.fr").is_empty(), "not the one who left");
    let page = app.get(&format!("/admin/equipes/{team}")).await;
    assert_eq!(
        page.body.matches("— coordinator").count(),
        1,
        "the team page lists the members who remain"
    );
}

async fn the_last_active_admin_can_be_neither_disabled_nor_demoted(app: TestApp) {
    app.signed_in_admin().await;
    let me = db::staff::credentials(&app.db, "admin@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let refused = on_account(&app, me, "desactiver", &[]).await;
    assert!(
        refused.contains(LAST_ADMIN) && refused.contains("id=\"etat-error\""),
        "{}",
        refused.body
    );
    let demoted = on_account(&app, me, "role", &[("role", "coordinator")]).await;
    assert!(demoted.contains(LAST_ADMIN) && demoted.contains("id=\"role-error\""));
    assert_eq!(
        app.get("/admin/comptes").await.path,
        "/admin/comptes",
        "still an admin, still signed in"
    );
    assert!(account_changes(&app).await.is_empty());

    let other = app.create_staff(Role::Admin, "autre-admin@exemple.fr", &[], None).await;
    assert!(
        on_account(&app, other, "desactiver", &[])
            .await
            .contains("Le compte est désactivé")
    );
    assert!(
        on_account(&app, me, "desactiver", &[]).await.contains(LAST_ADMIN),
        "a disabled admin does not count"
    );
    on_account(&app, other, "reactiver", &[]).await;
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await.to_string();
    on_account(&app, me, "equipes", &[("teams", &team)]).await;
    let demoted = on_account(&app, me, "role", &[("role", "coordinator")]).await;
    assert!(demoted.contains("Le rôle est enregistré"), "{}", demoted.body);
    assert_eq!(app.get("/admin/comptes").await.status, 403, "no longer an admin");
}

on_both_backends!(
    a_disabled_coordinator_is_signed_out_at_once_and_cannot_sign_in_again,
    a_session_that_outlives_the_disabling_is_refused,
    an_admin_changes_a_role_and_a_referent_needs_a_structure,
    moving_a_coordinator_to_another_team_changes_what_she_sees,
    a_reset_gives_a_working_password_ends_the_sessions_and_the_second_factor,
    a_disabled_coordinator_is_no_longer_told_of_the_team_alerts,
    the_last_active_admin_can_be_neither_disabled_nor_demoted
);
