//! SPEC "Score of a feasible pair": six parts, each a weight times a fraction, in f64.

use super::{Format, IN_PERSON, Instance, Mode, Weights, format_bit};

/// The six parts of a score, kept apart so that explanations can name the strong ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parts {
    pub proximity: f64,
    pub availability: f64,
    pub interests: f64,
    pub format: f64,
    pub waiting: f64,
    pub reciprocity: f64,
}

impl Parts {
    pub fn total(&self) -> f64 {
        self.proximity + self.availability + self.interests + self.format + self.waiting + self.reciprocity
    }
}

/// The score of a feasible pair; `distance_km` is the centroid distance (needed in person).
pub fn score(inst: &Instance, b: u32, v: u32, mode: Mode, distance_km: Option<f64>) -> f64 {
    parts(inst, b, v, mode, distance_km).total()
}

pub fn parts(inst: &Instance, b: u32, v: u32, mode: Mode, distance_km: Option<f64>) -> Parts {
    let (ben, vol) = (&inst.beneficiaries[b as usize], &inst.volunteers[v as usize]);
    let (pb, pv) = (&ben.profile, &vol.profile);
    let counts = Counts {
        mode,
        distance_km,
        radius_km: vol.radius_km,
        shared_slots: (pb.slots & pv.slots).count_ones(),
        shared_interests: common_count(&pb.interests, &pv.interests),
        smaller: pb.interests.len().min(pv.interests.len()),
        first_format_bonus: first_format_bonus(pb.formats.first(), pv.formats.first(), mode),
        days: (inst.as_of - ben.waiting_since).num_days(),
        shared_topics: common_count(&ben.shares, &vol.learns),
        fewer_topics: ben.shares.len().min(vol.learns.len()),
    };
    from_counts(&inst.weights, &counts)
}

/// What a score depends on, already counted: the candidate generator counts these on bit
/// masks and both paths share the arithmetic below, so their scores are bit-identical.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    pub mode: Mode,
    pub distance_km: Option<f64>,
    pub radius_km: f64,
    pub shared_slots: u32,
    pub shared_interests: usize,
    pub smaller: usize,
    pub first_format_bonus: bool,
    pub days: i64,
    /// What the person shares that the volunteer would discover, and the shorter of the lists.
    pub shared_topics: usize,
    pub fewer_topics: usize,
}

pub fn from_counts(w: &Weights, c: &Counts) -> Parts {
    let proximity = match (c.mode, c.distance_km) {
        // With radius 0, in person is possible only at d = 0: full proximity, no 0/0.
        (Mode::InPerson, Some(d)) if c.radius_km > 0.0 => w.proximity * (1.0 - d / c.radius_km),
        (Mode::InPerson, _) => w.proximity,
        (Mode::Phone, _) => w.proximity / 2.0,
    };
    let availability = w.availability * f64::from(c.shared_slots.min(3)) / 3.0;
    let interests = w.interests * c.shared_interests as f64 / c.smaller.max(1) as f64;
    let format = if c.first_format_bonus { w.format } else { 0.0 };
    let waiting = w.waiting * c.days.clamp(0, 90) as f64 / 90.0;
    let reciprocity = w.reciprocity * c.shared_topics as f64 / c.fewer_topics.max(1) as f64;
    Parts {
        proximity,
        availability,
        interests,
        format,
        waiting,
        reciprocity,
    }
}

/// Both prefer the same format first, and the pair can actually meet that way.
pub fn first_format_bonus(b: Option<&Format>, v: Option<&Format>, mode: Mode) -> bool {
    match (b, v) {
        (Some(fb), Some(fv)) if fb == fv => format_bit(*fb) & IN_PERSON == 0 || mode == Mode::InPerson,
        _ => false,
    }
}

/// Size of the intersection of two sorted, deduplicated lists.
pub fn common_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
