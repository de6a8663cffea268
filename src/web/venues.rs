//! A team's public places for first meetings (médiathèque, café, mairie annexe): name,
//! address, commune of the team's territory, opening hours in the OpenStreetMap syntax, an
//! accessibility page. Kept by the team's coordinators and the administrators.

use crate::app::AppState;
use crate::db::{self, communes::Commune, meetings::NewVenue, meetings::Venue, teams::Team};
use crate::domain::access::can_manage;
use crate::domain::meeting::Hours;
use crate::domain::text::{ADDRESS_MAX, one_line};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentStaff, Now};
use crate::web::flash;
use crate::web::form::{FieldErrors, FormBody};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Longest name of a place, and of its accessibility page's address.
const NAME_MAX: usize = 120;
const URL_MAX: usize = 500;

#[derive(Template, WebTemplate)]
#[template(path = "venues.html")]
pub struct VenuesPage {
    chrome: Chrome,
    team: Team,
    venues: Vec<(Venue, String)>,
    communes: Vec<Commune>,
    form: VenueForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct VenueForm {
    nom: String,
    adresse: String,
    commune: String,
    horaires: String,
    accessibilite: String,
}

/// The team, if the staff member runs it (a coordinator of it, or an administrator).
async fn team_run_by(state: &AppState, me: &db::staff::StaffMember, id: i32) -> AppResult<Team> {
    let team = db::teams::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !can_manage(&me.reader(), Some(team.id)) {
        return Err(AppError::Forbidden);
    }
    Ok(team)
}

async fn venues_page(state: &AppState, chrome: Chrome, team: Team) -> AppResult<VenuesPage> {
    let codes: Vec<String> = team.territory.communes.iter().map(|c| c.to_string()).collect();
    let communes = db::communes::by_codes(&state.db, &codes).await?;
    let venues = db::meetings::venues_of(&state.db, team.id)
        .await?
        .into_iter()
        .map(|v| {
            let commune = communes
                .iter()
                .find(|c| c.insee_code == v.commune_code)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| v.commune_code.clone());
            (v, commune)
        })
        .collect();
    Ok(VenuesPage {
        chrome,
        team,
        venues,
        communes,
        form: VenueForm::default(),
        errors: FieldErrors::default(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<VenuesPage> {
    let team = team_run_by(&state, &me, id).await?;
    venues_page(&state, chrome, team).await
}

/// Reads an accessibility page's address: empty, or an http(s) address.
fn accessibility_url(raw: &str) -> Result<Option<String>, String> {
    let url = one_line(raw, URL_MAX)?;
    if url.is_empty() {
        return Ok(None);
    }
    let valid = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
        && url.split("://").nth(1).is_some_and(|rest| rest.contains('.'));
    if !valid {
        return Err(
            "Indiquez une adresse web complète, par exemple https://acceslibre.beta.gouv.fr/…, ou laissez vide.".into(),
        );
    }
    Ok(Some(url))
}

pub async fn add(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: tower_sessions::Session,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    FormBody(form): FormBody<VenueForm>,
) -> AppResult<Response> {
    let team = team_run_by(&state, &me, id).await?;
    let mut page = venues_page(&state, chrome, team).await?;
    let errors = &mut page.errors;
    let name = errors.check("nom", one_line(&form.nom, NAME_MAX));
    if name.as_deref() == Some("") {
        errors.add(
            "nom",
            "Indiquez le nom du lieu, par exemple « Médiathèque de Mauriac ».",
        );
    }
    let address = errors.check("adresse", one_line(&form.adresse, ADDRESS_MAX));
    if address.as_deref() == Some("") {
        errors.add("adresse", "Indiquez l'adresse du lieu (numéro et rue).");
    }
    if !page.communes.iter().any(|c| c.insee_code == form.commune) {
        errors.add("commune", "Choisissez une commune du territoire de l'équipe.");
    }
    let hours = errors.check("horaires", Hours::parse(&form.horaires).map(|_| form.horaires.trim()));
    let url = errors.check("accessibilite", accessibility_url(&form.accessibilite));
    let (Some(name), Some(address), Some(hours), Some(url), true) = (name, address, hours, url, errors.is_empty())
    else {
        page.form = form;
        return Ok(page.into_response());
    };
    let new = NewVenue {
        name: &name,
        address: &address,
        commune_code: &form.commune,
        opening_hours: hours,
        accessibility_url: url.as_deref(),
    };
    db::meetings::add_venue(&state.db, id, &new, now_ms).await?;
    flash::set(
        &session,
        format!("Lieu ajouté : {name}. Il est proposé pour les premières rencontres."),
    )
    .await?;
    Ok(Redirect::to(&format!("/equipes/{id}/lieux")).into_response())
}
