//! A place's opening hours, in the OpenStreetMap `opening_hours` syntax (read by the
//! `opening-hours` crate, with France's public holidays), and whether it is open for the
//! whole of a meeting.

use chrono::NaiveDateTime;
use opening_hours::localization::Country;
use opening_hours::{Context, OpeningHours};
use std::str::FromStr;

/// Longest opening hours typed.
pub const HOURS_MAX: usize = 300;

/// Opening hours that parsed.
#[derive(Clone, Debug)]
pub struct Hours(OpeningHours);

/// Whether a place is open for a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Openness {
    /// Open from the start to the end.
    Open,
    /// Closed at the start, or closing before the end.
    Closed,
}

impl Hours {
    /// Reads opening hours typed by a coordinator, e.g. `Tu-Sa 10:00-12:00,14:00-18:00`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = crate::domain::text::one_line(raw, HOURS_MAX)?;
        if raw.is_empty() {
            return Err(
                "Indiquez les horaires d'ouverture, par exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00".into(),
            );
        }
        let parsed = OpeningHours::from_str(&raw).map_err(|_| {
            "Ces horaires ne sont pas lisibles. Écrivez-les comme sur OpenStreetMap, par exemple : \
             Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 (Mo lundi, Tu mardi, We mercredi, Th jeudi, \
             Fr vendredi, Sa samedi, Su dimanche ; PH jours fériés)."
                .to_string()
        })?;
        let context = Context::default().with_holidays(Country::FR.holidays());
        Ok(Hours(parsed.with_context(context)))
    }

    /// Whether the place is open from `start` to `end` (local times), holidays included.
    pub fn openness(&self, start: NaiveDateTime, end: NaiveDateTime) -> Openness {
        if !self.0.is_open(start) {
            return Openness::Closed;
        }
        match self.0.next_change(start) {
            Some(change) if change < end => Openness::Closed,
            _ => Openness::Open,
        }
    }
}
