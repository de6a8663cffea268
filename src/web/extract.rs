//! Who is calling: extractors that state, in a handler's signature, who may call it.

use crate::app::AppState;
use crate::db::{self, sessions::STAFF_ID_KEY, staff::StaffMember};
use crate::domain::account::Role;
use crate::error::AppError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The signed-in staff member, loaded once per request and cached in its extensions.
async fn signed_in(parts: &mut Parts, state: &AppState) -> Result<Option<StaffMember>, AppError> {
    if let Some(cached) = parts.extensions.get::<Option<StaffMember>>() {
        return Ok(cached.clone());
    }
    let session = Session::from_request_parts(parts, state)
        .await
        .map_err(|(_, msg)| AppError::Internal(anyhow::anyhow!("session layer missing: {msg}")))?;
    let id: Option<i32> = session
        .get(STAFF_ID_KEY)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let member = match id {
        Some(id) => db::staff::by_id(&state.db, id).await?,
        None => None,
    };
    parts.extensions.insert(member.clone());
    Ok(member)
}

/// Any signed-in staff member; others are sent to the sign-in page.
pub struct CurrentStaff(pub StaffMember);

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let next = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        signed_in(parts, state)
            .await?
            .map(CurrentStaff)
            .ok_or(AppError::SignInRequired { next })
    }
}

/// An administrator; other staff get 403. When the setting asks for it, an administrator
/// without the second factor is sent to turn it on first.
pub struct CurrentAdmin(pub StaffMember);

impl FromRequestParts<AppState> for CurrentAdmin {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let CurrentStaff(member) = CurrentStaff::from_request_parts(parts, state).await?;
        if member.role != Role::Admin {
            Err(AppError::Forbidden)
        } else if !member.totp_enabled && db::settings::totp_required_for_admins(&state.db).await? {
            Err(AppError::SecondFactorRequired)
        } else {
            Ok(CurrentAdmin(member))
        }
    }
}

/// The signed-in staff member, if any (for pages that anyone may read).
pub struct MaybeStaff(pub Option<StaffMember>);

impl FromRequestParts<AppState> for MaybeStaff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(MaybeStaff(signed_in(parts, state).await?))
    }
}

/// The caller's address, for throttling sign-in attempts.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .config
            .trust_proxy
            .then(|| parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
            .flatten()
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string());
        let direct = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        Ok(ClientIp(forwarded.or(direct).unwrap_or_else(|| "inconnue".into())))
    }
}
