//! The coordinator's week: absences and who covers whom, and the figures of the Monday
//! digest. The rules are `domain::week`'s; here only what they need is read and written.

pub mod absence;
pub mod digest;

use super::entities::{staff, staff_team, team_area};
use super::{Db, DbResult};
use crate::domain::account::Role;
use crate::domain::week::zone::Zone;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::BTreeMap;

/// An active coordinator, with their teams and address.
#[derive(Debug, Clone, PartialEq)]
pub struct CoordinatorRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub weekly_digest: bool,
    pub teams: Vec<i32>,
}

/// Every coordinator whose account is active, by id, each with their teams (possibly none).
pub async fn coordinators(db: &Db) -> DbResult<Vec<CoordinatorRow>> {
    let people = staff::Entity::find()
        .filter(staff::Column::Role.eq(Role::Coordinator.code()))
        .filter(staff::Column::DisabledAt.is_null())
        .order_by_asc(staff::Column::Id)
        .all(&db.conn)
        .await?;
    let ids: Vec<i32> = people.iter().map(|s| s.id).collect();
    let mut teams: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for link in staff_team::Entity::find()
        .filter(staff_team::Column::StaffId.is_in(ids))
        .order_by_asc(staff_team::Column::TeamId)
        .all(&db.conn)
        .await?
    {
        teams.entry(link.staff_id).or_default().push(link.team_id);
    }
    Ok(people
        .into_iter()
        .map(|s| CoordinatorRow {
            teams: teams.remove(&s.id).unwrap_or_default(),
            id: s.id,
            name: s.name,
            email: s.email,
            weekly_digest: s.weekly_digest,
        })
        .collect())
}

/// Whether the staff member receives the Monday digest.
pub async fn wants_digest(db: &Db, staff_id: i32) -> DbResult<bool> {
    Ok(staff::Entity::find_by_id(staff_id)
        .one(&db.conn)
        .await?
        .is_some_and(|s| s.weekly_digest))
}

/// Turns the Monday digest on or off for a staff member (« Mon compte »).
pub async fn set_digest(db: &Db, staff_id: i32, on: bool) -> DbResult<()> {
    use sea_orm::sea_query::Expr;
    staff::Entity::update_many()
        .col_expr(staff::Column::WeeklyDigest, Expr::value(on))
        .filter(staff::Column::Id.eq(staff_id))
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// The clocks each team lives by, from the first area of its territory (a team without one
/// is on Paris time).
pub async fn team_zones(db: &Db) -> DbResult<BTreeMap<i32, Zone>> {
    let mut zones = BTreeMap::new();
    for area in team_area::Entity::find()
        .order_by_asc(team_area::Column::Id)
        .all(&db.conn)
        .await?
    {
        zones.entry(area.team_id).or_insert(match area.kind.as_str() {
            "departement" => Zone::of_departement(&area.code),
            _ => Zone::of_commune(&area.code),
        });
    }
    Ok(zones)
}
