//! SPEC's arithmetic and rules on hand-computed examples, and the words that explain them.

use super::{COMMUNES, LE_VIGEAN, MAURIAC, SOURSAC, beneficiary, instance, parse, volunteer};
use binome::matching::explain::french_km;
use binome::matching::why_not::why_not;
use binome::matching::{self, Index, Mode, parse_instance};
use serde_json::{Value, json};

/// Distance Mauriac – Le Vigean, haversine with R = 6371.0088 km.
const MAURIAC_VIGEAN_KM: f64 = 3.9627149414984637;

fn set(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

/// The mode and score of the only pair of a one-beneficiary, one-volunteer instance.
fn pair(b: Value, v: Value) -> Option<(Mode, f64)> {
    let inst = parse(&instance(vec![b, v]));
    let graph = matching::candidates::generate(&inst, &Index::build(&inst));
    graph.edges.first().map(|e| (e.mode, e.score))
}

fn assert_score(found: Option<(Mode, f64)>, mode: Mode, expected: f64) {
    let (m, s) = found.expect("a feasible pair");
    assert_eq!(m, mode);
    assert!((s - expected).abs() < 1e-6, "score {s}, expected {expected}");
}

#[test]
fn radius_zero_allows_in_person_only_in_the_same_commune_with_full_proximity() {
    let v = set(volunteer("v", MAURIAC), "radius_km", json!(0));
    // 30 proximity + 25·1/3 one common slot + 25·1/1 interests + 10 same first format.
    assert_score(
        pair(beneficiary("b", MAURIAC), v.clone()),
        Mode::InPerson,
        30.0 + 25.0 / 3.0 + 25.0 + 10.0,
    );
    let far = set(v, "commune", json!(LE_VIGEAN));
    // Out of reach: a telephone pair, half proximity, no bonus for a first format of
    // "public" that cannot happen.
    assert_score(
        pair(beneficiary("b", MAURIAC), far),
        Mode::Phone,
        15.0 + 25.0 / 3.0 + 25.0,
    );
}

#[test]
fn proximity_falls_linearly_with_distance_within_the_radius() {
    let expected = 30.0 * (1.0 - MAURIAC_VIGEAN_KM / 15.0) + 25.0 / 3.0 + 25.0 + 10.0;
    assert_score(
        pair(beneficiary("b", MAURIAC), volunteer("v", LE_VIGEAN)),
        Mode::InPerson,
        expected,
    );
}

#[test]
fn a_telephone_first_format_earns_its_bonus_even_in_person() {
    let b = set(beneficiary("b", MAURIAC), "formats", json!(["phone", "public"]));
    let v = set(
        set(volunteer("v", LE_VIGEAN), "formats", json!(["phone", "home"])),
        "radius_km",
        json!(1),
    );
    // No common in-person format within 1 km: telephone, same département, bonus kept.
    assert_score(pair(b.clone(), v.clone()), Mode::Phone, 15.0 + 25.0 / 3.0 + 25.0 + 10.0);
    let near = set(v, "formats", json!(["phone", "public"]));
    let near = set(near, "radius_km", json!(5));
    let expected = 30.0 * (1.0 - MAURIAC_VIGEAN_KM / 5.0) + 25.0 / 3.0 + 25.0 + 10.0;
    assert_score(pair(b, near), Mode::InPerson, expected);
}

#[test]
fn telephone_pairs_stay_within_the_departement() {
    let v = set(volunteer("v", SOURSAC), "radius_km", json!(5));
    assert_eq!(pair(beneficiary("b", MAURIAC), v.clone()), None);
    // Soursac is 10.06 km away: within a 15 km radius, in person across the border is fine.
    assert_eq!(
        pair(beneficiary("b", MAURIAC), set(v, "radius_km", json!(15))).map(|p| p.0),
        Some(Mode::InPerson)
    );
}

#[test]
fn waiting_counts_up_to_ninety_days() {
    let base = 30.0 * (1.0 - MAURIAC_VIGEAN_KM / 15.0) + 25.0 / 3.0 + 25.0 + 10.0;
    let b = |since: &str| set(beneficiary("b", MAURIAC), "waiting_since", json!(since));
    assert_score(
        pair(b("2026-10-10"), volunteer("v", LE_VIGEAN)),
        Mode::InPerson,
        base + 10.0 * 45.0 / 90.0,
    );
    assert_score(
        pair(b("2026-01-01"), volunteer("v", LE_VIGEAN)),
        Mode::InPerson,
        base + 10.0,
    );
    assert_score(pair(b("2026-12-25"), volunteer("v", LE_VIGEAN)), Mode::InPerson, base);
}

#[test]
fn preferences_fail_when_the_volunteer_does_not_say() {
    let wants_f = set(beneficiary("b", MAURIAC), "wants_gender", json!("f"));
    assert!(pair(wants_f.clone(), volunteer("v", LE_VIGEAN)).is_some());
    let mut no_gender = volunteer("v", LE_VIGEAN);
    no_gender.as_object_mut().unwrap().remove("gender");
    assert_eq!(pair(wants_f.clone(), no_gender), None);
    assert_eq!(
        pair(wants_f, set(volunteer("v", LE_VIGEAN), "gender", json!("m"))),
        None
    );

    let wants_age = set(beneficiary("b", MAURIAC), "wants_age", json!([30, 50]));
    assert!(
        pair(wants_age.clone(), volunteer("v", LE_VIGEAN)).is_some(),
        "41 years old"
    );
    let mut no_year = volunteer("v", LE_VIGEAN);
    no_year.as_object_mut().unwrap().remove("birth_year");
    assert_eq!(pair(wants_age.clone(), no_year), None);
    assert_eq!(
        pair(wants_age, set(volunteer("v", LE_VIGEAN), "birth_year", json!(1960))),
        None
    );
}

#[test]
fn slots_languages_and_exclusions_rule_pairs_out() {
    assert_eq!(
        pair(
            beneficiary("b", MAURIAC),
            set(volunteer("v", LE_VIGEAN), "slots", json!(4))
        ),
        None
    );
    assert_eq!(
        pair(
            beneficiary("b", MAURIAC),
            set(volunteer("v", LE_VIGEAN), "languages", json!(["en"]))
        ),
        None
    );
    let mut json = instance(vec![beneficiary("b", MAURIAC), volunteer("v", LE_VIGEAN)]);
    json["exclusions"] = json!([["v", "b"], ["b", "inconnu"]]);
    let inst = parse(&json);
    assert!(
        matching::candidates::generate(&inst, &Index::build(&inst))
            .edges
            .is_empty()
    );
}

#[test]
fn reasons_read_like_a_coordinator_speaks() {
    assert_eq!(french_km(4.23), "4,2 km");
    let b = set(
        set(beneficiary("b", MAURIAC), "slots", json!(528 | 1)),
        "waiting_since",
        json!("2026-08-01"),
    );
    let v = set(
        set(volunteer("v", LE_VIGEAN), "slots", json!(528)),
        "interests",
        json!(["marche", "lecture", "tricot"]),
    );
    let inst = parse(&instance(vec![b, v]));
    let index = Index::build(&inst);
    let top = matching::top_volunteers(&inst, &index, 0, 5);
    assert_eq!(top.len(), 1);
    let reasons = &top[0].reasons;
    assert!(
        !reasons.iter().any(|r| r.contains("même façon")),
        "the preferred way of meeting is said once: {reasons:?}"
    );
    for expected in [
        "2 centres d'intérêt en commun : lecture ; marche",
        "libres tous les deux : mardi après-midi, jeudi matin",
        "rencontre dans un lieu public, la façon préférée de tous les deux",
        "4,0 km",
        "en attente depuis 115 jours",
    ] {
        assert!(
            reasons.iter().any(|r| r == expected),
            "{expected:?} missing from {reasons:?}"
        );
    }
    let phone = set(
        set(volunteer("v", SOURSAC), "formats", json!(["phone"])),
        "commune",
        json!("15054"),
    );
    let inst = parse(&instance(vec![beneficiary("b", MAURIAC), phone]));
    let top = matching::top_volunteers(&inst, &Index::build(&inst), 0, 5);
    assert!(
        top[0].reasons.iter().any(|r| r.starts_with("par téléphone")),
        "{:?}",
        top[0].reasons
    );
}

#[test]
fn the_best_volunteers_for_one_person_come_best_first() {
    let people = vec![
        beneficiary("b", MAURIAC),
        set(volunteer("v-far", LE_VIGEAN), "radius_km", json!(30)),
        volunteer("v-here", MAURIAC),
        set(volunteer("v-busy", MAURIAC), "capacity", json!(0)),
        set(volunteer("v-other", MAURIAC), "slots", json!(4)),
    ];
    let inst = parse(&instance(people));
    let top = matching::top_volunteers(&inst, &Index::build(&inst), 0, 2);
    let ids: Vec<&str> = top
        .iter()
        .map(|s| inst.volunteers[s.volunteer as usize].profile.id.as_str())
        .collect();
    assert_eq!(ids, ["v-busy", "v-here"], "equal scores: by id");
    assert!(top[0].score >= top[1].score);
}

#[test]
fn without_any_feasible_volunteer_the_binding_rule_is_named() {
    let mornings = (0..7).map(|d| 1 << (d * 3)).sum::<u32>();
    let b = set(
        set(beneficiary("b", MAURIAC), "slots", json!(mornings)),
        "formats",
        json!(["public"]),
    );
    let afternoons = set(volunteer("v", LE_VIGEAN), "slots", json!(mornings << 1));
    let inst = parse(&instance(vec![b.clone(), afternoons]));
    let w = why_not(&inst, &Index::build(&inst), 0);
    assert!(
        w.reason.starts_with("aucun·e bénévole à portée disponible le matin"),
        "{w:?}"
    );
    assert_eq!(w.suggestions, ["proposer d'autres moments de la semaine"]);

    let too_far = set(
        set(volunteer("v", SOURSAC), "radius_km", json!(5)),
        "slots",
        json!(mornings),
    );
    let inst = parse(&instance(vec![b, too_far]));
    let w = why_not(&inst, &Index::build(&inst), 0);
    assert!(w.reason.contains("assez proche (le plus proche : 10,1 km"), "{w:?}");
    assert!(w.suggestions.iter().any(|s| s.contains("élargir son rayon")), "{w:?}");
    assert!(
        w.suggestions.iter().any(|s| s == "proposer un binôme par téléphone"),
        "{w:?}"
    );
}

type Change = Box<dyn Fn(&mut Value)>;

#[test]
fn malformed_instances_name_the_first_offending_path() {
    let ok = || instance(vec![beneficiary("b", MAURIAC), volunteer("v", LE_VIGEAN)]);
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|j| j["people"][1]["slots"] = json!("lundi")),
            "people[1].slots",
        ),
        (
            Box::new(|j| j["people"][1]["slots"] = json!(1 << 21)),
            "people[1].slots",
        ),
        (
            Box::new(|j| j["people"][0]["commune"] = json!("99999")),
            "people[0].commune",
        ),
        (
            Box::new(|j| j["people"][0]["formats"] = json!(["public", "visio"])),
            "people[0].formats[1]",
        ),
        (Box::new(|j| j["people"][1]["id"] = json!("b")), "people[1].id"),
        (Box::new(|j| j["people"][1]["role"] = json!("admin")), "people[1].role"),
        (
            Box::new(|j| j["people"][1]["radius_km"] = json!(-3)),
            "people[1].radius_km",
        ),
        (
            Box::new(|j| j["people"][1]["capacity"] = json!(1.5)),
            "people[1].capacity",
        ),
        (
            Box::new(|j| j["people"][0]["wants_age"] = json!([80, 30])),
            "people[0].wants_age",
        ),
        (
            Box::new(|j| j["people"][0]["waiting_since"] = json!("hier")),
            "people[0].waiting_since",
        ),
        (Box::new(|j| j["weights"] = json!({"format": "dix"})), "weights.format"),
        (Box::new(|j| j["as_of"] = json!("24/11/2026")), "as_of"),
        (Box::new(|j| j["exclusions"] = json!([["b"]])), "exclusions[0]"),
        (Box::new(|j| j["people"] = json!({})), "people"),
    ];
    for (change, path) in cases {
        let mut json = ok();
        change(&mut json);
        let err = parse_instance(&json.to_string(), &COMMUNES).unwrap_err();
        assert_eq!(err.path, path, "{err}");
    }
    assert_eq!(parse_instance("{", &COMMUNES).unwrap_err().path, "instance");
}
