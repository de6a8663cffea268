//! Realistic synthetic instances on the real communes, for benchmarks and for comparing with
//! other solvers: the output is an INSTANCE.json value, exactly what `binome match` reads.
//!
//! People are placed in communes drawn with weight population^0.75: towns get more people
//! than villages, but less than in proportion — isolation programmes recruit relatively more
//! in rural areas, and a whole city shares one centroid, so proportional draws would pile
//! thousands of people on the Paris centroid alone. Volunteers in towns travel less (5–12 km)
//! than in the countryside (10–30 km).

use super::communes::Table;
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

pub const INTERESTS: [&str; 16] = [
    "lecture",
    "marche",
    "jardinage",
    "cuisine",
    "musique",
    "jeux de société",
    "cinéma",
    "tricot",
    "histoire locale",
    "photographie",
    "belote",
    "chant",
    "informatique",
    "animaux",
    "gym douce",
    "actualité",
];

struct Places {
    codes: Vec<String>,
    urban: Vec<bool>,
    cumulative: Vec<f64>,
}

impl Places {
    /// The communes people may live in: all of them, or those of the given départements.
    fn new(communes: &Table, departements: Option<&[&str]>) -> Self {
        let (mut codes, mut urban, mut cumulative) = (Vec::new(), Vec::new(), Vec::new());
        let mut total = 0.0;
        let wanted = |d: &str| departements.is_none_or(|list| list.contains(&d));
        for c in communes
            .all()
            .iter()
            .filter(|c| c.centroid.is_some() && c.population > 0 && wanted(&c.departement))
        {
            total += (c.population as f64).powf(0.75);
            codes.push(c.code.clone());
            urban.push(c.population >= 20_000);
            cumulative.push(total);
        }
        Self {
            codes,
            urban,
            cumulative,
        }
    }

    fn draw(&self, rng: &mut StdRng) -> usize {
        let x = rng.random::<f64>() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative
            .partition_point(|&c| c < x)
            .min(self.codes.len().saturating_sub(1))
    }
}

/// The Île-de-France départements, for the dense preset.
pub const ILE_DE_FRANCE: [&str; 8] = ["75", "77", "78", "91", "92", "93", "94", "95"];

/// A benchmark instance: `n` people on each side across France, or the dense Île-de-France
/// one (8,000 people waiting, 6,000 volunteers, in its eight départements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    France(usize),
    IleDeFrance,
}

impl Size {
    pub fn beneficiaries(self) -> usize {
        match self {
            Size::France(n) => n,
            Size::IleDeFrance => 8_000,
        }
    }

    pub fn volunteers(self) -> usize {
        match self {
            Size::France(n) => n,
            Size::IleDeFrance => 6_000,
        }
    }

    /// The name of its file and of its line in the benchmark: `100000`, `idf`.
    pub fn name(self) -> String {
        match self {
            Size::France(n) => n.to_string(),
            Size::IleDeFrance => "idf".to_string(),
        }
    }
}

impl std::str::FromStr for Size {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        match raw.trim() {
            "idf" => Ok(Size::IleDeFrance),
            n => n
                .parse()
                .map(Size::France)
                .map_err(|_| format!("« {n} » : indiquez un nombre de personnes ou « idf »")),
        }
    }
}

/// An instance with `n` beneficiaries and `n` volunteers, the same for the same seed.
pub fn instance(communes: &Table, n: usize, seed: u64, as_of: NaiveDate) -> Value {
    instance_of(communes, Size::France(n), seed, as_of)
}

/// The instance of a [`Size`], the same for the same seed.
pub fn instance_of(communes: &Table, size: Size, seed: u64, as_of: NaiveDate) -> Value {
    let places = Places::new(communes, (size == Size::IleDeFrance).then_some(&ILE_DE_FRANCE[..]));
    let (nb, nv) = (size.beneficiaries(), size.volunteers());
    let mut rng = StdRng::seed_from_u64(seed);
    let mut people = Vec::with_capacity(nb + nv);
    for i in 0..nb {
        people.push(person(&places, &mut rng, i, false, as_of));
    }
    for i in 0..nv {
        people.push(person(&places, &mut rng, i, true, as_of));
    }
    let exclusions: Vec<Value> = (0..nb / 200)
        .map(|_| {
            json!([
                format!("b{}", rng.random_range(0..nb)),
                format!("v{}", rng.random_range(0..nv))
            ])
        })
        .collect();
    json!({"as_of": as_of.to_string(), "people": people, "exclusions": exclusions})
}

fn person(places: &Places, rng: &mut StdRng, i: usize, volunteer: bool, as_of: NaiveDate) -> Value {
    let place = places.draw(rng);
    let mut p = json!({
        "id": format!("{}{i}", if volunteer { "v" } else { "b" }),
        "role": if volunteer { "volunteer" } else { "beneficiary" },
        "commune": places.codes[place],
        "slots": slots(rng, if volunteer { 2..=6 } else { 3..=9 }),
        "interests": interests(rng),
        "languages": languages(rng),
        "formats": formats(rng, volunteer),
    });
    let female = if volunteer { 0.70 } else { 0.75 };
    if rng.random::<f64>() < 0.97 {
        p["gender"] = json!(if rng.random::<f64>() < female { "f" } else { "m" });
    }
    let years = if volunteer { 1950..=2005 } else { 1928..=1962 };
    if rng.random::<f64>() < 0.9 {
        p["birth_year"] = json!(rng.random_range(years));
    }
    if volunteer {
        let radius = if places.urban[place] {
            rng.random_range(5..=12)
        } else {
            rng.random_range(10..=30)
        };
        p["radius_km"] = json!(radius);
        p["capacity"] = json!(match rng.random::<f64>() {
            x if x < 0.6 => 1,
            x if x < 0.9 => 2,
            _ => 3,
        });
    } else {
        if rng.random::<f64>() < 0.12 {
            p["wants_gender"] = json!("f");
        }
        if rng.random::<f64>() < 0.08 {
            p["wants_age"] = json!([25, 75]);
        }
        let waited = Duration::days(rng.random_range(0..=240));
        p["waiting_since"] = json!((as_of - waited).to_string());
    }
    p
}

/// A few moments of the week, mornings and afternoons more often than evenings.
fn slots(rng: &mut StdRng, count: std::ops::RangeInclusive<u32>) -> u32 {
    let wanted = rng.random_range(count);
    let mut bits = 0u32;
    while bits.count_ones() < wanted {
        let day = rng.random_range(0..7);
        let part = if rng.random::<f64>() < 0.15 {
            2
        } else {
            rng.random_range(0..2)
        };
        bits |= 1 << (day * 3 + part);
    }
    bits
}

fn interests(rng: &mut StdRng) -> Vec<&'static str> {
    let count = rng.random_range(1..=4);
    let mut out: Vec<&str> = Vec::new();
    while out.len() < count {
        let pick = INTERESTS[rng.random_range(0..INTERESTS.len())];
        if !out.contains(&pick) {
            out.push(pick);
        }
    }
    out
}

fn languages(rng: &mut StdRng) -> Vec<&'static str> {
    const OTHERS: [&str; 5] = ["en", "es", "pt", "ar", "it"];
    let other = OTHERS[rng.random_range(0..OTHERS.len())];
    match rng.random::<f64>() {
        x if x < 0.02 => vec![other],
        x if x < 0.12 => vec!["fr", other],
        _ => vec!["fr"],
    }
}

fn formats(rng: &mut StdRng, volunteer: bool) -> Vec<&'static str> {
    let accept = if volunteer {
        [0.85, 0.40, 0.30]
    } else {
        [0.70, 0.50, 0.25]
    };
    let mut out: Vec<&str> = ["public", "home", "phone"]
        .into_iter()
        .zip(accept)
        .filter(|(_, p)| rng.random::<f64>() < *p)
        .map(|(f, _)| f)
        .collect();
    if out.is_empty() {
        out.push("public");
    }
    // Preference order: a random permutation of the accepted formats.
    for i in (1..out.len()).rev() {
        out.swap(i, rng.random_range(0..=i));
    }
    out
}
