//! The application's clock. Every part of binome reads the time from the one `Clock` of its
//! `AppState` (handlers through the `Now` extractor, the scheduler and the outbox at each pass),
//! so a journey test can move time forward — two weeks, to a check-in — without writing old
//! dates into the database.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The system's time, moved forward by whatever a test asked.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    ahead_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The real time.
    pub fn system() -> Self {
        Self::default()
    }

    /// Now, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        crate::epoch_ms(chrono::Utc::now()) + self.ahead_ms.load(Ordering::Relaxed)
    }

    /// Now, as a date and time (for what is counted in days or years: ages, today's date).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + chrono::Duration::milliseconds(self.ahead_ms.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every clone of it) forward by `by_ms`.
    pub fn advance(&self, by_ms: i64) {
        self.ahead_ms.fetch_add(by_ms, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_moves_with_the_clock_it_came_from() {
        let clock = Clock::system();
        let seen_by_the_scheduler = clock.clone();
        let before = seen_by_the_scheduler.now_ms();
        clock.advance(14 * 86_400_000);
        let after = seen_by_the_scheduler.now_ms();
        assert!(after - before >= 14 * 86_400_000 && after - before < 15 * 86_400_000);
    }
}
