//! « Donnant-donnant »: what an isolated person likes to share (a recipe, the garden, the
//! history of the commune…) and what a volunteer would like to discover, from one short list,
//! so that the person is a co-actor of the binôme and not only the one who receives.

/// The list both sides choose from: (code, what is shared, in plain French).
pub const TOPICS: [(&str, &str); 8] = [
    ("cuisine", "une recette, la cuisine"),
    ("jardin", "le jardin, les plantes"),
    ("histoire", "l'histoire du quartier ou de la commune"),
    ("langue", "une langue"),
    ("mains", "un savoir-faire manuel (couture, tricot, bricolage)"),
    ("musique", "la musique, les chansons"),
    ("jeux", "les jeux (cartes, belote, jeux de société)"),
    ("souvenirs", "des souvenirs, des photos, un métier d'avant"),
];

/// How the reason about what one shares and the other would discover begins, as the
/// coordinator reads it; the volunteer reads the person's own sentence instead.
pub const SHARING: &str = "la personne aime partager ce que le ou la bénévole aimerait découvrir";

/// The default weight of reciprocity in a score (SPEC): as much as the shared preferred way
/// of meeting, so that it tips close choices without overturning the others.
pub const DEFAULT_WEIGHT: f64 = 10.0;

/// Longest free text a person adds to what they like to share (« la cuisine de mon pays »).
pub const NOTE_MAX: usize = 120;

/// The plain-French label of a topic code (the code itself if unknown: never a panic).
pub fn label(code: &str) -> &str {
    TOPICS.iter().find(|(c, _)| *c == code).map_or(code, |(_, l)| l)
}

/// The topics ticked, each from the list, in the list's order, without duplicates.
pub fn topics_from_form(values: &[String]) -> Result<Vec<String>, &'static str> {
    if values.iter().any(|v| !TOPICS.iter().any(|(c, _)| c == v)) {
        return Err("Ce choix n'est pas dans la liste : cochez seulement des cases de la liste.");
    }
    Ok(TOPICS
        .iter()
        .filter(|(c, _)| values.iter().any(|v| v == c))
        .map(|(c, _)| c.to_string())
        .collect())
}

/// A topic list as stored ("jardin,cuisine"); a code this version does not know is `Err`.
pub fn topics_from_stored(stored: &str) -> Result<Vec<String>, String> {
    let values: Vec<String> = stored
        .split(',')
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect();
    topics_from_form(&values).map_err(|_| stored.to_string())
}

/// The optional short text beside the list: one line, at most [`NOTE_MAX`] characters.
pub fn parse_note(raw: &str) -> Result<Option<String>, String> {
    let note = super::text::one_line(raw, NOTE_MAX)?;
    Ok(Some(note).filter(|n| !n.is_empty()))
}

/// The topics' labels and the person's own words, « ; » between them; `None` when empty.
pub fn listed(codes: &[String], note: Option<&str>) -> Option<String> {
    let mut what: Vec<&str> = codes.iter().map(|c| label(c)).collect();
    what.extend(note);
    (!what.is_empty()).then(|| what.join(" ; "))
}

/// What the volunteer reads in « Ce qui vous rapproche »: « Denise aime partager : le jardin,
/// les plantes ; la cuisine de son pays ». `None` when the person said nothing.
pub fn sentence(first_name: &str, shares: &[String], note: Option<&str>) -> Option<String> {
    listed(shares, note).map(|what| format!("{first_name} aime partager : {what}"))
}

/// The reasons as the volunteer reads them: the coordinator's line about sharing gives way to
/// what the person herself likes to share, named (`sentence`).
pub fn for_volunteer(mut reasons: Vec<String>, sentence: Option<String>) -> Vec<String> {
    let at = reasons.iter().position(|r| r.starts_with(SHARING));
    reasons.retain(|r| !r.starts_with(SHARING));
    if let Some(s) = sentence {
        reasons.insert(at.unwrap_or(reasons.len()), s);
    }
    reasons
}

/// The reasons as the person reads them (easy to read): the volunteer would discover what
/// she likes to share.
pub fn for_person(reasons: Vec<String>) -> Vec<String> {
    reasons
        .into_iter()
        .map(|r| match r.strip_prefix(SHARING) {
            Some(rest) => format!("La personne bénévole aimerait découvrir ce que vous aimez partager{rest}"),
            None => r,
        })
        .collect()
}

/// The volunteer's reading of `reasons`, for a person with this profile.
pub fn reasons_for_volunteer(reasons: Vec<String>, person: &super::profile::Profile) -> Vec<String> {
    let named = sentence(&person.first_name, &person.shares, person.share_note.as_deref());
    for_volunteer(reasons, named)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ticked_topics_are_kept_in_the_list_order_and_unknown_ones_refused() {
        assert_eq!(
            topics_from_form(&strings(&["musique", "jardin", "jardin"])),
            Ok(strings(&["jardin", "musique"]))
        );
        assert_eq!(topics_from_form(&[]), Ok(vec![]));
        assert!(
            topics_from_form(&strings(&["jardin", "<b>"]))
                .unwrap_err()
                .contains("liste")
        );
        assert_eq!(
            topics_from_stored("jardin,cuisine"),
            Ok(strings(&["cuisine", "jardin"]))
        );
        assert!(topics_from_stored("jardin,golf").is_err());
    }

    #[test]
    fn the_note_is_one_short_line() {
        assert_eq!(parse_note("  "), Ok(None));
        assert_eq!(
            parse_note(" la cuisine de mon pays "),
            Ok(Some("la cuisine de mon pays".into()))
        );
        assert!(parse_note(&"a".repeat(NOTE_MAX + 1)).unwrap_err().contains("trop long"));
        assert!(parse_note("deux\nlignes").is_err());
    }

    #[test]
    fn the_volunteer_reads_what_the_person_likes_to_share() {
        assert_eq!(
            sentence("Denise", &strings(&["jardin"]), Some("la cuisine de son pays")).as_deref(),
            Some("Denise aime partager : le jardin, les plantes ; la cuisine de son pays")
        );
        assert_eq!(sentence("Denise", &[], None), None);
    }

    #[test]
    fn the_volunteer_reads_the_persons_sentence_where_the_coordinator_reads_the_match() {
        let reasons = strings(&[
            "1 centre d'intérêt en commun : marche",
            &format!("{SHARING} : le jardin"),
            "3,2 km",
        ]);
        let named = Some("Denise aime partager : le jardin".to_string());
        assert_eq!(
            for_volunteer(reasons, named.clone()),
            strings(&[
                "1 centre d'intérêt en commun : marche",
                "Denise aime partager : le jardin",
                "3,2 km"
            ])
        );
        assert_eq!(
            for_volunteer(strings(&["3,2 km"]), named),
            strings(&["3,2 km", "Denise aime partager : le jardin"])
        );
    }

    #[test]
    fn the_person_reads_that_the_volunteer_would_discover_what_she_shares() {
        let reasons = strings(&[&format!("{SHARING} : le jardin, les plantes"), "3,2 km"]);
        assert_eq!(
            for_person(reasons),
            strings(&[
                "La personne bénévole aimerait découvrir ce que vous aimez partager : le jardin, les plantes",
                "3,2 km"
            ])
        );
    }
}
