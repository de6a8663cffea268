//! The isolated person, when they have an e-mail address, answers the proposal themselves
//! once the volunteer accepted: yes (both get each other's contact details and a first
//! meeting to arrange in a public place) or no thank you (the volunteer is told kindly).
//! The link acts on that binôme only, once, and signs nobody in (the browser keeps only the
//! outcome for the page after the redirect). Easy-to-read page.

use crate::app::AppState;
use crate::db::pairings::{Notices, Pairing};
use crate::db::sms::{NewSms, Question, QuestionKind};
use crate::db::{self, people::Person};
use crate::domain::link::{Kind, Purpose};
use crate::domain::pairing::{Action, EndReason, Plan, State as PairingState};
use crate::domain::reach::Reach;
use crate::domain::sms::{SmsKind, texts};
use crate::links;
use crate::mail::emails;
use crate::secret::sha256_hex;
use crate::web::error::AppResult;
use crate::web::extract::Now;
use crate::web::flash;
use crate::web::form::parse_body;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

/// Asks the person whether she agrees, in `notices`: by e-mail with a link, or by SMS (she
/// answers OUI or NON); nothing when she has neither (the coordinator calls her instead).
pub(crate) fn request(
    state: &AppState,
    pairing: &Pairing,
    person: &Person,
    volunteer: &Person,
    notices: &mut Notices,
    now_ms: i64,
) -> anyhow::Result<()> {
    match Reach::of(&person.profile) {
        Reach::Email(address) => {
            let minted = links::mint(Kind::Agreement, now_ms);
            let link = state.config.link(&minted.path);
            let key = format!("agreement:{}", pairing.id);
            let email = emails::agreement_request(
                address,
                &person.profile.first_name,
                &volunteer.profile.first_name,
                &link,
                key,
            )?;
            notices.emails.push((person.id, email));
            notices
                .links
                .push((person.id, minted.row(Purpose::Agreement(pairing.id))));
        }
        Reach::Sms(phone) => notices.questions.push(Question {
            sms: NewSms {
                team_id: pairing.team_id,
                person_id: Some(person.id),
                phone: phone.to_string(),
                body: texts::agreement_question(&volunteer.profile.first_name),
                kind: SmsKind::Notice,
                key: format!("agreement:{}", pairing.id),
            },
            kind: QuestionKind::Agreement,
            subject_id: pairing.id,
        }),
        // A letter cannot be answered: the coordinator asks on the phone.
        Reach::Call | Reach::Letter(_) => {}
    }
    Ok(())
}

#[derive(Template, WebTemplate)]
#[template(path = "pairings/agreement.html")]
pub struct AgreementPage {
    chrome: Chrome,
    token: String,
    /// (volunteer's first name, what brings them together); None when the link no longer works.
    details: Option<(String, Vec<String>)>,
    /// Set once answered: yes or no.
    answered: Option<bool>,
}

async fn of_link(state: &AppState, token: &str, now_ms: i64) -> AppResult<Option<(Pairing, Person, Person)>> {
    let Some((person_id, Purpose::Agreement(id))) =
        db::people::peek_token(&state.db, &sha256_hex(token), now_ms).await?
    else {
        return Ok(None);
    };
    let Some(pairing) = db::pairings::pairing(&state.db, id)
        .await?
        .filter(|p| p.beneficiary_id == person_id && p.state == PairingState::Accepted)
    else {
        return Ok(None);
    };
    let (Some(person), Some(volunteer)) = (
        db::people::by_id(&state.db, pairing.beneficiary_id).await?,
        db::people::by_id(&state.db, pairing.volunteer_id).await?,
    ) else {
        return Ok(None);
    };
    Ok(Some((pairing, person, volunteer)))
}

/// Writes the answer's plan; false when there is none (the binôme moved on) or it moved meanwhile.
async fn write(state: &AppState, plan: Option<Plan>, notices: &Notices, now_ms: i64) -> AppResult<bool> {
    match plan {
        Some(plan) => Ok(db::pairings::write(&state.db, &plan, notices, now_ms).await?),
        None => Ok(false),
    }
}

fn gone(chrome: Chrome, token: String) -> AgreementPage {
    AgreementPage {
        chrome,
        token,
        details: None,
        answered: None,
    }
}

pub async fn form(
    State(state): State<AppState>,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
) -> AppResult<AgreementPage> {
    if let Some(outcome) = flash::take_outcome(&session, &page_path(&token)).await? {
        return Ok(AgreementPage {
            answered: Some(outcome == YES),
            ..gone(chrome, token)
        });
    }
    let Some((pairing, _, volunteer)) = of_link(&state, &token, state.clock.now_ms()).await? else {
        return Ok(gone(chrome, token));
    };
    // What they share; how long the person waited is the team's business, not news to her.
    let mut reasons = crate::domain::reciprocity::for_person(db::suggestions::reasons(&state.db, &pairing).await?);
    reasons.retain(|r| !r.starts_with(crate::matching::explain::WAITING));
    Ok(AgreementPage {
        details: Some((volunteer.profile.first_name, reasons)),
        ..gone(chrome, token)
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Answer {
    answer: String,
}

fn page_path(token: &str) -> String {
    format!("/accord/{token}")
}

const YES: &str = "oui";

/// The answer is recorded, then the browser goes back to the link's page, which thanks her:
/// a refresh cannot post it again.
pub async fn answer(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    session: Session,
    Path(token): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let form: Answer = parse_body(&body);
    let yes = match form.answer.as_str() {
        YES => true,
        "non" => false,
        _ => {
            return Ok(self::form(State(state), chrome, session, Path(token))
                .await?
                .into_response());
        }
    };
    let Some((pairing, person, volunteer)) = of_link(&state, &token, now_ms).await? else {
        return Ok(gone(chrome, token).into_response());
    };
    if db::people::consume_token(&state.db, &sha256_hex(&token), Purpose::Agreement(pairing.id), now_ms)
        .await?
        .is_none()
    {
        return Ok(gone(chrome, token).into_response());
    }
    let moved = decide(
        &state,
        &pairing,
        &person,
        &volunteer,
        yes,
        "la personne (par le lien reçu)",
        now_ms,
    )
    .await?;
    if !moved {
        return Ok(gone(chrome, token).into_response());
    }
    let path = page_path(&token);
    flash::set_outcome(&session, &path, if yes { YES } else { "non" }).await?;
    Ok(Redirect::to(&path).into_response())
}

/// The person's answer, however it came (her link, an SMS): yes, both are told and the
/// binôme moves on; no, the volunteer is told kindly and it ends. False when the binôme had
/// moved on meanwhile.
pub(crate) async fn decide(
    state: &AppState,
    pairing: &Pairing,
    person: &Person,
    volunteer: &Person,
    yes: bool,
    by: &str,
    now_ms: i64,
) -> AppResult<bool> {
    let moved = if yes {
        let place = super::pairings::suggested_place(state, person).await?;
        let meeting = format!("à convenir ensemble, par exemple à {place}");
        let told = super::pairings::agreement_emails(pairing, person, volunteer, &meeting, &|_| None)?;
        let note = Some(format!("première rencontre : {meeting}"));
        let plan = Plan::step(pairing.binome(), Action::Agree, by, note, now_ms);
        let notices = told.into_notices();
        write(state, plan, &notices, now_ms).await?
    } else {
        // The volunteer never met the person: told kindly, without a feedback form.
        let mut told = crate::notice::Told::default();
        let key = format!("pairing_ended:{}:{}", pairing.id, volunteer.id);
        let (first, other) = (&volunteer.profile.first_name, &person.profile.first_name);
        told.tell(
            volunteer,
            pairing.team_id,
            Some(pairing.id),
            |address| emails::pairing_ended(address, first, other, true, false, "", key),
            || crate::notice::Call {
                what: format!("{other} n'a pas souhaité ce binôme"),
                words: crate::notice::ended_words(other, true),
            },
        )?;
        let note = Some("la personne n'a pas souhaité ce binôme".into());
        let plan =
            Plan::step(pairing.binome(), Action::End, by, note, now_ms).map(|p| p.ended_because(EndReason::Other));
        let notices = told.into_notices();
        write(state, plan, &notices, now_ms).await?
    };
    Ok(moved)
}
