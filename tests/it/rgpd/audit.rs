//! The audit log (sign-ins, views, refusals) and the register of processing.

use crate::helpers::PASSWORD;
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;

async fn the_audit_log_records_logins_and_refuses_other_teams(app: TestApp) {
    let (_, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    let other_team = app.create_team("Antenne d'Aurillac", &["15014"]).await;
    app.create_staff(Role::Coordinator, "aurillac@exemple.fr", &[other_team], None)
        .await;
    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    let outsider = app.new_visitor();
    assert_eq!(
        outsider.login("aurillac@exemple.fr", "mauvais-mot-de-passe").await.path,
        "/connexion"
    );
    outsider.login("aurillac@exemple.fr", PASSWORD).await;
    for path in ["donnees", "donnees.json", "effacer"] {
        assert_eq!(
            outsider.get(&format!("/personnes/{denise}/{path}")).await.status,
            403,
            "{path}"
        );
    }
    let token = outsider.get("/tableau-de-bord").await.csrf_token();
    let post = outsider
        .post_raw(
            &format!("/personnes/{denise}/effacer"),
            &[("confirm", "oui"), ("authenticity_token", &token)],
        )
        .await;
    assert_eq!(post.status, 403);
    assert!(db::rgpd::erased_at(&app.db, denise).await.unwrap().is_none());
    assert_eq!(
        outsider.get("/admin/journal").await.status,
        403,
        "the journal is the admin's"
    );

    app.get(&format!("/personnes/{denise}")).await;
    let admin = app.new_visitor();
    admin.login("admin@exemple.fr", PASSWORD).await;
    let journal = admin.get("/admin/journal").await;
    assert!(journal.contains("connexion refusée") && journal.contains("aurillac@exemple.fr"));
    assert!(journal.contains("s'est connecté·e") && journal.contains("a consulté la fiche"));
    let one = admin.get(&format!("/admin/journal?personne={denise}")).await;
    assert!(
        one.contains("a consulté la fiche") && !one.contains("connexion refusée"),
        "filtered on Denise"
    );
    let bad = admin.get("/admin/journal?personne=Denise").await;
    assert!(
        bad.contains("id=\"personne-error\"")
            && bad.contains("aria-invalid=\"true\"")
            && bad.contains("value=\"Denise\"")
    );
}

async fn the_register_is_public_and_its_form_explains_mistakes(app: TestApp) {
    app.signed_in_admin().await;
    assert!(
        app.get("/").await.contains("href=\"/donnees-personnelles\""),
        "linked from the footer"
    );
    let public = app.new_visitor().get("/donnees-personnelles").await;
    assert!(public.contains("Vos droits, et comment les exercer") && public.contains("après 24 mois sans activité"));

    let fields = [
        ("purpose", ""),
        ("legal_basis", "Consentement"),
        ("retention", "Deux ans"),
        ("rights", "Accès, effacement"),
        ("dpo", "dpo@ccas.fr"),
        ("retention_months", "deux ans"),
    ];
    let refused = app.submit("/admin/registre", "/admin/registre", &fields).await;
    assert!(refused.contains("id=\"purpose-error\"") && refused.contains("Ce texte est obligatoire"));
    assert!(refused.contains("id=\"retention_months-error\"") && refused.contains("entre 6 et 120"));
    assert!(
        refused.contains("value=\"deux ans\"") && refused.contains("Accès, effacement"),
        "what was typed is kept"
    );
    assert!(
        app.get("/donnees-personnelles").await.contains("après 24 mois"),
        "nothing saved"
    );

    let fields = [
        ("controller", "CCAS de Ydes, place de la Mairie"),
        ("purpose", "Rompre l'isolement"),
        ("legal_basis", "Consentement"),
        ("retention", "Deux ans"),
        ("rights", "Accès, effacement"),
        ("dpo", "Écrire à dpo@ccas.fr"),
        ("retention_months", "36"),
    ];
    assert!(
        app.submit("/admin/registre", "/admin/registre", &fields)
            .await
            .contains("C'est enregistré")
    );
    let public = app.new_visitor().get("/donnees-personnelles").await;
    assert!(
        public.contains("Rompre l'isolement")
            && public.contains("Écrire à dpo@ccas.fr")
            && public.contains("après 36 mois")
            && public.contains("CCAS de Ydes, place de la Mairie")
    );
    assert_eq!(db::rgpd::retention_months(&app.db).await.unwrap(), 36);
}

on_both_backends!(
    the_audit_log_records_logins_and_refuses_other_teams,
    the_register_is_public_and_its_form_explains_mistakes
);
