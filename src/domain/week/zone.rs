//! The clocks a team lives by, read from its territory: the Monday digest goes at 08:00 on the
//! team's own clocks. Metropolitan France and Corsica keep Paris time; each overseas
//! département its own (a CCAS of La Réunion is four hours ahead of Paris in winter, one of
//! Guadeloupe five hours behind).

use chrono_tz::Tz;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    Paris,
    Guadeloupe,
    Martinique,
    Guyane,
    Reunion,
    SaintPierre,
    Mayotte,
}

impl Zone {
    /// The zone of a département code (`"15"`, `"2A"`, `"974"`).
    pub fn of_departement(code: &str) -> Zone {
        match code {
            "971" => Zone::Guadeloupe,
            "972" => Zone::Martinique,
            "973" => Zone::Guyane,
            "974" => Zone::Reunion,
            "975" => Zone::SaintPierre,
            "976" => Zone::Mayotte,
            _ => Zone::Paris,
        }
    }

    /// The zone of a commune, from its INSEE code (overseas codes begin with their
    /// three-digit département).
    pub fn of_commune(insee: &str) -> Zone {
        match insee.get(..3) {
            Some(d) if d.starts_with("97") => Zone::of_departement(d),
            _ => Zone::Paris,
        }
    }

    pub fn tz(self) -> Tz {
        match self {
            Zone::Paris => chrono_tz::Europe::Paris,
            Zone::Guadeloupe => chrono_tz::America::Guadeloupe,
            Zone::Martinique => chrono_tz::America::Martinique,
            Zone::Guyane => chrono_tz::America::Cayenne,
            Zone::Reunion => chrono_tz::Indian::Reunion,
            Zone::SaintPierre => chrono_tz::America::Miquelon,
            Zone::Mayotte => chrono_tz::Indian::Mayotte,
        }
    }

    /// The code stored in a job's key.
    pub fn code(self) -> &'static str {
        match self {
            Zone::Paris => "paris",
            Zone::Guadeloupe => "guadeloupe",
            Zone::Martinique => "martinique",
            Zone::Guyane => "guyane",
            Zone::Reunion => "reunion",
            Zone::SaintPierre => "saint-pierre",
            Zone::Mayotte => "mayotte",
        }
    }

    pub fn parse(code: &str) -> Option<Zone> {
        [
            Zone::Paris,
            Zone::Guadeloupe,
            Zone::Martinique,
            Zone::Guyane,
            Zone::Reunion,
            Zone::SaintPierre,
            Zone::Mayotte,
        ]
        .into_iter()
        .find(|z| z.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::Zone;

    #[test]
    fn overseas_communes_and_departements_have_their_own_clocks() {
        assert_eq!(Zone::of_commune("97411"), Zone::Reunion);
        assert_eq!(Zone::of_commune("97101"), Zone::Guadeloupe);
        assert_eq!(Zone::of_commune("15120"), Zone::Paris);
        assert_eq!(Zone::of_commune("2A004"), Zone::Paris);
        assert_eq!(Zone::of_departement("976"), Zone::Mayotte);
        assert_eq!(Zone::of_departement("2B"), Zone::Paris);
        for z in [Zone::Paris, Zone::Reunion, Zone::Guyane, Zone::SaintPierre] {
            assert_eq!(Zone::parse(z.code()), Some(z));
        }
        assert_eq!(Zone::parse("mars"), None);
    }
}
