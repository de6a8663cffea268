//! Manon, the volunteer, on her phone: she answers from the e-mails she receives (through the
//! real SMTP server). Keyboard only; no sideways scrolling; axe on every page.

use super::keys::{enter, fits_the_phone, follow, sees, tick};
use super::{MANON_EMAIL, Story};
use crate::browser::Browser;
use fantoccini::key::Key;

/// (d) She accepts the proposal from its e-mail.
pub async fn accepts_the_proposal(s: &Story, b: &Browser) {
    s.inbox.deliver(&s.app, super::now_ms()).await;
    let received = s.inbox.to(MANON_EMAIL);
    assert!(
        received
            .iter()
            .any(|m| m.contains("l'équipe « Antenne de Mauriac » a validé votre inscription")),
        "Manon was told she is approved"
    );
    let email = s.inbox.last_with(&s.app, MANON_EMAIL, "/proposition/");
    assert!(
        email.contains("L'équipe vous propose un binôme avec Germaine, à Ydes"),
        "{email}"
    );
    assert!(email.contains("Vous êtes libre d'accepter ou de refuser, sans vous justifier."));
    assert!(
        !email.contains("Dufour") && !email.contains("0471401234"),
        "neither her last name nor her phone before both agree"
    );
    let link = s.inbox.link(&s.app, MANON_EMAIL, "/proposition/");
    b.client.goto(&link).await.unwrap();
    sees(b, &["Une proposition de binôme", "Germaine", "Ydes"]).await;
    fits_the_phone(b, "proposition").await;
    follow(b, "button[name=answer][value=accept]").await;
    sees(b, &["Merci d'avoir accepté !", "L'équipe va appeler la personne"]).await;
    fits_the_phone(b, "proposition acceptée").await;
}

/// (e, seen by Manon) Both agree: she receives how to reach Mme Dufour and the first meeting.
pub async fn receives_the_contact(s: &Story) {
    s.inbox.deliver(&s.app, super::now_ms()).await;
    let email = s
        .inbox
        .to(MANON_EMAIL)
        .into_iter()
        .rev()
        .find(|m| m.contains("Bonne nouvelle"))
        .expect("Manon is told that both agree");
    assert!(
        email.replace('\u{a0}', " ").contains("04 71 40 12 34"),
        "her phone, in pairs, now that both agree: {email}"
    );
    assert!(
        email.contains("Médiathèque de Mauriac") && email.contains(&super::coordinator::first_meeting_words()),
        "{email}"
    );
}

/// (g) Two weeks in, she answers the check-in: "moyen", and she would like a call.
pub async fn answers_the_check_in(s: &Story, b: &Browser) {
    let link = s.inbox.link(&s.app, MANON_EMAIL, "/point/");
    b.client.goto(&link).await.unwrap();
    sees(b, &["Point de suivi de votre binôme avec Germaine", "3114"]).await;
    fits_the_phone(b, "point de suivi").await;
    s.shots.take(b, "point-de-suivi-telephone").await;
    tick(b, "#met-oui").await;
    b.tab_to("#mood-bien").await;
    b.press(&[Key::Down]).await; // the next answer of the group: "Moyen"
    tick(b, "#decision-continuer").await;
    tick(b, "#call_back").await;
    b.tab_and_type("#comment", "Germaine parle peu au téléphone, je voudrais un conseil.")
        .await;
    follow(b, "form.form button[type=submit]").await;
    sees(
        b,
        &[
            "Merci !",
            "Vos réponses sont enregistrées.",
            "L'équipe va vous appeler.",
        ],
    )
    .await;
    fits_the_phone(b, "point de suivi envoyé").await;
}

/// (i) Manon stops, from her own space on her phone: she signs in with a link, sees her
/// binôme, is told what ends with her leaving, and confirms. The used link says so at once.
pub async fn stops_from_her_space(s: &Story, b: &Browser) {
    b.client.goto(&s.app.url("/espace/connexion")).await.unwrap();
    b.tab_and_type("#email", MANON_EMAIL).await;
    enter(b).await;
    sees(b, &["Le lien marche une seule fois, pendant 10 minutes."]).await;
    s.inbox.deliver(&s.app, super::now_ms()).await;
    let link = s.inbox.link(&s.app, MANON_EMAIL, "/espace/lien/");
    b.client.goto(&link).await.unwrap();
    follow(b, "form button[type=submit]").await;
    assert_eq!(b.path().await, "/espace");
    sees(b, &["Germaine"]).await;
    fits_the_phone(b, "mon espace, avec mon binôme").await;
    s.shots.take(b, "espace-benevole-telephone").await;
    follow(b, "a[href='/espace/arreter']").await;
    sees(b, &["Germaine"]).await;
    fits_the_phone(b, "arrêter").await;
    follow(b, "form button[type=submit]").await;
    sees(b, &["C'est noté"]).await;
    fits_the_phone(b, "arrêt enregistré").await;
    // The link already used says it at once, with no button to press first.
    b.client.goto(&link).await.unwrap();
    sees(b, &["Ce lien ne marche plus"]).await;
    assert!(!b.text().await.contains("Entrer dans mon espace"));
}
