//! The life of a binôme: `proposed → accepted | declined | expired → agreed → introduced →
//! active ⇄ paused → ended`. Only these transitions exist; either side may end at any time.
//! What each step implies is its `plan`; before a binôme exists, a suggestion has its status.

mod plan;
mod suggestion;

pub use plan::{Binome, Exclusion, Job, Opening, PROPOSAL_LIFETIME_MS, Plan, StatusChange, open};
pub use suggestion::SuggestionStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Proposed,
    Accepted,
    Declined,
    Expired,
    Agreed,
    Introduced,
    Active,
    Paused,
    Ended,
}

impl State {
    pub const ALL: [State; 9] = [
        State::Proposed,
        State::Accepted,
        State::Declined,
        State::Expired,
        State::Agreed,
        State::Introduced,
        State::Active,
        State::Paused,
        State::Ended,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Proposed => "proposed",
            State::Accepted => "accepted",
            State::Declined => "declined",
            State::Expired => "expired",
            State::Agreed => "agreed",
            State::Introduced => "introduced",
            State::Active => "active",
            State::Paused => "paused",
            State::Ended => "ended",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Proposed => "proposé au ou à la bénévole",
            State::Accepted => "accepté par le ou la bénévole",
            State::Declined => "refusé par le ou la bénévole",
            State::Expired => "sans réponse",
            State::Agreed => "accord des deux",
            State::Introduced => "première rencontre faite",
            State::Active => "en cours",
            State::Paused => "en pause",
            State::Ended => "terminé",
        }
    }

    /// Whether the binôme is over (the volunteer's place and the person's turn are free again).
    pub fn is_closed(self) -> bool {
        matches!(self, State::Declined | State::Expired | State::Ended)
    }
}

/// Why a binôme ended, as the coordinator records it (never a health detail). Counted, by
/// month, in the anonymous indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndReason {
    /// Things went well and the pair has become independent, or the need is over.
    GoalReached,
    /// One of them moved away or is no longer available.
    Moved,
    /// Not enough time on one side.
    NoTime,
    /// They did not get on.
    NoMatch,
    /// The volunteer or the person stopped answering.
    NoAnswer,
    /// Anything else, or no reason given.
    Other,
}

impl EndReason {
    pub const ALL: [EndReason; 6] = [
        EndReason::GoalReached,
        EndReason::Moved,
        EndReason::NoTime,
        EndReason::NoMatch,
        EndReason::NoAnswer,
        EndReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EndReason::GoalReached => "goal_reached",
            EndReason::Moved => "moved",
            EndReason::NoTime => "no_time",
            EndReason::NoMatch => "no_match",
            EndReason::NoAnswer => "no_answer",
            EndReason::Other => "other",
        }
    }

    /// Unknown or missing codes count as "other".
    pub fn parse(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .unwrap_or(EndReason::Other)
    }

    pub fn label(self) -> &'static str {
        match self {
            EndReason::GoalReached => "le binôme n'a plus besoin de nous",
            EndReason::Moved => "déménagement ou indisponibilité",
            EndReason::NoTime => "manque de temps",
            EndReason::NoMatch => "pas d'entente",
            EndReason::NoAnswer => "plus de nouvelles",
            EndReason::Other => "autre ou non précisé",
        }
    }
}

/// What someone does to a binôme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Accept,
    Decline,
    Expire,
    Agree,
    Introduce,
    Activate,
    Pause,
    Resume,
    End,
}

/// The state an action leads to, if it is allowed from `from`.
pub fn next(from: State, action: Action) -> Option<State> {
    use Action as A;
    use State as S;
    match (from, action) {
        (S::Proposed, A::Accept) => Some(S::Accepted),
        (S::Proposed, A::Decline) => Some(S::Declined),
        (S::Proposed, A::Expire) => Some(S::Expired),
        (S::Accepted, A::Agree) => Some(S::Agreed),
        (S::Agreed, A::Introduce) => Some(S::Introduced),
        (S::Introduced, A::Activate) => Some(S::Active),
        (S::Active, A::Pause) => Some(S::Paused),
        (S::Paused, A::Resume) => Some(S::Active),
        // Either side may stop at any time once the volunteer said yes.
        (S::Accepted | S::Agreed | S::Introduced | S::Active | S::Paused, A::End) => Some(S::Ended),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [Action; 9] = [
        Action::Accept,
        Action::Decline,
        Action::Expire,
        Action::Agree,
        Action::Introduce,
        Action::Activate,
        Action::Pause,
        Action::Resume,
        Action::End,
    ];

    #[test]
    fn the_happy_path_reaches_active_and_ends() {
        let mut s = State::Proposed;
        for a in [
            Action::Accept,
            Action::Agree,
            Action::Introduce,
            Action::Activate,
            Action::Pause,
            Action::Resume,
            Action::End,
        ] {
            s = next(s, a).unwrap_or_else(|| panic!("{a:?} from {s:?}"));
        }
        assert_eq!(s, State::Ended);
    }

    #[test]
    fn closed_states_accept_nothing() {
        for s in State::ALL.into_iter().filter(|s| s.is_closed()) {
            for a in ACTIONS {
                assert_eq!(next(s, a), None, "{a:?} from {s:?}");
            }
        }
    }

    #[test]
    fn only_listed_transitions_exist() {
        let allowed: usize = State::ALL
            .iter()
            .map(|s| ACTIONS.iter().filter(|a| next(*s, **a).is_some()).count())
            .sum();
        assert_eq!(allowed, 13);
        assert_eq!(
            next(State::Proposed, Action::Activate),
            None,
            "no skipping the agreement"
        );
        assert_eq!(next(State::Active, Action::Accept), None);
    }

    #[test]
    fn codes_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(s));
        }
    }
}
