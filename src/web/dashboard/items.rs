//! What each row of the desk says: the alert, the call, the pair, the person, built from
//! the rows `db::dashboard` reads (shared by the desk and the printed call sheet).

use super::checkin_state::CheckinState;
use crate::db::dashboard::{self as desk, PairRow, PersonRow};
use crate::domain::dates::french_date;
use crate::domain::duration::whole_days_between;

pub struct AlertItem {
    pub id: i32,
    pub kind: &'static str,
    /// A call task « À prévenir »: closed by « Appel fait ».
    pub call_task: bool,
    pub title: &'static str,
    pub message: String,
    pub since: String,
    pub person_id: Option<i32>,
    pub pairing_id: Option<i32>,
    /// The call form of the person's check-in still open, if any.
    pub call: Option<String>,
}

pub struct CallItem {
    pub link: String,
    pub name: String,
    pub phone: Option<String>,
    pub volunteer: String,
    pub number: i32,
    pub commune: String,
    pub due: String,
    /// When the person prefers to be called, and the calls that got no answer so far.
    pub call_when: Option<String>,
    pub attempts: i32,
}

pub struct Named {
    pub id: i32,
    pub name: String,
}

pub struct PairItem {
    pub id: i64,
    pub person: Named,
    pub volunteer: Named,
    pub commune: String,
    /// The person's phone number, grouped in pairs.
    pub phone: Option<String>,
    /// Suggestions: the score; sent proposals: who must answer; binômes: "en pause" or "".
    pub detail: String,
    pub days: i64,
    pub checkin: CheckinState,
    /// Active binômes: when the next check-in falls due, and how.
    pub next: Option<String>,
}

/// A person waiting (with why nobody fits yet) or a volunteer to approve.
pub struct PersonItem {
    pub person: Named,
    pub commune: String,
    pub days: i64,
    pub reason: String,
}

pub fn named(id: i32, first: &str, last: &str) -> Named {
    Named {
        id,
        name: format!("{first} {last}"),
    }
}

pub fn days_since(ms: i64, now_ms: i64) -> i64 {
    whole_days_between(ms, now_ms)
}

pub fn alert_item(a: desk::AlertRow) -> AlertItem {
    AlertItem {
        id: a.id,
        kind: a.kind.code(),
        call_task: a.kind == crate::domain::alert::AlertKind::ToTell,
        title: a.kind.title(),
        since: french_date(a.created_at),
        call: a
            .call_pairing
            .zip(a.call_checkin)
            .map(|(p, c)| format!("/binomes/{p}/point/{c}")),
        message: a.message,
        person_id: a.person_id,
        pairing_id: a.pairing_id,
    }
}

pub fn pair(row: PairRow, detail: String, now_ms: i64) -> PairItem {
    let active = row.state == crate::domain::pairing::State::Active.code();
    PairItem {
        id: row.id,
        next: active
            .then(|| super::next_checkin::words(&row.next, row.b_email.is_some(), now_ms))
            .flatten(),
        phone: row.b_phone.as_deref().map(crate::domain::profile::spaced_phone),
        commune: row.place.label(),
        person: named(row.b_id, &row.b_first, &row.b_last),
        volunteer: named(row.v_id, &row.v_first, &row.v_last),
        detail,
        days: days_since(row.updated_at, now_ms),
        checkin: CheckinState::of(row.worst_mood, row.round_due, now_ms),
    }
}

pub fn sent_detail(p: &PairRow) -> String {
    if p.state == crate::domain::pairing::State::Proposed.code() {
        format!("attend la réponse de {}", p.v_first)
    } else if p.b_email.is_some() {
        format!(
            "{} a accepté : {} a reçu un lien pour donner son accord",
            p.v_first, p.b_first
        )
    } else {
        // Off the call list without an address: she was asked by SMS.
        format!(
            "{} a accepté : {} a reçu un SMS pour donner son accord",
            p.v_first, p.b_first
        )
    }
}

/// What to do about an accepted proposal of the call list.
fn call_for_agreement(p: &PairRow) -> String {
    format!("{} a accepté : appeler {} pour son accord", p.v_first, p.b_first)
}

pub fn person_item(p: PersonRow, reason: String, now_ms: i64) -> PersonItem {
    PersonItem {
        commune: p.place.label(),
        days: days_since(p.since, now_ms),
        person: named(p.id, &p.first_name, &p.last_name),
        reason,
    }
}

pub fn call_item(c: desk::CallRow) -> CallItem {
    CallItem {
        link: format!("/binomes/{}/point/{}", c.pairing_id, c.checkin_id),
        name: format!("{} {}", c.b_first, c.b_last),
        phone: c.phone.as_deref().map(crate::domain::profile::spaced_phone),
        volunteer: format!("{} {}", c.v_first, c.v_last),
        number: c.number,
        commune: c.place.label(),
        due: french_date(c.due_at),
        call_when: c.call_when,
        attempts: c.attempts,
    }
}

/// An accepted proposal whose person the team calls for her agreement.
pub fn agreement_item(row: PairRow, now_ms: i64) -> PairItem {
    let detail = call_for_agreement(&row);
    pair(row, detail, now_ms)
}
