//! The web shell: every route in one list, then the layers every request goes through.

mod admin;
mod assets;
mod auth;
mod communes;
mod csrf;
mod dashboard;
pub mod extract;
pub mod form;
mod home;
mod layers;
pub mod page;
mod setup;

use crate::app::AppState;
use crate::error::AppError;
use axum::Router;
use axum::routing::{get, post};

/// The site map.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home::show))
        .route("/connexion", get(auth::login_form).post(auth::login))
        .route("/deconnexion", post(auth::logout))
        .route("/installation/{token}", get(setup::form).post(setup::create_admin))
        .route("/tableau-de-bord", get(dashboard::show))
        .route("/communes", get(communes::search_page))
        .route("/api/communes", get(communes::search_json))
        .route("/admin/equipes", get(admin::teams).post(admin::create_team))
        .route("/admin/equipes/{id}", get(admin::team))
        .route("/admin/comptes", get(admin::accounts).post(admin::create_account))
        .route("/static/{file}", get(assets::serve))
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(layers::sessions(&state))
        .layer(axum::middleware::map_response(layers::security_headers))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
