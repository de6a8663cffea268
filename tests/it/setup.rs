//! First start: the printed one-time link creates the first administrator.

use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;

async fn the_setup_link_creates_the_first_admin_once(app: TestApp) {
    // What `binome serve` prints on an empty database.
    let link = binome::app::setup_link_if_empty(&app.db, &app.config())
        .await
        .unwrap()
        .expect("an empty database gets a link");
    let path = link.strip_prefix(&app.address).unwrap().to_string();

    let bad = app
        .submit(
            &path,
            &path,
            &[
                ("name", "Camille"),
                ("email", "pas-une-adresse"),
                ("password", "court"),
                ("confirmation", "court"),
            ],
        )
        .await;
    assert!(bad.contains("Cette adresse e-mail n'est pas valide"));
    assert!(bad.contains("Le mot de passe doit contenir au moins 12 caractères."));
    assert!(bad.contains("value=\"Camille\""));
    assert_eq!(db::staff::count(&app.db).await.unwrap(), 0);

    let fields = [
        ("name", "Camille"),
        ("email", "camille@exemple.fr"),
        ("password", "un-mot-de-passe-long"),
        ("confirmation", "un-mot-de-passe-long"),
    ];
    let done = app.submit(&path, &path, &fields).await;
    assert_eq!(done.path, "/tableau-de-bord");
    assert!(done.contains("Administrateur·rice"));
    assert_eq!(
        app.new_visitor().get(&path).await.status,
        404,
        "the link works only once"
    );
    assert!(
        binome::app::setup_link_if_empty(&app.db, &app.config())
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_made_up_setup_link_is_not_found(app: TestApp) {
    assert_eq!(app.get("/installation/0123456789abcdef").await.status, 404);
}

on_both_backends!(
    the_setup_link_creates_the_first_admin_once,
    a_made_up_setup_link_is_not_found
);
