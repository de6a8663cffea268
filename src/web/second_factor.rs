//! The second factor of a staff account: turning it on (the secret to copy into an
//! authenticator app, then the current password and one code to confirm), turning it off (the
//! current password), and the administrators' rule. Wrong answers are throttled per account.

use crate::app::AppState;
use crate::db;
use crate::domain::account::Role;
use crate::domain::second_factor::{self, grouped, otpauth_uri};
use crate::web::account::{SessionCheck, TOO_MANY_WRONG, WRONG_PASSWORD, is_current_password};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::Now;
use crate::web::extract::{CurrentAdmin, CurrentStaff};
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// The secret shown while the staff member sets their app up; saved once a code confirms it.
const SETUP_KEY: &str = "totp_setup_secret";
pub const WRONG_CODE: &str = "Ce code ne convient pas. Tapez les 6 chiffres que votre application affiche maintenant.";
const ENABLED: &str =
    "La double authentification est activée. Votre application vous donnera un code à chaque connexion.";
const DISABLED: &str = "La double authentification est désactivée.";

#[derive(Template, WebTemplate)]
#[template(path = "account/second_factor.html")]
pub struct SetupPage {
    chrome: Chrome,
    enabled: bool,
    required: bool,
    secret: String,
    uri: String,
    code: String,
    errors: FieldErrors,
    done: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

fn internal(e: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(e.into())
}

/// True when `code` is the account's current code and was not used before (it is then spent).
pub async fn verify(state: &AppState, staff_id: i32, code: &str, now_ms: i64) -> AppResult<bool> {
    let Some(secret) = db::staff::totp_secret(&state.db, staff_id).await? else {
        return Ok(false);
    };
    match second_factor::check(&secret, code, now_ms) {
        Some(step) => Ok(db::staff::use_totp_step(&state.db, staff_id, step).await?),
        None => Ok(false),
    }
}

async fn setup_secret(session: &Session) -> AppResult<String> {
    if let Some(secret) = session.get::<String>(SETUP_KEY).await.map_err(internal)? {
        return Ok(secret);
    }
    let secret = second_factor::new_secret();
    session.insert(SETUP_KEY, &secret).await.map_err(internal)?;
    Ok(secret)
}

struct Outcome {
    code: String,
    errors: FieldErrors,
    done: Option<&'static str>,
}

impl Outcome {
    /// Refused answers, the code kept as typed; the password is never shown again.
    fn refused(code: String, errors: FieldErrors) -> Self {
        Outcome {
            code,
            errors,
            done: None,
        }
    }
}

async fn page(
    state: &AppState,
    session: &Session,
    chrome: Chrome,
    account: &str,
    enabled: bool,
    out: Outcome,
) -> AppResult<SetupPage> {
    let required = chrome.role == Some(Role::Admin) && db::settings::totp_required_for_admins(&state.db).await?;
    let (secret, uri) = if enabled {
        (String::new(), String::new())
    } else {
        let secret = setup_secret(session).await?;
        (grouped(&secret), otpauth_uri(&secret, account).unwrap_or_default())
    };
    Ok(SetupPage {
        chrome,
        enabled,
        required,
        secret,
        uri,
        code: out.code,
        errors: out.errors,
        done: out.done,
    })
}

fn nothing() -> Outcome {
    Outcome {
        code: String::new(),
        errors: FieldErrors::default(),
        done: None,
    }
}

/// The page refused with 429 once the account gave too many wrong answers.
async fn throttled(
    state: &AppState,
    session: &Session,
    chrome: Chrome,
    me: &crate::db::staff::StaffMember,
    code: String,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    errors.add("password", TOO_MANY_WRONG);
    let out = Outcome::refused(code, errors);
    let page = page(state, session, chrome, &me.email, me.totp_enabled, out).await?;
    Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
) -> AppResult<SetupPage> {
    page(&state, &session, chrome, &me.email, me.totp_enabled, nothing()).await
}

pub async fn enable(
    State(state): State<AppState>,
    Now(now): Now,
    session: Session,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    body: Bytes,
) -> AppResult<Response> {
    let form: CodeForm = parse_body(&body);
    if me.totp_enabled {
        return Ok(page(&state, &session, chrome, &me.email, true, nothing())
            .await?
            .into_response());
    }
    let Some(check) = SessionCheck::reserve(&state, me.id, now).await? else {
        return throttled(&state, &session, chrome, &me, form.code).await;
    };
    let secret = setup_secret(&session).await?;
    let mut errors = FieldErrors::default();
    if !is_current_password(&state, &me, form.password).await? {
        errors.add("password", WRONG_PASSWORD);
    }
    let step = second_factor::check(&secret, &form.code, now);
    if step.is_none() {
        errors.add("code", WRONG_CODE);
    }
    let Some(step) = step.filter(|_| errors.is_empty()) else {
        let out = Outcome::refused(form.code, errors);
        return Ok(page(&state, &session, chrome, &me.email, false, out)
            .await?
            .into_response());
    };
    check.right().await?;
    let journal = [crate::web::rgpd::security(&me, "double authentification activée")];
    db::staff::enable_totp(&state.db, me.id, &secret, step, &journal, now).await?;
    session.remove::<String>(SETUP_KEY).await.map_err(internal)?;
    tracing::info!(staff_id = me.id, "second factor enabled");
    let out = Outcome {
        done: Some(ENABLED),
        ..nothing()
    };
    Ok(page(&state, &session, chrome, &me.email, true, out)
        .await?
        .into_response())
}

pub async fn disable(
    State(state): State<AppState>,
    Now(now): Now,
    session: Session,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    body: Bytes,
) -> AppResult<Response> {
    let form: CodeForm = parse_body(&body);
    if !me.totp_enabled {
        return Ok(page(&state, &session, chrome, &me.email, false, nothing())
            .await?
            .into_response());
    }
    let Some(check) = SessionCheck::reserve(&state, me.id, now).await? else {
        return throttled(&state, &session, chrome, &me, String::new()).await;
    };
    if !is_current_password(&state, &me, form.password).await? {
        let mut errors = FieldErrors::default();
        errors.add("password", WRONG_PASSWORD);
        let out = Outcome::refused(String::new(), errors);
        return Ok(page(&state, &session, chrome, &me.email, true, out)
            .await?
            .into_response());
    }
    check.right().await?;
    let journal = [crate::web::rgpd::security(&me, "double authentification désactivée")];
    db::staff::disable_totp(&state.db, me.id, &journal, now).await?;
    tracing::info!(staff_id = me.id, "second factor disabled");
    let out = Outcome {
        done: Some(DISABLED),
        ..nothing()
    };
    Ok(page(&state, &session, chrome, &me.email, false, out)
        .await?
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/security.html")]
pub struct SecurityPage {
    chrome: Chrome,
    required: bool,
    error: Option<&'static str>,
    saved: bool,
}

#[derive(Deserialize, Default)]
pub struct SecurityForm {
    #[serde(default)]
    required: String,
}

pub async fn security(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin) -> AppResult<SecurityPage> {
    let required = db::settings::totp_required_for_admins(&state.db).await?;
    Ok(SecurityPage {
        chrome,
        required,
        error: None,
        saved: false,
    })
}

pub async fn save_security(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentAdmin(me): CurrentAdmin,
    body: Bytes,
) -> AppResult<SecurityPage> {
    let form: SecurityForm = parse_body(&body);
    let required = form.required == "oui";
    if required && !me.totp_enabled {
        return Ok(SecurityPage {
            chrome,
            required,
            error: Some("Activez d'abord la double authentification sur votre propre compte."),
            saved: false,
        });
    }
    db::settings::set_totp_required_for_admins(&state.db, required).await?;
    Ok(SecurityPage {
        chrome,
        required,
        error: None,
        saved: true,
    })
}
