//! The staff home: what each role has to look at.

use crate::app::AppState;
use crate::db::{self, teams::Team};
use crate::domain::account::Role;
use crate::domain::person::Status;
use crate::epoch_ms;
use crate::error::AppResult;
use crate::web::extract::CurrentStaff;
use crate::web::page::Chrome;
use crate::web::people::scope_of;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use chrono::Utc;

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    chrome: Chrome,
    name: String,
    role: Role,
    organisation: Option<String>,
    teams: Vec<Team>,
    /// Volunteers to validate, people waiting, longest wait in days.
    counts: (usize, usize, Option<i64>),
    /// Open alerts of the coordinator's teams, oldest first.
    alerts: Vec<db::checkins::Alert>,
    /// Check-ins to do by phone today: (check-in, the person).
    calls: Vec<(db::checkins::Checkin, db::people::Person)>,
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
    let pending = db::people::list(&state.db, scope_of(&me), None, &[Status::ToValidate, Status::Waiting]).await?;
    let to_validate = pending.iter().filter(|p| p.status == Status::ToValidate).count();
    let waiting: Vec<_> = pending.iter().filter(|p| p.status == Status::Waiting).collect();
    let now_ms = epoch_ms(Utc::now());
    let longest = waiting
        .iter()
        .filter_map(|p| p.waiting_since)
        .min()
        .map(|since| (now_ms - since) / 86_400_000);
    let counts = (to_validate, waiting.len(), longest);
    let alerts = match me.role {
        Role::Referent => Vec::new(),
        _ => db::checkins::open_alerts(&state.db, &teams.iter().map(|t| t.id).collect::<Vec<_>>()).await?,
    };
    let calls = match me.role {
        Role::Referent => Vec::new(),
        _ => db::checkins::call_tasks(&state.db, &teams.iter().map(|t| t.id).collect::<Vec<_>>(), now_ms).await?,
    };
    Ok(DashboardPage {
        chrome,
        name: me.name,
        role: me.role,
        organisation: me.organisation,
        teams,
        counts,
        alerts,
        calls,
    })
}

/// Closes an alert of one of the coordinator's teams (after the call).
pub async fn close_alert(
    State(state): State<AppState>,
    CurrentStaff(me): CurrentStaff,
    axum::extract::Path(id): axum::extract::Path<i32>,
) -> AppResult<axum::response::Redirect> {
    let teams = match me.role {
        Role::Admin => db::teams::list(&state.db).await?.into_iter().map(|t| t.id).collect(),
        Role::Coordinator => me.team_ids.clone(),
        Role::Referent => return Err(crate::error::AppError::Forbidden),
    };
    let by = format!("{} ({})", me.name, me.role.label());
    if !db::checkins::close_alert(&state.db, id, &teams, &by, epoch_ms(Utc::now())).await? {
        return Err(crate::error::AppError::NotFound);
    }
    Ok(axum::response::Redirect::to("/tableau-de-bord"))
}
