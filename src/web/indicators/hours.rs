//! « Temps donné par les bénévoles »: for this year and the last, how many volunteers logged
//! their time, their hours and their kilometres, by team and for all the reader's teams,
//! under the rule of small cells (`domain::volunteer_time::totals`).

use super::Scope;
use crate::app::AppState;
use crate::db;
use crate::domain::volunteer_time::LogMonth;
use crate::domain::volunteer_time::totals::{self, Line};
use crate::web::error::AppResult;

/// One line of the table, as the page and the CSV file show it.
pub struct TimeRow {
    pub territory: String,
    pub year: i32,
    pub volunteers: String,
    pub hours: String,
    pub km: String,
}

/// The lines the reader may see: each of their teams when they run several, then all of them
/// (only the selected team when they chose one).
pub async fn rows(state: &AppState, scope: &Scope) -> AppResult<Vec<TimeRow>> {
    let ids: Vec<i32> = scope.teams.iter().map(|t| t.id).collect();
    let years = totals::years(LogMonth::of(scope.now_ms).year);
    let read = (!scope.all_teams).then_some(ids.as_slice());
    let facts = db::volunteer_time::facts(&state.db, read, &years).await?;
    let everyone = if scope.all_teams {
        "Toutes les équipes".to_string()
    } else if scope.teams.len() == 1 {
        scope.teams[0].name.clone()
    } else {
        "Toutes mes équipes".to_string()
    };
    let wanted = |line: &Line| match (&scope.selected, line.team_id) {
        (None, _) => true,
        (Some(selected), Some(id)) => selected.id == id,
        (Some(_), None) => ids.len() == 1,
    };
    Ok(totals::lines(&facts, &ids, &years)
        .into_iter()
        .filter(wanted)
        .map(|line| TimeRow {
            territory: match line.team_id {
                Some(id) => scope
                    .teams
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                None => everyone.clone(),
            },
            year: line.year,
            volunteers: line.volunteers.text(),
            hours: line.hours.text(),
            km: line.km.text(),
        })
        .collect())
}
