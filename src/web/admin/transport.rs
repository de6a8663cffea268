//! A team's *transport solidaire* contact (#18.5), set by the administrator on the team's
//! page and shown on the binômes where one of the two has no transport.

use crate::app::AppState;
use crate::db;
use crate::domain::profile::spaced_phone;
use crate::domain::transport::{self, Contact, Raw};
use crate::web::error::AppResult;
use crate::web::extract::CurrentAdmin;
use crate::web::flash;
use crate::web::form::FormBody;
use crate::web::page::Chrome;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// The contact as typed (kept when something is wrong).
#[derive(Deserialize, Default, Clone)]
pub struct TransportForm {
    #[serde(default)]
    pub transport_nom: String,
    #[serde(default)]
    pub transport_telephone: String,
    #[serde(default)]
    pub transport_texte: String,
}

impl TransportForm {
    /// The stored contact, as the form shows it.
    pub fn of(contact: Option<&Contact>) -> Self {
        contact.map_or_else(TransportForm::default, |c| TransportForm {
            transport_nom: c.name.clone(),
            transport_telephone: c.phone.as_deref().map(spaced_phone).unwrap_or_default(),
            transport_texte: c.note.clone().unwrap_or_default(),
        })
    }
}

pub async fn set(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    _: CurrentAdmin,
    Path(id): Path<i32>,
    FormBody(form): FormBody<TransportForm>,
) -> AppResult<Response> {
    let mut page = super::team::team_page(&state, chrome, id).await?;
    let raw = Raw {
        name: &form.transport_nom,
        phone: &form.transport_telephone,
        note: &form.transport_texte,
    };
    match transport::parse(raw) {
        Ok(contact) => {
            db::transport::set(&state.db, id, contact.as_ref()).await?;
            let said = match contact {
                Some(_) => {
                    "Transport solidaire enregistré : il s'affiche sur les binômes où l'un des deux n'a pas de moyen de transport."
                }
                None => "Transport solidaire retiré.",
            };
            flash::set(&session, said).await?;
            Ok(Redirect::to(&format!("/admin/equipes/{id}")).into_response())
        }
        Err(errors) => {
            for (field, message) in errors {
                page.errors.add(field, message);
            }
            page.transport = form;
            Ok(page.into_response())
        }
    }
}
