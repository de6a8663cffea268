//! The end-of-binôme feedback, from the e-mailed link: how it went, whether the person wants
//! another binôme (back on the waiting list) or a pause, and an optional word for the team.
//! The link acts on that binôme only, once, and signs nobody in (the browser keeps only the
//! outcome for the page after the redirect).

use crate::app::AppState;
use crate::db::{self, feedback::Feedback, pairings::Pairing, people::Person};
use crate::domain::link::Purpose;
use crate::domain::rgpd::is_erased_name;
use crate::secret::sha256_hex;
use crate::web::error::AppResult;
use crate::web::extract::Now;
use crate::web::flash;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

const COMMENT_MAX: usize = 1000;

#[derive(Template, WebTemplate)]
#[template(path = "pairings/feedback.html")]
pub struct FeedbackPage {
    chrome: Chrome,
    token: String,
    /// The other side's first name; None when the link no longer works.
    other: Option<String>,
    values: FeedbackForm,
    errors: FieldErrors,
    /// Set once recorded: whether they asked for another binôme.
    done: Option<bool>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct FeedbackForm {
    rating: String,
    another: String,
    comment: String,
}

/// The binôme and the person this link speaks for, while it works.
async fn of_link(state: &AppState, token: &str, now_ms: i64) -> AppResult<Option<(Pairing, Person, String)>> {
    let Some((person_id, Purpose::Feedback(pairing_id))) =
        db::people::peek_token(&state.db, &sha256_hex(token), now_ms).await?
    else {
        return Ok(None);
    };
    let Some(pairing) = db::pairings::pairing(&state.db, pairing_id).await? else {
        return Ok(None);
    };
    let other_id = if pairing.volunteer_id == person_id {
        pairing.beneficiary_id
    } else {
        pairing.volunteer_id
    };
    let (Some(person), Some(other)) = (
        db::people::by_id(&state.db, person_id).await?,
        db::people::by_id(&state.db, other_id).await?,
    ) else {
        return Ok(None);
    };
    // After an erasure the other side has no name left, and « Personne » is not one.
    let other = if is_erased_name(&other.profile.first_name, &other.profile.last_name) {
        "votre binôme".to_string()
    } else {
        other.profile.first_name
    };
    Ok(Some((pairing, person, other)))
}

fn page(chrome: Chrome, token: String, other: Option<String>) -> FeedbackPage {
    FeedbackPage {
        chrome,
        token,
        other,
        values: FeedbackForm::default(),
        errors: FieldErrors::default(),
        done: None,
    }
}

fn page_path(token: &str) -> String {
    format!("/fin/{token}")
}

const ANOTHER: &str = "une-autre";

pub async fn form(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
) -> AppResult<FeedbackPage> {
    if let Some(outcome) = flash::take_outcome(&session, &page_path(&token)).await? {
        return Ok(FeedbackPage {
            done: Some(outcome == ANOTHER),
            ..page(chrome, token, None)
        });
    }
    let found = of_link(&state, &token, state.clock.now_ms()).await?;
    Ok(page(chrome, token, found.map(|(_, _, other)| other)))
}

fn check(values: &FeedbackForm) -> Result<(bool, Option<String>), FieldErrors> {
    let mut errors = FieldErrors::default();
    if !["bien", "moyen", "pas_bien"].contains(&values.rating.as_str()) {
        errors.add("rating", "Choisissez une réponse : bien, moyen ou pas bien.");
    }
    let another = match values.another.as_str() {
        "oui" => Some(true),
        "non" => Some(false),
        _ => {
            errors.add("another", "Choisissez : oui, une autre personne, ou une pause.");
            None
        }
    };
    let comment = values.comment.trim();
    if comment.chars().count() > COMMENT_MAX {
        errors.add("comment", format!("Écrivez {COMMENT_MAX} caractères au plus."));
    } else if let Err(e) = crate::domain::text::free_text(comment, COMMENT_MAX) {
        errors.add("comment", e);
    }
    match another {
        Some(another) if errors.is_empty() => Ok((another, Some(comment.to_string()).filter(|c| !c.is_empty()))),
        _ => Err(errors),
    }
}

/// The answers are recorded, then the browser goes back to the link's page, which thanks
/// them: a refresh cannot post them again.
pub async fn submit(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let values: FeedbackForm = parse_body(&body);
    let Some((pairing, person, other)) = of_link(&state, &token, now_ms).await? else {
        return Ok(page(chrome, token, None).into_response());
    };
    let (wants_another, comment) = match check(&values) {
        Ok(answers) => answers,
        Err(errors) => {
            return Ok(FeedbackPage {
                values,
                errors,
                ..page(chrome, token, Some(other))
            }
            .into_response());
        }
    };
    let feedback = Feedback {
        person_id: person.id,
        rating: values.rating.clone(),
        wants_another,
        comment,
        created_at: now_ms,
    };
    let ready = super::pairing_end::ready_status(&person);
    if !db::feedback::record(&state.db, &sha256_hex(&token), pairing.id, &feedback, ready, now_ms).await? {
        return Ok(page(chrome, token, None).into_response());
    }
    let path = page_path(&token);
    flash::set_outcome(&session, &path, if wants_another { ANOTHER } else { "pause" }).await?;
    Ok(Redirect::to(&path).into_response())
}
