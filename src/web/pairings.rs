//! A binôme after approval: the coordinator records the person's agreement (both then get
//! each other's chosen contact details and a first meeting in a public place), the first
//! meeting, pauses, and the end — asked by either side at any time, without a reason.

use crate::app::AppState;
use crate::db::pairings::{Notices, Pairing};
use crate::db::{self, people::Person, staff::StaffMember};
use crate::domain::pairing::{Action, EndReason, Plan, State as PairingState, next};
use crate::domain::profile::ContactChannel;
use crate::mail::emails;
use crate::notice::Told;
use crate::web::error::{AppError, AppResult};
use crate::web::extract::CurrentStaff;
use crate::web::extract::Now;
use crate::web::form::{FieldErrors, parse_body};
use crate::web::meeting::MeetingForm;
use crate::web::page::Chrome;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

/// A binôme the staff member manages, with its isolated person and its volunteer.
pub(crate) async fn managed(state: &AppState, me: &StaffMember, id: i32) -> AppResult<(Pairing, Person, Person)> {
    let p = db::access::managed_pairing(&state.db, &me.reader(), id).await??;
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
    /// The team's places for a first meeting.
    venues: Vec<crate::db::meetings::Venue>,
    /// The first meeting set, if any.
    shown: Option<crate::web::meeting::Shown>,
    /// A public place to suggest when the team has none listed.
    suggestion: String,
    errors: FieldErrors,
    end_reasons: [EndReason; 6],
    /// (who, feedback) given at the end.
    feedback: Vec<(String, db::feedback::Feedback)>,
    /// The person's phone number, grouped in pairs, for the call.
    phone: Option<String>,
    /// An active binôme: when its next check-in falls due, and how.
    next_checkin: Option<String>,
    /// The team's transport solidaire, when one of the two has no transport.
    transport: Option<crate::domain::transport::Contact>,
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

    /// The meeting can be set, changed or cancelled: the binôme is agreed, not met yet.
    fn meeting_open(&self) -> bool {
        self.pairing.state == PairingState::Agreed
    }

    /// A place of the list was refused (closed at that time): offer to confirm it anyway.
    fn offer_confirm(&self) -> bool {
        self.errors.get("venue").is_some() && self.meeting.venue.parse::<i32>().is_ok()
    }
}

pub(crate) async fn page(
    state: &AppState,
    chrome: Chrome,
    me: &StaffMember,
    id: i32,
    meeting: Option<MeetingForm>,
    errors: FieldErrors,
) -> AppResult<PairingPage> {
    let (pairing, person, volunteer) = managed(state, me, id).await?;
    let journal = Some(crate::web::timeline::Journal::of_pairing(state, id).await?);
    let shown = crate::web::meeting::shown(state, id).await?;
    let meeting = match (meeting, &shown) {
        (Some(m), _) => m,
        (None, Some((stored, _))) => MeetingForm::of(stored),
        (None, None) => MeetingForm::default(),
    };
    let venues = db::meetings::venues_of(&state.db, pairing.team_id).await?;
    let suggestion = suggested_place(state, &person).await?;
    let feedback = db::feedback::of_pairing(&state.db, id)
        .await?
        .into_iter()
        .map(|f| {
            let who = if f.person_id == person.id { &person } else { &volunteer };
            (who.full_name(), f)
        })
        .collect();
    let next_checkin = if pairing.state == PairingState::Active {
        let now_ms = state.clock.now_ms();
        let next = db::dashboard::next_checkin_of(&state.db, id).await?;
        crate::web::dashboard::next_checkin_words(&next, Told::by_email(&person), now_ms)
    } else {
        None
    };
    let transport = transport_for(state, pairing.team_id, &person, &volunteer).await?;
    Ok(PairingPage {
        transport,
        chrome,
        phone: person
            .profile
            .phone
            .as_deref()
            .map(crate::domain::profile::spaced_phone),
        next_checkin,
        pairing,
        person,
        volunteer,
        journal,
        meeting,
        venues,
        shown: shown.map(|(_, s)| s),
        suggestion,
        errors,
        end_reasons: EndReason::ALL,
        feedback,
    })
}

/// The team's transport solidaire contact, when the person has no transport or the volunteer
/// no car (and the team named one).
pub(crate) async fn transport_for(
    state: &AppState,
    team_id: i32,
    beneficiary: &Person,
    volunteer: &Person,
) -> AppResult<Option<crate::domain::transport::Contact>> {
    use crate::domain::transport::{contact_useful, has_car};
    if !contact_useful(
        beneficiary.profile.needs_transport,
        has_car(&volunteer.profile.travel_means),
    ) {
        return Ok(None);
    }
    Ok(db::transport::of_team(&state.db, team_id).await?)
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
    match p.profile.contact_channel {
        ContactChannel::Referent => out.push("par l'intermédiaire de l'équipe de coordination".to_string()),
        ContactChannel::Postal => out.push("par courrier, par l'intermédiaire de l'équipe".to_string()),
        ContactChannel::Email | ContactChannel::Phone | ContactChannel::Sms => {
            if let Some(phone) = &p.profile.phone {
                out.push(format!("téléphone : {}", crate::domain::profile::spaced_phone(phone)));
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

/// Once both agree: each side is told the other's chosen contact details and the first
/// meeting — by e-mail, or by a call of the coordinator for someone without an address.
pub(crate) fn agreement_emails(
    pairing: &Pairing,
    person: &Person,
    volunteer: &Person,
    meeting: &str,
    calendar: &dyn Fn(&Person) -> Option<String>,
) -> anyhow::Result<Told> {
    let mut told = Told::default();
    for (side, other) in [(volunteer, person), (person, volunteer)] {
        let key = format!("agreed:{}:{}", pairing.id, side.id);
        let other_name = &other.profile.first_name;
        let reach = contacts(other);
        told.tell(
            side,
            pairing.team_id,
            Some(pairing.id),
            |address| {
                let mut email =
                    emails::pairing_agreed(address, &side.profile.first_name, other_name, &reach, meeting, key)?;
                email.ics = calendar(other);
                Ok(email)
            },
            || crate::notice::Call {
                what: format!("la première rencontre avec {other_name}"),
                words: format!(
                    "Vous allez rencontrer {other_name} : {meeting}. Pour la joindre : {}.",
                    reach.join(", ")
                ),
            },
        )?;
    }
    Ok(told)
}

/// A public place to suggest for a first meeting in the person's commune.
pub(crate) async fn suggested_place(state: &AppState, person: &Person) -> AppResult<String> {
    let commune = db::communes::by_code(&state.db, person.profile.commune_code())
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(format!("la médiathèque ou un café du centre, à {commune}"))
}

/// The person agreed (on the phone with the coordinator): both sides get the other's chosen
/// contact details and the proposed first meeting.
pub async fn agree(
    State(state): State<AppState>,
    Now(now_ms): Now,
    chrome: Chrome,
    CurrentStaff(me): CurrentStaff,
    session: tower_sessions::Session,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let (pairing, person, volunteer) = managed(&state, &me, id).await?;
    let form: MeetingForm = parse_body(&body);
    let decided = match crate::web::meeting::decide(&state, pairing.team_id, &form, now_ms).await? {
        Ok(d) => d,
        Err(errors) => return Ok(page(&state, chrome, &me, id, Some(form), errors).await?.into_response()),
    };
    let when = crate::domain::meeting::when_words(decided.planned.starts_at);
    let meeting = format!("{when}, {}", decided.place.words);
    let by = format!("{} ({})", me.name, me.role.label());
    let note = Some(format!("première rencontre proposée : {meeting}"));
    let plan = Plan::step(pairing.binome(), Action::Agree, &by, note, now_ms).ok_or(AppError::NotFound)?;
    let current = db::meetings::of_pairing(&state.db, id).await?;
    let stored = db::meetings::Meeting {
        pairing_id: id,
        starts_at: decided.planned.starts_at,
        ends_at: decided.planned.ends_at,
        venue_id: decided.planned.venue_id,
        place: decided.planned.place.clone(),
        sequence: db::meetings::next_sequence(current.map(|m| m.sequence)),
        cancelled_at: None,
    };
    let host = crate::web::meeting::host(&state);
    let calendar = |other: &Person| {
        Some(crate::jobs::meeting::calendar_file(
            id,
            &host,
            &stored,
            &decided.place,
            &other.profile.first_name,
            now_ms,
        ))
    };
    let told = agreement_emails(&pairing, &person, &volunteer, &meeting, &calendar)?;
    let what = "accord et première rencontre enregistrés";
    let notices = Notices {
        journal: crate::web::rgpd::binome_change(&me, id, [person.id, volunteer.id], what),
        ..told.into_notices()
    };
    let change = db::meetings::Change::Set {
        planned: &decided.planned,
        reminder_at: crate::domain::meeting::reminder_at(stored.starts_at, now_ms),
    };
    db::meetings::agree(&state.db, &plan, &notices, change, now_ms).await?;
    let message = "Accord enregistré : les deux personnes sont prévenues de la première rencontre (par e-mail, ou par vous au téléphone : voir « À prévenir » sur le tableau de bord).";
    crate::web::flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/binomes/{id}")).into_response())
}

/// The first meeting took place: the binôme is introduced, then active.
pub async fn introduced(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentStaff(me): CurrentStaff,
    session: tower_sessions::Session,
    Path(id): Path<i32>,
) -> AppResult<Redirect> {
    let (pairing, person, volunteer) = managed(&state, &me, id).await?;
    let by = format!("{} ({})", me.name, me.role.label());
    // The first check-in, two weeks from now, is scheduled with the activation itself.
    let plan = Plan::steps(
        pairing.binome(),
        &[Action::Introduce, Action::Activate],
        &by,
        None,
        now_ms,
    );
    if let Some(plan) = plan {
        let what = "première rencontre faite, binôme en cours";
        let notices = Notices {
            journal: crate::web::rgpd::binome_change(&me, id, [person.id, volunteer.id], what),
            ..Default::default()
        };
        db::meetings::met(&state.db, &plan, &notices, now_ms).await?;
        let message =
            "Première rencontre notée : le binôme est en cours. Le premier point de suivi part dans deux semaines.";
        crate::web::flash::set(&session, message).await?;
    }
    Ok(Redirect::to(&format!("/binomes/{id}")))
}
