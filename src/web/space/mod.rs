//! The personal space of a volunteer, or of an isolated person with an e-mail address (in
//! easy-to-read French): reached by a single-use sign-in link, no password.

mod consent;
mod hours;
mod leave;
mod pairings;

use crate::web::extract::Now;
use consent::charter_to_sign;
pub use consent::{consent_form, sign_consent};
pub use hours::{
    form as time_form, save as save_time, statement_csv as time_statement_csv, statement_page as time_statement,
};
pub use leave::{leave, leave_form};
use pairings::{OwnPairing, own_pairings};

use crate::app::AppState;
use crate::db::{self, charters::Charter, people::Person, sessions::PERSON_ID_KEY};
use crate::domain::account::Email;
use crate::domain::link::{Kind as LinkKind, Purpose};
use crate::domain::person::{Kind, Status};
use crate::domain::profile::Profile;
use crate::domain::throttle;
use crate::links;
use crate::mail::emails;
use crate::secret::sha256_hex;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::ClientIp;
use crate::web::flash;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use crate::web::profile_form::{self, ProfileForm, ProfileView};
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use serde::Deserialize;
use tower_sessions::Session;

/// The signed-in volunteer or isolated person; others go to the sign-in page.
pub struct CurrentPerson(pub Person);

impl FromRequestParts<AppState> for CurrentPerson {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_sign_in = || Redirect::to("/espace/connexion").into_response();
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|_| to_sign_in())?;
        let id: Option<i32> = session
            .get(PERSON_ID_KEY)
            .await
            .map_err(|e| AppError::Internal(e.into()).into_response())?;
        let Some(id) = id else { return Err(to_sign_in()) };
        match db::people::by_id(&state.db, id).await {
            Ok(Some(p)) if p.status != Status::Left => Ok(CurrentPerson(p)),
            Ok(_) => Err(to_sign_in()),
            Err(e) => Err(AppError::from(e).into_response()),
        }
    }
}

pub(super) fn session_error(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(e.into())
}

#[derive(Template, WebTemplate)]
#[template(path = "space/sign_in.html")]
pub struct SignInPage {
    chrome: Chrome,
    email: String,
    error: Option<&'static str>,
    sent: bool,
    /// A link was asked for this address (or from this connection) moments ago.
    throttled: bool,
}

/// Where the sign-in form sends the browser once it is done: `?envoye=oui`, or `deja` when a
/// link was asked moments ago. A query rather than a one-time message, so that requests sent
/// together each get the same answer.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInQuery {
    envoye: String,
}

pub async fn sign_in_form(chrome: Chrome, Query(query): Query<SignInQuery>) -> SignInPage {
    SignInPage {
        chrome,
        email: String::new(),
        error: None,
        sent: !query.envoye.is_empty(),
        throttled: query.envoye == "deja",
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignInForm {
    email: String,
}

/// Sends a link when the address belongs to someone still taking part. The answer, and the
/// work done before it, are the same either way, so the page tells nobody who is signed up;
/// the requests are counted per address and per connection first, for both.
pub async fn request_link(
    State(state): State<AppState>,
    Now(now_ms): Now,
    ClientIp(ip): ClientIp,
    chrome: Chrome,
    body: Bytes,
) -> AppResult<Response> {
    let form: SignInForm = parse_body(&body);
    let typed: String = form.email.chars().take(300).collect();
    let email = match Email::parse(&form.email) {
        Ok(email) => email,
        Err(error) => {
            let page = SignInPage {
                chrome,
                email: typed,
                error: Some(error),
                sent: false,
                throttled: false,
            };
            return Ok(page.into_response());
        }
    };
    if !db::throttle::take(&state.db, &throttle::sign_in_link(email.as_str(), &ip), now_ms).await? {
        return Ok(Redirect::to("/espace/connexion?envoye=deja").into_response());
    }
    let person = db::people::by_email(&state.db, email.as_str()).await?;
    if let Some(person) = person.filter(|p| p.status != Status::Left) {
        let minted = links::mint(LinkKind::SignIn, now_ms);
        let link = state.config.link(&minted.path);
        let new = minted.row(Purpose::SignIn);
        let message = emails::sign_in(
            email.as_str(),
            &person.profile.first_name,
            &link,
            format!("sign_in:{}", new.token_sha256),
        )?;
        db::people::send_link(&state.db, person.id, new, message, now_ms).await?;
    }
    Ok(Redirect::to("/espace/connexion?envoye=oui").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "space/link.html")]
pub struct LinkPage {
    chrome: Chrome,
    token: String,
    expired: bool,
}

/// The e-mailed link shows a button; mail scanners that open links do not use it up. A link
/// already used or too old says so at once, as the proposal link does.
pub async fn link_form(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(token): Path<String>,
) -> AppResult<LinkPage> {
    let valid = db::people::peek_token(&state.db, &sha256_hex(&token), state.clock.now_ms())
        .await?
        .is_some_and(|(_, purpose)| purpose == Purpose::SignIn);
    Ok(LinkPage {
        chrome,
        token,
        expired: !valid,
    })
}

pub async fn use_link(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Some(id) = db::people::consume_token(&state.db, &sha256_hex(&token), Purpose::SignIn, now_ms).await? else {
        return Ok(LinkPage {
            chrome,
            token,
            expired: true,
        }
        .into_response());
    };
    // The link reached their mailbox: that also confirms the address.
    db::people::confirm_email(&state.db, id, now_ms).await?;
    session.cycle_id().await.map_err(session_error)?;
    session.insert(PERSON_ID_KEY, id).await.map_err(session_error)?;
    Ok(Redirect::to("/espace").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "space/home.html")]
pub struct HomePage {
    chrome: Chrome,
    person: Person,
    falc: bool,
    commune: String,
    needs_consent: Option<Charter>,
    pairings: Vec<OwnPairing>,
}

impl HomePage {
    fn can_resume(&self) -> bool {
        self.person.status.resumed(self.person.kind).is_some()
    }
}

pub async fn home(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentPerson(person): CurrentPerson,
) -> AppResult<HomePage> {
    let commune = db::communes::label_of(&state.db, person.profile.commune_code()).await?;
    let needs_consent = charter_to_sign(&state, &person).await?;
    let pairings = own_pairings(&state, &person).await?;
    Ok(HomePage {
        chrome,
        falc: person.kind == Kind::Beneficiary,
        person,
        commune,
        needs_consent,
        pairings,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "space/profile.html")]
pub struct ProfilePage {
    chrome: Chrome,
    form: ProfileView,
}

async fn profile_view(
    state: &AppState,
    person: &Person,
    values: ProfileForm,
    errors: FieldErrors,
) -> AppResult<ProfileView> {
    Ok(ProfileView {
        values,
        errors,
        interests: db::interests::active(&state.db).await?,
        candidates: Vec::new(),
        volunteer: person.kind == Kind::Volunteer,
        falc: person.kind == Kind::Beneficiary,
        assisted: false,
    })
}

pub async fn profile_form(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentPerson(person): CurrentPerson,
) -> AppResult<ProfilePage> {
    let label = db::communes::label_of(&state.db, person.profile.commune_code()).await?;
    let values = ProfileForm::from_profile(&person.profile, label);
    Ok(ProfilePage {
        chrome,
        form: profile_view(&state, &person, values, FieldErrors::default()).await?,
    })
}

pub async fn save_profile(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    CurrentPerson(person): CurrentPerson,
    body: Bytes,
) -> AppResult<Response> {
    let mut values: ProfileForm = parse_body(&body);
    // The e-mail address is the sign-in key: it changes through the team, not here.
    values.email = person
        .profile
        .email
        .as_ref()
        .map(|e| e.as_str().to_string())
        .unwrap_or_default();
    if person.kind == Kind::Volunteer {
        values.contact_channel = "email".into();
    }
    let loaded = profile_form::load(&state, &values).await?;
    let verdict = Profile::parse(
        person.kind,
        &values.raw(),
        loaded.commune_code(),
        &loaded.interest_ids(),
        state.clock.now().year(),
    );
    let mut errors = FieldErrors::default();
    let Some(profile) = profile_form::checked(verdict, &mut errors) else {
        let mut form = profile_view(&state, &person, values, errors).await?;
        form.candidates = loaded.candidates;
        return Ok(ProfilePage { chrome, form }.into_response());
    };
    db::people::update_profile(&state.db, person.id, &profile, state.clock.now_ms()).await?;
    let saved = match person.kind {
        Kind::Volunteer => "Votre profil est enregistré. L'équipe en tiendra compte pour les prochaines propositions.",
        Kind::Beneficiary => "C'est enregistré. L'équipe voit vos nouvelles informations.",
    };
    flash::set(&session, saved).await?;
    Ok(Redirect::to("/espace").into_response())
}

pub async fn pause(
    State(state): State<AppState>,
    session: Session,
    CurrentPerson(person): CurrentPerson,
) -> AppResult<Redirect> {
    if let Some(to) = person.status.paused() {
        db::people::change_status(&state.db, person.id, person.status, to, state.clock.now_ms()).await?;
        let paused = match person.kind {
            Kind::Volunteer => {
                "Vous êtes en pause : l'équipe ne vous fera aucune nouvelle proposition. \
                 Vous pouvez reprendre quand vous voulez, ici."
            }
            Kind::Beneficiary => {
                "Vous faites une pause. Personne ne vous sera proposé. Vous pouvez reprendre quand vous voulez."
            }
        };
        flash::set(&session, paused).await?;
    }
    Ok(Redirect::to("/espace"))
}

pub async fn resume(
    State(state): State<AppState>,
    session: Session,
    CurrentPerson(person): CurrentPerson,
) -> AppResult<Redirect> {
    if let Some(to) = person.status.resumed(person.kind) {
        db::people::change_status(&state.db, person.id, person.status, to, state.clock.now_ms()).await?;
        let resumed = match person.kind {
            Kind::Volunteer => "Vous avez repris. L'équipe peut de nouveau vous proposer un binôme, par e-mail.",
            Kind::Beneficiary => "Vous avez repris. L'équipe cherche de nouveau une personne bénévole pour vous.",
        };
        flash::set(&session, resumed).await?;
    }
    Ok(Redirect::to("/espace"))
}

pub async fn sign_out(session: Session) -> AppResult<Redirect> {
    session.flush().await.map_err(session_error)?;
    Ok(Redirect::to("/"))
}
