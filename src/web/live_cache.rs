//! The team's live matching instance, kept between readings. The proposals page and « Chercher
//! un·e bénévole » read it; building it reads every waiting person and volunteer of the team,
//! their consents and the exclusions, and scores every feasible pair (150 ms for 3,000 people),
//! while the engine's own top-5 then takes 0.2 ms. It is kept under the team's matching
//! revision (`db::revision::of_matching`: a change to what the instance holds — its waiting
//! people and approved volunteers, their interests and consents, exclusions, binômes — makes
//! it grow; a check-in, an alert or a volunteer signing up does not, so the instance outlives
//! the team's daily writes), the French day (the waits count in the score) and the weights,
//! for `FRESH_FOR` at most (a change in the catalogue of interests or a charter version shows
//! after that). Pages that write — a round,
//! a swap — build their own from the database, never this one.

use crate::app::AppState;
use crate::rounds::{self, Live};
use crate::web::error::AppResult;
use moka::sync::Cache;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;

pub const FRESH_FOR: Duration = Duration::from_secs(600);

/// (team, matching revision, « day | weights »).
type Key = (i32, i64, String);

#[derive(Clone)]
pub struct LiveCache {
    entries: Cache<Key, Arc<OnceCell<Arc<Live>>>>,
}

impl Default for LiveCache {
    fn default() -> Self {
        Self {
            entries: Cache::builder().max_capacity(16).time_to_live(FRESH_FOR).build(),
        }
    }
}

/// The team's live instance for reading: kept, or built once by whoever asks first.
pub async fn for_reading(state: &AppState, team_id: i32) -> AppResult<Arc<Live>> {
    let revision = crate::db::revision::of_matching(&state.db, team_id).await?;
    let now = state.clock.now();
    let weights = crate::db::suggestions::weights(&state.db).await?;
    let key = (
        team_id,
        revision,
        format!(
            "{}|{weights:?}",
            crate::domain::dates::day_in_france(now.timestamp_millis())
        ),
    );
    let slot = state.live_cache.entries.get_with(key, Default::default);
    let live = slot
        .get_or_try_init(|| async {
            let live = rounds::load(&state.db, &state.communes, team_id, now).await?;
            anyhow::Ok(Arc::new(live))
        })
        .await?;
    Ok(live.clone())
}
