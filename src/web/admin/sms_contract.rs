//! A team's SMS contract, set by the administrator on the team's page: the SMSC (SMPP 3.4)
//! its operator gave. The password is never shown back; left empty, the stored one is kept.

use crate::app::AppState;
use crate::db::{self, teams::Smpp};
use crate::domain::sms::contract;
use crate::web::error::AppResult;
use crate::web::extract::CurrentAdmin;
use crate::web::flash;
use crate::web::form::{FieldErrors, FormBody};
use crate::web::page::Chrome;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// The contract as typed (the password is never filled back in).
#[derive(Deserialize, Default, Clone)]
pub struct SmsForm {
    #[serde(default)]
    pub sms_hote: String,
    #[serde(default)]
    pub sms_port: String,
    #[serde(default)]
    pub sms_identifiant: String,
    #[serde(default)]
    pub sms_mot_de_passe: String,
    #[serde(default)]
    pub sms_expediteur: String,
    /// "retirer" removes the contract (the team's SMS are then written as files).
    #[serde(default)]
    pub action: String,
}

impl SmsForm {
    /// The stored contract, as the form shows it.
    pub fn of(smpp: Option<&Smpp>) -> Self {
        match smpp {
            Some(s) => SmsForm {
                sms_hote: s.host.clone(),
                sms_port: s.port.to_string(),
                sms_identifiant: s.system_id.clone(),
                sms_mot_de_passe: String::new(),
                sms_expediteur: s.sender.clone(),
                action: String::new(),
            },
            None => SmsForm {
                sms_port: "2775".into(),
                ..SmsForm::default()
            },
        }
    }
}

pub async fn set(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    _: CurrentAdmin,
    Path(id): Path<i32>,
    FormBody(form): FormBody<SmsForm>,
) -> AppResult<Response> {
    let back = Redirect::to(&format!("/admin/equipes/{id}"));
    let mut page = super::team::team_page(&state, chrome, id).await?;
    if form.action == "retirer" {
        db::teams::set_smpp(&state.db, id, None, false).await?;
        flash::set(&session, "Contrat SMS retiré : les SMS de l'équipe ne partent plus.").await?;
        return Ok(back.into_response());
    }
    let stored = db::teams::smpp(&state.db, id).await?;
    let e: &mut FieldErrors = &mut page.errors;
    let host = e.check("sms_hote", contract::parse_host(&form.sms_hote));
    let port = e.check("sms_port", contract::parse_port(&form.sms_port));
    let system_id = e.check("sms_identifiant", contract::parse_system_id(&form.sms_identifiant));
    let password = e.check("sms_mot_de_passe", contract::parse_password(&form.sms_mot_de_passe));
    if stored.is_none() && form.sms_mot_de_passe.is_empty() {
        e.add("sms_mot_de_passe", "Indiquez le mot de passe donné par l'opérateur.");
    }
    let sender = e.check("sms_expediteur", contract::parse_sender(&form.sms_expediteur));
    let (Some(host), Some(port), Some(system_id), Some(password), Some(sender), true) =
        (host, port, system_id, password, sender, page.errors.is_empty())
    else {
        page.sms = SmsForm {
            sms_mot_de_passe: String::new(),
            ..form
        };
        return Ok(page.into_response());
    };
    let keep_password = password.is_none();
    let smpp = Smpp {
        host,
        port,
        system_id,
        password: password.unwrap_or_default(),
        sender,
    };
    db::teams::set_smpp(&state.db, id, Some(&smpp), keep_password).await?;
    tracing::info!(team_id = id, smpp = ?smpp, "SMS contract set");
    let said = if smpp.sender.chars().all(|c| c.is_ascii_digit() || c == '+') {
        "Contrat SMS enregistré : les SMS de l'équipe partent par ce serveur, et les réponses arrivent sur le tableau de bord."
    } else {
        "Contrat SMS enregistré. L'expéditeur est un nom : les personnes ne pourront pas répondre par SMS (il faut un numéro pour cela)."
    };
    flash::set(&session, said).await?;
    Ok(back.into_response())
}
