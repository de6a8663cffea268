//! A team's public places (`venue`) and a binôme's first meeting (`meeting`): one row per
//! binôme, changed in place with its SEQUENCE raised, cancelled with a date. Each change is
//! written with what tells both sides (e-mails with their calendar file, call tasks), the
//! reminder of the day before (a job keyed by the sequence) and the journal, in one
//! transaction.

use super::entities::{meeting, venue};
use super::pairings::Notices;
use super::{Db, DbResult};
use crate::domain::job::Job;
use crate::domain::pairing::Plan;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A public place of a team where first meetings take place.
#[derive(Debug, Clone, PartialEq)]
pub struct Venue {
    pub id: i32,
    pub team_id: i32,
    pub name: String,
    pub address: String,
    pub commune_code: String,
    /// OpenStreetMap `opening_hours` syntax, checked when typed.
    pub opening_hours: String,
    pub accessibility_url: Option<String>,
}

impl From<venue::Model> for Venue {
    fn from(v: venue::Model) -> Self {
        Venue {
            id: v.id,
            team_id: v.team_id,
            name: v.name,
            address: v.address,
            commune_code: v.commune_code,
            opening_hours: v.opening_hours,
            accessibility_url: v.accessibility_url,
        }
    }
}

/// A venue to add (its fields checked by the caller).
pub struct NewVenue<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub commune_code: &'a str,
    pub opening_hours: &'a str,
    pub accessibility_url: Option<&'a str>,
}

/// The places a team offers for new meetings, by name.
pub async fn venues_of(db: &Db, team_id: i32) -> DbResult<Vec<Venue>> {
    let rows = venue::Entity::find()
        .filter(venue::Column::TeamId.eq(team_id))
        .filter(venue::Column::RetiredAt.is_null())
        .order_by_asc(venue::Column::Name)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(Venue::from).collect())
}

/// One venue, retired or not (a meeting set there keeps its address).
pub async fn venue(db: &Db, id: i32) -> DbResult<Option<Venue>> {
    Ok(venue::Entity::find_by_id(id).one(&db.conn).await?.map(Venue::from))
}

pub async fn add_venue(db: &Db, team_id: i32, v: &NewVenue<'_>, now_ms: i64) -> DbResult<i32> {
    let row = venue::ActiveModel {
        team_id: Set(team_id),
        name: Set(v.name.to_string()),
        address: Set(v.address.to_string()),
        commune_code: Set(v.commune_code.to_string()),
        opening_hours: Set(v.opening_hours.to_string()),
        accessibility_url: Set(v.accessibility_url.map(str::to_string)),
        retired_at: Set(None),
        created_at: Set(now_ms),
        ..Default::default()
    }
    .insert(&db.conn)
    .await?;
    Ok(row.id)
}

/// No longer offered for new meetings; false when the venue is not this team's.
pub async fn retire_venue(db: &Db, team_id: i32, id: i32, now_ms: i64) -> DbResult<bool> {
    let res = venue::Entity::update_many()
        .col_expr(venue::Column::RetiredAt, Expr::value(now_ms))
        .filter(venue::Column::Id.eq(id))
        .filter(venue::Column::TeamId.eq(team_id))
        .filter(venue::Column::RetiredAt.is_null())
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A binôme's first meeting as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub pairing_id: i32,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_id: Option<i32>,
    pub place: Option<String>,
    pub sequence: i32,
    pub cancelled_at: Option<i64>,
}

impl Meeting {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }
}

pub async fn of_pairing(db: &Db, pairing_id: i32) -> DbResult<Option<Meeting>> {
    let row = meeting::Entity::find()
        .filter(meeting::Column::PairingId.eq(pairing_id))
        .one(&db.conn)
        .await?;
    Ok(row.map(|m| Meeting {
        pairing_id: m.pairing_id,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        venue_id: m.venue_id,
        place: m.place,
        sequence: m.sequence,
        cancelled_at: m.cancelled_at,
    }))
}

/// When and where, as decided by the coordinator.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_id: Option<i32>,
    pub place: Option<String>,
}

/// What happens to the meeting.
pub enum Change<'a> {
    /// Set (first time) or moved: the new version, and when its reminder goes (None: too close).
    Set {
        planned: &'a Planned,
        reminder_at: Option<i64>,
    },
    Cancel,
}

/// Writes the meeting's version `sequence` (the one after `current`, the version the
/// coordinator saw; None when there was none) with its notices. False, and nothing written,
/// if the meeting changed meanwhile.
pub async fn save(
    db: &Db,
    pairing_id: i32,
    current: Option<i32>,
    change: Change<'_>,
    notices: &Notices,
    now_ms: i64,
) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    if !save_in(&txn, pairing_id, current, &change, now_ms).await? {
        return Ok(false);
    }
    super::pairings::notices_in(&txn, notices, now_ms).await?;
    txn.commit().await?;
    Ok(true)
}

/// The binôme's agreement (`plan`) and its first meeting, together.
pub async fn agree(db: &Db, plan: &Plan, notices: &Notices, change: Change<'_>, now_ms: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let current = meeting::Entity::find()
        .filter(meeting::Column::PairingId.eq(plan.binome.id))
        .one(&txn)
        .await?
        .map(|m| m.sequence);
    if !super::pairings::write_in(&txn, plan, notices, now_ms).await?
        || !save_in(&txn, plan.binome.id, current, &change, now_ms).await?
    {
        return Ok(false);
    }
    txn.commit().await?;
    Ok(true)
}

/// The first meeting took place (`plan` introduces the binôme): its reminder, if still to
/// come, is cancelled with the step.
pub async fn met(db: &Db, plan: &Plan, notices: &Notices, now_ms: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let pairing_id = plan.binome.id;
    if !super::pairings::write_in(&txn, plan, notices, now_ms).await? {
        return Ok(false);
    }
    if let Some(m) = meeting::Entity::find()
        .filter(meeting::Column::PairingId.eq(pairing_id))
        .one(&txn)
        .await?
    {
        let sequence = m.sequence;
        super::jobs::cancel(&txn, &Job::MeetingReminder { pairing_id, sequence }).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// The sequence a meeting gets after `current`.
pub fn next_sequence(current: Option<i32>) -> i32 {
    current.map_or(0, |s| s + 1)
}

async fn save_in<C: ConnectionTrait>(
    conn: &C,
    pairing_id: i32,
    current: Option<i32>,
    change: &Change<'_>,
    now_ms: i64,
) -> DbResult<bool> {
    let sequence = next_sequence(current);
    if let Some(old) = current {
        super::jobs::cancel(
            conn,
            &Job::MeetingReminder {
                pairing_id,
                sequence: old,
            },
        )
        .await?;
        let mut update = meeting::Entity::update_many()
            .col_expr(meeting::Column::Sequence, Expr::value(sequence))
            .col_expr(meeting::Column::UpdatedAt, Expr::value(now_ms));
        update = match change {
            Change::Set { planned, .. } => update
                .col_expr(meeting::Column::StartsAt, Expr::value(planned.starts_at))
                .col_expr(meeting::Column::EndsAt, Expr::value(planned.ends_at))
                .col_expr(meeting::Column::VenueId, Expr::value(planned.venue_id))
                .col_expr(meeting::Column::Place, Expr::value(planned.place.clone()))
                .col_expr(meeting::Column::CancelledAt, Expr::value(Option::<i64>::None)),
            Change::Cancel => update.col_expr(meeting::Column::CancelledAt, Expr::value(now_ms)),
        };
        let res = update
            .filter(meeting::Column::PairingId.eq(pairing_id))
            .filter(meeting::Column::Sequence.eq(old))
            .exec(conn)
            .await?;
        if res.rows_affected != 1 {
            return Ok(false);
        }
    } else {
        let Change::Set { planned, .. } = change else {
            return Ok(false);
        };
        meeting::ActiveModel {
            pairing_id: Set(pairing_id),
            starts_at: Set(planned.starts_at),
            ends_at: Set(planned.ends_at),
            venue_id: Set(planned.venue_id),
            place: Set(planned.place.clone()),
            sequence: Set(sequence),
            cancelled_at: Set(None),
            created_at: Set(now_ms),
            updated_at: Set(now_ms),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    if let Change::Set {
        reminder_at: Some(at), ..
    } = change
    {
        super::jobs::schedule(conn, &Job::MeetingReminder { pairing_id, sequence }, *at, now_ms).await?;
    }
    Ok(true)
}

/// The reminders of the day before (e-mails and call tasks), in one transaction.
pub async fn remind(db: &Db, notices: &Notices, now_ms: i64) -> DbResult<()> {
    let txn = db.begin_write().await?;
    super::pairings::notices_in(&txn, notices, now_ms).await?;
    txn.commit().await?;
    Ok(())
}
