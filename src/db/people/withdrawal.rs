//! Withdrawal of consent: the person leaves, in one transaction with everything it implies.

use super::super::audit;
use super::super::entities::{consent, person, person_token, web_session};
use super::super::pairings::Notices;
use super::super::{Db, DbResult, outbox};
use crate::domain::person::Status;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

/// Withdrawal: consent withdrawn, off the waiting list, links and pending e-mails cancelled,
/// signed out everywhere — in one transaction. `by` says who recorded it ("la personne", a
/// staff name). Returns false when the person had already left.
/// `notices` are the kind words for the other side of each pairing that ends (e-mails, call
/// tasks, letters) and the journal lines of staff who recorded it.
pub async fn withdraw(db: &Db, id: i32, by: &str, notices: &Notices, now_ms: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let left = person::Entity::update_many()
        .col_expr(person::Column::Status, Expr::value(Status::Left.code()))
        .col_expr(person::Column::LeftAt, Expr::value(now_ms))
        .col_expr(person::Column::WaitingSince, Expr::value(Option::<i64>::None))
        .col_expr(person::Column::UpdatedAt, Expr::value(now_ms))
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Status.ne(Status::Left.code()))
        .exec(&txn)
        .await?;
    if left.rows_affected == 0 {
        return Ok(false);
    }
    consent::Entity::update_many()
        .col_expr(consent::Column::WithdrawnAt, Expr::value(now_ms))
        .col_expr(consent::Column::WithdrawnBy, Expr::value(by))
        .filter(consent::Column::PersonId.eq(id))
        .filter(consent::Column::WithdrawnAt.is_null())
        .exec(&txn)
        .await?;
    person_token::Entity::delete_many()
        .filter(
            Condition::all()
                .add(person_token::Column::PersonId.eq(id))
                .add(person_token::Column::UsedAt.is_null()),
        )
        .exec(&txn)
        .await?;
    outbox::cancel_for_person(&txn, id).await?;
    super::super::sms::cancel_for_person(&txn, id).await?;
    super::super::pairings::end_open_pairings(&txn, id, by, now_ms).await?;
    for (other, notice) in &notices.emails {
        outbox::enqueue(&txn, std::slice::from_ref(notice), Some(*other), now_ms).await?;
    }
    for call in &notices.calls {
        super::super::checkins::raise(&txn, call, now_ms).await?;
    }
    super::super::letters::insert_all(&txn, &notices.letters, now_ms).await?;
    super::super::sms::enqueue(&txn, &notices.sms, now_ms).await?;
    web_session::Entity::delete_many()
        .filter(web_session::Column::PersonId.eq(id))
        .exec(&txn)
        .await?;
    audit::record_all(&txn, &notices.journal, now_ms).await?;
    txn.commit().await?;
    Ok(true)
}
