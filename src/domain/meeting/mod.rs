//! A binôme's first meeting: when (a day and a time typed in French time, never in the
//! past), where (one of the team's public places, or a place typed freely), whether the place
//! is open then (its OpenStreetMap opening hours), when the reminder goes (10 h the day
//! before, French time) and the calendar file each side receives (`calendar`).

pub mod calendar;
mod hours;

pub use hours::{Hours, Openness};

use super::dates;
use chrono::{Duration, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Europe::Paris;

/// How long a first meeting lasts in the calendar.
pub const LENGTH_MS: i64 = 60 * 60_000;
/// Longest place typed freely.
pub const PLACE_MAX: usize = 300;
/// The hour, French time, of the reminder the day before.
pub const REMINDER_HOUR: u32 = 10;

/// Reads a time typed as `15:30` (what time fields send), `15h30`, `15 h 30` or `15h`.
pub fn parse_time(input: &str) -> Result<NaiveTime, &'static str> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.to_lowercase().replace('h', ":");
    let compact = compact.strip_suffix(':').map_or(compact.clone(), |c| format!("{c}:00"));
    NaiveTime::parse_from_str(&compact, "%H:%M").map_err(|_| "Indiquez une heure valide, par exemple 15:30.")
}

/// Which field a refusal is about, and what to say there.
pub type Refusal = (&'static str, &'static str);

/// The start of a meeting typed as a day (`day` field) and a time (`time` field), in French
/// time: a real moment, strictly after `now_ms`.
pub fn parse_start(day: &str, time: &str, now_ms: i64) -> Result<i64, Vec<Refusal>> {
    let mut refused = Vec::new();
    let d = if day.trim().is_empty() {
        refused.push(("day", "Indiquez le jour de la rencontre."));
        None
    } else {
        dates::parse_day(day).map_err(|m| refused.push(("day", m))).ok()
    };
    let t = if time.trim().is_empty() {
        refused.push(("time", "Indiquez l'heure de la rencontre."));
        None
    } else {
        parse_time(time).map_err(|m| refused.push(("time", m))).ok()
    };
    let (Some(d), Some(t)) = (d, t) else {
        return Err(refused);
    };
    let Some(at) = Paris.from_local_datetime(&d.and_time(t)).earliest() else {
        return Err(vec![(
            "time",
            "Cette heure n'existe pas ce jour-là (changement d'heure) : choisissez-en une autre.",
        )]);
    };
    let at = at.timestamp_millis();
    if at <= now_ms {
        return Err(vec![(
            "day",
            "Ce moment est déjà passé : choisissez un jour et une heure à venir.",
        )]);
    }
    Ok(at)
}

/// The day (`AAAA-MM-JJ`) and time (`HH:MM`) fields of a stored start, French time.
pub fn fields_of(starts_at: i64) -> (String, String) {
    dates::in_france(starts_at).map_or_else(Default::default, |at| {
        (at.format("%Y-%m-%d").to_string(), at.format("%H:%M").to_string())
    })
}

/// When the reminder of a meeting starting at `starts_at` goes: 10 h French time the day
/// before; None when that moment is already past at `now_ms` (the meeting is too close: the
/// message just sent is the reminder).
pub fn reminder_at(starts_at: i64, now_ms: i64) -> Option<i64> {
    let day_before = dates::day_in_france(starts_at).pred_opt()?;
    let local = NaiveDateTime::new(day_before, NaiveTime::from_hms_opt(REMINDER_HOUR, 0, 0)?);
    let at = Paris.from_local_datetime(&local).earliest()?.timestamp_millis();
    (at > now_ms).then_some(at)
}

/// The moment `starts_at`, French time, as the opening hours read it.
pub fn local(epoch_ms: i64) -> Option<NaiveDateTime> {
    dates::in_france(epoch_ms).map(|at| at.naive_local())
}

/// Where the meeting takes place, in words: "Médiathèque, 2 place Georges Pompidou, Mauriac".
pub fn place_words(name: &str, address: &str, commune: &str) -> String {
    [name, address, commune]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "le mardi 8 décembre 2026 à 15 h 00": a meeting's moment as said to people.
pub fn when_words(starts_at: i64) -> String {
    use chrono::Datelike;
    const DAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    match dates::in_france(starts_at) {
        Some(at) => format!(
            "le {} {}",
            DAYS[at.weekday().num_days_from_monday() as usize],
            dates::french_date_time(starts_at)
        ),
        None => dates::french_date_time(starts_at),
    }
}

/// `starts_at` plus the meeting's length.
pub fn ends_at(starts_at: i64) -> i64 {
    starts_at + Duration::milliseconds(LENGTH_MS).num_milliseconds()
}

#[cfg(test)]
mod tests;
