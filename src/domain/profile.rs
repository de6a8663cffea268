//! The profile fields shared by volunteers and isolated people, validated one by one; each
//! error is the French sentence shown next to its field.

mod channel;
mod intake;

pub use channel::ContactChannel;
pub use intake::{EMAIL_TAKEN, Errors, Field, Profile, RawProfile};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Public,
    Home,
    Phone,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Public, Format::Home, Format::Phone];

    pub fn code(self) -> &'static str {
        match self {
            Format::Public => "public",
            Format::Home => "home",
            Format::Phone => "phone",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Public => "Rencontre dans un lieu public (café, médiathèque, promenade)",
            Format::Home => "Visite à domicile",
            Format::Phone => "Appel téléphonique",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Accepted formats in order of preference, from one rank field per format ("" = not accepted).
pub fn formats_from_ranks(ranks: [&str; 3]) -> Result<Vec<Format>, &'static str> {
    let mut ranked = Vec::new();
    for (format, rank) in Format::ALL.into_iter().zip(ranks) {
        match rank.trim() {
            "" => {}
            r => {
                let r: u8 = r
                    .parse()
                    .ok()
                    .filter(|r| (1..=3).contains(r))
                    .ok_or("Choisissez un rang entre 1 et 3.")?;
                if ranked.iter().any(|(other, _)| *other == r) {
                    return Err("Deux façons de se rencontrer ont le même rang : donnez-leur des rangs différents.");
                }
                ranked.push((r, format));
            }
        }
    }
    if ranked.is_empty() {
        return Err("Choisissez au moins une façon de se rencontrer.");
    }
    ranked.sort_by_key(|(r, _)| *r);
    Ok(ranked.into_iter().map(|(_, f)| f).collect())
}

pub fn formats_to_string(formats: &[Format]) -> String {
    formats.iter().map(|f| f.code()).collect::<Vec<_>>().join(",")
}

pub fn formats_from_string(s: &str) -> Vec<Format> {
    s.split(',').filter_map(Format::parse).collect()
}

pub const LANGUAGES: [(&str, &str); 10] = [
    ("fr", "français"),
    ("en", "anglais"),
    ("es", "espagnol"),
    ("pt", "portugais"),
    ("it", "italien"),
    ("de", "allemand"),
    ("ar", "arabe"),
    ("tr", "turc"),
    ("oc", "occitan"),
    ("lsf", "langue des signes française"),
];

pub fn languages_from_form(values: &[String]) -> Result<Vec<String>, &'static str> {
    if values.is_empty() {
        return Err("Cochez au moins une langue parlée.");
    }
    values
        .iter()
        .map(|v| {
            LANGUAGES
                .iter()
                .find(|(code, _)| code == v)
                .map(|(c, _)| c.to_string())
                .ok_or("Cette langue n'est pas dans la liste.")
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Female,
    Male,
    Other,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Female, Gender::Male, Gender::Other];

    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "f",
            Gender::Male => "m",
            Gender::Other => "x",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Gender::Female => "Femme",
            Gender::Male => "Homme",
            Gender::Other => "Autre",
        }
    }

    /// "" means not given.
    pub fn parse_optional(code: &str) -> Result<Option<Self>, &'static str> {
        match code.trim() {
            "" => Ok(None),
            c => Self::ALL
                .into_iter()
                .find(|g| g.code() == c)
                .map(Some)
                .ok_or("Choisissez dans la liste."),
        }
    }
}

pub const TRAVEL_MEANS: [(&str, &str); 4] = [
    ("foot", "à pied"),
    ("bike", "à vélo"),
    ("car", "en voiture"),
    ("transit", "en transports en commun"),
];

pub fn travel_means_from_form(values: &[String]) -> Result<Vec<String>, &'static str> {
    if values.is_empty() {
        return Err("Cochez au moins un moyen de déplacement.");
    }
    values
        .iter()
        .map(|v| {
            TRAVEL_MEANS
                .iter()
                .find(|(c, _)| c == v)
                .map(|(c, _)| c.to_string())
                .ok_or("Choisissez dans la liste.")
        })
        .collect()
}

pub const MAX_RADIUS_KM: i32 = 100;

pub fn parse_radius(raw: &str) -> Result<i32, String> {
    let r: i32 = raw
        .trim()
        .parse()
        .map_err(|_| "Indiquez une distance en kilomètres, par exemple 10.".to_string())?;
    if !(0..=MAX_RADIUS_KM).contains(&r) {
        return Err(format!("La distance doit être comprise entre 0 et {MAX_RADIUS_KM} km."));
    }
    Ok(r)
}

pub fn parse_capacity(raw: &str) -> Result<i32, &'static str> {
    match raw.trim().parse::<i32>() {
        Ok(c) if (1..=3).contains(&c) => Ok(c),
        _ => Err("Choisissez 1, 2 ou 3 personnes."),
    }
}

/// An optional birth year: not in the future, not before 1900, and at least `min_age` old.
pub fn parse_birth_year(raw: &str, current_year: i32, min_age: i32) -> Result<Option<i32>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let year: i32 = raw
        .parse()
        .map_err(|_| "Indiquez l'année sur 4 chiffres, par exemple 1950.".to_string())?;
    if year > current_year {
        return Err("L'année de naissance ne peut pas être dans le futur.".into());
    }
    if year < 1900 {
        return Err("Indiquez une année de naissance après 1900.".into());
    }
    if current_year - year < min_age {
        return Err(format!("Il faut avoir au moins {min_age} ans."));
    }
    Ok(Some(year))
}

/// An optional "age from … to …" preference.
pub fn parse_age_range(min: &str, max: &str) -> Result<Option<(i32, i32)>, &'static str> {
    let (min, max) = (min.trim(), max.trim());
    if min.is_empty() && max.is_empty() {
        return Ok(None);
    }
    let parse = |s: &str, default: i32| {
        if s.is_empty() {
            Ok(default)
        } else {
            s.parse::<i32>()
                .map_err(|_| "Indiquez des âges en nombres, par exemple 30 et 70.")
        }
    };
    let (lo, hi) = (parse(min, 18)?, parse(max, 120)?);
    if !(18..=120).contains(&lo) || !(18..=120).contains(&hi) || lo > hi {
        return Err("Indiquez des âges entre 18 et 120 ans, le premier plus petit que le second.");
    }
    Ok(Some((lo, hi)))
}

pub fn parse_isolation(raw: &str) -> Result<Option<i32>, &'static str> {
    match raw.trim() {
        "" => Ok(None),
        s => s
            .parse::<i32>()
            .ok()
            .filter(|v| (0..=10).contains(v))
            .map(Some)
            .ok_or("Choisissez un nombre entre 0 et 10."),
    }
}

/// A French phone number, kept as typed digits ("06 12 34 56 78" → "0612345678").
pub fn parse_phone(raw: &str, required: bool) -> Result<Option<String>, &'static str> {
    let digits: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect();
    if digits.is_empty() {
        return if required {
            Err("Indiquez un numéro de téléphone.")
        } else {
            Ok(None)
        };
    }
    let national = digits
        .strip_prefix("+33")
        .map(|rest| format!("0{rest}"))
        .unwrap_or(digits);
    if national.len() == 10 && national.starts_with('0') && national.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(national))
    } else {
        Err("Ce numéro n'est pas valide : 10 chiffres, par exemple 06 12 34 56 78.")
    }
}

/// A stored phone number as people read it aloud: "0471401234" → "04 71 40 12 34".
pub fn spaced_phone(phone: &str) -> String {
    if phone.len() == 10 && phone.chars().all(|c| c.is_ascii_digit()) {
        let pairs: Vec<&str> = (0..5).map(|i| &phone[i * 2..i * 2 + 2]).collect();
        pairs.join("\u{a0}")
    } else {
        phone.to_string()
    }
}

/// A first or last name (see `text::person_name`).
pub fn parse_name(raw: &str, what: &str) -> Result<String, String> {
    if raw.trim().is_empty() {
        return Err(format!("Indiquez {what}."));
    }
    super::text::person_name(raw)
}

/// A postal address, over one or several lines.
pub fn parse_address(raw: &str) -> Result<Option<String>, String> {
    let address = super::text::free_text(raw, super::text::ADDRESS_MAX)?;
    Ok(Some(address).filter(|a| !a.is_empty()))
}

/// A free list as stored: "fr,en".
pub fn join(values: &[String]) -> String {
    values.join(",")
}

pub struct Listed<'a>(pub &'a [String]);

impl fmt::Display for Listed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_read_in_pairs() {
        assert_eq!(spaced_phone("0471401234"), "04\u{a0}71\u{a0}40\u{a0}12\u{a0}34");
        assert_eq!(spaced_phone("+3312"), "+3312");
    }

    #[test]
    fn formats_are_ordered_by_rank() {
        assert_eq!(
            formats_from_ranks(["2", "", "1"]).unwrap(),
            vec![Format::Phone, Format::Public]
        );
        assert!(formats_from_ranks(["", "", ""]).is_err());
        assert!(formats_from_ranks(["1", "1", ""]).is_err());
        assert!(formats_from_ranks(["4", "", ""]).is_err());
    }

    #[test]
    fn birth_years_in_the_future_or_too_young_are_refused() {
        assert_eq!(parse_birth_year("", 2026, 18), Ok(None));
        assert_eq!(parse_birth_year("1950", 2026, 18), Ok(Some(1950)));
        assert!(parse_birth_year("2030", 2026, 18).unwrap_err().contains("futur"));
        assert!(parse_birth_year("2015", 2026, 18).unwrap_err().contains("18 ans"));
        assert!(parse_birth_year("19x0", 2026, 18).is_err());
    }

    #[test]
    fn radius_and_capacity_have_bounds() {
        assert_eq!(parse_radius(" 15 "), Ok(15));
        assert!(parse_radius("150").is_err());
        assert!(parse_radius("-1").is_err());
        assert_eq!(parse_capacity("2"), Ok(2));
        assert!(parse_capacity("4").is_err());
    }

    #[test]
    fn phones_are_normalised() {
        assert_eq!(parse_phone("06 12 34 56 78", true), Ok(Some("0612345678".into())));
        assert_eq!(parse_phone("+33 6 12 34 56 78", true), Ok(Some("0612345678".into())));
        assert_eq!(parse_phone("", false), Ok(None));
        assert!(parse_phone("", true).is_err());
        assert!(parse_phone("12345", false).is_err());
    }

    #[test]
    fn age_ranges() {
        assert_eq!(parse_age_range("", ""), Ok(None));
        assert_eq!(parse_age_range("30", "70"), Ok(Some((30, 70))));
        assert!(parse_age_range("70", "30").is_err());
    }
}
