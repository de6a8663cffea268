//! A team's desk: each list of the dashboard, one page at a time, filtered by commune.

use super::cache::DeskKey;
use super::items::{
    AlertItem, CallItem, PairItem, PersonItem, agreement_item, alert_item, call_item, pair, person_item, sent_detail,
};
use super::pager::{Pager, Section, page_number};
use super::waiting::{Waiting, reason};
use super::{DeskQuery, Team};
use crate::app::AppState;
use crate::db::dashboard::{self as desk, Scope};
use crate::db::staff::StaffMember;
use crate::domain::account::Role;
use crate::domain::dates::{day_in_france, end_of_day_ms};
use crate::web::commune_field::{Resolved, resolve};
use crate::web::error::AppResult;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use std::sync::Arc;

/// The commune filter as typed, what it resolved to, or why it did not.
#[derive(Default, Clone)]
pub struct CommuneFilter {
    pub typed: String,
    pub error: Option<&'static str>,
    /// "Mauriac (15)" for each commune the lists are restricted to.
    pub labels: Vec<String>,
    codes: Option<Vec<String>>,
}

impl CommuneFilter {
    pub async fn read(state: &AppState, typed: &str) -> AppResult<Self> {
        let mut filter = CommuneFilter {
            typed: typed.trim().to_string(),
            ..Default::default()
        };
        if filter.typed.is_empty() {
            return Ok(filter);
        }
        let found = match resolve(state, &filter.typed, "").await? {
            Resolved::One(c) => vec![c],
            Resolved::Several(list) => list,
            Resolved::Missing(message) => {
                filter.error = Some(message);
                return Ok(filter);
            }
        };
        filter.labels = found.iter().map(|c| c.label()).collect();
        filter.codes = Some(found.into_iter().map(|c| c.insee_code).collect());
        Ok(filter)
    }

    pub fn scope(&self, team_id: i32) -> Scope<'_> {
        Scope {
            team_id,
            communes: self.codes.as_deref(),
        }
    }

    /// `equipe=…&commune=…` for the links of the page.
    pub fn query(&self, team_id: i32) -> String {
        let mut q = format!("equipe={team_id}");
        if !self.typed.is_empty() {
            q.push_str("&commune=");
            q.extend(form_urlencoded::byte_serialize(self.typed.as_bytes()));
        }
        q
    }
}

/// The eight lists of a team's desk, as read at one team revision (what the cache keeps).
pub struct DeskLists {
    alerts: Section<AlertItem>,
    calls: Section<CallItem>,
    agreements: Section<PairItem>,
    suggestions: Section<PairItem>,
    sent: Section<PairItem>,
    waiting: Section<PersonItem>,
    pairings: Section<PairItem>,
    volunteers: Section<PersonItem>,
    /// Letters waiting to be printed (« Courriers à imprimer »).
    letters: u64,
    /// « X remplace Y jusqu'au … inclus. »: the team's coordinators away today and who covers
    /// them (an absence raises the team's revision; the day is part of the key).
    covers: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/desk.html")]
pub struct DeskPage {
    chrome: Chrome,
    name: String,
    admin: bool,
    teams: Vec<Team>,
    team: Team,
    filter: CommuneFilter,
    /// `equipe=…&commune=…`, for the call sheet link.
    base: String,
    lists: Arc<DeskLists>,
}

pub async fn page(
    state: &AppState,
    chrome: Chrome,
    me: &StaffMember,
    teams: Vec<Team>,
    team: Team,
    q: &DeskQuery,
) -> AppResult<DeskPage> {
    let filter = match state.desk_cache.filter(q.commune.trim()) {
        Some(filter) => filter,
        None => {
            let filter = CommuneFilter::read(state, &q.commune).await?;
            state.desk_cache.keep_filter(filter.clone());
            filter
        }
    };
    let key = DeskKey {
        team_id: team.id,
        commune: filter.typed.clone(),
        pages: [
            &q.alertes_page,
            &q.appels_page,
            &q.accords_page,
            &q.suggestions_page,
            &q.envoyees_page,
            &q.attente_page,
            &q.binomes_page,
            &q.benevoles_page,
        ]
        .map(|raw| page_number(raw)),
        today_end: end_of_day_ms(day_in_france(state.clock.now_ms())),
    };
    let revision = team.revision;
    let compute = async {
        state.metrics.desk_computed();
        read_lists(state, &filter, &key).await
    };
    let lists = state.desk_cache.lists(key.clone(), revision, compute).await?;
    Ok(DeskPage {
        chrome,
        name: me.name.clone(),
        admin: me.role == Role::Admin,
        teams,
        base: filter.query(team.id),
        team,
        filter,
        lists,
    })
}

/// Every list of the desk, one page each, in one reading of the database.
async fn read_lists(state: &AppState, filter: &CommuneFilter, key: &DeskKey) -> AppResult<DeskLists> {
    let now_ms = state.clock.now_ms();
    let scope = filter.scope(key.team_id);
    let base = filter.query(key.team_id);
    let r = desk::read(&state.db, &scope, key.today_end, now_ms, key.pages).await?;
    let counts = r.counts;
    // Each list's pager, on the page the reading shows.
    let pager = |param: &'static str, anchor: &'static str, page: u64, total: i64| Pager {
        path: "/tableau-de-bord",
        param,
        anchor,
        page,
        total: u64::try_from(total).unwrap_or(0),
        base: base.clone(),
    };
    let [
        alerts_page,
        calls_page,
        agreements_page,
        suggestions_page,
        sent_page,
        waiting_page,
        pairings_page,
        volunteers_page,
    ] = r.pages;

    let p = pager("alertes_page", "alertes", alerts_page, counts.alerts);
    let alerts = Section::new(r.alerts.into_iter().map(alert_item).collect(), p);

    let p = pager("appels_page", "appels", calls_page, counts.calls);
    let calls = Section::new(r.calls.into_iter().map(call_item).collect(), p);

    let p = pager("accords_page", "accords", agreements_page, counts.agreements);
    let agreements = Section::new(r.agreements.into_iter().map(|r| agreement_item(r, now_ms)).collect(), p);

    let p = pager("suggestions_page", "suggestions", suggestions_page, counts.suggestions);
    let suggestions = Section::new(
        r.suggestions
            .into_iter()
            .map(|s| {
                let score = format!("{:.0} points", s.score);
                pair(s, score, now_ms)
            })
            .collect(),
        p,
    );

    let p = pager("envoyees_page", "envoyees", sent_page, counts.sent);
    let sent = Section::new(
        r.sent
            .into_iter()
            .map(|r| {
                let detail = sent_detail(&r);
                pair(r, detail, now_ms)
            })
            .collect(),
        p,
    );

    let p = pager("attente_page", "attente", waiting_page, counts.waiting);
    let supply = r.supply;
    let items = r
        .waiting
        .into_iter()
        .map(|w| {
            let who = Waiting {
                commune: &w.place.commune,
                accepts_phone: w.formats.contains("phone"),
                suggested: w.suggested,
            };
            let why = reason(&who, &supply, &state.communes);
            person_item(w, why, now_ms)
        })
        .collect();
    let waiting = Section::new(items, p);

    let p = pager("binomes_page", "binomes", pairings_page, counts.under_way);
    let pairings = Section::new(
        r.under_way
            .into_iter()
            .map(|r| {
                let paused = r.state == crate::domain::pairing::State::Paused.code();
                pair(r, if paused { "en pause".into() } else { String::new() }, now_ms)
            })
            .collect(),
        p,
    );

    let p = pager("benevoles_page", "benevoles", volunteers_page, counts.to_approve);
    let volunteers = Section::new(
        r.to_approve
            .into_iter()
            .map(|v| person_item(v, String::new(), now_ms))
            .collect(),
        p,
    );

    Ok(DeskLists {
        alerts,
        calls,
        agreements,
        suggestions,
        sent,
        waiting,
        pairings,
        volunteers,
        letters: u64::try_from(counts.letters).unwrap_or(0),
        covers: covers(state, key.team_id, now_ms).await?,
    })
}

/// « X remplace Y jusqu'au … inclus. » for each coordinator of the team away today.
async fn covers(state: &AppState, team_id: i32, now_ms: i64) -> AppResult<Vec<String>> {
    Ok(
        crate::db::week::absence::covering_team(&state.db, team_id, day_in_france(now_ms))
            .await?
            .into_iter()
            .map(|a| {
                format!(
                    "{} remplace {} jusqu'au {} inclus.",
                    a.stand_in,
                    a.absent,
                    crate::domain::dates::french_day(a.to)
                )
            })
            .collect(),
    )
}
