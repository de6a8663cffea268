//! The check-in form reached by an e-mailed link (plain French for volunteers, easy-to-read
//! for the isolated person), with the emergency numbers on every page.

use crate::app::AppState;
use crate::db::{
    self,
    checkins::{Answers, Checkin, NewAlert},
};
use crate::domain::alert::AlertKind;
use crate::domain::checkin::{Decision, Mood, alert_for};
use crate::domain::link::Purpose;
use crate::domain::profile::parse_isolation;
use crate::secret::sha256_hex;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::Now;
use crate::web::flash;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Template, WebTemplate)]
#[template(path = "checkins/form.html")]
pub struct CheckinPage {
    chrome: Chrome,
    /// Where the form posts: the e-mailed link, or the coordinator's call page.
    action: String,
    /// None when the link no longer works.
    other: Option<String>,
    falc: bool,
    values: CheckinForm,
    errors: FieldErrors,
    done: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CheckinForm {
    met: String,
    mood: String,
    decision: String,
    call_back: String,
    isolation: String,
    comment: String,
}

impl CheckinForm {
    /// The 0–10 scale of "do you feel lonely": (value, label, checked).
    pub fn isolation_scale(&self) -> Vec<(i32, String, bool)> {
        (0..=10)
            .map(|n| {
                let label = match n {
                    0 => "0 (pas du tout)".to_string(),
                    10 => "10 (très seul·e)".to_string(),
                    n => n.to_string(),
                };
                (n, label, self.isolation.trim() == n.to_string())
            })
            .collect()
    }
}

async fn checkin_of_link(state: &AppState, token: &str, now_ms: i64) -> AppResult<Option<Checkin>> {
    let Some((person_id, Purpose::CheckIn(id))) = db::people::peek_token(&state.db, &sha256_hex(token), now_ms).await?
    else {
        return Ok(None);
    };
    Ok(db::checkins::by_id(&state.db, id)
        .await?
        .filter(|c| c.person_id == person_id && !c.answered))
}

async fn other_name(state: &AppState, c: &Checkin) -> AppResult<String> {
    let p = db::pairings::pairing(&state.db, c.pairing_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let other = if c.person_id == p.volunteer_id {
        p.beneficiary_id
    } else {
        p.volunteer_id
    };
    Ok(db::people::by_id(&state.db, other)
        .await?
        .map(|o| o.profile.first_name)
        .unwrap_or_default())
}

/// After an answer: the thanks, and whether the team will call (its words depend on it).
const WILL_CALL: &str = "appel";
const WILL_READ: &str = "lu";

pub async fn form(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
) -> AppResult<CheckinPage> {
    let action = format!("/point/{token}");
    if let Some(outcome) = flash::take_outcome(&session, &action).await? {
        let values = CheckinForm {
            call_back: if outcome == WILL_CALL { "oui" } else { "non" }.into(),
            ..CheckinForm::default()
        };
        return Ok(CheckinPage {
            chrome,
            action,
            other: None,
            falc: true,
            values,
            errors: FieldErrors::default(),
            done: true,
        });
    }
    let Some(c) = checkin_of_link(&state, &token, state.clock.now_ms()).await? else {
        return Ok(CheckinPage {
            chrome,
            action: format!("/point/{token}"),
            other: None,
            falc: false,
            values: CheckinForm::default(),
            errors: FieldErrors::default(),
            done: false,
        });
    };
    let other = Some(other_name(&state, &c).await?);
    Ok(CheckinPage {
        chrome,
        action: format!("/point/{token}"),
        other,
        falc: c.role == "beneficiary",
        values: CheckinForm::default(),
        errors: FieldErrors::default(),
        done: false,
    })
}

/// The answers are recorded, then the browser goes back to the link's page, which thanks
/// them: a refresh cannot post them again.
pub async fn submit(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let values: CheckinForm = parse_body(&body);
    let action = format!("/point/{token}");
    let Some(c) = checkin_of_link(&state, &token, now_ms).await? else {
        return Ok(CheckinPage {
            chrome,
            action,
            other: None,
            falc: false,
            values,
            errors: FieldErrors::default(),
            done: false,
        }
        .into_response());
    };
    let purpose = Purpose::CheckIn(c.id);
    let path = action.clone();
    let page = record(
        &state,
        chrome,
        action,
        c,
        values,
        ("la personne, par le lien", &[]),
        now_ms,
        |state| async move {
            Ok(
                db::people::consume_token(&state.db, &sha256_hex(&token), purpose, now_ms)
                    .await?
                    .is_some(),
            )
        },
    )
    .await?;
    if !page.done {
        return Ok(page.into_response());
    }
    let outcome = if page.team_will_call() { WILL_CALL } else { WILL_READ };
    flash::set_outcome(&session, &path, outcome).await?;
    Ok(Redirect::to(&path).into_response())
}

impl CheckinPage {
    /// Whether the answers ask the team to call (the thanks then says it will).
    pub fn team_will_call(&self) -> bool {
        let v = &self.values;
        match (Mood::parse(&v.mood), Decision::parse(&v.decision)) {
            (Some(mood), Some(decision)) => alert_for(mood, decision, v.call_back == "oui").is_some(),
            _ => v.call_back == "oui",
        }
    }
}

/// Validates the answers and records them (with an alert when they call for one, and the
/// journal lines of staff who typed them), once `claim` confirms this answer may be recorded
/// (the link was not used meanwhile). `by` is who answered, as the check-in shows it.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record<F, Fut>(
    state: &AppState,
    chrome: Chrome,
    action: String,
    c: Checkin,
    values: CheckinForm,
    (by, journal): (&str, &[db::audit::Line]),
    now_ms: i64,
    claim: F,
) -> AppResult<CheckinPage>
where
    F: FnOnce(AppState) -> Fut,
    Fut: std::future::Future<Output = AppResult<bool>>,
{
    let falc = c.role == "beneficiary";
    let mut errors = FieldErrors::default();
    if values.met != "oui" && values.met != "non" {
        errors.add("met", "Répondez oui ou non.");
    }
    let mood = Mood::parse(&values.mood);
    if mood.is_none() {
        errors.add("mood", "Choisissez une réponse : bien, moyen ou pas bien.");
    }
    let decision = Decision::parse(&values.decision);
    if decision.is_none() {
        errors.add("decision", "Choisissez : continuer, faire une pause ou arrêter.");
    }
    // Only the isolated person is asked how lonely they feel (the indicators count it).
    let isolation = if falc {
        errors.check("isolation", parse_isolation(&values.isolation)).flatten()
    } else {
        None
    };
    let comment = errors.check(
        "comment",
        crate::domain::text::free_text(&values.comment, crate::domain::text::FREE_TEXT_MAX),
    );
    let (Some(mood), Some(decision), true) = (mood, decision, errors.is_empty()) else {
        let other = Some(other_name(state, &c).await?);
        return Ok(CheckinPage {
            chrome,
            action,
            other,
            falc,
            values,
            errors,
            done: false,
        });
    };
    let call_back = values.call_back == "oui";
    let answers = Answers {
        met: values.met.clone(),
        mood: values.mood.clone(),
        decision: values.decision.clone(),
        call_back,
        isolation,
        comment: comment.filter(|t| !t.is_empty()),
    };
    let pairing = db::pairings::pairing(&state.db, c.pairing_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let alert = match alert_for(mood, decision, call_back) {
        Some(what) => {
            let name = db::people::by_id(&state.db, c.person_id)
                .await?
                .map(|p| p.full_name())
                .unwrap_or_default();
            let calm = call_back && mood != Mood::Bad && decision != Decision::Stop;
            Some(NewAlert {
                team_id: pairing.team_id,
                pairing_id: Some(pairing.id),
                person_id: Some(c.person_id),
                kind: if calm { AlertKind::CallBack } else { AlertKind::Distress },
                message: format!("{name} : {what} (point de suivi n° {}).", c.number),
            })
        }
        None => None,
    };
    if claim(state.clone()).await? {
        db::checkins::answer(&state.db, &c, &answers, by, alert, journal, now_ms).await?;
    }
    Ok(CheckinPage {
        chrome,
        action,
        other: None,
        falc,
        values,
        errors,
        done: true,
    })
}

/// The coordinator calls the person and types the answers (call task).
pub async fn call_form(
    State(state): State<AppState>,
    chrome: Chrome,
    crate::web::extract::CurrentStaff(me): crate::web::extract::CurrentStaff,
    Path((pairing_id, checkin_id)): Path<(i32, i32)>,
) -> AppResult<CheckinPage> {
    let c = call_task(&state, &me, pairing_id, checkin_id).await?;
    let other = Some(other_name(&state, &c).await?);
    let action = format!("/binomes/{pairing_id}/point/{checkin_id}");
    Ok(CheckinPage {
        chrome,
        action,
        other,
        falc: true,
        values: CheckinForm::default(),
        errors: FieldErrors::default(),
        done: false,
    })
}

/// The answers typed during the call are recorded, then the coordinator is back on the desk
/// for the next call, told whose answers were saved.
pub async fn call_submit(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    crate::web::extract::CurrentStaff(me): crate::web::extract::CurrentStaff,
    Path((pairing_id, checkin_id)): Path<(i32, i32)>,
    body: Bytes,
) -> AppResult<Response> {
    let c = call_task(&state, &me, pairing_id, checkin_id).await?;
    let values: CheckinForm = parse_body(&body);
    let by = format!("{} ({}), par téléphone", me.name, me.role.label());
    let action = format!("/binomes/{pairing_id}/point/{checkin_id}");
    let (person_id, number) = (c.person_id, c.number);
    let what = format!("point de suivi n° {number} répondu par téléphone");
    let journal = [crate::web::rgpd::change(&me, person_id, &what)];
    let page = record(
        &state,
        chrome,
        action,
        c,
        values,
        (&by, &journal),
        state.clock.now_ms(),
        |_| async { Ok(true) },
    )
    .await?;
    if !page.done {
        return Ok(page.into_response());
    }
    let name = db::people::by_id(&state.db, person_id)
        .await?
        .map(|p| p.full_name())
        .unwrap_or_default();
    let next = if page.team_will_call() {
        " Une alerte est ouverte : elle attend d'être traitée."
    } else {
        ""
    };
    flash::set(
        &session,
        format!("Réponses de {name} enregistrées (point de suivi n° {number}, par téléphone).{next}"),
    )
    .await?;
    Ok(Redirect::to("/tableau-de-bord").into_response())
}

/// A check-in of a binôme the staff member manages, still unanswered.
pub(crate) async fn call_task(
    state: &AppState,
    me: &crate::db::staff::StaffMember,
    pairing_id: i32,
    checkin_id: i32,
) -> AppResult<Checkin> {
    db::access::managed_pairing(&state.db, &me.reader(), pairing_id).await??;
    db::checkins::by_id(&state.db, checkin_id)
        .await?
        .filter(|c| c.pairing_id == pairing_id && !c.answered)
        .ok_or(AppError::NotFound)
}
