//! One message for the next page: after its redirect, an action says what it did and what
//! comes next. The page that shows it removes it, so a refresh shows it no more.

use crate::error::{AppError, AppResult};
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
