//! Anti-forgery: every state-changing request must carry the `authenticity_token` of the
//! axum_csrf cookie; the check sits in one middleware so that no form can forget it.

use crate::app::AppState;
use crate::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_csrf::{CsrfConfig, CsrfToken, Key};

pub const FIELD: &str = "authenticity_token";
/// As axum's default body limit: longer fields get their French message from the form itself.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

fn config(state: &AppState) -> CsrfConfig {
    CsrfConfig::default()
        .with_cookie_name("binome_csrf")
        .with_key(Some(Key::from(state.cookie_key.as_slice())))
        .with_secure(state.config.secure_cookies())
        .with_http_only(true)
        .with_cookie_same_site(axum_csrf::SameSite::Strict)
        .with_salt(hex::encode(&state.cookie_key[..16]))
}

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let csrf_config = config(&state);
    let token = match CsrfToken::from_request_parts(&mut parts, &csrf_config).await {
        Ok(t) => t,
        Err(_) => return AppError::Csrf.into_response(),
    };
    let body = if matches!(
        parts.method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return AppError::TooLarge.into_response();
        };
        let submitted = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.into_owned());
        if submitted.is_none_or(|value| token.verify(&value).is_err()) {
            return (token, AppError::Csrf).into_response();
        }
        Body::from(bytes)
    } else {
        body
    };
    parts.extensions.insert(token.clone());
    let response = next.run(Request::from_parts(parts, body)).await;
    (token, response).into_response()
}

/// The value to put in the hidden field of every form of the page.
pub fn form_token(parts: &axum::http::request::Parts) -> String {
    parts
        .extensions
        .get::<CsrfToken>()
        .and_then(|t| t.authenticity_token().ok())
        .unwrap_or_default()
}
