//! Letters for the people who chose the post: written in the change's transaction (like the
//! e-mails and the call tasks), printed by the team from « Courriers à imprimer », then kept
//! in the person's record.

use super::entities::{letter, person};
use super::{Db, DbResult};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// A letter to write: to whom, about what, and the words to say (one sentence a line).
#[derive(Debug, Clone, PartialEq)]
pub struct NewLetter {
    pub team_id: i32,
    pub person_id: i32,
    pub pairing_id: Option<i32>,
    pub title: String,
    pub body: String,
}

/// A letter as the printing page reads it, with its recipient as they are today.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub id: i32,
    pub person_id: i32,
    pub first_name: String,
    pub last_name: String,
    /// The recipient's postal address, as typed (one or several lines).
    pub postal_address: String,
    pub title: String,
    pub body: String,
    pub created_at: i64,
    pub printed_at: Option<i64>,
}

/// Writes a letter, inside the caller's transaction.
pub async fn insert<C: ConnectionTrait>(conn: &C, l: &NewLetter, now_ms: i64) -> DbResult<()> {
    letter::ActiveModel {
        team_id: Set(l.team_id),
        person_id: Set(l.person_id),
        pairing_id: Set(l.pairing_id),
        title: Set(l.title.clone()),
        body: Set(l.body.clone()),
        created_at: Set(now_ms),
        printed_at: Set(None),
        printed_by: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Writes a letter on its own (fixtures).
pub async fn write(db: &Db, l: &NewLetter, now_ms: i64) -> DbResult<()> {
    insert(&db.conn, l, now_ms).await
}

/// Writes these letters, inside the caller's transaction.
pub async fn insert_all<C: ConnectionTrait>(conn: &C, letters: &[NewLetter], now_ms: i64) -> DbResult<()> {
    for l in letters {
        insert(conn, l, now_ms).await?;
    }
    Ok(())
}

/// At most this many letters on the printing page at once.
pub const MAX_SHOWN: u64 = 200;

/// The team's letters waiting to be printed, oldest first (at most `MAX_SHOWN`). A letter
/// whose person has no postal address any more (erased, or changed their mind) is left out.
pub async fn waiting(db: &Db, team_id: i32) -> DbResult<Vec<Letter>> {
    let rows = letter::Entity::find()
        .filter(letter::Column::TeamId.eq(team_id))
        .filter(letter::Column::PrintedAt.is_null())
        .order_by_asc(letter::Column::Id)
        .limit(MAX_SHOWN)
        .all(&db.conn)
        .await?;
    with_recipients(db, rows).await
}

/// How many letters of the team wait to be printed.
pub async fn waiting_count(db: &Db, team_id: i32) -> DbResult<u64> {
    Ok(letter::Entity::find()
        .filter(letter::Column::TeamId.eq(team_id))
        .filter(letter::Column::PrintedAt.is_null())
        .count(&db.conn)
        .await?)
}

/// Every letter written to a person, newest first (their record).
pub async fn of_person(db: &Db, person_id: i32) -> DbResult<Vec<Letter>> {
    let rows = letter::Entity::find()
        .filter(letter::Column::PersonId.eq(person_id))
        .order_by_desc(letter::Column::Id)
        .all(&db.conn)
        .await?;
    with_recipients(db, rows).await
}

async fn with_recipients(db: &Db, rows: Vec<letter::Model>) -> DbResult<Vec<Letter>> {
    let ids: Vec<i32> = rows.iter().map(|l| l.person_id).collect();
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|l| {
            let p = people.iter().find(|p| p.id == l.person_id)?;
            Some(Letter {
                id: l.id,
                person_id: l.person_id,
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                postal_address: p.postal_address.clone()?,
                title: l.title,
                body: l.body,
                created_at: l.created_at,
                printed_at: l.printed_at,
            })
        })
        .collect())
}

/// Marks these letters of the team printed (the others are left alone). Returns how many.
pub async fn mark_printed(db: &Db, team_id: i32, ids: &[i32], by: &str, now_ms: i64) -> DbResult<u64> {
    let res = letter::Entity::update_many()
        .col_expr(letter::Column::PrintedAt, Expr::value(now_ms))
        .col_expr(letter::Column::PrintedBy, Expr::value(by))
        .filter(letter::Column::TeamId.eq(team_id))
        .filter(letter::Column::Id.is_in(ids.iter().copied()))
        .filter(letter::Column::PrintedAt.is_null())
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected)
}
