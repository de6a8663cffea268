//! The desk is read far more often than it changes: each instance keeps the lists it computed,
//! with the data revision they were read at, and serves them again while the revision is the
//! same. A change on any instance (or by the scheduler, or a command) makes the revision grow,
//! so the next reading computes the lists again. Labels that follow the clock ("depuis 3
//! jours", a check-in round turning late) may lag by `FRESH_FOR` at most.

use super::desk::{CommuneFilter, DeskLists};
use moka::sync::Cache;
use std::sync::Arc;
use std::time::Duration;

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

#[derive(Clone)]
struct Entry {
    revision: i64,
    lists: Arc<DeskLists>,
}

/// The desks this instance computed lately.
#[derive(Clone)]
pub struct DeskCache {
    entries: Cache<DeskKey, Entry>,
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
    /// The lists computed for `key` at `revision`, if still kept.
    pub fn get(&self, key: &DeskKey, revision: i64) -> Option<Arc<DeskLists>> {
        self.entries
            .get(key)
            .filter(|e| e.revision == revision)
            .map(|e| e.lists)
    }

    pub fn keep(&self, key: DeskKey, revision: i64, lists: Arc<DeskLists>) {
        self.entries.insert(key, Entry { revision, lists });
    }

    /// The filter typed earlier, as it was resolved.
    pub fn filter(&self, typed: &str) -> Option<CommuneFilter> {
        self.filters.get(typed)
    }

    pub fn keep_filter(&self, filter: CommuneFilter) {
        self.filters.insert(filter.typed.clone(), filter);
    }
}
