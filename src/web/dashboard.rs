//! The staff home: what each role has to look at.

use crate::app::AppState;
use crate::db::{self, teams::Team};
use crate::domain::account::Role;
use crate::error::AppResult;
use crate::web::extract::CurrentStaff;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    chrome: Chrome,
    name: String,
    role: Role,
    organisation: Option<String>,
    teams: Vec<Team>,
}

pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
) -> AppResult<DashboardPage> {
    let teams = match me.role {
        Role::Admin => db::teams::list(&state.db).await?,
        _ => db::teams::by_ids(&state.db, &me.team_ids).await?,
    };
    Ok(DashboardPage {
        chrome,
        name: me.name,
        role: me.role,
        organisation: me.organisation,
        teams,
    })
}
