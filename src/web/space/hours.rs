//! « Mon temps de bénévolat »: a volunteer says, month by month, the hours they gave and
//! the kilometres they drove for their binômes, and prints their yearly statement.

use super::CurrentPerson;
use crate::app::AppState;
use crate::db::{self, people::Person};
use crate::domain::person::Kind;
use crate::domain::volunteer_time::{Entry, Hours, Km, LogMonth, Statement, statement_years};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::Now;
use crate::web::flash;
use crate::web::form::{FieldErrors, FormBody};
use crate::web::page::Chrome;
use crate::web::volunteer_time::{self as statement, StatementPage, YearQuery};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

const PAGE: &str = "/espace/benevolat";
const STATEMENT: &str = "/espace/benevolat/releve";

/// What the form posts, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct TimeForm {
    pub mois: String,
    pub heures: String,
    pub km: String,
}

impl TimeForm {
    /// What was typed, cut to what a field may hold, to show it back.
    fn kept(self) -> TimeForm {
        let cut = |s: String| s.chars().take(30).collect();
        TimeForm {
            mois: cut(self.mois),
            heures: cut(self.heures),
            km: cut(self.km),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "space/time.html")]
pub struct TimePage {
    chrome: Chrome,
    values: TimeForm,
    errors: FieldErrors,
    /// The months the form offers: (value, label).
    months: Vec<(String, String)>,
    /// The years logged, newest first, each with its statement.
    years: Vec<Statement>,
}

/// Only volunteers log their time; the page does not exist for anyone else.
fn volunteer(person: Person) -> AppResult<Person> {
    match person.kind {
        Kind::Volunteer => Ok(person),
        Kind::Beneficiary => Err(AppError::NotFound),
    }
}

async fn page_of(
    state: &AppState,
    chrome: Chrome,
    person: &Person,
    values: TimeForm,
    errors: FieldErrors,
    now_ms: i64,
) -> AppResult<TimePage> {
    let entries = db::volunteer_time::entries_of(&state.db, person.id).await?;
    Ok(TimePage {
        chrome,
        values,
        errors,
        months: LogMonth::open(now_ms)
            .into_iter()
            .map(|m| (m.code(), m.label()))
            .collect(),
        years: statement_years(&entries, now_ms)
            .into_iter()
            .map(|y| Statement::of_year(y, &entries))
            .collect(),
    })
}

pub async fn form(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    CurrentPerson(person): CurrentPerson,
) -> AppResult<TimePage> {
    let person = volunteer(person)?;
    let values = TimeForm {
        mois: LogMonth::of(now_ms).code(),
        ..TimeForm::default()
    };
    page_of(&state, chrome, &person, values, FieldErrors::default(), now_ms).await
}

pub async fn save(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: Session,
    CurrentPerson(person): CurrentPerson,
    FormBody(typed): FormBody<TimeForm>,
) -> AppResult<Response> {
    let person = volunteer(person)?;
    let mut errors = FieldErrors::default();
    let month = errors.check("mois", LogMonth::parse(&typed.mois, now_ms));
    let hours = errors.check("heures", Hours::parse(&typed.heures));
    let km = errors.check("km", Km::parse(&typed.km));
    let (Some(month), Some(hours), Some(km)) = (month, hours, km) else {
        let page = page_of(&state, chrome, &person, typed.kept(), errors, now_ms).await?;
        return Ok(page.into_response());
    };
    let entry = Entry { month, hours, km };
    db::volunteer_time::save(&state.db, person.id, person.team_id, entry, now_ms).await?;
    let said = if entry.is_empty() {
        format!("C'est noté : {} est retiré de votre relevé.", month.label())
    } else {
        format!(
            "C'est enregistré pour {} : {} h et {} km.",
            month.label(),
            hours.text(),
            km.text()
        )
    };
    flash::set(&session, said).await?;
    Ok(Redirect::to(PAGE).into_response())
}

pub async fn statement_page(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentPerson(person): CurrentPerson,
    Query(q): Query<YearQuery>,
) -> AppResult<StatementPage> {
    let person = volunteer(person)?;
    let back = (PAGE.to_string(), "Revenir à mon temps de bénévolat");
    statement::statement_page(&state, &person, q.year(now_ms), STATEMENT, back, now_ms).await
}

pub async fn statement_csv(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentPerson(person): CurrentPerson,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let person = volunteer(person)?;
    statement::statement_csv(&state, &person, q.year(now_ms)).await
}
