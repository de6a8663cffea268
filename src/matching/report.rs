//! RESULT.json (SPEC "RESULT.json"), plus the explanations for people left unpaired.

use super::top::distance_between;
use super::why_not::why_not;
use super::{Index, Instance, Round, explain};
use serde_json::{Value, json};

/// Rounds a number for JSON output without losing the 1e-6 agreement SPEC asks for.
fn round9(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// RESULT.json without `edges`: with millions of pairs those are streamed by the caller
/// (see [`edge_row`]) rather than held in memory as JSON values.
pub fn result_json(inst: &Instance, index: &Index, round: &Round, elapsed_ms: f64) -> Value {
    let pairs: Vec<Value> = round
        .pairs()
        .iter()
        .map(|p| {
            let d = distance_between(inst, p.beneficiary, p.volunteer);
            json!({
                "beneficiary": inst.beneficiaries[p.beneficiary as usize].profile.id,
                "volunteer": inst.volunteers[p.volunteer as usize].profile.id,
                "score": round9(p.score),
                "distance_km": d.map(|d| (d * 1000.0).round() / 1000.0),
                "mode": p.mode.code(),
                "reasons": explain::reasons(inst, p.beneficiary, p.volunteer, p.mode, d),
            })
        })
        .collect();
    let mut unmatched = Vec::new();
    let mut why = serde_json::Map::new();
    for (b, mate) in round.solution.mate.iter().enumerate() {
        if mate.is_some() {
            continue;
        }
        let id = inst.beneficiaries[b].profile.id.clone();
        let candidates = round.graph.of(b as u32).len();
        let w = if candidates == 0 {
            why_not(inst, index, b as u32)
        } else {
            super::why_not::WhyNot {
                reason: format!(
                    "{candidates} bénévole(s) compatible(s), tous déjà proposé·es à d'autres personnes dans ce tour"
                ),
                suggestions: vec![
                    "recruter d'autres bénévoles dans le secteur".to_string(),
                    "demander à un·e bénévole d'accompagner une personne de plus".to_string(),
                ],
            }
        };
        why.insert(id.clone(), json!({"reason": w.reason, "suggestions": w.suggestions}));
        unmatched.push(Value::String(id));
    }
    json!({
        "matched": pairs.len(),
        "unmatched_beneficiaries": unmatched,
        "total_score": round9(round.total_score()),
        "feasible_edges": round.graph.edges.len(),
        "elapsed_ms": (elapsed_ms * 1000.0).round() / 1000.0,
        "pairs": pairs,
        "why_unmatched": why,
    })
}

/// One element of `edges`: `["b1", "v1", 71.25]`.
pub fn edge_row(inst: &Instance, b: u32, e: &super::Edge) -> Value {
    json!([
        inst.beneficiaries[b as usize].profile.id,
        inst.volunteers[e.volunteer as usize].profile.id,
        round9(e.score)
    ])
}
