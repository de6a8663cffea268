//! Complementary suppression. A cell under `MIN_CELL` is hidden (primary suppression), but a
//! hidden cell can come back by subtraction when it is the only unknown of a published
//! relation (a total and its parts, the teams and « Toutes les équipes », the months and the
//! period, a rate and its two counts). So, for every relation left with exactly one hidden
//! cell, the cheapest other cell of that relation is hidden too (complementary suppression),
//! until no relation has exactly one hidden cell: then no hidden cell can be solved for, one
//! relation at a time, from what is shown.
//!
//! A true 0 is hidden like any count under 11: showing it would tell the reader that a
//! neighbouring small cell holds the whole of its total.

use super::MIN_CELL;

/// The index of a cell in its `Grid`.
pub type CellId = usize;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Cell {
    /// Hidden whatever the relations (primary suppression).
    sensitive: bool,
    /// What hiding it costs the reader: the complement hidden is the cheapest one.
    cost: usize,
}

/// The published cells and the relations that tie them: in a relation, knowing every cell but
/// one gives the last one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    cells: Vec<Cell>,
    relations: Vec<Vec<CellId>>,
}

impl Grid {
    /// A count of people: hidden under `MIN_CELL`; hiding it costs its size.
    pub fn count(&mut self, n: usize) -> CellId {
        self.push(Cell {
            sensitive: n < MIN_CELL,
            cost: n,
        })
    }

    /// A rate (or any figure derived from counts) over a whole of `whole` people: hidden when
    /// the whole is under `MIN_CELL`; the first complement chosen, since it says the least.
    pub fn rate(&mut self, whole: usize) -> CellId {
        self.push(Cell {
            sensitive: whole < MIN_CELL,
            cost: 0,
        })
    }

    fn push(&mut self, cell: Cell) -> CellId {
        self.cells.push(cell);
        self.cells.len() - 1
    }

    /// `cells` are tied: any one of them follows from all the others.
    pub fn relate(&mut self, cells: Vec<CellId>) {
        if cells.len() > 1 {
            self.relations.push(cells);
        }
    }

    pub fn relations(&self) -> &[Vec<CellId>] {
        &self.relations
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Which cells to hide: every sensitive one, and for each relation with exactly one
    /// hidden cell, its cheapest shown cell (the first one on a tie), until none is left so.
    pub fn suppress(&self) -> Vec<bool> {
        let mut hidden: Vec<bool> = self.cells.iter().map(|c| c.sensitive).collect();
        let mut relations_of: Vec<Vec<usize>> = vec![Vec::new(); self.cells.len()];
        for (r, cells) in self.relations.iter().enumerate() {
            for c in cells {
                relations_of[*c].push(r);
            }
        }
        let mut to_check: Vec<usize> = (0..self.relations.len()).rev().collect();
        while let Some(r) = to_check.pop() {
            let cells = &self.relations[r];
            if cells.iter().filter(|c| hidden[**c]).count() != 1 {
                continue;
            }
            let complement = cells
                .iter()
                .copied()
                .filter(|c| !hidden[*c])
                .min_by_key(|c| (self.cells[*c].cost, *c));
            if let Some(c) = complement {
                hidden[c] = true;
                to_check.extend(relations_of[c].iter().copied());
            }
        }
        hidden
    }
}

/// The auditor: the hidden cells a reader can solve for, using again and again any relation
/// with a single unknown cell.
pub fn derivable(relations: &[Vec<CellId>], hidden: &[bool]) -> Vec<CellId> {
    let mut known: Vec<bool> = hidden.iter().map(|h| !h).collect();
    loop {
        let solved: Vec<CellId> = relations
            .iter()
            .filter_map(|cells| {
                let mut unknown = cells.iter().filter(|c| !known[**c]);
                match (unknown.next(), unknown.next()) {
                    (Some(c), None) => Some(*c),
                    _ => None,
                }
            })
            .collect();
        if solved.is_empty() {
            break;
        }
        for c in solved {
            known[c] = true;
        }
    }
    (0..hidden.len()).filter(|c| hidden[*c] && known[*c]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_issues_month_hides_the_next_smallest_part() {
        let mut grid = Grid::default();
        let (in_person, phone, total) = (grid.count(141), grid.count(5), grid.count(146));
        grid.relate(vec![in_person, phone, total]);
        assert_eq!(
            derivable(grid.relations(), &[false, true, false]),
            vec![phone],
            "the old way"
        );
        let hidden = grid.suppress();
        assert_eq!(hidden, vec![true, true, false], "141 goes with the 5, the total stays");
        assert!(derivable(grid.relations(), &hidden).is_empty());
    }

    #[test]
    fn a_rate_goes_before_its_counts() {
        let mut grid = Grid::default();
        let (answers, continued, rate) = (grid.count(11), grid.count(9), grid.rate(11));
        grid.relate(vec![answers, continued, rate]);
        assert_eq!(
            grid.suppress(),
            vec![false, true, true],
            "9 of 11 is 82 %: the rate is hidden"
        );
        let mut small = Grid::default();
        let (answers, continued, rate) = (small.count(4), small.count(3), small.rate(4));
        small.relate(vec![answers, continued, rate]);
        assert_eq!(small.suppress(), vec![true, true, true]);
    }

    #[test]
    fn hiding_spreads_through_shared_cells_until_it_is_stable() {
        // Two teams by two months, with the teams' and months' totals.
        let mut grid = Grid::default();
        let cells: Vec<CellId> = [3, 40, 43, 50, 60, 110, 53, 100, 153].map(|n| grid.count(n)).to_vec();
        for row in cells.chunks(3) {
            grid.relate(row.to_vec());
        }
        for column in 0..3 {
            grid.relate(vec![cells[column], cells[3 + column], cells[6 + column]]);
        }
        let hidden = grid.suppress();
        assert!(derivable(grid.relations(), &hidden).is_empty());
        assert_eq!(
            hidden.iter().filter(|h| **h).count(),
            4,
            "3 and 40 of the first team, 50 and 60 under them"
        );
    }

    /// Random tables: rows of parts with their total, the rows summed into a total row, and
    /// the grand total.
    fn table() -> impl Strategy<Value = Vec<Vec<usize>>> {
        (1usize..5, 1usize..6).prop_flat_map(|(rows, parts)| {
            prop::collection::vec(prop::collection::vec(prop_oneof![0usize..15, 0usize..200], parts), rows)
        })
    }

    fn grid_of(parts: &[Vec<usize>]) -> Grid {
        let mut grid = Grid::default();
        let width = parts[0].len();
        let mut with_totals: Vec<Vec<usize>> = parts
            .iter()
            .map(|row| row.iter().copied().chain([row.iter().sum()]).collect())
            .collect();
        let sums: Vec<usize> = (0..=width).map(|c| with_totals.iter().map(|r| r[c]).sum()).collect();
        with_totals.push(sums);
        let ids: Vec<Vec<CellId>> = with_totals
            .iter()
            .map(|row| row.iter().map(|n| grid.count(*n)).collect())
            .collect();
        for row in &ids {
            grid.relate(row.clone());
        }
        for c in 0..=width {
            grid.relate(ids.iter().map(|row| row[c]).collect());
        }
        grid
    }

    proptest! {
        #[test]
        fn after_suppression_no_hidden_cell_can_be_solved_for(parts in table()) {
            let grid = grid_of(&parts);
            let hidden = grid.suppress();
            for cells in grid.relations() {
                prop_assert_ne!(cells.iter().filter(|c| hidden[**c]).count(), 1);
            }
            prop_assert!(derivable(grid.relations(), &hidden).is_empty());
            for (cell, hide) in grid.cells.iter().zip(&hidden) {
                prop_assert!(!cell.sensitive || *hide, "every small cell is hidden");
            }
        }
    }
}
