//! Discretion and transport (SPEC rules 2, 6 and 7): hard constraints of the round, checked
//! against exhaustive search, explained to the coordinator, and instances written before
//! them still read and solve the same.

use super::random::{Shape, brute_force, instance, scaled};
use super::{COMMUNES, LE_VIGEAN, MAURIAC, beneficiary, parse, volunteer};
use binome::matching::certificate::verify_certificate;
use binome::matching::why_not::why_not;
use binome::matching::{self, Format, Index, Instance, Mode, Round, explain, generate, parse_instance};
use proptest::prelude::*;
use serde_json::{Value, json};

fn solve(inst: &Instance) -> Round {
    matching::round(inst, &mut || 0.0)
}

fn objective(round: &Round) -> (usize, i64) {
    let pairs = round.pairs();
    (pairs.len(), pairs.iter().map(|p| scaled(p.score)).sum())
}

/// The rules a pair of the round breaks, in words (empty when none).
fn broken(inst: &Instance, p: &matching::Pair) -> Vec<&'static str> {
    let (ben, vol) = (
        &inst.beneficiaries[p.beneficiary as usize],
        &inst.volunteers[p.volunteer as usize],
    );
    let mut out = Vec::new();
    if ben.other_commune && ben.profile.place.commune == vol.profile.place.commune {
        out.push("même commune");
    }
    if inst.avoided.contains(&(p.beneficiary, p.volunteer)) {
        out.push("personne à éviter");
    }
    if ben.needs_transport && !vol.has_car && p.mode == Mode::InPerson {
        let both_home = ben.profile.formats.contains(&Format::Home) && vol.profile.formats.contains(&Format::Home);
        let d = matching::top::distance_between(inst, p.beneficiary, p.volunteer);
        let said = explain::reasons(inst, p.beneficiary, p.volunteer, p.mode, d);
        if !both_home || said.iter().any(|r| r.contains("lieu public")) {
            out.push("lieu public sans voiture");
        }
    }
    out
}

fn small(seed: u64, nb: usize, nv: usize, max_capacity: u32) -> Instance {
    instance(
        seed,
        &Shape {
            beneficiaries: nb,
            volunteers: nv,
            max_capacity,
            spread: 0.2,
            discretion: 0.5,
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn discretion_and_transport_are_never_broken_and_the_round_stays_optimal(
        seed in any::<u64>(),
        nb in 0usize..=7,
        nv in 0usize..=5,
        max_capacity in 0u32..=3,
    ) {
        let inst = small(seed, nb, nv, max_capacity);
        let round = solve(&inst);
        for p in round.pairs() {
            prop_assert_eq!(broken(&inst, &p), Vec::<&str>::new(), "pair {:?}", p);
        }
        prop_assert_eq!(objective(&round), brute_force(&inst));
        prop_assert_eq!(verify_certificate(&round.graph, &inst, &round.solution), Ok(()));
    }
}

/// Without the rules, the same random instances would break them: the property above is
/// tested on instances where the rules decide something.
#[test]
fn the_random_instances_would_break_the_rules_without_them() {
    let mut would_break = [0usize; 3];
    for seed in 0..400 {
        let inst = small(seed, 7, 5, 2);
        let mut relaxed = inst.clone();
        relaxed.exclusions.retain(|pair| !inst.avoided.contains(pair));
        let avoided = std::mem::take(&mut relaxed.avoided);
        for b in &mut relaxed.beneficiaries {
            b.other_commune = false;
            b.needs_transport = false;
        }
        for p in solve(&relaxed).pairs() {
            let (ben, vol) = (
                &inst.beneficiaries[p.beneficiary as usize],
                &inst.volunteers[p.volunteer as usize],
            );
            let formats_in_person = p.mode == Mode::InPerson;
            would_break[0] += usize::from(ben.other_commune && ben.profile.place.commune == vol.profile.place.commune);
            would_break[1] += usize::from(avoided.contains(&(p.beneficiary, p.volunteer)));
            would_break[2] += usize::from(
                ben.needs_transport
                    && !vol.has_car
                    && formats_in_person
                    && !(ben.profile.formats.contains(&Format::Home) && vol.profile.formats.contains(&Format::Home)),
            );
        }
    }
    assert!(would_break.iter().all(|&n| n >= 20), "{would_break:?}");
}

#[test]
fn medium_rounds_with_discretion_keep_a_valid_certificate() {
    for seed in 0..4 {
        let inst = instance(
            seed,
            &Shape {
                beneficiaries: 250,
                volunteers: 180,
                max_capacity: 3,
                spread: 0.6,
                discretion: 0.4,
            },
        );
        let round = solve(&inst);
        assert!(round.pairs().len() > 50, "{} pairs", round.pairs().len());
        for p in round.pairs() {
            assert_eq!(broken(&inst, &p), Vec::<&str>::new(), "pair {p:?}");
        }
        assert_eq!(verify_certificate(&round.graph, &inst, &round.solution), Ok(()));
    }
}

/// Adds the new fields at their default values to every person of an instance.
fn with_explicit_defaults(mut json: Value) -> Value {
    for p in json["people"].as_array_mut().unwrap() {
        if p["role"] == "beneficiary" {
            p["other_commune"] = json!(false);
            p["needs_transport"] = json!(false);
            p["avoid"] = json!([]);
        } else {
            p["has_car"] = json!(false);
        }
    }
    json
}

#[test]
fn an_instance_written_before_discretion_reads_and_solves_the_same() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    // The generator writes the format as it was: none of the new fields.
    let old = generate::instance(&COMMUNES, 600, 5, as_of);
    let text = old.to_string();
    for field in ["other_commune", "needs_transport", "avoid", "has_car"] {
        assert!(!text.contains(field), "{field}");
    }
    let (before, explicit) = (parse(&old), parse(&with_explicit_defaults(old)));
    assert_eq!(before, explicit);
    let (r1, r2) = (solve(&before), solve(&explicit));
    assert_eq!(r1.graph, r2.graph);
    assert_eq!(r1.solution, r2.solution);
    assert!(r1.pairs().len() > 200);
    assert_eq!(verify_certificate(&r1.graph, &before, &r1.solution), Ok(()));
}

#[test]
fn an_old_hand_written_instance_keeps_its_result() {
    // As written in the first version of the SPEC: Mauriac with a volunteer in Mauriac.
    let text = r#"{"as_of": "2026-11-24", "people": [
        {"id": "b1", "role": "beneficiary", "commune": "15120", "slots": 3,
         "interests": ["lecture", "marche"], "languages": ["fr"], "formats": ["public", "phone"]},
        {"id": "v1", "role": "volunteer", "commune": "15120", "slots": 1, "interests": ["marche"],
         "languages": ["fr"], "formats": ["public"], "radius_km": 15, "capacity": 1}],
        "exclusions": []}"#;
    let inst = parse_instance(text, &COMMUNES).expect("an old instance is still valid");
    let pairs = solve(&inst).pairs();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].mode, Mode::InPerson);
    // 30 proximity at 0 km + 25/3 one slot + 25 interests + 10 same first format.
    assert!((pairs[0].score - (30.0 + 25.0 / 3.0 + 25.0 + 10.0)).abs() < 1e-9);
}

fn one_pair(b: Value, v: Value) -> (Instance, Option<(Mode, f64)>) {
    let inst = parse(&json!({"as_of": "2026-11-24", "people": [b, v]}));
    let graph = matching::candidates::generate(&inst, &Index::build(&inst));
    let found = graph.edges.first().map(|e| (e.mode, e.score));
    (inst, found)
}

fn set(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

#[test]
fn a_person_asking_for_another_commune_is_not_paired_in_her_commune_and_the_coordinator_is_told_why() {
    let b = set(beneficiary("b", MAURIAC), "other_commune", json!(true));
    let (inst, found) = one_pair(b.clone(), volunteer("v", MAURIAC));
    assert_eq!(found, None);
    let why = why_not(&inst, &Index::build(&inst), 0);
    assert!(
        why.reason.starts_with("ne souhaite pas un·e bénévole de sa commune"),
        "{}",
        why.reason
    );
    assert!(
        why.reason
            .contains("1 bénévole(s) conviendrai(en)t sans cette condition")
    );
    // Le Vigean, 4 km away, is another commune: fine.
    assert_eq!(
        one_pair(b, volunteer("v", LE_VIGEAN)).1.map(|f| f.0),
        Some(Mode::InPerson)
    );
}

#[test]
fn a_named_volunteer_is_never_proposed_and_only_the_coordinator_reads_why() {
    let b = set(beneficiary("b", MAURIAC), "avoid", json!(["v"]));
    let (inst, found) = one_pair(b, volunteer("v", LE_VIGEAN));
    assert_eq!(found, None);
    let why = why_not(&inst, &Index::build(&inst), 0);
    assert!(
        why.reason.starts_with("a demandé à ne pas rencontrer cette personne"),
        "{}",
        why.reason
    );
    // Naming someone else changes nothing for this volunteer.
    let other = set(beneficiary("b", MAURIAC), "avoid", json!(["v2"]));
    assert!(one_pair(other, volunteer("v", LE_VIGEAN)).1.is_some());
}

#[test]
fn without_transport_a_public_place_needs_a_volunteer_with_a_car() {
    let b = set(beneficiary("b", MAURIAC), "needs_transport", json!(true));
    let public_only = set(volunteer("v", LE_VIGEAN), "formats", json!(["public"]));
    let (inst, found) = one_pair(b.clone(), public_only.clone());
    assert_eq!(found, None);
    let why = why_not(&inst, &Index::build(&inst), 0);
    assert!(
        why.reason.starts_with("n'a pas de moyen de transport"),
        "{}",
        why.reason
    );
    // With a car, the volunteer can take her there.
    let driver = set(public_only, "has_car", json!(true));
    assert_eq!(one_pair(b.clone(), driver).1.map(|f| f.0), Some(Mode::InPerson));
    // Accepting the telephone, they are paired by telephone.
    let (_, by_phone) = one_pair(b.clone(), volunteer("v", LE_VIGEAN));
    assert_eq!(by_phone.map(|f| f.0), Some(Mode::Phone));
    // A home visit both accept: in person, and the reasons say so.
    let b_home = set(b, "formats", json!(["public", "home"]));
    let v_home = set(volunteer("v", LE_VIGEAN), "formats", json!(["public", "home"]));
    let (inst, found) = one_pair(b_home, v_home);
    assert_eq!(found.map(|f| f.0), Some(Mode::InPerson));
    let said = explain::reasons(&inst, 0, 0, Mode::InPerson, Some(3.96));
    assert!(said.iter().any(|r| r == "visite à domicile"), "{said:?}");
    assert!(!said.iter().any(|r| r.contains("lieu public")), "{said:?}");
}

#[test]
fn bad_discretion_fields_are_named_by_their_path() {
    let cases = [
        (
            set(beneficiary("b", MAURIAC), "other_commune", json!("oui")),
            "people[0].other_commune",
        ),
        (
            set(beneficiary("b", MAURIAC), "needs_transport", json!(1)),
            "people[0].needs_transport",
        ),
        (set(beneficiary("b", MAURIAC), "avoid", json!("v")), "people[0].avoid"),
        (
            set(beneficiary("b", MAURIAC), "avoid", json!(["b"])),
            "people[0].avoid[0]",
        ),
    ];
    for (b, path) in cases {
        let text = json!({"as_of": "2026-11-24", "people": [b, volunteer("v", MAURIAC)]}).to_string();
        let e = parse_instance(&text, &COMMUNES).expect_err(path);
        assert_eq!(e.path, path);
    }
    let v = set(volunteer("v", MAURIAC), "has_car", json!("oui"));
    let text = json!({"as_of": "2026-11-24", "people": [beneficiary("b", MAURIAC), v]}).to_string();
    assert_eq!(
        parse_instance(&text, &COMMUNES).expect_err("has_car").path,
        "people[1].has_car"
    );
}
