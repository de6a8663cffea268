//! « Personnes sans bénévole à portée », for the local social watch: the people waiting whom
//! no available volunteer of their team can reach (`matching::unmet` says who), by commune,
//! as a map of the territory and a table, the small cells hidden as in the indicators
//! (`domain::unmet`); the same table as a CSV file; and, from any commune, a recruiting poster
//! to print (`poster`). A coordinator sees their teams, an administrator every team; référents
//! see none of it.

mod map;
mod poster;

pub use poster::poster;

use crate::app::AppState;
use crate::db::{self, communes::Commune, teams::Team};
use crate::domain::access::Teams;
use crate::domain::commune::Centroid;
use crate::domain::indicators::Figure;
use crate::domain::unmet::{self, Waiting};
use crate::matching;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentCoordinator, Now};
use crate::web::indicators::{Choice, spreadsheet_safe};
use crate::web::live_cache;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use map::{Map, Place};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Filters {
    equipe: String,
}

/// The teams a reader may see, and the one they picked (none: all of them together).
struct Scope {
    teams: Vec<Team>,
    selected: Option<Team>,
    all_teams: bool,
}

impl Scope {
    fn of(CurrentCoordinator { me, teams }: CurrentCoordinator, filters: &Filters) -> AppResult<Scope> {
        let selected = match filters.equipe.trim() {
            "" => None,
            id => Some(
                teams
                    .iter()
                    .find(|t| id.parse() == Ok(t.id))
                    .cloned()
                    .ok_or(AppError::NotFound)?,
            ),
        };
        Ok(Scope {
            teams,
            selected,
            all_teams: me.reader().teams() == Some(Teams::All),
        })
    }

    /// Whether the reader may compare teams, and all of them together.
    fn several(&self) -> bool {
        self.all_teams || self.teams.len() > 1
    }

    fn everyone(&self) -> &'static str {
        if self.all_teams {
            "Toutes les équipes"
        } else {
            "Toutes mes équipes"
        }
    }

    fn name(&self) -> String {
        match &self.selected {
            Some(team) => team.name.clone(),
            None if self.teams.len() == 1 && !self.all_teams => self.teams[0].name.clone(),
            None => self.everyone().into(),
        }
    }

    /// The teams whose territory is shown.
    fn shown(&self) -> Vec<&Team> {
        match &self.selected {
            Some(team) => vec![team],
            None => self.teams.iter().collect(),
        }
    }

    fn choices(&self) -> Vec<Choice> {
        let selected = self.selected.as_ref().map(|t| t.id.to_string()).unwrap_or_default();
        let everyone = (String::new(), self.everyone().to_string());
        std::iter::once(everyone)
            .chain(self.teams.iter().map(|t| (t.id.to_string(), t.name.clone())))
            .map(|(value, label)| Choice {
                selected: value == selected,
                value,
                label,
            })
            .collect()
    }

    fn query(&self) -> String {
        self.selected
            .as_ref()
            .map(|t| format!("?equipe={}", t.id))
            .unwrap_or_default()
    }

    /// The table of the territory shown, hidden cells and all, and the communes it names.
    async fn table(&self, state: &AppState, now_ms: i64) -> AppResult<(unmet::Table, HashMap<String, Commune>)> {
        let people = out_of_reach(state, &self.teams, now_ms).await?;
        let ids: Vec<i32> = self.teams.iter().map(|t| t.id).collect();
        let unmet::Publication { teams, whole } = unmet::publish(&people, &ids, self.several(), now_ms);
        let table = match &self.selected {
            Some(team) if self.several() => teams
                .into_iter()
                .find(|(id, _)| *id == team.id)
                .map(|(_, table)| table)
                .ok_or(AppError::NotFound)?,
            _ => whole,
        };
        let codes: Vec<String> = table.lines.iter().map(|l| l.commune.clone()).collect();
        let communes = db::communes::by_codes(&state.db, &codes)
            .await?
            .into_iter()
            .map(|c| (c.insee_code.clone(), c))
            .collect();
        Ok((table, communes))
    }
}

/// The people of `teams` out of reach, from each team's live matching instance.
async fn out_of_reach(state: &AppState, teams: &[Team], now_ms: i64) -> AppResult<Vec<Waiting>> {
    let mut out = Vec::new();
    for team in teams {
        let live = live_cache::for_reading(state, team.id).await?;
        for b in matching::unmet::out_of_reach(&live.instance, &live.index) {
            let person = &live.beneficiaries[b as usize];
            out.push(Waiting {
                team: team.id,
                commune: person.profile.commune_code().to_string(),
                since_ms: person.waiting_since.unwrap_or(now_ms),
            });
        }
    }
    Ok(out)
}

/// One line of the table as the page and the file show it.
pub struct Row {
    pub code: String,
    pub name: String,
    /// « Ydes (15) ».
    pub label: String,
    pub departement: String,
    pub people: Figure,
    pub longest_wait: Figure,
    centroid: Option<Centroid>,
}

/// The lines by département, then by name: an order that says nothing of the counts.
fn rows(table: &unmet::Table, communes: &HashMap<String, Commune>) -> Vec<Row> {
    let mut rows: Vec<Row> = table
        .lines
        .iter()
        .map(|line| {
            let commune = communes.get(&line.commune);
            let name = commune.map_or_else(|| line.commune.clone(), |c| c.name.clone());
            Row {
                code: line.commune.clone(),
                label: commune.map_or_else(|| name.clone(), Commune::label),
                name,
                departement: commune.map(|c| c.departement.clone()).unwrap_or_default(),
                people: line.people,
                longest_wait: line.longest_wait,
                centroid: commune.and_then(|c| c.centroid),
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.departement, &a.name, &a.code).cmp(&(&b.departement, &b.name, &b.code)));
    rows
}

/// The centroids of every commune of these teams' territories.
fn territory(state: &AppState, teams: &[&Team]) -> Vec<Centroid> {
    state
        .communes
        .all()
        .iter()
        .filter(|c| {
            teams.iter().any(|t| {
                t.territory.departements.contains(&c.departement)
                    || t.territory.communes.iter().any(|code| code.as_str() == c.code)
            })
        })
        .filter_map(|c| c.centroid)
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "unmet/page.html")]
pub struct UnmetPage {
    chrome: Chrome,
    scope_name: String,
    several: bool,
    teams: Vec<Choice>,
    csv_link: String,
    rows: Vec<Row>,
    total: Figure,
    map: Map,
}

pub async fn page(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    coordinator: CurrentCoordinator,
    Query(filters): Query<Filters>,
) -> AppResult<UnmetPage> {
    let scope = Scope::of(coordinator, &filters)?;
    let (table, communes) = scope.table(&state, now_ms).await?;
    let rows = rows(&table, &communes);
    let places: Vec<Place> = rows
        .iter()
        .filter_map(|r| {
            Some(Place {
                name: r.label.clone(),
                centroid: r.centroid?,
                people: r.people,
            })
        })
        .collect();
    let map = map::draw(&territory(&state, &scope.shown()), &places);
    Ok(UnmetPage {
        chrome,
        scope_name: scope.name(),
        several: scope.several(),
        teams: scope.choices(),
        csv_link: format!("/besoins.csv{}", scope.query()),
        rows,
        total: table.total,
        map,
    })
}

/// The table of the page, one commune a line, then the total; « < 11 » and « masqué » where the
/// page says so. Semicolons and a byte-order mark, as spreadsheets set up for French expect.
pub async fn csv(
    State(state): State<AppState>,
    Now(now_ms): Now,
    coordinator: CurrentCoordinator,
    Query(filters): Query<Filters>,
) -> AppResult<impl IntoResponse> {
    let scope = Scope::of(coordinator, &filters)?;
    let (table, communes) = scope.table(&state, now_ms).await?;
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut write = |fields: [&str; 6]| {
        out.write_record(fields.map(spreadsheet_safe))
            .map_err(|e| AppError::Internal(e.into()))
    };
    let name = scope.name();
    write([
        "Périmètre",
        "Commune",
        "Code INSEE",
        "Département",
        "Personnes en attente sans bénévole à portée",
        "Attente la plus longue (jours)",
    ])?;
    for row in rows(&table, &communes) {
        let (people, wait) = (row.people.number(), row.longest_wait.number());
        write([&name, &row.name, &row.code, &row.departement, &people, &wait])?;
    }
    write([&name, "Total", "", "", &table.total.number(), ""])?;
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?;
    let day = chrono::DateTime::from_timestamp_millis(now_ms).map(|d| d.format("%Y-%m-%d").to_string());
    let disposition = format!(
        "attachment; filename=\"sans-benevole-a-portee-{}.csv\"",
        day.unwrap_or_default()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    ))
}
