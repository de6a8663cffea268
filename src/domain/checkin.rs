//! Check-ins (points de suivi): when they fall due, and which answers need a coordinator now.

pub const DAY_MS: i64 = 24 * 3600 * 1000;
/// The first check-in falls two weeks after the binôme becomes active.
pub const FIRST_AFTER_MS: i64 = 14 * DAY_MS;
/// Then every four weeks.
pub const EVERY_MS: i64 = 28 * DAY_MS;
/// A reminder after three days without an answer, an alert to the coordinator after seven.
pub const REMINDER_AFTER_MS: i64 = 3 * DAY_MS;
pub const ALERT_AFTER_MS: i64 = 7 * DAY_MS;

/// When check-in number `n` (1-based) is due for a binôme active since `active_since_ms`.
pub fn due_at(active_since_ms: i64, n: i32) -> i64 {
    active_since_ms + FIRST_AFTER_MS + EVERY_MS * i64::from(n.max(1) - 1)
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
    }

    #[test]
    fn distress_stop_and_call_back_raise_alerts() {
        assert!(alert_for(Mood::Bad, Decision::Continue, false).is_some());
        assert!(alert_for(Mood::Good, Decision::Stop, false).is_some());
        assert!(alert_for(Mood::SoSo, Decision::Continue, true).is_some());
        assert_eq!(alert_for(Mood::SoSo, Decision::Continue, false), None);
    }
}
