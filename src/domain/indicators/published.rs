//! Every count and rate the indicators publish to one reader — for each of their teams and for
//! all of them together, over each period offered — as one suppression grid with the relations
//! a reader could use between them:
//! - in a month, binômes met in person plus by telephone make the total created;
//! - the months of a period add up to the period (binômes created and ended, check-ins due and
//!   answered, answers and answers to continue), and the reasons add up to the binômes ended;
//! - a rate follows from its two counts, and either count from the rate and the other one;
//! - binômes under way in the current month are those under way today;
//! - each count of the teams adds up to the same count of « Toutes les équipes ».
//!
//! One grid for every page and file a reader may ask for, built in a fixed order, so that a
//! cell is hidden the same way wherever and whenever it shows. Medians are not in it: they are
//! published only over at least `MIN_CELL` people and no sum gives them back.

use super::report::{MonthFigures, Report, band_counts};
use super::suppression::{CellId, Grid};
use super::{Figure, Month};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    CreatedInPerson,
    CreatedPhone,
    Created,
    Running,
    Ended,
    /// Binômes ended that had started (those with a duration).
    Started,
    Due,
    Answered,
    ResponseRate,
    Decided,
    Continued,
    ContinuationRate,
    /// Binômes ended, by reason, in `EndReason::ALL` order.
    Reason(usize),
    /// Isolation at sign-up and at check-ins, by band of `BANDS`.
    SignupBand(usize),
    CheckinBand(usize),
    Waiting,
    RunningNow,
}

impl Measure {
    fn is_rate(self) -> bool {
        matches!(self, Measure::ResponseRate | Measure::ContinuationRate)
    }
}

/// When a figure counts: in a month, over a period of so many months, or today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    Month(Month),
    Period(usize),
    Now,
}

/// One published figure: its territory (an index into the reader's territories), what it
/// measures and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub territory: usize,
    pub measure: Measure,
    pub when: When,
}

/// The cells suppression hides, primary and complementary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hidden(BTreeSet<Key>);

impl Hidden {
    pub fn contains(&self, key: &Key) -> bool {
        self.0.contains(key)
    }

    /// A count as published: "< 11" when small, "masqué" when hidden to protect a small one.
    pub fn count(&self, key: Key, n: usize) -> Figure {
        match Figure::count(n) {
            Figure::Count(_) if self.contains(&key) => Figure::Masked,
            figure => figure,
        }
    }

    /// `part` out of `whole` as published.
    pub fn rate(&self, key: Key, part: usize, whole: usize) -> Figure {
        match Figure::rate(part, whole) {
            Figure::Percent(_) if self.contains(&key) => Figure::Masked,
            figure => figure,
        }
    }
}

#[derive(Default)]
struct Builder {
    grid: Grid,
    ids: BTreeMap<Key, CellId>,
    /// Keys in the order their cells were made, for relations between territories.
    order: Vec<Key>,
}

impl Builder {
    fn cell(&mut self, key: Key, make: impl FnOnce(&mut Grid) -> CellId) -> CellId {
        if let Some(id) = self.ids.get(&key) {
            return *id;
        }
        let id = make(&mut self.grid);
        self.ids.insert(key, id);
        self.order.push(key);
        id
    }

    fn count(&mut self, key: Key, n: usize) -> CellId {
        self.cell(key, |grid| grid.count(n))
    }

    fn rate(&mut self, key: Key, whole: usize) -> CellId {
        self.cell(key, |grid| grid.rate(whole))
    }
}

/// The cells to hide for a reader shown `teams` (each with one report per period offered,
/// empty when the reader has a single team) and `whole`, all of them together (its
/// territory is `teams.len()`).
pub fn hidden(teams: &[Vec<Report>], whole: &[Report]) -> Hidden {
    let mut b = Builder::default();
    for (territory, reports) in teams.iter().map(Vec::as_slice).chain([whole]).enumerate() {
        add_territory(&mut b, territory, reports);
    }
    if !teams.is_empty() {
        let all = teams.len();
        let keys: Vec<Key> = b.order.iter().filter(|k| k.territory == all).copied().collect();
        for key in keys.into_iter().filter(|k| !k.measure.is_rate()) {
            let cells: Vec<CellId> = (0..=all)
                .filter_map(|territory| b.ids.get(&Key { territory, ..key }).copied())
                .collect();
            b.grid.relate(cells);
        }
    }
    let hidden = b.grid.suppress();
    Hidden(
        b.ids
            .into_iter()
            .filter(|(_, id)| hidden[*id])
            .map(|(k, _)| k)
            .collect(),
    )
}

fn add_territory(b: &mut Builder, territory: usize, reports: &[Report]) {
    let key = |measure, when| Key {
        territory,
        measure,
        when,
    };
    for r in reports {
        for m in &r.months {
            add_month(b, territory, m);
        }
        let period = When::Period(r.months.len());
        let months = |measure| -> Vec<Key> { r.months.iter().map(|m| key(measure, When::Month(m.month))).collect() };
        let sum = |b: &mut Builder, measure, total: usize| {
            let mut cells: Vec<CellId> = months(measure).iter().filter_map(|k| b.ids.get(k).copied()).collect();
            let total = b.count(key(measure, period), total);
            cells.push(total);
            b.grid.relate(cells);
            total
        };
        sum(b, Measure::Created, r.created());
        let ended = sum(b, Measure::Ended, r.ended());
        let due = sum(b, Measure::Due, r.due());
        let answered = sum(b, Measure::Answered, r.answered());
        let decided = sum(b, Measure::Decided, r.decided());
        let continued = sum(b, Measure::Continued, r.continued());
        let response = b.rate(key(Measure::ResponseRate, period), r.due());
        b.grid.relate(vec![due, answered, response]);
        let continuation = b.rate(key(Measure::ContinuationRate, period), r.decided());
        b.grid.relate(vec![decided, continued, continuation]);
        let mut reasons: Vec<CellId> = r
            .ended_by_reason
            .iter()
            .enumerate()
            .map(|(i, (_, n))| b.count(key(Measure::Reason(i), period), *n))
            .collect();
        reasons.push(ended);
        b.grid.relate(reasons);
        let bands = [
            (Measure::SignupBand as fn(usize) -> Measure, &r.isolation_at_signup),
            (Measure::CheckinBand, &r.isolation_at_checkins),
        ];
        for (measure, scores) in bands {
            for (i, n) in band_counts(scores).into_iter().enumerate() {
                b.count(key(measure(i), period), n);
            }
        }
    }
    if let Some(r) = reports.first() {
        b.count(key(Measure::Waiting, When::Now), r.waits_ms.len());
        let now = b.count(key(Measure::RunningNow, When::Now), r.running_now);
        let current = r.months.last().map(|m| key(Measure::Running, When::Month(m.month)));
        if let Some(running) = current.and_then(|k| b.ids.get(&k).copied()) {
            b.grid.relate(vec![running, now]);
        }
    }
}

fn add_month(b: &mut Builder, territory: usize, m: &MonthFigures) {
    let key = |measure| Key {
        territory,
        measure,
        when: When::Month(m.month),
    };
    if b.ids.contains_key(&key(Measure::Created)) {
        return;
    }
    let in_person = b.count(key(Measure::CreatedInPerson), m.created_in_person);
    let phone = b.count(key(Measure::CreatedPhone), m.created_phone);
    let created = b.count(key(Measure::Created), m.created_in_person + m.created_phone);
    b.grid.relate(vec![in_person, phone, created]);
    b.count(key(Measure::Running), m.running);
    b.count(key(Measure::Ended), m.ended);
    b.count(key(Measure::Started), m.durations_ms.len());
    let due = b.count(key(Measure::Due), m.due);
    let answered = b.count(key(Measure::Answered), m.answered);
    let response = b.rate(key(Measure::ResponseRate), m.due);
    b.grid.relate(vec![due, answered, response]);
    let decided = b.count(key(Measure::Decided), m.decided);
    let continued = b.count(key(Measure::Continued), m.continued);
    let continuation = b.rate(key(Measure::ContinuationRate), m.decided);
    b.grid.relate(vec![decided, continued, continuation]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::facts::{Facts, PairingFacts};
    use crate::domain::indicators::report::report;
    use crate::domain::pairing::EndReason;

    fn binomes(team_id: i32, phone: bool, n: usize, at: i64) -> Vec<PairingFacts> {
        let one = PairingFacts {
            team_id,
            beneficiary_id: 1,
            phone,
            open: true,
            created_at: at,
            activated_at: Some(at),
            ended_at: None,
            end_reason: EndReason::Other,
        };
        vec![one; n]
    }

    #[test]
    fn a_small_cell_is_protected_in_its_month_across_teams_and_in_its_period() {
        let months = Month::last(2, 1_780_000_000_000);
        let (before, last) = (months[0], months[1]);
        let mut pairings = binomes(1, false, 141, last.start_ms());
        pairings.extend(binomes(1, true, 5, last.start_ms()));
        pairings.extend(binomes(1, false, 20, before.start_ms()));
        pairings.extend(binomes(2, false, 20, last.start_ms()));
        pairings.extend(binomes(2, true, 30, last.start_ms()));
        let facts = Facts {
            pairings,
            ..Default::default()
        };
        let now = last.start_ms() + 86_400_000;
        let reports = |facts: &Facts| vec![report(facts, &months, now)];
        let teams = [reports(&facts.of_team(1)), reports(&facts.of_team(2))];
        let hidden = hidden(&teams, &reports(&facts));
        let key = |territory, measure, when| Key {
            territory,
            measure,
            when,
        };
        let created = |territory, measure| key(territory, measure, When::Month(last));
        assert!(hidden.contains(&created(0, Measure::CreatedPhone)), "5 by telephone");
        assert_eq!(
            hidden.count(created(0, Measure::CreatedInPerson), 141),
            Figure::Masked,
            "146 − 141 would give the 5"
        );
        assert!(
            hidden.contains(&created(1, Measure::CreatedPhone)) || hidden.contains(&created(2, Measure::CreatedPhone)),
            "35 − 30 would give the 5"
        );
        let in_period = [When::Month(before), When::Month(last), When::Period(2)]
            .map(|when| hidden.contains(&key(0, Measure::Created, when)))
            .iter()
            .filter(|h| **h)
            .count();
        assert_ne!(in_period, 1, "the period and its months never hide exactly one");
        assert_eq!(hidden.count(key(2, Measure::Waiting, When::Now), 0), Figure::Hidden);
    }
}
