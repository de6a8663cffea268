//! Who may see a person's record.

use super::account::Role;

/// The reader: a staff member's role, id and teams.
pub struct Reader<'a> {
    pub role: Role,
    pub staff_id: i32,
    pub team_ids: &'a [i32],
}

/// Admins see everyone; coordinators the people of their teams; référents the people they
/// signed up themselves.
pub fn can_view(reader: &Reader, person_team: Option<i32>, person_referent: Option<i32>) -> bool {
    match reader.role {
        Role::Admin => true,
        Role::Coordinator => person_team.is_some_and(|t| reader.team_ids.contains(&t)),
        Role::Referent => person_referent == Some(reader.staff_id),
    }
}

/// Only coordinators (of the person's team) and admins decide, approve or change a record.
pub fn can_manage(reader: &Reader, person_team: Option<i32>) -> bool {
    match reader.role {
        Role::Admin => true,
        Role::Coordinator => person_team.is_some_and(|t| reader.team_ids.contains(&t)),
        Role::Referent => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_only_its_people() {
        let coordinator = Reader {
            role: Role::Coordinator,
            staff_id: 1,
            team_ids: &[10],
        };
        assert!(can_view(&coordinator, Some(10), None));
        assert!(!can_view(&coordinator, Some(11), Some(1)));
        assert!(!can_view(&coordinator, None, None));
        let referent = Reader {
            role: Role::Referent,
            staff_id: 2,
            team_ids: &[10],
        };
        assert!(can_view(&referent, Some(11), Some(2)));
        assert!(
            !can_view(&referent, Some(10), Some(3)),
            "not the same team's other référents' people"
        );
        assert!(!can_manage(&referent, Some(10)));
        let admin = Reader {
            role: Role::Admin,
            staff_id: 3,
            team_ids: &[],
        };
        assert!(can_view(&admin, None, None) && can_manage(&admin, None));
    }
}
