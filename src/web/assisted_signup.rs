//! A référent or a coordinator signs an isolated person up *with* them: FALC wording, a
//! contact channel, and the consent step (online now, oral attested, or paper attested).

use crate::app::AppState;
use crate::db::{
    self, DbError,
    charters::Charter,
    people::{NewConsent, NewPerson},
    staff::StaffMember,
};
use crate::domain::account::Role;
use crate::domain::consent::ConsentMethod;
use crate::domain::person::{Kind, Status};
use crate::domain::profile::{EMAIL_TAKEN, Field, Profile};
use crate::epoch_ms;
use crate::secret::random_hex;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentStaff;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use crate::web::profile_form::{self, Loaded, ProfileForm, ProfileView};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "signup/assisted.html")]
pub struct AssistedPage {
    chrome: Chrome,
    form: ProfileView,
    charter: Charter,
    consent: ConsentForm,
    methods: Vec<ConsentMethod>,
    submission_key: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ConsentForm {
    consent_method: String,
    attester_name: String,
    attested_on: String,
    charter_accepted: String,
    submission_key: String,
}

/// Paper signatures are attested by coordinators (who keep the paper); référents attest oral
/// agreement or let the person sign online.
fn methods_for(role: Role) -> Vec<ConsentMethod> {
    match role {
        Role::Referent => vec![ConsentMethod::Online, ConsentMethod::Assisted],
        _ => ConsentMethod::ALL.to_vec(),
    }
}

async fn charter(state: &AppState) -> AppResult<Charter> {
    db::charters::current(&state.db)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no published charter")))
}

pub async fn form(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
) -> AppResult<AssistedPage> {
    let form = ProfileView {
        values: ProfileForm::blank(Kind::Beneficiary),
        errors: FieldErrors::default(),
        interests: db::interests::active(&state.db).await?,
        candidates: Vec::new(),
        volunteer: false,
        falc: true,
        assisted: true,
    };
    let today = state.clock.now().date_naive().to_string();
    let consent = ConsentForm {
        attester_name: me.name.clone(),
        attested_on: today,
        ..Default::default()
    };
    Ok(AssistedPage {
        chrome,
        form,
        charter: charter(&state).await?,
        consent,
        methods: methods_for(me.role),
        submission_key: random_hex(16),
    })
}

/// Checks the consent step; returns the signature to store.
fn parse_consent(
    c: &ConsentForm,
    me: &StaffMember,
    charter: &Charter,
    today: NaiveDate,
    errors: &mut FieldErrors,
) -> Option<NewConsent> {
    let method = errors.check("consent_method", ConsentMethod::parse(&c.consent_method))?;
    if !methods_for(me.role).contains(&method) {
        errors.add(
            "consent_method",
            "Seul·e un·e coordinateur·rice peut attester une signature sur papier.",
        );
        return None;
    }
    let mut signature = NewConsent {
        charter_id: charter.id,
        content_sha256: charter.content_sha256.clone().unwrap_or_default(),
        method,
        attested_by: None,
        attester_name: None,
        attested_on: None,
    };
    match method {
        ConsentMethod::Online if c.charter_accepted != "oui" => {
            errors.add(
                "charter_accepted",
                "La personne doit lire la charte et cocher la case pour l'accepter.",
            );
        }
        ConsentMethod::Online => {}
        ConsentMethod::Assisted | ConsentMethod::Paper => {
            let name = c.attester_name.trim();
            if name.is_empty() {
                errors.add("attester_name", "Indiquez le nom de la personne qui atteste l'accord.");
            }
            match crate::domain::dates::parse_day(&c.attested_on) {
                Ok(date) if date <= today => signature.attested_on = Some(date.to_string()),
                Ok(_) => errors.add("attested_on", "La date de l'accord ne peut pas être dans le futur."),
                Err(_) => errors.add("attested_on", "Indiquez la date de l'accord, par exemple 25/11/2026."),
            }
            signature.attested_by = Some(me.id);
            signature.attester_name = Some(name.to_string());
        }
    }
    Some(signature)
}

/// The form shown again with its messages, keeping what was typed.
struct Again {
    values: ProfileForm,
    errors: FieldErrors,
    loaded: Loaded,
    charter: Charter,
    consent: ConsentForm,
    key: Option<String>,
}

impl Again {
    fn show(self, chrome: Chrome, me: &StaffMember) -> AssistedPage {
        let form = ProfileView {
            values: self.values,
            errors: self.errors,
            interests: self.loaded.interests,
            candidates: self.loaded.candidates,
            volunteer: false,
            falc: true,
            assisted: true,
        };
        AssistedPage {
            chrome,
            form,
            charter: self.charter,
            consent: self.consent,
            methods: methods_for(me.role),
            submission_key: self.key.unwrap_or_else(|| random_hex(16)),
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    body: Bytes,
) -> AppResult<Response> {
    let values: ProfileForm = parse_body(&body);
    let consent_form: ConsentForm = parse_body(&body);
    let now = state.clock.now();
    let key = Some(consent_form.submission_key.trim().to_string()).filter(|k| !k.is_empty() && k.len() <= 64);
    if let Some(existing) = match &key {
        Some(k) => db::people::id_by_submission_key(&state.db, k).await?,
        None => None,
    } {
        return Ok(Redirect::to(&format!("/personnes/{existing}")).into_response());
    }
    let loaded = profile_form::load(&state, &values).await?;
    let charter = charter(&state).await?;
    let mut errors = FieldErrors::default();
    let verdict = Profile::parse(
        Kind::Beneficiary,
        &values.raw(),
        loaded.commune_code(),
        &loaded.interest_ids(),
        now.year(),
    );
    let profile = profile_form::checked(verdict, &mut errors);
    let signature = parse_consent(&consent_form, &me, &charter, now.date_naive(), &mut errors);
    let mut team_id = None;
    if let Some(p) = &profile {
        if profile_form::email_in_use(&state, p).await? {
            errors.add("email", EMAIL_TAKEN);
        }
        team_id = loaded.covering_team(&state).await?;
    }
    if profile.is_some() {
        match team_id {
            None => errors.add(
                "commune",
                "Aucune équipe binome n'intervient encore dans cette commune.",
            ),
            // Coordinators and référents sign people up on their own teams' territory only.
            Some(t) if !crate::domain::access::may_sign_up_in(&me.reader(), t) => {
                errors.add("commune", "Cette commune n'est pas sur le territoire de vos équipes.")
            }
            Some(_) => {}
        }
    }
    let (Some(profile), Some(signature), true) = (profile, signature, errors.is_empty()) else {
        let page = Again {
            values,
            errors,
            loaded,
            charter,
            consent: consent_form,
            key,
        };
        return Ok(page.show(chrome, &me).into_response());
    };
    let now_ms = epoch_ms(now);
    let new = NewPerson {
        kind: Kind::Beneficiary,
        status: Status::Waiting,
        team_id,
        referent_id: (me.role == Role::Referent).then_some(me.id),
        profile: &profile,
        consent: &signature,
        token: None,
        emails: Vec::new(),
        submission_key: key.clone(),
        waiting_since: Some(now_ms),
    };
    let actor = crate::web::rgpd::actor(&me);
    let journal = [db::audit::Line::new(
        actor,
        crate::domain::rgpd::Action::Change,
        "inscription accompagnée",
    )];
    let id = match db::people::create_recorded(&state.db, new, &journal, now_ms).await {
        Ok(id) => id,
        Err(e) if e.is_unique_violation() => {
            let first = match &key {
                Some(k) => db::people::id_by_submission_key(&state.db, k).await?,
                None => None,
            };
            match (first, e) {
                // The same form posted twice at once: the first one created the person.
                (Some(id), _) => id,
                // The address was taken between the check above and this write.
                (None, DbError::Taken(Field::Email)) => {
                    let mut errors = FieldErrors::default();
                    errors.add(Field::Email.name(), EMAIL_TAKEN);
                    let page = Again {
                        values,
                        errors,
                        loaded,
                        charter,
                        consent: consent_form,
                        key,
                    };
                    return Ok(page.show(chrome, &me).into_response());
                }
                (None, e) => return Err(e.into()),
            }
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(person_id = id, staff_id = me.id, "isolated person signed up with help");
    Ok(Redirect::to(&format!("/personnes/{id}?inscrit=1")).into_response())
}
