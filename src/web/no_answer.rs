//! « Pas de réponse »: a call task the coordinator could not get through to comes back in two
//! days; the third time, it becomes an alert « 3 appels sans réponse » (`domain::call`).

use crate::app::AppState;
use crate::db::{self, checkins::NewAlert};
use crate::domain::alert::AlertKind;
use crate::domain::call::{NoAnswer, gave_up_message, no_answer};
use crate::domain::dates::french_date;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentCoordinator, CurrentStaff, Now};
use crate::web::flash;
use axum::extract::{Path, State};
use axum::response::Redirect;
use tower_sessions::Session;

fn said(outcome: NoAnswer, name: &str) -> String {
    match outcome {
        NoAnswer::Retry { attempts, at } => format!(
            "Pas de réponse de {name} ({attempts} appel(s)) : l'appel revient sur le tableau de bord le {}.",
            french_date(at)
        ),
        NoAnswer::GiveUp { attempts } => {
            format!("{attempts} appels sans réponse de {name} : une alerte est ouverte sur le tableau de bord.")
        }
    }
}

async fn name_of(state: &AppState, person_id: Option<i32>) -> AppResult<String> {
    Ok(match person_id {
        Some(id) => db::people::by_id(&state.db, id).await?.map(|p| p.full_name()),
        None => None,
    }
    .unwrap_or_default())
}

/// « Pas de réponse » on an « À prévenir » call task of one of the coordinator's teams.
pub async fn alert(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentCoordinator { me, teams }: CurrentCoordinator,
    session: Session,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    let teams: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let (team_id, task) = db::checkins::alert(&state.db, id)
        .await?
        .filter(|(team, _)| teams.contains(team))
        .ok_or(AppError::NotFound)?;
    let back = Redirect::to(&format!("/tableau-de-bord?equipe={team_id}#alertes"));
    // Only a call task « À prévenir » is called again; any other alert is left as it is.
    if task.kind != AlertKind::ToTell {
        return Ok(back);
    }
    let name = name_of(&state, task.person_id).await?;
    let outcome = no_answer(task.call_attempts, now_ms);
    let give_up = NewAlert {
        team_id,
        pairing_id: task.pairing_id,
        person_id: task.person_id,
        kind: AlertKind::NoAnswer,
        message: gave_up_message(&name, &task.message),
    };
    let by = format!("{} ({}) : 3 appels sans réponse", me.name, me.role.label());
    let counted = db::checkins::alert_not_answered(&state.db, id, &teams, outcome, &give_up, &by, now_ms).await?;
    if counted {
        flash::set(&session, said(outcome, &name)).await?;
    }
    Ok(back)
}

/// « Pas de réponse » on a check-in to answer by phone.
pub async fn checkin(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentStaff(me): CurrentStaff,
    session: Session,
    Path((pairing_id, checkin_id)): Path<(i32, i32)>,
) -> AppResult<Redirect> {
    let c = super::checkins::call_task(&state, &me, pairing_id, checkin_id).await?;
    let pairing = db::pairings::pairing(&state.db, pairing_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = name_of(&state, Some(c.person_id)).await?;
    let outcome = no_answer(c.call_attempts, now_ms);
    let give_up = NewAlert {
        team_id: pairing.team_id,
        pairing_id: Some(pairing_id),
        person_id: Some(c.person_id),
        kind: AlertKind::NoAnswer,
        message: gave_up_message(&name, &format!("Point de suivi n° {} à faire par téléphone.", c.number)),
    };
    if db::checkins::checkin_not_answered(&state.db, c.id, outcome, &give_up, now_ms).await? {
        flash::set(&session, said(outcome, &name)).await?;
    }
    Ok(Redirect::to(&format!(
        "/tableau-de-bord?equipe={}#appels",
        pairing.team_id
    )))
}
