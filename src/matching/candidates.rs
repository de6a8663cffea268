//! Candidate generation without looking at every (beneficiary, volunteer) pair: a spatial
//! index over the volunteers' commune centroids brings in-person candidates together, a
//! per-département list brings telephone candidates, and only then are the bit tests run.

pub use super::graph::{Edge, Graph, generate, generate_sequential};
use super::{Centroid, IN_PERSON, Instance, Mode, PHONE, feasibility, score};
use crate::domain::commune::{EARTH_RADIUS_KM, distance_km};
use std::collections::HashMap;

/// Volunteers living at the same centroid, widest radius first.
#[derive(Debug, Clone)]
struct Group {
    xyz: [f64; 3],
    centroid: Centroid,
    members: Vec<(f64, Bits)>,
}

/// The bits a pair needs in common, copied beside the index entries: most pairs the index
/// brings together fail on them, and reading them here avoids a cache miss per pair.
#[derive(Debug, Clone, Copy)]
struct Bits {
    volunteer: u32,
    slots: u32,
    formats: u8,
    /// Bit of the preferred format (0 if none).
    first: u8,
    departement: u32,
    languages: u128,
    /// Interests as a mask, when every interest id is below 64 (else the full score runs).
    interests: Option<u64>,
    interest_count: usize,
}

impl Bits {
    fn of(p: &super::Profile, volunteer: u32) -> Self {
        Self {
            volunteer,
            slots: p.slots,
            formats: p.format_mask(),
            first: p.formats.first().map_or(0, |f| super::format_bit(*f)),
            departement: p.place.departement,
            languages: p.languages,
            interests: p.interests.iter().try_fold(0u64, |m, &i| (i < 64).then(|| m | 1 << i)),
            interest_count: p.interests.len(),
        }
    }

    fn meets(&self, other: &Bits) -> bool {
        self.slots & other.slots != 0 && self.languages & other.languages != 0 && self.formats & other.formats != 0
    }
}

/// The spatial index over volunteers, built once per round (or once for many top-k queries).
#[derive(Debug, Clone)]
pub struct Index {
    /// Cube side in km, at least the largest radius: every volunteer who can reach a point
    /// lies in that point's cell or one of its 26 neighbours.
    cell_km: f64,
    cells: HashMap<(i64, i64, i64), Vec<u32>>,
    groups: Vec<Group>,
    phone_by_departement: Vec<Vec<Bits>>,
    by_departement: Vec<Vec<u32>>,
    /// Per beneficiary named in an exclusion, the volunteers excluded, ascending.
    excluded: HashMap<u32, Vec<u32>>,
}

/// A point of the sphere in Earth-centred km: the chord between two points is never longer
/// than the great-circle distance, so a cube test on chords never misses a candidate.
fn xyz(c: Centroid) -> [f64; 3] {
    let (lat, lon) = (c.lat.to_radians(), c.lon.to_radians());
    [
        EARTH_RADIUS_KM * lat.cos() * lon.cos(),
        EARTH_RADIUS_KM * lat.cos() * lon.sin(),
        EARTH_RADIUS_KM * lat.sin(),
    ]
}

impl Index {
    pub fn build(inst: &Instance) -> Self {
        let max_radius = inst.volunteers.iter().map(|v| v.radius_km).fold(0.0, f64::max);
        let cell_km = max_radius.max(1.0);
        let mut by_place: HashMap<(u64, u64), u32> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut phone_by_departement = vec![Vec::new(); inst.departements.len()];
        let mut by_departement = vec![Vec::new(); inst.departements.len()];
        for (i, v) in inst.volunteers.iter().enumerate() {
            let p = &v.profile;
            by_departement[p.place.departement as usize].push(i as u32);
            if p.format_mask() & PHONE != 0 {
                phone_by_departement[p.place.departement as usize].push(Bits::of(p, i as u32));
            }
            let Some(c) = p.place.centroid else { continue };
            let g = *by_place.entry((c.lat.to_bits(), c.lon.to_bits())).or_insert_with(|| {
                groups.push(Group {
                    xyz: xyz(c),
                    centroid: c,
                    members: Vec::new(),
                });
                groups.len() as u32 - 1
            });
            groups[g as usize].members.push((v.radius_km, Bits::of(p, i as u32)));
        }
        let mut cells: HashMap<(i64, i64, i64), Vec<u32>> = HashMap::new();
        for (g, group) in groups.iter_mut().enumerate() {
            group
                .members
                .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.volunteer.cmp(&b.1.volunteer)));
            cells.entry(cell_of(group.xyz, cell_km)).or_default().push(g as u32);
        }
        Self {
            cell_km,
            cells,
            groups,
            phone_by_departement,
            by_departement,
            excluded: excluded_by_beneficiary(inst),
        }
    }

    /// Volunteers who might have been candidates for `b` but for one rule: those living in
    /// the cells around `b` or in its département, with their distance when known.
    pub fn near(&self, inst: &Instance, b: u32) -> Vec<(u32, Option<f64>)> {
        let profile = &inst.beneficiaries[b as usize].profile;
        let mut out = Vec::new();
        if let Some(c) = profile.place.centroid {
            // A volunteer slightly out of reach is worth naming: look NEAR_KM around.
            let rings = (NEAR_KM / self.cell_km).ceil().clamp(1.0, 10.0) as i64;
            let (x, y, z) = cell_of(xyz(c), self.cell_km);
            for cell in cube(x, y, z, rings) {
                for &g in self.cells.get(&cell).map_or(&[][..], Vec::as_slice) {
                    let group = &self.groups[g as usize];
                    let d = distance_km(c, group.centroid);
                    if d <= NEAR_KM.max(self.cell_km) {
                        out.extend(group.members.iter().map(|(_, m)| (m.volunteer, Some(d))));
                    }
                }
            }
        }
        for &v in &self.by_departement[profile.place.departement as usize] {
            let vc = inst.volunteers[v as usize].profile.place.centroid;
            let d = profile.place.centroid.zip(vc).map(|(a, b)| distance_km(a, b));
            out.push((v, d));
        }
        out.sort_by_key(|x| x.0);
        out.dedup_by_key(|x| x.0);
        out
    }

    /// Appends every feasible pair of beneficiary `b` to `out`, volunteers ascending.
    /// `seen` (one slot per volunteer, any content) is scratch space reused across calls.
    pub fn feasible_for(&self, inst: &Instance, b: u32, seen: &mut Vec<u32>, out: &mut Vec<Edge>) {
        seen.resize(inst.volunteers.len(), u32::MAX);
        let start = out.len();
        let profile = &inst.beneficiaries[b as usize].profile;
        let mine = Bits::of(profile, b);
        let ben = &inst.beneficiaries[b as usize];
        let days = (inst.as_of - ben.waiting_since).num_days();
        let prefers = ben.wants_gender.is_some() || ben.wants_age.is_some();
        let excluded = self.excluded.get(&b).map_or(&[][..], Vec::as_slice);
        // The rules of `feasibility::check`, on the bits at hand; a beneficiary's preferences,
        // exclusions, discretion and transport are checked only for the pairs that pass them.
        let accept = |v: u32, mine: &Bits, m: &Bits, d: Option<f64>, near: bool, out: &mut Vec<Edge>| {
            if (prefers && !feasibility::preferences_hold(inst, ben, &inst.volunteers[v as usize]))
                || (!excluded.is_empty() && excluded.binary_search(&v).is_ok())
                || (ben.other_commune && feasibility::same_commune_refused(ben, &inst.volunteers[v as usize]))
            {
                return;
            }
            let common = mine.formats & m.formats;
            let in_person = match ben.needs_transport {
                true => feasibility::in_person_formats(ben, &inst.volunteers[v as usize]),
                false => common & IN_PERSON,
            };
            let mode = if in_person != 0 && near {
                Mode::InPerson
            } else if common & PHONE != 0 && mine.departement == m.departement {
                Mode::Phone
            } else {
                return;
            };
            let score = match (mine.interests, m.interests) {
                (Some(ib), Some(iv)) => {
                    let learns = &inst.volunteers[v as usize].learns;
                    let counts = score::Counts {
                        mode,
                        distance_km: d,
                        radius_km: match mode {
                            Mode::InPerson => inst.volunteers[v as usize].radius_km,
                            Mode::Phone => 0.0,
                        },
                        shared_slots: (mine.slots & m.slots).count_ones(),
                        shared_interests: (ib & iv).count_ones() as usize,
                        smaller: mine.interest_count.min(m.interest_count),
                        first_format_bonus: mine.first != 0
                            && mine.first == m.first
                            && (mine.first & IN_PERSON == 0 || mode == Mode::InPerson),
                        days,
                        shared_topics: score::common_count(&ben.shares, learns),
                        fewer_topics: ben.shares.len().min(learns.len()),
                    };
                    score::from_counts(&inst.weights, &counts).total()
                }
                _ => score::score(inst, b, v, mode, d),
            };
            out.push(Edge {
                volunteer: v,
                mode,
                score,
            });
        };
        if let Some(c) = profile.place.centroid {
            let q = xyz(c);
            let (x, y, z) = cell_of(q, self.cell_km);
            for cell in neighbours(x, y, z) {
                for &g in self.cells.get(&cell).map_or(&[][..], Vec::as_slice) {
                    let group = &self.groups[g as usize];
                    let widest = group.members.first().map_or(0.0, |m| m.0);
                    if chord2(q, group.xyz) > widest * widest {
                        continue;
                    }
                    let d = distance_km(c, group.centroid);
                    for (radius, m) in &group.members {
                        if *radius < d {
                            break;
                        }
                        // Within reach: the feasibility rules decide in person or telephone.
                        seen[m.volunteer as usize] = b;
                        if mine.meets(m) {
                            accept(m.volunteer, &mine, m, Some(d), true, out);
                        }
                    }
                }
            }
        }
        if profile.format_mask() & PHONE != 0 {
            for m in &self.phone_by_departement[profile.place.departement as usize] {
                if mine.meets(m) && seen[m.volunteer as usize] != b {
                    // Out of reach (or centroid unknown): only a telephone pair is possible.
                    accept(m.volunteer, &mine, m, None, false, out);
                }
            }
        }
        // `seen` needs no clearing: it is stamped with `b`, unique to this call.
        // A volunteer appears at most once per beneficiary: the unstable sort (no buffer to
        // allocate) gives the same order as a stable one.
        out[start..].sort_unstable_by_key(|e| e.volunteer);
    }
}

fn excluded_by_beneficiary(inst: &Instance) -> HashMap<u32, Vec<u32>> {
    let mut out: HashMap<u32, Vec<u32>> = HashMap::new();
    for &(b, v) in &inst.exclusions {
        out.entry(b).or_default().push(v);
    }
    for list in out.values_mut() {
        list.sort_unstable();
    }
    out
}

fn cell_of(p: [f64; 3], cell_km: f64) -> (i64, i64, i64) {
    let f = |x: f64| (x / cell_km).floor() as i64;
    (f(p[0]), f(p[1]), f(p[2]))
}

fn neighbours(x: i64, y: i64, z: i64) -> impl Iterator<Item = (i64, i64, i64)> {
    cube(x, y, z, 1)
}

fn cube(x: i64, y: i64, z: i64, r: i64) -> impl Iterator<Item = (i64, i64, i64)> {
    (-r..=r).flat_map(move |dx| (-r..=r).flat_map(move |dy| (-r..=r).map(move |dz| (x + dx, y + dy, z + dz))))
}

/// How far the "why not" explanations look for volunteers just out of reach, in km.
const NEAR_KM: f64 = 50.0;

fn chord2(a: [f64; 3], b: [f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}
