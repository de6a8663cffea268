//! Why a pair was proposed, in French sentences a coordinator can repeat on the phone:
//! "2 centres d'intérêt en commun : lecture ; marche", "libres tous les deux : mardi
//! après-midi, jeudi matin",
//! "4,2 km".

use super::{Format, Instance, Mode, feasibility, format_bit, score};
use crate::domain::availability::{PARTS, Slots};
use crate::domain::profile::LANGUAGES;
use crate::domain::reciprocity;

/// How the reason about the time a person waited begins (the person is not shown it).
pub const WAITING: &str = "en attente depuis";

/// "4,2 km": one decimal, French decimal comma.
pub fn french_km(d: f64) -> String {
    format!("{:.1} km", d).replace('.', ",")
}

/// "71,25": a score as shown to people.
pub fn french_number(x: f64) -> String {
    let s = format!("{:.2}", x);
    s.trim_end_matches('0').trim_end_matches('.').replace('.', ",")
}

pub fn language_label(code: &str) -> &str {
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, label)| label)
}

/// The reasons for proposing `v` to `b`, strongest first.
pub fn reasons(inst: &Instance, b: u32, v: u32, mode: Mode, distance_km: Option<f64>) -> Vec<String> {
    let (ben, vol) = (&inst.beneficiaries[b as usize], &inst.volunteers[v as usize]);
    let (pb, pv) = (&ben.profile, &vol.profile);
    let mut out = Vec::new();
    let mut shared: Vec<&str> = pb
        .interests
        .iter()
        .filter(|i| pv.interests.binary_search(i).is_ok())
        .map(|&i| inst.interest_names[i as usize].as_str())
        .collect();
    shared.sort_unstable();
    match shared.len() {
        0 => {}
        1 => out.push(format!("1 centre d'intérêt en commun : {}", shared[0])),
        // Labels may hold commas themselves (« Promenade, marche »).
        n => out.push(format!("{n} centres d'intérêt en commun : {}", shared.join(" ; "))),
    }
    let topics: Vec<&str> = ben
        .shares
        .iter()
        .filter(|t| vol.learns.binary_search(t).is_ok())
        .map(|&t| reciprocity::label(&inst.topic_names[t as usize]))
        .collect();
    if !topics.is_empty() {
        out.push(format!("{} : {}", reciprocity::SHARING, topics.join(" ; ")));
    }
    out.push(common_slots(pb.slots & pv.slots));
    // Both prefer this way of meeting: said on the same line, not as a second reason.
    let preferred = |how: &str| {
        if score::first_format_bonus(pb.formats.first(), pv.formats.first(), mode) {
            format!("{how}, la façon préférée de tous les deux")
        } else {
            how.to_string()
        }
    };
    match mode {
        Mode::InPerson => {
            // Without transport, a public place may be ruled out: name the way they can meet.
            let usable = feasibility::in_person_formats(ben, vol);
            if let Some(f) = pb.formats.iter().find(|f| format_bit(**f) & usable != 0) {
                match pb.formats.first() == Some(f) {
                    true => out.push(preferred(meeting(*f))),
                    false => out.push(meeting(*f).to_string()),
                }
            }
            out.push(match distance_km {
                Some(d) if d < 0.05 => "même commune".to_string(),
                Some(d) => french_km(d),
                None => "distance inconnue".to_string(),
            });
        }
        Mode::Phone => out.push(preferred("par téléphone")),
    }
    let common_languages = pb.languages & pv.languages;
    let french = inst.language_codes.iter().position(|c| c == "fr");
    if french.is_none_or(|i| common_languages & (1 << i) == 0) {
        let names: Vec<&str> = (0..inst.language_codes.len())
            .filter(|i| common_languages & (1 << i) != 0)
            .map(|i| language_label(&inst.language_codes[i]))
            .collect();
        out.push(format!("langue commune : {}", names.join(", ")));
    }
    let days = (inst.as_of - ben.waiting_since).num_days();
    if days >= 30 {
        out.push(format!("{WAITING} {days} jours"));
    }
    out
}

fn meeting(f: Format) -> &'static str {
    match f {
        Format::Public => "rencontre dans un lieu public",
        Format::Home => "visite à domicile",
        Format::Phone => "par téléphone",
    }
}

/// "libres tous les deux : mardi après-midi, jeudi matin", or a count when the list would be
/// too long to read out.
pub fn common_slots(bits: u32) -> String {
    let slots = Slots::from_bits(bits);
    let all = slots.describe();
    if slots.count() <= 4 {
        return format!("libres tous les deux : {all}");
    }
    let first: Vec<&str> = all.split(", ").take(3).collect();
    format!(
        "libres tous les deux : {} moments dans la semaine, dont {}",
        slots.count(),
        first.join(", ")
    )
}

/// "le matin", "le matin ou le soir", or "le mardi après-midi, jeudi matin".
pub fn when(bits: u32) -> String {
    let parts: Vec<usize> = (0..3)
        .filter(|&p| (0..7).any(|d| Slots::from_bits(bits).has(d, p)))
        .collect();
    let every_day = parts.iter().all(|&p| (0..7).all(|d| Slots::from_bits(bits).has(d, p)));
    let only_those = (0..7).all(|d| (0..3).all(|p| !Slots::from_bits(bits).has(d, p) || parts.contains(&p)));
    if bits != 0 && every_day && only_those {
        let names: Vec<String> = parts
            .iter()
            .map(|&p| match PARTS[p] {
                "après-midi" => "l'après-midi".to_string(),
                other => format!("le {other}"),
            })
            .collect();
        return names.join(" ou ");
    }
    format!("le {}", Slots::from_bits(bits).describe())
}
