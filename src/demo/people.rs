//! Demo people: ~40 volunteers and ~60 isolated people across the two demo territories,
//! with varied profiles, every consent method, and some waiting for months. Deterministic.

use crate::db::{
    self, Db,
    charters::Charter,
    people::{NewConsent, NewPerson, Profile},
};
use crate::domain::account::Email;
use crate::domain::availability::Slots;
use crate::domain::commune::InseeCode;
use crate::domain::consent::ConsentMethod;
use crate::domain::person::{Kind, Status};
use crate::domain::profile::{ContactChannel, Format, Gender};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const FIRST_NAMES_F: &[&str] = &[
    "Marie", "Jeanne", "Denise", "Colette", "Lucie", "Camille", "Inès", "Sophie", "Yvette", "Odette", "Léa", "Amina",
    "Claire", "Huguette", "Nadia",
];
const FIRST_NAMES_M: &[&str] = &[
    "Jean", "Pierre", "Marcel", "Louis", "Karim", "Thomas", "Hugo", "Bernard", "René", "Mathis", "Youssef", "Paul",
    "André", "Lucas", "Gérard",
];
const LAST_NAMES: &[&str] = &[
    "Delort",
    "Chambon",
    "Vidal",
    "Bouchet",
    "Lafon",
    "Martin",
    "Bernard",
    "Roux",
    "Fabre",
    "Morel",
    "Girard",
    "Mercier",
    "Benali",
    "Lambert",
    "Faure",
    "Rousseau",
    "Vincent",
    "Chevalier",
    "Blanc",
    "Garnier",
];

pub struct Territory<'a> {
    pub team_id: i32,
    pub communes: &'a [String],
    pub referent_id: i32,
    pub coordinator_id: i32,
    pub volunteers: usize,
    pub beneficiaries: usize,
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn random_profile(rng: &mut StdRng, kind: Kind, commune: InseeCode, interest_ids: &[i32]) -> Profile {
    let female = rng.random_bool(0.6);
    let first = if female {
        pick(rng, FIRST_NAMES_F)
    } else {
        pick(rng, FIRST_NAMES_M)
    };
    let last = pick(rng, LAST_NAMES);
    let mut slots = 0u32;
    for _ in 0..rng.random_range(2..7) {
        slots |= Slots::bit(rng.random_range(0..7), rng.random_range(0..2));
    }
    let mut interests: Vec<i32> = (0..rng.random_range(1..5)).map(|_| *pick(rng, interest_ids)).collect();
    interests.sort();
    interests.dedup();
    let formats = match rng.random_range(0..4) {
        0 => vec![Format::Public, Format::Phone],
        1 => vec![Format::Home, Format::Public],
        2 => vec![Format::Phone],
        _ => vec![Format::Public, Format::Home, Format::Phone],
    };
    let volunteer = kind == Kind::Volunteer;
    let with_email = volunteer || rng.random_bool(0.15);
    let slug = format!(
        "{}.{}{}",
        first.to_lowercase(),
        last.to_lowercase(),
        rng.random_range(1..999)
    );
    Profile {
        first_name: first.to_string(),
        last_name: last.to_string(),
        email: with_email
            .then(|| Email::parse(&format!("{}@exemple.org", deunicode::deunicode(&slug))).ok())
            .flatten(),
        phone: Some(format!("06{:08}", rng.random_range(0..100_000_000u32))),
        postal_address: None,
        call_when: None,
        commune: Some(commune),
        contact_channel: if with_email {
            ContactChannel::Email
        } else if rng.random_bool(0.7) {
            ContactChannel::Phone
        } else {
            ContactChannel::Referent
        },
        slots: Slots::from_bits(slots),
        languages: if rng.random_bool(0.1) {
            vec!["fr".into(), "oc".into()]
        } else {
            vec!["fr".into()]
        },
        formats,
        radius_km: volunteer.then(|| *pick(rng, &[5, 10, 15, 20, 30])),
        travel_means: if volunteer {
            vec![pick(rng, &["car", "foot", "bike", "transit"]).to_string()]
        } else {
            vec![]
        },
        capacity: volunteer.then(|| rng.random_range(1..=3)),
        gender: Some(if female { Gender::Female } else { Gender::Male }),
        birth_year: Some(if volunteer {
            rng.random_range(1950..2004)
        } else {
            rng.random_range(1930..1965)
        }),
        wants_gender: (!volunteer && rng.random_bool(0.2)).then_some(Gender::Female),
        wants_age: None,
        isolation: (!volunteer).then(|| rng.random_range(4..=10)),
        interest_ids: interests,
        // Left empty: the demo's random draws (and so its people) stay as they were.
        shares: vec![],
        share_note: None,
        learns: vec![],
        needs_transport: false,
        sms_stopped_at: None,
    }
}

/// A plausible address in the commune, for a letter: a street of the village, its postal code.
async fn postal_address(db: &Db, rng: &mut StdRng, insee: &str) -> anyhow::Result<Option<String>> {
    let Some(commune) = db::communes::by_code(db, insee).await? else {
        return Ok(None);
    };
    let street = pick(
        rng,
        &[
            "rue de l'Église",
            "place de la Mairie",
            "chemin des Prés",
            "route du Bourg",
        ],
    );
    let postal = commune.postal_codes.first().cloned().unwrap_or_default();
    Ok(Some(format!(
        "{} {street}\n{postal} {}",
        rng.random_range(1..40),
        commune.name.to_uppercase()
    )))
}

/// Adds the demo people of one territory.
pub async fn seed(db: &Db, t: &Territory<'_>, charter: &Charter, seed: u64, now_ms: i64) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(seed);
    let interest_ids: Vec<i32> = db::interests::active(db).await?.into_iter().map(|i| i.id).collect();
    let day = crate::domain::duration::DAY_MS;
    for i in 0..t.volunteers + t.beneficiaries {
        let kind = if i < t.volunteers {
            Kind::Volunteer
        } else {
            Kind::Beneficiary
        };
        let commune = pick(&mut rng, t.communes).clone();
        let code = InseeCode::parse(&commune).ok_or_else(|| anyhow::anyhow!("demo commune {commune:?}"))?;
        let mut profile = random_profile(&mut rng, kind, code, &interest_ids);
        // Without e-mail, as in the field: some chose SMS, a few the post. Drawn from a second
        // generator so that the people (and the matching stories built on them) stay the same.
        let mut side = StdRng::seed_from_u64(seed.wrapping_mul(7919).wrapping_add(i as u64));
        if profile.contact_channel == ContactChannel::Phone {
            match side.random_range(0..10) {
                0..=3 => profile.contact_channel = ContactChannel::Sms,
                4 => {
                    profile.contact_channel = ContactChannel::Postal;
                    profile.postal_address = postal_address(db, &mut side, &commune).await?;
                }
                _ => {}
            }
        }
        let (status, method) = match kind {
            Kind::Volunteer => (
                *pick(
                    &mut rng,
                    &[
                        Status::Approved,
                        Status::Approved,
                        Status::Approved,
                        Status::Approved,
                        Status::ToValidate,
                        Status::Paused,
                    ],
                ),
                ConsentMethod::Online,
            ),
            Kind::Beneficiary => (
                Status::Waiting,
                *pick(
                    &mut rng,
                    &[
                        ConsentMethod::Online,
                        ConsentMethod::Assisted,
                        ConsentMethod::Assisted,
                        ConsentMethod::Paper,
                    ],
                ),
            ),
        };
        let signed_up = now_ms - rng.random_range(2..240) * day;
        let attested = method != ConsentMethod::Online;
        let attester = if method == ConsentMethod::Paper {
            t.coordinator_id
        } else {
            t.referent_id
        };
        let consent = NewConsent {
            charter_id: charter.id,
            content_sha256: charter.content_sha256.clone().unwrap_or_default(),
            method,
            attested_by: attested.then_some(attester),
            attester_name: attested.then(|| {
                if method == ConsentMethod::Paper {
                    "Coordination"
                } else {
                    "Référent·e"
                }
                .to_string()
            }),
            attested_on: attested.then(|| {
                chrono::DateTime::from_timestamp_millis(signed_up)
                    .map(|d| d.date_naive().to_string())
                    .unwrap_or_default()
            }),
        };
        let new = NewPerson {
            kind,
            status,
            team_id: Some(t.team_id),
            referent_id: (kind == Kind::Beneficiary && rng.random_bool(0.7)).then_some(t.referent_id),
            profile: &profile,
            consent: &consent,
            token: None,
            emails: Vec::new(),
            submission_key: None,
            waiting_since: (kind == Kind::Beneficiary).then_some(signed_up),
        };
        let id = db::people::create(db, new, signed_up).await?;
        if kind == Kind::Volunteer {
            db::people::confirm_email(db, id, signed_up).await?;
            if status != Status::ToValidate {
                db::people::record_checklist(
                    db,
                    id,
                    [true, true, true],
                    Some((Status::Approved, t.coordinator_id)),
                    &[],
                    &[],
                    signed_up,
                )
                .await?;
                if status == Status::Paused {
                    db::people::change_status(db, id, Status::Approved, Status::Paused, signed_up).await?;
                }
            }
        }
    }
    Ok(())
}
