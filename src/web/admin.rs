//! Administration: teams with their territory, staff accounts.

pub mod account;
pub mod sms_contract;
pub mod team;
pub mod transport;

use crate::app::AppState;
use crate::db::{
    self,
    staff::{NewStaff, StaffMember},
    teams::Team,
};
use crate::domain::account::{Email, Role, check_name, check_new_password};
use crate::domain::commune::InseeCode;
use crate::domain::territory::{Territory, parse_departement, parse_list};
use crate::password;
use crate::web::error::AppResult;
use crate::web::extract::CurrentAdmin;
use crate::web::form::FieldErrors;
use crate::web::form::FormBody;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin/teams.html")]
pub struct TeamsPage {
    chrome: Chrome,
    teams: Vec<Team>,
    values: TeamForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct TeamForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    departements: String,
    #[serde(default)]
    communes: String,
}

pub async fn teams(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin) -> AppResult<TeamsPage> {
    let teams = db::teams::list(&state.db).await?;
    Ok(TeamsPage {
        chrome,
        teams,
        values: TeamForm::default(),
        errors: FieldErrors::default(),
    })
}

/// Parses the territory fields; unknown communes are reported by code.
async fn parse_territory(state: &AppState, values: &TeamForm, errors: &mut FieldErrors) -> AppResult<Territory> {
    let departements = parse_list(&values.departements, parse_departement)
        .map_err(|bad| format!("Ces codes de département ne sont pas valides : {}.", bad.join(", ")));
    let departements = errors.check("departements", departements).unwrap_or_default();
    let codes = parse_list(&values.communes, InseeCode::parse)
        .map_err(|bad| format!("Ces codes INSEE ne sont pas valides : {}.", bad.join(", ")));
    let mut communes = errors.check("communes", codes).unwrap_or_default();
    communes.sort();
    communes.dedup();
    let wanted: Vec<String> = communes.iter().map(|c| c.to_string()).collect();
    let known = db::communes::by_codes(&state.db, &wanted).await?;
    let unknown: Vec<&str> = wanted
        .iter()
        .filter(|c| !known.iter().any(|k| &&k.insee_code == c))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        errors.add(
            "communes",
            format!("Aucune commune n'a ces codes INSEE : {}.", unknown.join(", ")),
        );
    }
    let territory = Territory { departements, communes };
    if territory.is_empty() && errors.get("departements").is_none() && errors.get("communes").is_none() {
        errors.add("departements", "Indiquez au moins un département ou une commune.");
    }
    Ok(territory)
}

pub async fn create_team(
    State(state): State<AppState>,
    chrome: Chrome,
    _: CurrentAdmin,
    FormBody(values): FormBody<TeamForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", check_name(&values.name));
    let territory = parse_territory(&state, &values, &mut errors).await?;
    if let (Some(name), true) = (name, errors.is_empty()) {
        match db::teams::create(&state.db, &name, &territory, state.clock.now_ms()).await {
            Ok(id) => return Ok(Redirect::to(&format!("/admin/equipes/{id}")).into_response()),
            Err(e) if e.is_unique_violation() => errors.add("name", "Une équipe porte déjà ce nom."),
            Err(e) => return Err(e.into()),
        }
    }
    let teams = db::teams::list(&state.db).await?;
    Ok(TeamsPage {
        chrome,
        teams,
        values,
        errors,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/accounts.html")]
pub struct AccountsPage {
    chrome: Chrome,
    accounts: Vec<StaffMember>,
    teams: Vec<Team>,
    roles: [Role; 3],
    values: AccountForm,
    errors: FieldErrors,
}

impl AccountsPage {
    fn team_names(&self, ids: &[i32]) -> String {
        let names: Vec<&str> = self
            .teams
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| t.name.as_str())
            .collect();
        if names.is_empty() {
            "—".to_string()
        } else {
            names.join(", ")
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct AccountForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    teams: Vec<i32>,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmation: String,
}

pub async fn accounts(State(state): State<AppState>, chrome: Chrome, _: CurrentAdmin) -> AppResult<AccountsPage> {
    let accounts = db::staff::list(&state.db).await?;
    let teams = db::teams::list(&state.db).await?;
    let values = AccountForm {
        role: Role::Coordinator.code().into(),
        ..Default::default()
    };
    Ok(AccountsPage {
        chrome,
        accounts,
        teams,
        roles: Role::ALL,
        values,
        errors: FieldErrors::default(),
    })
}

pub async fn create_account(
    State(state): State<AppState>,
    chrome: Chrome,
    _: CurrentAdmin,
    FormBody(values): FormBody<AccountForm>,
) -> AppResult<Response> {
    let teams = db::teams::list(&state.db).await?;
    let mut errors = FieldErrors::default();
    let name = errors.check("name", check_name(&values.name));
    let email = errors.check("email", Email::parse(&values.email));
    let role = errors.check("role", values.role.parse::<Role>().map_err(|_| "Choisissez un rôle."));
    errors.check("password", check_new_password(&values.password, &values.confirmation));
    let organisation = Some(values.organisation.trim()).filter(|o| !o.is_empty());
    if role == Some(Role::Referent) && organisation.is_none() {
        errors.add(
            "organisation",
            "Indiquez la structure du ou de la référent·e (par exemple : CCAS de Ydes).",
        );
    }
    if role == Some(Role::Coordinator) && values.teams.is_empty() {
        errors.add("teams", "Un·e coordinateur·rice appartient à au moins une équipe.");
    }
    if values.teams.iter().any(|id| !teams.iter().any(|t| t.id == *id)) {
        errors.add("teams", "Cette équipe n'existe plus. Choisissez dans la liste.");
    }
    if let (Some(name), Some(email), Some(role), true) = (name, email, role, errors.is_empty()) {
        let hash = password::hash(values.password.clone()).await?;
        let new = NewStaff {
            email: &email,
            name: &name,
            password_hash: &hash,
            role,
            organisation,
            team_ids: &values.teams,
        };
        match db::staff::create(&state.db, new, state.clock.now_ms()).await {
            Ok(_) => return Ok(Redirect::to("/admin/comptes").into_response()),
            Err(e) if e.is_unique_violation() => {
                errors.add("email", "Un compte existe déjà avec cette adresse e-mail.")
            }
            Err(e) => return Err(e.into()),
        }
    }
    let accounts = db::staff::list(&state.db).await?;
    let values = AccountForm {
        password: String::new(),
        confirmation: String::new(),
        ..values
    };
    Ok(AccountsPage {
        chrome,
        accounts,
        teams,
        roles: Role::ALL,
        values,
        errors,
    }
    .into_response())
}
