//! How often an anonymous visitor may make binome write or send something, and how long a
//! sign-in must wait after wrong passwords. Pure rules: the counts come from the database.

pub use super::duration::MINUTE_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;

/// At most `max` accepted requests per `window_ms` for one bucket and subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    pub bucket: &'static str,
    pub subject: String,
    pub max: u64,
    pub window_ms: i64,
}

impl Limit {
    fn new(bucket: &'static str, subject: &str, max: u64, window_ms: i64) -> Self {
        Self {
            bucket,
            subject: subject.to_string(),
            max,
            window_ms,
        }
    }
}

/// Everyone together, for the limits that protect the service as a whole.
pub const EVERYONE: &str = "*";

/// Sign-in links of the personal space: one new link every 2 minutes and 5 an hour per
/// address (the link lives 10 minutes, so the one already sent still works), 20 an hour per
/// client address.
pub fn sign_in_link(email: &str, ip: &str) -> Vec<Limit> {
    vec![
        Limit::new("sign_in_link", email, 1, 2 * MINUTE_MS),
        Limit::new("sign_in_link_hour", email, 5, HOUR_MS),
        Limit::new("sign_in_link_ip", ip, 20, HOUR_MS),
    ]
}

/// Volunteer sign-ups: 10 an hour per client address (a forum stand signs several people up
/// from one tablet), and `per_hour` an hour for everyone together (a setting).
pub fn signup(ip: &str, per_hour: u64) -> Vec<Limit> {
    vec![
        Limit::new("signup_ip", ip, 10, HOUR_MS),
        Limit::new("signup", EVERYONE, per_hour, HOUR_MS),
    ]
}

/// Rows older than this are of no use to any limit.
pub const KEPT_MS: i64 = 24 * HOUR_MS;

/// Wrong passwords (or codes) are counted over this window.
pub const LOGIN_WINDOW_MS: i64 = 15 * MINUTE_MS;
/// Wrong answers allowed for one account before it must wait.
pub const FREE_FAILURES_PER_ACCOUNT: u64 = 5;
/// Wrong answers allowed from one client address (an office shares one) before it must wait.
pub const FREE_FAILURES_PER_IP: u64 = 30;
/// The longest wait: the owner is never locked out for longer than this after the last try.
pub const MAX_WAIT_MS: i64 = 15 * MINUTE_MS;
/// A browser address where an account signed in within this time is trusted for that
/// account: strangers' wrong guesses elsewhere do not make it wait.
pub const KNOWN_PLACE_MS: i64 = 30 * 24 * HOUR_MS;

/// How long to wait after the last wrong answer, given the wrong answers counted: nothing
/// while under `free`, then 30 s, doubling with each further wrong answer, at most 15 minutes.
pub fn wait_ms(failures: u64, free: u64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(10) as u32;
    (30_000_i64 << doublings).min(MAX_WAIT_MS)
}

/// Whether a new try may be checked now.
pub fn may_try(failures: u64, last_failure_at: Option<i64>, free: u64, now_ms: i64) -> bool {
    match last_failure_at {
        Some(at) => now_ms >= at + wait_ms(failures, free),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_wrong_passwords_cost_nothing_then_the_wait_doubles_up_to_fifteen_minutes() {
        assert_eq!(wait_ms(4, 5), 0);
        assert_eq!(wait_ms(5, 5), 30_000);
        assert_eq!(wait_ms(6, 5), 60_000);
        assert_eq!(wait_ms(9, 5), 480_000);
        assert_eq!(wait_ms(10, 5), MAX_WAIT_MS);
        assert_eq!(wait_ms(1_000, 5), MAX_WAIT_MS);
    }

    #[test]
    fn the_owner_may_try_again_once_the_wait_is_over() {
        assert!(!may_try(5, Some(1_000), 5, 1_000 + 29_999));
        assert!(may_try(5, Some(1_000), 5, 1_000 + 30_000));
        assert!(may_try(500, Some(0), 5, MAX_WAIT_MS));
        assert!(may_try(3, Some(1_000), 5, 1_000));
    }
}
