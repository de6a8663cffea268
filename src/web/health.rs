//! Health for the operator's monitoring: `/sante` answers while the process runs,
//! `/sante/pret` says whether the service is fit to serve (database, messages waiting,
//! scheduler) — 503 with what is wrong. JSON in the IETF health-check draft's shape.

use crate::app::AppState;
use crate::db;
use crate::domain::health::{self, Report, Status};
use crate::web::extract::{ClientIp, Now};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const MEDIA_TYPE: &str = "application/health+json";

fn json(code: StatusCode, report: &Report) -> Response {
    let body = serde_json::to_string(report).unwrap_or_else(|_| r#"{"status":"fail"}"#.to_string());
    (code, [(header::CONTENT_TYPE, MEDIA_TYPE)], body).into_response()
}

/// The process runs and answers.
pub async fn live() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, MEDIA_TYPE)],
        r#"{"status":"pass"}"#,
    )
        .into_response()
}

/// Prometheus metrics, for the machine itself (or a proxy on it) and for whoever shows the
/// bearer token; anyone else is refused.
pub async fn metrics(
    State(state): State<AppState>,
    Now(now_ms): Now,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
) -> Response {
    let local = ip.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(crate::secret::sha256_hex);
    let shown = token.is_some() && token == state.config.metrics_token_sha256;
    if !local && !shown {
        return (
            StatusCode::FORBIDDEN,
            "Métriques réservées à la supervision (BINOME_METRICS_TOKEN).\n",
        )
            .into_response();
    }
    match db::metrics::figures(&state.db, now_ms).await {
        Ok(figures) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
            state.metrics.render(&figures, now_ms),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics: database unreadable");
            (StatusCode::SERVICE_UNAVAILABLE, "base de données injoignable\n").into_response()
        }
    }
}

/// Fit to serve: 200 on pass or warn, 503 on fail.
pub async fn ready(State(state): State<AppState>, Now(now_ms): Now) -> Response {
    let report = match db::health::ping(&state.db).await {
        Err(e) => health::database_down(&e.to_string()),
        Ok(()) => match db::health::readings(&state.db, now_ms).await {
            Ok(readings) => health::assess(readings, now_ms),
            Err(e) => health::database_down(&e.to_string()),
        },
    };
    let code = match report.status {
        Status::Fail => StatusCode::SERVICE_UNAVAILABLE,
        Status::Pass | Status::Warn => StatusCode::OK,
    };
    json(code, &report)
}
