//! The words of every SMS binome sends, each short enough for one segment (160 GSM-7
//! characters) with the longest names the intake accepts: names are cut to `NAME_MAX`, and
//! the team's number closes every message (`signed`).

use super::gsm7;
use crate::domain::profile::spaced_phone;

/// Characters of a first name kept in an SMS (the intake accepts 80).
pub const NAME_MAX: usize = 15;
/// Characters of a notice's body, before the team's number is added.
pub const BODY_MAX: usize = 120;

/// A first name as an SMS writes it: its first word, at most `NAME_MAX` characters.
pub fn short_name(first_name: &str) -> String {
    let first = first_name.split_whitespace().next().unwrap_or_default();
    let mut cut: String = first.chars().take(NAME_MAX).collect();
    if first.chars().count() > NAME_MAX {
        cut.pop();
        cut.push('.');
    }
    cut
}

/// `body`, cut at `BODY_MAX` characters (on a word, with « … » as "..."), then the team's
/// number, all in GSM-7.
pub fn signed(body: &str, team_phone: Option<&str>) -> String {
    let body = gsm7::transliterate(body.trim());
    let body = if body.chars().count() > BODY_MAX {
        let mut cut: String = body.chars().take(BODY_MAX - 3).collect();
        if let Some(space) = cut.rfind(' ') {
            cut.truncate(space);
        }
        format!("{cut}...")
    } else {
        body
    };
    let signature = match team_phone {
        Some(phone) => format!(" Équipe binome : {}", spaced_phone(phone).replace('\u{a0}', " ")),
        None => " Équipe binome".to_string(),
    };
    format!("{body}{signature}")
}

/// The isolated person is asked whether she agrees to meet the volunteer.
pub fn agreement_question(volunteer_first_name: &str) -> String {
    format!(
        "{} voudrait vous rencontrer. Vous êtes d'accord ? Répondez OUI ou NON.",
        short_name(volunteer_first_name)
    )
}

/// The check-in question.
pub fn checkin_question(other_first_name: &str, reminder: bool) -> String {
    let again = if reminder { "Rappel : " } else { "" };
    format!(
        "{again}Comment ça va avec {} ? Répondez CA VA, MOYEN, PAS BIEN ou RAPPELEZ-MOI.",
        short_name(other_first_name)
    )
}

/// The one confirmation after STOP.
pub const STOPPED: &str = "Vous ne recevrez plus de SMS de binome. L'équipe vous contactera autrement.";

/// After an answer binome understood.
pub const THANKS: &str = "Merci, nous avons bien votre réponse.";

/// After an answer to a check-in that raises an alert.
pub const WILL_CALL: &str = "Merci. L'équipe va vous appeler très vite.";

/// After a message binome cannot read as an answer.
pub const PASSED_ON: &str = "Merci, votre message est transmis à l'équipe.";

#[cfg(test)]
mod tests {
    use super::*;

    const LONGEST_PHONE: &str = "0612345678";

    fn longest_name() -> String {
        "Marie-Bérénice".repeat(6)[..80].to_string()
    }

    #[test]
    fn every_message_fits_one_segment_with_the_longest_names() {
        let name = longest_name();
        let words = "a".repeat(400);
        let all = [
            agreement_question(&name),
            checkin_question(&name, false),
            checkin_question(&name, true),
            STOPPED.to_string(),
            THANKS.to_string(),
            WILL_CALL.to_string(),
            PASSED_ON.to_string(),
            words,
        ];
        for body in all {
            let text = signed(&body, Some(LONGEST_PHONE));
            assert_eq!(gsm7::segments(&text), 1, "{text:?}");
            assert!(text.chars().all(gsm7::is_gsm7), "{text:?}");
            assert!(text.contains("06 12 34 56 78"), "{text:?}");
        }
    }

    #[test]
    fn names_are_cut() {
        assert_eq!(short_name("Zoé"), "Zoé");
        assert_eq!(short_name("Jean Paul"), "Jean");
        assert_eq!(short_name("Marie-Bérénice-Louise"), "Marie-Bérénice.");
        assert_eq!(short_name(&longest_name()).chars().count(), NAME_MAX);
    }

    #[test]
    fn long_bodies_are_cut_on_a_word() {
        let body = "mot ".repeat(60);
        let text = signed(&body, None);
        assert!(text.contains("mot... Équipe binome"), "{text}");
    }
}
