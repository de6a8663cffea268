//! Commune search: a plain form with a result list, and the JSON the autocomplete script reads.

use crate::app::AppState;
use crate::db::communes::Commune;
use crate::domain::commune::CommuneQuery;
use crate::web::error::AppResult;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Query, State};
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

pub async fn search_json(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> AppResult<Json<Vec<Suggestion>>> {
    let Some(parsed) = CommuneQuery::parse(&query.q) else {
        return Ok(Json(Vec::new()));
    };
    let found = state.communes_index().await?.search(&parsed, 10);
    Ok(Json(
        found
            .into_iter()
            .map(|c| Suggestion {
                label: c.label(),
                code: c.insee_code,
                postal_codes: c.postal_codes,
            })
            .collect(),
    ))
}
