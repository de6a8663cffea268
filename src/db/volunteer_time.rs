//! The months a volunteer logged: one row per volunteer and month, replaced when corrected,
//! and the team totals the indicators read.

use super::entities::volunteer_time::{self, Column as C};
use super::{Db, DbError, DbResult};
use crate::domain::volunteer_time::totals::TimeFact;
use crate::domain::volunteer_time::{Entry, Hours, Km, LogMonth};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};

fn corrupt(row: &volunteer_time::Model) -> DbError {
    DbError::Corrupt(format!("volunteer_time {}: month or figures out of range", row.id))
}

fn entry(row: &volunteer_time::Model) -> DbResult<Entry> {
    let month = u32::try_from(row.month)
        .ok()
        .and_then(|m| LogMonth::new(row.year, m))
        .ok_or_else(|| corrupt(row))?;
    let hours = u32::try_from(row.hours_centi).map_err(|_| corrupt(row))?;
    let km = u32::try_from(row.km_tenths).map_err(|_| corrupt(row))?;
    Ok(Entry {
        month,
        hours: Hours(hours),
        km: Km(km),
    })
}

/// Records the month, replacing what the volunteer said of it before; a month with no hour
/// and no kilometre is taken back.
pub async fn save(db: &Db, person_id: i32, team_id: Option<i32>, entry: Entry, now_ms: i64) -> DbResult<()> {
    let this_month = Condition::all()
        .add(C::PersonId.eq(person_id))
        .add(C::Year.eq(entry.month.year))
        .add(C::Month.eq(entry.month.month as i32));
    if entry.is_empty() {
        volunteer_time::Entity::delete_many()
            .filter(this_month)
            .exec(&db.conn)
            .await?;
        return Ok(());
    }
    let row = volunteer_time::ActiveModel {
        person_id: Set(person_id),
        team_id: Set(team_id),
        year: Set(entry.month.year),
        month: Set(entry.month.month as i32),
        hours_centi: Set(entry.hours.0 as i32),
        km_tenths: Set(entry.km.0 as i32),
        created_at: Set(now_ms),
        updated_at: Set(now_ms),
        ..Default::default()
    };
    volunteer_time::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([C::PersonId, C::Year, C::Month])
                .update_columns([C::TeamId, C::HoursCenti, C::KmTenths, C::UpdatedAt])
                .to_owned(),
        )
        .exec(&db.conn)
        .await?;
    Ok(())
}

/// Every month the volunteer logged, oldest first.
pub async fn entries_of(db: &Db, person_id: i32) -> DbResult<Vec<Entry>> {
    volunteer_time::Entity::find()
        .filter(C::PersonId.eq(person_id))
        .order_by_asc(C::Year)
        .order_by_asc(C::Month)
        .all(&db.conn)
        .await?
        .iter()
        .map(entry)
        .collect()
}

/// The months logged in `years` by the volunteers of `teams` (every team for `None`).
pub async fn facts(db: &Db, teams: Option<&[i32]>, years: &[i32]) -> DbResult<Vec<TimeFact>> {
    let mut query = volunteer_time::Entity::find().filter(C::Year.is_in(years.iter().copied()));
    if let Some(ids) = teams {
        query = query.filter(C::TeamId.is_in(ids.iter().copied()));
    }
    query
        .all(&db.conn)
        .await?
        .iter()
        .map(|row| {
            let e = entry(row)?;
            Ok(TimeFact {
                person_id: row.person_id,
                team_id: row.team_id,
                year: row.year,
                hours_centi: e.hours.0,
                km_tenths: e.km.0,
            })
        })
        .collect()
}
