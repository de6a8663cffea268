//! Small random instances built directly, and an independent reading of SPEC to check the
//! engine against: feasibility, score and a brute-force optimum.

use binome::domain::commune::distance_km;
use binome::matching::{Beneficiary, Centroid, Format, Gender, Instance, Mode, Place, Profile, Volunteer, Weights};
use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet};

pub struct Shape {
    pub beneficiaries: usize,
    pub volunteers: usize,
    pub max_capacity: u32,
    /// Side of the square where people live, in degrees.
    pub spread: f64,
    /// How often a beneficiary asks for another commune or has no transport (0 = never, as
    /// before those rules); a quarter of it, how often they name a volunteer to avoid.
    pub discretion: f64,
}

fn profile(rng: &mut StdRng, id: String, spread: f64, shared: &[Centroid]) -> Profile {
    // Shared centroids are communes 0, 1, 2; the others fall in communes 3 to 5, so that
    // « pas ma commune » often matters. No extra draw: without discretion, the same seed
    // gives the same instance as before those rules.
    let (centroid, commune) = match rng.random_range(0..20) {
        0 => (None, 3),
        1..=4 if !shared.is_empty() => {
            let k = rng.random_range(0..shared.len());
            (Some(shared[k]), k as u32)
        }
        _ => {
            let c = Centroid {
                lat: 45.0 + rng.random::<f64>() * spread,
                lon: 2.0 + rng.random::<f64>() * spread,
            };
            (Some(c), 3 + (c.lat * 1e4) as u32 % 3)
        }
    };
    let mut formats = vec![Format::Public, Format::Home, Format::Phone];
    formats.retain(|_| rng.random_bool(0.6));
    if formats.is_empty() {
        formats.push(Format::Phone);
    }
    for i in (1..formats.len()).rev() {
        formats.swap(i, rng.random_range(0..=i));
    }
    let mut interests: Vec<u32> = (0..5).filter(|_| rng.random_bool(0.35)).collect();
    interests.sort_unstable();
    Profile {
        id,
        place: Place {
            centroid,
            departement: rng.random_range(0..2),
            commune,
        },
        slots: rng.random_range(0..16) << rng.random_range(0..18),
        interests,
        languages: rng.random_range(1..4),
        formats,
        gender: [Some(Gender::Female), Some(Gender::Male), None][rng.random_range(0..3)],
        birth_year: rng.random_bool(0.8).then(|| rng.random_range(1940..2005)),
    }
}

pub fn instance(seed: u64, shape: &Shape) -> Instance {
    let mut rng = StdRng::seed_from_u64(seed);
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let shared: Vec<Centroid> = (0..3)
        .map(|_| Centroid {
            lat: 45.0 + rng.random::<f64>() * shape.spread,
            lon: 2.0 + rng.random::<f64>() * shape.spread,
        })
        .collect();
    let beneficiaries: Vec<Beneficiary> = (0..shape.beneficiaries)
        .map(|i| Beneficiary {
            profile: profile(&mut rng, format!("b{i:04}"), shape.spread, &shared),
            wants_gender: rng.random_bool(0.2).then_some(Gender::Female),
            wants_age: rng.random_bool(0.2).then_some((30, 60)),
            waiting_since: as_of - Duration::days(rng.random_range(-5..200)),
            shares: Vec::new(),
            other_commune: shape.discretion > 0.0 && rng.random_bool(shape.discretion),
            needs_transport: shape.discretion > 0.0 && rng.random_bool(shape.discretion),
        })
        .collect();
    let volunteers: Vec<Volunteer> = (0..shape.volunteers)
        .map(|i| Volunteer {
            profile: profile(&mut rng, format!("v{i:04}"), shape.spread, &shared),
            radius_km: if rng.random_bool(0.1) {
                0.0
            } else {
                rng.random_range(0.0..30.0)
            },
            capacity: rng.random_range(0..=shape.max_capacity),
            learns: Vec::new(),
            has_car: shape.discretion > 0.0 && rng.random_bool(0.5),
        })
        .collect();
    let (mut exclusions, mut avoided) = (HashSet::new(), HashSet::new());
    for b in 0..shape.beneficiaries as u32 {
        for v in 0..shape.volunteers as u32 {
            if rng.random_bool(0.05) {
                exclusions.insert((b, v));
            }
            if shape.discretion > 0.0 && rng.random_bool(shape.discretion / 4.0) {
                avoided.insert((b, v));
            }
        }
    }
    let (beneficiaries, volunteers) = with_topics(seed, beneficiaries, volunteers);
    // As `parse_instance` builds it: the named people are excluded too.
    exclusions.extend(avoided.iter().copied());
    Instance {
        as_of,
        weights: Weights::default(),
        beneficiaries,
        volunteers,
        exclusions,
        avoided,
        interest_names: ["lecture", "marche", "cuisine", "musique", "jardinage"]
            .map(String::from)
            .to_vec(),
        topic_names: ["jardin", "cuisine", "histoire", "musique"].map(String::from).to_vec(),
        language_codes: vec!["fr".into(), "en".into()],
        departements: vec!["15".into(), "19".into()],
        communes: (0..6).map(|c| format!("1500{c}")).collect(),
    }
}

/// What people share and would discover, drawn from a second generator so that every other
/// draw (and so every instance without these fields) stays what it was.
fn with_topics(seed: u64, mut bs: Vec<Beneficiary>, mut vs: Vec<Volunteer>) -> (Vec<Beneficiary>, Vec<Volunteer>) {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x7069_6373);
    let draw = |rng: &mut StdRng| -> Vec<u32> { (0..4).filter(|_| rng.random_bool(0.35)).collect() };
    for b in &mut bs {
        b.shares = draw(&mut rng);
    }
    for v in &mut vs {
        v.learns = draw(&mut rng);
    }
    (bs, vs)
}

fn mask(formats: &[Format]) -> u8 {
    formats
        .iter()
        .map(|f| match f {
            Format::Public => 1,
            Format::Home => 2,
            Format::Phone => 4,
        })
        .fold(0, |a, b| a | b)
}

/// SPEC, read again from scratch: the mode and score of (b, v), or `None` when infeasible.
pub fn reference(inst: &Instance, b: usize, v: usize) -> Option<(Mode, f64)> {
    let (ben, vol) = (&inst.beneficiaries[b], &inst.volunteers[v]);
    let (pb, pv) = (&ben.profile, &vol.profile);
    let common = mask(&pb.formats) & mask(&pv.formats);
    let d = pb.place.centroid.zip(pv.place.centroid).map(|(x, y)| distance_km(x, y));
    // Without transport, a public place only with a volunteer who has a car.
    let usable = if ben.needs_transport && !vol.has_car {
        common & 2
    } else {
        common & 3
    };
    let in_person = usable != 0 && d.is_some_and(|d| d <= vol.radius_km);
    let mode = if in_person {
        Mode::InPerson
    } else if common & 4 != 0 && pb.place.departement == pv.place.departement {
        Mode::Phone
    } else {
        return None;
    };
    if pb.slots & pv.slots == 0 || pb.languages & pv.languages == 0 {
        return None;
    }
    if ben.wants_gender.is_some() && pv.gender != ben.wants_gender {
        return None;
    }
    if let Some((lo, hi)) = ben.wants_age {
        let age = pv.birth_year.map(|y| inst.as_of.year() - y)?;
        if age < lo || age > hi {
            return None;
        }
    }
    if inst.exclusions.contains(&(b as u32, v as u32)) || inst.avoided.contains(&(b as u32, v as u32)) {
        return None;
    }
    if ben.other_commune && pb.place.commune == pv.place.commune {
        return None;
    }
    let w = inst.weights;
    let proximity = match mode {
        Mode::Phone => w.proximity / 2.0,
        Mode::InPerson if vol.radius_km == 0.0 => w.proximity,
        Mode::InPerson => w.proximity * (1.0 - d.unwrap() / vol.radius_km),
    };
    let s = (pb.slots & pv.slots).count_ones().min(3) as f64;
    let shared = pb.interests.iter().filter(|i| pv.interests.contains(i)).count() as f64;
    let smaller = pb.interests.len().min(pv.interests.len()).max(1) as f64;
    let same_first = pb.formats[0] == pv.formats[0];
    let first_in_person = pb.formats[0] != Format::Phone;
    let format = if same_first && (!first_in_person || in_person) {
        w.format
    } else {
        0.0
    };
    let days = (inst.as_of - ben.waiting_since).num_days().clamp(0, 90) as f64;
    let met = ben.shares.iter().filter(|t| vol.learns.contains(t)).count() as f64;
    let fewer = ben.shares.len().min(vol.learns.len()).max(1) as f64;
    let score = proximity
        + w.availability * s / 3.0
        + w.interests * shared / smaller
        + format
        + w.waiting * days / 90.0
        + w.reciprocity * met / fewer;
    Some((mode, score))
}

pub fn scaled(score: f64) -> i64 {
    (score * 1e6).round() as i64
}

/// The best (pairs, Σ scaled scores) by exhaustive search over every assignment, memoised on
/// (next beneficiary, remaining capacities).
pub fn brute_force(inst: &Instance) -> (usize, i64) {
    let options: Vec<Vec<(usize, i64)>> = (0..inst.beneficiaries.len())
        .map(|b| {
            (0..inst.volunteers.len())
                .filter_map(|v| reference(inst, b, v).map(|(_, s)| (v, scaled(s))))
                .collect()
        })
        .collect();
    let caps: Vec<u32> = inst.volunteers.iter().map(|v| v.capacity).collect();
    let mut memo = HashMap::new();
    best(&options, 0, caps, &mut memo)
}

fn best(
    options: &[Vec<(usize, i64)>],
    b: usize,
    caps: Vec<u32>,
    memo: &mut HashMap<(usize, Vec<u32>), (usize, i64)>,
) -> (usize, i64) {
    if b == options.len() {
        return (0, 0);
    }
    if let Some(&r) = memo.get(&(b, caps.clone())) {
        return r;
    }
    let mut result = best(options, b + 1, caps.clone(), memo);
    for &(v, s) in &options[b] {
        if caps[v] > 0 {
            let mut rest = caps.clone();
            rest[v] -= 1;
            let (n, total) = best(options, b + 1, rest, memo);
            result = result.max((n + 1, total + s));
        }
    }
    memo.insert((b, caps), result);
    result
}
