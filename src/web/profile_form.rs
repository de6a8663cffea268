//! The profile form shared by volunteer sign-up, assisted sign-up and the personal space:
//! raw text in (never a typed field, so bad input is never a 422), read by `Profile::parse`
//! into a profile or French messages beside each field, and what the template needs to show
//! it again.

use crate::app::AppState;
use crate::db::{self, communes::Commune, interests::Interest};
use crate::domain::availability::{DAYS, PARTS};
use crate::domain::commune::InseeCode;
use crate::domain::person::Kind;
use crate::domain::profile::{self as p, ContactChannel, Format, Gender, Profile, RawProfile};
use crate::domain::reciprocity;
use crate::web::commune_field::{self, Resolved};
use crate::web::error::{AppError, AppResult};
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
    pub call_when: String,
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
    pub shares: Vec<String>,
    pub share_note: String,
    pub learns: Vec<String>,
    /// "oui" when ticked.
    pub needs_transport: String,
}

/// What a profile form needs from the database: the commune typed and the interests on offer.
pub struct Loaded {
    /// The commune found, with its code, or the message shown beside the field.
    commune: Result<(Commune, InseeCode), String>,
    /// The communes to choose from when several match what was typed.
    pub candidates: Vec<Commune>,
    pub interests: Vec<Interest>,
}

/// Looks up the commune typed and the interests on offer.
pub async fn load(state: &AppState, form: &ProfileForm) -> AppResult<Loaded> {
    let interests = db::interests::active(&state.db).await?;
    load_offering(state, form, interests).await
}

/// Looks up the commune typed; `interests` are those on offer.
pub async fn load_offering(state: &AppState, form: &ProfileForm, interests: Vec<Interest>) -> AppResult<Loaded> {
    let mut candidates = Vec::new();
    let commune = match commune_field::resolve(state, &form.commune, &form.commune_code).await? {
        Resolved::One(c) => {
            let code = InseeCode::parse(&c.insee_code)
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("commune code {:?} unreadable", c.insee_code)))?;
            Ok((c, code))
        }
        Resolved::Several(list) => {
            candidates = list;
            Err("Plusieurs communes correspondent : choisissez la bonne dans la liste.".to_string())
        }
        Resolved::Missing(message) => Err(message.to_string()),
    };
    Ok(Loaded {
        commune,
        candidates,
        interests,
    })
}

impl Loaded {
    /// The commune field's answer, as `Profile::parse` reads it.
    pub fn commune_code(&self) -> Result<InseeCode, String> {
        self.commune
            .as_ref()
            .map(|(_, code)| code.clone())
            .map_err(Clone::clone)
    }

    pub fn interest_ids(&self) -> Vec<i32> {
        self.interests.iter().map(|i| i.id).collect()
    }

    /// The team whose territory covers the commune found.
    pub async fn covering_team(&self, state: &AppState) -> AppResult<Option<i32>> {
        Ok(match &self.commune {
            Ok((c, _)) => db::teams::covering(&state.db, &c.insee_code, &c.departement).await?,
            Err(_) => None,
        })
    }
}

/// The domain's verdict as the form shows it: the profile, or each message beside its field
/// (in the order the fields were checked).
pub fn checked(verdict: Result<Profile, p::Errors>, errors: &mut FieldErrors) -> Option<Profile> {
    match verdict {
        Ok(profile) => Some(profile),
        Err(found) => {
            for (field, message) in found.iter() {
                errors.add(field.name(), message);
            }
            None
        }
    }
}

/// Whether another person already signed up with this profile's e-mail address.
pub async fn email_in_use(state: &AppState, profile: &Profile) -> AppResult<bool> {
    Ok(match &profile.email {
        Some(email) => db::people::by_email(&state.db, email.as_str()).await?.is_some(),
        None => false,
    })
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
            email: profile
                .email
                .as_ref()
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
            phone: profile.phone.clone().unwrap_or_default(),
            postal_address: profile.postal_address.clone().unwrap_or_default(),
            call_when: profile.call_when.clone().unwrap_or_default(),
            commune: commune_label,
            commune_code: profile.commune_code().to_string(),
            contact_channel: profile.contact_channel.code().to_string(),
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
            shares: profile.shares.clone(),
            share_note: profile.share_note.clone().unwrap_or_default(),
            learns: profile.learns.clone(),
            needs_transport: if profile.needs_transport {
                "oui".into()
            } else {
                String::new()
            },
        }
    }

    /// What was typed, as the domain reads it.
    pub fn raw(&self) -> RawProfile<'_> {
        RawProfile {
            first_name: &self.first_name,
            last_name: &self.last_name,
            email: &self.email,
            phone: &self.phone,
            postal_address: &self.postal_address,
            call_when: &self.call_when,
            contact_channel: &self.contact_channel,
            slots: &self.slots,
            languages: &self.languages,
            interests: &self.interests,
            ranks: [&self.rank_public, &self.rank_home, &self.rank_phone],
            radius_km: &self.radius_km,
            travel: &self.travel,
            capacity: &self.capacity,
            gender: &self.gender,
            birth_year: &self.birth_year,
            wants_gender: &self.wants_gender,
            wants_age_min: &self.wants_age_min,
            wants_age_max: &self.wants_age_max,
            isolation: &self.isolation,
            shares: &self.shares,
            share_note: &self.share_note,
            learns: &self.learns,
            needs_transport: &self.needs_transport,
        }
    }
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

    /// What one may share or discover (donnant-donnant).
    pub fn topics(&self) -> &'static [(&'static str, &'static str)] {
        &reciprocity::TOPICS
    }

    /// The field of the list: what the person shares, or what the volunteer would discover.
    pub fn topic_field(&self) -> &'static str {
        if self.volunteer { "learns" } else { "shares" }
    }

    /// Whether the topic is ticked: among what the person shares, or what the volunteer
    /// would discover.
    pub fn topic_checked(&self, code: &str) -> bool {
        let ticked = if self.volunteer {
            &self.values.learns
        } else {
            &self.values.shares
        };
        ticked.iter().any(|t| t == code)
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

    pub fn channels(&self) -> [ContactChannel; 5] {
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
