//! Why nobody fits a waiting person yet, in one line and cheaply: from the team's free
//! volunteers counted by commune and radius (one query for the whole page), not from a full
//! matching round. The exact explanation is one click away ("Chercher un·e bénévole").

use crate::db::dashboard::Supply;
use crate::domain::commune::distance_km;
use crate::matching::communes::Table;
use crate::matching::explain::french_km;

/// A waiting person as the rule needs them.
pub struct Waiting<'a> {
    pub commune: &'a str,
    pub accepts_phone: bool,
    /// A suggestion for them already waits for the coordinator's decision.
    pub suggested: bool,
}

pub fn reason(person: &Waiting, supply: &[Supply], communes: &Table) -> String {
    if person.suggested {
        return "une proposition attend votre décision".into();
    }
    if supply.is_empty() {
        return "aucun·e bénévole libre dans l'équipe".into();
    }
    let home = communes.get(person.commune);
    let mut reachable = 0;
    let mut nearest: Option<f64> = None;
    for s in supply {
        let there = communes.get(&s.commune);
        let d = match (home.and_then(|h| h.centroid), there.and_then(|t| t.centroid)) {
            (Some(a), Some(b)) => Some(distance_km(a, b)),
            _ => (s.commune == person.commune).then_some(0.0),
        };
        let same_departement = matches!((home, there), (Some(h), Some(t)) if h.departement == t.departement);
        for v in &s.volunteers {
            let in_radius = d.is_some_and(|d| d <= f64::from(v.radius_km));
            if in_radius || (person.accepts_phone && v.by_phone && same_departement) {
                reachable += 1;
            } else if let Some(d) = d {
                nearest = Some(nearest.map_or(d, |n: f64| n.min(d)));
            }
        }
    }
    match (reachable, nearest) {
        (0, Some(d)) => format!(
            "aucun·e bénévole libre à portée : le ou la plus proche habite à {} et ne se déplace pas si loin",
            french_km(d)
        ),
        (0, None) => "aucun·e bénévole libre à portée".into(),
        (1, _) => "1 bénévole libre à portée, mais une autre condition bloque (moments, langue, préférences) ou aucun calcul n'a été lancé".into(),
        (n, _) => format!(
            "{n} bénévoles libres à portée, mais une autre condition bloque (moments, langue, préférences) ou aucun calcul n'a été lancé"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::dashboard::Free;
    use crate::domain::commune::Centroid;
    use crate::matching::communes::Commune;

    fn table() -> Table {
        let mut t = Table::default();
        for (code, dep, lat, lon) in [
            ("15120", "15", 45.218, 2.333), // Mauriac
            ("15265", "15", 45.347, 2.436), // Ydes, about 16 km away
            ("69381", "69", 45.767, 4.834), // Lyon 1er
        ] {
            t.push(Commune {
                code: code.into(),
                departement: dep.into(),
                population: 1000,
                centroid: Some(Centroid { lat, lon }),
            });
        }
        t
    }

    fn supply(commune: &str, radius_km: i32, by_phone: bool, count: usize) -> Supply {
        Supply {
            commune: commune.into(),
            volunteers: vec![Free { radius_km, by_phone }; count],
        }
    }

    fn person(commune: &str, accepts_phone: bool) -> Waiting<'_> {
        Waiting {
            commune,
            accepts_phone,
            suggested: false,
        }
    }

    #[test]
    fn counts_the_free_volunteers_within_their_radius() {
        let s = [supply("15120", 20, false, 2), supply("15265", 5, false, 1)];
        assert!(reason(&person("15265", false), &s, &table()).starts_with("3 bénévoles libres à portée"));
        assert!(reason(&person("15120", false), &s, &table()).starts_with("2 bénévoles libres"));
    }

    #[test]
    fn says_how_far_the_nearest_volunteer_is_when_nobody_reaches() {
        let s = [supply("15120", 5, false, 1)];
        let why = reason(&person("15265", false), &s, &table());
        assert!(
            why.starts_with("aucun·e bénévole libre à portée : le ou la plus proche habite à 1"),
            "{why}"
        );
    }

    #[test]
    fn a_telephone_binome_reaches_the_whole_departement() {
        let s = [supply("15120", 5, true, 1)];
        assert!(reason(&person("15265", true), &s, &table()).starts_with("1 bénévole libre"));
        assert!(
            reason(&person("69381", true), &s, &table()).starts_with("aucun·e"),
            "not another département"
        );
    }

    #[test]
    fn an_empty_team_and_a_pending_proposal_say_so() {
        assert_eq!(
            reason(&person("15120", false), &[], &table()),
            "aucun·e bénévole libre dans l'équipe"
        );
        let mut p = person("15120", false);
        p.suggested = true;
        assert_eq!(reason(&p, &[], &table()), "une proposition attend votre décision");
    }
}
