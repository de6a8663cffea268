//! Who is calling: extractors that state, in a handler's signature, who may call it.

use crate::app::AppState;
use crate::db::{self, sessions::STAFF_ID_KEY, staff::StaffMember, teams::Team};
use crate::domain::account::Role;
use crate::web::error::AppError;
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
    let member = staff_of(&session, state).await?;
    parts.extensions.insert(member.clone());
    Ok(member)
}

/// The staff member signed in on `session`, if any.
pub async fn staff_of(session: &Session, state: &AppState) -> Result<Option<StaffMember>, AppError> {
    let id: Option<i32> = session
        .get(STAFF_ID_KEY)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(match id {
        Some(id) => db::staff::by_id(&state.db, id).await?,
        None => None,
    })
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
        let member = signed_in(parts, state)
            .await?
            .ok_or(AppError::SignInRequired { next })?;
        // Until an administrator who must use the second factor has turned it on, the session
        // opens the enrolment page and nothing else (signing out needs no account).
        if parts.uri.path() != crate::web::SECOND_FACTOR_PATH && must_enrol(&member, state).await? {
            return Err(AppError::SecondFactorRequired);
        }
        Ok(CurrentStaff(member))
    }
}

/// An administrator without the second factor while the setting requires it.
async fn must_enrol(member: &StaffMember, state: &AppState) -> Result<bool, AppError> {
    Ok(member.role == Role::Admin && !member.totp_enabled && db::settings::totp_required_for_admins(&state.db).await?)
}

/// An administrator; other staff get 403. Like every staff extractor, it sends an
/// administrator who must use the second factor to turn it on first.
pub struct CurrentAdmin(pub StaffMember);

impl FromRequestParts<AppState> for CurrentAdmin {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let CurrentStaff(member) = CurrentStaff::from_request_parts(parts, state).await?;
        if member.role != Role::Admin {
            Err(AppError::Forbidden)
        } else {
            Ok(CurrentAdmin(member))
        }
    }
}

/// A coordinator or an administrator, with the teams they run (every team for an
/// administrator), by name; référents get 403.
pub struct CurrentCoordinator {
    pub me: StaffMember,
    pub teams: Vec<Team>,
}

impl CurrentCoordinator {
    /// Whether team `id` is one they run (an unknown team is nobody's).
    pub fn runs(&self, id: i32) -> bool {
        self.teams.iter().any(|t| t.id == id)
    }
}

impl FromRequestParts<AppState> for CurrentCoordinator {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let CurrentStaff(me) = CurrentStaff::from_request_parts(parts, state).await?;
        let run = me.reader().teams().ok_or(AppError::Forbidden)?;
        let teams = db::access::teams(&state.db, run).await?;
        Ok(CurrentCoordinator { me, teams })
    }
}

/// The time of this request, from the application's one clock (`AppState::clock`): handlers
/// take `Now(now_ms)` and pass it down, so a test that moves the clock moves every page.
pub struct Now(pub i64);

impl FromRequestParts<AppState> for Now {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(_: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Now(state.clock.now_ms()))
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

/// The caller's address, for throttling. Behind `trust_proxy` proxies of ours, it is the entry
/// of `X-Forwarded-For` that many places from the right: each proxy appends the address it
/// saw, so the entries further left were written by the client and prove nothing.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let direct = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let from_proxy = forwarded_client(&forwarded, state.config.trust_proxy);
        Ok(ClientIp(from_proxy.or(direct).unwrap_or_else(|| "inconnue".into())))
    }
}

/// The client's address among the `X-Forwarded-For` entries, given how many proxies of ours
/// appended to it; None when no proxy is trusted or the entry is not an address.
fn forwarded_client(entries: &[&str], proxies: u8) -> Option<String> {
    let proxies = usize::from(proxies);
    if proxies == 0 || entries.len() < proxies {
        return None;
    }
    entries[entries.len() - proxies]
        .parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
}

#[cfg(test)]
mod tests {
    use super::forwarded_client;

    #[test]
    fn the_client_cannot_choose_its_address_by_writing_the_header_itself() {
        let sent = ["6.6.6.6", "203.0.113.9"]; // the client wrote 6.6.6.6, our proxy appended the rest
        assert_eq!(forwarded_client(&sent, 1).as_deref(), Some("203.0.113.9"));
        assert_eq!(
            forwarded_client(&["6.6.6.6", "203.0.113.9", "10.0.0.2"], 2).as_deref(),
            Some("203.0.113.9")
        );
        assert_eq!(forwarded_client(&sent, 0), None);
        assert_eq!(forwarded_client(&["203.0.113.9"], 2), None);
        assert_eq!(forwarded_client(&["pas une adresse"], 1), None);
    }
}
