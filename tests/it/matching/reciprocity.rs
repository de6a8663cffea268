//! Donnant-donnant in the score (SPEC "Score of a feasible pair", reciprocity part): what the
//! person shares meets what the volunteer would discover; the new fields are optional and an
//! instance without them scores as before.

use super::random::{Shape, brute_force, instance as random_instance, reference, scaled};
use super::{MAURIAC, beneficiary, instance, parse, volunteer};
use binome::matching::certificate::verify_certificate;
use binome::matching::{self, Index, Instance, explain, top_volunteers};
use proptest::prelude::*;
use serde_json::{Value, json};

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

/// The score of the only pair of a one-beneficiary, one-volunteer instance value.
fn score_of(inst: &Value) -> f64 {
    let inst = parse(inst);
    let graph = matching::candidates::generate(&inst, &Index::build(&inst));
    graph.edges.first().expect("a feasible pair").score
}

/// Same commune, radius 15: 30 proximity + 25·1/3 + 25 interests + 10 same first format.
const WITHOUT_RECIPROCITY: f64 = 30.0 + 25.0 / 3.0 + 25.0 + 10.0;

#[test]
fn a_pair_gains_the_weight_times_the_share_of_what_meets() {
    let b = with(beneficiary("b", MAURIAC), "shares", json!(["jardin", "cuisine"]));
    // One of the two things she shares, and the only thing he would discover: min(2, 1) = 1.
    let v = with(volunteer("v", MAURIAC), "learns", json!(["jardin"]));
    let s = score_of(&instance(vec![b.clone(), v]));
    assert!((s - (WITHOUT_RECIPROCITY + 10.0)).abs() < 1e-9, "{s}");
    // 1 met out of min(2, 3) = 2: half the weight.
    let v = with(volunteer("v", MAURIAC), "learns", json!(["jardin", "musique", "jeux"]));
    let s = score_of(&instance(vec![b.clone(), v]));
    assert!((s - (WITHOUT_RECIPROCITY + 5.0)).abs() < 1e-9, "{s}");
    // Nothing met: nothing gained.
    let v = with(volunteer("v", MAURIAC), "learns", json!(["musique"]));
    let s = score_of(&instance(vec![b.clone(), v.clone()]));
    assert!((s - WITHOUT_RECIPROCITY).abs() < 1e-9, "{s}");
    // The admin's weight scales it.
    let v = with(volunteer("v", MAURIAC), "learns", json!(["jardin"]));
    let mut weighted = instance(vec![b, v]);
    weighted["weights"] = json!({"reciprocity": 40});
    let s = score_of(&weighted);
    assert!((s - (WITHOUT_RECIPROCITY + 40.0)).abs() < 1e-9, "{s}");
}

#[test]
fn weight_zero_and_instances_without_the_fields_give_the_old_scores() {
    let old = instance(vec![beneficiary("b", MAURIAC), volunteer("v", MAURIAC)]);
    let s = score_of(&old);
    assert!(
        (s - WITHOUT_RECIPROCITY).abs() < 1e-9,
        "an old instance scores as before: {s}"
    );
    let b = with(beneficiary("b", MAURIAC), "shares", json!(["jardin"]));
    let v = with(volunteer("v", MAURIAC), "learns", json!(["jardin"]));
    let mut off = instance(vec![b, v]);
    off["weights"] = json!({"reciprocity": 0});
    assert_eq!(score_of(&off), s, "weight 0: the very same score");
}

/// Every random instance, its shares and learns removed, scores exactly as the five-part
/// formula of the first SPEC; with them and weight 0, the same.
#[test]
fn random_instances_without_the_fields_keep_their_scores() {
    for seed in 0..20 {
        let shape = Shape {
            beneficiaries: 40,
            volunteers: 30,
            max_capacity: 2,
            spread: 0.4,
            discretion: 0.0,
        };
        let with_topics = random_instance(seed, &shape);
        let mut bare = with_topics.clone();
        bare.beneficiaries.iter_mut().for_each(|b| b.shares.clear());
        bare.volunteers.iter_mut().for_each(|v| v.learns.clear());
        let mut zero = with_topics.clone();
        zero.weights.reciprocity = 0.0;
        let mut gained = 0;
        for inst in [&bare, &zero] {
            let graph = matching::candidates::generate(inst, &Index::build(inst));
            for b in 0..inst.beneficiaries.len() as u32 {
                for e in graph.of(b) {
                    let old = five_parts(inst, b as usize, e.volunteer as usize);
                    assert_eq!(scaled(e.score), scaled(old), "seed {seed}, ({b}, {})", e.volunteer);
                    let full = reference(&with_topics, b as usize, e.volunteer as usize).unwrap().1;
                    gained += usize::from(full > old + 1e-9);
                }
            }
        }
        assert!(gained > 0, "seed {seed}: some pairs do share something");
    }
}

/// SPEC's first five parts only: the reference with reciprocity weighed 0.
fn five_parts(inst: &Instance, b: usize, v: usize) -> f64 {
    let mut old = inst.clone();
    old.weights.reciprocity = 0.0;
    reference(&old, b, v).expect("feasible").1
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// With reciprocity in the scores (random shares and learns, random weight), the round
    /// still reaches the brute-force optimum and its certificate verifies.
    #[test]
    fn rounds_with_reciprocity_stay_optimal_and_certified(
        seed in any::<u64>(),
        nb in 0usize..=7,
        nv in 0usize..=5,
        weight in 0.0f64..=100.0,
    ) {
        let mut inst = random_instance(seed, &Shape { beneficiaries: nb, volunteers: nv, max_capacity: 2, spread: 0.3, discretion: 0.3 });
        inst.weights.reciprocity = weight;
        let round = matching::round(&inst, &mut || 0.0);
        for p in round.pairs() {
            let expected = reference(&inst, p.beneficiary as usize, p.volunteer as usize).unwrap().1;
            prop_assert!((p.score - expected).abs() < 1e-9);
        }
        let pairs = round.pairs();
        let found = (pairs.len(), pairs.iter().map(|p| scaled(p.score)).sum::<i64>());
        prop_assert_eq!(found, brute_force(&inst));
        prop_assert_eq!(verify_certificate(&round.graph, &inst, &round.solution), Ok(()));
    }
}

#[test]
fn the_reason_names_what_the_person_shares_and_the_volunteer_would_discover() {
    let b = with(
        beneficiary("b", MAURIAC),
        "shares",
        json!(["jardin", "cuisine", "musique"]),
    );
    let v = with(volunteer("v", MAURIAC), "learns", json!(["musique", "jardin"]));
    let inst = parse(&instance(vec![b, v]));
    let top = top_volunteers(&inst, &Index::build(&inst), 0, 5);
    assert_eq!(top.len(), 1);
    let reasons = explain::reasons(&inst, 0, 0, top[0].mode, top[0].distance_km);
    assert!(
        reasons.contains(
            &"la personne aime partager ce que le ou la bénévole aimerait découvrir : \
              le jardin, les plantes ; la musique, les chansons"
                .to_string()
        ),
        "{reasons:?}"
    );
    let none = parse(&instance(vec![beneficiary("b", MAURIAC), volunteer("v", MAURIAC)]));
    let reasons = explain::reasons(&none, 0, 0, top[0].mode, top[0].distance_km);
    assert!(!reasons.iter().any(|r| r.contains("partager")), "{reasons:?}");
}

#[test]
fn malformed_shares_and_learns_name_their_path() {
    let b = with(beneficiary("b", MAURIAC), "shares", json!("jardin"));
    let err = matching::parse_instance(&instance(vec![b]).to_string(), &super::COMMUNES).unwrap_err();
    assert_eq!(err.path, "people[0].shares");
    let v = with(volunteer("v", MAURIAC), "learns", json!(["jardin", 3]));
    let err = matching::parse_instance(&instance(vec![v]).to_string(), &super::COMMUNES).unwrap_err();
    assert_eq!(err.path, "people[0].learns[1]");
    let mut w = instance(vec![]);
    w["weights"] = json!({"reciprocity": -1});
    let err = matching::parse_instance(&w.to_string(), &super::COMMUNES).unwrap_err();
    assert_eq!(err.path, "weights.reciprocity");
}

/// The SPEC's own INSTANCE.json example, with the new fields, is read as the SPEC says.
#[test]
fn the_spec_example_reads_shares_learns_and_the_reciprocity_weight() {
    let spec = include_str!("../../../docs/matching-spec.md");
    let start = spec.find("```json\n").expect("an INSTANCE.json example") + "```json\n".len();
    let example = &spec[start..start + spec[start..].find("```").unwrap()];
    let inst = matching::parse_instance(example, &super::COMMUNES).expect("the example is valid");
    assert_eq!(inst.weights.reciprocity, 10.0);
    let names = |ids: &[u32]| -> Vec<String> { ids.iter().map(|&i| inst.topic_names[i as usize].clone()).collect() };
    let mut shares = names(&inst.beneficiaries[0].shares);
    shares.sort();
    assert_eq!(shares, ["cuisine", "jardin"]);
    assert_eq!(names(&inst.volunteers[0].learns), ["jardin"]);
}
