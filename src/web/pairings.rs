//! A binôme after approval: the coordinator records the person's agreement (both then get
//! each other's chosen contact details and a first meeting in a public place), the first
//! meeting, pauses, and the end — asked by either side at any time, without a reason.

use crate::app::AppState;
use crate::db::{self, matching::Pairing, people::Person, staff::StaffMember};
use crate::domain::access::{Reader, can_manage};
use crate::domain::checkin;
use crate::domain::email::OutgoingEmail;
use crate::domain::pairing::{Action, State as PairingState, next};
use crate::domain::person::Kind;
use crate::epoch_ms;
use crate::error::{AppError, AppResult};
use crate::mail::emails;
use crate::web::extract::CurrentStaff;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;

async fn managed(state: &AppState, me: &StaffMember, id: i32) -> AppResult<(Pairing, Person, Person)> {
    let p = db::matching::pairing(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let reader = Reader {
        role: me.role,
        staff_id: me.id,
        team_ids: &me.team_ids,
    };
    if !can_manage(&reader, Some(p.team_id)) {
        return Err(AppError::Forbidden);
    }
    let person = db::people::by_id(&state.db, p.beneficiary_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let volunteer = db::people::by_id(&state.db, p.volunteer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((p, person, volunteer))
}

#[derive(Template, WebTemplate)]
#[template(path = "pairings/show.html")]
pub struct PairingPage {
    chrome: Chrome,
    pairing: Pairing,
    person: Person,
    volunteer: Person,
    /// The binôme's timeline and the note form.
    journal: Option<crate::web::timeline::Journal>,
    meeting: MeetingForm,
    errors: FieldErrors,
}

impl PairingPage {
    fn can(&self, action: &str) -> bool {
        let action = match action {
            "agree" => Action::Agree,
            "introduce" => Action::Introduce,
            "pause" => Action::Pause,
            "resume" => Action::Resume,
            _ => Action::End,
        };
        next(self.pairing.state, action).is_some()
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MeetingForm {
    when: String,
    place: String,
}

async fn page(
    state: &AppState,
    chrome: Chrome,
    me: &StaffMember,
    id: i32,
    meeting: Option<MeetingForm>,
    errors: FieldErrors,
) -> AppResult<PairingPage> {
    let (pairing, person, volunteer) = managed(state, me, id).await?;
    let journal = Some(crate::web::timeline::Journal::of_pairing(state, id).await?);
    let commune = db::communes::by_code(&state.db, &person.profile.commune)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let meeting = meeting.unwrap_or_else(|| MeetingForm {
        when: String::new(),
        place: format!("la médiathèque ou un café du centre, à {commune}"),
    });
    Ok(PairingPage {
        chrome,
        pairing,
        person,
        volunteer,
        journal,
        meeting,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<PairingPage> {
    page(&state, chrome, &me, id, None, FieldErrors::default()).await
}

/// How to reach `p`, in the way they chose.
fn contacts(p: &Person) -> Vec<String> {
    let mut out = Vec::new();
    match p.profile.contact_channel.as_str() {
        "referent" => out.push("par l'intermédiaire de l'équipe de coordination".to_string()),
        "postal" => out.push("par courrier, par l'intermédiaire de l'équipe".to_string()),
        _ => {
            if let Some(phone) = &p.profile.phone {
                out.push(format!("téléphone : {phone}"));
            }
            if let Some(email) = &p.profile.email {
                out.push(format!("e-mail : {email}"));
            }
        }
    }
    if out.is_empty() {
        out.push("par l'intermédiaire de l'équipe de coordination".to_string());
    }
    out
}

/// The person agreed (on the phone with the coordinator): both sides get the other's chosen
/// contact details and the proposed first meeting.
pub async fn agree(
    State(state): State<AppState>,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let (pairing, person, volunteer) = managed(&state, &me, id).await?;
    let form: MeetingForm = parse_body(&body);
    let mut errors = FieldErrors::default();
    if form.when.trim().is_empty() {
        errors.add(
            "when",
            "Indiquez le jour et l'heure proposés, par exemple « mardi 2 décembre à 15 h ».",
        );
    }
    if form.place.trim().is_empty() {
        errors.add("place", "Indiquez un lieu public pour la première rencontre.");
    }
    if !errors.is_empty() {
        return Ok(page(&state, chrome, &me, id, Some(form), errors).await?.into_response());
    }
    let to = next(pairing.state, Action::Agree).ok_or(AppError::NotFound)?;
    let meeting = format!("{}, {}", form.when.trim(), form.place.trim());
    let mut mails: Vec<(i32, OutgoingEmail)> = Vec::new();
    for (me_side, other) in [(&volunteer, &person), (&person, &volunteer)] {
        if let Some(address) = &me_side.profile.email {
            let key = format!("agreed:{}:{}", pairing.id, me_side.id);
            mails.push((
                me_side.id,
                emails::pairing_agreed(
                    address,
                    &me_side.profile.first_name,
                    &other.profile.first_name,
                    &contacts(other),
                    &meeting,
                    key,
                )?,
            ));
        }
    }
    let by = format!("{} ({})", me.name, me.role.label());
    let note = Some(format!("première rencontre proposée : {meeting}"));
    db::matching::transition_many(
        &state.db,
        &pairing,
        db::matching::Change {
            steps: &[(pairing.state, to)],
            by: &by,
            note,
            emails: &mails,
            jobs: &[],
        },
        epoch_ms(Utc::now()),
    )
    .await?;
    Ok(Redirect::to(&format!("/binomes/{id}")).into_response())
}

/// The first meeting took place: the binôme is introduced, then active.
pub async fn introduced(
    State(state): State<AppState>,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    let (pairing, _, _) = managed(&state, &me, id).await?;
    let by = format!("{} ({})", me.name, me.role.label());
    let steps = [
        (PairingState::Agreed, PairingState::Introduced),
        (PairingState::Introduced, PairingState::Active),
    ];
    if pairing.state == PairingState::Agreed {
        let now_ms = epoch_ms(Utc::now());
        // The first check-in, two weeks from now, is scheduled with the activation itself.
        let first = (
            db::jobs::CHECKIN_DUE,
            checkin::due_at(now_ms, 1),
            format!("checkin:{id}:1"),
        );
        db::matching::transition_many(
            &state.db,
            &pairing,
            db::matching::Change {
                steps: &steps,
                by: &by,
                note: None,
                emails: &[],
                jobs: &[first],
            },
            now_ms,
        )
        .await?;
    }
    Ok(Redirect::to(&format!("/binomes/{id}")))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EndForm {
    action: String,
    asked_by: String,
    reason: String,
}

/// Pause, resume, or end (asked by either side; the other is told kindly, without the reason).
pub async fn change(
    State(state): State<AppState>,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Redirect> {
    let (pairing, person, volunteer) = managed(&state, &me, id).await?;
    let form: EndForm = parse_body(&body);
    let action = match form.action.as_str() {
        "pause" => Action::Pause,
        "resume" => Action::Resume,
        "end" => Action::End,
        _ => return Ok(Redirect::to(&format!("/binomes/{id}"))),
    };
    let Some(to) = next(pairing.state, action) else {
        return Ok(Redirect::to(&format!("/binomes/{id}")));
    };
    let mut mails = Vec::new();
    if action == Action::End {
        // Whoever did not ask is told; if the team ends it, both are.
        let told: Vec<(&Person, &Person)> = match form.asked_by.as_str() {
            "person" => vec![(&volunteer, &person)],
            "volunteer" => vec![(&person, &volunteer)],
            _ => vec![(&volunteer, &person), (&person, &volunteer)],
        };
        for (side, other) in told {
            if let Some(address) = &side.profile.email {
                let key = format!("pairing_ended:{}:{}", pairing.id, side.id);
                let volunteer_side = side.kind == Kind::Volunteer;
                mails.push((
                    side.id,
                    emails::pairing_ended(
                        address,
                        &side.profile.first_name,
                        &other.profile.first_name,
                        volunteer_side,
                        key,
                    )?,
                ));
            }
        }
    }
    let note = Some(form.reason.trim().chars().take(500).collect::<String>()).filter(|r| !r.is_empty());
    let by = format!("{} ({})", me.name, me.role.label());
    db::matching::transition_many(
        &state.db,
        &pairing,
        db::matching::Change {
            steps: &[(pairing.state, to)],
            by: &by,
            note,
            emails: &mails,
            jobs: &[],
        },
        epoch_ms(Utc::now()),
    )
    .await?;
    Ok(Redirect::to(&format!("/binomes/{id}")))
}
