//! Unmet demand as it may be published: the people out of reach (`matching::unmet` says who)
//! counted by commune, with the longest wait, under the indicators' rule of small cells.
//!
//! - a commune's count under `MIN_CELL` reads « < 11 », and so does its longest wait (a
//!   figure over fewer than 11 people);
//! - the cells that would give a hidden one back by subtraction read « masqué »
//!   (complementary suppression, `indicators::suppression`): the communes of a territory add
//!   up to its total, and, for a reader who sees several teams, each commune's teams add up to
//!   the commune in « Toutes les équipes », the teams' totals to the whole total;
//! - one grid for every table a reader may ask for (each team, all of them), so that a cell is
//!   hidden the same way on the page, on the map and in the CSV file.
//!
//! A commune with nobody out of reach has no line: the table lists where volunteers are missing.

use super::duration::whole_days_between;
use super::indicators::suppression::{CellId, Grid};
use super::indicators::{Figure, MIN_CELL};
use std::collections::BTreeMap;

/// One person out of reach: the team that follows them, their commune (INSEE code) and since
/// when they wait.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub team: i32,
    pub commune: String,
    pub since_ms: i64,
}

/// One commune of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub commune: String,
    pub people: Figure,
    /// Whole days waited by the person who has waited longest, hidden with the count.
    pub longest_wait: Figure,
}

/// One territory's table: its communes by INSEE code, then its total.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub lines: Vec<Line>,
    pub total: Figure,
}

/// What a reader may see: each team's table when they see several teams, and the table of all
/// of them together.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    pub teams: Vec<(i32, Table)>,
    pub whole: Table,
}

/// Waits in milliseconds by commune.
type ByCommune<'a> = BTreeMap<&'a str, Vec<i64>>;

fn by_commune<'a>(people: impl Iterator<Item = &'a Waiting>, now_ms: i64) -> ByCommune<'a> {
    let mut out: ByCommune = BTreeMap::new();
    for p in people {
        out.entry(p.commune.as_str()).or_default().push(now_ms - p.since_ms);
    }
    out
}

/// The cells of one territory: each commune's count, then the total, tied together.
struct Cells<'a> {
    communes: BTreeMap<&'a str, CellId>,
    total: CellId,
}

fn place<'a>(grid: &mut Grid, waits: &ByCommune<'a>) -> Cells<'a> {
    let communes: BTreeMap<&str, CellId> = waits.iter().map(|(c, w)| (*c, grid.count(w.len()))).collect();
    let total = grid.count(waits.values().map(Vec::len).sum());
    grid.relate(communes.values().copied().chain([total]).collect());
    Cells { communes, total }
}

/// Publishes the people out of reach of `teams` (each team's table too when `by_team`), as
/// of `now_ms`.
pub fn publish(people: &[Waiting], teams: &[i32], by_team: bool, now_ms: i64) -> Publication {
    let whole_waits = by_commune(people.iter().filter(|p| teams.contains(&p.team)), now_ms);
    let team_waits: Vec<(i32, ByCommune)> = if by_team {
        teams
            .iter()
            .map(|t| (*t, by_commune(people.iter().filter(|p| p.team == *t), now_ms)))
            .collect()
    } else {
        Vec::new()
    };

    let mut grid = Grid::default();
    let team_cells: Vec<Cells> = team_waits.iter().map(|(_, w)| place(&mut grid, w)).collect();
    let whole_cells = place(&mut grid, &whole_waits);
    if by_team {
        for (commune, cell) in &whole_cells.communes {
            let parts = team_cells.iter().filter_map(|t| t.communes.get(commune).copied());
            grid.relate(parts.chain([*cell]).collect());
        }
        // A team with nobody out of reach shows an empty table: its 0 is known, not a part.
        let totals = (team_cells.iter().zip(&team_waits))
            .filter(|(_, (_, waits))| !waits.is_empty())
            .map(|(cells, _)| cells.total);
        grid.relate(totals.chain([whole_cells.total]).collect());
    }
    let hidden = grid.suppress();

    let table = |waits: &ByCommune, cells: &Cells| {
        let figure = |n: usize, cell: CellId| match Figure::count(n) {
            Figure::Count(_) if hidden[cell] => Figure::Masked,
            f => f,
        };
        let lines = waits
            .iter()
            .map(|(commune, w)| {
                let people = figure(w.len(), cells.communes[commune]);
                let longest = w.iter().copied().max().unwrap_or(0);
                Line {
                    commune: commune.to_string(),
                    people,
                    longest_wait: match people {
                        Figure::Count(n) if n >= MIN_CELL => {
                            Figure::Days(whole_days_between(now_ms - longest, now_ms) as f64)
                        }
                        hidden => hidden,
                    },
                }
            })
            .collect();
        let total = figure(waits.values().map(Vec::len).sum(), cells.total);
        Table { lines, total }
    };
    Publication {
        teams: (team_waits.iter().zip(&team_cells))
            .map(|((team, w), cells)| (*team, table(w, cells)))
            .collect(),
        whole: table(&whole_waits, &whole_cells),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::duration::days;
    use crate::domain::indicators::suppression::derivable;
    use proptest::prelude::*;

    const NOW: i64 = 1_000 * 86_400_000;

    /// `n` people of `team` in `commune`, the first one waiting `longest` days, the others 1 day.
    fn people(team: i32, commune: &str, n: usize, longest: i64) -> Vec<Waiting> {
        (0..n)
            .map(|i| Waiting {
                team,
                commune: commune.into(),
                since_ms: NOW - days(if i == 0 { longest } else { 1 }),
            })
            .collect()
    }

    fn line<'a>(table: &'a Table, commune: &str) -> &'a Line {
        table.lines.iter().find(|l| l.commune == commune).unwrap()
    }

    #[test]
    fn a_commune_of_fewer_than_eleven_people_hides_its_count_and_its_longest_wait() {
        let mut all = people(1, "15120", 14, 120);
        all.extend(people(1, "15265", 3, 200));
        all.extend(people(1, "15162", 12, 30));
        let p = publish(&all, &[1], false, NOW);
        assert!(p.teams.is_empty());
        let ydes = line(&p.whole, "15265");
        assert_eq!((ydes.people, ydes.longest_wait), (Figure::Hidden, Figure::Hidden));
        assert_eq!(ydes.people.text(), "< 11");
        // The total minus the other communes would give Ydes back: the smallest other commune
        // (Riom, 12) is masked with it, and its wait too.
        let riom = line(&p.whole, "15162");
        assert_eq!((riom.people, riom.longest_wait), (Figure::Masked, Figure::Masked));
        let mauriac = line(&p.whole, "15120");
        assert_eq!(mauriac.people, Figure::Count(14));
        assert_eq!(mauriac.longest_wait.text(), "120\u{a0}jours");
        assert_eq!(p.whole.total, Figure::Count(29));
    }

    #[test]
    fn a_territory_of_one_commune_hides_its_total_with_it() {
        let p = publish(&people(1, "15120", 4, 10), &[1], false, NOW);
        assert_eq!(p.whole.lines.len(), 1);
        assert_eq!(p.whole.total, Figure::Hidden);
        let p = publish(&people(1, "15120", 11, 10), &[1], false, NOW);
        assert_eq!(p.whole.total, Figure::Count(11));
        assert_eq!(p.whole.lines[0].people, Figure::Count(11));
    }

    #[test]
    fn teams_and_all_of_them_hide_the_same_commune_both_ways() {
        // Mauriac: 12 followed by team 1, 3 by team 2; all of them: 15.
        let mut all = people(1, "15120", 12, 40);
        all.extend(people(2, "15120", 3, 90));
        all.extend(people(1, "15014", 20, 5));
        all.extend(people(2, "15014", 30, 5));
        let p = publish(&all, &[1, 2], true, NOW);
        let team = |t: i32| &p.teams.iter().find(|(id, _)| *id == t).unwrap().1;
        assert_eq!(line(team(2), "15120").people, Figure::Hidden);
        assert!(
            line(team(1), "15120").people.is_hidden() || line(&p.whole, "15120").people.is_hidden(),
            "15 − 12 would give team 2's 3 back"
        );
        assert!(
            [team(1), team(2), &p.whole]
                .iter()
                .all(|t| t.total.is_hidden() || { t.lines.iter().filter(|l| l.people.is_hidden()).count() != 1 }),
            "no total gives a single hidden commune back"
        );
    }

    #[test]
    fn people_of_a_team_the_reader_does_not_see_are_not_counted() {
        let mut all = people(1, "15120", 12, 40);
        all.extend(people(2, "15120", 30, 90));
        let p = publish(&all, &[1], false, NOW);
        assert_eq!(p.whole.lines[0].people, Figure::Count(12));
        assert_eq!(p.whole.lines[0].longest_wait.number(), "40");
    }

    const COMMUNES: [&str; 5] = ["15014", "15120", "15138", "15162", "15187"];

    proptest! {
        /// An auditor rebuilds, from the published tables alone, every sum a reader can use
        /// (a territory's communes and its total, a commune's teams and « Toutes les équipes »,
        /// the teams' totals and the whole total) and solves for unknowns: nothing hidden comes
        /// back, and every count under 11 is hidden.
        #[test]
        fn no_hidden_cell_can_be_worked_out_from_the_tables(
            groups in prop::collection::vec((1i32..4, 0usize..COMMUNES.len(), 1usize..25), 0..12)
        ) {
            let mut all = Vec::new();
            for (team, commune, n) in &groups {
                all.extend(people(*team, COMMUNES[*commune], *n, 10));
            }
            let p = publish(&all, &[1, 2, 3], true, NOW);
            let mut hidden: Vec<bool> = Vec::new();
            let mut relations: Vec<Vec<usize>> = Vec::new();
            let lines_of = |table: &Table, hidden: &mut Vec<bool>, relations: &mut Vec<Vec<usize>>| {
                let mut ids: Vec<(String, usize)> = Vec::new();
                for line in &table.lines {
                    hidden.push(line.people.is_hidden());
                    ids.push((line.commune.clone(), hidden.len() - 1));
                }
                // An empty table tells its total: 0.
                hidden.push(table.total.is_hidden() && !table.lines.is_empty());
                let total = hidden.len() - 1;
                relations.push(ids.iter().map(|(_, id)| *id).chain([total]).collect());
                (ids, total)
            };
            let teams: Vec<_> = p.teams.iter().map(|(_, t)| lines_of(t, &mut hidden, &mut relations)).collect();
            let (whole, whole_total) = lines_of(&p.whole, &mut hidden, &mut relations);
            for (commune, id) in &whole {
                let parts = teams.iter().filter_map(|(ids, _)| ids.iter().find(|(c, _)| c == commune).map(|(_, i)| *i));
                relations.push(parts.chain([*id]).collect());
            }
            relations.push(teams.iter().map(|(_, total)| *total).chain([whole_total]).collect());
            prop_assert!(derivable(&relations, &hidden).is_empty());

            for (team, table) in &p.teams {
                for line in &table.lines {
                    let n = all.iter().filter(|w| w.team == *team && w.commune == line.commune).count();
                    prop_assert_eq!(line.people.is_hidden(), n < MIN_CELL || line.people == Figure::Masked);
                    if let Figure::Count(shown) = line.people {
                        prop_assert_eq!(shown, n);
                    }
                }
            }
        }
    }
}
