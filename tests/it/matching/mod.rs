//! The matching engine: SPEC arithmetic, optimality against brute force, certificates,
//! determinism, explanations and the `binome match` command.

mod cli;
mod discretion;
mod optimality;
mod parallel;
mod random;
mod reciprocity;
mod spec;

use binome::matching::communes::Table;
use binome::matching::{Instance, parse_instance};
use serde_json::{Value, json};
use std::sync::LazyLock;

/// Parsed once: every test reads the same shipped communes.
pub static COMMUNES: LazyLock<Table> = LazyLock::new(|| Table::shipped().expect("shipped communes parse"));

/// Mauriac (15); Le Vigean (15) is 3.96 km away; Soursac (19) 10.06 km, another département.
pub const MAURIAC: &str = "15120";
pub const LE_VIGEAN: &str = "15261";
pub const SOURSAC: &str = "19264";

pub fn beneficiary(id: &str, commune: &str) -> Value {
    json!({"id": id, "role": "beneficiary", "commune": commune, "slots": 3,
           "interests": ["lecture", "marche"], "languages": ["fr"], "formats": ["public", "phone"]})
}

pub fn volunteer(id: &str, commune: &str) -> Value {
    json!({"id": id, "role": "volunteer", "commune": commune, "slots": 1,
           "interests": ["marche"], "languages": ["fr"], "formats": ["public", "phone"],
           "gender": "f", "birth_year": 1985, "radius_km": 15, "capacity": 1})
}

pub fn instance(people: Vec<Value>) -> Value {
    json!({"as_of": "2026-11-24", "people": people})
}

pub fn parse(v: &Value) -> Instance {
    parse_instance(&v.to_string(), &COMMUNES).expect("valid instance")
}
