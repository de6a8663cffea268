//! Staff accounts and the teams they belong to.

use super::entities::{staff, staff_team, web_session};
use super::{Db, DbResult};
use crate::domain::account::{Email, Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    TransactionTrait, sea_query::Expr,
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
    /// Signing in asks a six-digit code after the password.
    pub totp_enabled: bool,
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
        totp_enabled: m.totp_enabled_at.is_some() && m.totp_secret.is_some(),
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
    replace_password(db, id, password_hash, None, now_ms).await
}

/// Replaces the password and signs the account out everywhere but in the session `keep`
/// (the one where the staff member just changed it).
pub async fn change_password(db: &Db, id: i32, password_hash: &str, keep: &str, now_ms: i64) -> DbResult<()> {
    replace_password(db, id, password_hash, Some(keep), now_ms).await
}

async fn replace_password(db: &Db, id: i32, password_hash: &str, keep: Option<&str>, now_ms: i64) -> DbResult<()> {
    let txn = db.conn.begin().await?;
    staff::ActiveModel {
        id: Set(id),
        password_hash: Set(password_hash.to_string()),
        password_changed_at: Set(now_ms),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let mut revoke = web_session::Entity::delete_many().filter(web_session::Column::StaffId.eq(id));
    if let Some(keep) = keep {
        revoke = revoke.filter(web_session::Column::Id.ne(keep));
    }
    revoke.exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// The confirmed TOTP secret of an account, if it has one.
pub async fn totp_secret(db: &Db, id: i32) -> DbResult<Option<String>> {
    Ok(staff::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|m| m.totp_enabled_at.is_some())
        .and_then(|m| m.totp_secret))
}

/// Turns the second factor on with a secret the staff member has just confirmed at `step`.
pub async fn enable_totp(db: &Db, id: i32, secret: &str, step: i64, now_ms: i64) -> DbResult<()> {
    set_totp(db, id, Some(secret), Some(now_ms), Some(step)).await
}

pub async fn disable_totp(db: &Db, id: i32) -> DbResult<()> {
    set_totp(db, id, None, None, None).await
}

async fn set_totp(db: &Db, id: i32, secret: Option<&str>, at: Option<i64>, step: Option<i64>) -> DbResult<()> {
    staff::ActiveModel {
        id: Set(id),
        totp_secret: Set(secret.map(str::to_string)),
        totp_enabled_at: Set(at),
        totp_last_step: Set(step),
        ..Default::default()
    }
    .update(&db.conn)
    .await?;
    Ok(())
}

/// Records that the code of `step` was used; false when it (or a later one) already was,
/// so that a code seen over someone's shoulder cannot be replayed.
pub async fn use_totp_step(db: &Db, id: i32, step: i64) -> DbResult<bool> {
    use staff::Column as C;
    let res = staff::Entity::update_many()
        .col_expr(C::TotpLastStep, Expr::value(step))
        .filter(C::Id.eq(id))
        .filter(
            Condition::any()
                .add(C::TotpLastStep.is_null())
                .add(C::TotpLastStep.lt(step)),
        )
        .exec(&db.conn)
        .await?;
    Ok(res.rows_affected == 1)
}
