//! Matching on the live database: a team's candidates become an engine instance (in the
//! SPEC's INSTANCE format, so the app and `binome match` run the very same code), the engine
//! proposes, and the proposals come back with the people they name.

use crate::db::{
    self, Db,
    people::{Person, Scope},
};
use crate::domain::consent::still_valid;
use crate::domain::person::{Kind, Status};
use crate::domain::profile::formats_to_string;
use crate::domain::transport::has_car;
use crate::matching::communes::Table;
use crate::matching::{self, Index, Instance};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

/// A team's matching problem, with the people behind each engine index.
pub struct Live {
    pub instance: Instance,
    pub index: Index,
    pub beneficiaries: Vec<Person>,
    pub volunteers: Vec<Person>,
}

fn date(ms: i64) -> NaiveDate {
    DateTime::from_timestamp_millis(ms).map_or(NaiveDate::MIN, |d| d.date_naive())
}

fn profile_json(p: &Person, interests: &HashMap<i32, String>) -> serde_json::Map<String, Value> {
    let prefix = if p.kind == Kind::Volunteer { "v" } else { "b" };
    let mut o = serde_json::Map::new();
    o.insert("id".into(), json!(format!("{prefix}{}", p.id)));
    o.insert(
        "role".into(),
        json!(if p.kind == Kind::Volunteer {
            "volunteer"
        } else {
            "beneficiary"
        }),
    );
    o.insert("commune".into(), json!(p.profile.commune_code()));
    o.insert("slots".into(), json!(p.profile.slots.bits()));
    let names: Vec<&String> = p.profile.interest_ids.iter().filter_map(|i| interests.get(i)).collect();
    o.insert("interests".into(), json!(names));
    o.insert("languages".into(), json!(p.profile.languages));
    o.insert(
        "formats".into(),
        json!(
            formats_to_string(&p.profile.formats)
                .split(',')
                .filter(|f| !f.is_empty())
                .collect::<Vec<_>>()
        ),
    );
    if let Some(g) = p.profile.gender {
        o.insert("gender".into(), json!(g.code()));
    }
    if let Some(y) = p.profile.birth_year {
        o.insert("birth_year".into(), json!(y));
    }
    o
}

/// SPEC "discretion and transport" fields of a beneficiary, written only when set (an
/// instance without them means the same).
fn discretion_json(
    o: &mut serde_json::Map<String, Value>,
    b: &Person,
    other_commune: &HashSet<i32>,
    avoided_by: &HashMap<i32, Vec<i32>>,
) {
    if other_commune.contains(&b.id) {
        o.insert("other_commune".into(), json!(true));
    }
    if b.profile.needs_transport {
        o.insert("needs_transport".into(), json!(true));
    }
    if let Some(volunteers) = avoided_by.get(&b.id) {
        let mut volunteers = volunteers.clone();
        volunteers.sort_unstable();
        let ids: Vec<String> = volunteers.into_iter().map(|v| format!("v{v}")).collect();
        o.insert("avoid".into(), json!(ids));
    }
}

/// Whether each person's consent lets them be matched now (a newer material charter leaves
/// earlier signers matchable until the admin's date).
async fn consenting(db: &Db, people: &[Person], now_ms: i64) -> anyhow::Result<HashSet<i32>> {
    let Some(current) = db::charters::current_material(db).await? else {
        return Ok(HashSet::new());
    };
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let signed = db::people::signed_versions(db, &ids).await?;
    Ok(ids
        .into_iter()
        .filter(|id| {
            signed
                .get(id)
                .is_some_and(|v| still_valid(*v, current.version, current.previous_valid_until, now_ms))
        })
        .collect())
}

/// Loads a team's waiting people and available volunteers as an instance.
pub async fn load(db: &Db, communes: &Table, team_id: i32, now: DateTime<Utc>) -> anyhow::Result<Live> {
    let now_ms = crate::epoch_ms(now);
    let team = [team_id];
    let waiting = db::people::list(db, Scope::Teams(&team), Some(Kind::Beneficiary), &[Status::Waiting]).await?;
    let approved = db::people::list(db, Scope::Teams(&team), Some(Kind::Volunteer), &[Status::Approved]).await?;
    let (load, paired) = db::pairings::open_load(db).await?;
    let mut everyone = waiting.clone();
    everyone.extend(approved.iter().cloned());
    let ok = consenting(db, &everyone, now_ms).await?;
    let interests: HashMap<i32, String> = db::interests::all(db)
        .await?
        .into_iter()
        .map(|(i, _)| (i.id, i.code))
        .collect();
    let weights = db::suggestions::weights(db).await?;

    let beneficiaries: Vec<Person> = waiting
        .into_iter()
        .filter(|p| ok.contains(&p.id) && !paired.contains(&p.id))
        .collect();
    let volunteers: Vec<Person> = approved.into_iter().filter(|p| ok.contains(&p.id)).collect();
    let b_ids: Vec<i32> = beneficiaries.iter().map(|p| p.id).collect();
    let other_commune = db::discretion::other_commune_among(db, &b_ids).await?;
    let avoided = db::discretion::avoided_pairs(db).await?;
    let mut avoided_by: HashMap<i32, Vec<i32>> = HashMap::new();
    for &(b, v) in &avoided {
        avoided_by.entry(b).or_default().push(v);
    }
    let mut people = Vec::new();
    for b in &beneficiaries {
        let mut o = profile_json(b, &interests);
        o.insert(
            "waiting_since".into(),
            json!(date(b.waiting_since.unwrap_or(now_ms)).to_string()),
        );
        if let Some(g) = b.profile.wants_gender {
            o.insert("wants_gender".into(), json!(g.code()));
        }
        if let Some((lo, hi)) = b.profile.wants_age {
            o.insert("wants_age".into(), json!([lo, hi]));
        }
        if !b.profile.shares.is_empty() {
            o.insert("shares".into(), json!(b.profile.shares));
        }
        discretion_json(&mut o, b, &other_commune, &avoided_by);
        people.push(Value::Object(o));
    }
    for v in &volunteers {
        let mut o = profile_json(v, &interests);
        o.insert("radius_km".into(), json!(v.profile.radius_km.unwrap_or(0)));
        let free = v.profile.capacity.unwrap_or(1) - load.get(&v.id).copied().unwrap_or(0);
        o.insert("capacity".into(), json!(free.max(0)));
        if !v.profile.learns.is_empty() {
            o.insert("learns".into(), json!(v.profile.learns));
        }
        o.insert("has_car".into(), json!(has_car(&v.profile.travel_means)));
        people.push(Value::Object(o));
    }
    let ids: HashSet<i32> = everyone.iter().map(|p| p.id).collect();
    let exclusions: Vec<Value> = db::suggestions::excluded_pairs(db)
        .await?
        .into_iter()
        .filter(|(b, v)| ids.contains(b) && ids.contains(v) && !avoided.contains(&(*b, *v)))
        .map(|(b, v)| json!([format!("b{b}"), format!("v{v}")]))
        .collect();
    let mut spec = json!({"as_of": now.date_naive().to_string(), "people": people, "exclusions": exclusions});
    if let Some([proximity, availability, interests, format, waiting, reciprocity]) = weights {
        spec["weights"] = json!({"proximity": proximity, "availability": availability, "interests": interests,
            "format": format, "waiting": waiting, "reciprocity": reciprocity});
    }
    let instance = matching::parse_instance(&spec.to_string(), communes)?;
    let index = Index::build(&instance);
    // The instance sorts people by id: put the records in the same order.
    let by_id = |list: Vec<Person>, ids: Vec<&str>| -> Vec<Person> {
        let map: HashMap<String, Person> = list.into_iter().map(|p| (p.id.to_string(), p)).collect();
        ids.into_iter().filter_map(|id| map.get(&id[1..]).cloned()).collect()
    };
    let b_ids = instance.beneficiaries.iter().map(|b| b.profile.id.as_str()).collect();
    let v_ids = instance.volunteers.iter().map(|v| v.profile.id.as_str()).collect();
    let beneficiaries = by_id(beneficiaries, b_ids);
    let volunteers = by_id(volunteers, v_ids);
    Ok(Live {
        instance,
        index,
        beneficiaries,
        volunteers,
    })
}

impl Live {
    /// The engine's optimal proposals, ready to store.
    pub fn propose(&self) -> Vec<db::suggestions::NewSuggestion> {
        let round = matching::round(&self.instance, &mut || 0.0);
        round
            .pairs()
            .into_iter()
            .map(|p| {
                let d = matching::top::distance_between(&self.instance, p.beneficiary, p.volunteer);
                db::suggestions::NewSuggestion {
                    beneficiary_id: self.beneficiaries[p.beneficiary as usize].id,
                    volunteer_id: self.volunteers[p.volunteer as usize].id,
                    score: p.score,
                    distance_km: d.unwrap_or(0.0),
                    mode: p.mode.code().to_string(),
                    reasons: matching::explain::reasons(&self.instance, p.beneficiary, p.volunteer, p.mode, d),
                }
            })
            .collect()
    }

    pub fn beneficiary_index(&self, person_id: i32) -> Option<u32> {
        self.beneficiaries
            .iter()
            .position(|p| p.id == person_id)
            .map(|i| i as u32)
    }

    /// The best `k` volunteers for one waiting person, with their reasons.
    pub fn best_for(&self, b: u32, k: usize) -> Vec<(Person, matching::top::Suggestion)> {
        matching::top_volunteers(&self.instance, &self.index, b, k)
            .into_iter()
            .map(|s| (self.volunteers[s.volunteer as usize].clone(), s))
            .collect()
    }

    /// Why nobody fits, and what to relax.
    pub fn why_not(&self, b: u32) -> matching::why_not::WhyNot {
        matching::why_not::why_not(&self.instance, &self.index, b)
    }
}
