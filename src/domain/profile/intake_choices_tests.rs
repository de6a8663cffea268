//! What the person likes to share, what a volunteer would discover, and « pas de voiture »:
//! the profile's choices added with reciprocity and transport, read like the other fields.

use super::tests::{list, lists, parse, raw, refused};
use super::*;

#[test]
fn the_person_says_what_she_shares_and_the_volunteer_what_they_would_discover() {
    let t = lists();
    let shares = list(&["jardin"]);
    let learns = list(&["jardin", "cuisine"]);
    let person = RawProfile {
        shares: &shares,
        share_note: " la cuisine de mon pays ",
        learns: &learns,
        ..raw(Kind::Beneficiary, &t)
    };
    let p = parse(Kind::Beneficiary, &person).unwrap();
    assert_eq!(p.shares, list(&["jardin"]));
    assert_eq!(p.share_note.as_deref(), Some("la cuisine de mon pays"));
    assert!(p.learns.is_empty(), "a person is not asked what she would discover");
    let volunteer = RawProfile {
        shares: &shares,
        learns: &learns,
        ..raw(Kind::Volunteer, &t)
    };
    let v = parse(Kind::Volunteer, &volunteer).unwrap();
    assert_eq!(v.learns, list(&["cuisine", "jardin"]));
    assert!(v.shares.is_empty() && v.share_note.is_none());
}

#[test]
fn a_topic_off_the_list_or_a_long_note_is_refused_beside_its_field() {
    let t = lists();
    let odd = list(&["golf"]);
    let person = RawProfile {
        shares: &odd,
        ..raw(Kind::Beneficiary, &t)
    };
    refused(
        Kind::Beneficiary,
        &person,
        Field::Shares,
        "Ce choix n'est pas dans la liste : cochez seulement des cases de la liste.",
    );
    let long = "a".repeat(121);
    let person = RawProfile {
        share_note: &long,
        ..raw(Kind::Beneficiary, &t)
    };
    refused(
        Kind::Beneficiary,
        &person,
        Field::ShareNote,
        "Ce texte est trop long (120 caractères au plus).",
    );
}

#[test]
fn a_person_without_transport_says_so_with_one_box() {
    let t = lists();
    let b = raw(Kind::Beneficiary, &t);
    assert!(!parse(Kind::Beneficiary, &b).unwrap().needs_transport);
    let ticked = RawProfile {
        needs_transport: "oui",
        ..b
    };
    assert!(parse(Kind::Beneficiary, &ticked).unwrap().needs_transport);
    refused(
        Kind::Beneficiary,
        &RawProfile {
            needs_transport: "peut-être",
            ..b
        },
        Field::NeedsTransport,
        "Cochez la case, ou laissez-la vide.",
    );
    // A volunteer says it with « en voiture »: the box is not theirs.
    let v = RawProfile {
        needs_transport: "oui",
        ..raw(Kind::Volunteer, &t)
    };
    assert!(!parse(Kind::Volunteer, &v).unwrap().needs_transport);
}
