//! RGPD pages: the audit of who looked at or changed a record, one person's data (readable
//! page and JSON file), erasure, the journal, the register of processing, and the impact
//! assessment (AIPD).

pub mod aipd;
pub mod export;
pub mod journal;
mod pia;
pub mod register;

use crate::app::AppState;
use crate::db::{self, audit::Actor, audit::Line as JournalLine, people::Person, staff::StaffMember};
use crate::domain::access::can_manage;
use crate::domain::dates::french_date_time;
use crate::domain::rgpd::Action;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentStaff;
use crate::web::extract::Now;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// How the journal names a staff member.
pub fn actor(me: &StaffMember) -> Actor {
    Actor {
        staff_id: Some(me.id),
        label: format!("{} ({})", me.name, me.role.label()),
    }
}

/// The journal line of a change a staff member makes to a person's record, written by the
/// `db` function that makes it, in the same transaction.
pub fn change(me: &StaffMember, person_id: i32, detail: &str) -> JournalLine {
    JournalLine::new(actor(me), Action::Change, detail).about(person_id)
}

/// The journal lines of a staff change to binôme `pairing_id`: one in each of its people's.
pub fn binome_change(me: &StaffMember, pairing_id: i32, people: [i32; 2], what: &str) -> Vec<JournalLine> {
    let detail = format!("binôme n° {pairing_id} : {what}");
    people.map(|person_id| change(me, person_id, &detail)).into()
}

/// The journal line of a change to a staff member's own password or second factor.
pub fn security(me: &StaffMember, detail: &str) -> JournalLine {
    JournalLine::new(actor(me), Action::Security, detail)
}

/// Records that a staff member read a person's record (opened or exported it). A read changes
/// nothing, so there is no transaction to join: the line is written on its own.
pub async fn audit(state: &AppState, me: &StaffMember, action: Action, person_id: i32, detail: &str) -> AppResult<()> {
    let now = state.clock.now_ms();
    db::audit::log(&state.db, &actor(me), action, Some(person_id), Some(detail), now).await?;
    Ok(())
}

/// Records a staff sign-in, or a refused one under the address that was typed. An attempt
/// changes no record, so the line is written on its own.
pub async fn audit_login(state: &AppState, member: Option<&StaffMember>, typed: &str, now_ms: i64) -> AppResult<()> {
    let (who, action) = match member {
        Some(m) => (actor(m), Action::Login),
        None => (
            Actor {
                staff_id: None,
                label: typed.to_string(),
            },
            Action::LoginFailed,
        ),
    };
    db::audit::log(&state.db, &who, action, None, None, now_ms).await?;
    Ok(())
}

/// One line of a journal, as a reader sees it.
pub struct Line {
    pub at: String,
    pub who: String,
    pub what: &'static str,
    pub person_id: Option<i32>,
    pub person_name: String,
    pub detail: String,
}

impl From<db::audit::Entry> for Line {
    fn from(e: db::audit::Entry) -> Self {
        Line {
            at: french_date_time(e.at),
            who: e.staff_label,
            what: e.action.map_or("action inconnue", |a| a.label()),
            person_id: e.person_id,
            person_name: e.person_name.unwrap_or_default(),
            detail: e.detail.unwrap_or_default(),
        }
    }
}

/// The RGPD block of a person's page: who looked at the record, and the export and erasure
/// links for those who manage it.
pub struct PersonSection {
    pub person_id: i32,
    pub manage: bool,
    pub erased_at: Option<String>,
    pub lines: Vec<Line>,
}

/// Records that `me` opened the person's page, and loads the block shown at its end.
pub async fn on_view(state: &AppState, me: &StaffMember, person: &Person) -> AppResult<PersonSection> {
    audit(state, me, Action::View, person.id, "fiche").await?;
    let manage = can_manage(&me.reader(), person.team_id);
    let lines = if manage {
        let (entries, _) = db::audit::list(&state.db, Some(person.id), 1, 20).await?;
        entries.into_iter().map(Line::from).collect()
    } else {
        Vec::new()
    };
    Ok(PersonSection {
        person_id: person.id,
        manage,
        erased_at: db::rgpd::erased_at(&state.db, person.id).await?.map(french_date_time),
        lines,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "rgpd/erase.html")]
pub struct ErasePage {
    chrome: Chrome,
    person: Person,
    erased_at: Option<String>,
    open_pairing: bool,
    errors: FieldErrors,
}

async fn erase_page(state: &AppState, chrome: Chrome, person: Person, errors: FieldErrors) -> AppResult<ErasePage> {
    Ok(ErasePage {
        chrome,
        erased_at: db::rgpd::erased_at(&state.db, person.id).await?.map(french_date_time),
        open_pairing: !db::pairings::open_pairings_of(&state.db, person.id).await?.is_empty(),
        person,
        errors,
    })
}

pub async fn erase_form(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<ErasePage> {
    let person = db::access::managed_person(&state.db, &me.reader(), id).await??;
    erase_page(&state, chrome, person, FieldErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EraseForm {
    confirm: String,
}

pub async fn erase(
    State(state): State<AppState>,
    Now(now): Now,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let person = db::access::managed_person(&state.db, &me.reader(), id).await??;
    let form: EraseForm = parse_body(&body);
    let mut errors = FieldErrors::default();
    if form.confirm != "oui" {
        errors.add(
            "confirm",
            "Cochez la case pour confirmer que l'effacement est définitif.",
        );
        return Ok(erase_page(&state, chrome, person, errors).await?.into_response());
    }
    match db::rgpd::erase(&state.db, id, &actor(&me), db::rgpd::Reason::Request, now).await? {
        db::rgpd::Erasure::NotFound => Err(AppError::NotFound),
        db::rgpd::Erasure::OpenPairing => Ok(erase_page(&state, chrome, person, errors).await?.into_response()),
        db::rgpd::Erasure::Done | db::rgpd::Erasure::AlreadyErased => {
            tracing::info!(person_id = id, staff_id = me.id, "personal data erased");
            Ok(Redirect::to(&format!("/personnes/{id}/effacer")).into_response())
        }
    }
}
