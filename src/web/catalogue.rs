//! What the public sign-up form offers — the interests on offer and the charter in force —
//! kept by each instance for a second: every visitor opening the form cost two statements,
//! and each sign-up two more, for lists an administrator changes a few times a year. A change
//! made through this instance is seen at once (its handler calls `forget`); through another
//! instance, within `FRESH_MS` on this one's clock.

use crate::db::{self, Db, charters::Charter, interests::Interest};
use crate::web::error::{AppError, AppResult};
use std::sync::{Arc, Mutex, PoisonError};

/// How long a copy is used, in milliseconds of the application's clock.
pub const FRESH_MS: i64 = 1_000;

/// The interests on offer (in catalogue order) and the charter a volunteer accepts.
#[derive(Debug, Clone)]
pub struct Offer {
    pub interests: Arc<Vec<Interest>>,
    pub charter: Arc<Charter>,
}

/// This instance's copy of the offer; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct Catalogue(Arc<Mutex<Kept>>);

#[derive(Default)]
struct Kept {
    /// The copy and when it was read.
    offer: Option<(i64, Offer)>,
    /// Raised by `forget`: a reading begun before it must not be kept.
    generation: u64,
}

impl Catalogue {
    /// The offer as of at most `FRESH_MS` before `now_ms`.
    pub async fn offer(&self, db: &Db, now_ms: i64) -> AppResult<Offer> {
        let generation = {
            let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((read_at, offer)) = &kept.offer
                && (0..FRESH_MS).contains(&(now_ms - read_at))
            {
                return Ok(offer.clone());
            }
            kept.generation
        };
        let interests = db::interests::active(db).await?;
        let charter = db::charters::current(db)
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no published charter")))?;
        let offer = Offer {
            interests: Arc::new(interests),
            charter: Arc::new(charter),
        };
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.generation == generation {
            kept.offer = Some((now_ms, offer.clone()));
        }
        Ok(offer)
    }

    /// Drops the copy: the next reading sees what was just changed.
    pub fn forget(&self) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.offer = None;
        kept.generation += 1;
    }
}
