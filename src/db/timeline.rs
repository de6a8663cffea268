//! Everything that happened to a person or a binôme, gathered in a fixed number of queries:
//! sign-up, consents, suggestions, pairing steps, check-ins, alerts and notes.

use super::entities::{alert, checkin, consent, pairing, pairing_transition, person, suggestion};
use super::notes::{self, Note};
use super::{Db, DbError, DbResult};
use crate::domain::pairing::SuggestionStatus;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// What happened. Names are looked up in `Timeline::names` by person id.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    SignedUp {
        volunteer: bool,
    },
    /// A volunteer's application was decided (`approved` is the outcome).
    Decided {
        approved: bool,
    },
    Consented {
        method: String,
    },
    ConsentWithdrawn {
        by: Option<String>,
    },
    Left,
    Suggested {
        beneficiary: i32,
        volunteer: i32,
        score: f64,
    },
    SuggestionDecided {
        beneficiary: i32,
        volunteer: i32,
        status: SuggestionStatus,
    },
    Step {
        pairing_id: i32,
        beneficiary: i32,
        volunteer: i32,
        to: String,
        by: String,
        note: Option<String>,
    },
    CheckinDue {
        pairing_id: i32,
        person: i32,
        number: i32,
    },
    CheckinAnswered {
        pairing_id: i32,
        person: i32,
        number: i32,
        answers: Answers,
    },
    AlertRaised {
        kind: String,
        message: String,
    },
    AlertClosed {
        kind: String,
        by: Option<String>,
    },
    Note(Note),
}

/// A check-in's answers as stored (codes, not words).
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    pub met: Option<String>,
    pub mood: Option<String>,
    pub decision: Option<String>,
    pub call_back: bool,
    pub comment: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: i64,
    pub what: What,
}

/// The events, newest first, and the names of the people they mention.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub events: Vec<Event>,
    pub names: HashMap<i32, String>,
}

fn finish(mut events: Vec<Event>, names: HashMap<i32, String>) -> Timeline {
    // Stable: events of the same instant keep the order they were gathered in, reversed.
    events.reverse();
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    Timeline { events, names }
}

/// A person's story. `now_ms` hides check-ins not due yet.
pub async fn of_person(db: &Db, person_id: i32, now_ms: i64) -> DbResult<Timeline> {
    let Some(me) = person::Entity::find_by_id(person_id).one(&db.conn).await? else {
        return Ok(Timeline::default());
    };
    let mine = Condition::any()
        .add(pairing::Column::BeneficiaryId.eq(person_id))
        .add(pairing::Column::VolunteerId.eq(person_id));
    let pairings = pairing::Entity::find().filter(mine).all(&db.conn).await?;
    let ids: Vec<i32> = pairings.iter().map(|p| p.id).collect();
    let mine = Condition::any()
        .add(suggestion::Column::BeneficiaryId.eq(person_id))
        .add(suggestion::Column::VolunteerId.eq(person_id));
    let suggestions = suggestion::Entity::find().filter(mine).all(&db.conn).await?;
    let mut people: Vec<i32> = pairings
        .iter()
        .flat_map(|p| [p.beneficiary_id, p.volunteer_id])
        .chain(suggestions.iter().flat_map(|s| [s.beneficiary_id, s.volunteer_id]))
        .collect();
    people.sort_unstable();
    people.dedup();
    let names = super::dashboard::full_names(db, &people).await?;

    let mut events = vec![Event {
        at: me.created_at,
        what: What::SignedUp {
            volunteer: me.kind == crate::domain::person::Kind::Volunteer.code(),
        },
    }];
    if let Some(at) = me.decided_at {
        let approved = me.status != crate::domain::person::Status::Declined.code();
        events.push(Event {
            at,
            what: What::Decided { approved },
        });
    }
    for c in consent::Entity::find()
        .filter(consent::Column::PersonId.eq(person_id))
        .all(&db.conn)
        .await?
    {
        events.push(Event {
            at: c.signed_at,
            what: What::Consented { method: c.method },
        });
        if let Some(at) = c.withdrawn_at {
            events.push(Event {
                at,
                what: What::ConsentWithdrawn { by: c.withdrawn_by },
            });
        }
    }
    if let Some(at) = me.left_at {
        events.push(Event { at, what: What::Left });
    }
    push_suggestions(&mut events, suggestions)?;
    push_steps(db, &mut events, &pairings).await?;
    let checkins = checkin::Entity::find()
        .filter(checkin::Column::PersonId.eq(person_id))
        .all(&db.conn)
        .await?;
    push_checkins(&mut events, checkins, now_ms);
    let alerts = alert::Entity::find()
        .filter(alert::Column::PersonId.eq(person_id))
        .all(&db.conn)
        .await?;
    push_alerts(&mut events, alerts);
    push_notes(&mut events, notes::of_person(db, person_id, &ids).await?);
    Ok(finish(events, names))
}

/// A binôme's story, from the suggestion that proposed it.
pub async fn of_pairing(db: &Db, pairing_id: i32, now_ms: i64) -> DbResult<Timeline> {
    let Some(p) = pairing::Entity::find_by_id(pairing_id).one(&db.conn).await? else {
        return Ok(Timeline::default());
    };
    let names = super::dashboard::full_names(db, &[p.beneficiary_id, p.volunteer_id]).await?;
    let suggestions = suggestion::Entity::find()
        .filter(suggestion::Column::BeneficiaryId.eq(p.beneficiary_id))
        .filter(suggestion::Column::VolunteerId.eq(p.volunteer_id))
        .all(&db.conn)
        .await?;
    let mut events = Vec::new();
    push_suggestions(&mut events, suggestions)?;
    push_steps(db, &mut events, std::slice::from_ref(&p)).await?;
    let checkins = checkin::Entity::find()
        .filter(checkin::Column::PairingId.eq(pairing_id))
        .all(&db.conn)
        .await?;
    push_checkins(&mut events, checkins, now_ms);
    let alerts = alert::Entity::find()
        .filter(alert::Column::PairingId.eq(pairing_id))
        .all(&db.conn)
        .await?;
    push_alerts(&mut events, alerts);
    push_notes(&mut events, notes::of_pairing(db, pairing_id).await?);
    Ok(finish(events, names))
}

fn push_suggestions(events: &mut Vec<Event>, rows: Vec<suggestion::Model>) -> DbResult<()> {
    for s in rows {
        events.push(Event {
            at: s.created_at,
            what: What::Suggested {
                beneficiary: s.beneficiary_id,
                volunteer: s.volunteer_id,
                score: s.score,
            },
        });
        if let Some(at) = s.decided_at {
            events.push(Event {
                at,
                what: What::SuggestionDecided {
                    beneficiary: s.beneficiary_id,
                    volunteer: s.volunteer_id,
                    status: SuggestionStatus::parse(&s.status)
                        .ok_or_else(|| DbError::Corrupt(format!("suggestion status {:?}", s.status)))?,
                },
            });
        }
    }
    Ok(())
}

async fn push_steps(db: &Db, events: &mut Vec<Event>, pairings: &[pairing::Model]) -> DbResult<()> {
    let rows = pairing_transition::Entity::find()
        .filter(pairing_transition::Column::PairingId.is_in(pairings.iter().map(|p| p.id)))
        .all(&db.conn)
        .await?;
    for t in rows {
        let Some(p) = pairings.iter().find(|p| p.id == t.pairing_id) else {
            continue;
        };
        events.push(Event {
            at: t.at,
            what: What::Step {
                pairing_id: p.id,
                beneficiary: p.beneficiary_id,
                volunteer: p.volunteer_id,
                to: t.to_state,
                by: t.by_who,
                note: t.note,
            },
        });
    }
    Ok(())
}

fn push_checkins(events: &mut Vec<Event>, rows: Vec<checkin::Model>, now_ms: i64) {
    for c in rows.into_iter().filter(|c| c.due_at <= now_ms) {
        events.push(Event {
            at: c.due_at,
            what: What::CheckinDue {
                pairing_id: c.pairing_id,
                person: c.person_id,
                number: c.number,
            },
        });
        if let Some(at) = c.answered_at {
            events.push(Event {
                at,
                what: What::CheckinAnswered {
                    pairing_id: c.pairing_id,
                    person: c.person_id,
                    number: c.number,
                    answers: Answers {
                        met: c.met,
                        mood: c.mood,
                        decision: c.decision,
                        call_back: c.call_back,
                        comment: c.comment,
                        by: c.answered_by,
                    },
                },
            });
        }
    }
}

fn push_alerts(events: &mut Vec<Event>, rows: Vec<alert::Model>) {
    for a in rows {
        events.push(Event {
            at: a.created_at,
            what: What::AlertRaised {
                kind: a.kind.clone(),
                message: a.message,
            },
        });
        if let Some(at) = a.closed_at {
            events.push(Event {
                at,
                what: What::AlertClosed {
                    kind: a.kind,
                    by: a.closed_by,
                },
            });
        }
    }
}

fn push_notes(events: &mut Vec<Event>, notes: Vec<Note>) {
    for n in notes {
        events.push(Event {
            at: n.created_at,
            what: What::Note(n),
        });
    }
}
