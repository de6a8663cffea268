//! The staff home. Coordinators and admins get a team's desk (alerts, calls, proposals,
//! waiting list, binômes under way, volunteers to approve); référents a short view of the
//! people they signed up.

mod cache;
mod calls;
mod checkin_state;
mod desk;
mod items;
mod next_checkin;
pub mod pager;
mod waiting;

pub use cache::DeskCache;
pub use calls::call_sheet;
pub use next_checkin::words as next_checkin_words;

use crate::app::AppState;
use crate::db::{self, staff::StaffMember};
use crate::domain::account::Role;
use crate::domain::person::Status;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentCoordinator, CurrentStaff};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The dashboard's query string: every value a string, so that no address gives an error page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeskQuery {
    equipe: String,
    commune: String,
    alertes_page: String,
    appels_page: String,
    accords_page: String,
    suggestions_page: String,
    envoyees_page: String,
    attente_page: String,
    binomes_page: String,
    benevoles_page: String,
}

/// A team as the desk names it, with its revision as read with the name.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: i32,
    pub name: String,
    pub revision: i64,
}

/// The teams a coordinator or an admin works for, and the one the page shows: the team asked
/// for (403 if it is not theirs), else the first. None for a référent.
async fn chosen_team(state: &AppState, me: &StaffMember, asked: &str) -> AppResult<Option<(Vec<Team>, Team)>> {
    let Some(run) = me.reader().teams() else {
        return Ok(None);
    };
    let teams: Vec<Team> = db::dashboard::teams_and_revisions(&state.db, run.ids())
        .await?
        .into_iter()
        .map(|(id, name, revision)| Team { id, name, revision })
        .collect();
    let team = match asked.trim().parse::<i32>() {
        Ok(id) => teams.iter().find(|t| t.id == id).cloned().ok_or(AppError::Forbidden)?,
        Err(_) => match teams.first() {
            Some(t) => t.clone(),
            None => return Ok(None),
        },
    };
    Ok(Some((teams, team)))
}

pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Query(q): Query<DeskQuery>,
) -> AppResult<Response> {
    match chosen_team(&state, &me, &q.equipe).await? {
        Some((teams, team)) => Ok(desk::page(&state, chrome, &me, teams, team, &q).await?.into_response()),
        None => Ok(home(&state, chrome, me).await?.into_response()),
    }
}

/// A référent's home, or that of a coordinator or an admin without any team yet.
#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct HomePage {
    chrome: Chrome,
    name: String,
    role: Role,
    organisation: Option<String>,
    /// People waiting for a binôme, longest wait in days.
    waiting: (usize, Option<i64>),
}

async fn home(state: &AppState, chrome: Chrome, me: StaffMember) -> AppResult<HomePage> {
    let scope = me.reader().people();
    let waiting = db::people::list(&state.db, scope, None, &[Status::Waiting]).await?;
    let now_ms = state.clock.now_ms();
    let longest = waiting
        .iter()
        .filter_map(|p| p.waiting_since)
        .min()
        .map(|since| crate::domain::duration::whole_days_between(since, now_ms));
    Ok(HomePage {
        chrome,
        waiting: (waiting.len(), longest),
        name: me.name,
        role: me.role,
        organisation: me.organisation,
    })
}

/// Closes an alert of one of the coordinator's teams (after the call), back to that team's desk.
pub async fn close_alert(
    State(state): State<AppState>,
    CurrentCoordinator { me, teams }: CurrentCoordinator,
    session: tower_sessions::Session,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    let teams: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let by = format!("{} ({})", me.name, me.role.label());
    let team = db::dashboard::alert_team(&state.db, id).await?;
    let was_a_call = db::checkins::alert(&state.db, id)
        .await?
        .is_some_and(|(_, a)| a.kind == crate::domain::alert::AlertKind::ToTell);
    if !db::checkins::close_alert(&state.db, id, &teams, &by, state.clock.now_ms()).await? {
        return Err(AppError::NotFound);
    }
    let message = if was_a_call {
        "Appel noté : la personne est prévenue. Il reste dans l'historique du binôme."
    } else {
        "Alerte traitée : elle quitte le tableau de bord et reste dans l'historique."
    };
    crate::web::flash::set(&session, message).await?;
    Ok(Redirect::to(&match team {
        Some(team) => format!("/tableau-de-bord?equipe={team}#alertes"),
        None => "/tableau-de-bord#alertes".into(),
    }))
}
