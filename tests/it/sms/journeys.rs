//! The journeys of the SMS channel, each on SQLite and PostgreSQL.

use super::smsc::{Smsc, free_port};
use super::*;
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db::sms::NewSms;
use binome::domain::alert::AlertKind;
use binome::domain::pairing::State;
use binome::domain::sms::SmsKind;

/// Denise (SMS) and her team with an SMSC on `port`, a round, and the volunteer accepting:
/// returns (team, pairing, Denise).
async fn accepted_by_sms(app: &TestApp, port: u16) -> (i32, i32, i32) {
    let (team, [denise, _, _, _, _]) = crate::proposals::team_with_people(app).await;
    contract(app, team, port).await;
    denise_by_sms(app, denise).await;
    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    let s = db::suggestions::open_suggestions(&app.db, &[team])
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.beneficiary_id == denise)
        .unwrap();
    app.submit("/propositions", &format!("/propositions/{}/approuver", s.id), &[])
        .await;
    app.deliver_emails_at(app.state.clock.now_ms()).await;
    let volunteer = db::people::by_id(&app.db, s.volunteer_id).await.unwrap().unwrap();
    let address = volunteer.profile.email.unwrap().to_string();
    let link = app.link_in_last_email(&address, "/proposition/");
    app.new_visitor().submit(&link, &link, &[("answer", "accept")]).await;
    let pairing = db::pairings::open_pairings_of(&app.db, denise).await.unwrap()[0].0;
    (team, pairing, denise)
}

async fn state_of(app: &TestApp, pairing: i32) -> State {
    db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state
}

async fn a_person_who_chose_sms_agrees_by_answering_oui(app: TestApp) {
    move_to_working_day(&app, 10);
    let mut smsc = Smsc::start(free_port());
    let (_, pairing, _) = accepted_by_sms(&app, smsc.port).await;
    sms_pass(&app).await;
    let question = smsc.wait_for(|v| v["to"] == DENISE_INTL);
    let text = question["text"].as_str().unwrap();
    assert!(
        text.contains("voudrait vous rencontrer") && text.contains("OUI ou NON"),
        "{text}"
    );
    assert!(
        text.contains("04 71 40 12 34"),
        "the team's number is in every SMS: {text}"
    );
    assert_eq!(question["from"], "33611223344", "sent from the team's number");
    assert_eq!(state_of(&app, pairing).await, State::Accepted);

    smsc.send(DENISE_INTL, "Oui !");
    pass_until(&app, || async { state_of(&app, pairing).await == State::Agreed }).await;
    // She is thanked, and told of the first meeting, by SMS.
    pass_until(&app, || async { smsc.texts_to(DENISE_INTL).len() >= 3 }).await;
    let texts = smsc.texts_to(DENISE_INTL);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Merci, nous avons bien votre réponse.")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("Vous allez rencontrer")), "{texts:?}");
    // A second OUI changes nothing: the question is answered; it goes to the desk instead.
    smsc.send(DENISE_INTL, "oui");
    pass_until(&app, || async { smsc.delivered("oui") }).await;
    sms_pass(&app).await;
    assert_eq!(state_of(&app, pairing).await, State::Agreed);
}

async fn a_check_in_answered_pas_bien_by_sms_raises_the_alert(app: TestApp) {
    move_to_working_day(&app, 10);
    let mut smsc = Smsc::start(free_port());
    let (team, pairing, _) = accepted_by_sms(&app, smsc.port).await;
    let page = format!("/binomes/{pairing}");
    crate::meeting::agree_at(&app, pairing, "Médiathèque").await;
    app.submit(&page, &format!("{page}/rencontre"), &[]).await;
    assert_eq!(state_of(&app, pairing).await, State::Active);
    // Two weeks later, on a working morning: the check-in falls due.
    app.state.clock.advance(14 * DAY);
    move_to_working_day(&app, 10);
    binome::jobs::run_due(&app.db, &app.state.links, app.state.clock.now_ms())
        .await
        .unwrap();
    pass_until(&app, || async {
        smsc.texts_to(DENISE_INTL)
            .iter()
            .any(|t| t.contains("Comment ca va avec"))
    })
    .await;
    let asked = smsc.texts_to(DENISE_INTL);
    assert!(
        asked
            .iter()
            .any(|t| t.contains("CA VA, MOYEN, PAS BIEN ou RAPPELEZ-MOI")),
        "{asked:?}"
    );
    assert!(
        !app.get("/tableau-de-bord").await.contains("ne va pas bien"),
        "no alert before her answer"
    );
    smsc.send(DENISE_INTL, "pas bien");
    pass_until(&app, || async {
        db::checkins::open_alerts(&app.db, &[team])
            .await
            .unwrap()
            .iter()
            .any(|a| a.kind == AlertKind::Distress)
    })
    .await;
    let desk = app.get("/tableau-de-bord").await;
    assert!(desk.contains("Denise Test : ça ne va pas bien"), "{}", desk.body);
    pass_until(&app, || async {
        smsc.texts_to(DENISE_INTL)
            .iter()
            .any(|t| t.starts_with("Merci. L'équipe va vous appeler"))
    })
    .await;
}

async fn stop_ends_the_sms_and_the_next_notice_becomes_a_call(app: TestApp) {
    move_to_working_day(&app, 10);
    let mut smsc = Smsc::start(free_port());
    let (team, pairing, denise) = accepted_by_sms(&app, smsc.port).await;
    pass_until(&app, || async { !smsc.texts_to(DENISE_INTL).is_empty() }).await;
    smsc.send(DENISE_INTL, " Arrêt. ");
    pass_until(&app, || async {
        smsc.texts_to(DENISE_INTL)
            .iter()
            .any(|t| t.starts_with("Vous ne recevrez plus de SMS"))
    })
    .await;
    let person = db::people::by_id(&app.db, denise).await.unwrap().unwrap();
    assert!(person.profile.sms_stopped_at.is_some());
    let alerts = db::checkins::open_alerts(&app.db, &[team]).await.unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.kind == AlertKind::SmsReceived && a.message.contains("a répondu STOP")),
        "{alerts:?}"
    );
    let sent_before = smsc.texts_to(DENISE_INTL).len();
    // The coordinator records her agreement on the phone: she is told of the first meeting by
    // a call, no longer by SMS.
    crate::meeting::agree_at(&app, pairing, "Médiathèque").await;
    let alerts = db::checkins::open_alerts(&app.db, &[team]).await.unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.kind == AlertKind::ToTell && a.person_id == Some(denise)),
        "{alerts:?}"
    );
    let waiting: Vec<_> = db::sms::all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.person_id == Some(denise) && s.status == "pending")
        .collect();
    assert!(waiting.is_empty(), "no SMS waits for her: {waiting:?}");
    // A second STOP confirms nothing again.
    smsc.send(DENISE_INTL, "STOP");
    pass_until(&app, || async { smsc.delivered("STOP") }).await;
    sms_pass(&app).await;
    sms_pass(&app).await;
    assert_eq!(smsc.texts_to(DENISE_INTL).len(), sent_before);
}

/// A notice for Denise written at `now`.
async fn notice(app: &TestApp, team: i32, denise: i32, body: &str) {
    let sms = NewSms {
        team_id: team,
        person_id: Some(denise),
        phone: DENISE.into(),
        body: body.into(),
        kind: SmsKind::Notice,
        key: format!("test:{body}"),
    };
    db::sms::enqueue_now(&app.db, &[sms], app.state.clock.now_ms())
        .await
        .unwrap();
}

async fn an_sms_due_at_nine_in_the_evening_leaves_at_eight_in_the_morning(app: TestApp) {
    let evening = move_to_working_day(&app, 21);
    let smsc = Smsc::start(free_port());
    let (team, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    contract(&app, team, smsc.port).await;
    denise_by_sms(&app, denise).await;
    notice(&app, team, denise, "Votre rendez-vous est mardi.").await;
    let stored = db::sms::all(&app.db).await.unwrap();
    let morning = binome::domain::sms::quiet::next_allowed(evening);
    assert_eq!(stored[0].run_at, morning, "held to the next allowed minute");
    let local = chrono::DateTime::from_timestamp_millis(morning)
        .unwrap()
        .with_timezone(&Paris);
    assert_eq!((local.hour(), local.minute()), (8, 0));
    sms_pass(&app).await;
    assert_eq!(
        db::sms::all(&app.db).await.unwrap()[0].status,
        "pending",
        "not at 21:00"
    );
    app.state.clock.advance(morning - evening);
    pass_until(&app, || async { !smsc.texts_to(DENISE_INTL).is_empty() }).await;
    assert!(smsc.texts_to(DENISE_INTL)[0].starts_with("Votre rendez-vous est mardi."));
    assert_eq!(db::sms::all(&app.db).await.unwrap()[0].status, "sent");
    // Its cost shows on the indicators: one segment this month, and no name.
    let page = app.get("/indicateurs").await;
    let table = page.body.split("SMS envoyés par mois").nth(1).expect("the SMS table");
    let table = table.split("</table>").next().unwrap();
    assert!(table.contains("<td>1</td>") && !table.contains("Denise"), "{table}");
}

async fn an_smsc_that_is_down_is_retried_and_the_sms_leaves_once(app: TestApp) {
    move_to_working_day(&app, 10);
    let port = free_port();
    let smsc = Smsc::start(port);
    let (team, [denise, ..]) = crate::proposals::team_with_people(&app).await;
    contract(&app, team, port).await;
    denise_by_sms(&app, denise).await;
    smsc.kill();
    notice(&app, team, denise, "Premier message.").await;
    sms_pass(&app).await;
    let row = &db::sms::all(&app.db).await.unwrap()[0];
    assert_eq!(row.status, "pending", "kept for a retry");
    assert!(row.run_at > app.state.clock.now_ms(), "after a backoff");
    // The SMSC comes back; once the backoff is over, the SMS leaves — once.
    let smsc = Smsc::start(port);
    app.state.clock.advance(2 * 60_000);
    pass_until(&app, || async { !smsc.texts_to(DENISE_INTL).is_empty() }).await;
    notice(&app, team, denise, "Second message.").await;
    pass_until(&app, || async { smsc.texts_to(DENISE_INTL).len() >= 2 }).await;
    sms_pass(&app).await;
    let texts = smsc.texts_to(DENISE_INTL);
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].starts_with("Premier message.") && texts[1].starts_with("Second message."));
}

async fn the_admin_sets_a_teams_sms_contract_and_never_sees_its_password(app: TestApp) {
    app.signed_in_admin().await;
    let team = app.create_team("Antenne de Mauriac", &["15120"]).await;
    let page = format!("/admin/equipes/{team}");
    let action = format!("{page}/sms");
    let wrong = app
        .submit(
            &page,
            &action,
            &[
                ("sms_hote", "smpp operateur"),
                ("sms_port", "2775"),
                ("sms_identifiant", "ccas"),
                ("sms_mot_de_passe", "s3cret"),
                ("sms_expediteur", "CCAS de Mauriac"),
            ],
        )
        .await;
    assert!(wrong.contains("Cette adresse n'est pas valide"), "{}", wrong.body);
    assert!(wrong.contains("Un nom d'expéditeur fait au plus 11 lettres"));
    assert!(wrong.contains("value=\"smpp operateur\""), "what was typed is kept");
    assert!(!wrong.contains("s3cret"), "the password is never shown back");
    assert!(
        db::teams::smpp(&app.db, team).await.unwrap().is_none(),
        "nothing changed"
    );
    let done = app
        .submit(
            &page,
            &action,
            &[
                ("sms_hote", "smpp.operateur.fr"),
                ("sms_port", "2775"),
                ("sms_identifiant", "ccas"),
                ("sms_mot_de_passe", "s3cret"),
                ("sms_expediteur", "06 11 22 33 44"),
            ],
        )
        .await;
    assert!(done.contains("Contrat SMS enregistré"), "{}", done.body);
    assert!(!done.contains("s3cret"));
    // Saved again without a password: the stored one is kept.
    app.submit(
        &page,
        &action,
        &[
            ("sms_hote", "smpp2.operateur.fr"),
            ("sms_port", "2776"),
            ("sms_identifiant", "ccas"),
            ("sms_mot_de_passe", ""),
            ("sms_expediteur", "0611223344"),
        ],
    )
    .await;
    let stored = db::teams::smpp(&app.db, team).await.unwrap().unwrap();
    assert_eq!(
        (stored.host.as_str(), stored.port, stored.password.as_str()),
        ("smpp2.operateur.fr", 2776, "s3cret")
    );
}

on_both_backends!(
    a_person_who_chose_sms_agrees_by_answering_oui,
    a_check_in_answered_pas_bien_by_sms_raises_the_alert,
    stop_ends_the_sms_and_the_next_notice_becomes_a_call,
    an_sms_due_at_nine_in_the_evening_leaves_at_eight_in_the_morning,
    an_smsc_that_is_down_is_retried_and_the_sms_leaves_once,
    the_admin_sets_a_teams_sms_contract_and_never_sees_its_password,
);
