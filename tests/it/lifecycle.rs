//! The life of a binôme after approval, driven by the durable scheduler with an injected
//! `now`: proposals expire, check-ins fall due at two weeks, reminders, alerts.

use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::db;
use binome::domain::pairing::State;

pub(crate) const DAY: i64 = 86_400_000;

pub(crate) fn now() -> i64 {
    binome::epoch_ms(chrono::Utc::now())
}

/// Runs the scheduler as if it were `at`, then delivers the e-mails.
pub(crate) async fn tick(app: &TestApp, at: i64) -> usize {
    let ran = binome::jobs::run_due(&app.state.db, &app.state.links, at)
        .await
        .unwrap();
    app.deliver_emails_at(at).await;
    ran
}

/// Denise and her volunteer, active since now; returns (pairing, volunteer address).
pub(crate) async fn active_binome(app: &TestApp) -> (i32, String) {
    let (pairing, address) = crate::ending::accepted(app).await;
    let page = format!("/binomes/{pairing}");
    crate::meeting::agree_at(app, pairing, "Médiathèque").await;
    app.submit(&page, &format!("{page}/rencontre"), &[]).await;
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        State::Active
    );
    (pairing, address)
}

async fn a_proposal_without_answer_expires_after_seven_days(app: TestApp) {
    let (team, [denise, _, _, _, _]) = crate::proposals::team_with_people(&app).await;
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
    let pairing = db::pairings::open_pairings_of(&app.db, denise).await.unwrap()[0].0;
    assert_eq!(tick(&app, now() + 6 * DAY).await, 0, "nothing is due yet");
    assert_eq!(tick(&app, now() + 8 * DAY).await, 1);
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        State::Expired
    );
    assert!(
        app.get("/tableau-de-bord")
            .await
            .contains("n'a pas répondu à la proposition en 7 jours")
    );
    assert_eq!(tick(&app, now() + 9 * DAY).await, 1, "the coordinator's e-mail");
    let told = app.emails_to("coordination@exemple.fr");
    assert_eq!(told.len(), 1);
    assert!(told[0].contains("Une alerte vous attend") && told[0].contains("/tableau-de-bord"));
    assert!(
        !told[0].contains("Lucie") && !told[0].contains("Paul") && !told[0].contains("Denise"),
        "no name by e-mail"
    );
    assert_eq!(tick(&app, now() + 10 * DAY).await, 0, "done once");
}

async fn check_ins_fall_due_at_two_weeks_with_reminder_and_alert(app: TestApp) {
    let (pairing, volunteer) = active_binome(&app).await;
    assert_eq!(tick(&app, now() + 13 * DAY).await, 0, "not before two weeks");
    tick(&app, now() + 15 * DAY).await;
    let link = app.link_in_last_email(&volunteer, "/point/");
    let falc = app.emails_to("denise@exemple.fr").pop().unwrap();
    assert!(
        falc.contains("Comment ça se passe avec"),
        "the isolated person gets the easy-to-read version"
    );

    let form = app.new_visitor().get(&link).await;
    assert!(
        form.contains("09 72 39 40 50") && form.contains("3114") && form.contains("Numéros vérifiés le"),
        "emergency block"
    );
    let visitor = app.new_visitor();
    let refused = visitor.submit(&link, &link, &[("met", "oui")]).await;
    assert!(
        refused.contains("Choisissez une réponse : bien, moyen ou pas bien.")
            && refused.contains("value=\"oui\" checked")
    );
    let done = visitor
        .submit(
            &link,
            &link,
            &[
                ("met", "oui"),
                ("mood", "moyen"),
                ("decision", "continuer"),
                ("call_back", "oui"),
            ],
        )
        .await;
    assert!(done.contains("L'équipe va vous appeler."));
    let dashboard = app.get("/tableau-de-bord").await;
    assert!(dashboard.contains("À rappeler") && dashboard.contains("voudrait être rappelé·e"));

    // Denise did not answer: a reminder after 3 days, an alert after 7.
    tick(&app, now() + 18 * DAY + DAY / 2).await;
    assert!(
        app.emails_to("denise@exemple.fr")
            .iter()
            .any(|e| e.contains("Petit rappel"))
    );
    assert!(
        !app.emails_to(&volunteer).iter().any(|e| e.contains("Petit rappel")),
        "who answered gets no reminder"
    );
    tick(&app, now() + 22 * DAY + DAY / 2).await;
    assert!(
        app.get("/tableau-de-bord")
            .await
            .contains("n'a pas répondu au point de suivi depuis 7 jours")
    );

    // The next check-in is four weeks after the first.
    let before = app.emails_to(&volunteer).len();
    tick(&app, now() + 43 * DAY).await;
    assert_eq!(app.emails_to(&volunteer).len(), before + 1);
    assert!(db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state == State::Active);
}

async fn a_distress_answer_raises_an_urgent_alert_that_the_coordinator_closes(app: TestApp) {
    let (_, volunteer) = active_binome(&app).await;
    tick(&app, now() + 15 * DAY).await;
    let link = app.link_in_last_email(&volunteer, "/point/");
    app.new_visitor()
        .submit(
            &link,
            &link,
            &[("met", "non"), ("mood", "pas_bien"), ("decision", "continuer")],
        )
        .await;
    let dashboard = app.get("/tableau-de-bord").await;
    assert!(dashboard.contains("Urgent") && dashboard.contains("ça ne va pas bien"));
    let alert = db::checkins::open_alerts(&app.db, &[1]).await.unwrap().remove(0);
    app.submit("/tableau-de-bord", &format!("/alertes/{}/fermer", alert.id), &[])
        .await;
    assert!(app.get("/tableau-de-bord").await.contains("Aucune alerte"));
}

async fn ending_a_binome_cancels_what_was_scheduled(app: TestApp) {
    let (pairing, volunteer) = active_binome(&app).await;
    let page = format!("/binomes/{pairing}");
    app.submit(
        &page,
        &format!("{page}/etat"),
        &[("action", "end"), ("asked_by", "team")],
    )
    .await;
    assert_eq!(tick(&app, now() + 15 * DAY).await, 0, "the check-in job was cancelled");
    assert!(
        app.emails_to(&volunteer).iter().all(|e| !e.contains("/point/")),
        "no check-in after the end"
    );
    assert!(app.emails_to(&volunteer).iter().any(|e| e.contains("s'arrête")));
}

on_both_backends!(
    a_proposal_without_answer_expires_after_seven_days,
    check_ins_fall_due_at_two_weeks_with_reminder_and_alert,
    a_distress_answer_raises_an_urgent_alert_that_the_coordinator_closes,
    ending_a_binome_cancels_what_was_scheduled
);

async fn a_person_without_email_gets_a_call_task_the_coordinator_answers(app: TestApp) {
    let (_, _) = active_binome(&app).await;
    // Denise has no e-mail address after all: her check-ins become phone calls.
    let denise = db::people::by_email(&app.db, "denise@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    let mut profile = denise.profile.clone();
    profile.email = None;
    profile.phone = Some("0471000000".into());
    db::people::update_profile(&app.db, denise.id, &profile, 0)
        .await
        .unwrap();

    tick(&app, now() + 15 * DAY).await;
    let dashboard = app.get("/tableau-de-bord").await;
    assert!(
        dashboard.contains("Appels à passer (0)"),
        "not due yet in real time: the task shows when due"
    );
    let tasks = db::checkins::call_tasks(&app.db, &[1], now() + 15 * DAY).await.unwrap();
    assert_eq!(tasks.len(), 1);
    let (checkin, _) = &tasks[0];
    let page = format!("/binomes/{}/point/{}", checkin.pairing_id, checkin.id);
    let form = app.get(&page).await;
    assert!(
        form.contains("Comment ça va ?") && form.contains("3114"),
        "easy-to-read questions and emergency numbers"
    );
    let refused = app.submit(&page, &page, &[("met", "oui"), ("mood", "bien")]).await;
    assert!(refused.contains("Choisissez : continuer, faire une pause ou arrêter."));
    let done = app
        .submit(
            &page,
            &page,
            &[
                ("met", "oui"),
                ("mood", "bien"),
                ("decision", "continuer"),
                ("isolation", "4"),
            ],
        )
        .await;
    assert_eq!(done.path, "/tableau-de-bord", "back on the desk for the next call");
    assert!(
        done.contains("Réponses de Denise") && done.contains("enregistrées (point de suivi n° 1, par téléphone)."),
        "{}",
        done.body
    );
    assert!(
        db::checkins::call_tasks(&app.db, &[1], now() + 15 * DAY)
            .await
            .unwrap()
            .is_empty(),
        "the task is done"
    );
    assert_eq!(app.get(&page).await.status, 404, "answered once");
}

on_both_backends!(a_person_without_email_gets_a_call_task_the_coordinator_answers);

async fn a_stopping_service_gives_back_the_work_it_claimed(app: TestApp) {
    let now = now();
    for n in 0..3 {
        db::jobs::schedule_now(
            &app.db,
            &binome::domain::job::Job::AlertEmail { alert_id: 1000 + n },
            now,
            now,
        )
        .await
        .unwrap();
    }
    let email = binome::mail::emails::sign_in("lucie@exemple.fr", "Lucie", "http://x", "stop-test".into()).unwrap();
    db::outbox::enqueue_now(&app.db, &[email], None, now).await.unwrap();
    let (stopper, stop) = binome::worker::stop_channel();
    stopper.stop();
    assert_eq!(
        binome::jobs::run_due_until(&app.state.db, &app.state.links, None, now, &stop)
            .await
            .unwrap(),
        0,
        "nothing run after the stop"
    );
    let mailer = binome::mail::Mailer::new(&binome::config::MailTarget::Folder(app.mail_dir.clone())).unwrap();
    let sent = binome::mail::outbox::deliver_due_until(&app.db, &mailer, "binome <a@b.fr>", now, &stop)
        .await
        .unwrap();
    assert_eq!(sent.sent + sent.failed, 0);
    // Released at once: another instance claims them now, not when the lease runs out,
    // and the claim that was given back does not count as an attempt.
    let again = db::jobs::claim(&app.db, now, 50).await.unwrap();
    assert_eq!(again.len(), 3);
    assert!(again.iter().all(|j| j.attempts == 1));
    assert_eq!(db::outbox::claim(&app.db, now, 50).await.unwrap().len(), 1);
}

on_both_backends!(a_stopping_service_gives_back_the_work_it_claimed);
