//! Reading an INSTANCE.json (SPEC "INSTANCE.json") into an [`Instance`], with an error that
//! names the first offending path, e.g. `people[17].slots`.

use super::communes::Table;
use super::{Beneficiary, Format, Gender, Instance, Place, Profile, Volunteer, Weights};
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for InstanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} : {}", self.path, self.message)
    }
}

impl std::error::Error for InstanceError {}

type Parsed<T> = Result<T, InstanceError>;

fn err<T>(path: &str, message: impl Into<String>) -> Parsed<T> {
    Err(InstanceError {
        path: path.to_string(),
        message: message.into(),
    })
}

/// Names interned as small ids, in order of first appearance.
#[derive(Default)]
struct Interner {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }
}

#[derive(Default)]
struct Builder {
    interests: Interner,
    topics: Interner,
    languages: Interner,
    departements: Interner,
    communes: Interner,
}

pub fn parse_instance(json: &str, communes: &Table) -> Parsed<Instance> {
    let root: Value = serde_json::from_str(json).or_else(|e| {
        err(
            "instance",
            format!("JSON illisible (ligne {}, colonne {})", e.line(), e.column()),
        )
    })?;
    let root = object(&root, "instance")?;
    let as_of = date(root.get("as_of"), "as_of")?;
    let weights = weights(root.get("weights"))?;
    let people = match root.get("people") {
        Some(Value::Array(items)) => items,
        _ => return err("people", "une liste de personnes est attendue"),
    };
    let mut b = Builder::default();
    let (mut beneficiaries, mut volunteers) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for (i, item) in people.iter().enumerate() {
        let path = format!("people[{i}]");
        let obj = object(item, &path)?;
        let profile = profile(obj, &path, as_of, communes, &mut b)?;
        if !seen.insert(profile.id.clone()) {
            return err(
                &format!("{path}.id"),
                format!("identifiant « {} » en double", profile.id),
            );
        }
        match obj.get("role").and_then(Value::as_str) {
            Some("beneficiary") => {
                let shares = topics(obj.get("shares"), &format!("{path}.shares"), &mut b)?;
                beneficiaries.push(beneficiary(obj, &path, profile, as_of, shares)?)
            }
            Some("volunteer") => {
                let learns = topics(obj.get("learns"), &format!("{path}.learns"), &mut b)?;
                volunteers.push(volunteer(obj, &path, profile, learns)?)
            }
            _ => return err(&format!("{path}.role"), "« beneficiary » ou « volunteer » attendu"),
        }
    }
    // Sorted by id: ties are broken by ids, whatever the order of the file.
    beneficiaries.sort_by(|x: &Beneficiary, y| x.profile.id.cmp(&y.profile.id));
    volunteers.sort_by(|x: &Volunteer, y| x.profile.id.cmp(&y.profile.id));
    let mut exclusions = exclusions(root.get("exclusions"), &beneficiaries, &volunteers)?;
    let avoided = avoided(people, &beneficiaries, &volunteers)?;
    exclusions.extend(avoided.iter().copied());
    Ok(Instance {
        as_of,
        weights,
        beneficiaries,
        volunteers,
        exclusions,
        avoided,
        interest_names: b.interests.names,
        topic_names: b.topics.names,
        language_codes: b.languages.names,
        departements: b.departements.names,
        communes: b.communes.names,
    })
}

fn object<'a>(v: &'a Value, path: &str) -> Parsed<&'a Map<String, Value>> {
    v.as_object().map_or_else(|| err(path, "un objet JSON est attendu"), Ok)
}

fn date(v: Option<&Value>, path: &str) -> Parsed<NaiveDate> {
    v.and_then(Value::as_str)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .map_or_else(|| err(path, "une date AAAA-MM-JJ est attendue"), Ok)
}

fn weights(v: Option<&Value>) -> Parsed<Weights> {
    let mut w = Weights::default();
    let Some(v) = v else { return Ok(w) };
    let obj = object(v, "weights")?;
    for (key, slot) in [
        ("proximity", &mut w.proximity),
        ("availability", &mut w.availability),
        ("interests", &mut w.interests),
        ("format", &mut w.format),
        ("waiting", &mut w.waiting),
        ("reciprocity", &mut w.reciprocity),
    ] {
        if let Some(value) = obj.get(key) {
            // Bounded so that scaled integer costs cannot overflow in the solver.
            match value.as_f64() {
                Some(x) if (0.0..=1000.0).contains(&x) => *slot = x,
                _ => return err(&format!("weights.{key}"), "un nombre entre 0 et 1000 est attendu"),
            }
        }
    }
    Ok(w)
}

fn profile(
    obj: &Map<String, Value>,
    path: &str,
    as_of: NaiveDate,
    communes: &Table,
    b: &mut Builder,
) -> Parsed<Profile> {
    let at = |k: &str| format!("{path}.{k}");
    let id = match obj.get("id").and_then(Value::as_str) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => return err(&at("id"), "un identifiant (texte non vide) est attendu"),
    };
    let code = obj.get("commune").and_then(Value::as_str).unwrap_or("");
    let Some(commune) = communes.get(code.trim()) else {
        return err(
            &at("commune"),
            format!("commune inconnue : « {code} » (code INSEE attendu)"),
        );
    };
    let place = Place {
        centroid: commune.centroid,
        departement: b.departements.id(&commune.departement),
        commune: b.communes.id(&commune.code),
    };
    let slots = match obj.get("slots").and_then(Value::as_u64) {
        Some(s) if s < 1 << 21 => s as u32,
        _ => return err(&at("slots"), "un entier entre 0 et 2097151 (21 créneaux) est attendu"),
    };
    let mut interests: Vec<u32> = strings(obj.get("interests"), &at("interests"), true)?
        .iter()
        .map(|s| b.interests.id(s))
        .collect();
    interests.sort_unstable();
    interests.dedup();
    let mut languages = 0u128;
    for (i, code) in strings(obj.get("languages"), &at("languages"), false)?
        .iter()
        .enumerate()
    {
        let id = b.languages.id(code);
        if id >= 128 {
            return err(&format!("{path}.languages[{i}]"), "plus de 128 langues différentes");
        }
        languages |= 1 << id;
    }
    let mut formats = Vec::new();
    for (i, code) in strings(obj.get("formats"), &at("formats"), false)?.iter().enumerate() {
        match Format::parse(code) {
            Some(f) if !formats.contains(&f) => formats.push(f),
            _ => {
                return err(
                    &format!("{path}.formats[{i}]"),
                    "« public », « home » ou « phone » attendu, sans doublon",
                );
            }
        }
    }
    let birth_year = match obj.get("birth_year") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64() {
            Some(y) if (1900..=i64::from(as_of.year())).contains(&y) => Some(y as i32),
            _ => return err(&at("birth_year"), "une année entre 1900 et celle de as_of est attendue"),
        },
    };
    Ok(Profile {
        id,
        place,
        slots,
        interests,
        languages,
        formats,
        gender: gender(obj.get("gender"), &at("gender"))?,
        birth_year,
    })
}

/// An optional list of names (`shares`, `learns`), as sorted, deduplicated ids.
fn topics(v: Option<&Value>, path: &str, b: &mut Builder) -> Parsed<Vec<u32>> {
    let mut ids: Vec<u32> = strings(v, path, true)?.iter().map(|s| b.topics.id(s)).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

fn strings(v: Option<&Value>, path: &str, optional: bool) -> Parsed<Vec<String>> {
    let items = match v {
        None | Some(Value::Null) if optional => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        _ => return err(path, "une liste de textes est attendue"),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.as_str() {
            Some(s) => Ok(s.to_string()),
            None => err(&format!("{path}[{i}]"), "un texte est attendu"),
        })
        .collect()
}

fn gender(v: Option<&Value>, path: &str) -> Parsed<Option<Gender>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.is_empty() => {
            Gender::parse_optional(s).map_or_else(|_| err(path, "« f », « m » ou « x » attendu"), Ok)
        }
        _ => err(path, "« f », « m » ou « x » attendu"),
    }
}

fn beneficiary(
    obj: &Map<String, Value>,
    path: &str,
    profile: Profile,
    as_of: NaiveDate,
    shares: Vec<u32>,
) -> Parsed<Beneficiary> {
    let at = |k: &str| format!("{path}.{k}");
    let wants_age = match obj.get("wants_age") {
        None | Some(Value::Null) => None,
        Some(Value::Array(pair)) if pair.len() == 2 => match (pair[0].as_i64(), pair[1].as_i64()) {
            (Some(lo), Some(hi)) if lo <= hi && lo >= 0 && hi <= 200 => Some((lo as i32, hi as i32)),
            _ => return err(&at("wants_age"), "[âge minimum, âge maximum] attendu"),
        },
        _ => return err(&at("wants_age"), "[âge minimum, âge maximum] attendu"),
    };
    let waiting_since = match obj.get("waiting_since") {
        None | Some(Value::Null) => as_of,
        v => date(v, &at("waiting_since"))?,
    };
    Ok(Beneficiary {
        profile,
        wants_gender: gender(obj.get("wants_gender"), &at("wants_gender"))?,
        wants_age,
        waiting_since,
        shares,
        other_commune: flag(obj, path, "other_commune")?,
        needs_transport: flag(obj, path, "needs_transport")?,
    })
}

fn volunteer(obj: &Map<String, Value>, path: &str, profile: Profile, learns: Vec<u32>) -> Parsed<Volunteer> {
    let radius_km = match obj.get("radius_km").and_then(Value::as_f64) {
        Some(r) if r.is_finite() && r >= 0.0 => r,
        _ => {
            return err(
                &format!("{path}.radius_km"),
                "un nombre de kilomètres positif ou nul est attendu",
            );
        }
    };
    let capacity = match obj.get("capacity").and_then(Value::as_u64) {
        Some(c) if c <= 1000 => c as u32,
        _ => return err(&format!("{path}.capacity"), "un entier entre 0 et 1000 est attendu"),
    };
    Ok(Volunteer {
        profile,
        radius_km,
        capacity,
        learns,
        has_car: flag(obj, path, "has_car")?,
    })
}

/// An optional true/false field, false when absent (instances written before it stay valid).
fn flag(obj: &Map<String, Value>, path: &str, key: &str) -> Parsed<bool> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        _ => err(&format!("{path}.{key}"), "true ou false attendu"),
    }
}

/// Each beneficiary's `avoid` list: the volunteers they asked not to meet. Like
/// `exclusions`, an id absent from the instance is ignored; a beneficiary's id is an error.
fn avoided(people: &[Value], bs: &[Beneficiary], vs: &[Volunteer]) -> Parsed<HashSet<(u32, u32)>> {
    let (b_index, v_index) = indexes(bs, vs);
    let mut out = HashSet::new();
    for (i, item) in people.iter().enumerate() {
        let path = format!("people[{i}].avoid");
        let Some(list) = item.get("avoid") else { continue };
        let is_beneficiary = item.get("role").and_then(Value::as_str) == Some("beneficiary");
        if !is_beneficiary && !list.is_null() {
            return err(
                &path,
                "seule une personne accompagnée peut nommer des bénévoles à éviter",
            );
        }
        let Some(&b) = item.get("id").and_then(Value::as_str).and_then(|id| b_index.get(id)) else {
            continue;
        };
        for (j, name) in strings(Some(list), &path, true)?.iter().enumerate() {
            if b_index.contains_key(name.as_str()) {
                return err(&format!("{path}[{j}]"), "l'identifiant d'un·e bénévole est attendu");
            }
            if let Some(&v) = v_index.get(name.as_str()) {
                out.insert((b, v));
            }
        }
    }
    Ok(out)
}

/// Pairs naming someone absent from the instance are ignored: an exported history may
/// mention people who are not candidates this round.
fn exclusions(v: Option<&Value>, bs: &[Beneficiary], vs: &[Volunteer]) -> Parsed<HashSet<(u32, u32)>> {
    let items = match v {
        None | Some(Value::Null) => return Ok(HashSet::new()),
        Some(Value::Array(items)) => items,
        _ => return err("exclusions", "une liste de paires d'identifiants est attendue"),
    };
    let (b_index, v_index) = indexes(bs, vs);
    let mut out = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let pair = match item.as_array().map(|a| a.as_slice()) {
            Some([Value::String(x), Value::String(y)]) => (x.as_str(), y.as_str()),
            _ => return err(&format!("exclusions[{i}]"), "une paire [\"id\", \"id\"] est attendue"),
        };
        for (x, y) in [pair, (pair.1, pair.0)] {
            if let (Some(&b), Some(&v)) = (b_index.get(x), v_index.get(y)) {
                out.insert((b, v));
            }
        }
    }
    Ok(out)
}

type Index<'a> = HashMap<&'a str, u32>;

/// Each side's ids to their position in the sorted instance.
fn indexes<'a>(bs: &'a [Beneficiary], vs: &'a [Volunteer]) -> (Index<'a>, Index<'a>) {
    let b = bs.iter().enumerate().map(|(i, b)| (b.profile.id.as_str(), i as u32));
    let v = vs.iter().enumerate().map(|(i, v)| (v.profile.id.as_str(), i as u32));
    (b.collect(), v.collect())
}
