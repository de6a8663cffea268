//! Commune search: a plain form with a result list, and the JSON the autocomplete script reads.

use crate::app::AppState;
use crate::db::communes::Commune;
use crate::domain::commune::CommuneQuery;
use crate::web::error::AppResult;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "communes/search.html")]
pub struct SearchPage {
    chrome: Chrome,
    q: String,
    searched: bool,
    results: Vec<Commune>,
}

pub async fn search_page(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(query): Query<SearchQuery>,
) -> AppResult<SearchPage> {
    let parsed = CommuneQuery::parse(&query.q);
    let results = match &parsed {
        Some(q) => state.communes_index().await?.search(q, 30),
        None => Vec::new(),
    };
    Ok(SearchPage {
        chrome,
        searched: parsed.is_some(),
        q: query.q,
        results,
    })
}

#[derive(Serialize)]
pub struct Suggestion {
    code: String,
    label: String,
    postal_codes: Vec<String>,
}

/// The autocomplete's answers, kept as the bytes sent: the communes never change while the
/// service runs, and people type the same beginnings ("sa", "saint", "15"), so an answer is
/// written once and then only copied. Bounded: a visitor typing random text evicts old
/// answers, never grows the memory past about 5 MB.
#[derive(Clone)]
pub struct Answers(moka::sync::Cache<CommuneQuery, axum::body::Bytes>);

impl Default for Answers {
    fn default() -> Self {
        Self(moka::sync::Cache::new(5_000))
    }
}

pub async fn search_json(State(state): State<AppState>, Query(query): Query<SearchQuery>) -> AppResult<Response> {
    let Some(parsed) = CommuneQuery::parse(&query.q) else {
        return Ok(json(axum::body::Bytes::from_static(b"[]")));
    };
    if let Some(answer) = state.commune_answers.0.get(&parsed) {
        return Ok(json(answer));
    }
    let found = state.communes_index().await?.search(&parsed, 10);
    let suggestions: Vec<Suggestion> = found
        .into_iter()
        .map(|c| Suggestion {
            label: c.label(),
            code: c.insee_code,
            postal_codes: c.postal_codes,
        })
        .collect();
    let answer = axum::body::Bytes::from(serde_json::to_vec(&suggestions).map_err(anyhow::Error::from)?);
    state.commune_answers.0.insert(parsed, answer.clone());
    Ok(json(answer))
}

fn json(body: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
