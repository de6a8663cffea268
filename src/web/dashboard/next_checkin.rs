//! When a binôme's next check-in falls due, in the words the desk and the binôme's page show:
//! « premier point le 17 décembre 2026, par téléphone (pas d'e-mail) ».

use crate::db::dashboard::NextCheckinRow;
use crate::domain::dates::french_date;

/// The next check-in of an active binôme, or None when none is due or scheduled. `by_email`:
/// whether the person is told by e-mail (the notice rule, `notice::Told::by_email`); without
/// an address, the team calls them.
pub fn words(next: &NextCheckinRow, by_email: bool, now_ms: i64) -> Option<String> {
    let asked = next.asked.unwrap_or(0);
    let how = if by_email {
        "par e-mail"
    } else {
        "par téléphone (pas d'e-mail)"
    };
    if let Some(due) = next.open_due
        && due <= now_ms
    {
        let which = if asked <= 1 { "premier point" } else { "point" };
        return Some(format!("{which} attendu depuis le {}, {how}", french_date(due)));
    }
    // A check-in opened ahead of its day (its job ran early) is the next one all the same.
    let (due, before) = match next.open_due {
        Some(due) => (due, asked - 1),
        None => (next.scheduled?, asked),
    };
    let which = if before <= 0 { "premier point" } else { "prochain point" };
    Some(format!("{which} le {}, {how}", french_date(due)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEC_17: i64 = 1_797_465_600_000; // 17 December 2026, 00:00 UTC

    fn row(open_due: Option<i64>, scheduled: Option<i64>, asked: i64) -> NextCheckinRow {
        NextCheckinRow {
            open_due,
            scheduled,
            asked: Some(asked),
        }
    }

    #[test]
    fn the_first_check_in_and_how_the_person_answers() {
        assert_eq!(
            words(&row(None, Some(DEC_17), 0), false, 0).as_deref(),
            Some("premier point le 17 décembre 2026, par téléphone (pas d'e-mail)")
        );
        assert_eq!(
            words(&row(None, Some(DEC_17), 2), true, 0).as_deref(),
            Some("prochain point le 17 décembre 2026, par e-mail")
        );
    }

    #[test]
    fn a_check_in_due_and_unanswered_comes_before_the_next_one() {
        let later = DEC_17 + 28 * 86_400_000;
        assert_eq!(
            words(&row(Some(DEC_17), Some(later), 1), false, DEC_17 + 1).as_deref(),
            Some("premier point attendu depuis le 17 décembre 2026, par téléphone (pas d'e-mail)")
        );
        assert_eq!(words(&row(None, None, 3), true, 0), None);
    }
}
