//! One team's page for the administrator: its territory, how often its binômes get a
//! check-in, how people reach it, its members.

use crate::app::AppState;
use crate::db::{
    self,
    communes::Commune,
    teams::{Contact, Team},
};
use crate::domain::account::Email;
use crate::domain::checkin::parse_every_days;
use crate::domain::profile::{parse_address, parse_phone, spaced_phone};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentAdmin;
use crate::web::flash;
use crate::web::form::{FieldErrors, FormBody};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "admin/team.html")]
pub struct TeamPage {
    chrome: Chrome,
    team: Team,
    communes: Vec<Commune>,
    members: Vec<(String, String)>,
    /// The check-in interval as typed (kept when wrong).
    every: String,
    contact: ContactForm,
    /// The team's SMS contract as the form shows it, and whether one is stored.
    pub(super) sms: super::sms_contract::SmsForm,
    sms_set: bool,
    /// The local transport solidaire, as the form shows it.
    pub(super) transport: super::transport::TransportForm,
    pub(super) errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct IntervalForm {
    #[serde(default)]
    jours: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ContactForm {
    #[serde(default)]
    telephone: String,
    #[serde(default)]
    courriel: String,
    /// The postal address printed at the top of the team's letters.
    #[serde(default)]
    adresse: String,
}

pub(super) async fn team_page(state: &AppState, chrome: Chrome, id: i32) -> AppResult<TeamPage> {
    let team = db::teams::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let codes: Vec<String> = team.territory.communes.iter().map(|c| c.to_string()).collect();
    let communes = db::communes::by_codes(&state.db, &codes).await?;
    let members = db::teams::member_names(&state.db, id).await?;
    let smpp = db::teams::smpp(&state.db, id).await?;
    let transport = db::transport::of_team(&state.db, id).await?;
    Ok(TeamPage {
        transport: super::transport::TransportForm::of(transport.as_ref()),
        sms: super::sms_contract::SmsForm::of(smpp.as_ref()),
        sms_set: smpp.is_some(),
        chrome,
        every: team.checkin_every_days.to_string(),
        contact: ContactForm {
            telephone: team.contact.phone.as_deref().map(spaced_phone).unwrap_or_default(),
            courriel: team.contact.email.clone().unwrap_or_default(),
            adresse: team.postal_address.clone().unwrap_or_default(),
        },
        team,
        communes,
        members,
        errors: FieldErrors::default(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    _: CurrentAdmin,
    Path(id): Path<i32>,
) -> AppResult<TeamPage> {
    team_page(&state, chrome, id).await
}

fn back(id: i32) -> Redirect {
    Redirect::to(&format!("/admin/equipes/{id}"))
}

/// Sets how often the team's binômes get a check-in (after the first, at two weeks).
pub async fn set_interval(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    _: CurrentAdmin,
    Path(id): Path<i32>,
    FormBody(form): FormBody<IntervalForm>,
) -> AppResult<Response> {
    let mut page = team_page(&state, chrome, id).await?;
    match parse_every_days(&form.jours) {
        Ok(days) => {
            db::teams::set_checkin_every(&state.db, id, days).await?;
            let said = format!("C'est enregistré : les prochains points auront lieu tous les {days} jours.");
            flash::set(&session, said).await?;
            Ok(back(id).into_response())
        }
        Err(message) => {
            page.errors.add("jours", message);
            page.every = form.jours;
            Ok(page.into_response())
        }
    }
}

/// Sets the phone number and the address people reach the team at; both may stay empty.
pub async fn set_contact(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    _: CurrentAdmin,
    Path(id): Path<i32>,
    FormBody(form): FormBody<ContactForm>,
) -> AppResult<Response> {
    let mut page = team_page(&state, chrome, id).await?;
    let phone = page.errors.check("telephone", parse_phone(&form.telephone, false));
    let email = match form.courriel.trim() {
        "" => Some(None),
        typed => page
            .errors
            .check("courriel", Email::parse(typed).map(|e| Some(e.as_str().to_string()))),
    };
    let postal = page.errors.check("adresse", parse_address(&form.adresse));
    let (Some(phone), Some(email), Some(postal), true) = (phone, email, postal, page.errors.is_empty()) else {
        page.contact = form;
        return Ok(page.into_response());
    };
    db::teams::set_contact(&state.db, id, &Contact { phone, email }).await?;
    db::teams::set_postal_address(&state.db, id, postal.as_deref()).await?;
    flash::set(
        &session,
        "Contact de l'équipe enregistré : il s'affiche dans l'espace des bénévoles et en haut des courriers.",
    )
    .await?;
    Ok(back(id).into_response())
}
