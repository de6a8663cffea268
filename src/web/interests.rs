//! The interest catalogue, managed by the admin.

use crate::app::AppState;
use crate::db::{self, interests::Interest};
use crate::domain::commune::search_key;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentAdmin;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin/interests.html")]
pub struct InterestsPage {
    chrome: Chrome,
    interests: Vec<(Interest, bool)>,
    typed: String,
    errors: FieldErrors,
}

pub async fn list(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin) -> AppResult<InterestsPage> {
    let interests = db::interests::all(&state.db).await?;
    Ok(InterestsPage {
        chrome,
        interests,
        typed: String::new(),
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewInterest {
    label: String,
}

pub async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    _: CurrentAdmin,
    body: Bytes,
) -> AppResult<Response> {
    let form: NewInterest = parse_body(&body);
    let label = form.label.trim();
    let code = search_key(label).replace(' ', "-");
    let mut errors = FieldErrors::default();
    if code.is_empty() {
        errors.add("label", "Indiquez le nom du centre d'intérêt, par exemple « Pêche ».");
    } else if label.chars().count() > 60 {
        errors.add("label", "Ce nom est trop long (60 caractères au plus).");
    } else if let Err(e) = crate::domain::text::one_line(label, 60) {
        errors.add("label", e);
    } else {
        match db::interests::create(&state.db, &code, label).await {
            Ok(_) => {
                state.catalogue.forget();
                return Ok(Redirect::to("/admin/interets").into_response());
            }
            Err(e) if e.is_unique_violation() => errors.add("label", "Ce centre d'intérêt existe déjà."),
            Err(e) => return Err(e.into()),
        }
    }
    let interests = db::interests::all(&state.db).await?;
    Ok(InterestsPage {
        chrome,
        interests,
        typed: form.label,
        errors,
    }
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Toggle {
    offered: String,
}

pub async fn toggle(
    State(state): State<AppState>,
    _: CurrentAdmin,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Redirect> {
    let form: Toggle = parse_body(&body);
    if !db::interests::set_active(&state.db, id, form.offered == "oui").await? {
        return Err(AppError::NotFound);
    }
    state.catalogue.forget();
    Ok(Redirect::to("/admin/interets"))
}
