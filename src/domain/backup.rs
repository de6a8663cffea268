//! When the daily backup runs: at a time of day on Paris clocks (where the CCAS work), whatever
//! the season. Pure: the instant after which to look is given.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Europe::Paris;

/// The first instant strictly after `after_ms` when Paris clocks show `at`, and the Paris date
/// it is named after. On the spring night when `at` does not exist (02:30), the run is an
/// hour later; on the autumn night when it exists twice, the first one.
pub fn next_run(after_ms: i64, at: NaiveTime) -> (NaiveDate, i64) {
    let after = DateTime::from_timestamp_millis(after_ms).unwrap_or_default();
    let mut day = after.with_timezone(&Paris).date_naive();
    // Today's run, else tomorrow's: two days always hold one.
    for _ in 0..2 {
        let local = day.and_time(at);
        let instant = Paris
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| Paris.from_local_datetime(&(local + Duration::hours(1))).earliest());
        if let Some(ms) = instant.map(|i| i.timestamp_millis()).filter(|ms| *ms > after_ms) {
            return (day, ms);
        }
        day = day.succ_opt().unwrap_or(day);
    }
    (day, after_ms + Duration::days(1).num_milliseconds())
}

/// Reads the time of day of the setting: `03:00`, `3:00`, `3h`, `3h30`.
pub fn parse_at(raw: &str) -> Result<NaiveTime, String> {
    let raw = raw.trim();
    let (h, m) = raw
        .split_once(':')
        .or_else(|| raw.split_once('h'))
        .unwrap_or((raw, "0"));
    let m = if m.is_empty() { "0" } else { m };
    h.parse::<u32>()
        .ok()
        .zip(m.parse::<u32>().ok())
        .and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0))
        .ok_or_else(|| format!("« {raw} » : indiquez une heure comme 03:00 (heure de Paris)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis()
    }

    fn three() -> NaiveTime {
        NaiveTime::from_hms_opt(3, 0, 0).unwrap()
    }

    #[test]
    fn three_in_paris_is_two_utc_in_winter_and_one_utc_in_summer() {
        let (day, at) = next_run(ms("2026-12-06T16:00:00Z"), three());
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
        assert_eq!(at, ms("2026-12-07T02:00:00Z"));
        let (_, at) = next_run(ms("2026-07-01T00:30:00Z"), three());
        assert_eq!(at, ms("2026-07-01T01:00:00Z"), "still today, before three");
    }

    #[test]
    fn the_run_of_the_moment_itself_is_the_next_days() {
        let (day, at) = next_run(ms("2026-12-07T02:00:00Z"), three());
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 12, 8).unwrap());
        assert_eq!(at, ms("2026-12-08T02:00:00Z"));
    }

    #[test]
    fn a_time_skipped_in_spring_runs_an_hour_later() {
        let half_past_two = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        let (_, at) = next_run(ms("2026-03-28T12:00:00Z"), half_past_two);
        assert_eq!(at, ms("2026-03-29T01:30:00Z"), "03:30 summer time");
    }

    #[test]
    fn the_setting_reads_like_a_french_time() {
        for raw in ["03:00", "3:00", "3h", "3h00", " 3h "] {
            assert_eq!(parse_at(raw), Ok(three()), "{raw}");
        }
        assert_eq!(parse_at("22h30"), Ok(NaiveTime::from_hms_opt(22, 30, 0).unwrap()));
        for raw in ["25:00", "trois heures", "3:75", ""] {
            assert!(parse_at(raw).unwrap_err().contains("03:00"), "{raw}");
        }
    }
}
