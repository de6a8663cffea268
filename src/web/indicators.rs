//! "Indicateurs": anonymous figures by month for a coordinator's teams (or, for an admin,
//! every team), one team or all of them together, as charts with their tables and as a CSV
//! file. Référents see no indicators.

mod chart;
mod hours;
mod panels;
mod view;

use crate::app::AppState;
use crate::db::{self, teams::Team};
use crate::domain::access::Teams;
use crate::domain::indicators::Month;
use crate::domain::indicators::facts::Facts;
use crate::domain::indicators::published::{self, Hidden};
use crate::domain::indicators::report::{Report, report};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentCoordinator, Now};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use panels::{Panel, Table, key_table, panels, period_label};
use serde::Deserialize;
use view::View;

/// The periods offered, in months; the first figure is the default.
const PERIODS: [u32; 3] = [12, 6, 24];

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Filters {
    equipe: String,
    periode: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// What a reader asked for, within what they may see.
struct Scope {
    /// The teams the reader may see.
    teams: Vec<Team>,
    selected: Option<Team>,
    months: Vec<Month>,
    all_teams: bool,
    now_ms: i64,
}

impl Scope {
    fn of(CurrentCoordinator { me, teams }: CurrentCoordinator, filters: &Filters, now_ms: i64) -> AppResult<Scope> {
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
        let period = filters
            .periode
            .trim()
            .parse()
            .ok()
            .filter(|p| PERIODS.contains(p))
            .unwrap_or(PERIODS[0]);
        Ok(Scope {
            teams,
            selected,
            months: Month::last(period, now_ms),
            all_teams: me.reader().teams() == Some(Teams::All),
            now_ms,
        })
    }

    fn name(&self) -> String {
        match (&self.selected, self.all_teams) {
            (Some(team), _) => team.name.clone(),
            (None, true) => "Toutes les équipes".into(),
            (None, false) if self.teams.len() == 1 => self.teams[0].name.clone(),
            (None, false) => "Toutes mes équipes".into(),
        }
    }

    /// Whether the reader may compare teams, and all of them together.
    fn several(&self) -> bool {
        self.all_teams || self.teams.len() > 1
    }

    /// The months of each period offered.
    fn periods(&self) -> Vec<Vec<Month>> {
        PERIODS.iter().map(|p| Month::last(*p, self.now_ms)).collect()
    }

    /// The facts of every team the reader may see, over the longest period, read once for
    /// every figure of the page.
    async fn facts(&self, state: &AppState) -> AppResult<Facts> {
        let ids: Vec<i32> = self.teams.iter().map(|t| t.id).collect();
        let teams = (!self.all_teams).then_some(ids.as_slice());
        let periods = self.periods();
        let since = periods.iter().flatten().map(|m| m.start_ms()).min().unwrap_or(0);
        Ok(db::indicators::facts(&state.db, teams, since).await?)
    }

    /// Every report the reader may ask for — each team when they may compare them, then all
    /// of them, over each period — and the cells hidden across all of them, so that a cell
    /// hidden on one page cannot be worked out from another.
    fn publication(&self, facts: &Facts) -> Publication {
        let periods = self.periods();
        let reports = |facts: &Facts| -> Vec<Report> {
            periods
                .iter()
                .map(|months| report(facts, months, self.now_ms))
                .collect()
        };
        let teams: Vec<Vec<Report>> = if self.several() {
            self.teams.iter().map(|t| reports(&facts.of_team(t.id))).collect()
        } else {
            Vec::new()
        };
        let whole = reports(facts);
        let hidden = published::hidden(&teams, &whole);
        Publication { teams, whole, hidden }
    }

    /// The territories to show, as (name, view): the selected team, or each team when there
    /// are several then all of them.
    fn shown<'a>(&self, publication: &'a Publication) -> Vec<(String, View<'a>)> {
        let period = PERIODS
            .iter()
            .position(|p| *p as usize == self.months.len())
            .unwrap_or(0);
        let view = |territory: usize, reports: &'a [Report]| {
            reports.get(period).map(|report| View {
                report,
                territory,
                hidden: &publication.hidden,
            })
        };
        let wanted = |team: &Team| match &self.selected {
            Some(selected) => selected.id == team.id,
            None => self.teams.len() > 1,
        };
        let mut shown: Vec<(String, View<'a>)> = (self.teams.iter().zip(&publication.teams).enumerate())
            .filter(|(_, (team, _))| wanted(team))
            .filter_map(|(i, (team, reports))| Some((team.name.clone(), view(i, reports)?)))
            .collect();
        if shown.is_empty() || self.selected.is_none() {
            let whole = view(publication.teams.len(), &publication.whole);
            shown.extend(whole.map(|v| (self.name(), v)));
        }
        shown
    }

    fn query(&self) -> String {
        let team = self.selected.as_ref().map(|t| t.id.to_string()).unwrap_or_default();
        format!("equipe={team}&periode={}", self.months.len())
    }
}

/// Each team's reports (when the reader may compare teams) and all of them together, one per
/// period of `PERIODS`, with the cells hidden.
struct Publication {
    teams: Vec<Vec<Report>>,
    whole: Vec<Report>,
    hidden: Hidden,
}

#[derive(Template, WebTemplate)]
#[template(path = "indicators/page.html")]
pub struct IndicatorsPage {
    chrome: Chrome,
    scope_name: String,
    period: String,
    teams: Vec<Choice>,
    periods: Vec<Choice>,
    csv_link: String,
    key_figures: Table,
    panels: Vec<Panel>,
    /// SMS segments sent per month (what the operator bills), oldest first; empty when none.
    sms_segments: Vec<(String, i64)>,
    /// The time volunteers gave, this year and the last.
    volunteer_time: Vec<hours::TimeRow>,
}

/// SMS segments sent by these teams in each month: a cost, no personal data.
async fn sms_segments(state: &AppState, team_ids: &[i32], months: &[Month]) -> AppResult<Vec<(String, i64)>> {
    let Some(first) = months.first() else {
        return Ok(Vec::new());
    };
    let sent = db::sms::segments_sent(&state.db, team_ids, first.start_ms()).await?;
    if sent.is_empty() {
        return Ok(Vec::new());
    }
    Ok(months
        .iter()
        .map(|m| {
            let n = sent
                .iter()
                .filter(|(_, at, _)| m.contains(*at))
                .map(|(_, _, segments)| i64::from(*segments))
                .sum();
            (m.label(), n)
        })
        .collect())
}

pub async fn page(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    coordinator: CurrentCoordinator,
    Query(filters): Query<Filters>,
) -> AppResult<IndicatorsPage> {
    let scope = Scope::of(coordinator, &filters, now_ms)?;
    let publication = scope.publication(&scope.facts(&state).await?);
    let shown = scope.shown(&publication);
    let whole = shown.last().map(|(_, v)| panels(*v)).unwrap_or_default();
    let everyone = if scope.all_teams {
        "Toutes les équipes"
    } else {
        "Toutes mes équipes"
    };
    let teams = scope
        .several()
        .then(|| (String::new(), everyone.to_string()))
        .into_iter()
        .chain(scope.teams.iter().map(|t| (t.id.to_string(), t.name.clone())))
        .map(|(value, label)| Choice {
            selected: value == scope.selected.as_ref().map(|t| t.id.to_string()).unwrap_or_default(),
            value,
            label,
        })
        .collect();
    let periods = PERIODS
        .iter()
        .map(|p| Choice {
            value: p.to_string(),
            label: format!("{p} derniers mois"),
            selected: *p as usize == scope.months.len(),
        })
        .collect();
    let team_ids: Vec<i32> = match &scope.selected {
        Some(team) => vec![team.id],
        None => scope.teams.iter().map(|t| t.id).collect(),
    };
    let sms_segments = sms_segments(&state, &team_ids, &scope.months).await?;
    let volunteer_time = hours::rows(&state, &scope).await?;
    Ok(IndicatorsPage {
        sms_segments,
        volunteer_time,
        chrome,
        scope_name: scope.name(),
        period: period_label(&scope.months),
        teams,
        periods,
        csv_link: format!("/indicateurs.csv?{}", scope.query()),
        key_figures: key_table(&shown),
        panels: whole,
    })
}

/// The same figures as the page, one per line: territory, indicator, month or category,
/// measure, value ("< 11" or "masqué" where hidden). Semicolons and a byte-order mark, as spreadsheets
/// set up for French expect.
pub async fn csv(
    State(state): State<AppState>,
    Now(now_ms): Now,
    coordinator: CurrentCoordinator,
    Query(filters): Query<Filters>,
) -> AppResult<impl IntoResponse> {
    let scope = Scope::of(coordinator, &filters, now_ms)?;
    let publication = scope.publication(&scope.facts(&state).await?);
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut write = |fields: [&str; 5]| {
        out.write_record(fields.map(spreadsheet_safe))
            .map_err(|e| AppError::Internal(e.into()))
    };
    write(["Périmètre", "Indicateur", "Mois ou catégorie", "Mesure", "Valeur"])?;
    for (territory, view) in scope.shown(&publication).iter().rev() {
        for (label, figure) in panels::key_figures(*view) {
            write([territory, "Chiffres clés", "", label, &figure.number()])?;
        }
        for panel in panels(*view) {
            for row in &panel.table.rows {
                for (column, figure) in panel.table.columns.iter().zip(&row.cells) {
                    write([territory, panel.title, &row.key, column, &figure.number()])?;
                }
            }
        }
    }
    for row in hours::rows(&state, &scope).await? {
        let year = row.year.to_string();
        for (measure, value) in [
            ("Bénévoles qui ont indiqué leur temps", &row.volunteers),
            ("Heures données", &row.hours),
            ("Kilomètres parcourus", &row.km),
        ] {
            write([&row.territory, "Temps donné par les bénévoles", &year, measure, value])?;
        }
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?;
    let day = chrono::DateTime::from_timestamp_millis(scope.now_ms).map(|d| d.format("%Y-%m-%d").to_string());
    let disposition = format!("attachment; filename=\"indicateurs-{}.csv\"", day.unwrap_or_default());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    ))
}

/// A field a spreadsheet would run as a formula (a team named "=…") is written as text.
pub(crate) fn spreadsheet_safe(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_spreadsheet_never_runs_a_field_as_a_formula() {
        assert_eq!(super::spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::spreadsheet_safe("Antenne de Mauriac"), "Antenne de Mauriac");
        assert_eq!(super::spreadsheet_safe("< 11"), "< 11");
    }
}
