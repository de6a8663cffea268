//! What people answer by SMS. The sender's number finds the person; her one pending question
//! is answered with the same effect as its page: agreement (OUI / NON, as `/accord/`) or
//! check-in (ÇA VA, MOYEN, PAS BIEN, RAPPELEZ-MOI, as `/point/`: « pas bien » and
//! « rappelez-moi » raise the alert at once). STOP stops every SMS. Anything else, or no
//! pending question, or an unknown number, goes to the coordinator's desk. Replies are short
//! and do not count toward the weekly limit.

use crate::app::AppState;
use crate::db::checkins::{Answers, NewAlert};
use crate::db::people::Person;
use crate::db::sms::{Inbound, NewSms, QuestionKind};
use crate::db::{self};
use crate::domain::alert::AlertKind;
use crate::domain::checkin::{Decision, Mood, alert_for};
use crate::domain::pairing::State as PairingState;
use crate::domain::profile::spaced_phone;
use crate::domain::sms::words::{self, Answer, Feeling};
use crate::domain::sms::{SmsKind, texts};
use crate::worker::Stop;

/// One pass of the SMS worker: sends what is due, takes in what people sent, handles it.
pub async fn pass(state: &AppState, now_ms: i64, stop: &Stop) -> anyhow::Result<usize> {
    let delivery = crate::sms::deliver_due_until(&state.db, &state.config.sms_dir, now_ms, stop).await?;
    let handled = handle_received(state, now_ms).await?;
    Ok(delivery.busy() + handled)
}

/// Handles every SMS received and not handled yet; returns how many. Each is claimed first,
/// so that two instances never act on the same answer.
pub async fn handle_received(state: &AppState, now_ms: i64) -> anyhow::Result<usize> {
    let mut n = 0;
    for inbound in db::sms::unhandled(&state.db).await? {
        if db::sms::handled(&state.db, inbound.id, now_ms).await? {
            handle(state, &inbound, now_ms).await?;
            n += 1;
        }
    }
    Ok(n)
}

async fn handle(state: &AppState, inbound: &Inbound, now_ms: i64) -> anyhow::Result<()> {
    let person = match inbound.person_id {
        Some(id) => db::people::by_id(&state.db, id).await?,
        None => None,
    };
    let Some(person) = person else {
        let message = format!(
            "SMS d'un numéro inconnu ({}) : « {} »",
            spaced_phone(&inbound.phone),
            inbound.text
        );
        return desk(state, inbound, None, message, now_ms).await;
    };
    let answer = words::read(&inbound.text);
    if answer == Some(Answer::Stop) {
        db::sms::stop(&state.db, inbound, person.id, &person.full_name(), now_ms).await?;
        return Ok(());
    }
    let question = db::sms::pending_question(&state.db, person.id).await?;
    let reply = match (question, answer) {
        (Some(q), Some(Answer::Yes | Answer::No)) if q.kind == QuestionKind::Agreement => {
            let yes = answer == Some(Answer::Yes);
            db::sms::answered(&state.db, q.id, now_ms).await?;
            agreement(state, &person, q.subject_id, yes, now_ms)
                .await?
                .then_some(texts::THANKS)
        }
        (Some(q), Some(Answer::Feel(feeling))) if q.kind == QuestionKind::Checkin => {
            db::sms::answered(&state.db, q.id, now_ms).await?;
            checkin(state, &person, q.subject_id, feeling, now_ms).await?
        }
        _ => None,
    };
    let reply = match reply {
        Some(reply) => reply,
        None => {
            let message = format!("{} a écrit par SMS : « {} »", person.full_name(), inbound.text);
            desk(state, inbound, Some(person.id), message, now_ms).await?;
            texts::PASSED_ON
        }
    };
    if person.profile.sms_stopped_at.is_none() {
        let sms = NewSms {
            team_id: inbound.team_id,
            person_id: Some(person.id),
            phone: inbound.phone.clone(),
            body: reply.to_string(),
            kind: SmsKind::Reply,
            key: format!("reply:{}", inbound.id),
        };
        db::sms::enqueue_now(&state.db, &[sms], now_ms).await?;
    }
    Ok(())
}

/// A message for the coordinator on the desk (the alert e-mails the team, without it).
async fn desk(
    state: &AppState,
    inbound: &Inbound,
    person_id: Option<i32>,
    message: String,
    now_ms: i64,
) -> anyhow::Result<()> {
    let alert = NewAlert {
        team_id: inbound.team_id,
        pairing_id: None,
        person_id,
        kind: AlertKind::SmsReceived,
        message,
    };
    db::checkins::raise_alert(&state.db, &alert, now_ms).await?;
    Ok(())
}

/// OUI or NON to the agreement question: as her link would. False when the binôme moved on.
async fn agreement(state: &AppState, person: &Person, pairing_id: i32, yes: bool, now_ms: i64) -> anyhow::Result<bool> {
    let Some(pairing) = db::pairings::pairing(&state.db, pairing_id)
        .await?
        .filter(|p| p.beneficiary_id == person.id && p.state == PairingState::Accepted)
    else {
        return Ok(false);
    };
    let Some(volunteer) = db::people::by_id(&state.db, pairing.volunteer_id).await? else {
        return Ok(false);
    };
    let by = "la personne (par SMS)";
    Ok(super::agreement::decide(state, &pairing, person, &volunteer, yes, by, now_ms).await?)
}

/// A check-in answered by SMS: recorded as the page records it, the alert raised at once for
/// « pas bien » and « rappelez-moi ». The reply, or None when the check-in was already closed.
async fn checkin(
    state: &AppState,
    person: &Person,
    checkin_id: i32,
    feeling: Feeling,
    now_ms: i64,
) -> anyhow::Result<Option<&'static str>> {
    let Some(c) = db::checkins::by_id(&state.db, checkin_id)
        .await?
        .filter(|c| c.person_id == person.id && !c.answered)
    else {
        return Ok(None);
    };
    let Some(pairing) = db::pairings::pairing(&state.db, c.pairing_id).await? else {
        return Ok(None);
    };
    let (mood, call_back) = match feeling {
        Feeling::Good => (Some(Mood::Good), false),
        Feeling::Medium => (Some(Mood::SoSo), false),
        Feeling::Bad => (Some(Mood::Bad), false),
        Feeling::CallMe => (None, true),
    };
    let mood_code = match mood {
        Some(Mood::Good) => "bien",
        Some(Mood::SoSo) => "moyen",
        Some(Mood::Bad) => "pas_bien",
        None => "",
    };
    let what = alert_for(mood.unwrap_or(Mood::SoSo), Decision::Continue, call_back);
    let alert = what.map(|what| NewAlert {
        team_id: pairing.team_id,
        pairing_id: Some(pairing.id),
        person_id: Some(person.id),
        kind: if mood == Some(Mood::Bad) {
            AlertKind::Distress
        } else {
            AlertKind::CallBack
        },
        message: format!(
            "{} : {what} (point de suivi n° {}, par SMS).",
            person.full_name(),
            c.number
        ),
    });
    let raised = alert.is_some();
    let answers = Answers {
        met: String::new(),
        mood: mood_code.to_string(),
        decision: "continuer".to_string(),
        call_back,
        isolation: None,
        comment: None,
    };
    if !db::checkins::answer(&state.db, &c, &answers, "la personne, par SMS", alert, &[], now_ms).await? {
        return Ok(None);
    }
    Ok(Some(if raised { texts::WILL_CALL } else { texts::THANKS }))
}
