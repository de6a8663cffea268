//! Sessions and security headers.

use crate::app::AppState;
use crate::db::sessions::DbSessionStore;
use crate::domain::account::SESSION_IDLE_HOURS;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

pub const SESSION_COOKIE: &str = "binome_session";

/// Sessions live in the database; the cookie is HTTP-only, same-site, and `Secure` over HTTPS.
pub fn sessions(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(SESSION_IDLE_HOURS)))
}

/// A strict content security policy: scripts and styles only from our own files.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const HEADERS: [(HeaderName, &str); 5] = [
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "same-origin"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// Adds the security headers to every response that does not set its own. Pages and exports
/// are never kept by the browser or a proxy (front desks share computers); only the static
/// files say otherwise. Over HTTPS, browsers are told to use nothing else for a year.
pub async fn security_headers(State(state): State<AppState>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in HEADERS {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    if state.config.secure_cookies() {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

/// The route of a request that matched none (the 404 page), in the metrics and the log.
const NO_ROUTE: &str = "(aucune route)";

/// Counts each request in `/metrics`: its route as declared, method, status and duration.
pub async fn count_requests(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let started = std::time::Instant::now();
    let route = request.extensions().get::<axum::extract::MatchedPath>().cloned();
    let method = request.method().clone();
    let response = next.run(request).await;
    state.metrics.request(
        route.as_ref().map_or(NO_ROUTE, |m| m.as_str()),
        method.as_str(),
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// The span of a request: its method and its route as declared (`/espace/lien/{token}`),
/// never the path as typed — a path can hold a sign-in token, a query an address.
pub fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or(NO_ROUTE, |m| m.as_str());
    tracing::info_span!("request", method = %request.method(), route)
}
