//! Who may see or change a person, a binôme, a team's desk: every access rule in one place.
//! The web layer builds a `Reader` from the signed-in staff member (`StaffMember::reader`);
//! `db::access` loads a record only when these rules let the reader have it.

use super::account::Role;

/// The reader: a staff member's role, id and teams.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    role: Role,
    staff_id: i32,
    team_ids: &'a [i32],
}

impl<'a> Reader<'a> {
    pub fn new(role: Role, staff_id: i32, team_ids: &'a [i32]) -> Self {
        Reader {
            role,
            staff_id,
            team_ids,
        }
    }

    /// The people the reader's lists show and whose records they open: everyone for an
    /// admin, their teams' people for a coordinator, those they signed up for a référent.
    pub fn people(&self) -> Scope<'a> {
        match self.role {
            Role::Admin => Scope::All,
            Role::Coordinator => Scope::Teams(self.team_ids),
            Role::Referent => Scope::Referent(self.staff_id),
        }
    }

    /// The teams whose desk, rounds and figures the reader runs; none for a référent.
    pub fn teams(&self) -> Option<Teams<'a>> {
        match self.role {
            Role::Admin => Some(Teams::All),
            Role::Coordinator => Some(Teams::Only(self.team_ids)),
            Role::Referent => None,
        }
    }
}

/// Which people a list may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    All,
    Teams(&'a [i32]),
    Referent(i32),
}

impl Scope<'_> {
    /// Whether a person of `team`, signed up by `referent`, is in the scope.
    pub fn contains(&self, team: Option<i32>, referent: Option<i32>) -> bool {
        match *self {
            Scope::All => true,
            Scope::Teams(ids) => team.is_some_and(|t| ids.contains(&t)),
            Scope::Referent(id) => referent == Some(id),
        }
    }
}

/// The teams a coordinator or an admin runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Teams<'a> {
    All,
    Only(&'a [i32]),
}

impl<'a> Teams<'a> {
    /// The ids to filter on; None for every team.
    pub fn ids(&self) -> Option<&'a [i32]> {
        match *self {
            Teams::All => None,
            Teams::Only(ids) => Some(ids),
        }
    }

    /// Whether a record of `team` (None: of no team yet) belongs to these teams.
    fn include(&self, team: Option<i32>) -> bool {
        match *self {
            Teams::All => true,
            Teams::Only(ids) => team.is_some_and(|t| ids.contains(&t)),
        }
    }
}

/// Whether the reader may open the record of a person of `person_team`, signed up by
/// `person_referent`.
pub fn can_view(reader: &Reader, person_team: Option<i32>, person_referent: Option<i32>) -> bool {
    reader.people().contains(person_team, person_referent)
}

/// Only coordinators (of the person's team) and admins decide, approve or change a record.
pub fn can_manage(reader: &Reader, person_team: Option<i32>) -> bool {
    reader.teams().is_some_and(|teams| teams.include(person_team))
}

/// A binôme is managed by the coordinators of its team and by admins.
pub fn may_manage_pairing(reader: &Reader, pairing_team: i32) -> bool {
    can_manage(reader, Some(pairing_team))
}

/// Who may record a withdrawal: the person's coordinators, admins, and their own référent.
pub fn may_withdraw(reader: &Reader, person_team: Option<i32>, person_referent: Option<i32>) -> bool {
    can_manage(reader, person_team) || person_referent == Some(reader.staff_id)
}

/// Coordinators and référents sign people up on their own teams' territory only; admins
/// anywhere.
pub fn may_sign_up_in(reader: &Reader, team: i32) -> bool {
    reader.role == Role::Admin || reader.team_ids.contains(&team)
}

/// Why a scoped loader hands back no record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// No record has this id.
    Missing,
    /// The record exists, but the rule does not let the reader have it.
    Refused,
}

/// The record `found`, if the rule `may` lets the reader have it.
pub fn gate<T>(found: Option<T>, may: impl FnOnce(&T) -> bool) -> Result<T, Denied> {
    match found {
        None => Err(Denied::Missing),
        Some(record) if may(&record) => Ok(record),
        Some(_) => Err(Denied::Refused),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAM_A: i32 = 10;
    const TEAM_B: i32 = 11;

    fn coordinator() -> Reader<'static> {
        Reader::new(Role::Coordinator, 1, &[TEAM_A])
    }

    fn referent() -> Reader<'static> {
        Reader::new(Role::Referent, 2, &[TEAM_A])
    }

    fn admin() -> Reader<'static> {
        Reader::new(Role::Admin, 3, &[])
    }

    #[test]
    fn each_role_sees_only_its_people() {
        assert!(can_view(&coordinator(), Some(TEAM_A), None));
        assert!(!can_view(&coordinator(), Some(TEAM_B), Some(1)));
        assert!(!can_view(&coordinator(), None, None));
        assert!(can_view(&referent(), Some(TEAM_B), Some(2)));
        assert!(
            !can_view(&referent(), Some(TEAM_A), Some(3)),
            "not the same team's other référents' people"
        );
        assert!(can_view(&admin(), None, None));
    }

    #[test]
    fn a_list_shows_exactly_the_people_whose_record_opens() {
        let people = [
            (Some(TEAM_A), None),
            (Some(TEAM_B), Some(2)),
            (None, Some(3)),
            (None, None),
        ];
        for reader in [coordinator(), referent(), admin()] {
            for (team, referent) in people {
                assert_eq!(
                    reader.people().contains(team, referent),
                    can_view(&reader, team, referent),
                    "{reader:?} on ({team:?}, {referent:?})"
                );
            }
        }
        assert_eq!(referent().people(), Scope::Referent(2));
        assert_eq!(coordinator().people(), Scope::Teams(&[TEAM_A]));
    }

    #[test]
    fn only_coordinators_of_the_team_and_admins_manage() {
        assert!(can_manage(&coordinator(), Some(TEAM_A)));
        assert!(!can_manage(&coordinator(), Some(TEAM_B)));
        assert!(!can_manage(&coordinator(), None), "a person of no team is the admins'");
        assert!(!can_manage(&referent(), Some(TEAM_A)), "a référent never manages");
        assert!(can_manage(&admin(), None) && can_manage(&admin(), Some(TEAM_B)));
        assert!(may_manage_pairing(&coordinator(), TEAM_A));
        assert!(!may_manage_pairing(&coordinator(), TEAM_B));
        assert!(!may_manage_pairing(&referent(), TEAM_A));
        assert!(may_manage_pairing(&admin(), TEAM_B));
    }

    #[test]
    fn a_referent_may_record_the_withdrawal_of_the_people_they_signed_up_only() {
        assert!(may_withdraw(&referent(), Some(TEAM_A), Some(2)));
        assert!(!may_withdraw(&referent(), Some(TEAM_A), Some(3)));
        assert!(may_withdraw(&coordinator(), Some(TEAM_A), Some(2)));
        assert!(!may_withdraw(&coordinator(), Some(TEAM_B), Some(2)));
        assert!(may_withdraw(&admin(), None, None));
    }

    #[test]
    fn staff_sign_people_up_on_their_own_teams_only() {
        assert!(may_sign_up_in(&referent(), TEAM_A));
        assert!(!may_sign_up_in(&referent(), TEAM_B));
        assert!(may_sign_up_in(&coordinator(), TEAM_A));
        assert!(!may_sign_up_in(&coordinator(), TEAM_B));
        assert!(may_sign_up_in(&admin(), TEAM_B));
    }

    #[test]
    fn referents_run_no_team_coordinators_theirs_admins_all() {
        assert_eq!(referent().teams(), None);
        assert_eq!(coordinator().teams().and_then(|t| t.ids()), Some(&[TEAM_A][..]));
        assert_eq!(admin().teams(), Some(Teams::All));
        assert_eq!(admin().teams().and_then(|t| t.ids()), None);
    }

    #[test]
    fn a_loader_tells_a_missing_record_from_a_refused_one() {
        assert_eq!(gate(None::<i32>, |_| true), Err(Denied::Missing));
        assert_eq!(gate(Some(7), |n| *n > 5), Ok(7));
        assert_eq!(gate(Some(3), |n| *n > 5), Err(Denied::Refused));
    }
}
