//! Resolving what was typed in a commune field. Without JavaScript the user types a name,
//! a postal code or an INSEE code; when several communes match, the form is shown again with
//! the candidates to choose from.

use crate::app::AppState;
use crate::db::{self, communes::Commune};
use crate::domain::commune::{CommuneQuery, search_key};
use crate::web::error::AppResult;

pub enum Resolved {
    One(Commune),
    Several(Vec<Commune>),
    Missing(&'static str),
}

/// `code` is the candidate chosen among several (a radio button), `typed` the text field.
pub async fn resolve(state: &AppState, typed: &str, code: &str) -> AppResult<Resolved> {
    if !code.trim().is_empty()
        && let Some(c) = db::communes::by_code(&state.db, code.trim()).await?
    {
        return Ok(Resolved::One(c));
    }
    // "Mauriac (15)", as the autocomplete and the result lists write it.
    if let Some((name, dep)) = typed.trim().strip_suffix(')').and_then(|t| t.rsplit_once(" (")) {
        let key = search_key(name);
        let found = state
            .communes_index()
            .await?
            .search(&CommuneQuery::Name(key.clone()), 50);
        if let Some(c) = found
            .into_iter()
            .find(|c| c.departement == dep && search_key(&c.name) == key)
        {
            return Ok(Resolved::One(c));
        }
    }
    let Some(query) = CommuneQuery::parse(typed) else {
        return Ok(Resolved::Missing(
            "Indiquez la commune (nom, code postal ou code INSEE).",
        ));
    };
    let mut found = state.communes_index().await?.search(&query, 12);
    if let CommuneQuery::Name(key) = &query {
        let exact: Vec<Commune> = found.iter().filter(|c| &search_key(&c.name) == key).cloned().collect();
        if !exact.is_empty() {
            found = exact;
        }
    }
    Ok(match found.len() {
        0 => {
            Resolved::Missing("Nous ne trouvons pas cette commune. Vérifiez l'orthographe, ou indiquez le code postal.")
        }
        1 => Resolved::One(found.remove(0)),
        _ => Resolved::Several(found),
    })
}
