//! Every action of the team says what happened and what comes next, once, after its redirect.

use crate::on_both_backends;
use binome::db;

on_both_backends! {
    async fn approving_a_proposal_says_what_happens_next_once(app) {
        let (team, _) = crate::proposals::team_with_people(&app).await;
        app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())]).await;
        let s = db::matching::open_suggestions(&app.db, &[team]).await.unwrap().remove(0);
        let page = app.submit("/propositions", &format!("/propositions/{}/approuver", s.id), &[]).await;
        assert_eq!(page.path, "/propositions");
        assert!(page.contains("Proposition approuvée :") && page.contains("reçoit un e-mail pour accepter ou refuser"), "{}", page.body);
        assert!(!app.get(&format!("/propositions?equipe={team}")).await.contains("Proposition approuvée"), "said once");
        let other = db::matching::open_suggestions(&app.db, &[team]).await.unwrap().remove(0);
        let page = app.submit("/propositions", &format!("/propositions/{}/rejeter", other.id), &[]).await;
        assert!(page.contains("Proposition écartée : ces deux personnes ne seront plus proposées ensemble."));
    }
}
