//! The profile form shared by volunteer sign-up, assisted sign-up and the personal space:
//! raw text in (never a typed field, so bad input is never a 422), validated profile or
//! French messages beside each field out, and what the template needs to show it again.

use crate::app::AppState;
use crate::db::communes::Commune;
use crate::db::interests::Interest;
use crate::db::people::Profile;
use crate::domain::account::Email;
use crate::domain::availability::{DAYS, PARTS, Slots};
use crate::domain::person::Kind;
use crate::domain::profile::{self as p, ContactChannel, Format, Gender};
use crate::error::AppResult;
use crate::web::commune_field::{self, Resolved};
use crate::web::form::FieldErrors;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct ProfileForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub postal_address: String,
    pub commune: String,
    pub commune_code: String,
    pub contact_channel: String,
    pub slots: Vec<String>,
    pub languages: Vec<String>,
    pub interests: Vec<String>,
    pub rank_public: String,
    pub rank_home: String,
    pub rank_phone: String,
    pub radius_km: String,
    pub travel: Vec<String>,
    pub capacity: String,
    pub gender: String,
    pub birth_year: String,
    pub wants_gender: String,
    pub wants_age_min: String,
    pub wants_age_max: String,
    pub isolation: String,
}

/// A validated profile and the commune it names.
pub struct Parsed {
    pub profile: Profile,
    pub commune: Commune,
}

impl ProfileForm {
    /// A blank form with sensible defaults (French spoken, one person, 10 km).
    pub fn blank(kind: Kind) -> Self {
        Self {
            languages: vec!["fr".into()],
            capacity: if kind == Kind::Volunteer {
                "1".into()
            } else {
                String::new()
            },
            radius_km: if kind == Kind::Volunteer {
                "10".into()
            } else {
                String::new()
            },
            contact_channel: if kind == Kind::Volunteer {
                "email".into()
            } else {
                String::new()
            },
            ..Default::default()
        }
    }

    /// The form filled with a stored profile (personal space).
    pub fn from_profile(profile: &Profile, commune_label: String) -> Self {
        let rank = |f: Format| {
            profile
                .formats
                .iter()
                .position(|x| *x == f)
                .map(|i| (i + 1).to_string())
                .unwrap_or_default()
        };
        let mut slots = Vec::new();
        for d in 0..7 {
            for part in 0..3 {
                if profile.slots.has(d, part) {
                    slots.push(format!("{d}-{part}"));
                }
            }
        }
        Self {
            first_name: profile.first_name.clone(),
            last_name: profile.last_name.clone(),
            email: profile.email.clone().unwrap_or_default(),
            phone: profile.phone.clone().unwrap_or_default(),
            postal_address: profile.postal_address.clone().unwrap_or_default(),
            commune: commune_label,
            commune_code: profile.commune.clone(),
            contact_channel: profile.contact_channel.clone(),
            slots,
            languages: profile.languages.clone(),
            interests: profile.interest_ids.iter().map(|i| i.to_string()).collect(),
            rank_public: rank(Format::Public),
            rank_home: rank(Format::Home),
            rank_phone: rank(Format::Phone),
            radius_km: profile.radius_km.map(|r| r.to_string()).unwrap_or_default(),
            travel: profile.travel_means.clone(),
            capacity: profile.capacity.map(|c| c.to_string()).unwrap_or_default(),
            gender: profile.gender.map(|g| g.code().to_string()).unwrap_or_default(),
            birth_year: profile.birth_year.map(|y| y.to_string()).unwrap_or_default(),
            wants_gender: profile.wants_gender.map(|g| g.code().to_string()).unwrap_or_default(),
            wants_age_min: profile.wants_age.map(|a| a.0.to_string()).unwrap_or_default(),
            wants_age_max: profile.wants_age.map(|a| a.1.to_string()).unwrap_or_default(),
            isolation: profile.isolation.map(|i| i.to_string()).unwrap_or_default(),
        }
    }

    /// Validates every field; the commune is looked up. Returns the candidates to choose from
    /// when several communes match.
    pub async fn parse(
        &self,
        state: &AppState,
        kind: Kind,
        interests: &[Interest],
        current_year: i32,
        errors: &mut FieldErrors,
    ) -> AppResult<(Option<Parsed>, Vec<Commune>)> {
        let volunteer = kind == Kind::Volunteer;
        let first_name = errors.check("first_name", p::parse_name(&self.first_name, "le prénom"));
        let last_name = errors.check("last_name", p::parse_name(&self.last_name, "le nom"));
        let channel = if volunteer {
            Some(ContactChannel::Email)
        } else {
            errors.check("contact_channel", ContactChannel::parse(&self.contact_channel))
        };
        let email = match self.email.trim() {
            "" if volunteer || channel == Some(ContactChannel::Email) => {
                errors.add("email", "Indiquez une adresse e-mail.");
                None
            }
            "" => None,
            raw => errors.check("email", Email::parse(raw)).map(|e| e.as_str().to_string()),
        };
        let phone = errors
            .check(
                "phone",
                p::parse_phone(&self.phone, channel == Some(ContactChannel::Phone)),
            )
            .flatten();
        let postal_address = errors
            .check("postal_address", p::parse_address(&self.postal_address))
            .flatten();
        if channel == Some(ContactChannel::Postal) && postal_address.is_none() {
            errors.add(
                "postal_address",
                "Indiquez l'adresse postale pour recevoir les courriers.",
            );
        }
        let slots = errors.check("slots", Slots::from_form(&self.slots));
        let languages = errors.check("languages", p::languages_from_form(&self.languages));
        let formats = errors.check(
            "formats",
            p::formats_from_ranks([&self.rank_public, &self.rank_home, &self.rank_phone]),
        );
        let interest_ids = errors.check("interests", parse_interests(&self.interests, interests));
        let gender = errors.check("gender", Gender::parse_optional(&self.gender));
        let min_age = if volunteer { 18 } else { 16 };
        let birth_year = errors.check(
            "birth_year",
            p::parse_birth_year(&self.birth_year, current_year, min_age),
        );
        let (radius_km, travel, capacity, wants_gender, wants_age, isolation) = if volunteer {
            (
                errors.check("radius_km", p::parse_radius(&self.radius_km)).map(Some),
                errors.check("travel", p::travel_means_from_form(&self.travel)),
                errors.check("capacity", p::parse_capacity(&self.capacity)).map(Some),
                Some(None),
                Some(None),
                Some(None),
            )
        } else {
            (
                Some(None),
                Some(Vec::new()),
                Some(None),
                errors.check("wants_gender", Gender::parse_optional(&self.wants_gender)),
                errors.check(
                    "wants_age",
                    p::parse_age_range(&self.wants_age_min, &self.wants_age_max),
                ),
                errors.check("isolation", p::parse_isolation(&self.isolation)),
            )
        };
        let mut candidates = Vec::new();
        let commune = match commune_field::resolve(state, &self.commune, &self.commune_code).await? {
            Resolved::One(c) => Some(c),
            Resolved::Several(list) => {
                errors.add(
                    "commune",
                    "Plusieurs communes correspondent : choisissez la bonne dans la liste.",
                );
                candidates = list;
                None
            }
            Resolved::Missing(message) => {
                errors.add("commune", message);
                None
            }
        };
        let profile = (|| {
            Some(Profile {
                first_name: first_name?,
                last_name: last_name?,
                email,
                phone,
                postal_address,
                commune: commune.as_ref()?.insee_code.clone(),
                contact_channel: channel?.code().to_string(),
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
            })
        })();
        let parsed = match (profile, commune, errors.is_empty()) {
            (Some(profile), Some(commune), true) => Some(Parsed { profile, commune }),
            _ => None,
        };
        Ok((parsed, candidates))
    }
}

impl Parsed {
    /// Whether another person already signed up with this e-mail address.
    pub async fn email_in_use(&self, state: &AppState) -> AppResult<bool> {
        Ok(match &self.profile.email {
            Some(email) => crate::db::people::by_email(&state.db, email).await?.is_some(),
            None => false,
        })
    }

    /// The team whose territory covers the commune.
    pub async fn covering_team(&self, state: &AppState) -> AppResult<Option<i32>> {
        Ok(crate::db::teams::covering(&state.db, &self.commune.insee_code, &self.commune.departement).await?)
    }
}

fn parse_interests(values: &[String], catalogue: &[Interest]) -> Result<Vec<i32>, &'static str> {
    values
        .iter()
        .map(|v| {
            v.parse::<i32>()
                .ok()
                .filter(|id| catalogue.iter().any(|i| i.id == *id))
                .ok_or("Ce centre d'intérêt n'est plus proposé.")
        })
        .collect()
}

/// Everything the profile fields template (`people/profile_fields.html`) shows.
pub struct ProfileView {
    pub values: ProfileForm,
    pub errors: FieldErrors,
    pub interests: Vec<Interest>,
    pub candidates: Vec<Commune>,
    pub volunteer: bool,
    /// Easy-to-read wording, for the pages an isolated person reads.
    pub falc: bool,
    /// The form is filled by a professional for someone else (assisted sign-up).
    pub assisted: bool,
}

impl ProfileView {
    pub fn days(&self) -> Vec<(usize, &'static str)> {
        DAYS.iter().copied().enumerate().collect()
    }

    pub fn parts(&self) -> Vec<(usize, &'static str)> {
        PARTS.iter().copied().enumerate().collect()
    }

    pub fn slot_checked(&self, day: &usize, part: &usize) -> bool {
        self.values.slots.iter().any(|s| s == &format!("{day}-{part}"))
    }

    pub fn languages(&self) -> &'static [(&'static str, &'static str)] {
        &p::LANGUAGES
    }

    pub fn language_checked(&self, code: &str) -> bool {
        self.values.languages.iter().any(|l| l == code)
    }

    pub fn interest_checked(&self, id: &i32) -> bool {
        self.values.interests.iter().any(|i| i == &id.to_string())
    }

    pub fn travel_means(&self) -> &'static [(&'static str, &'static str)] {
        &p::TRAVEL_MEANS
    }

    pub fn travel_checked(&self, code: &str) -> bool {
        self.values.travel.iter().any(|t| t == code)
    }

    pub fn formats(&self) -> Vec<(&'static str, &'static str, &str)> {
        let v = &self.values;
        Format::ALL
            .iter()
            .zip([&v.rank_public, &v.rank_home, &v.rank_phone])
            .map(|(f, r)| (f.code(), f.label(), r.as_str()))
            .collect()
    }

    pub fn genders(&self) -> [Gender; 3] {
        Gender::ALL
    }

    pub fn channels(&self) -> [ContactChannel; 4] {
        ContactChannel::ALL
    }

    /// For templates: compares a stored value with an option.
    pub fn same(&self, value: &str, option: &str) -> bool {
        value == option
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}
