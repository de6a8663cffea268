//! The demo data tells a believable story.

use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db::{self, people::Scope};
use binome::domain::consent::ConsentMethod;
use binome::domain::person::{Kind, Status};

async fn the_demo_has_teams_accounts_and_varied_people(app: TestApp) {
    let now = chrono::Utc::now();
    let accounts = binome::demo::seed(&app.db, now).await.unwrap();
    assert_eq!(accounts.len(), 5);
    let teams = db::teams::list(&app.db).await.unwrap();
    let mauriac = teams.iter().find(|t| t.name == binome::demo::MAURIAC_TEAM).unwrap();
    for code in ["15120", "15265", "15162", "15153", "15202", "15250", "15124", "15137"] {
        assert!(
            mauriac.territory.communes.iter().any(|c| c.as_str() == code),
            "{code} in the Mauriac territory"
        );
    }
    let volunteers = db::people::list(&app.db, Scope::All, Some(Kind::Volunteer), &[])
        .await
        .unwrap();
    let waiting = db::people::list(&app.db, Scope::All, Some(Kind::Beneficiary), &[Status::Waiting])
        .await
        .unwrap();
    assert_eq!(volunteers.len(), 40);
    assert_eq!(waiting.len(), 60);
    assert!(volunteers.iter().any(|v| v.status == Status::ToValidate));
    let now_ms = binome::epoch_ms(now);
    assert!(
        waiting
            .iter()
            .any(|p| now_ms - p.waiting_since.unwrap() > 120 * 86_400_000),
        "some wait for months"
    );
    let mut methods = Vec::new();
    for p in &waiting {
        methods.push(db::people::consents(&app.db, p.id).await.unwrap()[0].method);
    }
    for m in ConsentMethod::ALL {
        assert!(methods.contains(&m), "{m:?}");
    }
    // People without internet, as in the field: some by SMS on a mobile, some by post with an
    // address a letter can carry.
    use binome::domain::profile::ContactChannel;
    let by_sms: Vec<_> = waiting
        .iter()
        .filter(|p| p.profile.contact_channel == ContactChannel::Sms)
        .collect();
    assert!(by_sms.len() >= 3, "{} by SMS", by_sms.len());
    assert!(
        by_sms
            .iter()
            .all(|p| p.profile.phone.as_deref().is_some_and(|n| n.starts_with("06")))
    );
    let by_post: Vec<_> = waiting
        .iter()
        .filter(|p| p.profile.contact_channel == ContactChannel::Postal)
        .collect();
    assert!(!by_post.is_empty(), "someone by post");
    assert!(
        by_post.iter().all(|p| p
            .profile
            .postal_address
            .as_deref()
            .is_some_and(|a| a.contains("\n15") || a.contains("\n69"))),
        "a street and a postal code"
    );
    let home = app.new_visitor().get("/").await;
    assert!(
        home.contains("Démonstration : essayez binome")
            && home.contains("coordination.mauriac@demo.binome.fr")
            && home.contains(binome::demo::PASSWORD)
            && home.contains("dossier « sms »")
            && home.contains("Courriers à imprimer")
    );
    let page = app
        .login("coordination.mauriac@demo.binome.fr", binome::demo::PASSWORD)
        .await;
    assert!(
        page.contains("Liste d'attente ("),
        "the coordinator lands on the desk with the waiting list"
    );
}

on_both_backends!(the_demo_has_teams_accounts_and_varied_people);

async fn only_a_demo_lists_accounts_on_the_home_page(app: TestApp) {
    assert!(
        !app.get("/").await.contains("Démonstration"),
        "a real installation shows no demo accounts"
    );
}

on_both_backends!(only_a_demo_lists_accounts_on_the_home_page);
