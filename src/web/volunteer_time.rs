//! The yearly statement of a volunteer's time (« Relevé annuel de bénévolat »): a page to
//! print on an A4 sheet and a CSV file, read by the volunteer in their space or by a
//! coordinator of their team (each reading by staff is written in the audit journal).

use crate::app::AppState;
use crate::db::{self, people::Person};
use crate::domain::dates::french_date;
use crate::domain::person::Kind;
use crate::domain::rgpd::Action;
use crate::domain::volunteer_time::{LogMonth, Statement, statement_years};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentStaff, Now};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// `?annee=2027`; anything else is the current year.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    annee: String,
}

impl YearQuery {
    pub fn year(&self, now_ms: i64) -> i32 {
        self.annee
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=9999).contains(y))
            .unwrap_or(LogMonth::of(now_ms).year)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "volunteer_time/statement.html")]
pub struct StatementPage {
    volunteer: String,
    team: String,
    team_address: Vec<String>,
    statement: Statement,
    generated: String,
    /// Where the page's "back" link goes, and its words.
    back: (String, &'static str),
    /// The same statement as a file, and the other years' statements.
    csv_link: String,
    years: Vec<(i32, String)>,
}

/// The statement of `year` for `person`, with its links under `base` (`/espace/benevolat/releve`
/// or `/personnes/{id}/benevolat`).
pub async fn statement_page(
    state: &AppState,
    person: &Person,
    year: i32,
    base: &str,
    back: (String, &'static str),
    now_ms: i64,
) -> AppResult<StatementPage> {
    let entries = db::volunteer_time::entries_of(&state.db, person.id).await?;
    let team = match person.team_id {
        Some(id) => db::teams::by_id(&state.db, id).await?,
        None => None,
    };
    Ok(StatementPage {
        volunteer: person.full_name(),
        team_address: team
            .as_ref()
            .and_then(|t| t.postal_address.as_deref())
            .map(|a| a.lines().map(str::to_string).collect())
            .unwrap_or_default(),
        team: team.map(|t| t.name).unwrap_or_default(),
        years: statement_years(&entries, now_ms)
            .into_iter()
            .filter(|y| *y != year)
            .map(|y| (y, format!("{base}?annee={y}")))
            .collect(),
        statement: Statement::of_year(year, &entries),
        generated: french_date(now_ms),
        back,
        csv_link: format!("{base}.csv?annee={year}"),
    })
}

/// The statement as a CSV file: month, hours, kilometres, then the total; semicolons, a
/// byte-order mark and decimal commas, as spreadsheets set up for French expect.
pub async fn statement_csv(state: &AppState, person: &Person, year: i32) -> AppResult<Response> {
    let entries = db::volunteer_time::entries_of(&state.db, person.id).await?;
    let statement = Statement::of_year(year, &entries);
    let team = db::teams::name_of(&state.db, person.team_id).await?;
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let name = person.full_name();
    let mut write = |fields: &[&str]| {
        let safe: Vec<String> = fields.iter().map(|f| super::indicators::spreadsheet_safe(f)).collect();
        out.write_record(&safe).map_err(|e| AppError::Internal(e.into()))
    };
    write(&[&format!("Relevé annuel de bénévolat {year}")])?;
    write(&["Bénévole", &name])?;
    write(&["Équipe", &team])?;
    write(&["Mois", "Heures données", "Kilomètres parcourus"])?;
    for e in &statement.months {
        write(&[&e.month.label(), &e.hours.text(), &e.km.text()])?;
    }
    write(&["Total", &statement.hours.text(), &statement.km.text()])?;
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?;
    let disposition = format!("attachment; filename=\"releve-benevolat-{year}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// A volunteer of the reader's team: refused to référents and other teams, 404 for anyone
/// who is not a volunteer. The reading is written in the audit journal.
async fn volunteer_for_staff(state: &AppState, me: &db::staff::StaffMember, id: i32, what: &str) -> AppResult<Person> {
    let person = db::access::managed_person(&state.db, &me.reader(), id).await??;
    if person.kind != Kind::Volunteer {
        return Err(AppError::NotFound);
    }
    crate::web::rgpd::audit(state, me, Action::View, id, what).await?;
    Ok(person)
}

pub async fn page(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    Query(q): Query<YearQuery>,
) -> AppResult<StatementPage> {
    let person = volunteer_for_staff(&state, &me, id, "relevé de bénévolat").await?;
    let base = format!("/personnes/{id}/benevolat");
    let back = (format!("/personnes/{id}"), "Revenir à la fiche");
    statement_page(&state, &person, q.year(now_ms), &base, back, now_ms).await
}

pub async fn csv(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let person = volunteer_for_staff(&state, &me, id, "relevé de bénévolat (fichier CSV)").await?;
    statement_csv(&state, &person, q.year(now_ms)).await
}
