//! The optimal round: a capacitated assignment (each volunteer at most `capacity`, each
//! beneficiary at most one) maximising first the number of beneficiaries paired, then the
//! total score.
//!
//! As a min-cost flow: every beneficiary sends one unit to a sink `t`, either through a
//! volunteer (edge cost −(M + scaled score)) or through its own "unpaired" arc (cost 0); a
//! volunteer passes at most `capacity` units to `t`. With M larger than any sum of scores a
//! matching can hold, minimum cost means most pairs first, best total score second.
//!
//! Beneficiaries are added one at a time (ids ascending); each addition is a shortest path
//! from the new beneficiary to `t` in the residual graph (Dijkstra on reduced costs, which
//! node potentials keep non-negative). Dijkstra stops as soon as `t` is settled and only the
//! nodes it settled get new potentials, so one addition costs what its neighbourhood costs,
//! not the whole graph; nodes farther than a path to `t` already known are not even pushed.
//! The potentials are returned: they are the dual prices that
//! [`super::certificate::verify_certificate`] checks to prove optimality.
//!
//! The connected components of the graph are solved on their own, in parallel (rayon);
//! [`solve_whole`] keeps the single pass over the whole graph that the tests compare with.

use super::components::{Component, components};
use super::{Graph, Instance};
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Scores are compared in millionths: exact integer arithmetic in the solver, and two
/// implementations that agree to 1e-6 on scores agree on the optimum.
pub const SCALE: f64 = 1e6;

pub fn scaled(score: f64) -> i64 {
    (score * SCALE).round() as i64
}

const NONE: u32 = u32::MAX;

/// The chosen pairs and their proof.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Per beneficiary, the index in `Graph::edges` of its pair, if paired.
    pub mate: Vec<Option<u32>>,
    /// Node potentials: beneficiaries `0..nb`, volunteers `nb..nb+nv`, then the sink `t`.
    pub potentials: Vec<i64>,
    /// The per-pair constant M that makes the number of pairs dominate the score.
    pub big_m: i64,
}

/// M such that one more pair always outweighs any difference of total scores:
/// M = (k + 1) · (max scaled score + 1) with k the largest possible number of pairs.
pub fn big_m(graph: &Graph, inst: &Instance) -> i64 {
    let max_scaled = graph.edges.iter().map(|e| scaled(e.score)).max().unwrap_or(0).max(0);
    let capacity: u64 = inst.volunteers.iter().map(|v| u64::from(v.capacity)).sum();
    let k = (inst.beneficiaries.len() as u64).min(capacity) as i64;
    (k + 1).saturating_mul(max_scaled + 1)
}

/// Cost of pairing along an edge of scaled score `s`.
pub fn edge_cost(big_m: i64, score: f64) -> i64 {
    -(big_m + scaled(score))
}

/// One component being solved. Nodes are numbered locally: its beneficiaries `0..nb`, its
/// volunteers `nb..nb+nv`, then the sink `t`, each side in the global order, so that the
/// heap breaks ties exactly as it would on the whole graph and the result does not depend
/// on how the graph was cut.
struct State<'a> {
    graph: &'a Graph,
    cost: &'a [i64],
    /// Global ids of this component's beneficiaries, by local index.
    beneficiaries: &'a [u32],
    /// Local index, within its own component, of every volunteer of the instance.
    local_volunteer: &'a [u32],
    nb: usize,
    t: usize,
    capacity: Vec<u32>,
    load: Vec<u32>,
    assigned: Vec<Vec<u32>>,
    /// Per local beneficiary, the global index in `graph.edges` of its pair.
    mate: Vec<u32>,
    p: Vec<i64>,
    dist: Vec<i64>,
    stamp: Vec<u32>,
    done: Vec<u32>,
    pred: Vec<u32>,
    pred_edge: Vec<u32>,
    settled: Vec<u32>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
    /// The length of some path to `t` found so far in this addition: a node farther than
    /// that would be settled after `t`, so it is not even pushed.
    bound: i64,
}

/// The optimal round, each connected component of the graph on its own thread. The sink's
/// potential never moves (every addition settles it at the distance it subtracts), so the
/// components do not interact and the result is exactly [`solve_whole`]'s.
pub fn solve(graph: &Graph, inst: &Instance) -> Solution {
    let mut parts = components(graph, inst.volunteers.len());
    // The largest first, so that a big component does not start last.
    parts.sort_by_key(|c| std::cmp::Reverse(c.edges));
    solve_parts(graph, inst, &parts)
}

/// The optimal round, all beneficiaries added one after another on one thread: the reference
/// the component-wise [`solve`] is tested against.
pub fn solve_whole(graph: &Graph, inst: &Instance) -> Solution {
    let whole = Component {
        beneficiaries: (0..inst.beneficiaries.len() as u32).collect(),
        volunteers: (0..inst.volunteers.len() as u32).collect(),
        edges: graph.edges.len(),
    };
    solve_parts(graph, inst, &[whole])
}

fn solve_parts(graph: &Graph, inst: &Instance, parts: &[Component]) -> Solution {
    let (nb, nv) = (inst.beneficiaries.len(), inst.volunteers.len());
    let m = big_m(graph, inst);
    let cost: Vec<i64> = graph.edges.par_iter().map(|e| edge_cost(m, e.score)).collect();
    let mut local_volunteer = vec![NONE; nv];
    for part in parts {
        for (j, &v) in part.volunteers.iter().enumerate() {
            local_volunteer[v as usize] = j as u32;
        }
    }
    let solved: Vec<(Vec<u32>, Vec<i64>)> = parts
        .par_iter()
        .map(|part| solve_component(graph, inst, &cost, &local_volunteer, part))
        .collect();
    // People outside every component keep potential 0, the sink's: their only arcs are
    // their own "unpaired" ones, of reduced cost 0.
    let mut mate = vec![None; nb];
    let mut potentials = vec![0; nb + nv + 1];
    for (part, (local_mate, p)) in parts.iter().zip(solved) {
        let nbc = part.beneficiaries.len();
        for (i, &b) in part.beneficiaries.iter().enumerate() {
            mate[b as usize] = (local_mate[i] != NONE).then_some(local_mate[i]);
            potentials[b as usize] = p[i];
        }
        for (j, &v) in part.volunteers.iter().enumerate() {
            potentials[nb + v as usize] = p[nbc + j];
        }
    }
    Solution {
        mate,
        potentials,
        big_m: m,
    }
}

fn solve_component(
    graph: &Graph,
    inst: &Instance,
    cost: &[i64],
    local_volunteer: &[u32],
    part: &Component,
) -> (Vec<u32>, Vec<i64>) {
    let (nb, nv) = (part.beneficiaries.len(), part.volunteers.len());
    let n = nb + nv + 1;
    let mut s = State {
        graph,
        cost,
        beneficiaries: &part.beneficiaries,
        local_volunteer,
        nb,
        t: nb + nv,
        capacity: part
            .volunteers
            .iter()
            .map(|&v| inst.volunteers[v as usize].capacity)
            .collect(),
        load: vec![0; nv],
        assigned: vec![Vec::new(); nv],
        mate: vec![NONE; nb],
        p: vec![0; n],
        dist: vec![0; n],
        stamp: vec![NONE; n],
        done: vec![NONE; n],
        pred: vec![NONE; n],
        pred_edge: vec![NONE; n],
        settled: Vec::new(),
        heap: BinaryHeap::new(),
        bound: i64::MAX,
    };
    for r in 0..nb as u32 {
        s.add(r);
    }
    (s.mate, s.p)
}

impl State<'_> {
    /// Local index of the volunteer at the end of a (global) edge.
    fn vertex_of(&self, edge: u32) -> usize {
        self.local_volunteer[self.graph.edges[edge as usize].volunteer as usize] as usize
    }

    /// Global `graph.edges` range of a local beneficiary.
    fn range(&self, b: usize) -> std::ops::Range<usize> {
        self.graph.range(self.beneficiaries[b])
    }

    fn relax(&mut self, iter: u32, node: usize, d: i64, from: u32, edge: u32) {
        if d > self.bound || self.done[node] == iter || (self.stamp[node] == iter && self.dist[node] <= d) {
            return;
        }
        if node == self.t {
            self.bound = d;
        }
        self.stamp[node] = iter;
        self.dist[node] = d;
        self.pred[node] = from;
        self.pred_edge[node] = edge;
        self.heap.push(Reverse((d, self.heap_key(node))));
    }

    /// Among nodes at the same distance the heap gives `t` first, the others by id. Once `t`
    /// is at the smallest distance left, the nodes still at that distance could neither
    /// shorten its path nor change its predecessor (that takes a strictly shorter distance)
    /// and their potentials would move by 0: stopping there finds exactly the path that
    /// settling them first would, without settling them.
    fn heap_key(&self, node: usize) -> u32 {
        if node == self.t { 0 } else { node as u32 + 1 }
    }

    fn node_of(&self, key: u32) -> usize {
        if key == 0 { self.t } else { key as usize - 1 }
    }

    /// Adds beneficiary `r`: shortest augmenting path to `t`, then new potentials.
    fn add(&mut self, r: u32) {
        let (nb, t) = (self.nb, self.t);
        // The new node's potential makes its outgoing reduced costs non-negative.
        let (mut pr, mut cheapest_free) = (self.p[t], 0);
        for e in self.range(r as usize) {
            let v = self.vertex_of(e as u32);
            pr = pr.max(self.p[nb + v] - self.cost[e]);
            if self.load[v] < self.capacity[v] {
                cheapest_free = cheapest_free.min(self.cost[e]);
            }
        }
        self.p[r as usize] = pr;
        // r → (free volunteer) → t, or r → t unpaired, has this length: exactness is kept
        // because only nodes that would be settled after `t` are skipped. A free volunteer's
        // potential is the sink's (the arcs between them are tight both ways).
        self.bound = pr - self.p[t] + cheapest_free;
        self.settled.clear();
        self.heap.clear();
        self.relax(r, r as usize, 0, NONE, NONE);
        while let Some(Reverse((d, key))) = self.heap.pop() {
            let u = self.node_of(key);
            if self.done[u] == r || self.dist[u] != d {
                continue;
            }
            self.done[u] = r;
            self.settled.push(u as u32);
            if u == t {
                break;
            }
            if u < nb {
                self.expand_beneficiary(r, u, d);
            } else {
                self.expand_volunteer(r, u, d);
            }
        }
        let total = self.dist[t];
        for &x in &self.settled {
            let x = x as usize;
            self.p[x] += self.dist[x] - total;
        }
        self.augment(r);
    }

    fn expand_beneficiary(&mut self, r: u32, b: usize, d: i64) {
        let nb = self.nb;
        let pb = self.p[b];
        for e in self.range(b) {
            if self.mate[b] == e as u32 {
                continue;
            }
            let v = nb + self.vertex_of(e as u32);
            let rc = self.cost[e] + pb - self.p[v];
            self.relax(r, v, d + rc, b as u32, e as u32);
        }
        // The "stay unpaired" arc is free while its unit of flow is not on it.
        if b == r as usize || self.mate[b] != NONE {
            let rc = pb - self.p[self.t];
            self.relax(r, self.t, d + rc, b as u32, NONE);
        }
    }

    fn expand_volunteer(&mut self, r: u32, u: usize, d: i64) {
        let v = u - self.nb;
        let pv = self.p[u];
        if self.load[v] < self.capacity[v] {
            let rc = pv - self.p[self.t];
            self.relax(r, self.t, d + rc, u as u32, NONE);
        }
        for i in 0..self.assigned[v].len() {
            let b = self.assigned[v][i] as usize;
            let rc = -self.cost[self.mate[b] as usize] + pv - self.p[b];
            self.relax(r, b, d + rc, u as u32, NONE);
        }
    }

    /// Flips the path found by `add`, from `t` back to `r`.
    fn augment(&mut self, r: u32) {
        let nb = self.nb;
        let mut cur = self.pred[self.t] as usize;
        if cur < nb {
            if cur == r as usize {
                return; // the best is to leave r unpaired
            }
            // `cur` gives up its pair to make room along the path.
            let v = self.vertex_of(self.mate[cur]);
            self.unassign(v, cur as u32);
            self.mate[cur] = NONE;
            cur = nb + v;
        } else {
            self.load[cur - nb] += 1;
        }
        loop {
            let (b, e) = (self.pred[cur] as usize, self.pred_edge[cur]);
            let v = cur - nb;
            let old = self.mate[b];
            self.mate[b] = e;
            self.assigned[v].push(b as u32);
            if b == r as usize {
                return;
            }
            let previous = self.vertex_of(old);
            self.unassign(previous, b as u32);
            cur = nb + previous;
        }
    }

    fn unassign(&mut self, v: usize, b: u32) {
        if let Some(i) = self.assigned[v].iter().position(|&x| x == b) {
            self.assigned[v].swap_remove(i);
        }
    }
}
