//! Password hashing with argon2id (the crate's defaults, 19 MiB per hash), off the async
//! threads, a few at a time: a burst of sign-ins waits its turn instead of taking the
//! memory of a hundred hashes at once, and past a short queue it is told to come back.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Semaphore;

/// Too many sign-ins are waiting for a hash: answer "come back in a moment".
#[derive(Debug, thiserror::Error)]
#[error("too many password checks waiting")]
pub struct Busy;

/// Hashes run one per core; this many more may wait for their turn.
const WAITING_PER_CORE: usize = 8;

/// The cores are the process's, whatever the request: one gate for the process.
struct Gate {
    running: Semaphore,
    queued: AtomicUsize,
    max_queued: usize,
}

static GATE: LazyLock<Gate> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Gate {
        running: Semaphore::new(cores),
        queued: AtomicUsize::new(0),
        max_queued: cores * (WAITING_PER_CORE + 1),
    }
});

/// Runs one hash computation when a core is free, or refuses at once past the queue.
async fn gated<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    let gate = &*GATE;
    if gate.queued.fetch_add(1, Ordering::SeqCst) >= gate.max_queued {
        gate.queued.fetch_sub(1, Ordering::SeqCst);
        return Err(Busy.into());
    }
    let permit = gate.running.acquire().await;
    let out = match permit {
        Ok(_permit) => tokio::task::spawn_blocking(work).await.map_err(anyhow::Error::from),
        Err(e) => Err(e.into()),
    };
    gate.queued.fetch_sub(1, Ordering::SeqCst);
    out
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    gated(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
    .await?
}

/// False for a wrong password and for an unreadable hash alike.
pub async fn verify(password: String, hash: String) -> anyhow::Result<bool> {
    gated(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_past_the_queue_is_refused_and_the_rest_are_checked() {
        let hash = hash("un mot de passe assez long".into()).await.unwrap();
        let tries = (0..GATE.max_queued * 3).map(|_| verify("un mot de passe assez long".into(), hash.clone()));
        let results = futures::future::join_all(tries).await;
        let busy = results
            .iter()
            .filter(|r| r.as_ref().is_err_and(|e| e.is::<Busy>()))
            .count();
        let checked = results.iter().filter(|r| matches!(r, Ok(true))).count();
        assert!(busy > 0, "a burst three times the queue must be partly refused");
        assert!(checked >= GATE.max_queued / 2, "the queue is served: {checked} checked");
        assert_eq!(busy + checked, results.len());
        assert_eq!(GATE.queued.load(Ordering::SeqCst), 0);
    }
}
