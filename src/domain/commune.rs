//! Communes: INSEE codes, search keys and great-circle distances.

use std::fmt;

/// Mean Earth radius used by SPEC.md, in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A five-character INSEE commune code ("15120", "2A004").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InseeCode(String);

impl InseeCode {
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.trim().to_ascii_uppercase();
        let valid = code.len() == 5
            && code
                .chars()
                .enumerate()
                .all(|(i, c)| c.is_ascii_digit() || (i == 1 && (c == 'A' || c == 'B') && code.starts_with('2')));
        valid.then_some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read-only: a code is read wherever text is, and changes only through `parse`.
impl std::ops::Deref for InseeCode {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for InseeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point on Earth, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Centroid {
    pub lat: f64,
    pub lon: f64,
}

/// Great-circle (haversine) distance in km.
pub fn distance_km(a: Centroid, b: Centroid) -> f64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let dphi = (b.lat - a.lat).to_radians();
    let dlambda = (b.lon - a.lon).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// What the user typed in a commune search, understood.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CommuneQuery {
    /// Five characters that can only be a code: postal code or INSEE code.
    Code(String),
    /// A beginning of postal code ("154").
    PostalPrefix(String),
    /// A name, as a normalised search key.
    Name(String),
}

impl CommuneQuery {
    /// `None` when nothing searchable was typed.
    pub fn parse(raw: &str) -> Option<Self> {
        let trimmed = raw.trim();
        // The longest commune name has 45 letters: anything far longer is not a search.
        if trimmed.is_empty() || trimmed.chars().count() > 100 {
            return None;
        }
        let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
        if InseeCode::parse(&compact).is_some() {
            return Some(Self::Code(compact.to_ascii_uppercase()));
        }
        if compact.len() >= 2 && compact.len() < 5 && compact.chars().all(|c| c.is_ascii_digit()) {
            return Some(Self::PostalPrefix(compact));
        }
        let key = search_key(trimmed);
        (!key.is_empty()).then_some(Self::Name(key))
    }
}

/// The form of a name used for searching: no accents, lower case, words separated by one
/// space, and the usual abbreviations spelled out ("st" = "saint", "ste" = "sainte").
pub fn search_key(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The label shown to users: homonyms are told apart by their département.
pub fn label(name: &str, departement: &str) -> String {
    format!("{name} ({departement})")
}

pub mod index;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insee_codes_accept_corsica_and_reject_garbage() {
        assert!(InseeCode::parse("15120").is_some());
        assert!(InseeCode::parse("2a004").is_some());
        assert!(InseeCode::parse("1512").is_none());
        assert!(InseeCode::parse("15A20").is_none());
        assert!(InseeCode::parse("abcde").is_none());
    }

    #[test]
    fn search_keys_ignore_accents_case_and_abbreviations() {
        assert_eq!(search_key("Riom-ès-Montagnes"), "riom es montagnes");
        assert_eq!(search_key("ST-Martin-Valmeroux"), search_key("Saint-Martin-Valmeroux"));
        assert_eq!(search_key("Ste Eulalie"), "sainte eulalie");
        assert_eq!(search_key("L'Abergement"), "l abergement");
    }

    #[test]
    fn queries_tell_codes_from_names() {
        assert_eq!(CommuneQuery::parse("15400"), Some(CommuneQuery::Code("15400".into())));
        assert_eq!(
            CommuneQuery::parse(" 154 "),
            Some(CommuneQuery::PostalPrefix("154".into()))
        );
        assert_eq!(CommuneQuery::parse("Riom"), Some(CommuneQuery::Name("riom".into())));
        assert_eq!(CommuneQuery::parse("  -- "), None);
    }

    #[test]
    fn haversine_matches_a_known_distance() {
        let paris = Centroid {
            lat: 48.8566,
            lon: 2.3522,
        };
        let lyon = Centroid {
            lat: 45.7640,
            lon: 4.8357,
        };
        let d = distance_km(paris, lyon);
        assert!((d - 391.5).abs() < 1.0, "{d}");
        assert_eq!(distance_km(paris, paris), 0.0);
    }
}
