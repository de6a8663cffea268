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
//! not the whole graph. The potentials are returned: they are the dual prices that
//! [`super::certificate::verify_certificate`] checks to prove optimality.

use super::{Graph, Instance};
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

struct State<'a> {
    graph: &'a Graph,
    nb: usize,
    t: usize,
    cost: Vec<i64>,
    capacity: Vec<u32>,
    load: Vec<u32>,
    assigned: Vec<Vec<u32>>,
    mate: Vec<u32>,
    p: Vec<i64>,
    dist: Vec<i64>,
    stamp: Vec<u32>,
    done: Vec<u32>,
    pred: Vec<u32>,
    pred_edge: Vec<u32>,
    settled: Vec<u32>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
}

pub fn solve(graph: &Graph, inst: &Instance) -> Solution {
    let (nb, nv) = (inst.beneficiaries.len(), inst.volunteers.len());
    let m = big_m(graph, inst);
    let n = nb + nv + 1;
    let mut s = State {
        graph,
        nb,
        t: nb + nv,
        cost: graph.edges.iter().map(|e| edge_cost(m, e.score)).collect(),
        capacity: inst.volunteers.iter().map(|v| v.capacity).collect(),
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
    };
    for r in 0..nb as u32 {
        s.add(r);
    }
    Solution {
        mate: s.mate.iter().map(|&e| (e != NONE).then_some(e)).collect(),
        potentials: s.p,
        big_m: m,
    }
}

impl State<'_> {
    fn vertex_of(&self, edge: u32) -> usize {
        self.graph.edges[edge as usize].volunteer as usize
    }

    fn relax(&mut self, iter: u32, node: usize, d: i64, from: u32, edge: u32) {
        if self.done[node] == iter || (self.stamp[node] == iter && self.dist[node] <= d) {
            return;
        }
        self.stamp[node] = iter;
        self.dist[node] = d;
        self.pred[node] = from;
        self.pred_edge[node] = edge;
        self.heap.push(Reverse((d, node as u32)));
    }

    /// Adds beneficiary `r`: shortest augmenting path to `t`, then new potentials.
    fn add(&mut self, r: u32) {
        let (nb, t) = (self.nb, self.t);
        let range = self.graph.range(r);
        // The new node's potential makes its outgoing reduced costs non-negative.
        let mut pr = self.p[t];
        for e in range {
            pr = pr.max(self.p[nb + self.graph.edges[e].volunteer as usize] - self.cost[e]);
        }
        self.p[r as usize] = pr;
        self.settled.clear();
        self.heap.clear();
        self.relax(r, r as usize, 0, NONE, NONE);
        while let Some(Reverse((d, u))) = self.heap.pop() {
            let u = u as usize;
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
        for e in self.graph.range(b as u32) {
            if self.mate[b] == e as u32 {
                continue;
            }
            let v = nb + self.graph.edges[e].volunteer as usize;
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
