//! Unmet demand: the waiting people whom no available volunteer can reach, for the local
//! social watch and the recruiting posters.
//!
//! A beneficiary is **out of reach** when no volunteer of the instance who has a free place
//! (`capacity > 0`) could meet them by the SPEC's rules 1 and 2 (`feasibility::mode`): a
//! meeting format both accept, and then in person within the volunteer's radius of the
//! beneficiary's commune, or by telephone within the same département. The other rules (a
//! common slot, a common language, the person's preferences, past exclusions) are left out on
//! purpose: they say whom to propose, while this says where volunteers are missing — a person
//! a volunteer can reach but not suit is shown by « Personnes sans proposition », not here.

use super::{Index, Instance, feasibility};

/// The beneficiaries out of reach, ascending.
pub fn out_of_reach(inst: &Instance, index: &Index) -> Vec<u32> {
    (0..inst.beneficiaries.len() as u32)
        .filter(|&b| !reached(inst, index, b))
        .collect()
}

/// Whether some volunteer with a free place can meet `b` (rules 1 and 2). `Index::near` brings
/// every volunteer within the largest radius and every one of `b`'s département.
fn reached(inst: &Instance, index: &Index, b: u32) -> bool {
    let ben = &inst.beneficiaries[b as usize];
    index.near(inst, b).into_iter().any(|(v, distance_km)| {
        let vol = &inst.volunteers[v as usize];
        vol.capacity > 0 && feasibility::mode(ben, vol, distance_km).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::communes::Table;
    use crate::matching::parse_instance;
    use serde_json::{Value, json};
    use std::sync::LazyLock;

    static COMMUNES: LazyLock<Table> = LazyLock::new(|| Table::shipped().unwrap());
    /// Mauriac (15); Le Vigean 3.96 km away; Soursac (19) 10.06 km away, another département;
    /// Aurillac (15) about 33 km away.
    const MAURIAC: &str = "15120";
    const LE_VIGEAN: &str = "15261";
    const SOURSAC: &str = "19264";
    const AURILLAC: &str = "15014";

    fn person(id: &str, commune: &str, formats: &[&str]) -> Value {
        json!({"id": id, "role": "beneficiary", "commune": commune, "slots": 1,
               "interests": [], "languages": ["fr"], "formats": formats})
    }

    fn volunteer(id: &str, commune: &str, formats: &[&str], capacity: u32) -> Value {
        json!({"id": id, "role": "volunteer", "commune": commune, "slots": 1,
               "interests": [], "languages": ["fr"], "formats": formats,
               "radius_km": 5, "capacity": capacity})
    }

    fn unmet(people: Vec<Value>) -> Vec<String> {
        let spec = json!({"as_of": "2026-11-24", "people": people});
        let inst = parse_instance(&spec.to_string(), &COMMUNES).unwrap();
        let index = Index::build(&inst);
        out_of_reach(&inst, &index)
            .into_iter()
            .map(|b| inst.beneficiaries[b as usize].profile.id.clone())
            .collect()
    }

    #[test]
    fn a_volunteer_within_their_radius_reaches_a_person() {
        let people = vec![
            person("b1", LE_VIGEAN, &["public"]),
            person("b2", AURILLAC, &["public"]),
            volunteer("v1", MAURIAC, &["public"], 1),
        ];
        assert_eq!(unmet(people), ["b2"], "3.96 km is within 5 km, 33 km is not");
    }

    #[test]
    fn the_telephone_reaches_the_whole_departement_and_no_further() {
        let people = vec![
            person("b1", AURILLAC, &["phone"]),
            person("b2", SOURSAC, &["phone"]),
            volunteer("v1", MAURIAC, &["phone"], 1),
        ];
        assert_eq!(unmet(people), ["b2"], "Soursac is in Corrèze");
    }

    #[test]
    fn a_full_volunteer_or_no_common_format_reaches_nobody() {
        let full = vec![
            person("b1", MAURIAC, &["public"]),
            volunteer("v1", MAURIAC, &["public"], 0),
        ];
        assert_eq!(unmet(full), ["b1"]);
        let other_format = vec![
            person("b1", MAURIAC, &["home"]),
            volunteer("v1", MAURIAC, &["public", "phone"], 1),
        ];
        assert_eq!(unmet(other_format), ["b1"]);
    }

    #[test]
    fn slots_and_languages_do_not_make_a_person_out_of_reach() {
        let mut v = volunteer("v1", MAURIAC, &["public"], 1);
        v["slots"] = json!(2);
        v["languages"] = json!(["oc"]);
        assert!(unmet(vec![person("b1", MAURIAC, &["public"]), v]).is_empty());
    }
}
