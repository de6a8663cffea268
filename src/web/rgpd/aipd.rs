//! The data-protection impact assessment (AIPD) for the admin: a page to print, and the file
//! the CNIL's PIA tool imports. Both are built from the register of processing and its
//! retention setting, the same source as `/admin/registre`.

use super::pia;
use crate::app::AppState;
use crate::db;
use crate::domain::aipd::Assessment;
use crate::domain::dates::french_date;
use crate::domain::rgpd::paragraphs;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentAdmin, Now};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

async fn assessment(state: &AppState) -> AppResult<Assessment> {
    let register = db::rgpd::register(&state.db).await?;
    Ok(Assessment::new(&register, db::rgpd::retention_months(&state.db).await?))
}

#[derive(Template, WebTemplate)]
#[template(path = "rgpd/aipd.html")]
pub struct Page {
    controller: Vec<String>,
    a: Assessment,
    generated: String,
}

pub async fn page(State(state): State<AppState>, Now(now): Now, _: CurrentAdmin) -> AppResult<Page> {
    let a = assessment(&state).await?;
    Ok(Page {
        controller: paragraphs(&a.controller),
        a,
        generated: french_date(now),
    })
}

pub async fn json(State(state): State<AppState>, Now(now): Now, _: CurrentAdmin) -> AppResult<Response> {
    let file = pia::file(&assessment(&state).await?, now).map_err(|e| AppError::Internal(e.into()))?;
    let body = serde_json::to_string_pretty(&file).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"aipd-binome.json\""),
        ],
        body,
    )
        .into_response())
}
