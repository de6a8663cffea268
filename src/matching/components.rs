//! The connected components of the feasible graph. No augmenting path ever leaves a component
//! (a path to the sink stops at the sink), so each can be solved on its own, on its own core.

use super::Graph;

/// One connected component: its beneficiaries and volunteers, both ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    pub beneficiaries: Vec<u32>,
    pub volunteers: Vec<u32>,
    /// Feasible pairs inside, to give the largest components to the threads first.
    pub edges: usize,
}

/// Union–find over beneficiaries `0..nb` and volunteers `nb..nb+nv`.
struct Sets {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl Sets {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            // Path halving: every other node on the way now points two steps up.
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) -> u32 {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return a;
        }
        let (big, small) = if self.size[a as usize] >= self.size[b as usize] {
            (a, b)
        } else {
            (b, a)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        big
    }
}

/// The components holding at least one feasible pair, in order of their smallest
/// beneficiary; people without any feasible pair belong to none.
pub fn components(graph: &Graph, nv: usize) -> Vec<Component> {
    let nb = graph.beneficiaries();
    let mut sets = Sets {
        parent: (0..(nb + nv) as u32).collect(),
        size: vec![1; nb + nv],
    };
    for b in 0..nb as u32 {
        let mut root = b;
        for e in graph.of(b) {
            root = sets.union(root, nb as u32 + e.volunteer);
        }
    }
    let mut index_of_root = vec![u32::MAX; nb + nv];
    let mut out: Vec<Component> = Vec::new();
    for b in 0..nb as u32 {
        let edges = graph.of(b).len();
        if edges == 0 {
            continue;
        }
        let root = sets.find(b) as usize;
        if index_of_root[root] == u32::MAX {
            index_of_root[root] = out.len() as u32;
            out.push(Component {
                beneficiaries: Vec::new(),
                volunteers: Vec::new(),
                edges: 0,
            });
        }
        let c = &mut out[index_of_root[root] as usize];
        c.beneficiaries.push(b);
        c.edges += edges;
    }
    for v in 0..nv as u32 {
        let root = sets.find(nb as u32 + v) as usize;
        if let Some(c) = out.get_mut(index_of_root[root] as usize) {
            c.volunteers.push(v);
        }
    }
    out
}
