//! What the indicators know of a territory: dates, states, kinds, modes, reasons and answers —
//! never who.

use crate::domain::checkin::Decision;
use crate::domain::pairing::EndReason;

/// What the indicators know of a binôme.
#[derive(Debug, Clone, PartialEq)]
pub struct PairingFacts {
    pub team_id: i32,
    pub beneficiary_id: i32,
    pub phone: bool,
    /// Not declined, expired or ended (yet).
    pub open: bool,
    pub created_at: i64,
    /// When it first became active.
    pub activated_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub end_reason: EndReason,
}

/// What the indicators know of a check-in.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinFacts {
    pub team_id: i32,
    /// Answered by (or for) the isolated person, rather than the volunteer.
    pub beneficiary: bool,
    pub due_at: i64,
    pub answered_at: Option<i64>,
    pub decision: Option<Decision>,
    pub isolation: Option<i32>,
}

/// What the indicators know of an isolated person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonFacts {
    pub id: i32,
    pub team_id: Option<i32>,
    /// On the waiting list (they may have a binôme being set up).
    pub waiting: bool,
    pub waiting_since: i64,
    pub created_at: i64,
    /// Self-rated isolation at sign-up, 0–10.
    pub isolation: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub pairings: Vec<PairingFacts>,
    pub checkins: Vec<CheckinFacts>,
    pub people: Vec<PersonFacts>,
}

impl Facts {
    /// The facts of one team.
    pub fn of_team(&self, team_id: i32) -> Facts {
        Facts {
            pairings: self.pairings.iter().filter(|p| p.team_id == team_id).cloned().collect(),
            checkins: self.checkins.iter().filter(|c| c.team_id == team_id).cloned().collect(),
            people: self
                .people
                .iter()
                .filter(|p| p.team_id == Some(team_id))
                .cloned()
                .collect(),
        }
    }
}
