//! Lengths of time in the unit of every stored instant (milliseconds): one home for "a day",
//! so no file writes `24 * 3600 * 1000` again.

pub const SECOND_MS: i64 = 1_000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// `n` days, in milliseconds.
pub const fn days(n: i64) -> i64 {
    n * DAY_MS
}

/// `n` minutes, in milliseconds.
pub const fn minutes(n: i64) -> i64 {
    n * MINUTE_MS
}

/// Whole days from `since_ms` to `now_ms` (never negative): « en attente depuis 3 jours ».
pub fn whole_days_between(since_ms: i64, now_ms: i64) -> i64 {
    ((now_ms - since_ms) / DAY_MS).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_86_400_000_milliseconds() {
        assert_eq!(DAY_MS, 86_400_000);
        assert_eq!(days(7), 604_800_000);
        assert_eq!(minutes(10), 600_000);
        assert_eq!(whole_days_between(0, days(3) - 1), 2);
        assert_eq!(
            whole_days_between(days(3), 0),
            0,
            "a date in the future is not a negative wait"
        );
    }
}
