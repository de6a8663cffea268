//! A team's *transport solidaire* contact (#18.5), set by the administrator.

use super::entities::team;
use super::{Db, DbResult};
use crate::domain::transport::Contact;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub async fn of_team(db: &Db, team_id: i32) -> DbResult<Option<Contact>> {
    let Some(t) = team::Entity::find_by_id(team_id).one(&db.conn).await? else {
        return Ok(None);
    };
    Ok(t.transport_name.map(|name| Contact {
        name,
        phone: t.transport_phone,
        note: t.transport_note,
    }))
}

/// Sets, or with `None` removes, the team's contact.
pub async fn set(db: &Db, team_id: i32, contact: Option<&Contact>) -> DbResult<()> {
    team::Entity::update_many()
        .col_expr(
            team::Column::TransportName,
            Expr::value(contact.map(|c| c.name.clone())),
        )
        .col_expr(
            team::Column::TransportPhone,
            Expr::value(contact.and_then(|c| c.phone.clone())),
        )
        .col_expr(
            team::Column::TransportNote,
            Expr::value(contact.and_then(|c| c.note.clone())),
        )
        .filter(team::Column::Id.eq(team_id))
        .exec(&db.conn)
        .await?;
    Ok(())
}
