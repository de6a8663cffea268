//! The Monday digest: at 08:00 on the team's clocks (Paris, or La Réunion's for a CCAS there),
//! one e-mail per coordinator covering all their
//! teams, counts and links to the desk and no health detail; none for who opted out; once
//! whatever the number of instances; again the next Monday; summer time or not.

use super::{DAY, MINUTE, digests, pass, started};
use crate::desk::{binome, checkin, person};
use crate::helpers::{PASSWORD, TestApp};
use crate::on_both_backends;
use binome::db::{self, checkins::Answers};
use binome::domain::account::Role;
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::person::Kind;
use binome::domain::week::digest::next_run;

const WORRY: &str = "Elle est tombée et prend des anxiolytiques depuis";

/// A « pas bien » check-in answered today with a comment that must stay on the desk.
async fn bad_news(app: &TestApp, pairing: i32, volunteer: i32) {
    let id = checkin(app, pairing, volunteer, "volunteer", 1, None).await;
    let c = db::checkins::by_id(&app.db, id).await.unwrap().unwrap();
    let answers = Answers {
        met: "oui".into(),
        mood: "pas_bien".into(),
        decision: "continuer".into(),
        comment: Some(WORRY.into()),
        ..Default::default()
    };
    db::checkins::answer(
        &app.db,
        &c,
        &answers,
        "la personne, par le lien",
        None,
        &[],
        crate::desk::now(),
    )
    .await
    .unwrap();
}

async fn the_digest_goes_on_monday_at_eight_in_paris_once_per_coordinator(app: TestApp) {
    let t0 = crate::desk::now();
    let mauriac = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let ydes = app.create_team("Antenne de Ydes", &["15265"]).await;
    app.create_staff(Role::Coordinator, "anne@exemple.fr", &[mauriac, ydes], None)
        .await;
    app.create_staff(Role::Coordinator, "bruno@exemple.fr", &[ydes], None)
        .await;
    app.create_staff(Role::Coordinator, "carla@exemple.fr", &[mauriac], None)
        .await;
    // Carla unticks the box in « Mon compte ».
    app.login("carla@exemple.fr", PASSWORD).await;
    let page = app.submit("/compte/semaine", "/compte/semaine/resume", &[]).await;
    assert!(page.contains("vous ne recevrez plus le résumé du lundi"));
    assert!(
        !page
            .body
            .contains("name=\"digest\" type=\"checkbox\" value=\"oui\" checked")
    );

    // Mauriac: Denise waits for 40 days, Émile for 12; Jeanne and Paul's binôme has a late
    // check-in (Jeanne, by phone) and one answered « pas bien » with a comment; an alert.
    person(&app, mauriac, Kind::Beneficiary, "Denise", "15120", false, 40).await;
    person(&app, mauriac, Kind::Beneficiary, "Emile", "15120", false, 12).await;
    let jeanne = person(&app, mauriac, Kind::Beneficiary, "Jeanne", "15120", false, 60).await;
    let paul = person(&app, mauriac, Kind::Volunteer, "Paul", "15120", true, 60).await;
    let pairing = binome(&app, mauriac, jeanne, paul, State::Active).await;
    checkin(&app, pairing, jeanne, "beneficiary", 10, None).await;
    bad_news(&app, pairing, paul).await;
    crate::desk::alert(&app, mauriac, Some(pairing), paul, AlertKind::Distress, WORRY).await;
    // Ydes: a binôme without news for 40 days.
    let lucie = person(&app, ydes, Kind::Beneficiary, "Lucie", "15265", true, 90).await;
    let marc = person(&app, ydes, Kind::Volunteer, "Marc", "15265", true, 90).await;
    let quiet = binome(&app, ydes, lucie, marc, State::Active).await;
    let forty_days_ago = t0 - 40 * DAY;
    crate::helpers::pg::execute(
        app.database_url(),
        &format!("UPDATE pairing SET updated_at = {forty_days_ago} WHERE id = {quiet}"),
    )
    .await
    .unwrap();

    started(&app, t0).await;
    let (_, monday) = next_run(t0);
    pass(&app, monday - MINUTE).await;
    for who in ["anne", "bruno", "carla"] {
        assert!(
            digests(&app, &format!("{who}@exemple.fr")).is_empty(),
            "{who}: not at 07:59"
        );
    }
    pass(&app, monday).await;
    let anne = digests(&app, "anne@exemple.fr");
    let bruno = digests(&app, "bruno@exemple.fr");
    assert_eq!((anne.len(), bruno.len()), (1, 1), "one e-mail each at 08:00");
    assert!(digests(&app, "carla@exemple.fr").is_empty(), "Carla opted out");

    let anne = &anne[0];
    let desk = app.url("/tableau-de-bord");
    let waited = |days: i64| (monday - t0) / DAY + days;
    for line in [
        "Équipe « Antenne de Mauriac »".to_string(),
        "Équipe « Antenne de Ydes »".to_string(),
        format!("- Alertes à traiter : 1 — {desk}?equipe={mauriac}#alertes"),
        format!("- Appels à passer : 1 — {desk}?equipe={mauriac}#appels"),
        format!("- Points de suivi en retard : 1 — {desk}?equipe={mauriac}#binomes"),
        format!(
            "- Personnes en attente d'un binôme (les plus longues attentes : {} et {} jours) : 2 — {desk}?equipe={mauriac}#attente",
            waited(40),
            waited(12)
        ),
        format!("- Binômes sans nouvelles depuis 30 jours : 1 — {desk}?equipe={ydes}#binomes"),
        "- Bénévoles à valider : 0".to_string(),
    ] {
        assert!(anne.contains(&line), "« {line} » in Anne's digest:\n{anne}");
    }
    for private in [WORRY, "Denise", "Jeanne", "Paul", "pas bien", "anxiolytiques"] {
        assert!(!anne.contains(private), "« {private} » must not be e-mailed");
    }
    assert!(anne.contains(&app.url("/compte/semaine")), "how to stop it");
    assert!(!bruno[0].contains("Antenne de Mauriac"), "only Bruno's team");
    assert!(bruno[0].contains("Binômes sans nouvelles depuis 30 jours : 1"));

    // A second instance starting, and a replay: still one each.
    let other = app.restart_with(|_| {}).await;
    started(&other, monday + MINUTE).await;
    started(&app, t0).await;
    pass(&other, monday + 2 * MINUTE).await;
    pass(&app, monday + 3 * MINUTE).await;
    assert_eq!(digests(&app, "anne@exemple.fr").len(), 1);
    assert_eq!(digests(&app, "bruno@exemple.fr").len(), 1);

    pass(&app, monday + 7 * DAY - MINUTE).await;
    assert_eq!(
        digests(&app, "anne@exemple.fr").len(),
        1,
        "not before next Monday 08:00"
    );
    pass(&app, monday + 7 * DAY).await;
    assert_eq!(digests(&app, "anne@exemple.fr").len(), 2, "the next Monday, one more");
    assert_eq!(digests(&app, "bruno@exemple.fr").len(), 2);
    assert!(digests(&app, "carla@exemple.fr").is_empty());
}

async fn after_the_clocks_go_back_the_digest_still_goes_at_eight_in_paris(app: TestApp) {
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    app.create_staff(Role::Coordinator, "anne@exemple.fr", &[team], None)
        .await;
    let ms = |rfc: &str| chrono::DateTime::parse_from_rfc3339(rfc).unwrap().timestamp_millis();
    // Started on Tuesday 20 October 2026; summer time ends on Sunday 25 October.
    started(&app, ms("2026-10-20T12:00:00Z")).await;
    pass(&app, ms("2026-10-26T06:59:00Z")).await;
    assert!(digests(&app, "anne@exemple.fr").is_empty(), "07:59 in Paris");
    pass(&app, ms("2026-10-26T07:00:00Z")).await;
    let sent = digests(&app, "anne@exemple.fr");
    assert_eq!(sent.len(), 1, "08:00 in Paris is 07:00 UTC in winter");
    assert!(sent[0].contains("ce lundi 26 octobre 2026"));
}

async fn an_overseas_team_gets_its_digest_at_eight_on_its_own_clocks(app: TestApp) {
    // A CCAS of La Réunion (UTC+4, no summer time) and an antenna of the Cantal (UTC+1 in December).
    let reunion = app.create_team("CCAS de Saint-Denis", &["97411"]).await;
    let cantal = app.create_team("Antenne de Mauriac", &["15120"]).await;
    app.create_staff(Role::Coordinator, "dora@exemple.re", &[reunion], None)
        .await;
    app.create_staff(Role::Coordinator, "anne@exemple.fr", &[cantal], None)
        .await;
    let ms = |rfc: &str| chrono::DateTime::parse_from_rfc3339(rfc).unwrap().timestamp_millis();
    // Started on Tuesday 1 December 2026; the next Monday is the 7th.
    started(&app, ms("2026-12-01T12:00:00Z")).await;
    pass(&app, ms("2026-12-07T03:59:00Z")).await;
    assert!(digests(&app, "dora@exemple.re").is_empty(), "07:59 in Saint-Denis");
    pass(&app, ms("2026-12-07T04:00:00Z")).await;
    let sent = digests(&app, "dora@exemple.re");
    assert_eq!(sent.len(), 1, "08:00 in Saint-Denis is 04:00 UTC");
    assert!(sent[0].contains("ce lundi 7 décembre 2026") && sent[0].contains("CCAS de Saint-Denis"));
    assert!(digests(&app, "anne@exemple.fr").is_empty(), "05:00 in Paris: not yet");
    pass(&app, ms("2026-12-07T06:59:00Z")).await;
    assert!(digests(&app, "anne@exemple.fr").is_empty(), "07:59 in Paris");
    pass(&app, ms("2026-12-07T07:00:00Z")).await;
    assert_eq!(digests(&app, "anne@exemple.fr").len(), 1, "08:00 in Paris");
    assert_eq!(
        digests(&app, "dora@exemple.re").len(),
        1,
        "one each, on their own clocks"
    );
    // And the Monday after, again at 08:00 in Saint-Denis.
    pass(&app, ms("2026-12-14T03:59:00Z")).await;
    assert_eq!(digests(&app, "dora@exemple.re").len(), 1);
    pass(&app, ms("2026-12-14T04:00:00Z")).await;
    assert_eq!(digests(&app, "dora@exemple.re").len(), 2);
}

on_both_backends!(
    the_digest_goes_on_monday_at_eight_in_paris_once_per_coordinator,
    after_the_clocks_go_back_the_digest_still_goes_at_eight_in_paris,
    an_overseas_team_gets_its_digest_at_eight_on_its_own_clocks,
);
