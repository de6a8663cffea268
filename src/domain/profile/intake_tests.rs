use super::*;

const YEAR: i32 = 2026;

pub(super) fn list(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

pub(super) struct Typed {
    slots: Vec<String>,
    languages: Vec<String>,
    interests: Vec<String>,
    travel: Vec<String>,
}

pub(super) fn lists() -> Typed {
    Typed {
        slots: list(&["0-1"]),
        languages: list(&["fr"]),
        interests: list(&["7"]),
        travel: list(&["foot"]),
    }
}

/// A complete, valid form for `kind`; each test breaks one field.
pub(super) fn raw(kind: Kind, t: &Typed) -> RawProfile<'_> {
    let volunteer = kind == Kind::Volunteer;
    RawProfile {
        first_name: "Lucienne",
        last_name: "Delmas",
        email: if volunteer { "lucienne@exemple.fr" } else { "" },
        phone: "04 71 00 00 01",
        contact_channel: if volunteer { "" } else { "phone" },
        slots: &t.slots,
        languages: &t.languages,
        interests: &t.interests,
        ranks: ["1", "", ""],
        radius_km: if volunteer { "10" } else { "" },
        travel: &t.travel,
        capacity: if volunteer { "1" } else { "" },
        ..Default::default()
    }
}

fn mauriac() -> Result<InseeCode, String> {
    InseeCode::parse("15120").ok_or_else(|| "code".to_string())
}

pub(super) fn parse(kind: Kind, raw: &RawProfile<'_>) -> Result<Profile, Errors> {
    Profile::parse(kind, raw, mauriac(), &[7], YEAR)
}

/// The only error of `raw` is `message` on `field`.
pub(super) fn refused(kind: Kind, raw: &RawProfile<'_>, field: Field, message: &str) {
    let errors = parse(kind, raw).expect_err("the form should be refused");
    assert_eq!(errors.iter().collect::<Vec<_>>(), vec![(field, message)]);
}

#[test]
fn a_complete_form_gives_typed_fields() {
    let t = lists();
    let volunteer = parse(Kind::Volunteer, &raw(Kind::Volunteer, &t)).unwrap();
    assert_eq!(volunteer.email, Email::parse("lucienne@exemple.fr").ok());
    assert_eq!(volunteer.commune_code(), "15120");
    assert_eq!(volunteer.contact_channel, ContactChannel::Email);
    assert_eq!((volunteer.radius_km, volunteer.capacity), (Some(10), Some(1)));
    assert_eq!(volunteer.interest_ids, vec![7]);
    let beneficiary = parse(Kind::Beneficiary, &raw(Kind::Beneficiary, &t)).unwrap();
    assert_eq!(beneficiary.contact_channel, ContactChannel::Phone);
    assert_eq!(beneficiary.phone.as_deref(), Some("0471000001"));
    assert_eq!(beneficiary.email, None);
    assert_eq!((beneficiary.radius_km, beneficiary.capacity), (None, None));
    assert!(beneficiary.travel_means.is_empty());
}

#[test]
fn names_are_required() {
    let t = lists();
    let r = raw(Kind::Volunteer, &t);
    refused(
        Kind::Volunteer,
        &RawProfile { first_name: " ", ..r },
        Field::FirstName,
        "Indiquez le prénom.",
    );
    refused(
        Kind::Volunteer,
        &RawProfile { last_name: "", ..r },
        Field::LastName,
        "Indiquez le nom.",
    );
}

#[test]
fn an_isolated_person_chooses_a_channel_and_a_volunteer_is_reached_by_email() {
    let t = lists();
    let r = raw(Kind::Beneficiary, &t);
    let message = "Choisissez comment joindre la personne.";
    refused(
        Kind::Beneficiary,
        &RawProfile {
            contact_channel: "fax",
            ..r
        },
        Field::ContactChannel,
        message,
    );
    let v = RawProfile {
        contact_channel: "postal",
        ..raw(Kind::Volunteer, &t)
    };
    assert_eq!(
        parse(Kind::Volunteer, &v).unwrap().contact_channel,
        ContactChannel::Email
    );
}

#[test]
fn email_is_required_for_volunteers_and_for_the_email_channel() {
    let t = lists();
    let message = "Indiquez une adresse e-mail.";
    refused(
        Kind::Volunteer,
        &RawProfile {
            email: " ",
            ..raw(Kind::Volunteer, &t)
        },
        Field::Email,
        message,
    );
    let by_email = RawProfile {
        contact_channel: "email",
        ..raw(Kind::Beneficiary, &t)
    };
    refused(Kind::Beneficiary, &by_email, Field::Email, message);
    let invalid = RawProfile {
        email: "lucienne@exemple",
        ..raw(Kind::Beneficiary, &t)
    };
    let message = "Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).";
    refused(Kind::Beneficiary, &invalid, Field::Email, message);
}

#[test]
fn phone_is_required_for_the_phone_channel_only() {
    let t = lists();
    let r = RawProfile {
        phone: "",
        ..raw(Kind::Beneficiary, &t)
    };
    refused(Kind::Beneficiary, &r, Field::Phone, "Indiquez un numéro de téléphone.");
    let referent = RawProfile {
        contact_channel: "referent",
        ..r
    };
    assert_eq!(parse(Kind::Beneficiary, &referent).unwrap().phone, None);
}

#[test]
fn postal_address_is_required_for_the_postal_channel() {
    let t = lists();
    let r = RawProfile {
        contact_channel: "postal",
        ..raw(Kind::Beneficiary, &t)
    };
    let message = "Indiquez l'adresse postale pour recevoir les courriers.";
    refused(Kind::Beneficiary, &r, Field::PostalAddress, message);
    let with_address = RawProfile {
        postal_address: "3 rue des Tanneurs",
        ..r
    };
    assert!(parse(Kind::Beneficiary, &with_address).is_ok());
}

#[test]
fn lists_are_checked_against_what_is_offered() {
    let mut t = lists();
    t.slots = list(&["9-9"]);
    t.languages = Vec::new();
    t.interests = list(&["8"]);
    let r = RawProfile {
        ranks: ["", "", ""],
        ..raw(Kind::Volunteer, &t)
    };
    let errors = parse(Kind::Volunteer, &r).unwrap_err();
    assert_eq!(errors.get(Field::Slots), Some("Ce créneau n'existe pas."));
    assert_eq!(errors.get(Field::Languages), Some("Cochez au moins une langue parlée."));
    assert_eq!(
        errors.get(Field::Formats),
        Some("Choisissez au moins une façon de se rencontrer.")
    );
    assert_eq!(
        errors.get(Field::Interests),
        Some("Ce centre d'intérêt n'est plus proposé.")
    );
}

#[test]
fn volunteers_are_adults_and_isolated_people_at_least_sixteen() {
    let t = lists();
    let seventeen = (YEAR - 17).to_string();
    let v = RawProfile {
        birth_year: &seventeen,
        ..raw(Kind::Volunteer, &t)
    };
    refused(Kind::Volunteer, &v, Field::BirthYear, "Il faut avoir au moins 18 ans.");
    let b = RawProfile {
        birth_year: &seventeen,
        ..raw(Kind::Beneficiary, &t)
    };
    assert_eq!(parse(Kind::Beneficiary, &b).unwrap().birth_year, Some(YEAR - 17));
    let gender = RawProfile {
        gender: "z",
        ..raw(Kind::Volunteer, &t)
    };
    refused(Kind::Volunteer, &gender, Field::Gender, "Choisissez dans la liste.");
}

#[test]
fn a_volunteer_gives_a_radius_a_way_to_travel_and_a_capacity() {
    let mut t = lists();
    let r = raw(Kind::Volunteer, &t);
    let message = "La distance doit être comprise entre 0 et 100 km.";
    refused(
        Kind::Volunteer,
        &RawProfile { radius_km: "150", ..r },
        Field::RadiusKm,
        message,
    );
    refused(
        Kind::Volunteer,
        &RawProfile { capacity: "4", ..r },
        Field::Capacity,
        "Choisissez 1, 2 ou 3 personnes.",
    );
    t.travel = Vec::new();
    let message = "Cochez au moins un moyen de déplacement.";
    refused(Kind::Volunteer, &raw(Kind::Volunteer, &t), Field::Travel, message);
    // An isolated person is asked none of these.
    assert!(parse(Kind::Beneficiary, &raw(Kind::Beneficiary, &t)).is_ok());
}

#[test]
fn an_isolated_person_gives_an_ordered_age_range_and_an_isolation_score() {
    let t = lists();
    let r = raw(Kind::Beneficiary, &t);
    let ages = RawProfile {
        wants_age_min: "70",
        wants_age_max: "30",
        ..r
    };
    let message = "Indiquez des âges entre 18 et 120 ans, le premier plus petit que le second.";
    refused(Kind::Beneficiary, &ages, Field::WantsAge, message);
    refused(
        Kind::Beneficiary,
        &RawProfile { isolation: "11", ..r },
        Field::Isolation,
        "Choisissez un nombre entre 0 et 10.",
    );
    refused(
        Kind::Beneficiary,
        &RawProfile { wants_gender: "z", ..r },
        Field::WantsGender,
        "Choisissez dans la liste.",
    );
}

#[test]
fn the_commune_message_comes_last_like_its_field() {
    let t = lists();
    let r = RawProfile {
        first_name: "",
        ..raw(Kind::Volunteer, &t)
    };
    let errors = Profile::parse(Kind::Volunteer, &r, Err("Indiquez la commune.".into()), &[7], YEAR).unwrap_err();
    let fields: Vec<Field> = errors.iter().map(|(f, _)| f).collect();
    assert_eq!(fields, vec![Field::FirstName, Field::Commune]);
    assert_eq!(errors.get(Field::Commune), Some("Indiquez la commune."));
}

#[test]
fn sms_needs_a_french_mobile() {
    let t = lists();
    let landline = RawProfile {
        contact_channel: "sms",
        ..raw(Kind::Beneficiary, &t)
    };
    refused(
        Kind::Beneficiary,
        &landline,
        Field::Phone,
        "Pour recevoir des SMS, indiquez un numéro de portable : il commence par 06 ou 07.",
    );
    let none = RawProfile {
        contact_channel: "sms",
        phone: "",
        ..raw(Kind::Beneficiary, &t)
    };
    refused(
        Kind::Beneficiary,
        &none,
        Field::Phone,
        "Indiquez un numéro de téléphone.",
    );
    for mobile in ["06 12 34 56 78", "+33 7 12 34 56 78"] {
        let ok = RawProfile {
            contact_channel: "sms",
            phone: mobile,
            ..raw(Kind::Beneficiary, &t)
        };
        let profile = parse(Kind::Beneficiary, &ok).unwrap();
        assert_eq!(profile.contact_channel, ContactChannel::Sms);
        assert_eq!(
            crate::domain::reach::Reach::of(&profile),
            crate::domain::reach::Reach::Sms(profile.phone.as_deref().unwrap())
        );
        let stopped = Profile {
            sms_stopped_at: Some(1),
            ..profile.clone()
        };
        assert_eq!(
            crate::domain::reach::Reach::of(&stopped),
            crate::domain::reach::Reach::Call
        );
    }
}
