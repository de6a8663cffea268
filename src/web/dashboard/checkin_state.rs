//! How a binôme's last check-in went, in a colour *and* a word (never the colour alone).

use crate::domain::checkin::ALERT_AFTER_MS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinState {
    Good,
    SoSo,
    Bad,
    /// Due for more than a week and nobody answered.
    NoAnswer,
    /// Due, not answered yet, still within the week.
    Pending,
    /// No check-in has fallen due yet.
    NotYet,
}

impl CheckinState {
    /// The state of the latest round of check-ins due (both sides): the worst answer given
    /// (`worst`: 0 "pas bien", 1 "moyen", 2 "bien"); without any answer, "sans réponse" once
    /// the week after `round_due` has passed.
    pub fn of(worst: Option<i32>, round_due: Option<i64>, now_ms: i64) -> Self {
        match (worst, round_due) {
            (Some(0), _) => CheckinState::Bad,
            (Some(1), _) => CheckinState::SoSo,
            (Some(_), _) => CheckinState::Good,
            (None, Some(due)) if now_ms - due > ALERT_AFTER_MS => CheckinState::NoAnswer,
            (None, Some(_)) => CheckinState::Pending,
            (None, None) => CheckinState::NotYet,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            CheckinState::Good => "bien",
            CheckinState::SoSo => "moyen",
            CheckinState::Bad => "pas bien",
            CheckinState::NoAnswer => "sans réponse",
            CheckinState::Pending => "réponse attendue",
            CheckinState::NotYet => "pas encore de point",
        }
    }

    /// The CSS class that gives the colour (static/binome.css).
    pub fn class(self) -> &'static str {
        match self {
            CheckinState::Good => "checkin-good",
            CheckinState::SoSo => "checkin-soso",
            CheckinState::Bad => "checkin-bad",
            CheckinState::NoAnswer => "checkin-none",
            CheckinState::Pending => "checkin-pending",
            CheckinState::NotYet => "checkin-notyet",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const DAY: i64 = 86_400_000;

    #[test]
    fn the_worst_answer_of_the_round_gives_the_state() {
        assert_eq!(CheckinState::of(Some(0), Some(0), 2 * DAY), CheckinState::Bad);
        assert_eq!(CheckinState::of(Some(1), Some(0), 2 * DAY), CheckinState::SoSo);
        assert_eq!(CheckinState::of(Some(2), Some(0), 30 * DAY), CheckinState::Good);
    }

    #[test]
    fn silence_becomes_no_answer_after_a_week() {
        assert_eq!(CheckinState::of(None, Some(0), 3 * DAY), CheckinState::Pending);
        assert_eq!(CheckinState::of(None, Some(0), 8 * DAY), CheckinState::NoAnswer);
        assert_eq!(CheckinState::of(None, None, 8 * DAY), CheckinState::NotYet);
        assert_eq!(CheckinState::NoAnswer.word(), "sans réponse");
        assert_eq!(CheckinState::NoAnswer.class(), "checkin-none");
    }
}
