//! One profile intake: what a person (or someone helping them) typed, read into a `Profile`
//! with every cross-field rule in one place. Volunteer sign-up, assisted sign-up and the
//! personal space all go through `Profile::parse`.

use super::{self as p, ContactChannel, Format, Gender};
use crate::domain::account::Email;
use crate::domain::availability::Slots;
use crate::domain::commune::InseeCode;
use crate::domain::person::Kind;
use crate::domain::reciprocity::{self, topics_from_form};

/// The fields a person (or someone helping them) fills in.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub postal_address: Option<String>,
    /// When the person prefers to be called (« le matin »…), at most 100 characters.
    pub call_when: Option<String>,
    /// `None` once the person's data was erased (RGPD): every intake gives one.
    pub commune: Option<InseeCode>,
    pub contact_channel: ContactChannel,
    pub slots: Slots,
    pub languages: Vec<String>,
    pub formats: Vec<Format>,
    pub radius_km: Option<i32>,
    pub travel_means: Vec<String>,
    pub capacity: Option<i32>,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub wants_gender: Option<Gender>,
    pub wants_age: Option<(i32, i32)>,
    pub isolation: Option<i32>,
    pub interest_ids: Vec<i32>,
    /// Isolated person: what they like to share (`reciprocity::TOPICS` codes), and in their
    /// own words (at most `reciprocity::NOTE_MAX` characters).
    pub shares: Vec<String>,
    pub share_note: Option<String>,
    /// Volunteer: what they would like to discover, from the same list.
    pub learns: Vec<String>,
    /// An isolated person without a car, or who needs to be accompanied to go out: met in a
    /// public place only by a volunteer with a car (SPEC rule 2). Always false for volunteers.
    pub needs_transport: bool,
    /// When the person answered STOP to an SMS (no SMS since); never typed in a form.
    pub sms_stopped_at: Option<i64>,
}

/// What was typed, field by field, as plain text (checkbox lists as their values).
#[derive(Debug, Clone, Copy, Default)]
pub struct RawProfile<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub postal_address: &'a str,
    pub call_when: &'a str,
    pub contact_channel: &'a str,
    pub slots: &'a [String],
    pub languages: &'a [String],
    pub interests: &'a [String],
    /// The rank given to each format, in `Format::ALL` order ("" = not accepted).
    pub ranks: [&'a str; 3],
    pub radius_km: &'a str,
    pub travel: &'a [String],
    pub capacity: &'a str,
    pub gender: &'a str,
    pub birth_year: &'a str,
    pub wants_gender: &'a str,
    pub wants_age_min: &'a str,
    pub wants_age_max: &'a str,
    pub isolation: &'a str,
    pub shares: &'a [String],
    pub share_note: &'a str,
    pub learns: &'a [String],
    /// "oui" when the box « pas de voiture / besoin d'être accompagné·e » is ticked.
    pub needs_transport: &'a str,
}

/// A profile field, named as the form names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    FirstName,
    LastName,
    ContactChannel,
    Email,
    Phone,
    PostalAddress,
    CallWhen,
    Slots,
    Languages,
    Formats,
    Interests,
    Gender,
    BirthYear,
    RadiusKm,
    Travel,
    Capacity,
    WantsGender,
    WantsAge,
    Isolation,
    Shares,
    ShareNote,
    Learns,
    NeedsTransport,
    Commune,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::ContactChannel => "contact_channel",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::PostalAddress => "postal_address",
            Field::CallWhen => "call_when",
            Field::Slots => "slots",
            Field::Languages => "languages",
            Field::Formats => "formats",
            Field::Interests => "interests",
            Field::Gender => "gender",
            Field::BirthYear => "birth_year",
            Field::RadiusKm => "radius_km",
            Field::Travel => "travel",
            Field::Capacity => "capacity",
            Field::WantsGender => "wants_gender",
            Field::WantsAge => "wants_age",
            Field::Isolation => "isolation",
            Field::Shares => "shares",
            Field::ShareNote => "share_note",
            Field::Learns => "learns",
            Field::NeedsTransport => "needs_transport",
            Field::Commune => "commune",
        }
    }
}

/// The French message shown next to the e-mail field when another person already uses it.
pub const EMAIL_TAKEN: &str = "Cette adresse e-mail est déjà utilisée par une autre personne inscrite.";

/// One French message per field, in the order the fields were checked (the form's order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Errors(Vec<(Field, String)>);

impl Errors {
    /// Keeps the first message of a field: it names the first thing to fix.
    fn add(&mut self, field: Field, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }

    fn check<T>(&mut self, field: Field, result: Result<T, impl Into<String>>) -> Option<T> {
        result.map_err(|e| self.add(field, e)).ok()
    }

    pub fn get(&self, field: Field) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (Field, &str)> {
        self.0.iter().map(|(f, m)| (*f, m.as_str()))
    }
}

impl Profile {
    /// A profile with only what every person has; the rest empty (fixtures, demo data).
    pub fn new(first_name: &str, last_name: &str, commune: InseeCode, contact_channel: ContactChannel) -> Self {
        Self {
            first_name: first_name.to_string(),
            last_name: last_name.to_string(),
            email: None,
            phone: None,
            postal_address: None,
            call_when: None,
            commune: Some(commune),
            contact_channel,
            slots: Slots::default(),
            languages: Vec::new(),
            formats: Vec::new(),
            radius_km: None,
            travel_means: Vec::new(),
            capacity: None,
            gender: None,
            birth_year: None,
            wants_gender: None,
            wants_age: None,
            isolation: None,
            interest_ids: Vec::new(),
            shares: Vec::new(),
            share_note: None,
            learns: Vec::new(),
            needs_transport: false,
            sms_stopped_at: None,
        }
    }

    /// The commune's INSEE code, empty once the person's data was erased.
    pub fn commune_code(&self) -> &str {
        self.commune.as_deref().unwrap_or_default()
    }

    /// Reads every field of `raw` for a person of `kind`. `commune` is the commune field's
    /// answer (a code, or the message to show beside it); `catalogue` the interests on offer.
    pub fn parse(
        kind: Kind,
        raw: &RawProfile<'_>,
        commune: Result<InseeCode, String>,
        catalogue: &[i32],
        current_year: i32,
    ) -> Result<Profile, Errors> {
        let mut errors = Errors::default();
        let e = &mut errors;
        let volunteer = kind == Kind::Volunteer;
        let first_name = e.check(Field::FirstName, p::parse_name(raw.first_name, "le prénom"));
        let last_name = e.check(Field::LastName, p::parse_name(raw.last_name, "le nom"));
        // Volunteers are told everything by e-mail.
        let channel = if volunteer {
            Some(ContactChannel::Email)
        } else {
            e.check(Field::ContactChannel, ContactChannel::parse(raw.contact_channel))
        };
        let email = match raw.email.trim() {
            "" if volunteer || channel == Some(ContactChannel::Email) => {
                e.add(Field::Email, "Indiquez une adresse e-mail.");
                None
            }
            "" => None,
            typed => e.check(Field::Email, Email::parse(typed)),
        };
        let phone_required = matches!(channel, Some(ContactChannel::Phone | ContactChannel::Sms));
        let phone = e
            .check(Field::Phone, p::parse_phone(raw.phone, phone_required))
            .flatten();
        if channel == Some(ContactChannel::Sms)
            && let Some(number) = &phone
            && !crate::domain::sms::is_mobile(number)
        {
            e.add(
                Field::Phone,
                "Pour recevoir des SMS, indiquez un numéro de portable : il commence par 06 ou 07.",
            );
        }
        let postal_address = e
            .check(Field::PostalAddress, p::parse_address(raw.postal_address))
            .flatten();
        if channel == Some(ContactChannel::Postal) && postal_address.is_none() {
            e.add(
                Field::PostalAddress,
                "Indiquez l'adresse postale pour recevoir les courriers.",
            );
        }
        let call_when = e
            .check(
                Field::CallWhen,
                crate::domain::text::one_line(raw.call_when, crate::domain::call::CALL_WHEN_MAX),
            )
            .map(|t| Some(t).filter(|t| !t.is_empty()));
        let slots = e.check(Field::Slots, Slots::from_form(raw.slots));
        let languages = e.check(Field::Languages, p::languages_from_form(raw.languages));
        let formats = e.check(Field::Formats, p::formats_from_ranks(raw.ranks));
        let interest_ids = e.check(Field::Interests, interests(raw.interests, catalogue));
        let gender = e.check(Field::Gender, Gender::parse_optional(raw.gender));
        let min_age = if volunteer { 18 } else { 16 };
        let birth_year = e.check(
            Field::BirthYear,
            p::parse_birth_year(raw.birth_year, current_year, min_age),
        );
        // A volunteer says how far and how many; an isolated person whom they would like.
        let (radius_km, travel, capacity, wants_gender, wants_age, isolation) = if volunteer {
            (
                e.check(Field::RadiusKm, p::parse_radius(raw.radius_km)).map(Some),
                e.check(Field::Travel, p::travel_means_from_form(raw.travel)),
                e.check(Field::Capacity, p::parse_capacity(raw.capacity)).map(Some),
                Some(None),
                Some(None),
                Some(None),
            )
        } else {
            (
                Some(None),
                Some(Vec::new()),
                Some(None),
                e.check(Field::WantsGender, Gender::parse_optional(raw.wants_gender)),
                e.check(
                    Field::WantsAge,
                    p::parse_age_range(raw.wants_age_min, raw.wants_age_max),
                ),
                e.check(Field::Isolation, p::parse_isolation(raw.isolation)),
            )
        };
        // Donnant-donnant: the person says what she shares, the volunteer what they would discover.
        let (shares, share_note, learns) = if volunteer {
            (
                Some(Vec::new()),
                Some(None),
                e.check(Field::Learns, topics_from_form(raw.learns)),
            )
        } else {
            (
                e.check(Field::Shares, topics_from_form(raw.shares)),
                e.check(Field::ShareNote, reciprocity::parse_note(raw.share_note)),
                Some(Vec::new()),
            )
        };
        let needs_transport = match (volunteer, raw.needs_transport.trim()) {
            (true, _) | (false, "") => Some(false),
            (false, "oui") => Some(true),
            (false, _) => e.check(
                Field::NeedsTransport,
                Err::<bool, _>("Cochez la case, ou laissez-la vide."),
            ),
        };
        let commune = e.check(Field::Commune, commune);
        let profile = (|| {
            Some(Profile {
                first_name: first_name?,
                last_name: last_name?,
                email,
                phone,
                postal_address,
                call_when: call_when?,
                commune: Some(commune?),
                contact_channel: channel?,
                slots: slots?,
                languages: languages?,
                formats: formats?,
                radius_km: radius_km?,
                travel_means: travel?,
                capacity: capacity?,
                gender: gender?,
                birth_year: birth_year?,
                wants_gender: wants_gender?,
                wants_age: wants_age?,
                isolation: isolation?,
                interest_ids: interest_ids?,
                shares: shares?,
                share_note: share_note?,
                learns: learns?,
                needs_transport: needs_transport?,
                sms_stopped_at: None,
            })
        })();
        match profile {
            Some(profile) if errors.is_empty() => Ok(profile),
            _ => Err(errors),
        }
    }
}

/// The interests ticked, each still in the catalogue.
fn interests(values: &[String], catalogue: &[i32]) -> Result<Vec<i32>, &'static str> {
    values
        .iter()
        .map(|v| {
            v.parse::<i32>()
                .ok()
                .filter(|id| catalogue.contains(id))
                .ok_or("Ce centre d'intérêt n'est plus proposé.")
        })
        .collect()
}

#[cfg(test)]
#[path = "intake_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "intake_choices_tests.rs"]
mod choices_tests;
