//! Pictograms for the easy-to-read pages: which one illustrates a paragraph. The drawings
//! live in `templates/pictos/` (one idea, one pictogram, always beside its text).

/// Words that name an idea, the most specific first, and the pictogram of that idea.
const IDEAS: [(&[&str], &str); 9] = [
    (&["urgence", "15 ou le 112"], "urgence"),
    (&["arrêter", "arrêt"], "arreter"),
    (&["reste entre vous", "secret", "confidentiel"], "secret"),
    (&["juge", "argent", "religion"], "protection"),
    (&["endroit public", "lieu public"], "lieu"),
    (&["semaines", "rendez-vous", "date"], "calendrier"),
    (&["deux personnes", "binôme", "rencontre"], "rencontre"),
    (&["appelle", "téléphone", "appeler"], "telephone"),
    (&["merci"], "merci"),
];

/// Every pictogram a paragraph can get.
pub fn chosen_from() -> impl Iterator<Item = &'static str> {
    IDEAS.iter().map(|(_, picto)| *picto).chain(["charte"])
}

/// The pictogram of a paragraph of an easy-to-read text: the first idea it names, else the
/// charter's own.
pub fn for_paragraph(text: &str) -> &'static str {
    let text = text.to_lowercase();
    IDEAS
        .iter()
        .find(|(words, _)| words.iter().any(|w| text.contains(w)))
        .map_or("charte", |(_, picto)| picto)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_paragraph_of_the_easy_charter_gets_the_pictogram_of_its_idea() {
        let charter = include_str!("../../data/charte-v1-facile.txt");
        let chosen: Vec<&str> = charter.split("\n\n").map(for_paragraph).collect();
        assert_eq!(
            chosen,
            [
                "rencontre",
                "arreter",
                "secret",
                "protection",
                "lieu",
                "calendrier",
                "urgence"
            ]
        );
    }

    #[test]
    fn a_paragraph_without_a_known_idea_gets_the_charter() {
        assert_eq!(for_paragraph("Bonne lecture."), "charte");
    }
}
