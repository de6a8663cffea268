//! A staff member's own password: changing it signs the account out of every other session.

use crate::app::AppState;
use crate::db;
use crate::domain::account::check_new_password;
use crate::error::{AppError, AppResult};
use crate::web::extract::CurrentStaff;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use crate::{epoch_ms, password};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::State;
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "account/password.html")]
pub struct PasswordPage {
    chrome: Chrome,
    errors: FieldErrors,
    saved: bool,
}

#[derive(Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmation: String,
}

pub async fn form(chrome: Chrome, _: CurrentStaff) -> PasswordPage {
    PasswordPage {
        chrome,
        errors: FieldErrors::default(),
        saved: false,
    }
}

pub async fn change(
    State(state): State<AppState>,
    session: Session,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    body: Bytes,
) -> AppResult<PasswordPage> {
    let form: PasswordForm = parse_body(&body);
    let mut errors = FieldErrors::default();
    let (_, hash) = db::staff::credentials(&state.db, &me.email)
        .await?
        .ok_or(AppError::NotFound)?;
    if !password::verify(form.current, hash).await? {
        errors.add("current", "Ce n'est pas votre mot de passe actuel.");
    }
    errors.check("password", check_new_password(&form.password, &form.confirmation));
    let saved = errors.is_empty();
    if saved {
        let hash = password::hash(form.password).await?;
        let keep = session.id().map(|id| id.to_string()).unwrap_or_default();
        db::staff::change_password(&state.db, me.id, &hash, &keep, epoch_ms(Utc::now())).await?;
        tracing::info!(staff_id = me.id, "password changed, other sessions revoked");
        crate::web::rgpd::audit_security(&state, &me, "mot de passe changé, autres sessions fermées").await?;
    }
    Ok(PasswordPage { chrome, errors, saved })
}
