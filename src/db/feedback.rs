//! The short feedback each side may give when a binôme ends, and their choice to be paired
//! again or not.

use super::entities::{pairing_feedback, person_token};
use super::{Db, DbResult};
use crate::domain::link::Purpose;
use crate::domain::person::Status;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub person_id: i32,
    /// "bien", "moyen" or "pas_bien".
    pub rating: String,
    pub wants_another: bool,
    pub comment: Option<String>,
    pub created_at: i64,
}

/// Stores a feedback with its link used up, and moves the person between the waiting list
/// (`ready`: waiting or approved) and a pause as they chose — all or nothing. False when the
/// link no longer works.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &Db,
    token_sha256: &str,
    pairing_id: i32,
    feedback: &Feedback,
    ready: Status,
    now_ms: i64,
) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let used = person_token::Entity::update_many()
        .col_expr(person_token::Column::UsedAt, Expr::value(now_ms))
        .filter(person_token::Column::TokenSha256.eq(token_sha256))
        .filter(person_token::Column::Purpose.eq(Purpose::Feedback(pairing_id).code()))
        .filter(person_token::Column::PersonId.eq(feedback.person_id))
        .filter(person_token::Column::UsedAt.is_null())
        .filter(person_token::Column::ExpiresAt.gt(now_ms))
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Ok(false);
    }
    pairing_feedback::Entity::insert(pairing_feedback::ActiveModel {
        pairing_id: Set(pairing_id),
        person_id: Set(feedback.person_id),
        rating: Set(feedback.rating.clone()),
        wants_another: Set(feedback.wants_another),
        comment: Set(feedback.comment.clone()),
        created_at: Set(now_ms),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([pairing_feedback::Column::PairingId, pairing_feedback::Column::PersonId])
    .exec_without_returning(&txn)
    .await?;
    let (from, to) = if feedback.wants_another {
        (Status::Paused, ready)
    } else {
        (ready, Status::Paused)
    };
    super::people::set_status(&txn, feedback.person_id, from, to, now_ms).await?;
    txn.commit().await?;
    Ok(true)
}

/// The feedback given about a binôme, oldest first.
pub async fn of_pairing(db: &Db, pairing_id: i32) -> DbResult<Vec<Feedback>> {
    let rows = pairing_feedback::Entity::find()
        .filter(pairing_feedback::Column::PairingId.eq(pairing_id))
        .order_by_asc(pairing_feedback::Column::Id)
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Feedback {
            person_id: r.person_id,
            rating: r.rating,
            wants_another: r.wants_another,
            comment: r.comment,
            created_at: r.created_at,
        })
        .collect())
}
