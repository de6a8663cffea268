//! Anti-forgery: every state-changing request must carry the `authenticity_token` of the
//! axum_csrf cookie; the check sits in one middleware so that no form can forget it.

use crate::app::AppState;
use crate::web::error::{AppError, Shown};
use crate::web::page::{Chrome, ErrorPage};
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_csrf::{CsrfConfig, CsrfToken, Key};
use tower_sessions::Session;

pub const FIELD: &str = "authenticity_token";
/// As axum's default body limit: longer fields get their French message from the form itself.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The cookie's settings, built once when the application starts (`AppState::csrf`); a key
/// shorter than 64 bytes is refused there.
pub(crate) fn config(cookie_key: &[u8], secure: bool) -> anyhow::Result<CsrfConfig> {
    let key = Key::try_from(cookie_key)?;
    Ok(CsrfConfig::default()
        .with_cookie_name("binome_csrf")
        .with_key(Some(key))
        .with_secure(secure)
        .with_http_only(true)
        .with_cookie_same_site(axum_csrf::SameSite::Strict)
        .with_salt(hex::encode(&cookie_key[..16])))
}

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let token = match CsrfToken::from_request_parts(&mut parts, &state.csrf).await {
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
    let session = parts.extensions.get::<Session>().cloned();
    let form_token = token.authenticity_token().unwrap_or_default();
    let response = next.run(Request::from_parts(parts, body)).await;
    let response = with_header(&state, session, form_token, response).await;
    (token, response).into_response()
}

/// An error page keeps the header of who is signed in (their name, their menu, signing out),
/// as every other page does: the reader is not thrown out of the site by a 404.
async fn with_header(state: &AppState, session: Option<Session>, csrf: String, response: Response) -> Response {
    let Some(shown) = response.extensions().get::<Shown>().copied() else {
        return response;
    };
    let Some(session) = session else {
        return response;
    };
    let Ok(Some(member)) = super::extract::staff_of(&session, state).await else {
        return response;
    };
    let (mut head, _) = response.into_parts();
    let page = ErrorPage {
        chrome: Chrome::for_member(Some(&member), csrf),
        title: shown.title,
        message: shown.message,
    };
    let body = page.into_response().into_body();
    head.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(head, body)
}

/// The value to put in the hidden field of every form of the page.
pub fn form_token(parts: &axum::http::request::Parts) -> String {
    parts
        .extensions
        .get::<CsrfToken>()
        .and_then(|t| t.authenticity_token().ok())
        .unwrap_or_default()
}
