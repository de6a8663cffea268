//! When an SMS may leave: never between 20:00 and 08:00 (French time), on a Sunday or on a
//! French public holiday (metropolitan); and at most `WEEKLY_LIMIT` notices to one person in
//! seven days. An SMS due outside is held to the next allowed minute, never dropped.

use crate::domain::duration::{DAY_MS, MINUTE_MS};
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Europe::Paris;

/// The first hour an SMS may leave, and the hour from which none leaves, on the French clock.
pub const FROM_HOUR: u32 = 8;
pub const UNTIL_HOUR: u32 = 20;
/// Notices (not replies) one person receives at most in any seven days.
pub const WEEKLY_LIMIT: usize = 3;
const WEEK_MS: i64 = 7 * DAY_MS;

/// Easter Sunday of `year` (Gregorian calendar; anonymous algorithm, Meeus/Jones/Butcher).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date")
}

/// Whether `date` is a French public holiday (metropolitan France).
pub fn is_public_holiday(date: NaiveDate) -> bool {
    let fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)];
    if fixed.contains(&(date.month(), date.day())) {
        return true;
    }
    let easter = easter(date.year());
    [1u64, 39, 50].iter().any(|&days| easter + Days::new(days) == date)
}

/// Whether `date` (French calendar) is a day SMS may be sent at all.
fn open_day(date: NaiveDate) -> bool {
    date.weekday() != Weekday::Sun && !is_public_holiday(date)
}

fn paris_ms(date: NaiveDate, hour: u32) -> i64 {
    let local = date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).expect("a valid hour"));
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.timestamp_millis())
        // 08:00 always exists in Paris (the clocks change at night); stay safe anyway.
        .unwrap_or_else(|| Utc.from_utc_datetime(&local).timestamp_millis())
}

/// The first instant at or after `at_ms` when an SMS may leave, on the minute.
pub fn next_allowed(at_ms: i64) -> i64 {
    let Some(at) = DateTime::<Utc>::from_timestamp_millis(at_ms) else {
        return at_ms;
    };
    let local = at.with_timezone(&Paris);
    let mut date = local.date_naive();
    if open_day(date) && (FROM_HOUR..UNTIL_HOUR).contains(&local.hour()) {
        return at_ms;
    }
    if local.hour() >= UNTIL_HOUR || !open_day(date) {
        date = date + Days::new(1);
    }
    while !open_day(date) {
        date = date + Days::new(1);
    }
    paris_ms(date, FROM_HOUR).max(at_ms.div_euclid(MINUTE_MS) * MINUTE_MS)
}

/// When a notice may leave, given when this person's last notices left (any order): at once
/// if fewer than `WEEKLY_LIMIT` left in the seven days before, otherwise seven days after the
/// oldest of the last ones — then out of the quiet hours.
pub fn notice_at(at_ms: i64, sent_ms: &[i64]) -> i64 {
    let mut recent: Vec<i64> = sent_ms.iter().copied().filter(|&t| t > at_ms - WEEK_MS).collect();
    recent.sort_unstable();
    let mut at = at_ms;
    if recent.len() >= WEEKLY_LIMIT {
        at = at.max(recent[recent.len() - WEEKLY_LIMIT] + WEEK_MS);
    }
    next_allowed(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        Paris
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .earliest()
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2026), NaiveDate::from_ymd_opt(2026, 4, 5).unwrap());
        assert_eq!(easter(2027), NaiveDate::from_ymd_opt(2027, 3, 28).unwrap());
        assert_eq!(easter(2024), NaiveDate::from_ymd_opt(2024, 3, 31).unwrap());
        assert_eq!(easter(2038), NaiveDate::from_ymd_opt(2038, 4, 25).unwrap());
    }

    #[test]
    fn holidays() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(is_public_holiday(d(2027, 3, 29)), "Easter Monday 2027");
        assert!(is_public_holiday(d(2027, 5, 6)), "Ascension 2027");
        assert!(is_public_holiday(d(2027, 5, 17)), "Whit Monday 2027");
        assert!(is_public_holiday(d(2026, 7, 14)));
        assert!(is_public_holiday(d(2026, 11, 11)));
        assert!(!is_public_holiday(d(2027, 3, 30)));
        assert!(
            !is_public_holiday(d(2026, 12, 26)),
            "26 December is Alsace-Moselle only"
        );
    }

    #[test]
    fn a_weekday_afternoon_is_allowed_as_is() {
        let at = paris(2026, 12, 7, 15, 30) + 12_345;
        assert_eq!(next_allowed(at), at);
    }

    #[test]
    fn the_evening_waits_for_eight_the_next_morning() {
        // Monday 7 December 2026 at 21:00 → Tuesday at 08:00.
        assert_eq!(next_allowed(paris(2026, 12, 7, 21, 0)), paris(2026, 12, 8, 8, 0));
        assert_eq!(next_allowed(paris(2026, 12, 8, 7, 59)), paris(2026, 12, 8, 8, 0));
        assert_eq!(next_allowed(paris(2026, 12, 8, 20, 0)), paris(2026, 12, 9, 8, 0));
    }

    #[test]
    fn saturday_evening_waits_for_monday() {
        // Saturday 12 December 2026 at 20:30 → Monday 14 at 08:00; a Sunday noon too.
        assert_eq!(next_allowed(paris(2026, 12, 12, 20, 30)), paris(2026, 12, 14, 8, 0));
        assert_eq!(next_allowed(paris(2026, 12, 13, 12, 0)), paris(2026, 12, 14, 8, 0));
    }

    #[test]
    fn holidays_are_skipped() {
        // 14 July 2026 is a Tuesday.
        assert_eq!(next_allowed(paris(2026, 7, 14, 10, 0)), paris(2026, 7, 15, 8, 0));
        // Easter 2027: Saturday 27 March evening → Sunday, Easter Monday 29 → Tuesday 30.
        assert_eq!(next_allowed(paris(2027, 3, 27, 22, 0)), paris(2027, 3, 30, 8, 0));
        assert_eq!(next_allowed(paris(2027, 3, 29, 9, 0)), paris(2027, 3, 30, 8, 0));
    }

    #[test]
    fn nights_when_the_clocks_change() {
        // Summer time starts on Sunday 28 March 2027 at 02:00 (it is also Easter): from
        // Saturday night, 08:00 on Tuesday 30 March, at UTC+2.
        let held = next_allowed(paris(2027, 3, 27, 23, 0));
        assert_eq!(held, paris(2027, 3, 30, 8, 0));
        assert_eq!(
            DateTime::<Utc>::from_timestamp_millis(held).unwrap().hour(),
            6,
            "08:00 summer time is 06:00 UTC"
        );
        // Winter time starts on Sunday 25 October 2026 at 03:00: Friday 23 at 21:00 → Saturday
        // 24 at 08:00 (UTC+2); Saturday 24 at 21:00 → Monday 26 at 08:00 (UTC+1).
        assert_eq!(next_allowed(paris(2026, 10, 23, 21, 0)), paris(2026, 10, 24, 8, 0));
        let monday = next_allowed(paris(2026, 10, 24, 21, 0));
        assert_eq!(monday, paris(2026, 10, 26, 8, 0));
        assert_eq!(DateTime::<Utc>::from_timestamp_millis(monday).unwrap().hour(), 7);
    }

    #[test]
    fn a_fourth_notice_in_a_week_waits() {
        let monday = paris(2026, 12, 7, 10, 0);
        let sent = [monday, monday + DAY_MS, monday + 2 * DAY_MS];
        let thursday = monday + 3 * DAY_MS;
        // The oldest of the three left on Monday at 10:00: the fourth leaves the Monday after.
        assert_eq!(notice_at(thursday, &sent), monday + 7 * DAY_MS);
        assert_eq!(notice_at(thursday, &sent[1..]), thursday);
        // Sent more than seven days ago: no longer counted.
        assert_eq!(notice_at(monday + 8 * DAY_MS, &sent), monday + 8 * DAY_MS);
    }
}
