//! The pictograms' drawings (`templates/pictos/`), for pages that choose one at run time.
//! Templates that know theirs include the file directly.

/// The SVG of a pictogram `domain::pictogram::for_paragraph` may choose (the charter's otherwise).
pub fn svg(name: &str) -> &'static str {
    macro_rules! pictos {
        ($($name:literal),*) => {
            match name {
                $($name => include_str!(concat!("../../templates/pictos/", $name, ".svg")),)*
                _ => include_str!("../../templates/pictos/charte.svg"),
            }
        };
    }
    pictos!(
        "arreter",
        "calendrier",
        "lieu",
        "merci",
        "protection",
        "rencontre",
        "secret",
        "telephone",
        "urgence"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pictogram_has_its_own_drawing_hidden_from_screen_readers() {
        let charter = svg("charte");
        for name in crate::domain::pictogram::chosen_from() {
            let drawing = svg(name);
            assert!(drawing.contains("aria-hidden=\"true\""), "{name}");
            assert!(name == "charte" || drawing != charter, "{name} has its own drawing");
        }
    }
}
