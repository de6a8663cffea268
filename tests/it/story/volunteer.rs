//! Manon, the volunteer, on her phone: she answers from the e-mails she receives (through the
//! real SMTP server). Keyboard only; no sideways scrolling; axe on every page.

use super::keys::{fits_the_phone, follow, sees, tick};
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
    assert!(email.contains("0471401234"), "her phone, now that both agree: {email}");
    assert!(email.contains("Médiathèque de Ydes") && email.contains("mardi à 15 h"));
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

/// (i, seen by Manon) The binôme ends: a kind e-mail, no reason; she says how it went.
pub async fn is_told_kindly_and_answers(s: &Story, b: &Browser, private_note: &str) {
    s.inbox.deliver(&s.app, super::now_ms()).await;
    let email = s.inbox.last_with(&s.app, MANON_EMAIL, "/fin/");
    for words in [
        "Le binôme avec Germaine s'arrête.",
        "chacun est libre d'arrêter à tout moment, sans avoir à donner de raison",
        "Ce n'est pas un reproche. Vous n'avez rien à faire.",
        "Vous restez bénévole : l'équipe pourra vous proposer un nouveau binôme",
        "Merci pour les moments partagés.",
    ] {
        assert!(email.contains(words), "« {words} » in the e-mail:\n{email}");
    }
    assert!(!email.contains(private_note), "the team's private note is never sent");
    assert!(!email.contains("autre ou non précisé") && !email.contains("Comme vous l'avez demandé"));

    let link = s.inbox.link(&s.app, MANON_EMAIL, "/fin/");
    b.client.goto(&link).await.unwrap();
    sees(
        b,
        &["Vos rencontres avec Germaine sont finies", "Comment ça s'est passé ?"],
    )
    .await;
    fits_the_phone(b, "après le binôme").await;
    s.shots.take(b, "fin-du-binome-telephone").await;
    tick(b, "#rating-bien").await;
    tick(b, "#another-oui").await;
    follow(b, "form.form button[type=submit]").await;
    sees(
        b,
        &[
            "Votre réponse est enregistrée.",
            "L'équipe va chercher une autre personne pour vous.",
        ],
    )
    .await;
    fits_the_phone(b, "réponse après le binôme").await;
}
