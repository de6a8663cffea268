//! The admin edits the matching weights; the defaults are those of the matching SPEC.

use crate::app::AppState;
use crate::db;
use crate::matching::Weights;
use crate::web::error::AppResult;
use crate::web::extract::CurrentAdmin;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

const FIELDS: [(&str, &str); 6] = [
    ("proximity", "Proximité"),
    ("availability", "Disponibilités communes"),
    ("interests", "Centres d'intérêt communs"),
    ("format", "Même façon de se voir préférée"),
    ("waiting", "Temps d'attente"),
    (
        "reciprocity",
        "Donnant-donnant : la personne aime partager ce que le ou la bénévole aimerait découvrir",
    ),
];

#[derive(Template, WebTemplate)]
#[template(path = "admin/weights.html")]
pub struct WeightsPage {
    chrome: Chrome,
    rows: Vec<(&'static str, &'static str, String)>,
    errors: FieldErrors,
    saved: bool,
}

fn rows(values: [String; 6]) -> Vec<(&'static str, &'static str, String)> {
    FIELDS
        .iter()
        .zip(values)
        .map(|((name, label), v)| (*name, *label, v))
        .collect()
}

pub async fn show(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin) -> AppResult<WeightsPage> {
    let d = Weights::default();
    let w = db::suggestions::weights(&state.db).await?.unwrap_or([
        d.proximity,
        d.availability,
        d.interests,
        d.format,
        d.waiting,
        d.reciprocity,
    ]);
    Ok(WeightsPage {
        chrome,
        rows: rows(w.map(|x| x.to_string())),
        errors: FieldErrors::default(),
        saved: false,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Form {
    proximity: String,
    availability: String,
    interests: String,
    format: String,
    waiting: String,
    reciprocity: String,
}

pub async fn save(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin, body: Bytes) -> AppResult<Response> {
    let f: Form = parse_body(&body);
    let typed = [
        f.proximity,
        f.availability,
        f.interests,
        f.format,
        f.waiting,
        f.reciprocity,
    ];
    let mut errors = FieldErrors::default();
    let mut parsed = [0.0; 6];
    for (i, ((name, _), raw)) in FIELDS.iter().zip(&typed).enumerate() {
        match raw.trim().replace(',', ".").parse::<f64>() {
            Ok(v) if (0.0..=100.0).contains(&v) => parsed[i] = v,
            _ => errors.add(name, "Indiquez un nombre entre 0 et 100."),
        }
    }
    if errors.is_empty() && parsed.iter().sum::<f64>() <= 0.0 {
        errors.add("proximity", "Au moins un poids doit être plus grand que 0.");
    }
    let saved = errors.is_empty();
    if saved {
        db::suggestions::set_weights(&state.db, parsed).await?;
    }
    Ok(WeightsPage {
        chrome,
        rows: rows(typed),
        errors,
        saved,
    }
    .into_response())
}
