//! « Temps donné par les bénévoles »: for this year and the last, how many volunteers logged
//! their time, their hours and their kilometres, for the team the reader chose or all their
//! teams, under the rule of small cells (`domain::volunteer_time::totals`).

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

/// The lines of the territory the page shows — the selected team, or all the reader's teams
/// together — one per year. The cells hidden are chosen over each team and their total, so
/// that a team's figures cannot be worked out from the total and the other teams' pages.
pub async fn rows(state: &AppState, scope: &Scope) -> AppResult<Vec<TimeRow>> {
    let ids: Vec<i32> = scope.teams.iter().map(|t| t.id).collect();
    let years = totals::years(LogMonth::of(scope.now_ms).year);
    let read = (!scope.all_teams).then_some(ids.as_slice());
    let facts = db::volunteer_time::facts(&state.db, read, &years).await?;
    let shown = |line: &Line| match (&scope.selected, line.team_id) {
        (None, None) => true,
        (Some(selected), Some(id)) => selected.id == id,
        (Some(_), None) => ids.len() == 1,
        (None, Some(_)) => false,
    };
    Ok(totals::lines(&facts, &ids, &years)
        .into_iter()
        .filter(shown)
        .map(|line| TimeRow {
            territory: scope.name(),
            year: line.year,
            volunteers: line.volunteers.text(),
            hours: line.hours.text(),
            km: line.km.text(),
        })
        .collect())
}
