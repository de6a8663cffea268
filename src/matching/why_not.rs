//! Why a beneficiary has no feasible volunteer at all, and what to relax: the rule that,
//! alone, rules out the most nearby volunteers is the one worth discussing.
//!
//! For staff only: it may say that the person asked not to meet someone, which a volunteer
//! must never learn.

use super::explain::{french_km, language_label, when};
use super::feasibility::{
    AGE, AVOIDED, EXCLUDED, FORMAT, GENDER, LANGUAGE, OTHER_COMMUNE, REACH, SLOTS, TRANSPORT, failures,
};
use super::{Format, Index, Instance, PHONE};

/// "aucun·e bénévole à moins de 15 km disponible le matin", with what could change that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhyNot {
    pub reason: String,
    pub suggestions: Vec<String>,
}

/// Rules in the order they are preferred as the explanation when counts tie.
const RULES: [u16; 10] = [
    REACH,
    SLOTS,
    LANGUAGE,
    GENDER,
    AGE,
    FORMAT,
    TRANSPORT,
    OTHER_COMMUNE,
    AVOIDED,
    EXCLUDED,
];

pub fn why_not(inst: &Instance, index: &Index, b: u32) -> WhyNot {
    let ben = &inst.beneficiaries[b as usize];
    let near = index.near(inst, b);
    let mut single = [0usize; RULES.len()];
    let mut closest_out_of_reach: Option<f64> = None;
    let mut reachable = 0;
    for &(v, d) in &near {
        let fails = failures(inst, b, v, d);
        if fails & (REACH | FORMAT) == 0 {
            reachable += 1;
        }
        if let Some(k) = RULES.iter().position(|&r| r == fails) {
            single[k] += 1;
            if fails == REACH {
                closest_out_of_reach =
                    Some(closest_out_of_reach.map_or(d.unwrap_or(f64::MAX), |c: f64| c.min(d.unwrap_or(f64::MAX))));
            }
        }
    }
    let no_phone = ben.profile.format_mask() & PHONE == 0;
    let phone_hint = || "proposer un binôme par téléphone".to_string();
    let best = (0..RULES.len())
        .filter(|&k| single[k] > 0)
        .max_by_key(|&k| (single[k], RULES.len() - k));
    let Some(k) = best else {
        let mut suggestions = vec!["recruter des bénévoles près de chez cette personne".to_string()];
        if no_phone {
            suggestions.push(phone_hint());
        }
        let reason = if reachable == 0 {
            "aucun·e bénévole à portée : ni dans le rayon d'un·e bénévole, ni joignable par téléphone dans le département".to_string()
        } else {
            format!("{reachable} bénévole(s) à portée, mais aucun·e ne remplit plusieurs conditions à la fois")
        };
        return WhyNot { reason, suggestions };
    };
    let n = single[k];
    let p = &ben.profile;
    let (reason, suggestions) = match RULES[k] {
        REACH => {
            let far = closest_out_of_reach
                .filter(|d| *d < f64::MAX)
                .map_or(String::new(), |d| {
                    format!(" (le plus proche : {}, hors de son rayon)", french_km(d))
                });
            let mut s = vec!["demander à un·e bénévole d'élargir son rayon".to_string()];
            if no_phone {
                s.push(phone_hint());
            }
            (format!("aucun·e bénévole compatible assez proche{far}"), s)
        }
        SLOTS => (
            format!("aucun·e bénévole à portée disponible {}", when(p.slots)),
            vec!["proposer d'autres moments de la semaine".to_string()],
        ),
        LANGUAGE => {
            let langs: Vec<&str> = (0..inst.language_codes.len())
                .filter(|i| p.languages & (1 << i) != 0)
                .map(|i| language_label(&inst.language_codes[i]))
                .collect();
            (
                format!("aucun·e bénévole à portée ne parle {}", langs.join(" ou ")),
                vec![format!("chercher un·e bénévole parlant {}", langs.join(" ou "))],
            )
        }
        GENDER => (
            "aucun·e bénévole à portée ne correspond au genre souhaité".to_string(),
            vec!["assouplir la préférence de genre".to_string()],
        ),
        AGE => (
            match ben.wants_age {
                Some((lo, hi)) => format!("aucun·e bénévole à portée n'a entre {lo} et {hi} ans"),
                None => "aucun·e bénévole à portée n'a l'âge souhaité".to_string(),
            },
            vec!["élargir la tranche d'âge souhaitée".to_string()],
        ),
        FORMAT => {
            let wanted: Vec<&str> = p.formats.iter().map(|f| format_words(*f)).collect();
            (
                format!("aucun·e bénévole à portée n'accepte {}", wanted.join(" ni ")),
                vec!["proposer une autre façon de se rencontrer".to_string()],
            )
        }
        TRANSPORT => (
            "n'a pas de moyen de transport : aucun·e bénévole compatible n'a de voiture ni n'accepte de visite à domicile"
                .to_string(),
            vec![
                "proposer une visite à domicile ou un binôme par téléphone".to_string(),
                "demander au transport solidaire d'accompagner la personne".to_string(),
            ],
        ),
        OTHER_COMMUNE => (
            "ne souhaite pas un·e bénévole de sa commune".to_string(),
            vec![
                "chercher un·e bénévole dans une commune voisine".to_string(),
                "demander à la personne si un·e bénévole de sa commune lui conviendrait".to_string(),
            ],
        ),
        AVOIDED => (
            if n == 1 {
                "a demandé à ne pas rencontrer cette personne".to_string()
            } else {
                "a demandé à ne pas rencontrer ces personnes".to_string()
            },
            vec!["attendre l'arrivée de nouveaux bénévoles".to_string()],
        ),
        _ => (
            "les bénévoles compatibles ont déjà été proposé·es, refusé·es ou écarté·es".to_string(),
            vec!["attendre l'arrivée de nouveaux bénévoles".to_string()],
        ),
    };
    let reason = format!("{reason} ; {n} bénévole(s) conviendrai(en)t sans cette condition");
    WhyNot { reason, suggestions }
}

fn format_words(f: Format) -> &'static str {
    match f {
        Format::Public => "une rencontre dans un lieu public",
        Format::Home => "une visite à domicile",
        Format::Phone => "un binôme par téléphone",
    }
}
