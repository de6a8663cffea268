//! Absences as stored: recorded and cancelled from « Mon compte », read by whoever sends
//! something to a coordinator (through [`receivers`]) and by the desk (who covers whom).

use super::coordinators;
use crate::db::entities::{staff, staff_absence, staff_team};
use crate::db::{Db, DbError, DbResult};
use crate::domain::week::absence::{Absence, receiver};
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

const DAY: &str = "%Y-%m-%d";

fn text(day: NaiveDate) -> String {
    day.format(DAY).to_string()
}

fn read(row: &staff_absence::Model) -> DbResult<Absence> {
    let day = |t: &str| {
        NaiveDate::parse_from_str(t, DAY).map_err(|_| DbError::Corrupt(format!("staff_absence {}: day {t:?}", row.id)))
    };
    Ok(Absence {
        staff_id: row.staff_id,
        stand_in_id: row.stand_in_id,
        from: day(&row.from_day)?,
        to: day(&row.to_day)?,
    })
}

/// The absences running on `day` whose colleague's account is still active.
pub async fn running(db: &Db, day: NaiveDate) -> DbResult<Vec<Absence>> {
    let rows = staff_absence::Entity::find()
        .filter(staff_absence::Column::FromDay.lte(text(day)))
        .filter(staff_absence::Column::ToDay.gte(text(day)))
        .order_by_asc(staff_absence::Column::Id)
        .all(&db.conn)
        .await?;
    let active: Vec<i32> = coordinators(db).await?.into_iter().map(|c| c.id).collect();
    rows.iter()
        .filter(|r| active.contains(&r.stand_in_id))
        .map(read)
        .collect()
}

/// Someone who receives e-mails meant for a coordinator.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub id: i32,
    pub name: String,
    pub email: String,
}

/// Who receives, on `day`, what is meant for each of `coordinator_ids` — each recipient
/// once, in the order of the coordinators (`domain::week::absence::receiver` decides).
pub async fn receivers(db: &Db, coordinator_ids: &[i32], day: NaiveDate) -> DbResult<Vec<Recipient>> {
    let absences = running(db, day).await?;
    let wanted: Vec<i32> = coordinator_ids
        .iter()
        .flat_map(|id| [*id, receiver(*id, &absences, day)])
        .collect();
    let found: HashMap<i32, staff::Model> = staff::Entity::find()
        .filter(staff::Column::Id.is_in(wanted))
        .filter(staff::Column::DisabledAt.is_null())
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut out: Vec<Recipient> = Vec::new();
    for id in coordinator_ids {
        let to = receiver(*id, &absences, day);
        let Some(s) = found.get(&to).or_else(|| found.get(id)) else {
            continue;
        };
        if !out.iter().any(|r| r.id == s.id) {
            out.push(Recipient {
                id: s.id,
                name: s.name.clone(),
                email: s.email.clone(),
            });
        }
    }
    Ok(out)
}

/// Records an absence checked by `domain::week::absence::check`. The desks of the absent
/// coordinator's teams say who covers whom: their revisions are raised with it.
pub async fn record(db: &Db, absence: &Absence, now_ms: i64) -> DbResult<i32> {
    let txn = db.begin_write().await?;
    let row = staff_absence::ActiveModel {
        staff_id: Set(absence.staff_id),
        stand_in_id: Set(absence.stand_in_id),
        from_day: Set(text(absence.from)),
        to_day: Set(text(absence.to)),
        created_at: Set(now_ms),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::db::revision::bump(&txn, &teams_of(&txn, absence.staff_id).await?).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Removes one of `staff_id`'s own absences; false when it is not theirs.
pub async fn cancel(db: &Db, id: i32, staff_id: i32) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let done = staff_absence::Entity::delete_many()
        .filter(staff_absence::Column::Id.eq(id))
        .filter(staff_absence::Column::StaffId.eq(staff_id))
        .exec(&txn)
        .await?;
    if done.rows_affected > 0 {
        crate::db::revision::bump(&txn, &teams_of(&txn, staff_id).await?).await?;
    }
    txn.commit().await?;
    Ok(done.rows_affected > 0)
}

async fn teams_of<C: sea_orm::ConnectionTrait>(conn: &C, staff_id: i32) -> DbResult<Vec<i32>> {
    Ok(staff_team::Entity::find()
        .filter(staff_team::Column::StaffId.eq(staff_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.team_id)
        .collect())
}

/// An absence as pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub id: i32,
    pub absent: String,
    pub stand_in: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

async fn names(db: &Db, ids: Vec<i32>) -> DbResult<HashMap<i32, String>> {
    Ok(staff::Entity::find()
        .filter(staff::Column::Id.is_in(ids))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect())
}

async fn shown(db: &Db, rows: Vec<staff_absence::Model>) -> DbResult<Vec<Shown>> {
    let names = names(db, rows.iter().flat_map(|r| [r.staff_id, r.stand_in_id]).collect()).await?;
    let name = |id: i32| names.get(&id).cloned().unwrap_or_default();
    rows.iter()
        .map(|r| {
            let a = read(r)?;
            Ok(Shown {
                id: r.id,
                absent: name(r.staff_id),
                stand_in: name(r.stand_in_id),
                from: a.from,
                to: a.to,
            })
        })
        .collect()
}

/// `staff_id`'s absences not over on `today`, the earliest first.
pub async fn of_staff(db: &Db, staff_id: i32, today: NaiveDate) -> DbResult<Vec<Shown>> {
    let rows = staff_absence::Entity::find()
        .filter(staff_absence::Column::StaffId.eq(staff_id))
        .filter(staff_absence::Column::ToDay.gte(text(today)))
        .order_by_asc(staff_absence::Column::FromDay)
        .all(&db.conn)
        .await?;
    shown(db, rows).await
}

/// The absences running on `today` of the coordinators of team `team_id` (the desk says who
/// covers whom; it keeps the line with its lists, under the team's revision and the day).
pub async fn covering_team(db: &Db, team_id: i32, today: NaiveDate) -> DbResult<Vec<Shown>> {
    let members = super::super::teams::staff_ids(db, team_id).await?;
    let rows = staff_absence::Entity::find()
        .filter(staff_absence::Column::StaffId.is_in(members))
        .filter(staff_absence::Column::FromDay.lte(text(today)))
        .filter(staff_absence::Column::ToDay.gte(text(today)))
        .order_by_asc(staff_absence::Column::Id)
        .all(&db.conn)
        .await?;
    shown(db, rows).await
}

/// The colleagues who may stand in for `me`: active coordinators of every team of `teams`,
/// (id, name) by name.
pub async fn colleagues(db: &Db, me: i32, teams: &[i32]) -> DbResult<Vec<(i32, String)>> {
    let mut found: Vec<(i32, String)> = coordinators(db)
        .await?
        .into_iter()
        .filter(|c| c.id != me && !teams.is_empty() && teams.iter().all(|t| c.teams.contains(t)))
        .map(|c| (c.id, c.name))
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

/// The teams of an active coordinator, None for anyone else.
pub async fn coordinator_teams(db: &Db, id: i32) -> DbResult<Option<Vec<i32>>> {
    Ok(coordinators(db)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .map(|c| c.teams))
}
