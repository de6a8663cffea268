//! Pause, resume, or end a binôme. Either side may stop at any time without a reason; the
//! other is told kindly and never learns why. Each side with an e-mail address gets a link to
//! a short feedback form, and the person chooses whether to go back on the waiting list.

use crate::app::AppState;
use crate::db::pairings::{Notices, Pairing, PersonLink};
use crate::db::{self, people::Person};
use crate::domain::link::{Kind as LinkKind, Purpose};
use crate::domain::pairing::{Action, EndReason, Plan};
use crate::domain::person::{Kind, Status};
use crate::mail::emails;
use crate::notice::Told;
use crate::web::error::AppResult;
use crate::web::extract::CurrentStaff;
use crate::web::extract::Now;
use crate::web::form::parse_body;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
struct EndForm {
    action: String,
    asked_by: String,
    end_reason: String,
    /// What the person does next: "waiting" (back on the list) or "pause".
    after: String,
    reason: String,
}

/// Where a person stands when ready to be paired again.
pub(crate) fn ready_status(p: &Person) -> Status {
    match p.kind {
        Kind::Volunteer => Status::Approved,
        Kind::Beneficiary => Status::Waiting,
    }
}

/// Who is told of an ending, and how: the side who did not ask is told kindly (both, when
/// the team ends it) — by e-mail with a link to say how it went, or by a call of the
/// coordinator for someone without an address.
pub(crate) fn ending_emails(
    state: &AppState,
    pairing: &Pairing,
    sides: [(&Person, &Person, bool); 2],
    now_ms: i64,
) -> anyhow::Result<(Told, Vec<PersonLink>)> {
    let (mut told, mut links) = (Told::default(), Vec::new());
    for (side, other, asked) in sides {
        let minted = crate::links::mint(LinkKind::Feedback, now_ms);
        let link = state.config.link(&minted.path);
        let key = format!("pairing_ended:{}:{}", pairing.id, side.id);
        let volunteer = side.kind == Kind::Volunteer;
        let other_name = &other.profile.first_name;
        if Told::by_email(side) {
            links.push((side.id, minted.row(Purpose::Feedback(pairing.id))));
        }
        told.tell(
            side,
            pairing.team_id,
            Some(pairing.id),
            |address| {
                emails::pairing_ended(address, &side.profile.first_name, other_name, volunteer, asked, &link, key)
            },
            || crate::notice::Call {
                what: if asked {
                    format!("le binôme avec {other_name} est arrêté, comme demandé")
                } else {
                    format!("le binôme avec {other_name} s'arrête")
                },
                words: if asked {
                    format!("Votre binôme avec {other_name} est arrêté, comme vous l'avez demandé. Comment cela s'est-il passé ?")
                } else {
                    crate::notice::ended_words(other_name, volunteer)
                },
            },
        )?;
    }
    Ok((told, links))
}

/// Pause, resume, or end (asked by either side; the other is told kindly, without the reason).
pub async fn change(
    State(state): State<AppState>,
    Now(now_ms): Now,
    CurrentStaff(me): CurrentStaff,
    session: tower_sessions::Session,
    Path(id): Path<i32>,
    body: Bytes,
) -> AppResult<Redirect> {
    let (pairing, person, volunteer) = super::pairings::managed(&state, &me, id).await?;
    let back = Redirect::to(&format!("/binomes/{id}"));
    let form: EndForm = parse_body(&body);
    let action = match form.action.as_str() {
        "pause" => Action::Pause,
        "resume" => Action::Resume,
        "end" => Action::End,
        _ => return Ok(back),
    };
    let note = Some(form.reason.trim().chars().take(500).collect::<String>()).filter(|r| !r.is_empty());
    let by = format!("{} ({})", me.name, me.role.label());
    let Some(mut plan) = Plan::step(pairing.binome(), action, &by, note, now_ms) else {
        return Ok(back);
    };
    let mut notices = Notices::default();
    if action == Action::End {
        let (person_asked, volunteer_asked) = match form.asked_by.as_str() {
            "person" => (true, false),
            "volunteer" => (false, true),
            "team" => (false, false),
            // Nobody is presumed to have asked: without the answer, nothing ends.
            _ => return Ok(Redirect::to(&format!("/binomes/{id}#fin"))),
        };
        let sides = [
            (&volunteer, &person, volunteer_asked),
            (&person, &volunteer, person_asked),
        ];
        let (told, links) = ending_emails(&state, &pairing, sides, now_ms)?;
        notices = Notices {
            emails: told.emails,
            calls: told.calls,
            sms: told.sms,
            links,
            ..Default::default()
        };
        plan = plan.ended_because(EndReason::parse(&form.end_reason));
        if form.after == "pause" {
            plan = plan.person_takes_a_break(person.status);
        }
    }
    notices.journal = crate::web::rgpd::binome_change(&me, id, [person.id, volunteer.id], plan.to().label());
    db::pairings::write(&state.db, &plan, &notices, now_ms).await?;
    let message = match action {
        Action::Pause => "Binôme en pause : les points de suivi attendent sa reprise.",
        Action::Resume => "Binôme repris : les points de suivi reprennent.",
        _ => {
            "Binôme arrêté : les deux personnes sont prévenues (par e-mail, ou par vous au téléphone : voir « À prévenir » sur le tableau de bord)."
        }
    };
    crate::web::flash::set(&session, message).await?;
    Ok(back)
}
