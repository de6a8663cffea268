//! Every action of the team says what happened and what comes next, once, after its redirect.

use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;

async fn approving_a_proposal_says_what_happens_next_once(app: TestApp) {
    let (team, _) = crate::proposals::team_with_people(&app).await;
    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let s = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .remove(0);
    let page = app
        .submit("/propositions", &format!("/propositions/{}/approuver", s.id), &[])
        .await;
    assert_eq!(page.path, "/propositions");
    assert!(
        page.contains("Proposition approuvée :") && page.contains("reçoit un e-mail pour accepter ou refuser"),
        "{}",
        page.body
    );
    assert!(
        !app.get(&format!("/propositions?equipe={team}"))
            .await
            .contains("Proposition approuvée"),
        "said once"
    );
    let other = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .remove(0);
    let page = app
        .submit("/propositions", &format!("/propositions/{}/rejeter", other.id), &[])
        .await;
    assert!(page.contains("Proposition écartée : ces deux personnes ne seront plus proposées ensemble."));
}

on_both_backends!(approving_a_proposal_says_what_happens_next_once);

async fn running_a_round_says_how_many_proposals_it_made(app: TestApp) {
    let (team, _) = crate::proposals::team_with_people(&app).await;
    let page = app
        .submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let made = db::suggestions::open_suggestions(&app.db, &[team]).await.unwrap().len();
    assert!(made > 1, "the fixture has people to pair");
    assert!(
        page.contains(&format!("Calcul fait : {made} propositions à examiner ci-dessous.")),
        "{}",
        page.body
    );
    assert!(
        !app.get(&format!("/propositions?equipe={team}"))
            .await
            .contains("Calcul fait"),
        "said once"
    );

    let empty = app.create_team("Antenne sans personne", &["15162"]).await;
    app.create_staff(Role::Coordinator, "vide@exemple.fr", &[empty], None)
        .await;
    let other = app.new_visitor();
    other.login("vide@exemple.fr", crate::helpers::PASSWORD).await;
    let page = other
        .submit("/propositions", "/propositions/tour", &[("equipe", &empty.to_string())])
        .await;
    assert!(
        page.contains("Calcul fait : aucune proposition pour l'instant."),
        "{}",
        page.body
    );
}

async fn adding_a_note_says_it_is_kept_for_the_team(app: TestApp) {
    let (_, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    let person_page = format!("/personnes/{denise}");
    let saved = app
        .submit(
            &person_page,
            &format!("{person_page}/notes"),
            &[("note_text", "Préfère le matin.")],
        )
        .await;
    assert_eq!(saved.path, person_page);
    assert!(
        saved.contains("Note ajoutée à l'historique : seule l'équipe la lit.") && saved.contains("Préfère le matin.")
    );
    assert!(!app.get(&person_page).await.contains("Note ajoutée"), "said once");
}

on_both_backends!(
    running_a_round_says_how_many_proposals_it_made,
    adding_a_note_says_it_is_kept_for_the_team
);
