//! The audit log, read-only, for the admin: newest first, page by page, one person at a time
//! if asked.

use super::Line;
use crate::app::AppState;
use crate::db;
use crate::web::error::AppResult;
use crate::web::extract::CurrentAdmin;
use crate::web::form::FieldErrors;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

const PER_PAGE: u64 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "rgpd/journal.html")]
pub struct JournalPage {
    chrome: Chrome,
    person: String,
    errors: FieldErrors,
    lines: Vec<Line>,
    page: u64,
    more: bool,
}

impl JournalPage {
    /// The link to another page of the same list.
    pub fn link(&self, page: u64) -> String {
        let person = self.person.trim();
        if person.is_empty() || self.errors.get("personne").is_some() {
            format!("/admin/journal?page={page}")
        } else {
            format!("/admin/journal?personne={person}&page={page}")
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct JournalQuery {
    personne: String,
    page: String,
}

pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    _: CurrentAdmin,
    Query(q): Query<JournalQuery>,
) -> AppResult<JournalPage> {
    let mut errors = FieldErrors::default();
    let person = match q.personne.trim() {
        "" => None,
        raw => errors.check(
            "personne",
            raw.parse::<i32>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or("Indiquez le numéro de la personne (des chiffres, par exemple 12), ou laissez vide."),
        ),
    };
    let page = crate::web::form::page_number(&q.page);
    let (entries, more) = db::audit::list(&state.db, person, page, PER_PAGE).await?;
    Ok(JournalPage {
        chrome,
        person: q.personne,
        errors,
        lines: entries.into_iter().map(Line::from).collect(),
        page,
        more,
    })
}
