//! From the facts of a territory to the figures of each month of a period.

use super::Month;
use super::facts::{CheckinFacts, Facts, PairingFacts};
use crate::domain::checkin::Decision;
use crate::domain::pairing::EndReason;

/// The raw figures of one month; publishing them goes through `Figure`.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthFigures {
    pub month: Month,
    pub created_in_person: usize,
    pub created_phone: usize,
    /// Active or paused at the end of the month (or now, for the current month).
    pub running: usize,
    pub ended: usize,
    /// Durations from activation to end of the binômes ended this month.
    pub durations_ms: Vec<i64>,
    /// Check-ins due this month (by now), and how many of them were answered.
    pub due: usize,
    pub answered: usize,
    /// Answers given this month with a decision, and those choosing to continue.
    pub decided: usize,
    pub continued: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub months: Vec<MonthFigures>,
    /// Binômes ended during the period, by reason, in `EndReason::ALL` order.
    pub ended_by_reason: Vec<(EndReason, usize)>,
    /// Isolation of the isolated people who signed up during the period.
    pub isolation_at_signup: Vec<i64>,
    /// Isolation the isolated people gave in check-ins answered during the period.
    pub isolation_at_checkins: Vec<i64>,
    /// How long each isolated person waiting without a binôme has waited, now.
    pub waits_ms: Vec<i64>,
    pub running_now: usize,
}

/// Isolation bands of the distribution: little, some, much.
pub const BANDS: [(i64, i64); 3] = [(0, 3), (4, 6), (7, 10)];

pub fn band_counts(scores: &[i64]) -> [usize; 3] {
    BANDS.map(|(lo, hi)| scores.iter().filter(|s| (lo..=hi).contains(*s)).count())
}

impl Report {
    fn total(&self, f: impl Fn(&MonthFigures) -> usize) -> usize {
        self.months.iter().map(f).sum()
    }
    pub fn created(&self) -> usize {
        self.total(|m| m.created_in_person + m.created_phone)
    }
    pub fn ended(&self) -> usize {
        self.total(|m| m.ended)
    }
    pub fn due(&self) -> usize {
        self.total(|m| m.due)
    }
    pub fn answered(&self) -> usize {
        self.total(|m| m.answered)
    }
    pub fn decided(&self) -> usize {
        self.total(|m| m.decided)
    }
    pub fn continued(&self) -> usize {
        self.total(|m| m.continued)
    }
    pub fn durations_ms(&self) -> Vec<i64> {
        self.months
            .iter()
            .flat_map(|m| m.durations_ms.iter().copied())
            .collect()
    }
}

fn running_at(p: &PairingFacts, at: i64) -> bool {
    p.activated_at.is_some_and(|a| a < at) && p.ended_at.is_none_or(|e| e >= at)
}

fn in_period(months: &[Month], at: i64) -> bool {
    months.first().is_some_and(|m| at >= m.start_ms()) && months.last().is_some_and(|m| at < m.end_ms())
}

fn month_figures(facts: &Facts, month: Month, now_ms: i64) -> MonthFigures {
    let created: Vec<&PairingFacts> = facts.pairings.iter().filter(|p| month.contains(p.created_at)).collect();
    let ended: Vec<&PairingFacts> = facts
        .pairings
        .iter()
        .filter(|p| p.ended_at.is_some_and(|e| month.contains(e)))
        .collect();
    let due: Vec<&CheckinFacts> = facts
        .checkins
        .iter()
        .filter(|c| month.contains(c.due_at) && c.due_at <= now_ms)
        .collect();
    let decided: Vec<Decision> = facts
        .checkins
        .iter()
        .filter(|c| c.answered_at.is_some_and(|a| month.contains(a)))
        .filter_map(|c| c.decision)
        .collect();
    let end_of_month = month.end_ms().min(now_ms);
    MonthFigures {
        month,
        created_in_person: created.iter().filter(|p| !p.phone).count(),
        created_phone: created.iter().filter(|p| p.phone).count(),
        running: facts.pairings.iter().filter(|p| running_at(p, end_of_month)).count(),
        ended: ended.len(),
        durations_ms: ended
            .iter()
            .filter_map(|p| Some(p.ended_at? - p.activated_at?))
            .collect(),
        due: due.len(),
        answered: due.iter().filter(|c| c.answered_at.is_some()).count(),
        decided: decided.len(),
        continued: decided.iter().filter(|d| **d == Decision::Continue).count(),
    }
}

/// The figures of `months` (consecutive, oldest first) as known at `now_ms`.
pub fn report(facts: &Facts, months: &[Month], now_ms: i64) -> Report {
    let ended_by_reason = EndReason::ALL
        .into_iter()
        .map(|reason| {
            let n = facts
                .pairings
                .iter()
                .filter(|p| p.end_reason == reason && p.ended_at.is_some_and(|e| in_period(months, e)))
                .count();
            (reason, n)
        })
        .collect();
    let paired: std::collections::HashSet<i32> = facts
        .pairings
        .iter()
        .filter(|p| p.open)
        .map(|p| p.beneficiary_id)
        .collect();
    Report {
        months: months.iter().map(|m| month_figures(facts, *m, now_ms)).collect(),
        ended_by_reason,
        isolation_at_signup: facts
            .people
            .iter()
            .filter(|p| in_period(months, p.created_at))
            .filter_map(|p| p.isolation.map(i64::from))
            .collect(),
        isolation_at_checkins: facts
            .checkins
            .iter()
            .filter(|c| c.beneficiary && c.answered_at.is_some_and(|a| in_period(months, a)))
            .filter_map(|c| c.isolation.map(i64::from))
            .collect(),
        waits_ms: facts
            .people
            .iter()
            .filter(|p| p.waiting && !paired.contains(&p.id))
            .map(|p| now_ms - p.waiting_since)
            .collect(),
        running_now: facts.pairings.iter().filter(|p| running_at(p, now_ms)).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::facts::PersonFacts;

    const DAY: i64 = 86_400_000;

    fn month(code: &str) -> Month {
        let day = chrono::NaiveDate::parse_from_str(&format!("{code}-01"), "%Y-%m-%d").unwrap();
        Month::of(day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis()).unwrap()
    }

    fn pairing(created_at: i64, activated_at: Option<i64>, ended_at: Option<i64>) -> PairingFacts {
        PairingFacts {
            team_id: 1,
            beneficiary_id: 1,
            phone: false,
            open: ended_at.is_none(),
            created_at,
            activated_at,
            ended_at,
            end_reason: EndReason::Other,
        }
    }

    #[test]
    fn binomes_are_counted_in_the_month_they_were_created_ran_and_ended() {
        let (jan, feb, mar) = (month("2026-01"), month("2026-02"), month("2026-03"));
        let day = |m: Month, d: i64| m.start_ms() + d * DAY;
        let mut phone = pairing(day(jan, 3), Some(day(jan, 10)), None);
        phone.phone = true;
        let mut moved = pairing(day(jan, 5), Some(day(jan, 12)), Some(day(feb, 12)));
        moved.end_reason = EndReason::Moved;
        let never_started = pairing(day(feb, 1), None, Some(day(feb, 2)));
        let facts = Facts {
            pairings: vec![phone, moved, never_started],
            ..Default::default()
        };
        let r = report(&facts, &[jan, feb, mar], day(mar, 10));
        let [j, f, m] = [&r.months[0], &r.months[1], &r.months[2]];
        assert_eq!((j.created_in_person, j.created_phone, f.created_in_person), (1, 1, 1));
        assert_eq!((j.running, f.running, m.running, r.running_now), (2, 1, 1, 1));
        assert_eq!((j.ended, f.ended), (0, 2));
        assert_eq!(
            f.durations_ms,
            vec![31 * DAY],
            "only a binôme that started has a duration"
        );
        assert_eq!(r.ended_by_reason[1], (EndReason::Moved, 1));
        assert_eq!(r.ended_by_reason[5], (EndReason::Other, 1));
        assert_eq!(r.created(), 3);
    }

    #[test]
    fn check_ins_give_response_and_continuation_rates_and_isolation() {
        let jan = month("2026-01");
        let now = jan.start_ms() + 20 * DAY;
        let checkin = |due: i64, answered: Option<i64>, decision: Option<Decision>| CheckinFacts {
            team_id: 1,
            beneficiary: true,
            due_at: jan.start_ms() + due * DAY,
            answered_at: answered.map(|a| jan.start_ms() + a * DAY),
            decision,
            isolation: Some(6),
        };
        let facts = Facts {
            checkins: vec![
                checkin(1, Some(2), Some(Decision::Continue)),
                checkin(3, Some(4), Some(Decision::Pause)),
                checkin(5, None, None),
                checkin(25, None, None),
            ],
            ..Default::default()
        };
        let r = report(&facts, &[jan], now);
        let j = &r.months[0];
        assert_eq!((j.due, j.answered), (3, 2), "a check-in not due yet is not counted");
        assert_eq!((j.decided, j.continued), (2, 1));
        assert_eq!(r.isolation_at_checkins, vec![6, 6]);
    }

    #[test]
    fn people_waiting_are_those_without_a_binome_under_way() {
        let jan = month("2026-01");
        let now = jan.start_ms() + 10 * DAY;
        let person = |id: i32, waiting: bool, isolation: Option<i32>| PersonFacts {
            id,
            team_id: Some(1),
            waiting,
            waiting_since: jan.start_ms(),
            created_at: jan.start_ms(),
            isolation,
        };
        let mut proposed = pairing(jan.start_ms(), None, None);
        proposed.beneficiary_id = 2;
        let facts = Facts {
            people: vec![
                person(1, true, Some(8)),
                person(2, true, None),
                person(3, false, Some(3)),
            ],
            pairings: vec![proposed],
            ..Default::default()
        };
        let r = report(&facts, &[jan], now);
        assert_eq!(r.waits_ms, vec![10 * DAY]);
        assert_eq!(r.isolation_at_signup, vec![8, 3]);
        assert_eq!(band_counts(&[0, 3, 4, 7, 10, 10]), [2, 1, 3]);
        assert_eq!(facts.of_team(2), Facts::default());
    }
}
