//! The background loops of `serve` (scheduler, outbox). Each calls a one-pass function with
//! `now` passed in: while a pass finds work the loop goes on at once (catching up after
//! downtime), otherwise it waits a tick. On shutdown a pass finishes the item in hand and
//! releases the rest of what it claimed, so another instance can take it at once.

use crate::clock::Clock;
use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;

/// Tells passes and loops that the service is stopping; cheap to clone.
#[derive(Clone, Debug)]
pub struct Stop(watch::Receiver<bool>);

/// Kept by `serve`: asking it to stop reaches every loop.
pub struct StopSender(watch::Sender<bool>);

pub fn stop_channel() -> (StopSender, Stop) {
    let (tx, rx) = watch::channel(false);
    (StopSender(tx), Stop(rx))
}

impl StopSender {
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

impl Stop {
    /// For a single pass run outside `serve` (tests, commands): nothing ever asks it to stop.
    pub fn never() -> Self {
        stop_channel().1
    }

    pub fn requested(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves when a stop is asked (never, if nobody can ask any more).
    pub async fn wait(&mut self) {
        if self.0.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Runs `pass(now_ms, stop)` until a stop is asked, `now_ms` read from `clock` at each pass.
/// A pass returns how many items it handled: more than none and it runs again at once; none,
/// or an error, and it waits `tick`.
pub async fn run<F, Fut>(name: &'static str, tick: Duration, clock: Clock, mut stop: Stop, mut pass: F)
where
    F: FnMut(i64, Stop) -> Fut,
    Fut: Future<Output = anyhow::Result<usize>>,
{
    while !stop.requested() {
        let handled = match pass(clock.now_ms(), stop.clone()).await {
            Ok(n) => n,
            Err(e) => {
                tracing::error!(worker = name, error = %format!("{e:#}"), "pass failed");
                0
            }
        };
        if handled == 0 {
            tokio::select! {
                _ = tokio::time::sleep(tick) => {}
                _ = stop.wait() => {}
            }
        }
    }
    tracing::info!(worker = name, "stopped");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_loop_catches_up_then_stops_when_asked() {
        let (sender, stop) = stop_channel();
        let backlog = Arc::new(AtomicUsize::new(3));
        let passes = Arc::new(AtomicUsize::new(0));
        let (b, p) = (backlog.clone(), passes.clone());
        let handle = tokio::spawn(run(
            "test",
            Duration::from_secs(3600),
            Clock::system(),
            stop,
            move |_, _| {
                let (b, p) = (b.clone(), p.clone());
                async move {
                    p.fetch_add(1, Ordering::SeqCst);
                    let left = b.load(Ordering::SeqCst);
                    if left > 0 {
                        b.store(left - 1, Ordering::SeqCst);
                    }
                    Ok(left.min(1))
                }
            },
        ));
        while backlog.load(Ordering::SeqCst) > 0 || passes.load(Ordering::SeqCst) < 4 {
            tokio::task::yield_now().await;
        }
        // The backlog is done without waiting an hour-long tick; the stop ends the wait.
        sender.stop();
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(passes.load(Ordering::SeqCst), 4);
    }

    #[test]
    fn never_is_never_requested() {
        assert!(!Stop::never().requested());
    }
}
