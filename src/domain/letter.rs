//! Letters for the people who chose the post: the words of a notice laid out as an
//! easy-to-read letter (one sentence a line), and the check-in asked by letter — a letter
//! cannot carry a link, so it asks the person to call the team.

use super::profile::spaced_phone;

/// The words, one sentence a line (after « . », « ? », « ! » or « : »), blank pieces dropped.
pub fn sentences(words: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = words.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let ends = matches!(c, '.' | '?' | '!') && chars.peek().is_none_or(|n| n.is_whitespace());
        if ends {
            // « Comment ça va ? » keeps its question mark with its sentence.
            push_trimmed(&mut out, &mut current);
        }
    }
    push_trimmed(&mut out, &mut current);
    out
}

fn push_trimmed(out: &mut Vec<String>, current: &mut String) {
    let s = current.trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
    current.clear();
}

/// How the team is reached, said in a letter: « Appelez l'équipe au 04 71 40 12 34. »
pub fn call_the_team(team_phone: Option<&str>) -> String {
    match team_phone {
        Some(phone) => format!("Appelez l'équipe au {}.", spaced_phone(phone)),
        None => "Appelez l'équipe.".to_string(),
    }
}

/// The check-in asked by letter: how it goes with the other person of the binôme.
pub fn checkin_words(other_first_name: &str, team_phone: Option<&str>) -> String {
    format!(
        "Nous prenons de vos nouvelles. Votre binôme avec {other_first_name} se passe bien ? Comment ça va ? {} Vous pouvez aussi attendre notre appel.",
        call_the_team(team_phone)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sentence_a_line_questions_kept_whole() {
        assert_eq!(
            sentences("Comment ça va ? Appelez l'équipe au 04 71 40 12 34.  Merci !"),
            vec!["Comment ça va ?", "Appelez l'équipe au 04 71 40 12 34.", "Merci !"]
        );
        assert_eq!(sentences("  "), Vec::<String>::new());
        assert_eq!(sentences("Pas de point final"), vec!["Pas de point final"]);
    }

    #[test]
    fn a_checkin_letter_gives_the_number_to_call() {
        let words = checkin_words("Paul", Some("0471401234"));
        assert!(words.contains("Comment ça va ?"));
        assert!(words.contains("Appelez l'équipe au 04\u{a0}71\u{a0}40\u{a0}12\u{a0}34."));
        assert!(checkin_words("Paul", None).contains("Appelez l'équipe."));
    }
}
