//! Matching rounds in the database: the suggestions a coordinator reviews (approve, reject,
//! swap), the pairs that are never suggested again, and the admin's weights.

use super::entities::{pair_exclusion, pairing, suggestion};
use super::{Db, DbResult, outbox, settings};
use crate::domain::email::OutgoingEmail;
use crate::domain::link::{Purpose, Sealed};
use crate::domain::pairing::{Exclusion, SuggestionStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

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
        status: Set(SuggestionStatus::Suggested.code().into()),
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
    let txn = db.begin_write().await?;
    suggestion::Entity::update_many()
        .col_expr(
            suggestion::Column::Status,
            Expr::value(SuggestionStatus::Replaced.code()),
        )
        .filter(suggestion::Column::TeamId.eq(team_id))
        .filter(suggestion::Column::Status.eq(SuggestionStatus::Suggested.code()))
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
        .filter(suggestion::Column::Status.eq(SuggestionStatus::Suggested.code()))
        .order_by_desc(suggestion::Column::Score)
        .order_by_asc(suggestion::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Suggestion::from).collect())
}

pub async fn suggestion(db: &Db, id: i64) -> DbResult<Option<Suggestion>> {
    Ok(suggestion::Entity::find_by_id(id)
        .filter(suggestion::Column::Status.eq(SuggestionStatus::Suggested.code()))
        .one(&db.conn)
        .await?
        .map(Suggestion::from))
}

/// The reasons given when the pair was proposed.
pub async fn reasons(db: &Db, p: &super::pairings::Pairing) -> DbResult<Vec<String>> {
    Ok(suggestion::Entity::find()
        .filter(suggestion::Column::BeneficiaryId.eq(p.beneficiary_id))
        .filter(suggestion::Column::VolunteerId.eq(p.volunteer_id))
        .filter(suggestion::Column::Status.eq(SuggestionStatus::Approved.code()))
        .one(&db.conn)
        .await?
        .map(|s| s.reasons.lines().map(str::to_string).collect())
        .unwrap_or_default())
}

/// Marks a waiting suggestion decided; false when someone decided it already.
async fn decide<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    status: SuggestionStatus,
    staff_id: i32,
    now_ms: i64,
) -> DbResult<bool> {
    let res = suggestion::Entity::update_many()
        .col_expr(suggestion::Column::Status, Expr::value(status.code()))
        .col_expr(suggestion::Column::DecidedAt, Expr::value(now_ms))
        .col_expr(suggestion::Column::DecidedBy, Expr::value(staff_id))
        .filter(suggestion::Column::Id.eq(id))
        .filter(suggestion::Column::Status.eq(SuggestionStatus::Suggested.code()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The e-mail to the volunteer and its answer link, which acts on the new pairing only.
pub struct ProposalEmail {
    pub link: Sealed,
    pub email: OutgoingEmail,
}

/// Approval: the suggestion becomes a binôme proposed to the volunteer (its first step
/// recorded, its expiry scheduled), in one transaction. Returns the pairing, or None if
/// already decided. The e-mail is stored in the same transaction, so the volunteer hears of
/// exactly the approved pairings.
pub async fn approve(
    db: &Db,
    s: &Suggestion,
    staff_id: i32,
    by: &str,
    proposal: Option<ProposalEmail>,
    now_ms: i64,
) -> DbResult<Option<i32>> {
    let txn = db.begin_write().await?;
    if !decide(&txn, s.id, SuggestionStatus::Approved, staff_id, now_ms).await? {
        return Ok(None);
    }
    let opening = crate::domain::pairing::open(now_ms);
    let id = super::pairings::insert_opened(&txn, s, opening, by, now_ms).await?;
    if let Some(p) = proposal {
        let token = p.link.row(Purpose::Proposal(id));
        super::people::insert_token(&txn, s.volunteer_id, &token, now_ms).await?;
        outbox::enqueue(&txn, &[p.email], Some(s.volunteer_id), now_ms).await?;
    }
    txn.commit().await?;
    Ok(Some(id))
}

/// Rejection: the pair is never suggested again.
pub async fn reject(db: &Db, s: &Suggestion, staff_id: i32, now_ms: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    if !decide(&txn, s.id, SuggestionStatus::Rejected, staff_id, now_ms).await? {
        return Ok(false);
    }
    exclude(&txn, s.beneficiary_id, s.volunteer_id, Exclusion::Rejected, now_ms).await?;
    txn.commit().await?;
    Ok(true)
}

/// Swap: the suggestion is replaced by the same person with another volunteer.
pub async fn swap(db: &Db, s: &Suggestion, replacement: &NewSuggestion, staff_id: i32, now_ms: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    if !decide(&txn, s.id, SuggestionStatus::Replaced, staff_id, now_ms).await? {
        return Ok(false);
    }
    insert_suggestion(&txn, s.team_id, "swap", replacement, now_ms).await?;
    txn.commit().await?;
    Ok(true)
}

/// The pair is never suggested again (inside the caller's transaction).
pub(super) async fn exclude<C: ConnectionTrait>(
    conn: &C,
    beneficiary_id: i32,
    volunteer_id: i32,
    why: Exclusion,
    now_ms: i64,
) -> DbResult<()> {
    let row = pair_exclusion::ActiveModel {
        beneficiary_id: Set(beneficiary_id),
        volunteer_id: Set(volunteer_id),
        reason: Set(why.code().into()),
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

const WEIGHTS_KEY: &str = "matching_weights";

/// The admin's weights (proximity, availability, interests, format, waiting, reciprocity), if
/// set; weights saved before reciprocity existed get its default.
pub async fn weights(db: &Db) -> DbResult<Option<[f64; 6]>> {
    let stored: Option<Vec<f64>> = settings::get(db, WEIGHTS_KEY)
        .await?
        .and_then(|v| serde_json::from_str(&v).ok());
    Ok(match stored.as_deref() {
        Some(&[a, b, c, d, e]) => Some([a, b, c, d, e, crate::domain::reciprocity::DEFAULT_WEIGHT]),
        Some(&[a, b, c, d, e, f]) => Some([a, b, c, d, e, f]),
        _ => None,
    })
}

pub async fn set_weights(db: &Db, weights: [f64; 6]) -> DbResult<()> {
    settings::put(db, WEIGHTS_KEY, &serde_json::to_string(&weights).unwrap_or_default()).await
}
