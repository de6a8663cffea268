//! The timeline of a person or a binôme in plain French, newest first, with the team's note
//! form (templates/timeline.html). Shown only to staff who manage the person.

use crate::app::AppState;
use crate::db::timeline::{Answers, Event, Timeline, What};
use crate::db::{self, notes::Note};
use crate::domain::consent::ConsentMethod;
use crate::domain::dates::french_date;
use crate::domain::pairing::{State, SuggestionStatus};
use crate::domain::rgpd::{ERASED_SOMEONE, name_for_others};
use crate::web::error::AppResult;
use std::collections::HashMap;

/// One line of the timeline.
pub struct Item {
    pub date: String,
    /// The CSS class of its kind of event.
    pub kind: &'static str,
    pub title: String,
    pub detail: Option<String>,
    /// The page of the binôme the event belongs to, on a person's page.
    pub link: Option<String>,
}

/// The timeline block of a page, with the note form (what was typed, and why it was refused).
pub struct Journal {
    pub items: Vec<Item>,
    pub note_action: String,
    pub note: String,
    pub error: Option<String>,
}

impl Journal {
    pub async fn of_person(state: &AppState, person_id: i32) -> AppResult<Self> {
        let t = db::timeline::of_person(&state.db, person_id, state.clock.now_ms()).await?;
        Ok(Self::new(&t, true, format!("/personnes/{person_id}/notes")))
    }

    pub async fn of_pairing(state: &AppState, pairing_id: i32) -> AppResult<Self> {
        let t = db::timeline::of_pairing(&state.db, pairing_id, state.clock.now_ms()).await?;
        Ok(Self::new(&t, false, format!("/binomes/{pairing_id}/notes")))
    }

    fn new(t: &Timeline, on_person: bool, note_action: String) -> Self {
        Journal {
            items: t.events.iter().map(|e| item(e, &t.names, on_person)).collect(),
            note_action,
            note: String::new(),
            error: None,
        }
    }

    /// The note form alone, shown again with what was typed and the reason it was refused.
    pub fn refused(note_action: String, note: String, error: String) -> Self {
        Journal {
            items: Vec::new(),
            note_action,
            note,
            error: Some(error),
        }
    }
}

fn alert_title(code: &str) -> &'static str {
    crate::domain::alert::AlertKind::parse(code).map_or("alerte", |k| k.in_journal())
}

fn mood_word(code: &str) -> &str {
    match code {
        "pas_bien" => "pas bien",
        other => other,
    }
}

fn decision_words(code: &str) -> &str {
    match code {
        "pause" => "faire une pause",
        "arreter" => "arrêter",
        other => other,
    }
}

fn answers(a: &Answers) -> String {
    let mut parts = Vec::new();
    if let Some(met) = &a.met {
        parts.push(format!("se sont vus ou parlé : {met}"));
    }
    if let Some(d) = &a.decision {
        parts.push(format!("pour la suite : {}", decision_words(d)));
    }
    if a.call_back {
        parts.push("demande à être rappelé·e".to_string());
    }
    if let Some(c) = &a.comment {
        parts.push(format!("« {c} »"));
    }
    if let Some(by) = &a.by {
        parts.push(format!("saisi par {by}"));
    }
    parts.join(" ; ")
}

fn item(e: &Event, names: &HashMap<i32, String>, on_person: bool) -> Item {
    let name = |id: &i32| {
        names
            .get(id)
            .map_or_else(|| format!("personne n° {id}"), |n| name_for_others(n).to_string())
    };
    // « Lucie Martin avec une personne dont les données ont été effacées », in this order.
    let pair = |b: &i32, v: &i32| match (name(b), name(v)) {
        (b, v) if b == ERASED_SOMEONE => format!("{v} avec {b}"),
        (b, v) => format!("{b} avec {v}"),
    };
    let link = |id: &i32| on_person.then(|| format!("/binomes/{id}"));
    let (kind, title, detail, link) = match &e.what {
        What::SignedUp { volunteer: true } => ("event-signup", "Inscription comme bénévole".into(), None, None),
        What::SignedUp { volunteer: false } => {
            ("event-signup", "Inscription sur la liste d'attente".into(), None, None)
        }
        What::Decided { approved: true } => ("event-signup", "Bénévole validé·e par l'équipe".into(), None, None),
        What::Decided { approved: false } => ("event-signup", "Bénévole non retenu·e".into(), None, None),
        What::Consented { method } => {
            let how = ConsentMethod::parse(method).map_or("", ConsentMethod::short);
            ("event-consent", format!("Charte signée ({how})"), None, None)
        }
        What::ConsentWithdrawn { by } => (
            "event-consent",
            "Consentement retiré".into(),
            by.as_ref().map(|b| format!("par {b}")),
            None,
        ),
        What::Left => ("event-consent", "La personne a arrêté".into(), None, None),
        What::Suggested {
            beneficiary,
            volunteer,
            score,
        } => (
            "event-proposal",
            format!("Proposition calculée : {}", pair(beneficiary, volunteer)),
            Some(format!("{score:.0} points")),
            None,
        ),
        What::SuggestionDecided {
            beneficiary,
            volunteer,
            status,
        } => {
            let what = match status {
                SuggestionStatus::Approved => "approuvée par l'équipe",
                SuggestionStatus::Rejected => "rejetée par l'équipe",
                SuggestionStatus::Replaced | SuggestionStatus::Suggested => "remplacée par une autre",
            };
            (
                "event-proposal",
                format!("Proposition {what} : {}", pair(beneficiary, volunteer)),
                None,
                None,
            )
        }
        What::Step {
            pairing_id,
            beneficiary,
            volunteer,
            to,
            by,
            note,
        } => {
            let state = State::parse(to).map_or_else(|| to.clone(), |s| s.label().to_string());
            let detail = match note {
                Some(n) => format!("par {by} ; {n}"),
                None => format!("par {by}"),
            };
            (
                "event-step",
                format!("Binôme {} : {state}", pair(beneficiary, volunteer)),
                Some(detail),
                link(pairing_id),
            )
        }
        What::CheckinDue { person, number, .. } => (
            "event-checkin",
            format!("Point de suivi n° {number} à faire avec {}", name(person)),
            None,
            None,
        ),
        What::CheckinAnswered {
            person,
            number,
            answers: a,
            ..
        } => {
            let mood = a.mood.as_deref().map_or("", mood_word);
            (
                "event-checkin",
                format!("Point de suivi n° {number} : {} va « {mood} »", name(person)),
                Some(answers(a)),
                None,
            )
        }
        What::AlertRaised { kind, message } => (
            "event-alert",
            format!("Alerte ({})", alert_title(kind)),
            Some(message.clone()),
            None,
        ),
        What::AlertClosed { kind, by } => (
            "event-alert",
            format!("Alerte traitée ({})", alert_title(kind)),
            by.as_ref().map(|b| format!("par {b}")),
            None,
        ),
        What::Note(Note { author, text, .. }) => (
            "event-note",
            format!("Note de {}", author.as_deref().unwrap_or("l'équipe")),
            Some(text.clone()),
            None,
        ),
    };
    Item {
        date: french_date(e.at),
        kind,
        title,
        detail,
        link,
    }
}
