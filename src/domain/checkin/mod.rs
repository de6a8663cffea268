//! Check-ins (points de suivi): when they fall due, what a due check-in sets in motion
//! (`plan`), and which answers need a coordinator now.

mod plan;

pub use plan::{Opening, Party, Plan, Reminder, Request, Round, Side, plan, reminders};

use super::duration::DAY_MS;
/// The first check-in falls two weeks after the binôme becomes active.
pub const FIRST_AFTER_MS: i64 = 14 * DAY_MS;
/// Then every four weeks, unless the team chose another interval.
pub const DEFAULT_EVERY_DAYS: i32 = 28;
/// A reminder after three days without an answer, an alert to the coordinator after seven.
pub const REMINDER_AFTER_MS: i64 = 3 * DAY_MS;
pub const ALERT_AFTER_MS: i64 = 7 * DAY_MS;

/// When the check-in after one due at `due_ms` is due, at the team's interval.
pub fn next_due(due_ms: i64, every_days: i32) -> i64 {
    due_ms + i64::from(every_days) * DAY_MS
}

/// When check-in number `n` (1-based) is due for a binôme active since `active_since_ms`,
/// at the default interval.
pub fn due_at(active_since_ms: i64, n: i32) -> i64 {
    (1..n.max(1)).fold(active_since_ms + FIRST_AFTER_MS, |due, _| {
        next_due(due, DEFAULT_EVERY_DAYS)
    })
}

/// The interval a team types, in days: from one week to three months.
pub fn parse_every_days(text: &str) -> Result<i32, &'static str> {
    match text.trim().parse::<i32>() {
        Ok(days) if (7..=91).contains(&days) => Ok(days),
        Ok(_) => Err("Choisissez un intervalle entre 7 et 91 jours."),
        Err(_) => Err("Indiquez un nombre de jours, par exemple 28."),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    Good,
    SoSo,
    Bad,
}

impl Mood {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "bien" => Some(Mood::Good),
            "moyen" => Some(Mood::SoSo),
            "pas_bien" => Some(Mood::Bad),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Continue,
    Pause,
    Stop,
}

impl Decision {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "continuer" => Some(Decision::Continue),
            "pause" => Some(Decision::Pause),
            "arreter" => Some(Decision::Stop),
            _ => None,
        }
    }
}

/// Answers that raise an alert at once, with the words the coordinator reads.
pub fn alert_for(mood: Mood, decision: Decision, call_back: bool) -> Option<&'static str> {
    if mood == Mood::Bad {
        Some("ça ne va pas bien")
    } else if decision == Decision::Stop {
        Some("souhaite arrêter")
    } else if call_back {
        Some("voudrait être rappelé·e")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_weeks_then_every_four() {
        assert_eq!(due_at(0, 1), 14 * DAY_MS);
        assert_eq!(due_at(0, 2), 42 * DAY_MS);
        assert_eq!(due_at(5, 3), 5 + 70 * DAY_MS);
        assert_eq!(next_due(due_at(0, 2), 14), 56 * DAY_MS, "then at the team's interval");
    }

    #[test]
    fn a_team_interval_is_between_a_week_and_three_months() {
        assert_eq!(parse_every_days(" 14 "), Ok(14));
        assert!(parse_every_days("6").is_err());
        assert!(parse_every_days("92").is_err());
        assert!(parse_every_days("deux semaines").is_err());
    }

    #[test]
    fn distress_stop_and_call_back_raise_alerts() {
        assert!(alert_for(Mood::Bad, Decision::Continue, false).is_some());
        assert!(alert_for(Mood::Good, Decision::Stop, false).is_some());
        assert!(alert_for(Mood::SoSo, Decision::Continue, true).is_some());
        assert_eq!(alert_for(Mood::SoSo, Decision::Continue, false), None);
    }
}
