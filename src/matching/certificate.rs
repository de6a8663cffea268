//! An independent check that a [`Solution`] is optimal, from its dual prices.
//!
//! Primal: every pair is a feasible edge, each beneficiary has at most one volunteer, each
//! volunteer at most `capacity` beneficiaries. Dual: with the potentials `p`, every arc of the
//! residual graph of the flow formulation (see `solver`) has a non-negative reduced cost
//! `cost(u→w) + p(u) − p(w)`. Then the residual graph has no negative cycle, so no other
//! assignment routes the beneficiaries more cheaply: the matching has the most pairs and,
//! among those, the best total score. Computed in i128 so that the check cannot overflow.

use super::solver::{Solution, big_m, edge_cost};
use super::{Graph, Instance};

pub fn verify_certificate(graph: &Graph, inst: &Instance, sol: &Solution) -> Result<(), String> {
    let (nb, nv) = (inst.beneficiaries.len(), inst.volunteers.len());
    if graph.beneficiaries() != nb || sol.mate.len() != nb || sol.potentials.len() != nb + nv + 1 {
        return Err("tailles incohérentes".into());
    }
    if sol.big_m < big_m(graph, inst) {
        return Err(format!("M = {} trop petit", sol.big_m));
    }
    let p = |x: usize| i128::from(sol.potentials[x]);
    let t = nb + nv;
    let mut load = vec![0u32; nv];
    for (b, mate) in sol.mate.iter().enumerate() {
        let range = graph.range(b as u32);
        if let Some(e) = mate {
            if !range.contains(&(*e as usize)) {
                return Err(format!("bénéficiaire {b} : arête {e} hors de ses paires faisables"));
            }
            load[graph.edges[*e as usize].volunteer as usize] += 1;
        }
        for e in range {
            let edge = &graph.edges[e];
            let v = nb + edge.volunteer as usize;
            let c = i128::from(edge_cost(sol.big_m, edge.score));
            let reduced = if *mate == Some(e as u32) {
                -c + p(v) - p(b)
            } else {
                c + p(b) - p(v)
            };
            if reduced < 0 {
                return Err(format!("coût réduit négatif sur ({b}, {})", edge.volunteer));
            }
        }
        let unpaired_arc = if mate.is_some() { p(b) - p(t) } else { p(t) - p(b) };
        if unpaired_arc < 0 {
            return Err(format!("coût réduit négatif sur l'arc « sans binôme » de {b}"));
        }
    }
    for (v, vol) in inst.volunteers.iter().enumerate() {
        if load[v] > vol.capacity {
            return Err(format!(
                "bénévole {v} : {} binômes pour une capacité de {}",
                load[v], vol.capacity
            ));
        }
        if load[v] < vol.capacity && p(nb + v) - p(t) < 0 {
            return Err(format!("coût réduit négatif vers le puits depuis {v}"));
        }
        if load[v] > 0 && p(t) - p(nb + v) < 0 {
            return Err(format!("coût réduit négatif depuis le puits vers {v}"));
        }
    }
    Ok(())
}
