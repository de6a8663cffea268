//! What a due check-in sets in motion, decided in one place: the check-ins to open, the
//! links and e-mails that ask for the answers, and the jobs that follow. `db` writes a plan
//! in one transaction, so a job that fails half-way leaves nothing behind and its replay
//! does the whole of it once.

use super::{ALERT_AFTER_MS, REMINDER_AFTER_MS, next_due};
use crate::domain::job::Job;
use crate::domain::pairing::State;

/// Which side of the binôme a check-in asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Volunteer,
    Beneficiary,
}

impl Side {
    /// The code stored in the check-in's `role` column.
    pub fn code(self) -> &'static str {
        match self {
            Side::Volunteer => "volunteer",
            Side::Beneficiary => "beneficiary",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Side::Volunteer, Side::Beneficiary]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One of the two people, as much of them as a check-in needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    pub person_id: i32,
    pub first_name: String,
    pub has_email: bool,
}

/// A check-in that falls due, with what the plan depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    pub pairing_id: i32,
    pub state: State,
    /// The volunteer and the isolated person; `None` when one of them is gone.
    pub people: Option<(Party, Party)>,
    pub number: i32,
    pub due_at: i64,
    /// The team's interval between two check-ins.
    pub every_days: i32,
}

/// The whole of what a due check-in implies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// One check-in per side, opened only while the binôme is active.
    pub openings: Vec<Opening>,
    /// The reminder, the alert and the next check-in, each with when it runs.
    pub jobs: Vec<(Job, i64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Opening {
    pub pairing_id: i32,
    pub person_id: i32,
    pub side: Side,
    pub number: i32,
    pub due_at: i64,
    /// `None` for someone without e-mail: the coordinator calls them (a call task).
    pub request: Option<Request>,
}

/// An e-mail with a single-use link asking someone for their answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub first_name: String,
    /// The first name of the other side of the binôme.
    pub other: String,
    /// The isolated person gets the easy-to-read version.
    pub falc: bool,
    pub reminder: bool,
    /// One e-mail per check-in and side, whatever the number of replays.
    pub email_key: String,
}

/// A reminder for a check-in nobody answered yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    pub checkin_id: i32,
    pub person_id: i32,
    pub request: Request,
}

/// The plan of a due check-in. A closed binôme gets nothing; a paused one only
/// keeps its next check-in; an active one opens a check-in per side, schedules the reminder
/// and the alert, and the next check-in at the team's interval.
pub fn plan(round: &Round) -> Plan {
    let mut plan = Plan::default();
    if round.state.is_closed() {
        return plan;
    }
    let (pairing_id, number, due_at) = (round.pairing_id, round.number, round.due_at);
    if round.state == State::Active {
        if let Some((volunteer, person)) = &round.people {
            for (side, me, other) in [
                (Side::Volunteer, volunteer, person),
                (Side::Beneficiary, person, volunteer),
            ] {
                let request = me.has_email.then(|| Request {
                    first_name: me.first_name.clone(),
                    other: other.first_name.clone(),
                    falc: side == Side::Beneficiary,
                    reminder: false,
                    email_key: format!("checkin:{pairing_id}:{number}:{}:request", me.person_id),
                });
                plan.openings.push(Opening {
                    pairing_id,
                    person_id: me.person_id,
                    side,
                    number,
                    due_at,
                    request,
                });
            }
        }
        plan.jobs
            .push((Job::CheckinReminder { pairing_id, number }, due_at + REMINDER_AFTER_MS));
        plan.jobs
            .push((Job::CheckinAlert { pairing_id, number }, due_at + ALERT_AFTER_MS));
    }
    let next = Job::CheckinDue {
        pairing_id,
        number: number + 1,
    };
    plan.jobs.push((next, next_due(due_at, round.every_days)));
    plan
}

/// The reminders for the check-ins still unanswered, given as (check-in id, side): one per
/// person who has an e-mail address and is still there.
pub fn reminders(unanswered: &[(i32, Side)], volunteer: Option<&Party>, person: Option<&Party>) -> Vec<Reminder> {
    let mut out = Vec::new();
    for &(checkin_id, side) in unanswered {
        let (me, other) = match side {
            Side::Volunteer => (volunteer, person),
            Side::Beneficiary => (person, volunteer),
        };
        let Some(me) = me.filter(|me| me.has_email) else {
            continue;
        };
        out.push(Reminder {
            checkin_id,
            person_id: me.person_id,
            request: Request {
                first_name: me.first_name.clone(),
                other: other.map(|o| o.first_name.clone()).unwrap_or_default(),
                falc: side == Side::Beneficiary,
                reminder: true,
                email_key: format!("checkin:{checkin_id}:reminder"),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::duration::DAY_MS;

    fn party(person_id: i32, first_name: &str, has_email: bool) -> Party {
        Party {
            person_id,
            first_name: first_name.into(),
            has_email,
        }
    }

    fn round(state: State) -> Round {
        Round {
            pairing_id: 5,
            state,
            people: Some((party(1, "Lucie", true), party(2, "Denise", false))),
            number: 2,
            due_at: 100 * DAY_MS,
            every_days: 14,
        }
    }

    #[test]
    fn an_active_binome_opens_one_check_in_per_side_and_asks_who_has_an_email() {
        let plan = plan(&round(State::Active));
        let sides: Vec<_> = plan.openings.iter().map(|o| (o.person_id, o.side, o.number)).collect();
        assert_eq!(sides, [(1, Side::Volunteer, 2), (2, Side::Beneficiary, 2)]);
        let lucie = plan.openings[0].request.as_ref().expect("Lucie has an address");
        assert_eq!((lucie.first_name.as_str(), lucie.other.as_str()), ("Lucie", "Denise"));
        assert!(!lucie.falc && !lucie.reminder);
        assert_eq!(
            plan.openings[1].request, None,
            "Denise has no address: the coordinator calls"
        );
    }

    #[test]
    fn the_reminder_the_alert_and_the_next_check_in_follow_at_the_team_interval() {
        let plan = plan(&round(State::Active));
        assert_eq!(
            plan.jobs,
            [
                (
                    Job::CheckinReminder {
                        pairing_id: 5,
                        number: 2
                    },
                    103 * DAY_MS
                ),
                (
                    Job::CheckinAlert {
                        pairing_id: 5,
                        number: 2
                    },
                    107 * DAY_MS
                ),
                (
                    Job::CheckinDue {
                        pairing_id: 5,
                        number: 3
                    },
                    114 * DAY_MS
                ),
            ]
        );
    }

    #[test]
    fn a_paused_binome_only_keeps_its_next_check_in_and_a_closed_one_nothing() {
        let paused = plan(&round(State::Paused));
        assert!(paused.openings.is_empty());
        assert_eq!(
            paused.jobs,
            [(
                Job::CheckinDue {
                    pairing_id: 5,
                    number: 3
                },
                114 * DAY_MS
            )]
        );
        assert_eq!(plan(&round(State::Ended)), Plan::default());
    }

    #[test]
    fn each_side_has_its_own_email_key() {
        let both = Round {
            people: Some((party(1, "Lucie", true), party(2, "Denise", true))),
            ..round(State::Active)
        };
        let keys: Vec<_> = plan(&both)
            .openings
            .into_iter()
            .filter_map(|o| o.request.map(|r| (r.email_key, r.falc)))
            .collect();
        assert_eq!(
            keys,
            [
                ("checkin:5:2:1:request".into(), false),
                ("checkin:5:2:2:request".into(), true)
            ]
        );
    }

    #[test]
    fn reminders_go_to_who_has_an_address_and_name_the_other_side() {
        let (lucie, denise) = (party(1, "Lucie", true), party(2, "Denise", false));
        let unanswered = [(10, Side::Volunteer), (11, Side::Beneficiary)];
        let sent = reminders(&unanswered, Some(&lucie), Some(&denise));
        assert_eq!(sent.len(), 1, "Denise is called instead");
        assert_eq!((sent[0].checkin_id, sent[0].person_id), (10, 1));
        assert_eq!(sent[0].request.other, "Denise");
        assert!(sent[0].request.reminder);
        assert_eq!(sent[0].request.email_key, "checkin:10:reminder");
        assert!(reminders(&unanswered, None, Some(&denise)).is_empty(), "Lucie is gone");
    }
}
