//! The volunteer answers a proposal from the e-mailed link: it acts on that proposal only,
//! opens no session, and shows no address or phone number before both agree.

use crate::app::AppState;
use crate::db;
use crate::db::pairings::{Notices, Pairing};
use crate::domain::link::Purpose;
use crate::domain::pairing::{Action, Plan, State as PairingState};
use crate::domain::reciprocity;
use crate::secret::sha256_hex;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::Now;
use crate::web::flash;
use crate::web::form::parse_body;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "proposals/answer.html")]
pub struct AnswerPage {
    chrome: Chrome,
    token: String,
    /// None when the link no longer works, or was just used (then the message says how).
    details: Option<Details>,
}

pub struct Details {
    first_name: String,
    commune: String,
    reasons: Vec<String>,
}

/// The pairing this link may act on, if the link is still valid.
async fn pairing_of_link(state: &AppState, token: &str, now_ms: i64) -> AppResult<Option<Pairing>> {
    let Some((volunteer_id, Purpose::Proposal(id))) =
        db::people::peek_token(&state.db, &sha256_hex(token), now_ms).await?
    else {
        return Ok(None);
    };
    let pairing = db::pairings::pairing(&state.db, id).await?;
    Ok(pairing.filter(|p| p.volunteer_id == volunteer_id && p.state == PairingState::Proposed))
}

pub async fn show(State(state): State<AppState>, chrome: Chrome, Path(token): Path<String>) -> AppResult<AnswerPage> {
    let Some(pairing) = pairing_of_link(&state, &token, state.clock.now_ms()).await? else {
        return Ok(AnswerPage {
            chrome,
            token,
            details: None,
        });
    };
    let person = db::people::by_id(&state.db, pairing.beneficiary_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reasons = db::suggestions::reasons(&state.db, &pairing).await?;
    let details = Details {
        commune: db::communes::label_of(&state.db, person.profile.commune_code()).await?,
        reasons: reciprocity::reasons_for_volunteer(reasons, &person.profile),
        first_name: person.profile.first_name,
    };
    Ok(AnswerPage {
        chrome,
        token,
        details: Some(details),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Answer {
    answer: String,
    reason: String,
}

const ACCEPTED: &str = "Merci d'avoir accepté ! L'équipe va appeler la personne pour recueillir son accord. \
    Dès que vous serez d'accord tous les deux, vous recevrez ses coordonnées \
    et l'équipe vous proposera une première rencontre dans un lieu public.";
const DECLINED: &str = "C'est noté, merci d'avoir répondu. Cette proposition est retirée. \
    L'équipe pourra vous faire une autre proposition plus tard.";

/// The answer is recorded, then the browser goes back to the link's page, which says what
/// happened: posting again from there cannot answer twice.
pub async fn answer(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let form: Answer = parse_body(&body);
    let action = match form.answer.as_str() {
        "accept" => Action::Accept,
        "decline" => Action::Decline,
        _ => return Ok(show(State(state), chrome, Path(token)).await?.into_response()),
    };
    let Some(pairing) = pairing_of_link(&state, &token, now_ms).await? else {
        let page = AnswerPage {
            chrome,
            token,
            details: None,
        };
        return Ok(page.into_response());
    };
    let used = db::people::consume_token(&state.db, &sha256_hex(&token), Purpose::Proposal(pairing.id), now_ms).await?;
    let note = Some(form.reason.trim().chars().take(500).collect::<String>()).filter(|r| !r.is_empty());
    let plan = Plan::step(pairing.binome(), action, "le ou la bénévole", note, now_ms)
        .filter(|_| used.is_some())
        .ok_or(AppError::NotFound)?;
    let to = plan.to();
    // Accepted: a person with an e-mail address is asked by link too (the team may still call).
    let mut notices = Notices::default();
    if to == PairingState::Accepted {
        let person = db::people::by_id(&state.db, pairing.beneficiary_id).await?;
        let volunteer = db::people::by_id(&state.db, pairing.volunteer_id).await?;
        if let (Some(person), Some(volunteer)) = (person, volunteer) {
            super::agreement::request(&state, &pairing, &person, &volunteer, &mut notices, now_ms)?;
        }
    }
    db::pairings::write(&state.db, &plan, &notices, now_ms).await?;
    tracing::info!(pairing_id = pairing.id, state = to.code(), "volunteer answered");
    let said = if to == PairingState::Accepted {
        ACCEPTED
    } else {
        DECLINED
    };
    flash::set(&session, said).await?;
    Ok(Redirect::to(&format!("/proposition/{token}")).into_response())
}
