//! Dates as French readers write and read them: stored instants stay UTC epoch milliseconds,
//! people read and type them in French time (Europe/Paris, summer time included).

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::{Europe::Paris, Tz};

pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A stored instant on a French clock.
pub fn in_france(epoch_ms: i64) -> Option<DateTime<Tz>> {
    DateTime::from_timestamp_millis(epoch_ms).map(|at| at.with_timezone(&Paris))
}

/// The day it is in France at `epoch_ms` (what "today" means on the desk and the call sheet).
pub fn day_in_france(epoch_ms: i64) -> NaiveDate {
    in_france(epoch_ms).map_or(NaiveDate::MIN, |at| at.date_naive())
}

/// "25 novembre 2026" (and "1er" for the first of the month, as French typography wants):
/// the day it is in France at that instant.
pub fn french_date(epoch_ms: i64) -> String {
    let Some(at) = in_france(epoch_ms) else {
        return "date inconnue".to_string();
    };
    french_day(at.date_naive())
}

/// "3 décembre 2026 à 15 h 50", French time: one way to write a moment.
pub fn french_date_time(epoch_ms: i64) -> String {
    use chrono::Timelike;
    let Some(at) = in_france(epoch_ms) else {
        return "date inconnue".to_string();
    };
    format!("{} à {} h {:02}", french_day(at.date_naive()), at.hour(), at.minute())
}

/// "25 novembre 2026" for a calendar day.
pub fn french_day(day: NaiveDate) -> String {
    use chrono::Datelike;
    let month = MONTHS[day.month0() as usize];
    match day.day() {
        1 => format!("1er {month} {}", day.year()),
        d => format!("{d} {month} {}", day.year()),
    }
}

/// "3 décembre 2026" for a day stored as `2026-12-03` (an attestation's date); anything else
/// is shown as it was kept.
pub fn french_stored_day(stored: &str) -> String {
    NaiveDate::parse_from_str(stored, "%Y-%m-%d").map_or_else(|_| stored.to_string(), french_day)
}

/// Reads a day typed as `AAAA-MM-JJ` (what date fields send) or `JJ/MM/AAAA` (what people
/// type where the browser shows a plain text field instead of a date picker).
pub fn parse_day(input: &str) -> Result<NaiveDate, &'static str> {
    let input = input.trim();
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(input, "%d/%m/%Y"))
        .map_err(|_| "Indiquez une date valide, par exemple 31/12/2026.")
}

/// The last millisecond of `day` in France: a deadline "until that day" includes the whole day.
pub fn end_of_day_ms(day: NaiveDate) -> i64 {
    let next = day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN);
    // Midnight always exists in France (clocks change at 2 or 3 in the morning).
    let midnight = Paris
        .from_local_datetime(&next)
        .earliest()
        .map_or_else(|| next.and_utc().timestamp_millis(), |t| t.timestamp_millis());
    midnight - 1
}

/// A deadline typed by a person: the end of that day, which must not be already past at `now_ms`.
pub fn parse_deadline(input: &str, now_ms: i64) -> Result<i64, &'static str> {
    let until = end_of_day_ms(parse_day(input)?);
    if until < now_ms {
        return Err("Cette date est déjà passée. Choisissez aujourd'hui ou une date à venir.");
    }
    Ok(until)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An instant given as a French clock shows it.
    fn ms(y: i32, m: u32, d: u32, h: u32) -> i64 {
        Paris.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().timestamp_millis()
    }

    #[test]
    fn instants_are_read_on_the_french_clock() {
        let utc = |h| {
            NaiveDate::from_ymd_opt(2026, 8, 15)
                .unwrap()
                .and_hms_opt(h, 30, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis()
        };
        assert_eq!(french_date_time(utc(13)), "15 août 2026 à 15 h 30", "summer: UTC + 2");
        assert_eq!(
            french_date(utc(23)),
            "16 août 2026",
            "half past one in France is the next day"
        );
        let winter = NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(14, 50, 0)
            .unwrap()
            .and_utc();
        assert_eq!(
            french_date_time(winter.timestamp_millis()),
            "3 décembre 2026 à 15 h 50",
            "winter: UTC + 1"
        );
        let last = end_of_day_ms(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert_eq!(french_date_time(last), "31 décembre 2026 à 23 h 59");
        assert_eq!(french_date(last + 1), "1er janvier 2027");
    }

    #[test]
    fn dates_read_as_in_french() {
        assert_eq!(french_date(ms(2026, 11, 25, 10)), "25 novembre 2026");
        assert_eq!(french_date(ms(2027, 1, 1, 0)), "1er janvier 2027");
        assert_eq!(french_date(ms(2026, 8, 15, 23)), "15 août 2026");
        assert_eq!(french_date(ms(2026, 12, 31, 23)), "31 décembre 2026");
        assert_eq!(french_date(i64::MAX), "date inconnue");
    }

    #[test]
    fn a_moment_reads_with_its_hour() {
        assert_eq!(
            french_date_time(ms(2026, 12, 3, 15) + 50 * 60_000),
            "3 décembre 2026 à 15 h 50"
        );
        assert_eq!(french_date_time(ms(2027, 1, 1, 9)), "1er janvier 2027 à 9 h 00");
        assert_eq!(french_date_time(i64::MAX), "date inconnue");
        assert_eq!(french_stored_day("2026-12-03"), "3 décembre 2026");
        assert_eq!(french_stored_day("hier"), "hier");
    }

    #[test]
    fn both_usual_ways_of_writing_a_day_are_read() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(parse_day("2026-12-31"), Ok(day));
        assert_eq!(parse_day(" 31/12/2026 "), Ok(day));
        assert!(parse_day("").is_err());
        assert!(parse_day("2026-02-30").is_err());
        assert!(parse_day("demain").is_err());
    }

    #[test]
    fn a_deadline_lasts_until_the_end_of_its_day() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(end_of_day_ms(day), ms(2026, 11, 26, 0) - 1);
        assert_eq!(french_date(end_of_day_ms(day)), "25 novembre 2026");
    }

    #[test]
    fn a_deadline_may_be_today_but_not_in_the_past() {
        let now = ms(2026, 11, 25, 15);
        assert_eq!(parse_deadline("2026-11-25", now), Ok(ms(2026, 11, 26, 0) - 1));
        assert!(parse_deadline("2026-12-01", now).is_ok());
        assert_eq!(
            parse_deadline("2026-11-24", now),
            Err("Cette date est déjà passée. Choisissez aujourd'hui ou une date à venir.")
        );
        assert!(parse_deadline("bientôt", now).is_err());
    }
}
