//! The facts behind the anonymous indicators, read in four queries whatever the period or the
//! number of teams: dates, states, kinds, modes, reasons and answers — never a name, a contact
//! or a free-text note, so that erasing a person's data leaves the figures unchanged.

use super::entities::{checkin, pairing, pairing_transition, person};
use super::{Db, DbResult};
use crate::domain::checkin::Decision;
use crate::domain::indicators::facts::{CheckinFacts, Facts, PairingFacts, PersonFacts};
use crate::domain::pairing::{EndReason, State};
use crate::domain::person::{Kind, Status};
use crate::matching::Mode;
use sea_orm::sea_query::{IntoColumnRef, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, FromQueryResult, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// Rows whose `column` (a pairing id) belongs to a pairing of `teams` (every team for `None`).
fn of_pairings_in(teams: Option<&[i32]>, column: impl ColumnTrait + IntoColumnRef) -> Condition {
    match teams {
        None => Condition::all(),
        Some(ids) => Condition::all().add(
            column.in_subquery(
                Query::select()
                    .column(pairing::Column::Id)
                    .from(pairing::Entity)
                    .and_where(pairing::Column::TeamId.is_in(ids.iter().copied()))
                    .to_owned(),
            ),
        ),
    }
}

fn team_in(teams: Option<&[i32]>, column: impl ColumnTrait) -> Condition {
    match teams {
        None => Condition::all(),
        Some(ids) => Condition::all().add(column.is_in(ids.iter().copied())),
    }
}

#[derive(FromQueryResult)]
struct PairingRow {
    id: i32,
    team_id: i32,
    beneficiary_id: i32,
    state: String,
    mode: String,
    created_at: i64,
    end_reason: Option<String>,
}

#[derive(FromQueryResult)]
struct StepRow {
    pairing_id: i32,
    to_state: String,
    at: i64,
}

#[derive(FromQueryResult)]
struct CheckinRow {
    pairing_id: i32,
    role: String,
    due_at: i64,
    answered_at: Option<i64>,
    decision: Option<String>,
    isolation: Option<i32>,
}

#[derive(FromQueryResult)]
struct PersonRow {
    id: i32,
    team_id: Option<i32>,
    status: String,
    waiting_since: Option<i64>,
    created_at: i64,
    isolation: Option<i32>,
}

/// The facts of `teams` (every team for `None`); check-ins only from `since_ms` on.
pub async fn facts(db: &Db, teams: Option<&[i32]>, since_ms: i64) -> DbResult<Facts> {
    let pairings = pairings(db, teams).await?;
    let team_of: HashMap<i32, i32> = pairings.iter().map(|(id, p)| (*id, p.team_id)).collect();
    use checkin::Column as C;
    let rows: Vec<CheckinRow> = checkin::Entity::find()
        .select_only()
        .columns([
            C::PairingId,
            C::Role,
            C::DueAt,
            C::AnsweredAt,
            C::Decision,
            C::Isolation,
        ])
        .filter(of_pairings_in(teams, C::PairingId))
        .filter(
            Condition::any()
                .add(C::DueAt.gte(since_ms))
                .add(C::AnsweredAt.gte(since_ms)),
        )
        .into_model()
        .all(&db.conn)
        .await?;
    let checkins = rows
        .into_iter()
        .filter_map(|c| {
            Some(CheckinFacts {
                team_id: *team_of.get(&c.pairing_id)?,
                beneficiary: c.role == Kind::Beneficiary.code(),
                due_at: c.due_at,
                answered_at: c.answered_at,
                decision: c.decision.as_deref().and_then(Decision::parse),
                isolation: c.isolation,
            })
        })
        .collect();
    Ok(Facts {
        pairings: pairings.into_values().collect(),
        checkins,
        people: isolated_people(db, teams).await?,
    })
}

/// The pairings by id, with the first time each became active and when it ended.
async fn pairings(db: &Db, teams: Option<&[i32]>) -> DbResult<HashMap<i32, PairingFacts>> {
    use pairing::Column as P;
    let rows: Vec<PairingRow> = pairing::Entity::find()
        .select_only()
        .columns([
            P::Id,
            P::TeamId,
            P::BeneficiaryId,
            P::State,
            P::Mode,
            P::CreatedAt,
            P::EndReason,
        ])
        .filter(team_in(teams, P::TeamId))
        .into_model()
        .all(&db.conn)
        .await?;
    let mut by_id: HashMap<i32, PairingFacts> = rows
        .into_iter()
        .map(|p| {
            let facts = PairingFacts {
                team_id: p.team_id,
                beneficiary_id: p.beneficiary_id,
                phone: p.mode == Mode::Phone.code(),
                open: State::parse(&p.state).is_some_and(|s| !s.is_closed()),
                created_at: p.created_at,
                activated_at: None,
                ended_at: None,
                end_reason: EndReason::parse(p.end_reason.as_deref().unwrap_or("")),
            };
            (p.id, facts)
        })
        .collect();
    use pairing_transition::Column as T;
    let steps: Vec<StepRow> = pairing_transition::Entity::find()
        .select_only()
        .columns([T::PairingId, T::ToState, T::At])
        .filter(T::ToState.is_in([State::Active.code(), State::Ended.code()]))
        .filter(of_pairings_in(teams, T::PairingId))
        .into_model()
        .all(&db.conn)
        .await?;
    for step in steps {
        let Some(p) = by_id.get_mut(&step.pairing_id) else {
            continue;
        };
        let at = step.at;
        if step.to_state == State::Active.code() {
            p.activated_at = Some(p.activated_at.map_or(at, |first| first.min(at)));
        } else {
            p.ended_at = Some(p.ended_at.map_or(at, |last| last.max(at)));
        }
    }
    Ok(by_id)
}

async fn isolated_people(db: &Db, teams: Option<&[i32]>) -> DbResult<Vec<PersonFacts>> {
    use person::Column as P;
    let rows: Vec<PersonRow> = person::Entity::find()
        .select_only()
        .columns([P::Id, P::TeamId, P::Status, P::WaitingSince, P::CreatedAt, P::Isolation])
        .filter(P::Kind.eq(Kind::Beneficiary.code()))
        .filter(team_in(teams, P::TeamId))
        .into_model()
        .all(&db.conn)
        .await?;
    rows.into_iter()
        .map(|p| {
            Ok(PersonFacts {
                id: p.id,
                team_id: p.team_id,
                waiting: super::people::status_of(&p.status)? == Status::Waiting,
                waiting_since: p.waiting_since.unwrap_or(p.created_at),
                created_at: p.created_at,
                isolation: p.isolation,
            })
        })
        .collect()
}
