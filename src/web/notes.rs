//! The team's notes on a person or a binôme: only staff who manage the person write them,
//! and a refused note comes back with what was typed.

use crate::app::AppState;
use crate::db;
use crate::web::error::AppResult;
use crate::web::extract::CurrentStaff;
use crate::web::flash;
use crate::web::form::parse_body;
use crate::web::page::Chrome;
use crate::web::timeline::Journal;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// Long enough for what organises a binôme; short enough not to become a file on someone.
pub const MAX_CHARS: usize = 1000;

#[derive(Deserialize, Default)]
#[serde(default)]
struct NoteForm {
    note_text: String,
}

/// The note to store, or why it is refused.
pub fn check(text: &str) -> Result<String, String> {
    let text = crate::domain::text::free_text(text, usize::MAX)?;
    let n = text.chars().count();
    if n == 0 {
        Err("Écrivez la note avant de l'enregistrer.".into())
    } else if n > MAX_CHARS {
        Err(format!(
            "La note est trop longue : {n} caractères, pour 1 000 au plus. Raccourcissez-la."
        ))
    } else {
        Ok(text)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/note_form.html")]
pub struct NotePage {
    chrome: Chrome,
    about: String,
    back: String,
    journal: Journal,
}

/// Stores the note and goes back to `back`, or shows the form again.
#[allow(clippy::too_many_arguments)]
async fn save(
    state: &AppState,
    chrome: Chrome,
    session: &Session,
    me: &db::staff::StaffMember,
    person_id: i32,
    pairing_id: Option<i32>,
    about: String,
    back: String,
    body: &[u8],
) -> AppResult<Response> {
    let form: NoteForm = parse_body(body);
    match check(&form.note_text) {
        Ok(text) => {
            db::notes::add(&state.db, person_id, pairing_id, me.id, &text, state.clock.now_ms()).await?;
            flash::set(session, "Note ajoutée à l'historique : seule l'équipe la lit.").await?;
            Ok(Redirect::to(&format!("{back}#historique")).into_response())
        }
        Err(error) => {
            let action = format!("{back}/notes");
            let journal = Journal::refused(action, form.note_text, error);
            Ok(NotePage {
                chrome,
                about,
                back,
                journal,
            }
            .into_response())
        }
    }
}

pub async fn on_person(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let person = db::access::managed_person(&state.db, &me.reader(), id).await??;
    let back = format!("/personnes/{id}");
    save(&state, chrome, &session, &me, id, None, person.full_name(), back, &body).await
}

pub async fn on_pairing(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let pairing = db::access::managed_pairing(&state.db, &me.reader(), id).await??;
    let back = format!("/binomes/{id}");
    let about = "le binôme".to_string();
    save(
        &state,
        chrome,
        &session,
        &me,
        pairing.beneficiary_id,
        Some(id),
        about,
        back,
        &body,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_short_and_not_empty() {
        assert_eq!(
            check("  Préfère être appelée le matin.  "),
            Ok("Préfère être appelée le matin.".into())
        );
        assert!(check("   ").is_err());
        assert!(
            check(&"é".repeat(MAX_CHARS)).is_ok(),
            "counted in characters, not bytes"
        );
        let too_long = check(&"a".repeat(MAX_CHARS + 1)).unwrap_err();
        assert!(too_long.contains("1001 caractères"), "{too_long}");
    }
}
