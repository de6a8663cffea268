//! The matching engine: who can meet whom, how well, and the optimal round.
//!
//! Pure code over plain types: an [`Instance`] in, a [`Round`] out. Nothing here reads a
//! database, a file or the clock; `as_of` is the day of the round. SPEC: the file format and
//! the arithmetic are fixed by the matching contract shared with other solvers.

pub mod candidates;
pub mod certificate;
pub mod communes;
pub mod components;
pub mod explain;
pub mod feasibility;
pub mod generate;
pub mod graph;
pub mod instance;
pub mod report;
pub mod score;
pub mod solver;
pub mod top;
pub mod unmet;
pub mod why_not;

pub use crate::domain::commune::Centroid;
pub use crate::domain::profile::{Format, Gender};
pub use candidates::{Edge, Graph, Index};
pub use instance::{InstanceError, parse_instance};
pub use top::top_volunteers;

use chrono::NaiveDate;
use std::collections::HashSet;

/// Weights of the six parts of a score (SPEC default 30/25/25/10/10, and 10 for reciprocity,
/// which adds nothing to a pair whose person shares nothing the volunteer would discover).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub proximity: f64,
    pub availability: f64,
    pub interests: f64,
    pub format: f64,
    pub waiting: f64,
    pub reciprocity: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            proximity: 30.0,
            availability: 25.0,
            interests: 25.0,
            format: 10.0,
            waiting: 10.0,
            reciprocity: crate::domain::reciprocity::DEFAULT_WEIGHT,
        }
    }
}

impl Weights {
    pub fn total(&self) -> f64 {
        self.proximity + self.availability + self.interests + self.format + self.waiting + self.reciprocity
    }
}

/// Where someone lives: the commune's centroid (unknown for a few overseas communes) and
/// département, resolved from the communes table; `departement` indexes
/// [`Instance::departements`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub centroid: Option<Centroid>,
    pub departement: u32,
    /// The commune itself, an index into [`Instance::communes`] (« pas ma commune »).
    pub commune: u32,
}

/// What both sides share: ids, place, week, interests, languages, formats, gender, age.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub id: String,
    pub place: Place,
    /// 21-bit mask, bit `day * 3 + part`.
    pub slots: u32,
    /// Sorted, deduplicated indexes into [`Instance::interest_names`].
    pub interests: Vec<u32>,
    /// One bit per index into [`Instance::language_codes`].
    pub languages: u128,
    /// Accepted formats, preferred first.
    pub formats: Vec<Format>,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
}

impl Profile {
    /// Accepted formats as a 3-bit mask (public 1, home 2, phone 4).
    pub fn format_mask(&self) -> u8 {
        self.formats.iter().fold(0, |m, f| m | format_bit(*f))
    }
}

pub fn format_bit(f: Format) -> u8 {
    match f {
        Format::Public => 1,
        Format::Home => 2,
        Format::Phone => 4,
    }
}

/// Mask of the formats that mean meeting in person.
pub const IN_PERSON: u8 = 1 | 2;
pub const PHONE: u8 = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct Beneficiary {
    pub profile: Profile,
    pub wants_gender: Option<Gender>,
    /// Inclusive [min, max] age of the volunteer, in years.
    pub wants_age: Option<(i32, i32)>,
    pub waiting_since: NaiveDate,
    /// What the person likes to share: sorted, deduplicated indexes into
    /// [`Instance::topic_names`] (empty when the instance does not say).
    pub shares: Vec<u32>,
    /// Asked for a volunteer who does not live in their commune (discretion).
    pub other_commune: bool,
    /// Has no car or needs to be accompanied: meets in a public place only with a volunteer
    /// who has a car.
    pub needs_transport: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Volunteer {
    pub profile: Profile,
    pub radius_km: f64,
    /// Free capacity, already net of active pairings.
    pub capacity: u32,
    /// What the volunteer would like to discover, as [`Beneficiary::shares`].
    pub learns: Vec<u32>,
    pub has_car: bool,
}

/// A matching problem. People are sorted by id, so that every tie is broken by ids and the
/// same people give the same round whatever the order of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub as_of: NaiveDate,
    pub weights: Weights,
    pub beneficiaries: Vec<Beneficiary>,
    pub volunteers: Vec<Volunteer>,
    /// Pairs (beneficiary index, volunteer index) never to propose again, including the
    /// ones in `avoided`.
    pub exclusions: HashSet<(u32, u32)>,
    /// The pairs excluded because the beneficiary named the volunteer as someone they do not
    /// want to meet: told apart only in the staff's "why not" explanations.
    pub avoided: HashSet<(u32, u32)>,
    pub interest_names: Vec<String>,
    /// The names of what people share or would discover (`shares`, `learns`).
    pub topic_names: Vec<String>,
    pub language_codes: Vec<String>,
    pub departements: Vec<String>,
    /// INSEE codes, indexed by [`Place::commune`].
    pub communes: Vec<String>,
}

/// How a feasible pair would meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    InPerson,
    Phone,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::InPerson => "in_person",
            Mode::Phone => "phone",
        }
    }
}

/// One proposal of an optimal round.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub beneficiary: u32,
    pub volunteer: u32,
    pub score: f64,
    pub mode: Mode,
}

/// The outcome of a round: the proposals (by beneficiary index), the graph they were chosen
/// from and the solver's proof of optimality.
#[derive(Debug, Clone)]
pub struct Round {
    pub graph: Graph,
    pub solution: solver::Solution,
    pub candidates_ms: f64,
    pub solve_ms: f64,
}

impl Round {
    pub fn pairs(&self) -> Vec<Pair> {
        self.solution
            .mate
            .iter()
            .enumerate()
            .filter_map(|(b, e)| {
                let e = &self.graph.edges[(*e)? as usize];
                Some(Pair {
                    beneficiary: b as u32,
                    volunteer: e.volunteer,
                    score: e.score,
                    mode: e.mode,
                })
            })
            .collect()
    }

    pub fn total_score(&self) -> f64 {
        self.pairs().iter().map(|p| p.score).sum()
    }
}

/// Runs a whole round: feasible pairs, scores, optimal assignment. The two durations are
/// measured by the caller-supplied stopwatch so that this module never reads the clock.
pub fn round(instance: &Instance, stopwatch: &mut dyn FnMut() -> f64) -> Round {
    let start = stopwatch();
    let index = Index::build(instance);
    let graph = candidates::generate(instance, &index);
    let after_candidates = stopwatch();
    let solution = solver::solve(&graph, instance);
    let end = stopwatch();
    Round {
        graph,
        solution,
        candidates_ms: after_candidates - start,
        solve_ms: end - after_candidates,
    }
}
