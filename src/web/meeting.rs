//! A binôme's first meeting on its page: the form (a day, a time, one of the team's places or
//! a place typed freely; a warning when the place is closed then, which the coordinator may
//! confirm), changing it (both told again, SEQUENCE + 1), cancelling it (both told,
//! METHOD:CANCEL), and its calendar file to download.

use super::pairings::{managed, page};
use crate::app::AppState;
use crate::db::meetings::{Change, Meeting, Planned, Venue};
use crate::db::pairings::Notices;
use crate::db::{self, pairings::Pairing, people::Person};
use crate::domain::meeting::{self, Hours, Openness, PLACE_MAX};
use crate::domain::pairing::State as PairingState;
use crate::jobs::meeting::{News, Where, calendar_file, host_of, place_of, tell_both};
use crate::web::error::{AppError, AppResult};
use crate::web::extract::{CurrentStaff, Now};
use crate::web::form::{FieldErrors, parse_body};
use crate::web::page::Chrome;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The value of the place list that means "another place, typed below".
pub const OTHER_PLACE: &str = "autre";
/// The value of the box that confirms a meeting at a place closed at that time.
pub const CONFIRMED: &str = "oui";

#[derive(Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct MeetingForm {
    pub day: String,
    pub time: String,
    /// A venue's id, or `OTHER_PLACE`.
    pub venue: String,
    pub place: String,
    /// `CONFIRMED` when the coordinator keeps a place closed at that time.
    pub confirm_closed: String,
    /// The version of the meeting the coordinator saw.
    pub sequence: String,
}

impl MeetingForm {
    /// The form filled with a stored meeting.
    pub fn of(m: &Meeting) -> Self {
        let (day, time) = meeting::fields_of(m.starts_at);
        MeetingForm {
            day,
            time,
            venue: m.venue_id.map_or(OTHER_PLACE.to_string(), |v| v.to_string()),
            place: m.place.clone().unwrap_or_default(),
            confirm_closed: String::new(),
            sequence: m.sequence.to_string(),
        }
    }

    pub fn is_chosen(&self, venue: &Venue) -> bool {
        self.venue == venue.id.to_string()
    }
}

/// A meeting the coordinator decided, checked.
pub struct Decided {
    pub planned: Planned,
    pub place: Where,
}

/// Reads the meeting form of a binôme of `team_id`: field errors (a closed place is one,
/// with its box to confirm), or the meeting.
pub async fn decide(
    state: &AppState,
    team_id: i32,
    form: &MeetingForm,
    now_ms: i64,
) -> AppResult<Result<Decided, FieldErrors>> {
    let mut errors = FieldErrors::default();
    let starts_at = match meeting::parse_start(&form.day, &form.time, now_ms) {
        Ok(at) => Some(at),
        Err(refusals) => {
            for (field, message) in refusals {
                errors.add(field, message);
            }
            None
        }
    };
    let venue = match form.venue.trim() {
        "" | OTHER_PLACE => None,
        id => {
            let found = match id.parse::<i32>() {
                Ok(id) => db::meetings::venue(&state.db, id).await?,
                Err(_) => None,
            };
            match found.filter(|v| v.team_id == team_id) {
                Some(v) => Some(v),
                None => {
                    errors.add("venue", "Choisissez un lieu de la liste.");
                    None
                }
            }
        }
    };
    let place = if venue.is_none() && errors.get("venue").is_none() {
        match errors.check("place", crate::domain::text::one_line(&form.place, PLACE_MAX)) {
            Some(p) if p.is_empty() => {
                errors.add(
                    "place",
                    "Choisissez un lieu de l'équipe, ou indiquez un lieu public (par exemple : café de la Poste, place du marché).",
                );
                None
            }
            p => p,
        }
    } else {
        None
    };
    if let (Some(v), Some(at)) = (&venue, starts_at)
        && form.confirm_closed != CONFIRMED
        && let Ok(hours) = Hours::parse(&v.opening_hours)
        && let (Some(start), Some(end)) = (meeting::local(at), meeting::local(meeting::ends_at(at)))
        && hours.openness(start, end) == Openness::Closed
    {
        errors.add(
            "venue",
            format!(
                "{} est fermé à ce moment-là (horaires : {}). Choisissez un autre moment ou un autre lieu, ou cochez « Confirmer ce lieu quand même » si la rencontre y est possible.",
                v.name, v.opening_hours
            ),
        );
    }
    let Some(starts_at) = starts_at.filter(|_| errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let planned = Planned {
        starts_at,
        ends_at: meeting::ends_at(starts_at),
        venue_id: venue.as_ref().map(|v| v.id),
        place: if venue.is_some() { None } else { place },
    };
    let stored = Meeting {
        pairing_id: 0,
        starts_at,
        ends_at: planned.ends_at,
        venue_id: planned.venue_id,
        place: planned.place.clone(),
        sequence: 0,
        cancelled_at: None,
    };
    let place = place_of(&state.db, &stored).await.map_err(AppError::from)?;
    Ok(Ok(Decided { planned, place }))
}

/// The host of the site, for the calendar's UID.
pub fn host(state: &AppState) -> String {
    host_of(&state.links.url(""))
}

/// Both sides told of the meeting `m` (its new version), as `news`.
fn told(
    state: &AppState,
    pairing: &Pairing,
    people: [&Person; 2],
    m: &Meeting,
    place: &Where,
    news: News,
    now_ms: i64,
) -> AppResult<crate::notice::Told> {
    Ok(tell_both(pairing, people, m, place, news, &host(state), now_ms)?)
}

/// The coordinator sets the first meeting of an agreed binôme, or changes it.
pub async fn set(
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
    if pairing.state != PairingState::Agreed {
        return Ok(Redirect::to(&format!("/binomes/{id}")).into_response());
    }
    let decided = match decide(&state, pairing.team_id, &form, now_ms).await? {
        Ok(d) => d,
        Err(errors) => return Ok(page(&state, chrome, &me, id, Some(form), errors).await?.into_response()),
    };
    let current = db::meetings::of_pairing(&state.db, id).await?;
    let seen = current.as_ref().map(|m| m.sequence);
    if current.is_some() && form.sequence != seen.map(|s| s.to_string()).unwrap_or_default() {
        crate::web::flash::set(
            &session,
            "La rencontre a été changée entre-temps : voici la version à jour.",
        )
        .await?;
        return Ok(Redirect::to(&format!("/binomes/{id}")).into_response());
    }
    let news = if current.as_ref().is_some_and(|m| !m.is_cancelled()) {
        News::Moved
    } else {
        News::Set
    };
    let new = Meeting {
        pairing_id: id,
        starts_at: decided.planned.starts_at,
        ends_at: decided.planned.ends_at,
        venue_id: decided.planned.venue_id,
        place: decided.planned.place.clone(),
        sequence: db::meetings::next_sequence(seen),
        cancelled_at: None,
    };
    let told = told(
        &state,
        &pairing,
        [&volunteer, &person],
        &new,
        &decided.place,
        news,
        now_ms,
    )?;
    let what = "première rencontre fixée ou changée";
    let notices = Notices {
        journal: crate::web::rgpd::binome_change(&me, id, [person.id, volunteer.id], what),
        ..told.into_notices()
    };
    let change = Change::Set {
        planned: &decided.planned,
        reminder_at: meeting::reminder_at(new.starts_at, now_ms),
    };
    if !db::meetings::save(&state.db, id, seen, change, &notices, now_ms).await? {
        crate::web::flash::set(
            &session,
            "La rencontre a été changée entre-temps : voici la version à jour.",
        )
        .await?;
        return Ok(Redirect::to(&format!("/binomes/{id}")).into_response());
    }
    let message = format!(
        "Rencontre enregistrée : {}, {}. Les deux personnes sont prévenues (par e-mail avec le rendez-vous pour leur agenda, ou par vous au téléphone : voir « À prévenir »).",
        meeting::when_words(new.starts_at),
        decided.place.words
    );
    crate::web::flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/binomes/{id}")).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CancelForm {
    sequence: String,
}

/// The coordinator cancels the first meeting: both are told, their calendars drop it.
pub async fn cancel(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentStaff(me): CurrentStaff,
    session: tower_sessions::Session,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Response> {
    let (pairing, person, volunteer) = managed(&state, &me, id).await?;
    let form: CancelForm = parse_body(&body);
    let back = Redirect::to(&format!("/binomes/{id}")).into_response();
    let Some(current) = db::meetings::of_pairing(&state.db, id).await? else {
        return Ok(back);
    };
    if current.is_cancelled() || form.sequence != current.sequence.to_string() {
        return Ok(back);
    }
    let place = place_of(&state.db, &current).await?;
    let cancelled = Meeting {
        sequence: current.sequence + 1,
        cancelled_at: Some(now_ms),
        ..current.clone()
    };
    let told = told(
        &state,
        &pairing,
        [&volunteer, &person],
        &cancelled,
        &place,
        News::Cancelled,
        now_ms,
    )?;
    let notices = Notices {
        journal: crate::web::rgpd::binome_change(&me, id, [person.id, volunteer.id], "première rencontre annulée"),
        ..told.into_notices()
    };
    if db::meetings::save(&state.db, id, Some(current.sequence), Change::Cancel, &notices, now_ms).await? {
        crate::web::flash::set(
            &session,
            "Rencontre annulée : les deux personnes sont prévenues. Vous pouvez en fixer une autre.",
        )
        .await?;
    }
    Ok(back)
}

/// The meeting's calendar file, for the coordinator's own calendar.
pub async fn ics(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentStaff(me): CurrentStaff,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (pairing, person, volunteer) = managed(&state, &me, id).await?;
    let m = db::meetings::of_pairing(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let place = place_of(&state.db, &m).await?;
    let with = format!("{} et {}", person.full_name(), volunteer.full_name());
    let text = calendar_file(pairing.id, &host(&state), &m, &place, &with, now_ms);
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"rencontre-{id}.ics\""),
            ),
        ],
        text,
    )
        .into_response())
}

/// What the binôme's page shows of its meeting.
pub struct Shown {
    pub when: String,
    pub place: String,
    pub accessibility: Option<String>,
    pub sequence: i32,
    pub cancelled: bool,
}

pub async fn shown(state: &AppState, pairing_id: i32) -> AppResult<Option<(Meeting, Shown)>> {
    let Some(m) = db::meetings::of_pairing(&state.db, pairing_id).await? else {
        return Ok(None);
    };
    let place = place_of(&state.db, &m).await?;
    let shown = Shown {
        when: meeting::when_words(m.starts_at),
        place: place.words,
        accessibility: place.accessibility,
        sequence: m.sequence,
        cancelled: m.is_cancelled(),
    };
    Ok(Some((m, shown)))
}
