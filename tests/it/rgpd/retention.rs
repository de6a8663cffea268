//! The daily retention purge, run by the scheduler with an injected `now`.

use crate::helpers::PASSWORD;
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::account::Role;
use binome::domain::rgpd::Action;

const DAY: i64 = 86_400_000;

/// 2027-01-15: a fixed start, so that months are calendar months we can count.
const T0: i64 = 1_800_000_000_000;

fn months_later(months: u32) -> i64 {
    let start = chrono::DateTime::from_timestamp_millis(T0).unwrap();
    start
        .checked_add_months(chrono::Months::new(months))
        .unwrap()
        .timestamp_millis()
}

async fn the_daily_purge_erases_only_people_inactive_for_the_retention_period(app: TestApp) {
    let (_, [denise, marcel, colette, lucie, _]) = crate::proposals::team_with_people(&app).await;
    // Denise left at T0; Marcel and Colette still wait but their records changed a year
    // later; Lucie is an approved volunteer.
    for (id, at) in [
        (denise, T0),
        (marcel, months_later(12)),
        (colette, months_later(12)),
        (lucie, T0),
    ] {
        let profile = db::people::by_id(&app.db, id).await.unwrap().unwrap().profile;
        db::people::update_profile(&app.db, id, &profile, at).await.unwrap();
    }
    let page = format!("/personnes/{denise}");
    app.submit(
        &page,
        &format!("{page}/notes"),
        &[("note_text", "Sa fille Claire : 06 11 22 33 44")],
    )
    .await;
    assert_eq!(db::notes::of_person(&app.db, denise, &[]).await.unwrap().len(), 1);
    db::people::withdraw(&app.db, denise, "la personne", db::people::Farewells::NONE, &[], T0)
        .await
        .unwrap();
    let actor = db::audit::Actor::system("test");
    db::audit::log(&app.db, &actor, Action::View, Some(marcel), None, months_later(12))
        .await
        .unwrap();

    let just_before = months_later(24) - DAY;
    db::rgpd::schedule_purge(&app.db, just_before).await.unwrap();
    assert_eq!(
        binome::jobs::run_due(&app.state.db, &app.state.links, just_before)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        db::audit::count_for(&app.db, marcel, Action::View).await.unwrap(),
        1,
        "not 12 months old yet"
    );
    assert!(
        db::rgpd::erased_at(&app.db, denise).await.unwrap().is_none(),
        "24 months are not over"
    );

    let after = months_later(24) + 2 * DAY;
    assert_eq!(
        binome::jobs::run_due(&app.state.db, &app.state.links, after)
            .await
            .unwrap(),
        1,
        "the job planned itself for the next day"
    );
    assert!(
        db::rgpd::erased_at(&app.db, denise).await.unwrap().is_some(),
        "inactive for 24 months: purged"
    );
    let next = chrono::DateTime::from_timestamp_millis(after + DAY)
        .unwrap()
        .format("rgpd-purge:%Y-%m-%d")
        .to_string();
    let jobs = db::jobs::of_pairing(&app.db, 0).await.unwrap();
    assert!(
        jobs.iter().any(|(key, status, _)| *key == next && status == "pending"),
        "tomorrow's run is planned: {jobs:?}"
    );
    assert!(
        db::rgpd::erased_at(&app.db, marcel).await.unwrap().is_none(),
        "active a year ago: kept"
    );
    assert!(
        db::rgpd::erased_at(&app.db, lucie).await.unwrap().is_none(),
        "an approved volunteer is kept"
    );
    assert_eq!(
        db::people::by_id(&app.db, denise).await.unwrap().unwrap().full_name(),
        "Personne effacée"
    );
    assert!(
        db::notes::of_person(&app.db, denise, &[]).await.unwrap().is_empty(),
        "the purge erases the team's notes too"
    );
    assert_eq!(db::audit::count_for(&app.db, denise, Action::Purge).await.unwrap(), 1);
    assert_eq!(
        db::audit::count_for(&app.db, marcel, Action::View).await.unwrap(),
        0,
        "audit entries older than 12 months go"
    );
    let reports = db::rgpd::reports(&app.db, 10).await.unwrap();
    assert_eq!((reports[0].people_purged, reports[1].people_purged), (1, 0));
    assert_eq!(
        reports[0].audit_purged, 1,
        "the entry about Marcel, a year and two days old"
    );

    app.create_staff(Role::Admin, "admin@exemple.fr", &[], None).await;
    app.login("admin@exemple.fr", PASSWORD).await;
    let page = app.get("/admin/registre").await;
    assert!(
        page.contains("Les 10 dernières purges") && page.contains("<td>1</td>"),
        "the report is shown"
    );
}

on_both_backends!(the_daily_purge_erases_only_people_inactive_for_the_retention_period);
