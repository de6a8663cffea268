//! The feasible graph of a round, built on every core: beneficiaries are cut into chunks that
//! rayon's threads take in turn, each chunk fills its own edge vector, and the chunks are
//! joined in beneficiary order — the graph is exactly the one a single thread builds, so the
//! optimum and its tie-breaks do not depend on the number of cores.

use super::{Index, Instance};
use rayon::prelude::*;
use std::ops::Range;

/// A feasible pair seen from its beneficiary. 16 bytes: the graph of a national round has
/// millions of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub volunteer: u32,
    pub mode: super::Mode,
    pub score: f64,
}

/// Every feasible pair, grouped by beneficiary (CSR), volunteers ascending within a group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    pub offsets: Vec<usize>,
    pub edges: Vec<Edge>,
}

impl Graph {
    pub fn beneficiaries(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn range(&self, b: u32) -> Range<usize> {
        self.offsets[b as usize]..self.offsets[b as usize + 1]
    }

    pub fn of(&self, b: u32) -> &[Edge] {
        &self.edges[self.range(b)]
    }
}

/// The pairs of consecutive beneficiaries: how many each has, then all of them.
struct Part {
    lens: Vec<usize>,
    edges: Vec<Edge>,
}

/// Chunks per thread: enough for work stealing to even out dense and sparse regions (a
/// chunk of Paris costs many times a chunk of the Cantal).
const CHUNKS_PER_THREAD: usize = 8;

/// Beneficiaries looked at to guess the size of each chunk's edge vector.
const SAMPLE: usize = 256;

/// Every feasible pair of the instance, on every core of rayon's pool.
pub fn generate(inst: &Instance, index: &Index) -> Graph {
    let n = inst.beneficiaries.len();
    let chunks = (rayon::current_num_threads() * CHUNKS_PER_THREAD).clamp(1, n.max(1));
    let chunk = n.div_ceil(chunks).max(1);
    // Pre-sizing from a sample spares each vector its doublings; a vector sized too large
    // costs only address space, as pages never written are never given memory.
    let per_beneficiary = mean_degree(inst, index);
    let parts: Vec<Part> = (0..n.div_ceil(chunk))
        .into_par_iter()
        .map_init(Vec::new, |seen, i| {
            let range = i * chunk..((i + 1) * chunk).min(n);
            let capacity = (range.len() as f64 * per_beneficiary * 1.5) as usize;
            build(inst, index, range, capacity, seen)
        })
        .collect();
    join(n, parts)
}

/// The same graph on the calling thread alone: the reference the parallel build is tested
/// against.
pub fn generate_sequential(inst: &Instance, index: &Index) -> Graph {
    let n = inst.beneficiaries.len();
    join(n, vec![build(inst, index, 0..n, 0, &mut Vec::new())])
}

fn build(inst: &Instance, index: &Index, range: Range<usize>, capacity: usize, seen: &mut Vec<u32>) -> Part {
    let mut part = Part {
        lens: Vec::with_capacity(range.len()),
        edges: Vec::with_capacity(capacity),
    };
    for b in range {
        let before = part.edges.len();
        index.feasible_for(inst, b as u32, seen, &mut part.edges);
        part.lens.push(part.edges.len() - before);
    }
    part
}

/// Mean number of feasible pairs per beneficiary, over a sample spread across the ids.
fn mean_degree(inst: &Instance, index: &Index) -> f64 {
    let n = inst.beneficiaries.len();
    let (mut seen, mut out, mut looked) = (Vec::new(), Vec::new(), 0usize);
    for b in (0..n).step_by((n / SAMPLE).max(1)) {
        index.feasible_for(inst, b as u32, &mut seen, &mut out);
        looked += 1;
    }
    out.len() as f64 / looked.max(1) as f64
}

/// Joins the parts in order into one CSR graph; each part is freed once copied, so the peak
/// is the graph plus the parts not yet copied, not twice the graph.
fn join(n: usize, parts: Vec<Part>) -> Graph {
    let mut graph = Graph {
        offsets: Vec::with_capacity(n + 1),
        edges: Vec::with_capacity(parts.iter().map(|p| p.edges.len()).sum()),
    };
    graph.offsets.push(0);
    for part in parts {
        let mut end = graph.edges.len();
        for len in part.lens {
            end += len;
            graph.offsets.push(end);
        }
        graph.edges.extend_from_slice(&part.edges);
    }
    graph
}
