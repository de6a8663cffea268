//! The catalogue of interests the admin manages.

use super::entities::interest;
use super::{Db, DbResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

#[derive(Debug, Clone, PartialEq)]
pub struct Interest {
    pub id: i32,
    pub code: String,
    pub label: String,
}

pub async fn active(db: &Db) -> DbResult<Vec<Interest>> {
    let rows = interest::Entity::find()
        .filter(interest::Column::Active.eq(true))
        .order_by_asc(interest::Column::Position)
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Interest {
            id: r.id,
            code: r.code,
            label: r.label,
        })
        .collect())
}

/// Every interest, offered or not, in catalogue order: (interest, offered).
pub async fn all(db: &Db) -> DbResult<Vec<(Interest, bool)>> {
    let rows = interest::Entity::find()
        .order_by_asc(interest::Column::Position)
        .all(&db.conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                Interest {
                    id: r.id,
                    code: r.code,
                    label: r.label,
                },
                r.active,
            )
        })
        .collect())
}

/// Adds an interest at the end of the catalogue.
pub async fn create(db: &Db, code: &str, label: &str) -> DbResult<i32> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, PaginatorTrait};
    let position = interest::Entity::find().count(&db.conn).await? as i32;
    let row = interest::ActiveModel {
        code: Set(code.to_string()),
        label: Set(label.to_string()),
        active: Set(true),
        position: Set(position),
        ..Default::default()
    }
    .insert(&db.conn)
    .await?;
    Ok(row.id)
}

/// Offers an interest again, or stops offering it (people who chose it keep it).
pub async fn set_active(db: &Db, id: i32, active: bool) -> DbResult<bool> {
    let res = interest::Entity::update_many()
        .col_expr(interest::Column::Active, sea_orm::sea_query::Expr::value(active))
        .filter(interest::Column::Id.eq(id))
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}
