//! The staff lists of people: a few columns per person, in one light query.

use super::Scope;
use crate::db::entities::person;
use crate::db::{Db, DbError, DbResult};
use crate::domain::person::{Kind, Status};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A person as a list shows her: the few columns a staff list needs, without the profile.
#[derive(Debug, Clone)]
pub struct RosterRow {
    pub id: i32,
    pub kind: Kind,
    pub status: Status,
    pub name: String,
    /// INSEE code (empty once erased).
    pub commune: String,
    pub waiting_since: Option<i64>,
}

/// Everyone in the reader's scope, the longest waiting first, in one light query (a big team's
/// list has thousands of rows: the full profiles are read only for one person's page).
pub async fn roster(db: &Db, scope: Scope<'_>) -> DbResult<Vec<RosterRow>> {
    use person::Column as C;
    use sea_orm::QuerySelect;
    let mut query = person::Entity::find().select_only().columns([
        C::Id,
        C::Kind,
        C::Status,
        C::FirstName,
        C::LastName,
        C::Commune,
        C::WaitingSince,
    ]);
    query = match scope {
        Scope::All => query,
        Scope::Teams(ids) => query.filter(C::TeamId.is_in(ids.iter().copied())),
        Scope::Referent(id) => query.filter(C::ReferentId.eq(id)),
    };
    type Columns = (i32, String, String, String, String, String, Option<i64>);
    let rows: Vec<Columns> = query
        .order_by_asc(C::WaitingSince)
        .order_by_asc(C::Id)
        .into_tuple()
        .all(&db.conn)
        .await?;
    rows.into_iter()
        .map(|(id, kind, status, first, last, commune, waiting_since)| {
            Ok(RosterRow {
                id,
                kind: Kind::parse(&kind).ok_or_else(|| DbError::Corrupt(format!("person {id}: kind {kind}")))?,
                status: Status::parse(&status)
                    .ok_or_else(|| DbError::Corrupt(format!("person {id}: status {status}")))?,
                name: format!("{first} {last}"),
                commune,
                waiting_since,
            })
        })
        .collect()
}
