//! Coordinator notes on a person or a binôme: a few words that help organise the binôme,
//! signed by the staff member who wrote them.

use super::entities::{note, staff};
use super::{Db, DbResult};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, JoinType, Order, Query};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, FromQueryResult};

#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct Note {
    pub id: i32,
    pub person_id: i32,
    pub pairing_id: Option<i32>,
    pub author: Option<String>,
    pub text: String,
    pub created_at: i64,
}

/// Stores a note about `person_id` (and the binôme `pairing_id`, if any).
pub async fn add(
    db: &Db,
    person_id: i32,
    pairing_id: Option<i32>,
    staff_id: i32,
    text: &str,
    now_ms: i64,
) -> DbResult<i32> {
    let row = note::ActiveModel {
        person_id: Set(person_id),
        pairing_id: Set(pairing_id),
        staff_id: Set(staff_id),
        text: Set(text.to_string()),
        created_at: Set(now_ms),
        ..Default::default()
    }
    .insert(&db.conn)
    .await?;
    Ok(row.id)
}

async fn matching(db: &Db, condition: Condition) -> DbResult<Vec<Note>> {
    use note::Column as N;
    let mut q = Query::select();
    q.columns([N::Id, N::PersonId, N::PairingId, N::Text, N::CreatedAt].map(|c| (note::Entity, c)))
        .expr_as(Expr::col((staff::Entity, staff::Column::Name)), "author")
        .from(note::Entity)
        .join(
            JoinType::LeftJoin,
            staff::Entity,
            Expr::col((staff::Entity, staff::Column::Id)).equals((note::Entity, N::StaffId)),
        )
        .cond_where(condition)
        .order_by((note::Entity, N::Id), Order::Desc);
    let rows = db.conn.query_all(&q).await?;
    Ok(rows
        .iter()
        .map(|r| Note::from_query_result(r, ""))
        .collect::<Result<_, _>>()?)
}

/// Notes about a person, and about the binômes `pairing_ids` they are part of; newest first.
pub async fn of_person(db: &Db, person_id: i32, pairing_ids: &[i32]) -> DbResult<Vec<Note>> {
    let condition = Condition::any()
        .add(Expr::col((note::Entity, note::Column::PersonId)).eq(person_id))
        .add(Expr::col((note::Entity, note::Column::PairingId)).is_in(pairing_ids.iter().copied()));
    matching(db, condition).await
}

/// Notes about a binôme, newest first.
pub async fn of_pairing(db: &Db, pairing_id: i32) -> DbResult<Vec<Note>> {
    matching(
        db,
        Condition::all().add(Expr::col((note::Entity, note::Column::PairingId)).eq(pairing_id)),
    )
    .await
}
