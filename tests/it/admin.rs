//! The administrator creates teams and staff accounts; bad input is explained beside its field.

use crate::on_both_backends;
use binome::db;

on_both_backends! {
    async fn an_admin_creates_a_team_with_its_territory(app) {
        app.signed_in_admin().await;
        let page = app
            .submit("/admin/equipes", "/admin/equipes", &[("name", "Antenne de Mauriac"), ("departements", ""), ("communes", "15120, 15265")])
            .await;
        assert!(page.path.starts_with("/admin/equipes/"), "{}", page.path);
        assert!(page.contains("Mauriac (15)") && page.contains("Ydes (15)"));
        assert_eq!(db::teams::list(&app.db).await.unwrap().len(), 1);
    }

    async fn bad_team_input_is_explained_and_kept_and_nothing_is_created(app) {
        app.signed_in_admin().await;
        let page = app
            .submit("/admin/equipes", "/admin/equipes", &[("name", "Antenne du Nord"), ("departements", "15, xx"), ("communes", "15120, 99999")])
            .await;
        assert_eq!(page.status, 200);
        assert!(page.contains("Ces codes de département ne sont pas valides : xx."));
        assert!(page.contains("Aucune commune n'a ces codes INSEE : 99999."));
        assert!(page.contains("value=\"Antenne du Nord\""), "the name is kept");
        assert!(page.contains(">15120, 99999</textarea>"), "the communes are kept");
        assert!(page.contains("aria-invalid=\"true\""));
        assert!(db::teams::list(&app.db).await.unwrap().is_empty());

        let empty = app.submit("/admin/equipes", "/admin/equipes", &[("name", ""), ("departements", ""), ("communes", "")]).await;
        assert!(empty.contains("Indiquez un nom.") && empty.contains("Indiquez au moins un département ou une commune."));
    }

    async fn two_teams_cannot_share_a_name(app) {
        app.signed_in_admin().await;
        app.create_team("Antenne de Mauriac", &["15120"]).await;
        let page = app.submit("/admin/equipes", "/admin/equipes", &[("name", "Antenne de Mauriac"), ("departements", "15"), ("communes", "")]).await;
        assert!(page.contains("Une équipe porte déjà ce nom."));
        assert_eq!(db::teams::list(&app.db).await.unwrap().len(), 1);
    }

    async fn an_admin_creates_a_referent_who_can_then_sign_in(app) {
        app.signed_in_admin().await;
        let team = app.create_team("Antenne de Mauriac", &["15120"]).await.to_string();
        let fields = [
            ("name", "Julie Vidal"), ("email", "julie@ccas-ydes.fr"), ("role", "referent"), ("organisation", "CCAS de Ydes"),
            ("teams", team.as_str()), ("password", "un-mot-de-passe-long"), ("confirmation", "un-mot-de-passe-long"),
        ];
        let page = app.submit("/admin/comptes", "/admin/comptes", &fields).await;
        assert_eq!(page.path, "/admin/comptes");
        assert!(page.contains("julie@ccas-ydes.fr") && page.contains("CCAS de Ydes"));
        let julie = app.new_visitor();
        assert_eq!(julie.login("julie@ccas-ydes.fr", "un-mot-de-passe-long").await.path, "/tableau-de-bord");
    }

    async fn bad_account_input_is_explained_and_kept(app) {
        app.signed_in_admin().await;
        let fields = [
            ("name", "Julie Vidal"), ("email", "admin@exemple.fr"), ("role", "referent"), ("organisation", ""),
            ("password", "court"), ("confirmation", "court"),
        ];
        let page = app.submit("/admin/comptes", "/admin/comptes", &fields).await;
        assert!(page.contains("Indiquez la structure"));
        assert!(page.contains("Le mot de passe doit contenir au moins 12 caractères."));
        assert!(page.contains("value=\"Julie Vidal\""));
        let fields = [
            ("name", "Julie Vidal"), ("email", "admin@exemple.fr"), ("role", "admin"),
            ("password", "un-mot-de-passe-long"), ("confirmation", "un-mot-de-passe-long"),
        ];
        let page = app.submit("/admin/comptes", "/admin/comptes", &fields).await;
        assert!(page.contains("Un compte existe déjà avec cette adresse e-mail."));
        assert_eq!(db::staff::count(&app.db).await.unwrap(), 1);
    }
}

on_both_backends! {
    async fn an_admin_manages_the_interest_catalogue(app) {
        app.signed_in_admin().await;
        let page = app.submit("/admin/interets", "/admin/interets", &[("label", "Pêche à la ligne")]).await;
        assert!(page.contains("Pêche à la ligne"));
        let twice = app.submit("/admin/interets", "/admin/interets", &[("label", "Pêche à la ligne")]).await;
        assert!(twice.contains("Ce centre d'intérêt existe déjà.") && twice.contains("value=\"Pêche à la ligne\""));
        let empty = app.submit("/admin/interets", "/admin/interets", &[("label", "  ")]).await;
        assert!(empty.contains("Indiquez le nom du centre d'intérêt"));
        assert!(app.get("/devenir-benevole").await.contains("Pêche à la ligne"));

        let id = db::interests::all(&app.db).await.unwrap().into_iter().find(|(i, _)| i.label == "Pêche à la ligne").unwrap().0.id;
        app.submit("/admin/interets", &format!("/admin/interets/{id}"), &[("offered", "non")]).await;
        assert!(!app.get("/devenir-benevole").await.contains("Pêche à la ligne"), "a retired interest is no longer offered");
    }
}
