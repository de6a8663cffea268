//! Matching rounds in the database: the suggestions a coordinator reviews, the pairs that are
//! never suggested again, and the pairings an approval creates.

use super::entities::{pair_exclusion, pairing, pairing_transition, suggestion};
use super::people::NewToken;
use super::{Db, DbResult, outbox, settings};
use crate::domain::email::OutgoingEmail;
use crate::domain::pairing::{EndReason, State};
use crate::domain::person::Status;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use std::collections::HashMap;

pub const SUGGESTED: &str = "suggested";
pub const APPROVED: &str = "approved";
pub const REJECTED: &str = "rejected";
pub const REPLACED: &str = "replaced";

/// Pairing states that no longer hold a volunteer's capacity or a person's place.
fn closed_states() -> Vec<&'static str> {
    State::ALL
        .into_iter()
        .filter(|s| s.is_closed())
        .map(State::code)
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewSuggestion {
    pub beneficiary_id: i32,
    pub volunteer_id: i32,
    pub score: f64,
    pub distance_km: f64,
    pub mode: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub id: i64,
    pub team_id: i32,
    pub beneficiary_id: i32,
    pub volunteer_id: i32,
    pub score: f64,
    pub distance_km: f64,
    pub mode: String,
    pub reasons: Vec<String>,
}

impl From<suggestion::Model> for Suggestion {
    fn from(m: suggestion::Model) -> Self {
        Self {
            id: m.id,
            team_id: m.team_id,
            beneficiary_id: m.beneficiary_id,
            volunteer_id: m.volunteer_id,
            score: m.score,
            distance_km: m.distance_km,
            mode: m.mode,
            reasons: m.reasons.lines().map(str::to_string).collect(),
        }
    }
}

async fn insert_suggestion<C: ConnectionTrait>(
    conn: &C,
    team_id: i32,
    round: &str,
    s: &NewSuggestion,
    now_ms: i64,
) -> DbResult<()> {
    suggestion::ActiveModel {
        team_id: Set(team_id),
        round_id: Set(round.to_string()),
        beneficiary_id: Set(s.beneficiary_id),
        volunteer_id: Set(s.volunteer_id),
        score: Set(s.score),
        distance_km: Set(s.distance_km),
        mode: Set(s.mode.clone()),
        reasons: Set(s.reasons.join("\n")),
        status: Set(SUGGESTED.into()),
        created_at: Set(now_ms),
        decided_at: Set(None),
        decided_by: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// A new round replaces the team's suggestions still waiting for a decision.
pub async fn replace_round(
    db: &Db,
    team_id: i32,
    round: &str,
    suggestions: &[NewSuggestion],
    now_ms: i64,
) -> DbResult<()> {
    let txn = db.conn.begin().await?;
    suggestion::Entity::update_many()
        .col_expr(suggestion::Column::Status, Expr::value(REPLACED))
        .filter(suggestion::Column::TeamId.eq(team_id))
        .filter(suggestion::Column::Status.eq(SUGGESTED))
        .exec(&txn)
        .await?;
    for s in suggestions {
        insert_suggestion(&txn, team_id, round, s, now_ms).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The suggestions of these teams waiting for a decision, best first.
pub async fn open_suggestions(db: &Db, team_ids: &[i32]) -> DbResult<Vec<Suggestion>> {
    let rows = suggestion::Entity::find()
        .filter(suggestion::Column::TeamId.is_in(team_ids.iter().copied()))
        .filter(suggestion::Column::Status.eq(SUGGESTED))
        .order_by_desc(suggestion::Column::Score)
        .order_by_asc(suggestion::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Suggestion::from).collect())
}

pub async fn suggestion(db: &Db, id: i64) -> DbResult<Option<Suggestion>> {
    Ok(suggestion::Entity::find_by_id(id)
        .filter(suggestion::Column::Status.eq(SUGGESTED))
        .one(&db.conn)
        .await?
        .map(Suggestion::from))
}

/// Marks a waiting suggestion decided; false when someone decided it already.
async fn decide<C: ConnectionTrait>(conn: &C, id: i64, status: &str, staff_id: i32, now_ms: i64) -> DbResult<bool> {
    let res = suggestion::Entity::update_many()
        .col_expr(suggestion::Column::Status, Expr::value(status))
        .col_expr(suggestion::Column::DecidedAt, Expr::value(now_ms))
        .col_expr(suggestion::Column::DecidedBy, Expr::value(staff_id))
        .filter(suggestion::Column::Id.eq(id))
        .filter(suggestion::Column::Status.eq(SUGGESTED))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Approval: the suggestion becomes a pairing in state "proposed" (its first transition
/// recorded), in one transaction. Returns the pairing, or None if already decided.
/// The e-mail to the volunteer and the hash and expiry of its answer link.
pub struct ProposalEmail {
    pub token_sha256: String,
    pub expires_at: i64,
    pub email: OutgoingEmail,
}

/// The purpose of a volunteer's answer link: it acts on this pairing only.
pub fn proposal_purpose(pairing_id: i32) -> String {
    format!("proposal:{pairing_id}")
}

/// The e-mail is stored in the same transaction, so the volunteer hears of exactly the
/// approved pairings.
pub async fn approve(
    db: &Db,
    s: &Suggestion,
    staff_id: i32,
    by: &str,
    proposal: Option<ProposalEmail>,
    now_ms: i64,
) -> DbResult<Option<i32>> {
    let txn = db.conn.begin().await?;
    if !decide(&txn, s.id, APPROVED, staff_id, now_ms).await? {
        return Ok(None);
    }
    let row = pairing::ActiveModel {
        team_id: Set(s.team_id),
        beneficiary_id: Set(s.beneficiary_id),
        volunteer_id: Set(s.volunteer_id),
        state: Set(State::Proposed.code().into()),
        score: Set(s.score),
        mode: Set(s.mode.clone()),
        created_at: Set(now_ms),
        updated_at: Set(now_ms),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    pairing_transition::ActiveModel {
        pairing_id: Set(row.id),
        from_state: Set(None),
        to_state: Set(State::Proposed.code().into()),
        by_who: Set(by.to_string()),
        note: Set(None),
        at: Set(now_ms),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let expires = now_ms + 7 * 24 * 3600 * 1000;
    let expire = crate::domain::job::Job::ExpireProposal { pairing_id: row.id };
    super::jobs::schedule(&txn, &expire, expires, now_ms).await?;
    if let Some(p) = proposal {
        let token = super::people::NewToken {
            purpose: proposal_purpose(row.id),
            token_sha256: p.token_sha256,
            expires_at: p.expires_at,
        };
        super::people::insert_token(&txn, s.volunteer_id, &token, now_ms).await?;
        outbox::enqueue(&txn, &[p.email], Some(s.volunteer_id), now_ms).await?;
    }
    txn.commit().await?;
    Ok(Some(row.id))
}

/// Rejection: the pair is never suggested again.
pub async fn reject(db: &Db, s: &Suggestion, staff_id: i32, now_ms: i64) -> DbResult<bool> {
    let txn = db.conn.begin().await?;
    if !decide(&txn, s.id, REJECTED, staff_id, now_ms).await? {
        return Ok(false);
    }
    exclude(&txn, s.beneficiary_id, s.volunteer_id, "rejected", now_ms).await?;
    txn.commit().await?;
    Ok(true)
}

/// Swap: the suggestion is replaced by the same person with another volunteer.
pub async fn swap(db: &Db, s: &Suggestion, replacement: &NewSuggestion, staff_id: i32, now_ms: i64) -> DbResult<bool> {
    let txn = db.conn.begin().await?;
    if !decide(&txn, s.id, REPLACED, staff_id, now_ms).await? {
        return Ok(false);
    }
    insert_suggestion(&txn, s.team_id, "swap", replacement, now_ms).await?;
    txn.commit().await?;
    Ok(true)
}

pub async fn exclude<C: ConnectionTrait>(
    conn: &C,
    beneficiary_id: i32,
    volunteer_id: i32,
    reason: &str,
    now_ms: i64,
) -> DbResult<()> {
    let row = pair_exclusion::ActiveModel {
        beneficiary_id: Set(beneficiary_id),
        volunteer_id: Set(volunteer_id),
        reason: Set(reason.into()),
        created_at: Set(now_ms),
        ..Default::default()
    };
    pair_exclusion::Entity::insert(row)
        .on_conflict_do_nothing_on([
            pair_exclusion::Column::BeneficiaryId,
            pair_exclusion::Column::VolunteerId,
        ])
        .exec(conn)
        .await?;
    Ok(())
}

/// Pairs never to suggest: excluded ones, and every pair that was ever proposed.
pub async fn excluded_pairs(db: &Db) -> DbResult<Vec<(i32, i32)>> {
    let mut pairs: Vec<(i32, i32)> = pair_exclusion::Entity::find()
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| (e.beneficiary_id, e.volunteer_id))
        .collect();
    pairs.extend(
        pairing::Entity::find()
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|p| (p.beneficiary_id, p.volunteer_id)),
    );
    pairs.sort_unstable();
    pairs.dedup();
    Ok(pairs)
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

const WEIGHTS_KEY: &str = "matching_weights";

/// The admin's weights (proximity, availability, interests, format, waiting), if set.
pub async fn weights(db: &Db) -> DbResult<Option<[f64; 5]>> {
    Ok(settings::get(db, WEIGHTS_KEY)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok()))
}

pub async fn set_weights(db: &Db, weights: [f64; 5]) -> DbResult<()> {
    settings::put(db, WEIGHTS_KEY, &serde_json::to_string(&weights).unwrap_or_default()).await
}

/// The open pairings a person is part of: (pairing id, the other person's id).
pub async fn open_pairings_of(db: &Db, person_id: i32) -> DbResult<Vec<(i32, i32)>> {
    let rows = pairing::Entity::find()
        .filter(pairing::Column::State.is_not_in(closed_states()))
        .filter(
            sea_orm::Condition::any()
                .add(pairing::Column::BeneficiaryId.eq(person_id))
                .add(pairing::Column::VolunteerId.eq(person_id)),
        )
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            (
                p.id,
                if p.beneficiary_id == person_id {
                    p.volunteer_id
                } else {
                    p.beneficiary_id
                },
            )
        })
        .collect())
}

/// Ends every open pairing of a person, recording who ended it (inside the caller's transaction).
pub async fn end_open_pairings<C: ConnectionTrait>(conn: &C, person_id: i32, by: &str, now_ms: i64) -> DbResult<()> {
    let open = pairing::Entity::find()
        .filter(pairing::Column::State.is_not_in(closed_states()))
        .filter(
            sea_orm::Condition::any()
                .add(pairing::Column::BeneficiaryId.eq(person_id))
                .add(pairing::Column::VolunteerId.eq(person_id)),
        )
        .all(conn)
        .await?;
    for p in open {
        pairing::Entity::update_many()
            .col_expr(pairing::Column::State, Expr::value(State::Ended.code()))
            .col_expr(pairing::Column::UpdatedAt, Expr::value(now_ms))
            .filter(pairing::Column::Id.eq(p.id))
            .exec(conn)
            .await?;
        pairing_transition::ActiveModel {
            pairing_id: Set(p.id),
            from_state: Set(Some(p.state)),
            to_state: Set(State::Ended.code().into()),
            by_who: Set(by.to_string()),
            note: Set(None),
            at: Set(now_ms),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        super::jobs::cancel_for_pairing(conn, p.id).await?;
    }
    Ok(())
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
    /// None for a row whose state this version does not know.
    fn from_row(p: pairing::Model) -> Option<Self> {
        Some(Pairing {
            id: p.id,
            team_id: p.team_id,
            beneficiary_id: p.beneficiary_id,
            volunteer_id: p.volunteer_id,
            state: State::parse(&p.state)?,
            score: p.score,
            mode: p.mode,
            end_reason: p.end_reason.as_deref().map(EndReason::parse),
        })
    }
}

pub async fn pairing(db: &Db, id: i32) -> DbResult<Option<Pairing>> {
    Ok(pairing::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .and_then(Pairing::from_row))
}

/// The reasons given when the pairing was proposed.
pub async fn reasons(db: &Db, p: &Pairing) -> DbResult<Vec<String>> {
    Ok(suggestion::Entity::find()
        .filter(suggestion::Column::BeneficiaryId.eq(p.beneficiary_id))
        .filter(suggestion::Column::VolunteerId.eq(p.volunteer_id))
        .filter(suggestion::Column::Status.eq(APPROVED))
        .one(&db.conn)
        .await?
        .map(|s| s.reasons.lines().map(str::to_string).collect())
        .unwrap_or_default())
}

/// Moves a pairing from `from` to `to` (only if it is still in `from`), records who did it
/// and their optional private note; a decline also excludes the pair from later rounds.
pub async fn transition(
    db: &Db,
    p: &Pairing,
    from: State,
    to: State,
    by: &str,
    note: Option<String>,
    now_ms: i64,
) -> DbResult<bool> {
    let change = Change {
        steps: &[(from, to)],
        by,
        note,
        ..Change::default()
    };
    transition_many(db, p, change, now_ms).await
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

/// The pairings of these teams that are not over, newest first.
pub async fn open_pairings(db: &Db, team_ids: &[i32]) -> DbResult<Vec<Pairing>> {
    let rows = pairing::Entity::find()
        .filter(pairing::Column::TeamId.is_in(team_ids.iter().copied()))
        .filter(pairing::Column::State.is_not_in(closed_states()))
        .order_by_desc(pairing::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().filter_map(Pairing::from_row).collect())
}

/// Several transitions in a row, with the e-mails they cause, in one transaction (e.g.
/// "introduced" then "active"). False, and nothing written, if the pairing moved meanwhile.
/// A job to schedule with a transition: (job, run at).
pub type NewJob = (crate::domain::job::Job, i64);

/// An e-mail to a person, stored with a change.
pub type PersonEmail = (i32, OutgoingEmail);
/// A single-use link for a person, stored with a change.
pub type PersonLink = (i32, NewToken);

/// What a change of state brings with it, all written in the same transaction.
#[derive(Default)]
pub struct Change<'a> {
    pub steps: &'a [(State, State)],
    pub by: &'a str,
    pub note: Option<String>,
    pub emails: &'a [PersonEmail],
    /// Call tasks for the people who have no e-mail address (see `notice::Told`).
    pub calls: &'a [super::checkins::NewAlert],
    pub jobs: &'a [NewJob],
    /// Single-use links carried by those e-mails: (person, link).
    pub links: &'a [PersonLink],
    /// Why the binôme ended, when it ends.
    pub end_reason: Option<EndReason>,
    /// People whose status changes with it: (person, from, to), e.g. back to the waiting list.
    pub statuses: &'a [(i32, Status, Status)],
}

pub async fn transition_many(db: &Db, p: &Pairing, change: Change<'_>, now_ms: i64) -> DbResult<bool> {
    let Change {
        steps,
        by,
        note,
        emails,
        calls,
        jobs,
        links,
        end_reason,
        statuses,
    } = change;
    let txn = db.conn.begin().await?;
    for (from, to) in steps {
        let moved = pairing::Entity::update_many()
            .col_expr(pairing::Column::State, Expr::value(to.code()))
            .col_expr(pairing::Column::UpdatedAt, Expr::value(now_ms))
            .filter(pairing::Column::Id.eq(p.id))
            .filter(pairing::Column::State.eq(from.code()))
            .exec(&txn)
            .await?;
        if moved.rows_affected != 1 {
            return Ok(false);
        }
        pairing_transition::ActiveModel {
            pairing_id: Set(p.id),
            from_state: Set(Some(from.code().into())),
            to_state: Set(to.code().into()),
            by_who: Set(by.to_string()),
            note: Set(note.clone()),
            at: Set(now_ms),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if *to == State::Declined {
            exclude(&txn, p.beneficiary_id, p.volunteer_id, "declined", now_ms).await?;
        }
        // An answered proposal no longer needs its expiry.
        if *from == State::Proposed {
            super::jobs::cancel(&txn, &crate::domain::job::Job::ExpireProposal { pairing_id: p.id }).await?;
        }
    }
    for (person_id, email) in emails {
        outbox::enqueue(&txn, std::slice::from_ref(email), Some(*person_id), now_ms).await?;
    }
    for (person_id, link) in links {
        super::people::insert_token(&txn, *person_id, link, now_ms).await?;
    }
    for call in calls {
        super::checkins::raise(&txn, call, now_ms).await?;
    }
    if let Some(reason) = end_reason {
        pairing::Entity::update_many()
            .col_expr(pairing::Column::EndReason, Expr::value(reason.code()))
            .filter(pairing::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
    }
    for (person_id, from, to) in statuses {
        super::people::set_status(&txn, *person_id, *from, *to, now_ms).await?;
    }
    for (job, run_at) in jobs {
        super::jobs::schedule(&txn, job, *run_at, now_ms).await?;
    }
    if steps.last().is_some_and(|(_, to)| to.is_closed()) {
        super::jobs::cancel_for_pairing(&txn, p.id).await?;
    }
    txn.commit().await?;
    Ok(true)
}
