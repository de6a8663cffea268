//! Staff accounts and the teams they belong to.

use super::entities::{staff, staff_team, web_session};
use super::{Db, DbResult};
use crate::domain::account::{Email, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

/// A staff member as the web layer needs it; the password hash stays here.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffMember {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub team_ids: Vec<i32>,
}

pub struct NewStaff<'a> {
    pub email: &'a Email,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub organisation: Option<&'a str>,
    pub team_ids: &'a [i32],
}

fn member(m: staff::Model, team_ids: Vec<i32>) -> StaffMember {
    StaffMember {
        id: m.id,
        email: m.email,
        name: m.name,
        role: m.role.parse().unwrap_or(Role::Referent),
        organisation: m.organisation,
        team_ids,
    }
}

pub async fn count(db: &Db) -> DbResult<u64> {
    Ok(staff::Entity::find().count(&db.conn).await?)
}

/// Creates an account and its team memberships in one transaction.
pub async fn create(db: &Db, new: NewStaff<'_>, now_ms: i64) -> DbResult<i32> {
    let txn = db.conn.begin().await?;
    let row = staff::ActiveModel {
        email: Set(new.email.as_str().to_string()),
        name: Set(new.name.to_string()),
        password_hash: Set(new.password_hash.to_string()),
        role: Set(new.role.code().to_string()),
        organisation: Set(new.organisation.map(str::to_string)),
        created_at: Set(now_ms),
        password_changed_at: Set(now_ms),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for team_id in new.team_ids {
        staff_team::ActiveModel {
            staff_id: Set(row.id),
            team_id: Set(*team_id),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(row.id)
}

async fn team_ids(db: &Db, staff_id: i32) -> DbResult<Vec<i32>> {
    let rows = staff_team::Entity::find()
        .filter(staff_team::Column::StaffId.eq(staff_id))
        .order_by_asc(staff_team::Column::TeamId)
        .all(&db.conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.team_id).collect())
}

pub async fn by_id(db: &Db, id: i32) -> DbResult<Option<StaffMember>> {
    match staff::Entity::find_by_id(id).one(&db.conn).await? {
        Some(m) => Ok(Some(member(m, team_ids(db, id).await?))),
        None => Ok(None),
    }
}

/// The account and its password hash, for signing in.
pub async fn credentials(db: &Db, email: &str) -> DbResult<Option<(StaffMember, String)>> {
    match staff::Entity::find()
        .filter(staff::Column::Email.eq(email))
        .one(&db.conn)
        .await?
    {
        Some(m) => {
            let hash = m.password_hash.clone();
            let id = m.id;
            Ok(Some((member(m, team_ids(db, id).await?), hash)))
        }
        None => Ok(None),
    }
}

pub async fn list(db: &Db) -> DbResult<Vec<StaffMember>> {
    let rows = staff::Entity::find()
        .order_by_asc(staff::Column::Name)
        .all(&db.conn)
        .await?;
    let links = staff_team::Entity::find().all(&db.conn).await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let ids = links.iter().filter(|l| l.staff_id == m.id).map(|l| l.team_id).collect();
            member(m, ids)
        })
        .collect())
}

/// Replaces the password and signs the account out everywhere.
pub async fn set_password(db: &Db, id: i32, password_hash: &str, now_ms: i64) -> DbResult<()> {
    let txn = db.conn.begin().await?;
    staff::ActiveModel {
        id: Set(id),
        password_hash: Set(password_hash.to_string()),
        password_changed_at: Set(now_ms),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    web_session::Entity::delete_many()
        .filter(web_session::Column::StaffId.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
