//! One page of each list of the desk. The counts come from `counts`; a page number past the
//! end is the caller's to correct before asking.
//! Shared here: how a row's person and place are joined; the alerts and the calls. The
//! pairs (suggestions, proposals, binômes) and the people (waiting, to approve) have their files.

mod pairs;
mod people;

pub use pairs::*;
pub use people::*;

use super::super::entities::{alert, checkin, commune, pairing, person};
use super::super::{DbError, DbResult};
use super::{PAGE_SIZE, Scope, Snapshot, alerts_base, calls_base, code, number};
use crate::domain::alert::AlertKind;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Deserialize;

/// Where a row's person lives, as the communes table names it.
#[derive(Debug, Clone, PartialEq, FromQueryResult, Deserialize)]
pub struct Place {
    pub commune: String,
    pub commune_name: Option<String>,
    pub departement: Option<String>,
}

impl Place {
    /// "Mauriac (15)", or the code when the commune is unknown.
    pub fn label(&self) -> String {
        match (&self.commune_name, &self.departement) {
            (Some(name), Some(dep)) => crate::domain::commune::label(name, dep),
            _ => self.commune.clone(),
        }
    }
}

/// `alias.commune`, with its name and département.
pub(super) fn with_place(q: &mut SelectStatement, alias: &'static str) {
    q.expr_as(Expr::col((alias, person::Column::Commune)), "commune")
        .expr_as(Expr::col(("cm", commune::Column::Name)), "commune_name")
        .expr_as(Expr::col(("cm", commune::Column::Departement)), "departement")
        .join_as(
            JoinType::LeftJoin,
            commune::Entity,
            "cm",
            Expr::col(("cm", commune::Column::InseeCode)).equals((alias, person::Column::Commune)),
        );
}

/// Joins the person `alias` on `on`, with their id and names as `alias_id`, `alias_first`…
pub(super) fn with_person(q: &mut SelectStatement, alias: &'static str, on: Expr) {
    q.expr_as(Expr::col((alias, person::Column::Id)), format!("{alias}_id"))
        .expr_as(Expr::col((alias, person::Column::FirstName)), format!("{alias}_first"))
        .expr_as(Expr::col((alias, person::Column::LastName)), format!("{alias}_last"))
        .join_as(JoinType::InnerJoin, person::Entity, alias, on);
}

pub(super) fn person_id(alias: &'static str) -> Expr {
    Expr::col((alias, person::Column::Id))
}

pub(super) fn offset(q: &mut SelectStatement, page: u64, per_page: u64) {
    q.limit(per_page).offset((Ord::max(page, 1) - 1) * per_page);
}

pub(super) async fn rows<R: FromQueryResult>(db: &Snapshot, q: &SelectStatement) -> DbResult<Vec<R>> {
    let rows = db.txn.query_all(q).await?;
    Ok(rows
        .iter()
        .map(|r| R::from_query_result(r, ""))
        .collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone)]
pub struct AlertRow {
    pub id: i32,
    pub kind: AlertKind,
    pub message: String,
    pub created_at: i64,
    pub pairing_id: Option<i32>,
    pub person_id: Option<i32>,
    /// The person's check-in still open at `until_ms`, to answer by phone: (binôme, check-in).
    pub call_pairing: Option<i32>,
    pub call_checkin: Option<i32>,
}

/// An alert row as the query returns it, its kind still a code.
#[derive(Deserialize)]
pub(in crate::db::dashboard) struct StoredAlertRow {
    id: i32,
    kind: String,
    message: String,
    created_at: i64,
    pairing_id: Option<i32>,
    person_id: Option<i32>,
    call_pairing: Option<i32>,
    call_checkin: Option<i32>,
}

impl TryFrom<StoredAlertRow> for AlertRow {
    type Error = DbError;
    fn try_from(r: StoredAlertRow) -> DbResult<Self> {
        let kind =
            AlertKind::parse(&r.kind).ok_or_else(|| DbError::Corrupt(format!("alert {}: kind {:?}", r.id, r.kind)))?;
        Ok(AlertRow {
            id: r.id,
            kind,
            message: r.message,
            created_at: r.created_at,
            pairing_id: r.pairing_id,
            person_id: r.person_id,
            call_pairing: r.call_pairing,
            call_checkin: r.call_checkin,
        })
    }
}

/// Distress first, then call-back requests, silences, undelivered e-mails; oldest first.
pub(in crate::db::dashboard) fn alerts(scope: &Scope<'_>, until_ms: i64, page: u64) -> SelectStatement {
    use alert::Column as A;
    let kind = || Expr::col(("a", A::Kind));
    let mut urgency = Expr::case(
        kind().eq(code(AlertKind::Distress.code())),
        number(AlertKind::Distress.urgency()),
    );
    for k in AlertKind::ALL {
        urgency = urgency.case(kind().eq(code(k.code())), number(k.urgency()));
    }
    let urgency = urgency.finally(number(AlertKind::ALL.len() as i32));
    let open_checkin = |column: checkin::Column| {
        let mut q = Query::select();
        q.column(("c", column))
            .from_as(checkin::Entity, "c")
            .and_where(Expr::col(("c", checkin::Column::PersonId)).equals(("a", A::PersonId)))
            .and_where(Expr::col(("c", checkin::Column::AnsweredAt)).is_null())
            .and_where(Expr::col(("c", checkin::Column::DueAt)).lte(until_ms))
            .order_by(("c", checkin::Column::DueAt), Order::Asc)
            .limit(1);
        Expr::from(q)
    };
    let mut q = alerts_base(scope, until_ms);
    q.columns([A::Id, A::Kind, A::Message, A::CreatedAt, A::PairingId, A::PersonId].map(|c| ("a", c)))
        .expr_as(open_checkin(checkin::Column::PairingId), "call_pairing")
        .expr_as(open_checkin(checkin::Column::Id), "call_checkin")
        .order_by_expr(urgency.into(), Order::Asc)
        .order_by(("a", A::Id), Order::Asc);
    offset(&mut q, page, PAGE_SIZE);
    q
}

#[derive(Debug, Clone, FromQueryResult, Deserialize)]
pub struct CallRow {
    pub checkin_id: i32,
    pub pairing_id: i32,
    pub number: i32,
    pub due_at: i64,
    pub b_id: i32,
    pub b_first: String,
    pub b_last: String,
    pub phone: Option<String>,
    pub v_first: String,
    pub v_last: String,
    /// Calls that got no answer so far, and when the person prefers to be called.
    pub attempts: i32,
    pub call_when: Option<String>,
    #[sea_orm(nested)]
    #[serde(flatten)]
    pub place: Place,
}

/// Today's calls, the oldest due first (`per_page` rows: the printed sheet takes more).
pub async fn calls(
    db: &Snapshot,
    scope: &Scope<'_>,
    until_ms: i64,
    page: u64,
    per_page: u64,
) -> DbResult<Vec<CallRow>> {
    rows(db, &calls_query(scope, until_ms, page, per_page)).await
}

/// The query of `calls`.
pub(in crate::db::dashboard) fn calls_query(
    scope: &Scope<'_>,
    until_ms: i64,
    page: u64,
    per_page: u64,
) -> SelectStatement {
    use checkin::Column as C;
    let mut q = calls_base(scope, until_ms);
    q.expr_as(Expr::col(("c", C::Id)), "checkin_id")
        .expr_as(Expr::col(("c", C::PairingId)), "pairing_id")
        .expr_as(Expr::col(("c", C::Number)), "number")
        .expr_as(Expr::col(("c", C::DueAt)), "due_at")
        .expr_as(person_id("b"), "b_id")
        .expr_as(Expr::col(("b", person::Column::FirstName)), "b_first")
        .expr_as(Expr::col(("b", person::Column::LastName)), "b_last")
        .expr_as(Expr::col(("b", person::Column::Phone)), "phone")
        .expr_as(Expr::col(("v", person::Column::FirstName)), "v_first")
        .expr_as(Expr::col(("v", person::Column::LastName)), "v_last")
        .expr_as(Expr::col(("c", C::CallAttempts)), "attempts")
        .expr_as(Expr::col(("b", person::Column::CallWhen)), "call_when")
        .join_as(
            JoinType::InnerJoin,
            person::Entity,
            "v",
            person_id("v").equals(("p", pairing::Column::VolunteerId)),
        )
        .order_by(("c", C::DueAt), Order::Asc)
        .order_by(("c", C::Id), Order::Asc);
    with_place(&mut q, "b");
    offset(&mut q, page, per_page);
    q
}

/// The name the desk's statement gives to its calls due (`due_calls`): the list is counted and
/// paged from it, so that the check-ins are searched once.
pub(in crate::db::dashboard) const DUE_CALLS: &str = "due_calls";

/// The calls due by `until_ms`, with what their page needs to join the rest: the check-in, the
/// person called (`b_id`) and the volunteer (`v_id`).
pub(in crate::db::dashboard) fn due_calls(scope: &Scope<'_>, until_ms: i64) -> SelectStatement {
    use checkin::Column as C;
    let mut q = calls_base(scope, until_ms);
    q.expr_as(Expr::col(("c", C::Id)), "checkin_id")
        .expr_as(Expr::col(("c", C::PairingId)), "pairing_id")
        .expr_as(Expr::col(("c", C::Number)), "number")
        .expr_as(Expr::col(("c", C::DueAt)), "due_at")
        .expr_as(Expr::col(("c", C::CallAttempts)), "attempts")
        .expr_as(person_id("b"), "b_id")
        .expr_as(Expr::col(("p", pairing::Column::VolunteerId)), "v_id");
    q
}

/// One page of `DUE_CALLS`, the oldest due first, as `calls_query` gives it: the page's
/// check-ins first, then names and places for those rows only.
pub(in crate::db::dashboard) fn due_calls_page(page: u64) -> SelectStatement {
    let mut ids = Query::select();
    ids.column(Asterisk)
        .from(DUE_CALLS)
        .order_by("due_at", Order::Asc)
        .order_by("checkin_id", Order::Asc);
    offset(&mut ids, page, PAGE_SIZE);
    let mut q = Query::select();
    for column in ["checkin_id", "pairing_id", "number", "due_at", "b_id"] {
        q.column(("k", column));
    }
    q.expr_as(Expr::col(("b", person::Column::FirstName)), "b_first")
        .expr_as(Expr::col(("b", person::Column::LastName)), "b_last")
        .expr_as(Expr::col(("b", person::Column::Phone)), "phone")
        .expr_as(Expr::col(("v", person::Column::FirstName)), "v_first")
        .expr_as(Expr::col(("v", person::Column::LastName)), "v_last")
        .column(("k", "attempts"))
        .expr_as(Expr::col(("b", person::Column::CallWhen)), "call_when")
        .from_subquery(ids, "k")
        .join_as(
            JoinType::InnerJoin,
            person::Entity,
            "b",
            person_id("b").equals(("k", "b_id")),
        )
        .join_as(
            JoinType::InnerJoin,
            person::Entity,
            "v",
            person_id("v").equals(("k", "v_id")),
        )
        .order_by(("k", "due_at"), Order::Asc)
        .order_by(("k", "checkin_id"), Order::Asc);
    with_place(&mut q, "b");
    q
}
