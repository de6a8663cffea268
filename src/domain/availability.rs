//! Weekly availability: 7 days × 3 parts of the day = 21 slots, bit `day * 3 + part`.

pub const DAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
pub const PARTS: [&str; 3] = ["matin", "après-midi", "soirée"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Slots(u32);

impl Slots {
    pub const ALL: u32 = (1 << 21) - 1;

    pub fn from_bits(bits: u32) -> Self {
        Self(bits & Self::ALL)
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    pub fn bit(day: usize, part: usize) -> u32 {
        1 << (day * 3 + part)
    }

    pub fn has(self, day: usize, part: usize) -> bool {
        day < 7 && part < 3 && self.0 & Self::bit(day, part) != 0
    }

    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// Parses checkbox values "day-part" ("0-1" = lundi après-midi); unknown values are errors.
    pub fn from_form(values: &[String]) -> Result<Self, &'static str> {
        let mut bits = 0;
        for v in values {
            let (d, p) = v.split_once('-').ok_or("Ce créneau n'existe pas.")?;
            let (d, p): (usize, usize) = (
                d.parse().map_err(|_| "Ce créneau n'existe pas.")?,
                p.parse().map_err(|_| "Ce créneau n'existe pas.")?,
            );
            if d >= 7 || p >= 3 {
                return Err("Ce créneau n'existe pas.");
            }
            bits |= Self::bit(d, p);
        }
        if bits == 0 {
            return Err("Cochez au moins un moment de la semaine où vous êtes disponible.");
        }
        Ok(Self(bits))
    }

    /// "mardi après-midi, jeudi matin".
    pub fn describe(self) -> String {
        let mut out = Vec::new();
        for (d, day) in DAYS.iter().enumerate() {
            for (p, part) in PARTS.iter().enumerate() {
                if self.has(d, p) {
                    out.push(format!("{day} {part}"));
                }
            }
        }
        out.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_become_bits() {
        let s = Slots::from_form(&["0-0".into(), "3-1".into()]).unwrap();
        assert_eq!(s.bits(), 1 | (1 << 10));
        assert!(s.has(3, 1) && !s.has(3, 2));
        assert_eq!(s.describe(), "lundi matin, jeudi après-midi");
    }

    #[test]
    fn empty_or_unknown_slots_are_refused() {
        assert!(Slots::from_form(&[]).is_err());
        assert!(Slots::from_form(&["7-0".into()]).is_err());
        assert!(Slots::from_form(&["x".into()]).is_err());
    }
}
