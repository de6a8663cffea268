//! The demo teams' public places for first meetings: a médiathèque, a café, a mairie annexe,
//! with plausible opening hours in the OpenStreetMap syntax.

use crate::db::{self, meetings::NewVenue};

/// (name, address, INSEE code, opening hours).
type DemoVenue = (&'static str, &'static str, &'static str, &'static str);

const MAURIAC: &[DemoVenue] = &[
    (
        "Médiathèque de Mauriac",
        "place Georges Pompidou",
        "15120",
        "Tu,Th 14:00-18:00; We,Sa 10:00-12:00,14:00-18:00; PH off",
    ),
    (
        "Café de la Poste",
        "place de la Poste",
        "15120",
        "Mo-Sa 07:30-19:30; Su 08:00-12:30",
    ),
    (
        "Mairie annexe d'Ydes, salle d'accueil",
        "place de la Mairie",
        "15265",
        "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    ),
];

const LYON: &[DemoVenue] = &[
    (
        "Bibliothèque de la Croix-Rousse",
        "place Joannès Ambre",
        "69384",
        "Tu,Th,Fr 13:00-19:00; We,Sa 10:00-18:00; PH off",
    ),
    (
        "Café associatif des Pentes",
        "rue Burdeau",
        "69381",
        "Tu-Sa 09:30-19:00",
    ),
    (
        "Mairie du 1er arrondissement, salle d'accueil",
        "2 place Sathonay",
        "69381",
        "Mo-Fr 08:45-16:45; Sa 09:30-12:00; PH off",
    ),
];

/// Adds the demo places to the two teams.
pub async fn add(db: &db::Db, mauriac_id: i32, lyon_id: i32, now_ms: i64) -> anyhow::Result<()> {
    for (team, venues) in [(mauriac_id, MAURIAC), (lyon_id, LYON)] {
        for (name, address, commune_code, opening_hours) in venues {
            let venue = NewVenue {
                name,
                address,
                commune_code,
                opening_hours,
                accessibility_url: None,
            };
            db::meetings::add_venue(db, team, &venue, now_ms).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_hours_are_valid() {
        for (name, _, _, hours) in super::MAURIAC.iter().chain(super::LYON) {
            assert!(crate::domain::meeting::Hours::parse(hours).is_ok(), "{name}: {hours}");
        }
    }
}
