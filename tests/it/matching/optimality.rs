//! The round is optimal (most pairs, then best total score), proven and reproducible.

use super::random::{Shape, brute_force, instance, reference, scaled};
use binome::matching::certificate::verify_certificate;
use binome::matching::solver::Solution;
use binome::matching::{self, Index, Instance, Round, candidates, generate, solver};
use proptest::prelude::*;

fn solve(inst: &Instance) -> Round {
    let mut clock = 0.0;
    matching::round(inst, &mut || {
        clock += 1.0;
        clock
    })
}

/// The pairs the engine found are exactly SPEC's feasible pairs, with SPEC's scores.
fn assert_graph_matches_spec(inst: &Instance, round: &Round) {
    for b in 0..inst.beneficiaries.len() {
        let found: Vec<(u32, matching::Mode, f64)> = round
            .graph
            .of(b as u32)
            .iter()
            .map(|e| (e.volunteer, e.mode, e.score))
            .collect();
        let expected: Vec<(u32, matching::Mode, f64)> = (0..inst.volunteers.len())
            .filter_map(|v| reference(inst, b, v).map(|(m, s)| (v as u32, m, s)))
            .collect();
        assert_eq!(
            found.len(),
            expected.len(),
            "beneficiary {b}: {found:?} vs {expected:?}"
        );
        for (f, e) in found.iter().zip(&expected) {
            assert_eq!((f.0, f.1), (e.0, e.1), "beneficiary {b}");
            assert!((f.2 - e.2).abs() < 1e-9, "beneficiary {b}: score {} vs {}", f.2, e.2);
        }
    }
}

fn objective(round: &Round) -> (usize, i64) {
    let pairs = round.pairs();
    (pairs.len(), pairs.iter().map(|p| scaled(p.score)).sum())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn small_rounds_match_the_brute_force_optimum(
        seed in any::<u64>(),
        nb in 0usize..=7,
        nv in 0usize..=5,
        max_capacity in 0u32..=3,
    ) {
        let inst = instance(seed, &Shape { beneficiaries: nb, volunteers: nv, max_capacity, spread: 0.3, discretion: 0.0 });
        let round = solve(&inst);
        assert_graph_matches_spec(&inst, &round);
        prop_assert_eq!(objective(&round), brute_force(&inst));
        let mut load = vec![0u32; nv];
        for p in round.pairs() {
            prop_assert!(reference(&inst, p.beneficiary as usize, p.volunteer as usize).is_some());
            load[p.volunteer as usize] += 1;
        }
        for (v, l) in load.iter().enumerate() {
            prop_assert!(*l <= inst.volunteers[v].capacity);
        }
        prop_assert_eq!(verify_certificate(&round.graph, &inst, &round.solution), Ok(()));
    }
}

#[test]
fn medium_rounds_carry_a_valid_optimality_certificate() {
    for seed in 0..6 {
        let shape = Shape {
            beneficiaries: 200 + 40 * seed as usize,
            volunteers: 150 + 30 * seed as usize,
            max_capacity: 3,
            spread: 0.8,
            discretion: 0.2,
        };
        let inst = instance(seed, &shape);
        let round = solve(&inst);
        assert_graph_matches_spec(&inst, &round);
        assert!(
            round.graph.edges.len() > 500,
            "a dense enough graph: {}",
            round.graph.edges.len()
        );
        assert_eq!(verify_certificate(&round.graph, &inst, &round.solution), Ok(()));
    }
}

#[test]
fn the_certificate_rejects_tampered_solutions() {
    let inst = instance(
        7,
        &Shape {
            beneficiaries: 120,
            volunteers: 80,
            max_capacity: 2,
            spread: 0.5,
            discretion: 0.0,
        },
    );
    let round = solve(&inst);
    let zero = Solution {
        potentials: vec![0; round.solution.potentials.len()],
        ..round.solution.clone()
    };
    assert!(verify_certificate(&round.graph, &inst, &zero).is_err());
    let mut over = round.solution.clone();
    let full = round.pairs().iter().map(|p| p.volunteer).find(|&v| {
        round.pairs().iter().filter(|p| p.volunteer == v).count() as u32 == inst.volunteers[v as usize].capacity
    });
    let v = full.expect("some volunteer is full");
    let (b, e) = (0..inst.beneficiaries.len() as u32)
        .filter(|&b| round.solution.mate[b as usize].is_none_or(|e| round.graph.edges[e as usize].volunteer != v))
        .find_map(|b| {
            round
                .graph
                .range(b)
                .find(|&e| round.graph.edges[e].volunteer == v)
                .map(|e| (b, e))
        })
        .expect("someone else could take that volunteer");
    over.mate[b as usize] = Some(e as u32);
    assert!(verify_certificate(&round.graph, &inst, &over).is_err());
    let weak = Solution {
        big_m: 1,
        ..round.solution.clone()
    };
    assert!(verify_certificate(&round.graph, &inst, &weak).is_err());
}

#[test]
fn the_same_people_in_any_order_give_the_same_round() {
    let table = &*super::COMMUNES;
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut json = generate::instance(table, 400, 11, as_of);
    let first = super::parse(&json);
    json["people"].as_array_mut().unwrap().reverse();
    let second = super::parse(&json);
    let (r1, r2, r3) = (solve(&first), solve(&first), solve(&second));
    assert_eq!(r1.solution, r2.solution);
    assert_eq!(r1.graph, r3.graph);
    assert_eq!(r1.solution, r3.solution);
    assert!(r1.pairs().len() > 100);
    assert_eq!(verify_certificate(&r1.graph, &first, &r1.solution), Ok(()));
}

#[test]
fn the_solver_alone_is_deterministic_on_a_prebuilt_graph() {
    let inst = instance(
        3,
        &Shape {
            beneficiaries: 300,
            volunteers: 300,
            max_capacity: 3,
            spread: 1.0,
            discretion: 0.0,
        },
    );
    let graph = candidates::generate(&inst, &Index::build(&inst));
    assert_eq!(solver::solve(&graph, &inst), solver::solve(&graph, &inst));
}
