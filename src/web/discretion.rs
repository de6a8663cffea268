//! Discretion, set by a coordinator with the person (#18.3): « un·e bénévole qui n'habite pas
//! ma commune », and the team's volunteers the person does not want to meet. Only staff who
//! manage the person see or change it; no volunteer is ever told.

use crate::app::AppState;
use crate::db::{self, discretion::Discretion, people::Person, staff::StaffMember};
use crate::domain::access::Scope;
use crate::domain::person::{Kind, Status};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentStaff, Now};
use crate::web::flash;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tower_sessions::Session;

/// A volunteer the person may name: id, name and commune.
pub struct Choice {
    pub id: i32,
    pub name: String,
    pub commune: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "people/discretion.html")]
pub struct DiscretionPage {
    chrome: Chrome,
    person: Person,
    commune: String,
    volunteers: Vec<Choice>,
    chosen: Discretion,
    errors: FieldErrors,
}

impl DiscretionPage {
    pub fn avoided(&self, id: &i32) -> bool {
        self.chosen.avoided.contains(id)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DiscretionForm {
    autre_commune: String,
    eviter: Vec<String>,
}

/// The people a coordinator may name: the volunteers of the person's team who have not left.
async fn volunteers_of(state: &AppState, person: &Person) -> AppResult<Vec<Choice>> {
    let Some(team) = person.team_id else {
        return Ok(Vec::new());
    };
    let statuses = [Status::ToValidate, Status::Approved, Status::Paused];
    let list = db::people::list(&state.db, Scope::Teams(&[team]), Some(Kind::Volunteer), &statuses).await?;
    let codes: Vec<String> = list.iter().map(|v| v.profile.commune_code().to_string()).collect();
    let labels: HashMap<String, String> = db::communes::by_codes(&state.db, &codes)
        .await?
        .into_iter()
        .map(|c| (c.insee_code.clone(), c.label()))
        .collect();
    let mut out: Vec<Choice> = list
        .into_iter()
        .map(|v| Choice {
            id: v.id,
            name: v.full_name(),
            commune: labels.get(v.profile.commune_code()).cloned().unwrap_or_default(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(out)
}

async fn page(state: &AppState, chrome: Chrome, person: Person) -> AppResult<DiscretionPage> {
    let commune = db::communes::label_of(&state.db, person.profile.commune_code()).await?;
    Ok(DiscretionPage {
        chrome,
        volunteers: volunteers_of(state, &person).await?,
        chosen: db::discretion::of_person(&state.db, person.id).await?,
        commune,
        person,
        errors: FieldErrors::default(),
    })
}

/// The person, if the reader manages her and she is an isolated person.
async fn managed_beneficiary(state: &AppState, me: &StaffMember, id: i32) -> AppResult<Person> {
    let person = db::access::managed_person(&state.db, &me.reader(), id).await??;
    if person.kind != Kind::Beneficiary {
        return Err(AppError::NotFound);
    }
    Ok(person)
}

pub async fn form(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<DiscretionPage> {
    let person = managed_beneficiary(&state, &me, id).await?;
    page(&state, chrome, person).await
}

pub async fn save(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: Session,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let person = managed_beneficiary(&state, &me, id).await?;
    let form: DiscretionForm = parse_body(&body);
    let mut page = page(&state, chrome, person).await?;
    let mut avoided = Vec::new();
    for raw in &form.eviter {
        match raw.trim().parse::<i32>() {
            Ok(v) if page.volunteers.iter().any(|c| c.id == v) => avoided.push(v),
            _ => page.errors.add(
                "eviter",
                "Ce ou cette bénévole n'est plus dans la liste : cochez de nouveau parmi les noms affichés.",
            ),
        }
    }
    avoided.sort_unstable();
    avoided.dedup();
    let chosen = Discretion {
        other_commune: form.autre_commune == "oui",
        avoided,
    };
    if !page.errors.is_empty() {
        page.chosen = chosen;
        return Ok(page.into_response());
    }
    let what = format!(
        "discrétion : {}, {} bénévole(s) à ne pas proposer",
        if chosen.other_commune {
            "pas de bénévole de sa commune"
        } else {
            "toute commune"
        },
        chosen.avoided.len()
    );
    let journal = [crate::web::rgpd::change(&me, id, &what)];
    db::discretion::set(&state.db, id, &chosen, &journal, now_ms).await?;
    flash::set(
        &session,
        "Souhaits de discrétion enregistrés : ils comptent dès le prochain calcul des binômes.",
    )
    .await?;
    Ok(Redirect::to(&format!("/personnes/{id}")).into_response())
}
