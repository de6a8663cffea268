//! Single-use links (e-mail confirmation, sign-in): only their hash is stored.

use super::super::entities::person_token;
use super::super::{Db, DbError, DbResult, outbox};
use crate::domain::email::OutgoingEmail;
pub use crate::domain::link::NewToken;
use crate::domain::link::Purpose;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub(crate) async fn insert_token<C: ConnectionTrait>(
    conn: &C,
    person_id: i32,
    t: &NewToken,
    now_ms: i64,
) -> DbResult<()> {
    person_token::ActiveModel {
        person_id: Set(person_id),
        purpose: Set(t.purpose.code()),
        token_sha256: Set(t.token_sha256.clone()),
        expires_at: Set(t.expires_at),
        used_at: Set(None),
        created_at: Set(now_ms),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Stores a new single-use link and the e-mail that carries it, together.
pub async fn send_link(db: &Db, person_id: i32, token: NewToken, email: OutgoingEmail, now_ms: i64) -> DbResult<()> {
    let txn = db.begin_write().await?;
    insert_token(&txn, person_id, &token, now_ms).await?;
    outbox::enqueue(&txn, &[email], Some(person_id), now_ms).await?;
    txn.commit().await?;
    Ok(())
}

/// Uses a single-use link: returns its person when the link exists, has this purpose, is
/// unused and unexpired; it can never be used again.
pub async fn consume_token(db: &Db, token_sha256: &str, purpose: Purpose, now_ms: i64) -> DbResult<Option<i32>> {
    let txn = db.begin_write().await?;
    let Some(token) = person_token::Entity::find()
        .filter(person_token::Column::TokenSha256.eq(token_sha256))
        .filter(person_token::Column::Purpose.eq(purpose.code()))
        .one(&txn)
        .await?
    else {
        return Ok(None);
    };
    let used = person_token::Entity::update_many()
        .col_expr(person_token::Column::UsedAt, Expr::value(now_ms))
        .filter(person_token::Column::Id.eq(token.id))
        .filter(person_token::Column::UsedAt.is_null())
        .filter(person_token::Column::ExpiresAt.gt(now_ms))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok((used.rows_affected == 1).then_some(token.person_id))
}

/// Reads a link without using it: (person, purpose) while it is unused and unexpired; a
/// purpose this version cannot read is `Corrupt`.
pub async fn peek_token(db: &Db, token_sha256: &str, now_ms: i64) -> DbResult<Option<(i32, Purpose)>> {
    let Some(t) = person_token::Entity::find()
        .filter(person_token::Column::TokenSha256.eq(token_sha256))
        .filter(person_token::Column::UsedAt.is_null())
        .filter(person_token::Column::ExpiresAt.gt(now_ms))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let purpose = Purpose::parse(&t.purpose)
        .ok_or_else(|| DbError::Corrupt(format!("link {}: purpose {:?}", t.id, t.purpose)))?;
    Ok(Some((t.person_id, purpose)))
}

/// Forgets the volunteers who never confirmed their address once every confirmation link
/// they were sent has expired: nobody proved the address was theirs, so nothing is kept
/// (a form filled with someone else's address leaves no trace). Returns how many.
pub async fn purge_unconfirmed(db: &Db, now_ms: i64) -> DbResult<u64> {
    use super::super::entities::{alert, consent, note, person, person_interest, web_session};
    use crate::domain::person::Status;
    let txn = db.begin_write().await?;
    let still_valid = person_token::Entity::find()
        .filter(person_token::Column::Purpose.eq(Purpose::ConfirmEmail.code()))
        .filter(person_token::Column::ExpiresAt.gt(now_ms))
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| t.person_id)
        .collect::<Vec<_>>();
    let ids: Vec<i32> = person::Entity::find()
        .filter(person::Column::Status.eq(Status::EmailUnconfirmed.code()))
        .filter(person::Column::Id.is_not_in(still_valid))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    if ids.is_empty() {
        return Ok(0);
    }
    person_interest::Entity::delete_many()
        .filter(person_interest::Column::PersonId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    consent::Entity::delete_many()
        .filter(consent::Column::PersonId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    person_token::Entity::delete_many()
        .filter(person_token::Column::PersonId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    super::super::entities::outbox::Entity::delete_many()
        .filter(super::super::entities::outbox::Column::PersonId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    web_session::Entity::delete_many()
        .filter(web_session::Column::PersonId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    alert::Entity::delete_many()
        .filter(alert::Column::PersonId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    note::Entity::delete_many()
        .filter(note::Column::PersonId.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    let gone = person::Entity::delete_many()
        .filter(person::Column::Id.is_in(ids))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(gone.rows_affected)
}
