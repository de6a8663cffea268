//! What a step in a binôme's life implies, decided before anything is written: the pair
//! excluded from later rounds, the proposal's expiry and the pending jobs cancelled, the first
//! check-in scheduled, the end reason, the people's statuses. `db::pairings::write` writes a
//! plan, with the notices it brings, in one transaction.

use super::{Action, EndReason, State, next};
use crate::domain::checkin;
use crate::domain::duration;
use crate::domain::person::Status;

/// How long a volunteer has to answer a proposal (and how long its link works).
pub const PROPOSAL_LIFETIME_MS: i64 = duration::days(7);

/// The binôme a plan is about, as the plan needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binome {
    pub id: i32,
    pub beneficiary_id: i32,
    pub volunteer_id: i32,
    pub state: State,
}

/// Why a pair is never suggested again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// The team rejected the suggestion.
    Rejected,
    /// The volunteer declined the proposal.
    Declined,
    /// The person asked not to meet this volunteer (discretion); never told to the volunteer.
    Avoided,
}

impl Exclusion {
    pub fn code(self) -> &'static str {
        match self {
            Exclusion::Rejected => "rejected",
            Exclusion::Declined => "declined",
            Exclusion::Avoided => "avoided",
        }
    }
}

/// Work a step schedules for later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// The proposal expires unless the volunteer answers by `at`.
    ProposalExpiry { at: i64 },
    /// Check-in number `number` falls due at `at`.
    CheckIn { number: i32, at: i64 },
}

/// A person's status that changes with the step, only if it is still `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub person_id: i32,
    pub from: Status,
    pub to: Status,
}

/// What approving a suggestion starts: a binôme proposed to the volunteer, which expires
/// when left unanswered for `PROPOSAL_LIFETIME_MS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub state: State,
    pub expiry: Job,
}

pub fn open(now_ms: i64) -> Opening {
    Opening {
        state: State::Proposed,
        expiry: Job::ProposalExpiry {
            at: now_ms + PROPOSAL_LIFETIME_MS,
        },
    }
}

/// A change of a binôme and everything it implies, in the order it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub binome: Binome,
    /// Each step applies only if the binôme is still in its `from` state.
    pub steps: Vec<(State, State)>,
    /// Who did it, as the journal shows it, and their optional private note.
    pub by: String,
    pub note: Option<String>,
    pub exclude: Option<Exclusion>,
    /// An answered proposal no longer needs its expiry.
    pub cancel_expiry: bool,
    /// A closed binôme keeps nothing scheduled (check-ins, reminders, alerts).
    pub cancel_jobs: bool,
    pub schedule: Vec<Job>,
    pub end_reason: Option<EndReason>,
    pub statuses: Vec<StatusChange>,
}

impl Plan {
    /// One action on the binôme; None when the action is not allowed from its state.
    pub fn step(binome: Binome, action: Action, by: &str, note: Option<String>, now_ms: i64) -> Option<Plan> {
        Plan::steps(binome, &[action], by, note, now_ms)
    }

    /// Several actions in a row (the first meeting, then active); None when one is not allowed.
    pub fn steps(binome: Binome, actions: &[Action], by: &str, note: Option<String>, now_ms: i64) -> Option<Plan> {
        let mut steps = Vec::with_capacity(actions.len());
        let mut at = binome.state;
        for action in actions {
            let to = next(at, *action)?;
            steps.push((at, to));
            at = to;
        }
        Some(Plan::of_steps(binome, steps, by, note, now_ms))
    }

    /// The binôme ends because one of the two leaves (consent withdrawn): from any state,
    /// a proposal included, without a reason recorded.
    pub fn withdrawal(binome: Binome, by: &str, now_ms: i64) -> Plan {
        Plan::of_steps(binome, vec![(binome.state, State::Ended)], by, None, now_ms)
    }

    fn of_steps(binome: Binome, steps: Vec<(State, State)>, by: &str, note: Option<String>, now_ms: i64) -> Plan {
        let mut plan = Plan {
            binome,
            steps,
            by: by.to_string(),
            note,
            exclude: None,
            cancel_expiry: false,
            cancel_jobs: false,
            schedule: Vec::new(),
            end_reason: None,
            statuses: Vec::new(),
        };
        for (from, to) in plan.steps.clone() {
            if to == State::Declined {
                plan.exclude = Some(Exclusion::Declined);
            }
            if from == State::Proposed {
                plan.cancel_expiry = true;
            }
            // The first check-in is scheduled with the activation itself (not on a resume).
            if (from, to) == (State::Introduced, State::Active) {
                plan.schedule.push(Job::CheckIn {
                    number: 1,
                    at: checkin::due_at(now_ms, 1),
                });
            }
        }
        plan.cancel_jobs = plan.to().is_closed();
        plan
    }

    /// The state the binôme is in once the plan is written.
    pub fn to(&self) -> State {
        self.steps.last().map_or(self.binome.state, |(_, to)| *to)
    }

    /// Records why the binôme ended.
    pub fn ended_because(mut self, reason: EndReason) -> Self {
        self.end_reason = Some(reason);
        self
    }

    /// The person chose a break after the end: off the waiting list, if still on it.
    pub fn person_takes_a_break(mut self, person_status: Status) -> Self {
        if person_status == Status::Waiting {
            self.statuses.push(StatusChange {
                person_id: self.binome.beneficiary_id,
                from: Status::Waiting,
                to: Status::Paused,
            });
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_000_000;

    fn binome(state: State) -> Binome {
        Binome {
            id: 7,
            beneficiary_id: 1,
            volunteer_id: 2,
            state,
        }
    }

    fn plan(state: State, action: Action) -> Plan {
        Plan::step(binome(state), action, "Équipe", None, NOW).unwrap_or_else(|| panic!("{action:?} from {state:?}"))
    }

    #[test]
    fn a_proposal_expires_after_seven_days() {
        assert_eq!(
            open(NOW),
            Opening {
                state: State::Proposed,
                expiry: Job::ProposalExpiry {
                    at: NOW + 604_800_000 // seven days
                },
            }
        );
    }

    #[test]
    fn declining_excludes_the_pair_cancels_the_expiry_and_frees_both() {
        let p = plan(State::Proposed, Action::Decline);
        assert_eq!(p.steps, vec![(State::Proposed, State::Declined)]);
        assert_eq!(p.exclude, Some(Exclusion::Declined));
        assert!(p.cancel_expiry);
        assert!(p.cancel_jobs);
        assert!(
            p.to().is_closed(),
            "the volunteer's place and the person's turn are free"
        );
    }

    #[test]
    fn accepting_cancels_the_expiry_only() {
        let p = plan(State::Proposed, Action::Accept);
        assert_eq!(p.exclude, None);
        assert!(p.cancel_expiry);
        assert!(!p.cancel_jobs);
        assert!(p.schedule.is_empty());
        assert!(!p.to().is_closed());
    }

    #[test]
    fn an_unanswered_proposal_expires_without_excluding_the_pair() {
        let p = plan(State::Proposed, Action::Expire);
        assert_eq!(p.to(), State::Expired);
        assert_eq!(p.exclude, None, "only a refusal keeps them apart");
        assert!(p.cancel_expiry && p.cancel_jobs);
    }

    #[test]
    fn ending_an_active_binome_cancels_its_check_ins_and_frees_both() {
        let p = plan(State::Active, Action::End).ended_because(EndReason::Moved);
        assert_eq!(p.steps, vec![(State::Active, State::Ended)]);
        assert!(p.cancel_jobs, "no check-in, reminder or alert left");
        assert!(!p.cancel_expiry);
        assert_eq!(p.exclude, None);
        assert!(p.schedule.is_empty());
        assert_eq!(p.end_reason, Some(EndReason::Moved));
        assert!(p.statuses.is_empty(), "both go back to the next round as they are");
    }

    #[test]
    fn the_first_meeting_activates_and_schedules_the_first_check_in_in_two_weeks() {
        let p = Plan::steps(
            binome(State::Agreed),
            &[Action::Introduce, Action::Activate],
            "Équipe",
            None,
            NOW,
        )
        .unwrap();
        assert_eq!(
            p.steps,
            vec![(State::Agreed, State::Introduced), (State::Introduced, State::Active)]
        );
        assert_eq!(
            p.schedule,
            vec![Job::CheckIn {
                number: 1,
                at: NOW + 1_209_600_000 // fourteen days
            }]
        );
        assert!(!p.cancel_jobs);
    }

    #[test]
    fn pausing_and_resuming_keep_the_schedule_as_it_is() {
        for (from, action) in [(State::Active, Action::Pause), (State::Paused, Action::Resume)] {
            let p = plan(from, action);
            assert!(p.schedule.is_empty(), "{action:?} schedules no first check-in");
            assert!(!p.cancel_jobs && !p.cancel_expiry, "{action:?} cancels nothing");
        }
    }

    #[test]
    fn an_action_not_allowed_gives_no_plan() {
        assert_eq!(Plan::step(binome(State::Ended), Action::Resume, "x", None, NOW), None);
        let half_allowed = [Action::Introduce, Action::Pause];
        assert_eq!(Plan::steps(binome(State::Agreed), &half_allowed, "x", None, NOW), None);
    }

    #[test]
    fn a_withdrawal_ends_even_a_proposal_and_cancels_everything() {
        let p = Plan::withdrawal(binome(State::Proposed), "la personne", NOW);
        assert_eq!(p.steps, vec![(State::Proposed, State::Ended)]);
        assert!(p.cancel_expiry && p.cancel_jobs);
        assert_eq!((p.exclude, p.end_reason), (None, None));
    }

    #[test]
    fn a_break_after_the_end_takes_a_waiting_person_off_the_list_only() {
        let p = plan(State::Active, Action::End).person_takes_a_break(Status::Waiting);
        assert_eq!(
            p.statuses,
            vec![StatusChange {
                person_id: 1,
                from: Status::Waiting,
                to: Status::Paused
            }]
        );
        let left = plan(State::Active, Action::End).person_takes_a_break(Status::Left);
        assert!(left.statuses.is_empty());
    }
}
