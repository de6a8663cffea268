//! The day's call sheet, to print: who to call, their number, when they prefer to be called,
//! and the questions of the check-in with boxes to tick on paper; sorted by commune, then by
//! that preference (mornings first), so that a round of calls follows the day.

use super::DeskQuery;
use super::desk::CommuneFilter;
use super::items::{CallItem, PairItem, agreement_item, call_item};
use super::{Team, chosen_team};
use crate::app::AppState;
use crate::db;
use crate::domain::call::{call_when_rank, is_due};
use crate::domain::dates::{day_in_france, end_of_day_ms, french_day};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentStaff;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};

/// More calls than this in one day: the sheet says so rather than growing without end.
const MAX_CALLS: u64 = 200;

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/calls.html")]
pub struct CallSheet {
    chrome: Chrome,
    team: Team,
    day: String,
    filter: CommuneFilter,
    base: String,
    calls: Vec<CallItem>,
    total: u64,
    /// People without e-mail to tell something (« À prévenir »), with what to say.
    to_tell: Vec<ToTell>,
    /// People without e-mail whose volunteer accepted: the team asks for their agreement.
    agreements: Vec<PairItem>,
    agreements_total: u64,
}

pub struct ToTell {
    name: String,
    phone: Option<String>,
    message: String,
    call_when: Option<String>,
}

pub async fn call_sheet(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Query(q): Query<DeskQuery>,
) -> AppResult<CallSheet> {
    let (_, team) = chosen_team(&state, &me, &q.equipe).await?.ok_or(AppError::Forbidden)?;
    let filter = CommuneFilter::read(&state, &q.commune).await?;
    let today = day_in_france(state.clock.now_ms());
    let scope = filter.scope(team.id);
    let until = end_of_day_ms(today);
    let snapshot = db::dashboard::Snapshot::open(&state.db).await?;
    let counts = db::dashboard::counts(&snapshot, &scope, until).await?;
    let total = u64::try_from(counts.calls).unwrap_or(0);
    let calls = db::dashboard::calls(&snapshot, &scope, until, 1, MAX_CALLS).await?;
    let agreements = db::dashboard::agreements(&snapshot, &scope, 1).await?;
    snapshot.close().await?;
    let now_ms = state.clock.now_ms();
    let mut to_tell = Vec::new();
    for alert in db::checkins::open_alerts(&state.db, &[team.id]).await? {
        if alert.kind != crate::domain::alert::AlertKind::ToTell || !is_due(alert.call_retry_at, until) {
            continue;
        }
        let person = match alert.person_id {
            Some(id) => db::people::by_id(&state.db, id).await?,
            None => None,
        };
        to_tell.push(ToTell {
            name: person.as_ref().map(|p| p.full_name()).unwrap_or_default(),
            call_when: person.as_ref().and_then(|p| p.profile.call_when.clone()),
            phone: person
                .and_then(|p| p.profile.phone)
                .as_deref()
                .map(crate::domain::profile::spaced_phone),
            message: alert.message,
        });
    }
    let mut calls: Vec<CallItem> = calls.into_iter().map(call_item).collect();
    calls.sort_by_cached_key(|c| (c.commune.clone(), call_when_rank(c.call_when.as_deref())));
    to_tell.sort_by_key(|t| call_when_rank(t.call_when.as_deref()));
    Ok(CallSheet {
        to_tell,
        agreements: agreements.into_iter().map(|r| agreement_item(r, now_ms)).collect(),
        agreements_total: u64::try_from(counts.agreements).unwrap_or(0),
        chrome,
        day: french_day(today),
        calls,
        total,
        base: filter.query(team.id),
        team,
        filter,
    })
}
