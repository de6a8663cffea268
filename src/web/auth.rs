//! Staff sign-in and sign-out, with attempts throttled in the database.

use crate::app::AppState;
use crate::db::{self, sessions::STAFF_ID_KEY};
use crate::error::{AppError, AppResult};
use crate::web::extract::ClientIp;
use crate::web::page::Chrome;
use crate::{epoch_ms, password};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

/// Failed attempts allowed in the window, per typed address and per client address.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
pub const MAX_FAILURES_PER_IP: u64 = 30;
const WINDOW_MS: i64 = 15 * 60 * 1000;

const WRONG_CREDENTIALS: &str = "Adresse e-mail ou mot de passe incorrect.";
const THROTTLED: &str =
    "Trop de tentatives de connexion. Pour protéger les comptes, attendez 15 minutes avant de réessayer.";

#[derive(Template, WebTemplate)]
#[template(path = "auth/login.html")]
pub struct LoginPage {
    chrome: Chrome,
    email: String,
    next: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    suite: Option<String>,
}

/// Only local paths: never send someone to another site after signing in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/tableau-de-bord".to_string(),
    }
}

pub async fn login_form(chrome: Chrome, Query(q): Query<NextQuery>) -> LoginPage {
    LoginPage {
        chrome,
        email: String::new(),
        next: safe_next(q.suite.as_deref()),
        error: None,
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    chrome: Chrome,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let now = epoch_ms(Utc::now());
    let account = form.email.trim().to_lowercase();
    let next = safe_next(form.next.as_deref());
    let refuse = |status: StatusCode, error: &'static str| {
        (
            status,
            LoginPage {
                chrome: chrome.clone(),
                email: form.email.trim().to_string(),
                next: next.clone(),
                error: Some(error),
            },
        )
            .into_response()
    };

    let (by_account, by_ip) = db::throttle::recent_failures(&state.db, &account, &ip, now - WINDOW_MS).await?;
    if by_account >= MAX_FAILURES_PER_ACCOUNT || by_ip >= MAX_FAILURES_PER_IP {
        return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, THROTTLED));
    }
    let found = db::staff::credentials(&state.db, &account).await?;
    let hash = found
        .as_ref()
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| state.dummy_hash.to_string());
    let password_ok = password::verify(form.password.clone(), hash).await?;
    let member = found.filter(|_| password_ok).map(|(m, _)| m);
    db::throttle::record(&state.db, &account, &ip, member.is_some(), now).await?;
    crate::web::rgpd::audit_login(&state, member.as_ref(), &account, now).await?;
    let Some(member) = member else {
        tracing::info!("sign-in refused");
        return Ok(refuse(StatusCode::OK, WRONG_CREDENTIALS));
    };

    session.cycle_id().await.map_err(|e| AppError::Internal(e.into()))?;
    session
        .insert(STAFF_ID_KEY, member.id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    tracing::info!(staff_id = member.id, "signed in");
    Ok(Redirect::to(&next).into_response())
}

pub async fn logout(session: Session) -> AppResult<Redirect> {
    session.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    Ok(Redirect::to("/connexion"))
}
