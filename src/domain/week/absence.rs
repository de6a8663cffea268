//! A coordinator's absence: from one Paris day to another, inclusive, a named colleague of the
//! same team(s) receives the alert e-mails and the Monday digest meant for them. Who receives
//! for a coordinator at an instant is decided here, by [`receiver`], and nowhere else.

use crate::domain::dates::parse_day;
use chrono::NaiveDate;

/// An absence lasts a year at most, in days counted inclusively (a longer one is a change of
/// team, for the administrator).
pub const LONGEST_DAYS: i64 = 366;

/// The longest a typed field may be (a date, a staff id).
const FIELD_MAX: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    pub staff_id: i32,
    pub stand_in_id: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Absence {
    /// Whether the absence runs on Paris day `day` (both ends included).
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// Who receives, on Paris day `day`, what is meant for coordinator `staff_id`: the colleague
/// named by an absence running that day — and if that colleague is away too, the one they
/// named in turn — else the coordinator. Absences that name each other in a circle leave the
/// coordinator their own messages.
pub fn receiver(staff_id: i32, absences: &[Absence], day: NaiveDate) -> i32 {
    let mut who = staff_id;
    let mut seen = vec![staff_id];
    while let Some(a) = absences.iter().find(|a| a.staff_id == who && a.runs_on(day)) {
        if seen.contains(&a.stand_in_id) {
            return staff_id;
        }
        who = a.stand_in_id;
        seen.push(who);
    }
    who
}

/// The absence form as typed.
#[derive(Debug, Clone, Default)]
pub struct Typed<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub stand_in: &'a str,
}

/// What the check needs to know besides the form: who asks, in which teams, today's Paris
/// date, and the teams of the colleague chosen (None when no active coordinator has that id).
pub struct Context<'a> {
    pub me: i32,
    pub my_teams: &'a [i32],
    pub today: NaiveDate,
    pub stand_in_teams: Option<&'a [i32]>,
}

/// The messages of a refused form, by field (`from`, `to`, `stand_in`), in French.
pub type Refusals = Vec<(&'static str, &'static str)>;

/// Reads the stand-in's id as typed (a `<select>` sends it): None when empty or not a number.
pub fn stand_in_id(typed: &str) -> Option<i32> {
    typed.trim().parse().ok()
}

/// Checks a typed absence: dates in order, not over yet, a year at most, a colleague who is
/// not oneself and who belongs to each of one's teams.
pub fn check(typed: &Typed<'_>, cx: &Context<'_>) -> Result<Absence, Refusals> {
    let mut refused: Refusals = Vec::new();
    let day = |raw: &str| {
        if raw.len() > FIELD_MAX {
            return Err("Indiquez une date valide, par exemple 31/12/2026.");
        }
        parse_day(raw)
    };
    let from = day(typed.from).map_err(|e| refused.push(("from", e))).ok();
    let to = day(typed.to).map_err(|e| refused.push(("to", e))).ok();
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            refused.push((
                "to",
                "La date de fin est avant la date de début : vérifiez les deux dates.",
            ));
        } else if to < cx.today {
            refused.push(("to", "Cette date est déjà passée : l'absence serait déjà finie."));
        } else if (to - from).num_days() + 1 > LONGEST_DAYS {
            refused.push((
                "to",
                "Une absence dure un an au plus. Pour plus longtemps, demandez à l'administrateur de changer l'équipe.",
            ));
        }
    }
    let stand_in = match stand_in_id(typed.stand_in).filter(|_| typed.stand_in.len() <= FIELD_MAX) {
        None => {
            refused.push(("stand_in", "Choisissez le ou la collègue qui vous remplace."));
            None
        }
        Some(id) if id == cx.me => {
            refused.push((
                "stand_in",
                "Vous ne pouvez pas vous remplacer vous-même : choisissez un·e collègue.",
            ));
            None
        }
        Some(id) => match cx.stand_in_teams {
            Some(theirs) if cx.my_teams.iter().all(|t| theirs.contains(t)) => Some(id),
            _ => {
                refused.push((
                    "stand_in",
                    "Cette personne ne coordonne pas votre équipe : choisissez un·e collègue de l'équipe.",
                ));
                None
            }
        },
    };
    match (from, to, stand_in) {
        (Some(from), Some(to), Some(stand_in_id)) if refused.is_empty() => Ok(Absence {
            staff_id: cx.me,
            stand_in_id,
            from,
            to,
        }),
        _ => Err(refused),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn away(staff_id: i32, stand_in_id: i32) -> Absence {
        Absence {
            staff_id,
            stand_in_id,
            from: d(12, 10),
            to: d(12, 20),
        }
    }

    #[test]
    fn the_colleague_receives_from_the_first_to_the_last_day_only() {
        let absences = [away(1, 2)];
        assert_eq!(receiver(1, &absences, d(12, 9)), 1);
        assert_eq!(receiver(1, &absences, d(12, 10)), 2);
        assert_eq!(receiver(1, &absences, d(12, 20)), 2);
        assert_eq!(receiver(1, &absences, d(12, 21)), 1);
        assert_eq!(receiver(2, &absences, d(12, 15)), 2, "the colleague's own");
    }

    #[test]
    fn a_colleague_away_too_passes_on_and_a_circle_comes_back() {
        assert_eq!(receiver(1, &[away(1, 2), away(2, 3)], d(12, 15)), 3);
        assert_eq!(receiver(1, &[away(1, 2), away(2, 1)], d(12, 15)), 1);
    }

    fn cx<'a>(stand_in_teams: Option<&'a [i32]>) -> Context<'a> {
        Context {
            me: 1,
            my_teams: &[10, 11],
            today: d(12, 7),
            stand_in_teams,
        }
    }

    fn refused(from: &str, to: &str, stand_in: &str, teams: Option<&[i32]>) -> Refusals {
        check(&Typed { from, to, stand_in }, &cx(teams)).unwrap_err()
    }

    #[test]
    fn a_sound_absence_reads_both_date_forms() {
        let typed = Typed {
            from: "2026-12-10",
            to: "20/12/2026",
            stand_in: "2",
        };
        assert_eq!(check(&typed, &cx(Some(&[11, 10, 12][..]))), Ok(away(1, 2)));
    }

    #[test]
    fn each_mistake_is_told_next_to_its_field() {
        let both = Some(&[10, 11][..]);
        assert_eq!(refused("20/12/2026", "10/12/2026", "2", both)[0].0, "to");
        assert!(
            refused("20/12/2026", "10/12/2026", "2", both)[0]
                .1
                .contains("avant la date de début")
        );
        assert!(
            refused("01/12/2026", "05/12/2026", "2", both)[0]
                .1
                .contains("déjà passée")
        );
        assert!(
            refused("10/12/2026", "11/12/2027", "2", both)[0]
                .1
                .contains("un an au plus")
        );
        assert!(
            check(
                &Typed {
                    from: "10/12/2026",
                    to: "09/12/2027",
                    stand_in: "2"
                },
                &cx(both)
            )
            .is_ok()
        );
        assert_eq!(
            refused("10/12/2026", "20/12/2026", "1", both),
            vec![(
                "stand_in",
                "Vous ne pouvez pas vous remplacer vous-même : choisissez un·e collègue."
            )]
        );
        assert!(
            refused("10/12/2026", "20/12/2026", "2", Some(&[10][..]))[0]
                .1
                .contains("ne coordonne pas")
        );
        assert!(
            refused("10/12/2026", "20/12/2026", "9", None)[0]
                .1
                .contains("ne coordonne pas")
        );
        assert_eq!(refused("hier", "", "", both).len(), 3);
    }
}
