//! SPEC "Feasibility of (b, v)": which pairs may be proposed at all, and how they would meet.

use super::{Beneficiary, Format, IN_PERSON, Instance, Mode, PHONE, Volunteer, format_bit};
use chrono::Datelike;

/// The reasons a pair is not feasible, as bits, for the explanations.
pub const FORMAT: u16 = 1;
pub const REACH: u16 = 2;
pub const SLOTS: u16 = 4;
pub const LANGUAGE: u16 = 8;
pub const GENDER: u16 = 16;
pub const AGE: u16 = 32;
pub const EXCLUDED: u16 = 64;
/// The beneficiary asked for a volunteer from another commune (rule 7).
pub const OTHER_COMMUNE: u16 = 128;
/// The beneficiary named this volunteer as someone they do not want to meet (rule 6).
pub const AVOIDED: u16 = 256;
/// They could meet in a public place, but the beneficiary has no transport and the
/// volunteer no car (rule 2).
pub const TRANSPORT: u16 = 512;

/// How the pair would meet, or `None` when it is not feasible. `distance_km` is `None` when a
/// centroid is unknown (then only a telephone pair is possible). The cheap bit tests come
/// first: this runs for every pair the spatial index brings together.
pub fn check(inst: &Instance, b: u32, v: u32, distance_km: Option<f64>) -> Option<Mode> {
    let (ben, vol) = (&inst.beneficiaries[b as usize], &inst.volunteers[v as usize]);
    let (pb, pv) = (&ben.profile, &vol.profile);
    if pb.slots & pv.slots == 0 || pb.languages & pv.languages == 0 {
        return None;
    }
    let mode = mode(ben, vol, distance_km)?;
    if !preferences_hold(inst, ben, vol) || excluded(inst, b, v) || same_commune_refused(ben, vol) {
        return None;
    }
    Some(mode)
}

/// Rule 7: the beneficiary asked for a volunteer who does not live in their commune.
pub fn same_commune_refused(ben: &Beneficiary, vol: &Volunteer) -> bool {
    ben.other_commune && ben.profile.place.commune == vol.profile.place.commune
}

/// The in-person formats both accept and can actually use (rule 2): a beneficiary without
/// transport meets in a public place only with a volunteer who has a car; a home visit
/// needs no car from either.
pub fn in_person_formats(ben: &Beneficiary, vol: &Volunteer) -> u8 {
    let common = ben.profile.format_mask() & vol.profile.format_mask() & IN_PERSON;
    if ben.needs_transport && !vol.has_car {
        common & !format_bit(Format::Public)
    } else {
        common
    }
}

/// Rules 1 and 2: a common format, in person within the volunteer's radius, otherwise by
/// telephone within the same département.
pub fn mode(ben: &Beneficiary, vol: &Volunteer, distance_km: Option<f64>) -> Option<Mode> {
    let common = ben.profile.format_mask() & vol.profile.format_mask();
    let near = distance_km.is_some_and(|d| d <= vol.radius_km);
    if in_person_formats(ben, vol) != 0 && near {
        Some(Mode::InPerson)
    } else if common & PHONE != 0 && ben.profile.place.departement == vol.profile.place.departement {
        Some(Mode::Phone)
    } else {
        None
    }
}

/// Rule 5: a preference the volunteer cannot be shown to meet is not met.
pub fn preferences_hold(inst: &Instance, ben: &Beneficiary, vol: &Volunteer) -> bool {
    gender_holds(ben, vol) && age_holds(inst, ben, vol)
}

fn gender_holds(ben: &Beneficiary, vol: &Volunteer) -> bool {
    ben.wants_gender.is_none_or(|g| vol.profile.gender == Some(g))
}

fn age_holds(inst: &Instance, ben: &Beneficiary, vol: &Volunteer) -> bool {
    ben.wants_age.is_none_or(|(lo, hi)| {
        vol.profile
            .birth_year
            .is_some_and(|y| (lo..=hi).contains(&(inst.as_of.year() - y)))
    })
}

fn excluded(inst: &Instance, b: u32, v: u32) -> bool {
    !inst.exclusions.is_empty() && inst.exclusions.contains(&(b, v))
}

/// Every rule the pair breaks, as bits (0 = feasible); slower than [`check`], for the
/// "why not" explanations only.
pub fn failures(inst: &Instance, b: u32, v: u32, distance_km: Option<f64>) -> u16 {
    let (ben, vol) = (&inst.beneficiaries[b as usize], &inst.volunteers[v as usize]);
    let (pb, pv) = (&ben.profile, &vol.profile);
    let mut out = 0;
    let near = distance_km.is_some_and(|d| d <= vol.radius_km);
    if pb.format_mask() & pv.format_mask() == 0 {
        out |= FORMAT;
    } else if mode(ben, vol, distance_km).is_none() {
        let public_only_lacks_a_car = pb.format_mask() & pv.format_mask() & IN_PERSON != 0 && near;
        out |= if public_only_lacks_a_car { TRANSPORT } else { REACH };
    }
    if pb.slots & pv.slots == 0 {
        out |= SLOTS;
    }
    if pb.languages & pv.languages == 0 {
        out |= LANGUAGE;
    }
    if !gender_holds(ben, vol) {
        out |= GENDER;
    }
    if !age_holds(inst, ben, vol) {
        out |= AGE;
    }
    if inst.avoided.contains(&(b, v)) {
        out |= AVOIDED;
    } else if excluded(inst, b, v) {
        out |= EXCLUDED;
    }
    if same_commune_refused(ben, vol) {
        out |= OTHER_COMMUNE;
    }
    out
}
