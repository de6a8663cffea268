//! The other side of an ended binôme, after the erasure of one person: their pages name « une
//! personne dont les données ont été effacées », never « Personne » as if it were a name.

use super::{ended_binome, pairing_of};
use crate::helpers::TestApp;
use crate::on_both_backends;
use binome::domain::rgpd::ERASED_SOMEONE;

async fn the_partner_pages_speak_of_a_person_whose_data_was_erased(app: TestApp) {
    let (denise, volunteer, address) = ended_binome(&app).await;
    let pairing = pairing_of(&app, denise).await;
    app.deliver_emails().await;
    let feedback = app.link_in_last_email(&address, "/fin/");
    let form = format!("/personnes/{denise}/effacer");
    assert!(
        app.submit(&form, &form, &[("confirm", "oui")])
            .await
            .contains("C'est fait")
    );

    let person_page = app.get(&format!("/personnes/{volunteer}")).await;
    let pairing_page = app.get(&format!("/binomes/{pairing}")).await;
    for (what, page) in [("person page", &person_page), ("binôme page", &pairing_page)] {
        assert!(
            page.contains(&format!("avec {ERASED_SOMEONE}")),
            "the {what} says who, plainly: {}",
            page.body
        );
    }
    let export = app.get(&format!("/personnes/{volunteer}/donnees")).await;
    let json = app.get(&format!("/personnes/{volunteer}/donnees.json")).await;
    let own = app.new_visitor().get(&feedback).await;
    assert!(
        own.contains("Vos rencontres avec votre binôme sont finies"),
        "{}",
        own.body
    );
    for (what, page) in [
        ("person page", &person_page),
        ("binôme page", &pairing_page),
        ("export", &export),
        ("JSON export", &json),
        ("feedback page", &own),
    ] {
        assert!(!page.contains("avec Personne"), "the {what} reads « avec Personne »");
    }
}

on_both_backends!(the_partner_pages_speak_of_a_person_whose_data_was_erased);
