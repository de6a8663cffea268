//! Staff sign-in (password, then the six-digit code when the account uses the second factor)
//! and sign-out, with attempts throttled in the database.

use crate::app::AppState;
use crate::db::{self, sessions::STAFF_ID_KEY, staff::StaffMember};
use crate::domain::account::Role;
use crate::password;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::ClientIp;
use crate::web::extract::Now;
use crate::web::form::parse_body;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// Session keys while the password was right and the second factor is awaited.
const PENDING_KEY: &str = "pending_staff_id";
const PENDING_NEXT_KEY: &str = "pending_next";
const PENDING_AT_KEY: &str = "pending_at";
/// The code must follow the password within this time.
const PENDING_MS: i64 = crate::domain::duration::minutes(5);

const WRONG_CREDENTIALS: &str = "Adresse e-mail ou mot de passe incorrect.";
const THROTTLED: &str = "Trop de tentatives de connexion. Pour protéger les comptes, attendez une minute avant de réessayer (jusqu'à 15 minutes si les erreurs continuent).";
const EMAIL_TOO_LONG: &str = "Cette adresse e-mail est trop longue (254 caractères au plus).";

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

/// Where to go after signing in: only a path of this site, rebuilt from its parts, so that no
/// trick (`//host`, a tab browsers drop, a backslash, a line break) can lead elsewhere.
fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/tableau-de-bord";
    let Some(next) = next else { return HOME.to_string() };
    let visible = next.len() <= 2000 && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    let Ok(uri) = next.parse::<axum::http::Uri>() else {
        return HOME.to_string();
    };
    let path = uri.path();
    if !visible
        || uri.scheme().is_some()
        || uri.authority().is_some()
        || !path.starts_with('/')
        || path.starts_with("//")
    {
        return HOME.to_string();
    }
    match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    Now(now): Now,
    ClientIp(ip): ClientIp,
    session: Session,
    chrome: Chrome,
    body: Bytes,
) -> AppResult<Response> {
    let form: LoginForm = parse_body(&body);
    let account = form.email.trim().to_lowercase();
    let next = safe_next(form.next.as_deref());
    let refuse = |status: StatusCode, error: &'static str| {
        (
            status,
            LoginPage {
                chrome: chrome.clone(),
                email: form.email.trim().chars().take(300).collect(),
                next: next.clone(),
                error: Some(error),
            },
        )
            .into_response()
    };

    if account.chars().count() > 254 {
        return Ok(refuse(StatusCode::OK, EMAIL_TOO_LONG));
    }
    let Some(attempt) = db::throttle::reserve_login(&state.db, &account, &ip, now).await? else {
        return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, THROTTLED));
    };
    let found = db::staff::credentials(&state.db, &account).await?;
    let hash = found
        .as_ref()
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| state.dummy_hash.to_string());
    let password_ok = password::verify(form.password.chars().take(1024).collect(), hash).await?;
    let member = found.filter(|_| password_ok).map(|(m, _)| m);
    let Some(member) = member else {
        crate::web::rgpd::audit_login(&state, None, &account, now).await?;
        tracing::info!("sign-in refused");
        return Ok(refuse(StatusCode::OK, WRONG_CREDENTIALS));
    };
    db::throttle::succeeded(&state.db, attempt).await?;
    if member.totp_enabled {
        // The password was right; the session is signed in only once the code is.
        session.cycle_id().await.map_err(internal)?;
        session.insert(PENDING_KEY, member.id).await.map_err(internal)?;
        session.insert(PENDING_NEXT_KEY, &next).await.map_err(internal)?;
        session.insert(PENDING_AT_KEY, now).await.map_err(internal)?;
        return Ok(Redirect::to("/connexion/code").into_response());
    }
    sign_in(&state, &session, &member, &next, now).await
}

fn internal(e: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(e.into())
}

/// Opens the signed-in session (a fresh id, against fixation) and audits the sign-in.
/// An administrator who must use the second factor and has not turned it on goes to do so.
async fn sign_in(
    state: &AppState,
    session: &Session,
    member: &StaffMember,
    next: &str,
    now: i64,
) -> AppResult<Response> {
    crate::web::rgpd::audit_login(state, Some(member), &member.email, now).await?;
    session.cycle_id().await.map_err(internal)?;
    session.remove::<i32>(PENDING_KEY).await.map_err(internal)?;
    session.remove::<String>(PENDING_NEXT_KEY).await.map_err(internal)?;
    session.remove::<i64>(PENDING_AT_KEY).await.map_err(internal)?;
    session.insert(STAFF_ID_KEY, member.id).await.map_err(internal)?;
    tracing::info!(staff_id = member.id, "signed in");
    let must_enrol =
        member.role == Role::Admin && !member.totp_enabled && db::settings::totp_required_for_admins(&state.db).await?;
    let target = if must_enrol {
        crate::web::SECOND_FACTOR_PATH
    } else {
        next
    };
    Ok(Redirect::to(target).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/code.html")]
pub struct CodePage {
    chrome: Chrome,
    code: String,
    error: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// The account waiting for its code in this session, if its password was typed recently.
async fn pending(state: &AppState, session: &Session, now: i64) -> AppResult<Option<StaffMember>> {
    let id = session.get::<i32>(PENDING_KEY).await.map_err(internal)?;
    let at = session.get::<i64>(PENDING_AT_KEY).await.map_err(internal)?;
    match (id, at) {
        (Some(id), Some(at)) if now - at <= PENDING_MS => Ok(db::staff::by_id(&state.db, id).await?),
        _ => Ok(None),
    }
}

pub async fn code_form(State(state): State<AppState>, session: Session, chrome: Chrome) -> AppResult<Response> {
    if pending(&state, &session, state.clock.now_ms()).await?.is_none() {
        return Ok(Redirect::to("/connexion").into_response());
    }
    Ok(CodePage {
        chrome,
        code: String::new(),
        error: None,
    }
    .into_response())
}

/// The second step: a wrong code counts as a failed sign-in (throttled and audited).
pub async fn code(
    State(state): State<AppState>,
    Now(now): Now,
    ClientIp(ip): ClientIp,
    session: Session,
    chrome: Chrome,
    body: Bytes,
) -> AppResult<Response> {
    let form: CodeForm = parse_body(&body);
    let Some(member) = pending(&state, &session, now).await? else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    let account = member.email.to_lowercase();
    let refuse = |status: StatusCode, error: &'static str| {
        let page = CodePage {
            chrome: chrome.clone(),
            code: form.code.clone(),
            error: Some(error),
        };
        (status, page).into_response()
    };
    let Some(attempt) = db::throttle::reserve_login(&state.db, &account, &ip, now).await? else {
        return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, THROTTLED));
    };
    let ok = crate::web::second_factor::verify(&state, member.id, &form.code, now).await?;
    if !ok {
        crate::web::rgpd::audit_login(&state, None, &account, now).await?;
        tracing::info!(staff_id = member.id, "second factor refused");
        return Ok(refuse(StatusCode::OK, crate::web::second_factor::WRONG_CODE));
    }
    db::throttle::succeeded(&state.db, attempt).await?;
    let next = session
        .get::<String>(PENDING_NEXT_KEY)
        .await
        .map_err(internal)?
        .unwrap_or_else(|| safe_next(None));
    sign_in(&state, &session, &member, &safe_next(Some(&next)), now).await
}

pub async fn logout(session: Session) -> AppResult<Redirect> {
    session.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    Ok(Redirect::to("/connexion"))
}
