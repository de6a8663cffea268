//! The desk is read far more often than it changes: each instance keeps the lists it computed
//! under the team's revision they were read at, and serves them again while that revision is
//! the same. A change in the team on any instance (or by the scheduler, or a command) makes the
//! team's revision grow, so its next reading computes the lists again; a change in another
//! team leaves them. Readers that miss together wait for one computation (a `OnceCell` per
//! key and revision), not one each. Labels that follow the clock ("depuis 3 jours", a check-in
//! round turning late) may lag by `FRESH_FOR` at most.

use super::desk::{CommuneFilter, DeskLists};
use moka::sync::Cache;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;

/// How long lists computed at one revision are kept, at most.
pub const FRESH_FOR: Duration = Duration::from_secs(60);

/// What one desk page shows: the team, the commune filter as typed, the page of each list
/// (as asked), and the end of the day the calls are due by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeskKey {
    pub team_id: i32,
    pub commune: String,
    pub pages: [u64; 8],
    pub today_end: i64,
}

/// The lists of one key at one revision, computed once by whoever came first.
type Slot = Arc<OnceCell<Arc<DeskLists>>>;

/// The desks this instance computed lately.
#[derive(Clone)]
pub struct DeskCache {
    entries: Cache<(DeskKey, i64), Slot>,
    /// Commune filters as typed, resolved (the communes change only with a new version).
    filters: Cache<String, CommuneFilter>,
}

impl Default for DeskCache {
    fn default() -> Self {
        DeskCache {
            entries: Cache::builder().max_capacity(2_000).time_to_live(FRESH_FOR).build(),
            filters: Cache::builder().max_capacity(1_000).time_to_live(FRESH_FOR).build(),
        }
    }
}

impl DeskCache {
    /// The lists of `key` at the team's `revision`: kept, or computed by `compute` — once,
    /// however many readers ask at the same time (the others wait for it). A failed
    /// computation is not kept: the next reader tries again.
    pub async fn lists<E, F>(&self, key: DeskKey, revision: i64, compute: F) -> Result<Arc<DeskLists>, E>
    where
        F: Future<Output = Result<DeskLists, E>>,
    {
        let slot = self.entries.get_with((key, revision), Slot::default);
        slot.get_or_try_init(|| async { compute.await.map(Arc::new) })
            .await
            .cloned()
    }

    /// The filter typed earlier, as it was resolved.
    pub fn filter(&self, typed: &str) -> Option<CommuneFilter> {
        self.filters.get(typed)
    }

    pub fn keep_filter(&self, filter: CommuneFilter) {
        self.filters.insert(filter.typed.clone(), filter);
    }
}
