//! A team's territory: whole départements and single communes.

use super::commune::InseeCode;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Territory {
    pub departements: Vec<String>,
    pub communes: Vec<InseeCode>,
}

/// A département code: "01"–"95", "2A", "2B", "971"–"989".
pub fn parse_departement(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    let ok = match code.len() {
        2 => code == "2A" || code == "2B" || code.chars().all(|c| c.is_ascii_digit()) && code != "00" && code != "20",
        3 => code.starts_with("97") || code.starts_with("98"),
        _ => false,
    };
    ok.then_some(code)
}

/// Parses codes separated by commas, spaces or new lines; returns the bad ones as the error.
pub fn parse_list<T>(raw: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, Vec<String>> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for item in raw
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
    {
        match parse(item) {
            Some(v) => good.push(v),
            None => bad.push(item.to_string()),
        }
    }
    if bad.is_empty() { Ok(good) } else { Err(bad) }
}

impl Territory {
    pub fn contains(&self, commune: &InseeCode, departement: &str) -> bool {
        self.communes.contains(commune) || self.departements.iter().any(|d| d == departement)
    }

    pub fn is_empty(&self) -> bool {
        self.departements.is_empty() && self.communes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departement_codes() {
        assert_eq!(parse_departement("15").as_deref(), Some("15"));
        assert_eq!(parse_departement("2a").as_deref(), Some("2A"));
        assert_eq!(parse_departement("974").as_deref(), Some("974"));
        assert_eq!(parse_departement("20"), None);
        assert_eq!(parse_departement("1"), None);
    }

    #[test]
    fn lists_report_every_bad_item() {
        assert_eq!(
            parse_list("15, 69\n63", parse_departement),
            Ok(vec!["15".into(), "69".into(), "63".into()])
        );
        assert_eq!(
            parse_list("15, xx, 7", parse_departement),
            Err(vec!["xx".into(), "7".into()])
        );
    }

    #[test]
    fn territory_contains_by_commune_or_departement() {
        let t = Territory {
            departements: vec!["69".into()],
            communes: vec![InseeCode::parse("15120").unwrap()],
        };
        assert!(t.contains(&InseeCode::parse("15120").unwrap(), "15"));
        assert!(t.contains(&InseeCode::parse("69123").unwrap(), "69"));
        assert!(!t.contains(&InseeCode::parse("15265").unwrap(), "15"));
    }
}
