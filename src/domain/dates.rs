//! Dates as French readers write and read them; stored instants stay UTC epoch milliseconds.

use chrono::{DateTime, NaiveDate, NaiveTime};

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

const DAY_MS: i64 = 86_400_000;

/// "25 novembre 2026" (and "1er" for the first of the month, as French typography wants).
/// The day is the UTC one: the application stores and compares UTC instants.
pub fn french_date(epoch_ms: i64) -> String {
    let Some(at) = DateTime::from_timestamp_millis(epoch_ms) else {
        return "date inconnue".to_string();
    };
    french_day(at.date_naive())
}

/// "3 décembre 2026 à 15 h 50" (UTC, as every stored instant): one way to write a moment.
pub fn french_date_time(epoch_ms: i64) -> String {
    use chrono::Timelike;
    let Some(at) = DateTime::from_timestamp_millis(epoch_ms) else {
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

/// The last millisecond of `day` (UTC): a deadline "until that day" includes the whole day.
pub fn end_of_day_ms(day: NaiveDate) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp_millis() + DAY_MS - 1
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

    fn ms(y: i32, m: u32, d: u32, h: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|day| day.and_hms_opt(h, 0, 0))
            .map(|t| t.and_utc().timestamp_millis())
            .unwrap()
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
