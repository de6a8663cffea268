//! First start: the one-time link printed on the console creates the first administrator.

use crate::app::{AppState, SETUP_TOKEN_KEY};
use crate::db::{self, sessions::STAFF_ID_KEY, staff::NewStaff};
use crate::domain::account::{Email, Role, check_name, check_new_password};
use crate::password;
use crate::secret::sha256_hex;
use crate::web::error::{AppError, AppResult};
use crate::web::form::FieldErrors;
use crate::web::form::FormBody;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "auth/setup.html")]
pub struct SetupPage {
    chrome: Chrome,
    token: String,
    values: SetupForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct SetupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmation: String,
}

/// The token is valid while it is the stored one and no account exists yet.
async fn check_token(state: &AppState, token: &str) -> AppResult<()> {
    let stored = db::settings::get(&state.db, SETUP_TOKEN_KEY).await?;
    if stored.as_deref() != Some(sha256_hex(token).as_str()) || db::staff::count(&state.db).await? > 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn form(State(state): State<AppState>, chrome: Chrome, Path(token): Path<String>) -> AppResult<SetupPage> {
    check_token(&state, &token).await?;
    Ok(SetupPage {
        chrome,
        token,
        values: SetupForm::default(),
        errors: FieldErrors::default(),
    })
}

pub async fn create_admin(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
    FormBody(values): FormBody<SetupForm>,
) -> AppResult<Response> {
    check_token(&state, &token).await?;
    let mut errors = FieldErrors::default();
    let name = errors.check("name", check_name(&values.name));
    let email = errors.check("email", Email::parse(&values.email));
    errors.check("password", check_new_password(&values.password, &values.confirmation));
    let (Some(name), Some(email), true) = (name, email, errors.is_empty()) else {
        let values = SetupForm {
            password: String::new(),
            confirmation: String::new(),
            ..values
        };
        return Ok(SetupPage {
            chrome,
            token,
            values,
            errors,
        }
        .into_response());
    };
    let hash = password::hash(values.password).await?;
    let new = NewStaff {
        email: &email,
        name: &name,
        password_hash: &hash,
        role: Role::Admin,
        organisation: None,
        team_ids: &[],
    };
    let id = db::staff::create(&state.db, new, state.clock.now_ms()).await?;
    db::settings::delete(&state.db, SETUP_TOKEN_KEY).await?;
    session.cycle_id().await.map_err(|e| AppError::Internal(e.into()))?;
    session
        .insert(STAFF_ID_KEY, id)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    tracing::info!(staff_id = id, "first administrator created");
    Ok(Redirect::to("/tableau-de-bord").into_response())
}
