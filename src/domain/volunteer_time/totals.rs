//! The time volunteers gave, by team and year, for the indicators: how many volunteers
//! logged, their hours and their kilometres. A team's hours are a figure about its
//! volunteers, so they follow the rule of small cells like the other indicators: under
//! `MIN_CELL` volunteers, neither the count nor the sums are published, and the cells that
//! would give them back by subtraction (the teams and their total) are masked too.

use super::decimal_text;
use crate::domain::indicators::suppression::Grid;
use crate::domain::indicators::{Figure, MIN_CELL};
use std::collections::BTreeSet;

/// One logged month, as the indicators read it: no name, the volunteer's id only to count
/// volunteers once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeFact {
    pub person_id: i32,
    pub team_id: Option<i32>,
    pub year: i32,
    pub hours_centi: u32,
    pub km_tenths: u32,
}

/// A published sum (hours or kilometres), or why it is not shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Sum {
    /// The sum, already written the French way (« 1 234,5 »).
    Shown(String),
    /// Fewer than `MIN_CELL` volunteers, or it would give such a sum back.
    Hidden(Figure),
}

impl Sum {
    pub fn text(&self) -> String {
        match self {
            Sum::Shown(text) => text.clone(),
            Sum::Hidden(figure) => figure.text(),
        }
    }
}

/// One line of the table: a team (or all of them) in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// `None` for the total of every team read.
    pub team_id: Option<i32>,
    pub year: i32,
    pub volunteers: Figure,
    pub hours: Sum,
    pub km: Sum,
}

#[derive(Default, Clone, Copy)]
struct Raw {
    volunteers: usize,
    hours_centi: u64,
    km_tenths: u64,
}

fn raw(facts: &[TimeFact], team: Option<i32>, year: i32) -> Raw {
    let rows: Vec<&TimeFact> = facts
        .iter()
        .filter(|f| f.year == year && (team.is_none() || f.team_id == team))
        .collect();
    Raw {
        volunteers: rows.iter().map(|f| f.person_id).collect::<BTreeSet<_>>().len(),
        hours_centi: rows.iter().map(|f| u64::from(f.hours_centi)).sum(),
        km_tenths: rows.iter().map(|f| u64::from(f.km_tenths)).sum(),
    }
}

/// The lines for `years`: each of `teams` when there are several, then all of them
/// together; `facts` are those of `teams` only.
pub fn lines(facts: &[TimeFact], teams: &[i32], years: &[i32]) -> Vec<Line> {
    let mut territories: Vec<Option<i32>> = if teams.len() > 1 {
        teams.iter().copied().map(Some).collect()
    } else {
        Vec::new()
    };
    territories.push(None);
    let mut grid = Grid::default();
    let mut cells: Vec<(Option<i32>, i32, Raw, [usize; 3])> = Vec::new();
    for &year in years {
        for &team in &territories {
            let r = raw(facts, team, year);
            let ids = [
                grid.count(r.volunteers),
                grid.rate(r.volunteers),
                grid.rate(r.volunteers),
            ];
            cells.push((team, year, r, ids));
        }
        if territories.len() > 1 {
            let of_year: Vec<&(Option<i32>, i32, Raw, [usize; 3])> =
                cells.iter().filter(|(_, y, _, _)| *y == year).collect();
            for measure in 0..3 {
                grid.relate(of_year.iter().map(|(_, _, _, ids)| ids[measure]).collect());
            }
        }
    }
    let hidden = grid.suppress();
    // A hidden cell reads "< 11" when it is about fewer volunteers, "masqué" otherwise.
    let why = |id: usize, volunteers: usize| match (hidden[id], volunteers < MIN_CELL) {
        (false, _) => None,
        (true, true) => Some(Figure::Hidden),
        (true, false) => Some(Figure::Masked),
    };
    cells
        .into_iter()
        .map(|(team_id, year, r, [v, h, k])| {
            let sum = |id: usize, text: String| why(id, r.volunteers).map_or(Sum::Shown(text), Sum::Hidden);
            Line {
                team_id,
                year,
                volunteers: why(v, r.volunteers).unwrap_or(Figure::Count(r.volunteers)),
                hours: sum(h, decimal_text(r.hours_centi.div_ceil(100), 1)),
                km: sum(k, decimal_text(r.km_tenths.div_ceil(10), 1)),
            }
        })
        .collect()
}

/// The years a table shows in `now_year`: this year and the one before.
pub fn years(now_year: i32) -> [i32; 2] {
    [now_year, now_year - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(volunteers: std::ops::Range<i32>, team: i32, year: i32) -> Vec<TimeFact> {
        volunteers
            .map(|person_id| TimeFact {
                person_id,
                team_id: Some(team),
                year,
                hours_centi: 1_050,
                km_tenths: 200,
            })
            .collect()
    }

    #[test]
    fn eleven_volunteers_are_published_ten_are_not() {
        let facts = [logged(0..11, 1, 2027), logged(100..110, 1, 2026)].concat();
        let lines = lines(&facts, &[1], &years(2027));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].volunteers, Figure::Count(11));
        assert_eq!(lines[0].hours, Sum::Shown("116".into()), "11 × 10,5 h, rounded up");
        assert_eq!(lines[0].km.text(), "220");
        assert_eq!(lines[1].volunteers, Figure::Hidden);
        assert_eq!(
            (lines[1].hours.text(), lines[1].km.text()),
            ("< 11".into(), "< 11".into())
        );
    }

    #[test]
    fn a_volunteer_who_logged_several_months_counts_once() {
        let mut facts = logged(0..11, 1, 2027);
        facts.extend(logged(0..11, 1, 2027));
        let lines = lines(&facts, &[1], &[2027]);
        assert_eq!(lines[0].volunteers, Figure::Count(11));
        assert_eq!(lines[0].hours.text(), "231");
    }

    #[test]
    fn a_small_team_cannot_be_worked_out_from_the_total() {
        let facts = [logged(0..20, 1, 2027), logged(100..105, 2, 2027)].concat();
        let lines = lines(&facts, &[1, 2], &[2027]);
        let small = lines.iter().find(|l| l.team_id == Some(2)).unwrap();
        assert_eq!(small.volunteers, Figure::Hidden);
        assert!(small.hours.text() == "< 11" && small.km.text() == "< 11");
        let big = lines.iter().find(|l| l.team_id == Some(1)).unwrap();
        let total = lines.iter().find(|l| l.team_id.is_none()).unwrap();
        for (a, b) in [(&big.hours, &total.hours), (&big.km, &total.km)] {
            assert!(
                matches!(a, Sum::Hidden(_)) || matches!(b, Sum::Hidden(_)),
                "the big team or the total is masked: {a:?} {b:?}"
            );
        }
        assert!(big.volunteers.is_hidden() || total.volunteers.is_hidden());
    }
}
