//! What a person may answer by SMS, read leniently: any case, with or without accents,
//! spaces, hyphens or a final full stop.

/// An SMS received, as binome understands it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// STOP or ARRÊT: no more SMS.
    Stop,
    Yes,
    No,
    /// A check-in answer.
    Feel(Feeling),
}

/// How the person is, answered to the check-in question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feeling {
    Good,
    Medium,
    Bad,
    CallMe,
}

/// Upper case, accents and punctuation removed, single spaces: « Ça va ! » → "CA VA".
fn normalise(text: &str) -> String {
    let plain = deunicode::deunicode(text).to_uppercase();
    plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The answer `text` gives, if it is one of the words binome asks for.
pub fn read(text: &str) -> Option<Answer> {
    let words = normalise(text);
    let squeezed = words.replace(' ', "");
    Some(match squeezed.as_str() {
        "STOP" | "ARRET" | "STOPSMS" | "ARRETSMS" => Answer::Stop,
        "OUI" => Answer::Yes,
        "NON" | "NONMERCI" => Answer::No,
        "CAVA" | "BIEN" | "TRESBIEN" => Answer::Feel(Feeling::Good),
        "MOYEN" | "BOF" => Answer::Feel(Feeling::Medium),
        "PASBIEN" | "CAVAPAS" | "MAL" => Answer::Feel(Feeling::Bad),
        "RAPPELEZMOI" | "RAPPELEZ" | "APPELEZMOI" => Answer::Feel(Feeling::CallMe),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_in_any_form() {
        for text in [
            "STOP", "stop", " Stop. ", "Arrêt", "ARRET", "arret !", "S T O P", "stop sms",
        ] {
            assert_eq!(read(text), Some(Answer::Stop), "{text:?}");
        }
        assert_eq!(read("stoppez tout"), None);
        assert_eq!(read("arrêtez de m'écrire svp"), None);
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(read("Oui"), Some(Answer::Yes));
        assert_eq!(read("oui."), Some(Answer::Yes));
        assert_eq!(read("NON"), Some(Answer::No));
        assert_eq!(read("non merci"), Some(Answer::No));
        assert_eq!(read("oui mais pas mardi"), None);
    }

    #[test]
    fn check_in_words() {
        assert_eq!(read("ÇA VA"), Some(Answer::Feel(Feeling::Good)));
        assert_eq!(read("ca va"), Some(Answer::Feel(Feeling::Good)));
        assert_eq!(read("Ça va !"), Some(Answer::Feel(Feeling::Good)));
        assert_eq!(read("moyen"), Some(Answer::Feel(Feeling::Medium)));
        assert_eq!(read("PAS BIEN"), Some(Answer::Feel(Feeling::Bad)));
        assert_eq!(read("pas  bien..."), Some(Answer::Feel(Feeling::Bad)));
        assert_eq!(read("Rappelez-moi"), Some(Answer::Feel(Feeling::CallMe)));
        assert_eq!(read("RAPPELEZ MOI"), Some(Answer::Feel(Feeling::CallMe)));
        assert_eq!(read("Il fait beau"), None);
        assert_eq!(read(""), None);
    }
}
