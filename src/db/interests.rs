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
