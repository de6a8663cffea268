//! Stopping from one's own space: what ends with it is said before she confirms, and the
//! answer comes after a redirect, once the session is closed.

use super::pairings::{OwnPairing, own_pairings};
use super::{CurrentPerson, session_error};
use crate::app::AppState;
use crate::db;
use crate::domain::person::Kind;
use crate::web::error::AppResult;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// Set in the fresh session after stopping: the next page says it is done (true: easy to read).
const LEFT_KEY: &str = "left_falc";

#[derive(Template, WebTemplate)]
#[template(path = "space/leave.html")]
pub struct LeavePage {
    chrome: Chrome,
    falc: bool,
    done: bool,
    pairings: Vec<OwnPairing>,
}

pub async fn leave_form(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    person: Result<CurrentPerson, Response>,
) -> AppResult<Response> {
    let left: Option<bool> = session.remove(LEFT_KEY).await.map_err(session_error)?;
    if let Some(falc) = left {
        let page = LeavePage {
            chrome,
            falc,
            done: true,
            pairings: Vec::new(),
        };
        return Ok(page.into_response());
    }
    let person = match person {
        Ok(CurrentPerson(person)) => person,
        Err(to_sign_in) => return Ok(to_sign_in),
    };
    Ok(LeavePage {
        chrome,
        falc: person.kind == Kind::Beneficiary,
        done: false,
        pairings: own_pairings(&state, &person).await?,
    }
    .into_response())
}

pub async fn leave(
    State(state): State<AppState>,
    session: Session,
    CurrentPerson(person): CurrentPerson,
) -> AppResult<Redirect> {
    let notices = crate::web::people::withdrawal_notices(&state, &person).await?;
    // The timeline names who stopped, and how.
    let role = match person.kind {
        Kind::Volunteer => "bénévole",
        Kind::Beneficiary => "personne accompagnée",
    };
    let by = format!("{}, {role}, depuis son espace", person.full_name());
    db::people::withdraw(
        &state.db,
        person.id,
        &by,
        db::people::Farewells {
            emails: &notices.emails,
            calls: &notices.calls,
            sms: &notices.sms,
        },
        &[],
        state.clock.now_ms(),
    )
    .await?;
    session.flush().await.map_err(session_error)?;
    session
        .insert(LEFT_KEY, person.kind == Kind::Beneficiary)
        .await
        .map_err(session_error)?;
    tracing::info!(person_id = person.id, "withdrawal by the person");
    Ok(Redirect::to("/espace/arreter"))
}
