//! The two people who sign up: Mme Dufour, with the référent of Ydes, and Manon, a volunteer
//! of Mauriac, on her phone. Keyboard only.

use super::keys::{choose, enter, fits_the_phone, follow, retype, sees, tick};
use super::{GERMAINE, MANON_EMAIL, Story};
use crate::browser::Browser;
use fantoccini::key::Key;

/// (a) The référent of the CCAS of Ydes signs Mme Dufour up, with her oral agreement.
/// Returns her id.
pub async fn referent_signs_up_mme_dufour(s: &Story, b: Browser) -> i32 {
    b.client.goto(&s.app.url("/")).await.unwrap();
    sees(&b, &["Démonstration : essayez binome", "ccas.ydes@demo.binome.fr"]).await;
    b.assert_accessible("accueil de la démonstration").await;
    s.shots.take(&b, "accueil-demo").await;

    follow(&b, "a[href='/connexion']").await;
    b.assert_accessible("connexion").await;
    b.tab_and_type("#email", "ccas.ydes@demo.binome.fr").await;
    b.tab_and_type("#password", binome::demo::PASSWORD).await;
    enter(&b).await;
    assert_eq!(b.path().await, "/tableau-de-bord");
    b.assert_accessible("tableau de bord de la référente").await;

    follow(&b, "a[href='/personnes/inscrire']").await;
    sees(&b, &["Inscrire une personne avec elle"]).await;
    b.assert_accessible("inscription accompagnée").await;
    b.tab_and_type("#first_name", "Germaine").await;
    b.tab_and_type("#last_name", "Dufour").await;
    choose(&b, "#gender", "F").await;
    b.tab_and_type("#birth_year", "1938").await;
    // No e-mail: she is reached by phone.
    tick(&b, "#contact_channel-phone").await;
    b.tab_and_type("#phone", "0471401234").await;
    b.tab_and_type("#commune", "Ydes").await;
    b.press(&[Key::Escape]).await;
    for slot in super::SLOTS {
        tick(&b, slot).await;
    }
    choose(&b, "#rank_public", "1").await;
    for interest in super::INTERESTS {
        tick(&b, interest).await;
    }
    choose(&b, "#wants_gender", "F").await;
    choose(&b, "#isolation", "8").await;
    // She agreed aloud; the référent attests it (her name and today's date are filled in).
    b.tab_to("#consent_method-online").await;
    b.press(&[Key::Down]).await;
    follow(&b, "form.form button[type=submit]").await;

    sees(
        &b,
        &[
            &format!("{GERMAINE} est inscrite sur la liste d'attente"),
            "accord oral attesté",
            "en attente depuis aujourd'hui",
            "Ydes (15)",
            "Par téléphone · 04",
            "français",
        ],
    )
    .await;
    b.assert_accessible("fiche de Mme Dufour").await;
    let path = b.path().await;
    let id = path.trim_start_matches("/personnes/").parse().unwrap();
    b.close().await;
    id
}

/// (b) Manon signs up on her phone and confirms her address with the e-mailed link.
pub async fn manon_signs_up_on_her_phone(s: &Story, b: &Browser) {
    super::keys::window(b, 390, 844).await;
    let width = b.client.execute("return window.innerWidth;", vec![]).await.unwrap();
    assert_eq!(width, serde_json::json!(390), "a phone-sized window");
    b.client.goto(&s.app.url("/")).await.unwrap();
    fits_the_phone(b, "accueil sur téléphone").await;
    follow(b, "a[href='/devenir-benevole'].button").await;
    assert_eq!(b.path().await, "/devenir-benevole");
    fits_the_phone(b, "devenir bénévole").await;
    s.shots.take(b, "benevole-inscription-telephone").await;

    b.tab_and_type("#first_name", "Manon").await;
    b.tab_and_type("#last_name", "Lacoste").await;
    choose(b, "#gender", "F").await;
    b.tab_and_type("#birth_year", "1994").await;
    b.tab_and_type("#email", MANON_EMAIL).await;
    b.tab_and_type("#phone", "06 12 34 56 78").await;
    b.tab_and_type("#commune", "Mauriac (15)").await;
    b.press(&[Key::Escape]).await;
    for slot in super::SLOTS {
        tick(b, slot).await;
    }
    choose(b, "#rank_public", "1").await;
    retype(b, "#radius_km", "20").await;
    tick(b, "#travel-car").await;
    for interest in super::INTERESTS {
        tick(b, interest).await;
    }
    tick(b, "#charter_accepted").await;
    follow(b, "form.form button[type=submit]").await;
    assert_eq!(b.path().await, "/devenir-benevole/merci");
    sees(b, &["Merci pour votre inscription !", "Ouvrez le lien qu'il contient"]).await;
    fits_the_phone(b, "merci").await;

    s.inbox.deliver(&s.app, super::now_ms()).await;
    let link = s.inbox.link(&s.app, MANON_EMAIL, "/confirmer/");
    b.client.goto(&link).await.unwrap();
    sees(b, &["Confirmer votre adresse e-mail"]).await;
    fits_the_phone(b, "confirmer l'adresse").await;
    follow(b, "form button[type=submit]").await;
    sees(b, &["Adresse confirmée", "Elle vous contactera pour un entretien"]).await;
    fits_the_phone(b, "adresse confirmée").await;
}
