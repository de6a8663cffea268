//! The scoped loaders of `db::access`: a person or a binôme comes back only to a reader the
//! access rules let have it, and a missing record is told apart from a refused one.

use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db::{self, staff::StaffMember};
use binome::domain::access::Denied;
use binome::domain::account::Role;

async fn member(app: &TestApp, role: Role, email: &str, teams: &[i32]) -> StaffMember {
    let id = app.create_staff(role, email, teams, None).await;
    db::staff::by_id(&app.db, id).await.unwrap().unwrap()
}

async fn a_scoped_loader_gives_each_reader_only_what_the_rules_let_them_have(app: TestApp) {
    let (pairing, _) = crate::ending::accepted(&app).await;
    let team_a = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().team_id;
    let team_b = app.create_team("Antenne d'Aurillac", &["15014"]).await;
    let r1 = member(&app, Role::Referent, "referent1@exemple.fr", &[team_a]).await;
    let r2 = member(&app, Role::Referent, "referent2@exemple.fr", &[team_a]).await;
    let coordinator_a = member(&app, Role::Coordinator, "coordination-a@exemple.fr", &[team_a]).await;
    let coordinator_b = member(&app, Role::Coordinator, "coordination-b@exemple.fr", &[team_b]).await;
    let admin = member(&app, Role::Admin, "admin@exemple.fr", &[]).await;
    let philomene = crate::access::fixture::philomene(&app, team_a, r1.id).await;

    // (reader, may open Philomène's record, may manage it, may manage the binôme)
    let expected = [
        (&r1, Ok(()), Err(Denied::Refused), Err(Denied::Refused)),
        (&r2, Err(Denied::Refused), Err(Denied::Refused), Err(Denied::Refused)),
        (&coordinator_a, Ok(()), Ok(()), Ok(())),
        (
            &coordinator_b,
            Err(Denied::Refused),
            Err(Denied::Refused),
            Err(Denied::Refused),
        ),
        (&admin, Ok(()), Ok(()), Ok(())),
    ];
    for (me, view, manage, binome) in expected {
        let reader = me.reader();
        let seen = db::access::visible_person(&app.db, &reader, philomene).await.unwrap();
        assert_eq!(
            seen.map(|p| assert_eq!(p.id, philomene)),
            view,
            "{} opens the record",
            me.email
        );
        let managed = db::access::managed_person(&app.db, &reader, philomene).await.unwrap();
        assert_eq!(
            managed.map(|p| assert_eq!(p.id, philomene)),
            manage,
            "{} manages the person",
            me.email
        );
        let found = db::access::managed_pairing(&app.db, &reader, pairing).await.unwrap();
        assert_eq!(
            found.map(|p| assert_eq!(p.id, pairing)),
            binome,
            "{} manages the binôme",
            me.email
        );
    }

    let unknown = philomene + 1000;
    let reader = admin.reader();
    assert_eq!(
        db::access::visible_person(&app.db, &reader, unknown)
            .await
            .unwrap()
            .err(),
        Some(Denied::Missing)
    );
    assert_eq!(
        db::access::managed_person(&app.db, &reader, unknown)
            .await
            .unwrap()
            .err(),
        Some(Denied::Missing)
    );
    assert_eq!(
        db::access::managed_pairing(&app.db, &reader, pairing + 1000)
            .await
            .unwrap()
            .err(),
        Some(Denied::Missing)
    );
}

async fn a_coordinator_runs_their_own_teams_and_an_admin_every_team(app: TestApp) {
    let team_a = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let team_b = app.create_team("Antenne d'Aurillac", &["15014"]).await;
    let coordinator_b = member(&app, Role::Coordinator, "coordination-b@exemple.fr", &[team_b]).await;
    let admin = member(&app, Role::Admin, "admin@exemple.fr", &[]).await;
    let referent = member(&app, Role::Referent, "referent@exemple.fr", &[team_a]).await;
    let ids = |teams: Vec<db::teams::Team>| teams.into_iter().map(|t| t.id).collect::<Vec<_>>();

    let run = coordinator_b.reader().teams().unwrap();
    assert_eq!(ids(db::access::teams(&app.db, run).await.unwrap()), vec![team_b]);
    let run = admin.reader().teams().unwrap();
    assert_eq!(
        ids(db::access::teams(&app.db, run).await.unwrap()),
        vec![team_b, team_a],
        "by name"
    );
    assert!(referent.reader().teams().is_none(), "a référent runs no team");
}

on_both_backends!(
    a_scoped_loader_gives_each_reader_only_what_the_rules_let_them_have,
    a_coordinator_runs_their_own_teams_and_an_admin_every_team
);
