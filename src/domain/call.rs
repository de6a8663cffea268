//! Calls that come back: a call task (« À prévenir », a check-in by phone) that got no answer
//! leaves today's list and comes back two days later; after three calls without an answer it
//! becomes an alert for the coordinator.

use super::duration::DAY_MS;

/// A call without an answer comes back after this long.
pub const RETRY_AFTER_MS: i64 = 2 * DAY_MS;
/// After this many calls without an answer, the coordinator is alerted.
pub const MAX_ATTEMPTS: i32 = 3;

/// What « pas de réponse » does to a call task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAnswer {
    /// Call again at `at`; `attempts` calls got no answer so far.
    Retry { attempts: i32, at: i64 },
    /// `attempts` calls and still no answer: an alert for the coordinator.
    GiveUp { attempts: i32 },
}

/// One more call without an answer, after `attempts` others, at `now_ms`.
pub fn no_answer(attempts: i32, now_ms: i64) -> NoAnswer {
    let attempts = attempts.max(0) + 1;
    if attempts >= MAX_ATTEMPTS {
        NoAnswer::GiveUp { attempts }
    } else {
        NoAnswer::Retry {
            attempts,
            at: now_ms + RETRY_AFTER_MS,
        }
    }
}

/// Whether a call task is to be made by `until_ms` (not waiting for its next try).
pub fn is_due(retry_at: Option<i64>, until_ms: i64) -> bool {
    retry_at.is_none_or(|at| at <= until_ms)
}

/// The alert's words once three calls got no answer.
pub fn gave_up_message(name: &str, what: &str) -> String {
    format!("{MAX_ATTEMPTS} appels sans réponse : {name}. {what}")
}

/// When a person prefers to be called, as typed on their profile (free text, at most
/// `CALL_WHEN_MAX` characters; empty means any time).
pub const CALL_WHEN_MAX: usize = 100;

/// The suggestions offered beside the free text.
pub const CALL_WHEN_CHOICES: [&str; 3] = ["le matin", "l'après-midi", "en fin de journée"];

/// The order of the call sheet for a preference: morning, afternoon, evening, anything else,
/// no preference last.
pub fn call_when_rank(call_when: Option<&str>) -> u8 {
    let Some(text) = call_when.map(|t| t.to_lowercase()) else {
        return 4;
    };
    if text.contains("matin") {
        0
    } else if text.contains("après-midi") || text.contains("apres-midi") || text.contains("midi") {
        1
    } else if text.contains("soir") || text.contains("fin de journée") || text.contains("fin de journee") {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_calls_come_back_and_the_third_gives_up() {
        assert_eq!(
            no_answer(0, 1_000),
            NoAnswer::Retry {
                attempts: 1,
                at: 1_000 + 2 * DAY_MS
            }
        );
        assert_eq!(
            no_answer(1, 5),
            NoAnswer::Retry {
                attempts: 2,
                at: 5 + 2 * DAY_MS
            }
        );
        assert_eq!(no_answer(2, 5), NoAnswer::GiveUp { attempts: 3 });
    }

    #[test]
    fn a_task_waiting_for_its_next_try_is_not_due() {
        assert!(is_due(None, 10));
        assert!(is_due(Some(10), 10));
        assert!(!is_due(Some(11), 10));
    }

    #[test]
    fn mornings_come_first_and_no_preference_last() {
        let mut prefs = vec![None, Some("en fin de journée"), Some("le matin"), Some("l'après-midi")];
        prefs.sort_by_key(|p| call_when_rank(*p));
        assert_eq!(
            prefs,
            vec![Some("le matin"), Some("l'après-midi"), Some("en fin de journée"), None]
        );
    }
}
