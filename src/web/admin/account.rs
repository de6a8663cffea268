//! One staff account as an administrator manages it: disable or enable it, change its role
//! or its teams, reset its password (which also turns its second factor off, for a lost
//! phone). Every change is audited; disabling and resetting end the account's sessions.

use crate::app::AppState;
use crate::db::{self, staff::StaffMember, teams::Team};
use crate::domain::account::{AccountChange, Refused, Role};
use crate::domain::dates::french_date_time;
use crate::password;
use crate::secret::random_hex;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentAdmin;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use crate::web::rgpd::actor;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use serde::Deserialize;

const DISABLED: &str = "Le compte est désactivé : la personne ne peut plus se connecter et ses sessions sont fermées.";
const ENABLED: &str = "Le compte est réactivé : la personne peut de nouveau se connecter.";
const ROLE_SAVED: &str = "Le rôle est enregistré.";
const TEAMS_SAVED: &str = "Les équipes sont enregistrées.";

#[derive(Template, WebTemplate)]
#[template(path = "admin/account.html")]
pub struct AccountPage {
    chrome: Chrome,
    account: StaffMember,
    teams: Vec<Team>,
    roles: [Role; 3],
    /// The role form's values (as typed when refused).
    role: String,
    organisation: String,
    /// The teams form's values (as ticked when refused).
    team_ids: Vec<i32>,
    errors: FieldErrors,
    done: Option<&'static str>,
    /// The new password after a reset, shown this once.
    new_password: Option<String>,
}

impl AccountPage {
    fn disabled_on(&self) -> Option<String> {
        self.account.disabled_at.map(french_date_time)
    }

    fn team_names(&self) -> String {
        let names: Vec<&str> = self
            .teams
            .iter()
            .filter(|t| self.account.team_ids.contains(&t.id))
            .map(|t| t.name.as_str())
            .collect();
        if names.is_empty() {
            "aucune".to_string()
        } else {
            names.join(", ")
        }
    }
}

async fn page(state: &AppState, chrome: Chrome, id: i32) -> AppResult<AccountPage> {
    let account = db::staff::account(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(AccountPage {
        chrome,
        role: account.role.code().to_string(),
        organisation: account.organisation.clone().unwrap_or_default(),
        team_ids: account.team_ids.clone(),
        account,
        teams: db::teams::list(&state.db).await?,
        roles: Role::ALL,
        errors: FieldErrors::default(),
        done: None,
        new_password: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    _: CurrentAdmin,
    Path(id): Path<i32>,
) -> AppResult<AccountPage> {
    page(&state, chrome, id).await
}

/// Applies `change` and shows the account again: `done` when it went through, the rule's
/// message beside `field` (or beside the structure) when it was refused.
async fn apply(
    state: &AppState,
    chrome: Chrome,
    me: &StaffMember,
    id: i32,
    change: AccountChange,
    field: &'static str,
    done: &'static str,
) -> AppResult<AccountPage> {
    db::staff::account(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let outcome = db::staff::change(&state.db, id, &change, &actor(me), state.clock.now_ms()).await?;
    let mut page = page(state, chrome, id).await?;
    match outcome {
        Ok(()) => {
            tracing::info!(staff_id = id, by = me.id, "staff account changed");
            page.done = Some(done);
        }
        Err(refused) => {
            let field = match refused {
                Refused::ReferentWithoutOrganisation => "organisation",
                _ => field,
            };
            page.errors.add(field, refused.message());
        }
    }
    Ok(page)
}

pub async fn disable(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentAdmin(me): CurrentAdmin,
    Path(id): Path<i32>,
) -> AppResult<AccountPage> {
    apply(&state, chrome, &me, id, AccountChange::Disable, "etat", DISABLED).await
}

pub async fn enable(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentAdmin(me): CurrentAdmin,
    Path(id): Path<i32>,
) -> AppResult<AccountPage> {
    apply(&state, chrome, &me, id, AccountChange::Enable, "etat", ENABLED).await
}

#[derive(Deserialize, Default)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation: String,
}

pub async fn set_role(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentAdmin(me): CurrentAdmin,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<AccountPage> {
    let form: RoleForm = parse_body(&body);
    let organisation = Some(form.organisation.trim().to_string()).filter(|o| !o.is_empty());
    let mut page = match form.role.parse::<Role>() {
        Ok(role) => {
            let change = AccountChange::Role { role, organisation };
            apply(&state, chrome, &me, id, change, "role", ROLE_SAVED).await?
        }
        Err(_) => {
            let mut page = page(&state, chrome, id).await?;
            page.errors.add("role", "Choisissez un rôle.");
            page
        }
    };
    if !page.errors.is_empty() {
        page.role = form.role;
        page.organisation = form.organisation;
    }
    Ok(page)
}

#[derive(Deserialize, Default)]
pub struct TeamsForm {
    #[serde(default)]
    teams: Vec<String>,
}

pub async fn set_teams(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentAdmin(me): CurrentAdmin,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<AccountPage> {
    let form: TeamsForm = parse_body(&body);
    let known = db::teams::list(&state.db).await?;
    let wanted: Vec<Option<i32>> = form
        .teams
        .iter()
        .map(|raw| raw.trim().parse().ok().filter(|id| known.iter().any(|t| t.id == *id)))
        .collect();
    let ids: Vec<i32> = wanted.iter().flatten().copied().collect();
    let mut page = if wanted.iter().any(Option::is_none) {
        let mut page = page(&state, chrome, id).await?;
        page.errors
            .add("teams", "Cette équipe n'existe plus. Choisissez dans la liste.");
        page
    } else {
        apply(
            &state,
            chrome,
            &me,
            id,
            AccountChange::Teams(ids.clone()),
            "teams",
            TEAMS_SAVED,
        )
        .await?
    };
    if !page.errors.is_empty() {
        page.team_ids = ids;
    }
    Ok(page)
}

/// A new password, shown once; the second factor is turned off and every session ends.
pub async fn reset(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentAdmin(me): CurrentAdmin,
    Path(id): Path<i32>,
) -> AppResult<AccountPage> {
    db::staff::account(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let initial = random_hex(9);
    let hash = password::hash(initial.clone()).await?;
    db::staff::reset(&state.db, id, &hash, &actor(&me), state.clock.now_ms()).await?;
    tracing::info!(
        staff_id = id,
        by = me.id,
        "staff password reset, second factor off, sessions revoked"
    );
    let mut page = page(&state, chrome, id).await?;
    page.new_password = Some(initial);
    Ok(page)
}
