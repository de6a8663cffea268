//! The best volunteers for one person, for the coordinator who wants to choose or swap.

use super::{Index, Instance, Mode, explain};
use crate::domain::commune::distance_km;

#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub volunteer: u32,
    pub score: f64,
    pub mode: Mode,
    pub distance_km: Option<f64>,
    pub reasons: Vec<String>,
}

/// Distance between the two centroids, when both are known.
pub fn distance_between(inst: &Instance, b: u32, v: u32) -> Option<f64> {
    let a = inst.beneficiaries[b as usize].profile.place.centroid?;
    let c = inst.volunteers[v as usize].profile.place.centroid?;
    Some(distance_km(a, c))
}

/// The `k` feasible volunteers with the best scores for beneficiary `b`, ties by id; capacity
/// is ignored (a full volunteer may still be swapped in by hand).
pub fn top_volunteers(inst: &Instance, index: &Index, b: u32, k: usize) -> Vec<Suggestion> {
    let mut edges = Vec::new();
    index.feasible_for(inst, b, &mut Vec::new(), &mut edges);
    // Volunteers are sorted by id, so their index breaks ties by id.
    edges.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.volunteer.cmp(&y.volunteer)));
    edges
        .into_iter()
        .take(k)
        .map(|e| {
            let d = distance_between(inst, b, e.volunteer);
            Suggestion {
                volunteer: e.volunteer,
                score: e.score,
                mode: e.mode,
                distance_km: d,
                reasons: explain::reasons(inst, b, e.volunteer, e.mode, d),
            }
        })
        .collect()
}
