//! Signing a materially new charter again, at the next visit.

use super::CurrentPerson;
use crate::app::AppState;
use crate::db::{
    self,
    charters::Charter,
    people::{NewConsent, Person},
};
use crate::domain::person::Kind;
use crate::web::error::AppResult;
use crate::web::flash;
use crate::web::form::parse_body;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// The newer material charter this person has not signed yet, if any.
pub(super) async fn charter_to_sign(state: &AppState, person: &Person) -> AppResult<Option<Charter>> {
    let Some(current) = db::charters::current_material(&state.db).await? else {
        return Ok(None);
    };
    let signed = db::people::consents(&state.db, person.id).await?;
    let all = db::charters::list(&state.db).await?;
    let signed_current = signed.iter().filter(|c| c.withdrawn_at.is_none()).any(|c| {
        all.iter()
            .find(|v| v.id == c.charter_id)
            .is_some_and(|v| v.version >= current.version)
    });
    Ok((!signed_current).then_some(current))
}

#[derive(Template, WebTemplate)]
#[template(path = "space/consent.html")]
pub struct ConsentPage {
    chrome: Chrome,
    charter: Charter,
    falc: bool,
    error: Option<&'static str>,
}

pub async fn consent_form(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentPerson(person): CurrentPerson,
) -> AppResult<Response> {
    match charter_to_sign(&state, &person).await? {
        Some(charter) => Ok(ConsentPage {
            chrome,
            charter,
            falc: person.kind == Kind::Beneficiary,
            error: None,
        }
        .into_response()),
        None => Ok(Redirect::to("/espace").into_response()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AcceptForm {
    charter_accepted: String,
}

pub async fn sign_consent(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    CurrentPerson(person): CurrentPerson,
    body: Bytes,
) -> AppResult<Response> {
    let Some(charter) = charter_to_sign(&state, &person).await? else {
        return Ok(Redirect::to("/espace").into_response());
    };
    let form: AcceptForm = parse_body(&body);
    if form.charter_accepted != "oui" {
        let error = Some("Cochez la case pour accepter la nouvelle charte, ou arrêtez si vous ne l'acceptez pas.");
        return Ok(ConsentPage {
            chrome,
            charter,
            falc: person.kind == Kind::Beneficiary,
            error,
        }
        .into_response());
    }
    let consent = NewConsent::online(&charter);
    db::people::add_consent(&state.db, person.id, &consent, state.clock.now_ms()).await?;
    flash::set(&session, "Merci. Votre accord avec la nouvelle charte est enregistré.").await?;
    Ok(Redirect::to("/espace").into_response())
}
