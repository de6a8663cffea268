//! A staff member's own password: changing it signs the account out of every other session.
//! The checks asked inside a session (current password, second-factor code) are throttled
//! per account, so that a session left open cannot be used to guess the password.

use crate::app::AppState;
use crate::db::{self, staff::StaffMember};
use crate::domain::account::check_new_password;
use crate::password;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentStaff;
use crate::web::extract::Now;
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

pub const WRONG_PASSWORD: &str = "Ce n'est pas votre mot de passe actuel.";
pub const TOO_MANY_WRONG: &str = "Trop de réponses fausses. Pour protéger votre compte, attendez une minute avant de \
     réessayer (jusqu'à 15 minutes si les erreurs continuent).";

/// One answer to a check asked inside a session, reserved with the sign-in attempts under
/// `session:{staff_id}` (so the limit holds across instances, and two answers racing each
/// other see each other): it counts as wrong until [`SessionCheck::right`] says otherwise.
/// Past 5 wrong answers, the account waits as a sign-in does.
pub struct SessionCheck<'a> {
    state: &'a AppState,
    attempt: db::throttle::Attempt,
}

impl<'a> SessionCheck<'a> {
    /// None when the account gave too many wrong answers lately: the answer must not even
    /// be checked.
    pub async fn reserve(state: &'a AppState, staff_id: i32, now_ms: i64) -> AppResult<Option<Self>> {
        // The key stands for the client address too, so that these answers never count
        // against a real address, nor one account's against another's.
        let key = format!("session:{staff_id}");
        let attempt = db::throttle::reserve_login(&state.db, &key, &key, now_ms).await?;
        Ok(attempt.map(|attempt| SessionCheck { state, attempt }))
    }

    pub async fn right(self) -> AppResult<()> {
        db::throttle::succeeded(&self.state.db, self.attempt).await?;
        Ok(())
    }
}

/// Whether `typed` is the signed-in staff member's password.
pub async fn is_current_password(state: &AppState, me: &StaffMember, typed: String) -> AppResult<bool> {
    let (_, hash) = db::staff::credentials(&state.db, &me.email)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(password::verify(typed, hash).await?)
}

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
    Now(now): Now,
    session: Session,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    body: Bytes,
) -> AppResult<Response> {
    let form: PasswordForm = parse_body(&body);
    let mut errors = FieldErrors::default();
    let Some(check) = SessionCheck::reserve(&state, me.id, now).await? else {
        errors.add("current", TOO_MANY_WRONG);
        let page = PasswordPage {
            chrome,
            errors,
            saved: false,
        };
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    };
    if is_current_password(&state, &me, form.current).await? {
        check.right().await?;
    } else {
        errors.add("current", WRONG_PASSWORD);
    }
    errors.check("password", check_new_password(&form.password, &form.confirmation));
    let saved = errors.is_empty();
    if saved {
        let hash = password::hash(form.password).await?;
        let keep = session.id().map(|id| id.to_string()).unwrap_or_default();
        let journal = [crate::web::rgpd::security(
            &me,
            "mot de passe changé, autres sessions fermées",
        )];
        db::staff::change_password(&state.db, me.id, &hash, &keep, &journal, now).await?;
        tracing::info!(staff_id = me.id, "password changed, other sessions revoked");
    }
    Ok(PasswordPage { chrome, errors, saved }.into_response())
}
