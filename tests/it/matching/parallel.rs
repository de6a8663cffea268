//! Using every core changes nothing but the time: the parallel candidate generation builds
//! exactly the sequential graph, and the solver that takes the graph's components one per
//! thread finds exactly the whole-graph solution (same pairs, same dual prices, proven).

use super::random::{Shape, instance};
use binome::matching::certificate::verify_certificate;
use binome::matching::components::components;
use binome::matching::{Index, Instance, candidates, generate, solver};
use proptest::prelude::*;

/// Runs `work` on a pool of `threads` threads, so that the chunks and components really are
/// shared out even on a one-core machine.
fn on_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(work)
}

fn assert_same_as_sequential(inst: &Instance, threads: usize) {
    let index = Index::build(inst);
    let sequential = candidates::generate_sequential(inst, &index);
    let parallel = on_threads(threads, || candidates::generate(inst, &index));
    assert_eq!(parallel, sequential);
}

fn assert_components_give_the_whole_solution(inst: &Instance, threads: usize) {
    let graph = candidates::generate_sequential(inst, &Index::build(inst));
    let whole = solver::solve_whole(&graph, inst);
    let split = on_threads(threads, || solver::solve(&graph, inst));
    assert_eq!(split, whole);
    assert_eq!(verify_certificate(&graph, inst, &split), Ok(()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parallel_candidates_are_exactly_the_sequential_ones(
        seed in any::<u64>(),
        nb in 0usize..=120,
        nv in 0usize..=120,
        spread in 0.05f64..4.0,
        threads in 1usize..=4,
    ) {
        let inst = instance(seed, &Shape { beneficiaries: nb, volunteers: nv, max_capacity: 3, spread, discretion: 0.0 });
        assert_same_as_sequential(&inst, threads);
    }

    #[test]
    fn solving_component_by_component_gives_the_whole_graph_optimum(
        seed in any::<u64>(),
        nb in 0usize..=120,
        nv in 0usize..=120,
        max_capacity in 0u32..=3,
        spread in 0.05f64..4.0,
        threads in 1usize..=4,
    ) {
        let inst = instance(seed, &Shape { beneficiaries: nb, volunteers: nv, max_capacity, spread, discretion: 0.0 });
        assert_components_give_the_whole_solution(&inst, threads);
    }
}

#[test]
fn a_spread_out_instance_is_solved_in_many_components_with_the_same_result() {
    let inst = instance(
        5,
        &Shape {
            beneficiaries: 400,
            volunteers: 300,
            max_capacity: 2,
            spread: 4.0,
            discretion: 0.0,
        },
    );
    let graph = candidates::generate(&inst, &Index::build(&inst));
    let parts = components(&graph, inst.volunteers.len());
    assert!(parts.len() >= 5, "{} components", parts.len());
    let paired = solver::solve(&graph, &inst).mate.iter().flatten().count();
    assert!(paired > 50, "{paired} pairs");
    assert_components_give_the_whole_solution(&inst, 3);
}

#[test]
fn the_national_generator_gives_the_same_graph_and_round_on_any_number_of_threads() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let inst = super::parse(&generate::instance_of(
        &super::COMMUNES,
        generate::Size::France(3_000),
        7,
        as_of,
    ));
    assert_same_as_sequential(&inst, 3);
    assert_components_give_the_whole_solution(&inst, 2);
}

#[test]
fn the_ile_de_france_preset_places_everyone_in_its_eight_departements() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let size: generate::Size = "idf".parse().expect("a preset");
    let inst = super::parse(&generate::instance_of(&super::COMMUNES, size, 7, as_of));
    assert_eq!((inst.beneficiaries.len(), inst.volunteers.len()), (8_000, 6_000));
    let departements: std::collections::BTreeSet<&str> = inst
        .beneficiaries
        .iter()
        .map(|b| &b.profile)
        .chain(inst.volunteers.iter().map(|v| &v.profile))
        .map(|p| inst.departements[p.place.departement as usize].as_str())
        .collect();
    assert_eq!(departements.into_iter().collect::<Vec<_>>(), generate::ILE_DE_FRANCE);
    assert!("huit".parse::<generate::Size>().unwrap_err().contains("« huit »"));
}
