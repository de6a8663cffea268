//! Sophie Delmas, coordinator of the Mauriac team (demo account), at her desk. Keyboard only.

use super::keys::{choose, enter, follow, sees, tick};
use super::{GERMAINE, MANON, Story};
use crate::browser::Browser;
use binome::db;
use fantoccini::key::Key;

pub async fn signs_in(s: &Story, b: &Browser) {
    b.client.goto(&s.app.url("/connexion")).await.unwrap();
    b.tab_and_type("#email", "coordination.mauriac@demo.binome.fr").await;
    b.tab_and_type("#password", binome::demo::PASSWORD).await;
    enter(b).await;
    assert_eq!(b.path().await, "/tableau-de-bord");
}

/// The first meeting of the story: the first Tuesday at least three days away, 15 h in France.
pub fn first_meeting() -> (chrono::NaiveDate, i64) {
    use chrono::{Datelike, TimeZone};
    let mut day = binome::domain::dates::day_in_france(super::now_ms()) + chrono::Days::new(3);
    while day.weekday() != chrono::Weekday::Tue {
        day = day.succ_opt().unwrap();
    }
    let at = chrono_tz::Europe::Paris
        .from_local_datetime(&day.and_hms_opt(15, 0, 0).unwrap())
        .earliest()
        .unwrap();
    (day, at.timestamp_millis())
}

/// "le mardi 8 décembre 2026 à 15 h 00", as e-mails and the desk say it.
pub fn first_meeting_words() -> String {
    binome::domain::meeting::when_words(first_meeting().1)
}

/// The keys that type the first meeting's day and time into the browser's date and time
/// fields, whose order follows the browser's language (day first in French, month first and
/// a 12-hour clock in American English).
async fn meeting_keys(b: &Browser) -> (String, String) {
    let day = first_meeting().0;
    let language = b
        .client
        .execute("return navigator.language;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string();
    if language.starts_with("en-US") || language == "en" {
        (day.format("%m%d%Y").to_string(), "0300P".to_string())
    } else {
        (day.format("%d%m%Y").to_string(), "1500".to_string())
    }
}

async fn desk(b: &Browser) {
    follow(b, "header a[href='/tableau-de-bord']").await;
    assert_eq!(b.path().await, "/tableau-de-bord");
}

/// (c) She approves Manon after the interview.
pub async fn approves_manon(b: &Browser, manon: i32) {
    sees(
        b,
        &["Tableau de bord : Antenne de Mauriac", "Bénévoles à valider", MANON],
    )
    .await;
    b.assert_accessible("tableau de bord de la coordinatrice").await;
    follow(b, &format!("#benevoles ~ ul a[href='/personnes/{manon}']")).await;
    sees(b, &[MANON, "à valider", "Validation du ou de la bénévole"]).await;
    b.assert_accessible("fiche de Manon").await;
    for step in ["#interview", "#charter", "#training"] {
        tick(b, step).await;
    }
    follow(b, "button[name=decision][value=approve]").await;
    // What happened and what comes next, said once after the redirect (point 9).
    sees(b, &["validé·e", "Inscription validée : Manon reçoit un e-mail"]).await;
    b.assert_accessible("fiche de Manon validée").await;
}

/// (c) She runs a round and approves the proposal of Manon for Mme Dufour; returns the binôme.
pub async fn pairs_them(s: &Story, b: &Browser, germaine: i32, manon: i32) -> i32 {
    follow(b, "header a[href='/propositions']").await;
    sees(b, &["Proposer des binômes", "Rien n'est envoyé avant votre accord."]).await;
    follow(b, "form[action='/propositions/tour'] button").await;
    b.assert_accessible("propositions").await;
    let proposal_for_her = || async {
        db::suggestions::open_suggestions(&s.app.db, &[s.team])
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.beneficiary_id == germaine)
            .expect("the round proposes a volunteer for Mme Dufour")
    };
    let mut proposal = proposal_for_her().await;
    if proposal.volunteer_id != manon {
        eprintln!(
            "story: the round proposed volunteer {} for Mme Dufour; swapping for Manon",
            proposal.volunteer_id
        );
        // The round chose someone else: swap for Manon, one of the next best.
        choose(b, &format!("#swap-{}", proposal.id), "Manon").await;
        follow(
            b,
            &format!("form[action='/propositions/{}/echanger'] button", proposal.id),
        )
        .await;
        proposal = proposal_for_her().await;
        assert_eq!(proposal.volunteer_id, manon, "Manon is offered in the swap list");
    }
    sees(b, &[&format!("Personne accompagnée : {GERMAINE} · Bénévole : {MANON}")]).await;
    s.shots
        .take_at(b, "propositions", &format!("#proposal-{}", proposal.id))
        .await;
    follow(
        b,
        &format!("form[action='/propositions/{}/approuver'] button", proposal.id),
    )
    .await;
    sees(b, &[&format!("{GERMAINE} avec {MANON} — proposé au ou à la bénévole")]).await;
    db::pairings::open_pairings_of(&s.app.db, germaine).await.unwrap()[0].0
}

/// (e) Manon accepted: she phones Mme Dufour, who agrees; later the first meeting happened.
pub async fn records_agreement_and_meeting(s: &Story, b: &Browser, pairing: i32) {
    desk(b).await;
    sees(b, &["Manon a accepté : appeler Germaine pour son accord"]).await;
    follow(b, &format!("#accords ~ ul a[href='/binomes/{pairing}']")).await;
    sees(
        b,
        &[
            &format!("Binôme : {GERMAINE} et {MANON}"),
            "accepté par le ou la bénévole",
        ],
    )
    .await;
    b.assert_accessible("binôme accepté").await;
    // Next week, Tuesday at 15 h, at the médiathèque of the team's places (open then).
    let (day, time) = meeting_keys(b).await;
    b.tab_and_type("#day", &day).await;
    b.tab_and_type("#time", &time).await;
    b.tab_and_type("#venue", "Médiathèque").await;
    follow(b, &format!("form[action='/binomes/{pairing}/accord'] button")).await;
    sees(
        b,
        &[
            "accord des deux",
            "Accord enregistré : les deux personnes sont prévenues",
        ],
    )
    .await;
    b.assert_accessible("binôme : accord des deux").await;
    follow(b, &format!("form[action='/binomes/{pairing}/rencontre'] button")).await;
    // The page says when the first check-in falls due, and how Mme Dufour gets it (point 7).
    let first =
        binome::domain::dates::french_date(binome::domain::checkin::due_at(binome::epoch_ms(chrono::Utc::now()), 1));
    sees(
        b,
        &[
            "en cours",
            "Pause ou fin",
            "Première rencontre notée : le binôme est en cours.",
            &format!("premier point le {first}, par téléphone (pas d'e-mail)"),
        ],
    )
    .await;
    b.assert_accessible("binôme en cours").await;
    s.shots.take(b, "binome").await;
    // Mme Dufour has no e-mail: what Manon reads by e-mail, the desk says to tell her by phone.
    desk(b).await;
    sees(
        b,
        &[
            "À prévenir par téléphone",
            "la première rencontre avec Manon",
            &first_meeting_words(),
        ],
    )
    .await;
    records_the_call(s, b).await;
}

/// (h) Manon asked to be called back: the alert, the calls, the answers, a note; closed.
pub async fn handles_the_call_back(s: &Story, b: &Browser, pairing: i32, at: i64) {
    desk(b).await;
    let message = format!("{MANON} : voudrait être rappelé·e (point de suivi n° 1).");
    sees(b, &["Alertes (1)", "À rappeler", &message]).await;
    b.assert_accessible("tableau de bord avec l'alerte").await;
    s.shots.take(b, "tableau-de-bord-alerte").await;

    // She calls Manon back and notes what was said, on the binôme's page.
    follow(b, &format!("ul.alerts a[href='/binomes/{pairing}']")).await;
    // (The check-in itself is dated the day it fell due, two weeks ahead of the pages' clock.)
    sees(b, &["Historique", "Alerte (à rappeler)", &message]).await;
    let note = "Manon rappelée : conseils pour les appels, elle continue.";
    b.tab_and_type("#note_text", note).await;
    follow(b, "form.note-form button[type=submit]").await;
    sees(b, &[note]).await;
    b.assert_accessible("binôme avec la note").await;

    // Mme Dufour has no e-mail: her check-in is a call, on the desk the day it is due (the
    // pages run on the real clock, two weeks earlier: the call opens from its address).
    let tasks = db::checkins::call_tasks(&s.app.db, &[s.team], at).await.unwrap();
    let (checkin, _) = tasks
        .iter()
        .find(|(c, _)| c.pairing_id == pairing)
        .expect("Mme Dufour's check-in is a call");
    b.client
        .goto(&s.app.url(&format!("/binomes/{pairing}/point/{}", checkin.id)))
        .await
        .unwrap();
    sees(b, &["Comment ça se passe avec Manon ?", "Comment ça va ?"]).await;
    b.assert_accessible("appel de Mme Dufour").await;
    tick(b, "#met-oui").await;
    tick(b, "#mood-bien").await;
    tick(b, "#decision-continuer").await;
    follow(b, "form.form button[type=submit]").await;
    sees(
        b,
        &["Réponses de Germaine Dufour enregistrées (point de suivi n° 1, par téléphone)."],
    )
    .await;

    desk(b).await;
    let alert = db::checkins::open_alerts(&s.app.db, &[s.team]).await.unwrap();
    let alert = alert.iter().find(|a| a.message == message).expect("the alert is open");
    follow(b, &format!("form[action='/alertes/{}/fermer'] button", alert.id)).await;
    sees(b, &["Alertes (0)", "Aucune alerte : tout va bien."]).await;
    b.assert_accessible("tableau de bord, alerte traitée").await;
}

/// (h, end) On the binôme page the stop form is folded behind a button and presumes nobody
/// asks; she only looks.
pub async fn sees_the_stop_form_folded(b: &Browser, pairing: i32) {
    desk(b).await;
    follow(b, &format!("#binomes ~ ul a[href='/binomes/{pairing}']")).await;
    sees(b, &["Arrêter le binôme…"]).await;
    assert!(
        !b.text().await.contains("Qui demande d'arrêter ?"),
        "the stop form is folded"
    );
    b.tab_to("#fin > summary").await;
    b.press(&[Key::Enter]).await;
    sees(b, &["Qui demande d'arrêter ? (aucune justification n'est demandée)"]).await;
    assert!(
        b.client
            .find(fantoccini::Locator::Css("input[name=asked_by]:checked"))
            .await
            .is_err(),
        "nobody is presumed to ask"
    );
    b.assert_accessible("binôme, formulaire d'arrêt ouvert").await;
}

/// (j) Manon stopped: Mme Dufour has no e-mail, so the desk and the call sheet say to call
/// her, with the words to say; the coordinator calls, then records it.
pub async fn tells_germaine_by_phone(s: &Story, b: &Browser, pairing: i32) {
    desk(b).await;
    sees(
        b,
        &[
            "À prévenir par téléphone",
            "Manon a arrêté : le binôme s'arrête",
            "Ce n'est pas à cause de vous",
        ],
    )
    .await;
    b.assert_accessible("tableau de bord, à prévenir").await;
    follow(b, "a[href^='/tableau-de-bord/appels']").await;
    sees(b, &["À prévenir (1)", GERMAINE]).await;
    assert!(
        b.text().await.replace('\u{a0}', " ").contains("04 71 40 12 34"),
        "her number, in pairs"
    );
    b.assert_accessible("feuille d'appels, à prévenir").await;
    desk(b).await;
    records_the_call(s, b).await;
    b.client.goto(&s.app.url(&format!("/binomes/{pairing}"))).await.unwrap();
    sees(b, &["terminé", "Manon Lacoste, bénévole, depuis son espace"]).await;
    assert!(!b.text().await.contains("par la personne elle-même"));
    b.assert_accessible("binôme terminé par la bénévole").await;
}

/// The coordinator called Mme Dufour: « Appel fait » closes the call task on the desk.
async fn records_the_call(s: &Story, b: &Browser) {
    let tasks = db::checkins::open_alerts(&s.app.db, &[s.team]).await.unwrap();
    let task = tasks
        .iter()
        .find(|a| a.kind == binome::domain::alert::AlertKind::ToTell)
        .expect("a call task for Mme Dufour");
    follow(b, &format!("form[action='/alertes/{}/fermer'] button", task.id)).await;
    assert!(
        !b.text().await.contains("À prévenir par téléphone"),
        "the call is recorded"
    );
}
