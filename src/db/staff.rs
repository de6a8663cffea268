//! Staff accounts and the teams they belong to. A disabled account is invisible to signing
//! in and to the signed-in lookup; only the administration sees it.

use super::audit::{self, Actor, Line};
use super::entities::{staff, staff_team, team, web_session};
use super::{Db, DbResult};
use crate::domain::access::Reader;
use crate::domain::account::{AccountChange, AccountFacts, Email, Refused, Role};
use crate::domain::rgpd::Action;
mod second_factor;

pub use second_factor::{disable_totp, enable_totp, totp_secret, use_totp_step};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
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
    /// When the account was disabled; a disabled account cannot sign in.
    pub disabled_at: Option<i64>,
}

impl StaffMember {
    /// What the access rules know of this staff member.
    pub fn reader(&self) -> Reader<'_> {
        Reader::new(self.role, self.id, &self.team_ids)
    }
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
        disabled_at: m.disabled_at,
    }
}

pub async fn count(db: &Db) -> DbResult<u64> {
    Ok(staff::Entity::find().count(&db.conn).await?)
}

/// Creates an account and its team memberships in one transaction.
pub async fn create(db: &Db, new: NewStaff<'_>, now_ms: i64) -> DbResult<i32> {
    let txn = db.begin_write().await?;
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

/// The signed-in staff member: none when the account is disabled, so that a session that
/// outlived the disabling is treated as signed out.
pub async fn by_id(db: &Db, id: i32) -> DbResult<Option<StaffMember>> {
    Ok(account(db, id).await?.filter(|m| m.disabled_at.is_none()))
}

/// Any account, disabled or not (for the administration). One statement: every staff page
/// reads it first, so the teams come along as one list (`"3,7"`) rather than in a second query.
pub async fn account(db: &Db, id: i32) -> DbResult<Option<StaffMember>> {
    let backend = db.conn.get_database_backend();
    let teams = match backend {
        DbBackend::Postgres => "(SELECT string_agg(team_id::text, ',') FROM staff_team WHERE staff_id = staff.id)",
        _ => "(SELECT group_concat(team_id) FROM staff_team WHERE staff_id = staff.id)",
    };
    let select = staff::Entity::find_by_id(id).column_as(Expr::cust(teams), "team_list");
    let Some(row) = db.conn.query_one_raw(select.build(backend)).await? else {
        return Ok(None);
    };
    let list: Option<String> = row.try_get("", "team_list")?;
    let mut team_ids: Vec<i32> = list
        .iter()
        .flat_map(|l| l.split(','))
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    team_ids.sort_unstable();
    Ok(Some(member(staff::Model::from_query_result(&row, "")?, team_ids)))
}

/// Any account by its address, disabled or not (for the command line).
pub async fn by_email(db: &Db, email: &str) -> DbResult<Option<StaffMember>> {
    match staff::Entity::find()
        .filter(staff::Column::Email.eq(email))
        .one(&db.conn)
        .await?
    {
        Some(m) => {
            let id = m.id;
            Ok(Some(member(m, team_ids(db, id).await?)))
        }
        None => Ok(None),
    }
}

/// The account and its password hash, for signing in; a disabled account has none.
pub async fn credentials(db: &Db, email: &str) -> DbResult<Option<(StaffMember, String)>> {
    match staff::Entity::find()
        .filter(staff::Column::Email.eq(email))
        .filter(staff::Column::DisabledAt.is_null())
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
    replace_password(db, id, password_hash, None, &[], now_ms).await
}

/// Replaces the password and signs the account out everywhere but in the session `keep`
/// (the one where the staff member just changed it), with its journal line.
pub async fn change_password(
    db: &Db,
    id: i32,
    password_hash: &str,
    keep: &str,
    journal: &[Line],
    now_ms: i64,
) -> DbResult<()> {
    replace_password(db, id, password_hash, Some(keep), journal, now_ms).await
}

async fn replace_password(
    db: &Db,
    id: i32,
    password_hash: &str,
    keep: Option<&str>,
    journal: &[Line],
    now_ms: i64,
) -> DbResult<()> {
    let txn = db.begin_write().await?;
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
    audit::record_all(&txn, journal, now_ms).await?;
    txn.commit().await?;
    Ok(())
}

/// Applies an administrator's change to account `id` in one transaction with its audit line
/// (and, when disabling, the end of its sessions). `Ok(Err(_))` when the rules refuse it;
/// nothing is written then. A change to the state the account already has writes nothing.
pub async fn change(
    db: &Db,
    id: i32,
    change: &AccountChange,
    actor: &Actor,
    now_ms: i64,
) -> DbResult<Result<(), Refused>> {
    let txn = db.begin_write().await?;
    let Some(row) = staff::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(Ok(()));
    };
    let facts = AccountFacts {
        role: row.role.parse().unwrap_or(Role::Referent),
        active: row.disabled_at.is_none(),
        team_count: staff_team::Entity::find()
            .filter(staff_team::Column::StaffId.eq(id))
            .count(&txn)
            .await? as usize,
        active_admins: active_admins(&txn).await?,
    };
    if let Err(refused) = change.check(facts) {
        return Ok(Err(refused));
    }
    let mut update = staff::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    let what = match change {
        AccountChange::Disable if facts.active => {
            update.disabled_at = Set(Some(now_ms));
            "désactivé, sessions fermées".to_string()
        }
        AccountChange::Enable if !facts.active => {
            update.disabled_at = Set(None);
            "réactivé".to_string()
        }
        AccountChange::Disable | AccountChange::Enable => return Ok(Ok(())),
        AccountChange::Role { role, organisation } => {
            update.role = Set(role.code().to_string());
            update.organisation = Set(organisation.clone());
            match organisation {
                Some(o) => format!("rôle : {} ({o})", role.label()),
                None => format!("rôle : {}", role.label()),
            }
        }
        AccountChange::Teams(ids) => {
            set_teams(&txn, id, ids).await?;
            format!("équipes : {}", team_list(&txn, ids).await?)
        }
    };
    if update.is_changed() {
        update.update(&txn).await?;
    }
    if change.revokes_sessions() {
        revoke_sessions(&txn, id).await?;
    }
    let detail = format!("compte de {} <{}> : {what}", row.name, row.email);
    audit::record(&txn, actor, Action::Change, None, Some(&detail), now_ms).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Gives account `id` a new password, turns its second factor off (a lost phone) and ends
/// its sessions, with its audit line, in one transaction. False when there is no such account.
pub async fn reset(db: &Db, id: i32, password_hash: &str, actor: &Actor, now_ms: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let Some(row) = staff::Entity::find_by_id(id).one(&txn).await? else {
        return Ok(false);
    };
    staff::ActiveModel {
        id: Set(id),
        password_hash: Set(password_hash.to_string()),
        password_changed_at: Set(now_ms),
        totp_secret: Set(None),
        totp_enabled_at: Set(None),
        totp_last_step: Set(None),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    revoke_sessions(&txn, id).await?;
    let detail = format!(
        "compte de {} <{}> : mot de passe réinitialisé, double authentification retirée, sessions fermées",
        row.name, row.email
    );
    audit::record(&txn, actor, Action::Change, None, Some(&detail), now_ms).await?;
    txn.commit().await?;
    Ok(true)
}

/// Administrators who can sign in. On PostgreSQL their rows are locked until the end of the
/// transaction, so that two administrators cannot disable each other at the same moment.
async fn active_admins(txn: &DatabaseTransaction) -> DbResult<u64> {
    let mut admins = staff::Entity::find()
        .filter(staff::Column::Role.eq(Role::Admin.code()))
        .filter(staff::Column::DisabledAt.is_null());
    if txn.get_database_backend() == DbBackend::Postgres {
        admins = admins.lock_exclusive();
    }
    Ok(admins.all(txn).await?.len() as u64)
}

async fn set_teams(txn: &DatabaseTransaction, id: i32, team_ids: &[i32]) -> DbResult<()> {
    staff_team::Entity::delete_many()
        .filter(staff_team::Column::StaffId.eq(id))
        .exec(txn)
        .await?;
    for team_id in team_ids {
        staff_team::ActiveModel {
            staff_id: Set(id),
            team_id: Set(*team_id),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

async fn team_list(txn: &DatabaseTransaction, team_ids: &[i32]) -> DbResult<String> {
    let names: Vec<String> = team::Entity::find()
        .filter(team::Column::Id.is_in(team_ids.iter().copied()))
        .order_by_asc(team::Column::Name)
        .all(txn)
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    Ok(if names.is_empty() {
        "aucune".into()
    } else {
        names.join(", ")
    })
}

async fn revoke_sessions<C: ConnectionTrait>(conn: &C, id: i32) -> DbResult<()> {
    web_session::Entity::delete_many()
        .filter(web_session::Column::StaffId.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}
