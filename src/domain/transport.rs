//! Getting there (#18.5): who lacks transport, and the team's *transport solidaire* contact
//! shown on the binôme page when one of the two has none.

use crate::domain::profile::parse_phone;
use crate::domain::text::one_line;

/// Longest name of the transport service.
pub const NAME_MAX: usize = 100;
/// Longest short text (hours, how to book, the price).
pub const NOTE_MAX: usize = 300;

/// A volunteer has a car when « en voiture » is among the ways they get around.
pub fn has_car(travel_means: &[String]) -> bool {
    travel_means.iter().any(|m| m == "car")
}

/// The team's contact is worth showing on a binôme when the person has no transport or the
/// volunteer has no car.
pub fn contact_useful(person_needs_transport: bool, volunteer_has_car: bool) -> bool {
    person_needs_transport || !volunteer_has_car
}

/// The local *transport solidaire*: who to call to be driven to a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    /// Ten digits, as `parse_phone` keeps it.
    pub phone: Option<String>,
    pub note: Option<String>,
}

impl Contact {
    /// The phone number in pairs, as people read it ("04 71 68 00 00").
    pub fn spaced_phone(&self) -> Option<String> {
        self.phone.as_deref().map(crate::domain::profile::spaced_phone)
    }
}

/// What the administrator typed, field by field; every field empty removes the contact.
#[derive(Debug, Clone, Copy, Default)]
pub struct Raw<'a> {
    pub name: &'a str,
    pub phone: &'a str,
    pub note: &'a str,
}

/// The field a message belongs to, as the form names it.
pub const NAME: &str = "transport_nom";
pub const PHONE: &str = "transport_telephone";
pub const NOTE: &str = "transport_texte";

/// The contact (`None` when all is empty), or each field's French message.
pub fn parse(raw: Raw<'_>) -> Result<Option<Contact>, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let name = one_line(raw.name, NAME_MAX).map_err(|e| errors.push((NAME, e))).ok();
    let phone = parse_phone(raw.phone, false)
        .map_err(|e| errors.push((PHONE, e.to_string())))
        .ok();
    let note = one_line(raw.note, NOTE_MAX).map_err(|e| errors.push((NOTE, e))).ok();
    let (Some(name), Some(phone), Some(note)) = (name, phone, note) else {
        return Err(errors);
    };
    if name.is_empty() && phone.is_none() && note.is_empty() {
        return Ok(None);
    }
    if name.is_empty() {
        return Err(vec![(NAME, "Indiquez le nom du service de transport.".to_string())]);
    }
    if phone.is_none() {
        return Err(vec![(
            PHONE,
            "Indiquez le téléphone pour réserver un trajet.".to_string(),
        )]);
    }
    Ok(Some(Contact {
        name,
        phone,
        note: Some(note).filter(|n| !n.is_empty()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>(name: &'a str, phone: &'a str, note: &'a str) -> Raw<'a> {
        Raw { name, phone, note }
    }

    #[test]
    fn a_full_contact_is_kept_with_its_phone_in_digits() {
        let c = parse(raw(
            " Mobilité solidaire ",
            "04 71 68 00 00",
            "Du lundi au vendredi, 2 € le trajet",
        ))
        .unwrap()
        .unwrap();
        assert_eq!(c.name, "Mobilité solidaire");
        assert_eq!(c.phone.as_deref(), Some("0471680000"));
        assert_eq!(c.note.as_deref(), Some("Du lundi au vendredi, 2 € le trajet"));
    }

    #[test]
    fn all_empty_removes_the_contact() {
        assert_eq!(parse(raw(" ", "", "")), Ok(None));
    }

    #[test]
    fn each_wrong_field_gets_its_own_french_message() {
        let long = "x".repeat(NAME_MAX + 1);
        let errors = parse(raw(&long, "12", &"y".repeat(NOTE_MAX + 1))).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, [NAME, PHONE, NOTE]);
        assert!(errors[0].1.contains("100 caractères au plus"));
        assert_eq!(parse(raw("", "04 71 68 00 00", "")).unwrap_err()[0].0, NAME);
        assert_eq!(parse(raw("Mobilité", "", "")).unwrap_err()[0].0, PHONE);
    }

    #[test]
    fn the_contact_helps_when_either_side_has_no_transport() {
        assert!(contact_useful(true, true));
        assert!(contact_useful(false, false));
        assert!(!contact_useful(false, true));
        assert!(has_car(&["foot".into(), "car".into()]));
        assert!(!has_car(&["bike".into()]));
    }
}
