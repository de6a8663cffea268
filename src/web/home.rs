//! The public home page. On a demo database it starts with what to try: the accounts and
//! what to look at.

use crate::app::AppState;
use crate::db;
use crate::web::error::AppResult;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    chrome: Chrome,
    /// (role, e-mail) of the demo accounts; empty outside a demo.
    demo_accounts: Vec<(String, String)>,
    demo_password: &'static str,
}

pub async fn show(State(state): State<AppState>, chrome: Chrome) -> AppResult<HomePage> {
    let demo_accounts = db::settings::get(&state.db, crate::demo::DEMO_ACCOUNTS_KEY)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    Ok(HomePage {
        chrome,
        demo_accounts,
        demo_password: crate::demo::PASSWORD,
    })
}
