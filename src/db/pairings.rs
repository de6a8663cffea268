//! Binômes in the database: reading them and their steps, and writing a step's plan
//! (`domain::pairing::Plan`) with the notices it brings, in one transaction.

use super::audit::Line;
use super::checkins::NewAlert;
use super::entities::{pairing, pairing_transition};
use super::people::NewToken;
use super::suggestions::Suggestion;
use super::{Db, DbError, DbResult, outbox};
use crate::domain::email::OutgoingEmail;
use crate::domain::job::Job as Scheduled;
use crate::domain::pairing::{Binome, EndReason, Job, Opening, Plan, State};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder,
};
use std::collections::HashMap;

/// Pairing states that no longer hold a volunteer's capacity or a person's place.
fn closed_states() -> Vec<&'static str> {
    State::ALL
        .into_iter()
        .filter(|s| s.is_closed())
        .map(State::code)
        .collect()
}

fn of_person(person_id: i32) -> Condition {
    Condition::any()
        .add(pairing::Column::BeneficiaryId.eq(person_id))
        .add(pairing::Column::VolunteerId.eq(person_id))
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    pub id: i32,
    pub team_id: i32,
    pub beneficiary_id: i32,
    pub volunteer_id: i32,
    pub state: State,
    pub score: f64,
    pub mode: String,
    /// Why it ended, once ended.
    pub end_reason: Option<EndReason>,
}

impl Pairing {
    /// A state this version does not know is `Corrupt`.
    fn from_row(p: pairing::Model) -> DbResult<Self> {
        Ok(Pairing {
            id: p.id,
            team_id: p.team_id,
            beneficiary_id: p.beneficiary_id,
            volunteer_id: p.volunteer_id,
            state: state_of(&p.state)?,
            score: p.score,
            mode: p.mode,
            end_reason: p.end_reason.as_deref().map(EndReason::parse),
        })
    }

    /// What a plan needs to know of it.
    pub fn binome(&self) -> Binome {
        Binome {
            id: self.id,
            beneficiary_id: self.beneficiary_id,
            volunteer_id: self.volunteer_id,
            state: self.state,
        }
    }
}

fn state_of(code: &str) -> DbResult<State> {
    State::parse(code).ok_or_else(|| DbError::Corrupt(format!("pairing state {code:?}")))
}

pub async fn pairing(db: &Db, id: i32) -> DbResult<Option<Pairing>> {
    pairing::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .map(Pairing::from_row)
        .transpose()
}

/// The pairings of these teams that are not over, newest first.
pub async fn open_pairings(db: &Db, team_ids: &[i32]) -> DbResult<Vec<Pairing>> {
    let rows = pairing::Entity::find()
        .filter(pairing::Column::TeamId.is_in(team_ids.iter().copied()))
        .filter(pairing::Column::State.is_not_in(closed_states()))
        .order_by_desc(pairing::Column::Id)
        .all(&db.conn)
        .await?;
    rows.into_iter().map(Pairing::from_row).collect()
}

/// The open pairings a person is part of: (pairing id, the other person's id).
pub async fn open_pairings_of(db: &Db, person_id: i32) -> DbResult<Vec<(i32, i32)>> {
    let rows = pairing::Entity::find()
        .filter(pairing::Column::State.is_not_in(closed_states()))
        .filter(of_person(person_id))
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let other = if p.beneficiary_id == person_id {
                p.volunteer_id
            } else {
                p.beneficiary_id
            };
            (p.id, other)
        })
        .collect())
}

/// Open pairings per volunteer, and the people who already have an open pairing.
pub async fn open_load(db: &Db) -> DbResult<(HashMap<i32, i32>, Vec<i32>)> {
    let open = pairing::Entity::find()
        .filter(pairing::Column::State.is_not_in(closed_states()))
        .all(&db.conn)
        .await?;
    let mut load = HashMap::new();
    for p in &open {
        *load.entry(p.volunteer_id).or_insert(0) += 1;
    }
    Ok((load, open.into_iter().map(|p| p.beneficiary_id).collect()))
}

/// One recorded step of a binôme.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub to: String,
    pub by: String,
    pub note: Option<String>,
    pub at: i64,
}

/// The steps of a pairing, oldest first.
pub async fn transitions(db: &Db, pairing_id: i32) -> DbResult<Vec<Transition>> {
    let rows = pairing_transition::Entity::find()
        .filter(pairing_transition::Column::PairingId.eq(pairing_id))
        .order_by_asc(pairing_transition::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|t| Transition {
            to: t.to_state,
            by: t.by_who,
            note: t.note,
            at: t.at,
        })
        .collect())
}

/// An e-mail to a person, stored with a change.
pub type PersonEmail = (i32, OutgoingEmail);
/// A single-use link for a person, stored with a change.
pub type PersonLink = (i32, NewToken);

/// Whom a change tells, the links it sends and its journal lines, written with its plan.
#[derive(Default)]
pub struct Notices {
    pub emails: Vec<PersonEmail>,
    /// Call tasks for the people who have no e-mail address (see `notice::Told`).
    pub calls: Vec<NewAlert>,
    /// Letters for the people who chose the post (see `notice::Told`).
    pub letters: Vec<super::letters::NewLetter>,
    /// Single-use links carried by those e-mails: (person, link).
    pub links: Vec<PersonLink>,
    /// SMS for the people who chose SMS (see `notice::Told`).
    pub sms: Vec<super::sms::NewSms>,
    /// SMS that ask a question the person may answer by SMS.
    pub questions: Vec<super::sms::Question>,
    /// The lines of the staff member who made the change.
    pub journal: Vec<Line>,
}

/// Writes a plan and its notices in one transaction. False, and nothing written, if the
/// pairing moved meanwhile.
pub async fn write(db: &Db, plan: &Plan, notices: &Notices, now_ms: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    if !write_in(&txn, plan, notices, now_ms).await? {
        return Ok(false);
    }
    txn.commit().await?;
    Ok(true)
}

/// The scheduler's job for a planned one, and when it runs.
fn scheduled(pairing_id: i32, job: Job) -> (Scheduled, i64) {
    match job {
        Job::ProposalExpiry { at } => (Scheduled::ExpireProposal { pairing_id }, at),
        Job::CheckIn { number, at } => (Scheduled::CheckinDue { pairing_id, number }, at),
    }
}

async fn record_step<C: ConnectionTrait>(
    conn: &C,
    pairing_id: i32,
    step: (Option<State>, State),
    plan_by: &str,
    note: Option<String>,
    now_ms: i64,
) -> DbResult<()> {
    pairing_transition::ActiveModel {
        pairing_id: Set(pairing_id),
        from_state: Set(step.0.map(|s| s.code().into())),
        to_state: Set(step.1.code().into()),
        by_who: Set(plan_by.to_string()),
        note: Set(note),
        at: Set(now_ms),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// `write` inside the caller's transaction; on false the caller must not commit.
pub(super) async fn write_in<C: ConnectionTrait>(
    conn: &C,
    plan: &Plan,
    notices: &Notices,
    now_ms: i64,
) -> DbResult<bool> {
    let b = plan.binome;
    for (from, to) in &plan.steps {
        let moved = pairing::Entity::update_many()
            .col_expr(pairing::Column::State, Expr::value(to.code()))
            .col_expr(pairing::Column::UpdatedAt, Expr::value(now_ms))
            .filter(pairing::Column::Id.eq(b.id))
            .filter(pairing::Column::State.eq(from.code()))
            .exec(conn)
            .await?;
        if moved.rows_affected != 1 {
            return Ok(false);
        }
        record_step(conn, b.id, (Some(*from), *to), &plan.by, plan.note.clone(), now_ms).await?;
    }
    if let Some(why) = plan.exclude {
        super::suggestions::exclude(conn, b.beneficiary_id, b.volunteer_id, why, now_ms).await?;
    }
    if plan.cancel_expiry {
        super::jobs::cancel(conn, &Scheduled::ExpireProposal { pairing_id: b.id }).await?;
    }
    notices_only_in(conn, notices, now_ms).await?;
    if let Some(reason) = plan.end_reason {
        pairing::Entity::update_many()
            .col_expr(pairing::Column::EndReason, Expr::value(reason.code()))
            .filter(pairing::Column::Id.eq(b.id))
            .exec(conn)
            .await?;
    }
    for s in &plan.statuses {
        super::people::set_status(conn, s.person_id, s.from, s.to, now_ms).await?;
    }
    for job in &plan.schedule {
        let (job, run_at) = scheduled(b.id, *job);
        super::jobs::schedule(conn, &job, run_at, now_ms).await?;
    }
    if plan.cancel_jobs {
        super::jobs::cancel_for_pairing(conn, b.id).await?;
    }
    super::audit::record_all(conn, &notices.journal, now_ms).await?;
    Ok(true)
}

/// The e-mails, links and call tasks of `notices` (not its journal).
async fn notices_only_in<C: ConnectionTrait>(conn: &C, notices: &Notices, now_ms: i64) -> DbResult<()> {
    for (person_id, email) in &notices.emails {
        outbox::enqueue(conn, std::slice::from_ref(email), Some(*person_id), now_ms).await?;
    }
    for (person_id, link) in &notices.links {
        super::people::insert_token(conn, *person_id, link, now_ms).await?;
    }
    for call in &notices.calls {
        super::checkins::raise(conn, call, now_ms).await?;
    }
    super::letters::insert_all(conn, &notices.letters, now_ms).await?;
    super::sms::enqueue(conn, &notices.sms, now_ms).await?;
    for question in &notices.questions {
        super::sms::ask(conn, question, now_ms).await?;
    }
    Ok(())
}

/// Every notice of a change that moves no binôme (a meeting changed), journal included,
/// inside the caller's transaction.
pub(super) async fn notices_in<C: ConnectionTrait>(conn: &C, notices: &Notices, now_ms: i64) -> DbResult<()> {
    notices_only_in(conn, notices, now_ms).await?;
    super::audit::record_all(conn, &notices.journal, now_ms).await
}

/// An approved suggestion becomes a binôme in its opening state, its first step recorded and
/// its expiry scheduled (inside the caller's transaction). Returns its id.
pub(super) async fn insert_opened<C: ConnectionTrait>(
    conn: &C,
    s: &Suggestion,
    opening: Opening,
    by: &str,
    now_ms: i64,
) -> DbResult<i32> {
    let row = pairing::ActiveModel {
        team_id: Set(s.team_id),
        beneficiary_id: Set(s.beneficiary_id),
        volunteer_id: Set(s.volunteer_id),
        state: Set(opening.state.code().into()),
        score: Set(s.score),
        mode: Set(s.mode.clone()),
        created_at: Set(now_ms),
        updated_at: Set(now_ms),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    record_step(conn, row.id, (None, opening.state), by, None, now_ms).await?;
    let (job, run_at) = scheduled(row.id, opening.expiry);
    super::jobs::schedule(conn, &job, run_at, now_ms).await?;
    Ok(row.id)
}

/// Ends every open pairing of a person who leaves, recording who ended it (inside the
/// caller's transaction). A pairing that moved meanwhile fails the whole withdrawal.
pub(super) async fn end_open_pairings<C: ConnectionTrait>(
    conn: &C,
    person_id: i32,
    by: &str,
    now_ms: i64,
) -> DbResult<()> {
    let open = pairing::Entity::find()
        .filter(pairing::Column::State.is_not_in(closed_states()))
        .filter(of_person(person_id))
        .all(conn)
        .await?;
    for row in open {
        let plan = Plan::withdrawal(Pairing::from_row(row)?.binome(), by, now_ms);
        if !write_in(conn, &plan, &Notices::default(), now_ms).await? {
            return Err(DbErr::RecordNotUpdated.into());
        }
    }
    Ok(())
}
