//! The audit log: who viewed, changed, exported or erased whose record, and staff sign-ins.
//! Rows are only ever added (and purged after 12 months): nothing edits them.

use super::entities::{audit_log, person};
use super::{Db, DbResult};
use crate::domain::rgpd::Action;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Who acted: a staff member, or the application itself (the scheduler).
#[derive(Debug, Clone)]
pub struct Actor {
    pub staff_id: Option<i32>,
    pub label: String,
}

impl Actor {
    pub fn system(what: &str) -> Self {
        Actor {
            staff_id: None,
            label: format!("binome ({what})"),
        }
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at: i64,
    pub staff_label: String,
    pub action: Option<Action>,
    pub person_id: Option<i32>,
    /// The person's name as it is now ("Personne effacée" once erased).
    pub person_name: Option<String>,
    pub detail: Option<String>,
}

/// Records an action, inside the caller's transaction when there is one.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: Action,
    person_id: Option<i32>,
    detail: Option<&str>,
    now_ms: i64,
) -> DbResult<()> {
    audit_log::ActiveModel {
        at: Set(now_ms),
        staff_id: Set(actor.staff_id),
        staff_label: Set(actor.label.chars().take(200).collect()),
        action: Set(action.code().into()),
        person_id: Set(person_id),
        detail: Set(detail.map(str::to_string)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Records an action that changes nothing (a read, a sign-in attempt) on its own. A change
/// writes its lines with `record_all` in its own transaction instead, so that the change and
/// its journal are both written or neither is.
pub async fn log(
    db: &Db,
    actor: &Actor,
    action: Action,
    person_id: Option<i32>,
    detail: Option<&str>,
    now_ms: i64,
) -> DbResult<()> {
    record(&db.conn, actor, action, person_id, detail, now_ms).await
}

/// A journal line that a change carries to the database, written in the change's transaction.
#[derive(Debug, Clone)]
pub struct Line {
    pub actor: Actor,
    pub action: Action,
    /// Whose record changed; none for a staff member's own account.
    pub person_id: Option<i32>,
    pub detail: String,
}

impl Line {
    /// A line about no one's record (until `about` says whose).
    pub fn new(actor: Actor, action: Action, detail: impl Into<String>) -> Self {
        Line {
            actor,
            action,
            person_id: None,
            detail: detail.into(),
        }
    }

    /// The same line, about person `person_id`.
    pub fn about(self, person_id: i32) -> Self {
        Line {
            person_id: Some(person_id),
            ..self
        }
    }
}

/// Records the lines of a change inside its transaction.
pub async fn record_all<C: ConnectionTrait>(conn: &C, lines: &[Line], now_ms: i64) -> DbResult<()> {
    for l in lines {
        record(conn, &l.actor, l.action, l.person_id, Some(&l.detail), now_ms).await?;
    }
    Ok(())
}

/// A page of the journal, newest first, optionally about one person; and whether an older
/// page exists. Pages count from 1.
pub async fn list(db: &Db, person_id: Option<i32>, page: u64, per_page: u64) -> DbResult<(Vec<Entry>, bool)> {
    let mut query = audit_log::Entity::find();
    if let Some(id) = person_id {
        query = query.filter(audit_log::Column::PersonId.eq(id));
    }
    let rows = query
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .offset(page.saturating_sub(1) * per_page)
        .limit(per_page + 1)
        .all(&db.conn)
        .await?;
    let more = rows.len() as u64 > per_page;
    let rows: Vec<_> = rows.into_iter().take(per_page as usize).collect();
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.person_id).collect();
    let names: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|p| (p.id, format!("{} {}", p.first_name, p.last_name)))
        .collect();
    let entries = rows
        .into_iter()
        .map(|r| Entry {
            at: r.at,
            staff_label: r.staff_label,
            action: Action::parse(&r.action),
            person_name: r.person_id.and_then(|id| names.get(&id).cloned()),
            person_id: r.person_id,
            detail: r.detail,
        })
        .collect();
    Ok((entries, more))
}

/// How many entries are about this person (for tests and the person's page).
pub async fn count_for(db: &Db, person_id: i32, action: Action) -> DbResult<u64> {
    Ok(audit_log::Entity::find()
        .filter(audit_log::Column::PersonId.eq(person_id))
        .filter(audit_log::Column::Action.eq(action.code()))
        .count(&db.conn)
        .await?)
}

/// Deletes the entries recorded before `before_ms`; returns how many.
pub async fn purge_before<C: ConnectionTrait>(conn: &C, before_ms: i64) -> DbResult<u64> {
    let res = audit_log::Entity::delete_many()
        .filter(audit_log::Column::At.lt(before_ms))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}
