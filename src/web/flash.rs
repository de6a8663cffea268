//! One message for the next page: after its redirect, an action says what it did and what
//! comes next. The page that shows it removes it, so a refresh shows it no more.

use crate::web::error::{AppError, AppResult};
use tower_sessions::Session;

const KEY: &str = "flash";

/// Keeps `message` for the next page this browser opens.
pub async fn set(session: &Session, message: impl Into<String>) -> AppResult<()> {
    session
        .insert(KEY, message.into())
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// The message left by the previous action, removed as it is read.
pub async fn take(session: &Session) -> AppResult<Option<String>> {
    let message: Option<String> = session.get(KEY).await.map_err(|e| AppError::Internal(e.into()))?;
    // Removing marks the session changed: only when there was something to remove.
    if message.is_some() {
        session
            .remove_value(KEY)
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(message)
}

const OUTCOME: &str = "outcome";

/// What an answer on a link's page did, for the page `path` shows after its redirect: the
/// easy-to-read pages say it with their own words and pictograms, not in a banner.
pub async fn set_outcome(session: &Session, path: &str, outcome: &str) -> AppResult<()> {
    session
        .insert(OUTCOME, (path.to_string(), outcome.to_string()))
        .await
        .map_err(|e| AppError::Internal(e.into()))
}

/// The outcome left for `path` by the answer just posted, removed as it is read; another
/// page's outcome stays for its own page.
pub async fn take_outcome(session: &Session, path: &str) -> AppResult<Option<String>> {
    let kept: Option<(String, String)> = session.get(OUTCOME).await.map_err(|e| AppError::Internal(e.into()))?;
    let Some((_, outcome)) = kept.filter(|(p, _)| p == path) else {
        return Ok(None);
    };
    session
        .remove_value(OUTCOME)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(Some(outcome))
}
