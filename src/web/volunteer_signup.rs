//! A volunteer signs up alone: profile, charter last, then a single-use link confirms the
//! e-mail address and the team covering the commune sees them "à valider".

use crate::app::AppState;
use crate::db::{
    self, DbError,
    charters::Charter,
    communes::Commune,
    people::{NewConsent, NewPerson},
};
use crate::domain::account::Email;
use crate::domain::commune::InseeCode;
use crate::domain::link::{Kind as LinkKind, Purpose};
use crate::domain::person::{Kind, Status};
use crate::domain::profile::{Field, Profile};
use crate::domain::throttle;
use crate::epoch_ms;
use crate::links;
use crate::mail::emails;
use crate::secret::{random_hex, sha256_hex};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::ClientIp;
use crate::web::extract::Now;
use crate::web::flash;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use crate::web::profile_form::{self, ProfileForm, ProfileView};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use serde::Deserialize;
use std::sync::Arc;
use tower_sessions::Session;

const TOO_MANY: &str = "Beaucoup d'inscriptions arrivent en ce moment depuis cette connexion ou sur tout le service. Votre formulaire est gardé : réessayez dans une heure, ou appelez l'équipe de votre commune.";

#[derive(Template, WebTemplate)]
#[template(path = "signup/volunteer.html")]
pub struct SignupPage {
    chrome: Chrome,
    form: ProfileView,
    charter: Arc<Charter>,
    charter_accepted: bool,
    submission_key: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Extras {
    charter_accepted: String,
    submission_key: String,
}

/// The sign-up form, blank, or with the commune of `?commune=<INSEE code>` filled in (the
/// address on a recruiting poster); a code that names no commune is ignored.
pub async fn form(State(state): State<AppState>, RawQuery(query): RawQuery, chrome: Chrome) -> AppResult<SignupPage> {
    let mut values = ProfileForm::blank(Kind::Volunteer);
    if let Some(commune) = poster_commune(&state, query.as_deref()).await? {
        values.commune = commune.label();
    }
    let offer = state.catalogue.offer(&state.db, state.clock.now_ms()).await?;
    let form = ProfileView {
        values,
        errors: FieldErrors::default(),
        interests: offer.interests.to_vec(),
        candidates: Vec::new(),
        volunteer: true,
        falc: false,
        assisted: false,
    };
    Ok(SignupPage {
        chrome,
        form,
        charter: offer.charter,
        charter_accepted: false,
        submission_key: random_hex(16),
    })
}

/// The commune a poster's address names, if it names one.
async fn poster_commune(state: &AppState, query: Option<&str>) -> AppResult<Option<Commune>> {
    let code = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "commune")
        .and_then(|(_, value)| InseeCode::parse(&value));
    Ok(match code {
        Some(code) => db::communes::by_code(&state.db, &code).await?,
        None => None,
    })
}

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    chrome: Chrome,
    body: Bytes,
) -> AppResult<Response> {
    let values: ProfileForm = parse_body(&body);
    let extras: Extras = parse_body(&body);
    let now = state.clock.now();
    let submission_key = Some(extras.submission_key.trim().to_string()).filter(|k| !k.is_empty() && k.len() <= 64);
    if let Some(key) = &submission_key
        && db::people::id_by_submission_key(&state.db, key).await?.is_some()
    {
        return Ok(Redirect::to("/devenir-benevole/merci").into_response()); // sent twice: one person
    }
    let offer = state.catalogue.offer(&state.db, epoch_ms(now)).await?;
    let loaded = profile_form::load_offering(&state, &values, offer.interests.to_vec()).await?;
    let charter = offer.charter;
    let mut errors = FieldErrors::default();
    let verdict = Profile::parse(
        Kind::Volunteer,
        &values.raw(),
        loaded.commune_code(),
        &loaded.interest_ids(),
        now.year(),
    );
    let profile = profile_form::checked(verdict, &mut errors);
    let accepted = extras.charter_accepted == "oui";
    if !accepted {
        errors.add(
            "charter_accepted",
            "Pour devenir bénévole, lisez la charte puis cochez la case pour l'accepter.",
        );
    }
    let mut team_id = None;
    if profile.is_some() {
        team_id = loaded.covering_team(&state).await?;
    }
    if profile.is_some() && team_id.is_none() {
        errors.add("commune", "Aucune équipe binome n'intervient encore dans cette commune : l'inscription n'est pas possible pour le moment.");
    }
    let now_ms = epoch_ms(now);
    if profile.is_some()
        && errors.is_empty()
        && !db::throttle::take(&state.db, &throttle::signup(&ip, state.config.signups_per_hour), now_ms).await?
    {
        errors.add("form", TOO_MANY);
    }
    let (Some(profile), true) = (profile, errors.is_empty()) else {
        let form = ProfileView {
            values,
            errors,
            interests: loaded.interests,
            candidates: loaded.candidates,
            volunteer: true,
            falc: false,
            assisted: false,
        };
        let key = submission_key.unwrap_or_else(|| random_hex(16));
        return Ok(SignupPage {
            chrome,
            form,
            charter,
            charter_accepted: accepted,
            submission_key: key,
        }
        .into_response());
    };

    let Some(email) = profile.email.clone() else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "a volunteer profile without e-mail"
        )));
    };
    let minted = links::mint(LinkKind::ConfirmEmail, now_ms);
    let link = state.config.link(&minted.path);
    let token = minted.row(Purpose::ConfirmEmail);
    let message = emails::confirm(
        email.as_str(),
        &profile.first_name,
        &link,
        format!("confirm:{}", token.token_sha256),
    )?;
    let consent = NewConsent::online(&charter);
    let new = NewPerson {
        kind: Kind::Volunteer,
        status: Status::EmailUnconfirmed,
        team_id,
        referent_id: None,
        profile: &profile,
        consent: &consent,
        token: Some(token),
        emails: vec![message],
        submission_key: submission_key.clone(),
        waiting_since: None,
    };
    match db::people::create(&state.db, new, now_ms).await {
        Ok(id) => tracing::info!(person_id = id, "volunteer signed up"),
        Err(e) if e.is_unique_violation() => {
            // The same form posted twice: the first one created the person. Otherwise an
            // address already signed up (the unique address says so, without a look-up before
            // each sign-up): the same answer as for a new one (the page tells nobody who is
            // registered), and its owner an e-mail saying so.
            let twice = match &submission_key {
                Some(k) => db::people::id_by_submission_key(&state.db, k).await?.is_some(),
                None => false,
            };
            if !twice && matches!(e, DbError::Taken(Field::Email)) {
                tell_owner(&state, &email, now_ms).await?;
            }
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to("/devenir-benevole/merci").into_response())
}

/// When `email` already belongs to someone, tells them they are signed up (with the way to
/// sign in).
async fn tell_owner(state: &AppState, email: &Email, now_ms: i64) -> AppResult<()> {
    let Some(owner) = db::people::by_email(&state.db, email.as_str()).await? else {
        return Ok(());
    };
    let link = state.config.link("/espace/connexion");
    let message = emails::already_signed_up(
        email.as_str(),
        &owner.profile.first_name,
        &link,
        format!("again:{}", random_hex(16)),
    )?;
    db::outbox::enqueue_now(&state.db, &[message], Some(owner.id), now_ms).await?;
    Ok(())
}

#[derive(Template, WebTemplate)]
#[template(path = "signup/thanks.html")]
pub struct ThanksPage {
    chrome: Chrome,
}

pub async fn thanks(chrome: Chrome) -> ThanksPage {
    ThanksPage { chrome }
}

#[derive(Template, WebTemplate)]
#[template(path = "signup/confirm.html")]
pub struct ConfirmPage {
    chrome: Chrome,
    token: String,
    /// The link is still valid: a button uses it.
    usable: bool,
}

/// The link opens a page with a button: mail scanners that follow links do not use it up. A
/// used or expired link says so at once; just after use, the message says it is confirmed.
pub async fn confirm_form(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(token): Path<String>,
) -> AppResult<ConfirmPage> {
    let usable = db::people::peek_token(&state.db, &sha256_hex(&token), state.clock.now_ms())
        .await?
        .is_some_and(|(_, purpose)| purpose == Purpose::ConfirmEmail);
    Ok(ConfirmPage { chrome, token, usable })
}

const CONFIRMED: &str = "Merci ! Votre adresse e-mail est confirmée. \
    L'équipe de votre territoire a reçu votre inscription. Elle vous contactera pour un entretien.";

pub async fn confirm(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let person = db::people::consume_token(&state.db, &sha256_hex(&token), Purpose::ConfirmEmail, now_ms).await?;
    let confirmed = match person {
        Some(id) => db::people::confirm_email(&state.db, id, now_ms).await?,
        None => false,
    };
    if !confirmed {
        let page = ConfirmPage {
            chrome,
            token,
            usable: false,
        };
        return Ok(page.into_response());
    }
    flash::set(&session, CONFIRMED).await?;
    Ok(Redirect::to(&format!("/confirmer/{token}")).into_response())
}
